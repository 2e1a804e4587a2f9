"""The command line: parses options, calls the library, prints results. Nothing else."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from briefgen import __version__
from briefgen.errors import BriefgenError, ExitCode

# Keep third-party chatter off a cron log: our own warnings are what users need to see.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"

app = typer.Typer(
    help="Turn a pile of news articles into a daily briefing (HTML, PDF, Markdown, JSON).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
models_app = typer.Typer(help="Download and list summarisation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

log = logging.getLogger("briefgen")


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"briefgen: {record.levelname.lower()}: {record.getMessage()}"


def _setup_logging(verbose: bool = False, quiet: bool = False) -> None:
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    root = logging.getLogger("briefgen")
    root.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False


@contextmanager
def _errors() -> Iterator[None]:
    """Turn user errors into one line and an exit code; never a traceback."""
    try:
        yield
    except BriefgenError as exc:
        typer.echo(f"briefgen: error: {exc.message}", err=True)
        raise typer.Exit(int(exc.code)) from None
    except KeyboardInterrupt:
        typer.echo("briefgen: interrupted", err=True)
        raise typer.Exit(130) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Turn a pile of news articles into a daily briefing.

    Example: briefgen build samples/ --out out/
    """


def _formats(value: str) -> list[str]:
    return [f.strip().lower() for f in value.split(",") if f.strip()]


def _parse_date(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BriefgenError(f"--date {value!r}: use YYYY-MM-DD") from None


ModelOpt = Annotated[
    str,
    typer.Option("--model", "-m", help="Hub id or local folder of a seq2seq checkpoint."),
]
EngineOpt = Annotated[str, typer.Option("--engine", "-e", help="auto, abstractive or extractive.")]
LengthOpt = Annotated[str, typer.Option("--length", "-l", help="short, medium or long.")]
DeviceOpt = Annotated[str, typer.Option("--device", help="cpu, cuda, cuda:N or auto.")]
BatchOpt = Annotated[int, typer.Option("--batch-size", "-b", min=1, help="Chunks per model call.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Say more about each step.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> Any:
    if value not in choices:
        raise BriefgenError(f"{name} {value!r}: choose from {', '.join(choices)}")
    return value


@app.command(epilog="Example: briefgen build samples/ feeds/*.md --out out/ --format html,pdf,json")
def build(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, directories, glob patterns, URLs, or - for stdin."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out"),
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: html, pdf, md, json.")
    ] = "html,pdf",
    title: Annotated[str, typer.Option(help="Briefing title.")] = "Daily Briefing",
    date_: Annotated[
        str | None, typer.Option("--date", help="Briefing date, YYYY-MM-DD (default today).")
    ] = None,
    model: ModelOpt = DEFAULT_MODEL,
    engine: EngineOpt = "auto",
    length: LengthOpt = "medium",
    quotes: Annotated[int, typer.Option("--quotes", min=0, help="Key quotes per story.")] = 3,
    batch_size: BatchOpt = 4,
    overlap: Annotated[
        int, typer.Option("--overlap", min=0, help="Tokens of overlap between chunks.")
    ] = 0,
    device: DeviceOpt = "cpu",
    templates: Annotated[
        Path | None,
        typer.Option(help="Folder whose templates replace the defaults of the same name."),
    ] = None,
    css: Annotated[
        Path | None, typer.Option(help="Extra CSS file added after the default.")
    ] = None,
    paper: Annotated[str, typer.Option(help="PDF paper size: A4 or Letter.")] = "A4",
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Build a briefing from articles and write it to --out."""
    _setup_logging(verbose, quiet)
    with _errors():
        from briefgen.pipeline import BuildOptions
        from briefgen.summarise import ENGINES, LENGTHS

        if templates is not None and not templates.is_dir():
            raise BriefgenError(f"--templates {templates}: no such directory")
        if css is not None and not css.is_file():
            raise BriefgenError(f"--css {css}: no such file")
        options = BuildOptions(
            sources=sources,
            out_dir=out,
            formats=_formats(format),
            title=title,
            date=_parse_date(date_),
            model=model,
            engine=_check_choice("--engine", engine, ENGINES),
            length=_check_choice("--length", length, LENGTHS),
            quotes=quotes,
            batch_size=batch_size,
            overlap=overlap,
            device=device,
            templates=templates,
            css=css,
            paper=paper,
        )
        result = _run_build(options, show_progress=not quiet and sys.stderr.isatty())
        for path in result.paths:
            log.info("wrote %s", path)
        if not quiet:
            skipped = len(result.briefing.run.skipped)
            stories = len(result.briefing.stories)
            written = ", ".join(str(p) for p in result.paths)
            extra = f"; {skipped} input(s) skipped" if skipped else ""
            typer.echo(f"{stories} stories ({result.briefing.run.engine}{extra}) -> {written}")


def _run_build(options: Any, show_progress: bool) -> Any:
    from briefgen.pipeline import build as run_build

    if not show_progress:
        return run_build(options)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Summarising", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run_build(options, progress=update)


def _read_one(source: str) -> list[Any]:
    from briefgen.ingest import read_sources

    ingested = read_sources([source])
    if not ingested.articles:
        reason = ingested.skipped[0].reason if ingested.skipped else "no article"
        raise BriefgenError(f"{source}: {reason}", ExitCode.NO_INPUT)
    return ingested.articles


@app.command(epilog="Example: briefgen summarize samples/flood-barrier.md --engine extractive")
def summarize(
    source: Annotated[str, typer.Argument(help="An article file, or - for stdin.")],
    model: ModelOpt = DEFAULT_MODEL,
    engine: EngineOpt = "auto",
    length: LengthOpt = "medium",
    batch_size: BatchOpt = 4,
    device: DeviceOpt = "cpu",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Print the summary of one article (every article, for a .jsonl file)."""
    _setup_logging(verbose, quiet)
    with _errors():
        from briefgen.summarise import ENGINES, LENGTHS, make_engine

        chosen = _check_choice("--engine", engine, ENGINES)
        preset = _check_choice("--length", length, LENGTHS)
        articles = _read_one(source)
        summariser, _note = make_engine(chosen, model, device=device, batch_size=batch_size)
        summaries = summariser.summarise(articles, preset)
        if as_json:
            records = [
                {
                    "id": a.id,
                    "title": a.title,
                    "summary": s.text,
                    "engine": s.engine,
                    "model": s.model,
                    "chunks": s.chunks,
                    "map_reduced": s.map_reduced,
                }
                for a, s in zip(articles, summaries, strict=True)
            ]
            typer.echo(json.dumps(records if len(records) > 1 else records[0], indent=2))
        else:
            for a, s in zip(articles, summaries, strict=True):
                if len(articles) > 1:
                    typer.echo(f"# {a.title}")
                typer.echo(s.text)


@app.command(epilog="Example: briefgen quotes samples/flood-barrier.md --json")
def quotes(
    source: Annotated[str, typer.Argument(help="An article file, or - for stdin.")],
    n: Annotated[int, typer.Option("--quotes", "-n", min=0, help="Key quotes to mark.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    key_only: Annotated[bool, typer.Option("--key", help="Only the key quotes.")] = False,
) -> None:
    """Print the direct quotations in an article, with speakers; key quotes marked *."""
    _setup_logging()
    with _errors():
        from briefgen.quotes import find_quotes

        articles = _read_one(source)
        found = [q for a in articles for q in find_quotes(a.text, n)]
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
            typer.echo(f"{mark} “{q.text}” — {speaker}")


@models_app.command("pull", epilog="Example: briefgen models pull sshleifer/distilbart-cnn-12-6")
def models_pull(
    model: Annotated[str, typer.Argument(help="Hugging Face hub id.")] = DEFAULT_MODEL,
) -> None:
    """Download a model into the local Hugging Face cache, for offline and cron runs."""
    _setup_logging()
    with _errors():
        from briefgen.summarise.cache import pull

        path = pull(model)
        typer.echo(f"{model} -> {path}")


@models_app.command("list", epilog="Example: briefgen models list")
def models_list() -> None:
    """List the models in the local Hugging Face cache."""
    _setup_logging()
    with _errors():
        from briefgen.summarise.cache import cached_models

        rows = cached_models()
        if not rows:
            typer.echo("no models in the local cache; try: briefgen models pull")
        for row in rows:
            typer.echo(f"{row.repo_id}\t{row.size_mb:.0f} MB\t{row.modified:%Y-%m-%d}")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BriefgenError as exc:  # pragma: no cover - commands already handle these
        typer.echo(f"briefgen: error: {exc.message}", err=True)
        sys.exit(int(exc.code))
