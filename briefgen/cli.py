"""The command line: parses options, calls the library, prints results. Nothing else."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from briefgen import __version__
from briefgen.errors import BriefgenError, ExitCode
from briefgen.logs import setup_logging

# Keep third-party chatter off a cron log: our own warnings are what users need to see.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP's default busy-waiting makes torch several times slower on a machine whose cores are
# shared (cron next to other jobs); passive waiting costs nothing measurable when idle.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

app = typer.Typer(
    help="Turn a pile of news articles into a daily briefing (HTML, PDF, Markdown, JSON).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
models_app = typer.Typer(help="Download and list summarisation models.", no_args_is_help=True)
config_app = typer.Typer(help="Inspect the configuration.", no_args_is_help=True)
schedule_app = typer.Typer(help="Run briefings from cron.", no_args_is_help=True)
cache_app = typer.Typer(help="The summaries cache.", no_args_is_help=True)
templates_app = typer.Typer(help="The report templates.", no_args_is_help=True)
app.add_typer(models_app, name="models")
app.add_typer(config_app, name="config")
app.add_typer(schedule_app, name="schedule")
app.add_typer(cache_app, name="cache")
app.add_typer(templates_app, name="templates")


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


def _parse_date(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BriefgenError(f"--date {value!r}: use YYYY-MM-DD") from None


def _parse_since(value: str) -> Any:
    from datetime import timedelta

    from briefgen.cache import parse_age

    if not value:
        return None
    try:
        return timedelta(seconds=parse_age(value))
    except ValueError as exc:
        raise BriefgenError(f"since {exc}") from None


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default ./briefgen.toml, then the user's)."),
]
BriefingOpt = Annotated[
    str | None,
    typer.Option("--briefing", help="A named briefing: a briefing.NAME table in the config file."),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="Hub id or local folder of a seq2seq checkpoint.", show_default=False
    ),
]
EngineOpt = Annotated[
    str | None,
    typer.Option("--engine", "-e", help="auto (default), ct2, abstractive or extractive."),
]
LengthOpt = Annotated[
    str | None, typer.Option("--length", "-l", help="short, medium (default) or long.")
]
DeviceOpt = Annotated[
    str | None, typer.Option("--device", help="cpu (default), cuda, cuda:N, auto.")
]
QuantizeOpt = Annotated[
    str | None,
    typer.Option(help="ct2 engine weights: int8 (default), int8_float32, float32."),
]
ThreadsOpt = Annotated[
    int | None,
    typer.Option(
        min=0,
        help="CPU threads for the model (default 0: one per core); ct2 runs batches side by side.",
    ),
]
BatchOpt = Annotated[
    int | None,
    typer.Option("--batch-size", "-b", min=1, help="Chunks per model call (default: 4)."),
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Say more about each step.")]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Errors and one summary line only (for cron).")
]


def _settings(config: Path | None, briefing: str | None, **flags: Any) -> Any:
    from briefgen.config import load_settings

    return load_settings(config, briefing, flags)


@app.command(
    epilog="Example: briefgen build samples/ --out out/ --format html,pdf,json  ·  "
    "briefgen build --briefing morning"
)
def build(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Files, folders, glob patterns, URLs, or - for stdin."),
    ] = None,
    config: ConfigOpt = None,
    briefing: BriefingOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (default: out).")
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="Comma-separated: html, pdf, md, json (default: html,pdf)."
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            help="File name pattern: {date:%Y-%m-%d} and {briefing} (default "
            "briefing-{date:%Y-%m-%d}, or {briefing}-{date:%Y-%m-%d} for a named briefing)."
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Briefing title (default: Daily Briefing).")
    ] = None,
    date_: Annotated[
        str | None, typer.Option("--date", help="Briefing date, YYYY-MM-DD (default: today).")
    ] = None,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    length: LengthOpt = None,
    quotes: Annotated[
        int | None, typer.Option("--quotes", min=0, help="Key quotes a story (default: 3).")
    ] = None,
    batch_size: BatchOpt = None,
    quantize: QuantizeOpt = None,
    threads: ThreadsOpt = None,
    faithfulness: Annotated[
        str | None,
        typer.Option(
            help="Summary sentences the article does not support: fix (default: drop or "
            "replace them), warn (mark them), off."
        ),
    ] = None,
    overlap: Annotated[
        int | None,
        typer.Option("--overlap", min=0, help="Tokens of overlap between chunks (default: 0)."),
    ] = None,
    device: DeviceOpt = None,
    templates: Annotated[
        Path | None,
        typer.Option(help="Folder whose templates replace the defaults of the same name."),
    ] = None,
    css: Annotated[
        Path | None, typer.Option(help="Extra CSS file added after the default.")
    ] = None,
    paper: Annotated[
        str | None, typer.Option(help="PDF paper: A4 (default), Letter, A3, A5, Legal.")
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(help="Story order: input (default), newest, source, title."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only feed entries newer than this: 24h, 2d, 1w.")
    ] = None,
    max_per_feed: Annotated[
        int | None, typer.Option(min=1, help="Newest entries taken from each feed.")
    ] = None,
    languages: Annotated[
        str | None,
        typer.Option(help="Comma-separated languages to keep (default: en); others are skipped."),
    ] = None,
    offline: Annotated[
        bool | None, typer.Option("--offline", help="Build from the page cache; fetch nothing.")
    ] = None,
    related: Annotated[
        str | None,
        typer.Option(help="Other outlets' reports of one event: group (default), merge, off."),
    ] = None,
    merge_related: Annotated[
        bool, typer.Option("--merge-related", help="Same as --related merge: one summary.")
    ] = False,
    keep: Annotated[
        int | None,
        typer.Option(min=0, help="Briefings to keep in the output folder (default all)."),
    ] = None,
    wait: Annotated[
        float | None,
        typer.Option(
            min=0, help="Seconds to wait while the same briefing is being built (default: 0)."
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None, typer.Option(help="Cache folder (default: the user cache folder).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache.")
    ] = False,
    log_file: Annotated[Path | None, typer.Option(help="Also log to this file.")] = None,
    log_format: Annotated[str, typer.Option(help="text or json.")] = "text",
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Build a briefing from articles and write it to the output folder.

    Exit codes: 0 built; 10 built but some inputs were skipped; see the README for the rest.
    """
    setup_logging(verbose, quiet, log_file, log_format)
    with _errors():
        from briefgen.pipeline import BuildOptions, real_skips

        formats = [f.strip().lower() for f in format.split(",") if f.strip()] if format else None
        s = _settings(
            config,
            briefing,
            sources=sources,
            out=out,
            formats=formats,
            name=name,
            title=title,
            model=model,
            engine=engine,
            length=length,
            quotes=quotes,
            batch_size=batch_size,
            quantize=quantize,
            threads=threads,
            faithfulness=faithfulness,
            overlap=overlap,
            device=device,
            templates=templates,
            css=css,
            paper=paper,
            sort=sort,
            since=since,
            max_per_feed=max_per_feed,
            languages=[x.strip() for x in languages.split(",") if x.strip()] if languages else None,
            offline=offline,
            related="merge" if merge_related else related,
            keep=keep,
            wait=wait,
            cache_dir=cache_dir,
        )
        if s["templates"] is not None and not Path(s["templates"]).is_dir():
            raise BriefgenError(f"templates {s['templates']}: no such folder", ExitCode.TEMPLATE)
        if s["css"] is not None and not Path(s["css"]).is_file():
            raise BriefgenError(f"css {s['css']}: no such file")
        options = BuildOptions(
            sources=s["sources"],
            out_dir=Path(s["out"]),
            formats=s["formats"],
            title=s["title"],
            date=_parse_date(date_),
            model=s["model"],
            engine=s["engine"],
            length=s["length"],
            quotes=s["quotes"],
            batch_size=s["batch_size"],
            quantize=s["quantize"],
            threads=s["threads"],
            faithfulness=s["faithfulness"],
            overlap=s["overlap"],
            device=s["device"],
            templates=s["templates"],
            css=s["css"],
            paper=s["paper"],
            sort=s["sort"],
            since=_parse_since(s["since"]),
            max_per_feed=s["max_per_feed"] or None,
            languages=s["languages"],
            offline=s["offline"],
            related=s["related"],
            name=s["name"],
            briefing=s.briefing,
            cache_dir=None if no_cache else s.cache_dir,
            keep=s["keep"],
            wait=s["wait"],
        )
        result = _run_build(options, show_progress=not quiet and sys.stderr.isatty())
        run = result.briefing.run
        skipped = real_skips(run.skipped)
        written = ", ".join(str(p) for p in result.paths)
        cached = f", {result.cached} from cache" if result.cached else ""
        extra = f"; {len(skipped)} input(s) skipped" if skipped else ""
        typer.echo(
            f"{len(result.briefing.stories)} stories ({run.engine}{cached}{extra}) -> {written}"
        )
        if skipped:
            raise typer.Exit(int(ExitCode.PARTIAL))


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
    config: ConfigOpt = None,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    length: LengthOpt = None,
    batch_size: BatchOpt = None,
    device: DeviceOpt = None,
    quantize: QuantizeOpt = None,
    threads: ThreadsOpt = None,
    faithfulness: Annotated[
        str | None, typer.Option(help="fix (default), warn or off; see `build --help`.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Print the summary of one article (of every article, for a .jsonl file)."""
    setup_logging(verbose, quiet)
    with _errors():
        from briefgen.summarise import make_engine

        s = _settings(
            config,
            None,
            model=model,
            engine=engine,
            length=length,
            batch_size=batch_size,
            device=device,
            quantize=quantize,
            threads=threads,
            faithfulness=faithfulness,
        )
        articles = _read_one(source)
        summariser, _note = make_engine(
            s["engine"],
            s["model"],
            device=s["device"],
            batch_size=s["batch_size"],
            quantize=s["quantize"],
            threads=s["threads"],
            overlap=s["overlap"],
        )
        from briefgen.pipeline import check_summary

        summaries = [
            check_summary(a, x, s["faithfulness"])
            for a, x in zip(articles, summariser.summarise(articles, s["length"]), strict=True)
        ]
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


@app.command(epilog="Example: briefgen quotes samples/flood-barrier.md --json")
def quotes(
    source: Annotated[str, typer.Argument(help="An article file, or - for stdin.")],
    n: Annotated[int, typer.Option("--quotes", "-n", min=0, help="Key quotes to mark.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    key_only: Annotated[bool, typer.Option("--key", help="Only the key quotes.")] = False,
) -> None:
    """Print the direct quotations in an article, with speakers; key quotes marked *."""
    setup_logging()
    with _errors():
        from briefgen.quotes import find_quotes

        found = [q for a in _read_one(source) for q in find_quotes(a.text, n)]
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


@app.command(epilog="Example: briefgen init && briefgen build --briefing morning")
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the file.")] = Path("briefgen.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter briefgen.toml."""
    setup_logging()
    with _errors():
        from briefgen.atomic import write_atomic
        from briefgen.config import STARTER

        if path.exists() and not force:
            raise BriefgenError(f"{path} exists; use --force to overwrite it", ExitCode.CONFIG)
        write_atomic(path, STARTER)
        typer.echo(f"wrote {path}")


@config_app.command("show", epilog="Example: briefgen config show --briefing morning")
def config_show(
    config: ConfigOpt = None,
    briefing: BriefingOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the merged settings and where each value came from."""
    setup_logging()
    with _errors():
        s = _settings(config, briefing)
        if as_json:
            data = {k: {"value": v.value, "from": v.origin} for k, v in s.values.items()}
            typer.echo(json.dumps(data, indent=2, default=str))
            return
        typer.echo(f"# config file: {s.config_file or 'none'}; briefing: {s.briefing}")
        for key, setting in s.values.items():
            typer.echo(f"{key:<11} = {setting.value!s:<40} # {setting.origin}")


@schedule_app.command(
    "add", epilog='Example: briefgen schedule add --briefing morning --at "06:30"'
)
def schedule_add(
    briefing: Annotated[
        str,
        typer.Option("--briefing", help="The named briefing (briefing.NAME in the config file)."),
    ],
    at: Annotated[str, typer.Option("--at", help="HH:MM daily, or a cron expression.")],
    config: ConfigOpt = None,
    log_file: Annotated[
        Path | None, typer.Option(help="Log file (default: <cache dir>/logs/<briefing>.log).")
    ] = None,
    print_only: Annotated[bool, typer.Option("--print", help="Only print the line.")] = False,
) -> None:
    """Install a crontab entry that builds a briefing on a schedule."""
    setup_logging()
    with _errors():
        from briefgen import schedule

        s = _settings(config, briefing)
        if s.config_file is None:
            raise BriefgenError("no config file; create one with `briefgen init`", ExitCode.CONFIG)
        log = log_file or s.cache_dir / "logs" / f"{briefing}.log"
        line = schedule.make_line(briefing, schedule.to_cron(at), s.config_file, log)
        if print_only:
            typer.echo(line)
            return
        log.parent.mkdir(parents=True, exist_ok=True)
        replaced = schedule.add(line, briefing)
        typer.echo(("replaced" if replaced else "added") + f": {line}")


@schedule_app.command("list", epilog="Example: briefgen schedule list")
def schedule_list() -> None:
    """List briefgen's crontab entries with their next run times."""
    setup_logging()
    with _errors():
        from briefgen import schedule

        found = schedule.entries()
        if not found:
            typer.echo("no scheduled briefings")
        for entry in found:
            runs = entry.next_runs(1)
            nxt = f"{runs[0]:%Y-%m-%d %H:%M}" if runs else "never (not a valid schedule)"
            typer.echo(f"{entry.briefing}\t{entry.schedule}\tnext: {nxt}")


@schedule_app.command("remove", epilog="Example: briefgen schedule remove --briefing morning")
def schedule_remove(
    briefing: Annotated[str, typer.Option("--briefing", help="The briefing to unschedule.")],
) -> None:
    """Remove briefgen's crontab entry for a briefing."""
    setup_logging()
    with _errors():
        from briefgen import schedule

        if not schedule.remove(briefing):
            raise BriefgenError(f"no scheduled briefing {briefing!r}", ExitCode.USAGE)
        typer.echo(f"removed {briefing}")


@cache_app.command("stats", epilog="Example: briefgen cache stats")
def cache_stats(
    config: ConfigOpt = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Cache folder.")] = None,
) -> None:
    """Show what the cache holds."""
    setup_logging()
    with _errors():
        from briefgen.cache import Cache

        folder = _settings(config, None, cache_dir=cache_dir).cache_dir
        with Cache(folder) as cache:
            st = cache.stats()
        oldest = f"{datetime.fromtimestamp(st.oldest):%Y-%m-%d %H:%M}" if st.oldest else "-"
        typer.echo(
            f"{st.path}: {st.summaries} summaries, {st.quotes} quote lists, "
            f"{st.bytes / 1e6:.1f} MB, oldest {oldest}"
        )


@cache_app.command("clear", epilog="Example: briefgen cache clear --older-than 30d")
def cache_clear(
    older_than: Annotated[
        str | None, typer.Option(help="Only entries older than this: 30d, 12h, 2w.")
    ] = None,
    config: ConfigOpt = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Cache folder.")] = None,
) -> None:
    """Delete cached summaries and quotes."""
    setup_logging()
    with _errors():
        from briefgen.cache import Cache, parse_age

        try:
            age = parse_age(older_than) if older_than else None
        except ValueError as exc:
            raise BriefgenError(f"--older-than {exc}") from None
        folder = _settings(config, None, cache_dir=cache_dir).cache_dir
        with Cache(folder) as cache:
            removed = cache.clear(age)
        typer.echo(f"removed {removed} entries")


@app.command(epilog="Example: briefgen doctor --briefing morning")
def doctor(config: ConfigOpt = None, briefing: BriefingOpt = None) -> None:
    """Check what a scheduled run needs (model, WeasyPrint, fonts, folders, cron)."""
    setup_logging()
    with _errors():
        from briefgen.doctor import run_checks

        s = _settings(config, briefing)
        checks = run_checks(s["model"], Path(s["out"]), s.cache_dir)
        for check in checks:
            mark = "ok  " if check.ok else "FAIL"
            typer.echo(f"{mark} {check.name:<11} {check.detail}")
            if not check.ok and check.fix:
                typer.echo(f"     {'':<11} fix: {check.fix}")
        if not all(c.ok for c in checks):
            raise typer.Exit(int(ExitCode.DOCTOR))


@templates_app.command("list", epilog="Example: briefgen templates list --templates my-templates")
def templates_list(
    templates: Annotated[Path | None, typer.Option(help="A user templates folder.")] = None,
) -> None:
    """List the template files in use and the blocks each defines."""
    setup_logging()
    with _errors():
        from briefgen.render.catalog import list_templates

        for item in list_templates(templates):
            blocks = ", ".join(item.blocks) if item.blocks else "-"
            parent = f" (extends {item.extends})" if item.extends else ""
            typer.echo(f"{item.name}{parent}\t{item.path}\n    blocks: {blocks}")


@templates_app.command("init", epilog="Example: briefgen templates init my-templates")
def templates_init(
    target: Annotated[Path, typer.Argument(help="Folder to copy the defaults into.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Copy the default templates into a folder, ready to edit and pass as --templates."""
    setup_logging()
    with _errors():
        from briefgen.render.catalog import init_templates

        for path in init_templates(target, force):
            typer.echo(f"wrote {path}")


@templates_app.command("context", epilog="Example: briefgen templates context > context.json")
def templates_context() -> None:
    """Print a sample of the template context as JSON."""
    setup_logging()
    with _errors():
        from briefgen.render import briefing_context, sample_briefing

        context = briefing_context(sample_briefing())
        typer.echo(json.dumps(context, indent=2, ensure_ascii=False, default=str))


@models_app.command("pull", epilog="Example: briefgen models pull sshleifer/distilbart-cnn-12-6")
def models_pull(
    model: Annotated[str, typer.Argument(help="Hugging Face hub id.")] = (
        "sshleifer/distilbart-cnn-12-6"
    ),
) -> None:
    """Download a model into the local Hugging Face cache, for offline and cron runs."""
    setup_logging()
    with _errors():
        from briefgen.summarise.hub import pull

        typer.echo(f"{model} -> {pull(model)}")


@models_app.command("list", epilog="Example: briefgen models list")
def models_list() -> None:
    """List the models in the local Hugging Face cache."""
    setup_logging()
    with _errors():
        from briefgen.summarise.hub import cached_models

        rows = cached_models()
        if not rows:
            typer.echo("no models in the local cache; try: briefgen models pull")
        for row in rows:
            typer.echo(f"{row.repo_id}\t{row.size_mb:.0f} MB\t{row.modified:%Y-%m-%d}")


def main() -> None:
    """Console-script entry point."""
    app()
