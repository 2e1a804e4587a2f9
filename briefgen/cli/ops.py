"""Keeping things running: ``schedule``, ``cache`` and ``models``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefgen.cli.common import (
    CacheDirOpt,
    ConfigOpt,
    CrontabOpt,
    cache_folder,
    command,
    load_settings,
)
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.settings.options import DEFAULT_MODEL


@command("add", example='briefgen schedule add --briefing morning --at "06:30"')
def schedule_add(
    briefing: Annotated[
        str,
        typer.Option(
            "--briefing",
            metavar="NAME",
            help="The named briefing (briefing.NAME in the config file).",
        ),
    ],
    at: Annotated[
        str, typer.Option("--at", metavar="TIME", help="HH:MM daily, or a cron expression.")
    ],
    config: ConfigOpt = None,
    log_file: Annotated[
        Path | None, typer.Option(help="Log file (default: <cache dir>/logs/<briefing>.log).")
    ] = None,
    print_only: Annotated[bool, typer.Option("--print", help="Only print the line.")] = False,
    crontab: CrontabOpt = None,
) -> None:
    """Install a crontab entry that builds a briefing on a schedule."""
    from briefgen.app import schedule

    s = load_settings(config, briefing)
    if s.config_file is None:
        raise BriefgenError("no config file; create one with `briefgen init`", ExitCode.CONFIG)
    log = log_file or cache_folder(s) / "logs" / f"{briefing}.log"
    line = schedule.make_line(briefing, schedule.to_cron(at), s.config_file, log)
    if print_only:
        typer.echo(line)
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    replaced = schedule.add(line, briefing, crontab)
    typer.echo(("replaced" if replaced else "added") + f": {line}")


@command("list", example="briefgen schedule list")
def schedule_list(crontab: CrontabOpt = None) -> None:
    """List briefgen's crontab entries with their next run times."""
    from briefgen.app import schedule

    found = schedule.entries(crontab)
    if not found:
        typer.echo("no scheduled briefings")
    for entry in found:
        runs = entry.next_runs(1)
        nxt = f"{runs[0]:%Y-%m-%d %H:%M}" if runs else "never (not a valid schedule)"
        typer.echo(f"{entry.briefing}\t{entry.schedule}\tnext: {nxt}")


@command("remove", example="briefgen schedule remove --briefing morning")
def schedule_remove(
    briefing: Annotated[
        str, typer.Option("--briefing", metavar="NAME", help="The briefing to unschedule.")
    ],
    crontab: CrontabOpt = None,
) -> None:
    """Remove briefgen's crontab entry for a briefing."""
    from briefgen.app import schedule

    if not schedule.remove(briefing, crontab):
        raise BriefgenError(f"no scheduled briefing {briefing!r}", ExitCode.USAGE)
    typer.echo(f"removed {briefing}")


@command("stats", example="briefgen cache stats")
def cache_stats(
    config: ConfigOpt = None,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Show what the cache holds."""
    from datetime import datetime

    from briefgen.cache import Cache

    folder = cache_folder(load_settings(config, None, cache_dir=cache_dir))
    with Cache(folder) as cache:
        st = cache.stats()
    oldest = f"{datetime.fromtimestamp(st.oldest):%Y-%m-%d %H:%M}" if st.oldest else "-"
    typer.echo(
        f"{st.path}: {st.summaries} summaries, {st.quotes} quote lists, "
        f"{st.bytes / 1e6:.1f} MB, oldest {oldest}"
    )


@command("clear", example="briefgen cache clear --older-than 30d")
def cache_clear(
    older_than: Annotated[
        str | None, typer.Option(metavar="AGE", help="Only entries older than this: 30d, 12h, 2w.")
    ] = None,
    config: ConfigOpt = None,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Delete what briefgen caches: summaries and quotes, and fetched web pages."""
    from briefgen.cache import clear_caches
    from briefgen.settings.options import Invalid, parse_age

    try:
        age = parse_age(older_than) if older_than else None
    except Invalid as exc:
        raise BriefgenError(f"--older-than {exc}") from None
    folder = cache_folder(load_settings(config, None, cache_dir=cache_dir))
    for cleared in clear_caches(folder, age):
        typer.echo(f"removed {cleared.removed} {cleared.what} from {cleared.path}")


@command("pull", example="briefgen models pull sshleifer/distilbart-cnn-12-6")
def models_pull(
    model: Annotated[str, typer.Argument(help="Hugging Face hub id.")] = DEFAULT_MODEL,
) -> None:
    """Download a model into the local Hugging Face cache, for offline and cron runs."""
    from briefgen.summarise.hub import pull

    typer.echo(f"{model} -> {pull(model)}")


@command("list", example="briefgen models list")
def models_list() -> None:
    """List the models in the local Hugging Face cache."""
    from briefgen.summarise.hub import cached_models

    rows = cached_models()
    if not rows:
        typer.echo("no models in the local cache; try: briefgen models pull")
    for row in rows:
        typer.echo(f"{row.repo_id}\t{row.size_mb:.0f} MB\t{row.modified:%Y-%m-%d}")
