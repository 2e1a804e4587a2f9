"""``briefgen search``: find a story in every edition of the output folder."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from briefgen.cli.common import BriefingOpt, ConfigOpt, command, load_settings
from briefgen.core.errors import BriefgenError, ExitCode


def _since(text: str | None) -> date | None:
    """``--since``: a date (2026-11-01) or an age (7d, 2w) back from today."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    from briefgen.settings.options import Invalid, parse_age

    try:
        seconds = parse_age(text)
    except Invalid as exc:
        raise BriefgenError(f"--since {exc}; or a date: 2026-11-01", ExitCode.USAGE) from None
    return (datetime.now() - timedelta(seconds=seconds)).date()


@command(example='briefgen search "flood barrier" --since 30d')
def search(
    query: Annotated[str, typer.Argument(help="Words every story found must contain.")],
    config: ConfigOpt = None,
    briefing: BriefingOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="PATH", help="The output folder.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="WHEN", help="Only editions since a date or an age.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many stories.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Index every edition again from the archive.")
    ] = False,
) -> None:
    """Find stories in every past edition of the output folder, best match first.

    All briefings' editions, or --briefing's; every word of the query must be in a story.
    """
    import json

    from briefgen.publish.search import rebuild_index
    from briefgen.publish.search import search as find

    folder = out if out is not None else load_settings(config, briefing).out
    if not folder.is_dir():
        raise BriefgenError(f"{folder}: no such output folder", ExitCode.NO_INPUT)
    if rebuild:
        typer.echo(f"indexed {rebuild_index(folder)} editions", err=True)
    hits = find(folder, query, briefing=briefing, since=_since(since), limit=limit)
    if as_json:
        records = [{**h.__dict__, "date": h.date.isoformat()} for h in hits]
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    for h in hits:
        outlet = f" — {h.source}" if h.source else ""
        typer.echo(f"{h.date}  {h.briefing}  {h.title}{outlet}")
        typer.echo(f"    {h.snippet}")
        if h.edition:
            typer.echo(f"    {folder / h.edition}")
    if not hits:
        typer.echo("no story found", err=True)
