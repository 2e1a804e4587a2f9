"""The article commands: ``build``, ``summarize`` and ``quotes``."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from briefgen.cli.common import (
    MODEL_SETTINGS,
    BriefingOpt,
    ConfigOpt,
    QuietOpt,
    VerboseOpt,
    command,
    load_settings,
    read_one,
    setting_flags,
)
from briefgen.core.errors import ExitCode

if TYPE_CHECKING:  # the library is imported when a command runs: --help stays fast
    from briefgen.app.build import BuildResult
    from briefgen.document import Quote
    from briefgen.settings.options import BuildOptions


@setting_flags(after="briefing")
@command(
    logs=True,
    example="briefgen build samples/ --out out/ --format html,pdf,json  ·  "
    "briefgen build --briefing morning",
)
def build(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Files, folders, glob patterns, URLs, or - for stdin."),
    ] = None,
    config: ConfigOpt = None,
    briefing: BriefingOpt = None,
    merge_related: Annotated[
        bool,
        typer.Option("--merge-related", metavar="", help="Same as --related merge: one summary."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", metavar="", help="Neither read nor write the cache; take no lock."
        ),
    ] = False,
    log_file: Annotated[Path | None, typer.Option(help="Also log to this file.")] = None,
    log_format: Annotated[
        str, typer.Option(metavar="text|json", help="Log lines as text or as JSON.")
    ] = "text",
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
    **settings: Any,
) -> None:
    """Build a briefing from articles and write it to the output folder.

    Exit codes: 0 built; 10 built but some inputs were skipped; the manual's Exit codes
    page has the rest.
    """
    from briefgen.app.build import build_line, real_skips

    if merge_related:
        settings["related"] = "merge"
    options = load_settings(config, briefing, sources=sources, **settings)
    if no_cache:
        options = replace(options, cache_dir=None)
    result = _run_build(options, show_progress=not quiet and sys.stderr.isatty())
    typer.echo(build_line(result))
    if real_skips(result.briefing.run.skipped):
        raise typer.Exit(int(ExitCode.PARTIAL))


def _run_build(options: BuildOptions, show_progress: bool) -> BuildResult:
    """Build; on a terminal with a bar of articles summarised (done of total), log lines
    printed above it rather than through it."""
    from briefgen.app.build import build as run_build
    from briefgen.core.logs import console_to

    if not show_progress:
        return run_build(options)
    from rich import progress as rp

    columns: list[rp.ProgressColumn] = [rp.TextColumn("{task.description}"), rp.BarColumn()]
    columns += [rp.MofNCompleteColumn(), rp.TextColumn("articles"), rp.TimeElapsedColumn()]
    with rp.Progress(*columns, transient=True) as bar:
        task = bar.add_task("Reading", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description="Summarising")

        with console_to(sys.stderr):  # rich's stand-in: prints above the bar
            return run_build(options, progress=update)


@setting_flags(
    *MODEL_SETTINGS, "faithfulness", "faithfulness_model", "cache_dir", "languages", after="config"
)
@command(example="briefgen summarize samples/flood-barrier.md --engine extractive")
def summarize(
    source: Annotated[str, typer.Argument(help="An article file, or - for stdin.")],
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print JSON.")] = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
    **settings: Any,
) -> None:
    """Print an article's summary (each article's, for a .jsonl file), as build makes it.

    The summary is made, checked and cached as 'briefgen build' makes it, with the same
    engine settings."""
    import json

    from briefgen.app.summarize import summarise_articles

    s = load_settings(config, None, **settings)
    articles = read_one(source, s.languages)
    summaries = summarise_articles(articles, s)
    if as_json:
        records = [
            {
                "id": a.id,
                "title": a.title,
                "summary": x.text,
                "engine": x.engine,
                "model": x.model,
                "chunks": x.chunks,
                "map_reduced": x.map_reduced,
                "faithfulness": {
                    "checked": x.checked,
                    "flagged": x.flagged,
                    "fixed": x.fixed,
                    "problems": x.problems,
                },
            }
            for a, x in zip(articles, summaries, strict=True)
        ]
        typer.echo(json.dumps(records if len(records) > 1 else records[0], indent=2))
        return
    for a, x in zip(articles, summaries, strict=True):
        if len(articles) > 1:
            typer.echo(f"# {a.title}")
        typer.echo(x.text)


def _article_quotes(source: str, n: int, languages: list[str]) -> list[Quote]:
    """The quotations of the articles in ``source`` that are in ``languages``: one with no
    quotation rules gives none, and a line on stderr says so."""
    from briefgen.core.langnames import language_name
    from briefgen.quotes import find_quotes, has_quote_rules

    found: list[Quote] = []
    for a in read_one(source, languages):
        if not has_quote_rules(a.language):
            name = language_name(a.language)
            typer.echo(f"briefgen: quotations are not extracted for {name} articles", err=True)
            continue
        found += find_quotes(a.text, n, a.language)
    return found


@setting_flags("languages", after="config")
@command(example="briefgen quotes samples/flood-barrier.md --json")
def quotes(
    source: Annotated[str, typer.Argument(help="An article file, or - for stdin.")],
    config: ConfigOpt = None,
    n: Annotated[int, typer.Option("--quotes", "-n", min=0, help="Key quotes to mark.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    key_only: Annotated[bool, typer.Option("--key", help="Only the key quotes.")] = False,
    **settings: Any,
) -> None:
    """Print the direct quotations in an article, with speakers; key quotes marked *."""
    import json
    from dataclasses import asdict

    s = load_settings(config, None, **settings)
    found = _article_quotes(source, n, s.languages)
    if key_only:
        found = [q for q in found if q.key]
    if as_json:
        records = []
        for q in found:
            record = asdict(q)
            record["quote"] = record.pop("text")
            records.append(record)
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    for q in found:
        mark = "*" if q.key else " "
        speaker = q.speaker or "(unattributed)"
        role = f", {q.speaker_role}" if q.speaker_role else ""
        typer.echo(f"{mark} “{q.text}” — {speaker}{role}")
