"""The command line: parses arguments, calls the library, prints results.

Besides that it only quiets third-party libraries' chatter for cron logs (environment
defaults set before they are imported). Library modules are imported inside each command,
so ``briefgen --help`` stays fast.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from briefgen import __version__, clihelp
from briefgen.errors import BriefgenError, ExitCode
from briefgen.options import DEFAULT_MODEL, flag_help

F = TypeVar("F", bound=Callable[..., Any])

# Keep third-party chatter off a cron log: our own warnings are what users need to see.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP's default busy-waiting makes torch several times slower on a machine whose cores are
# shared (cron next to other jobs); passive waiting costs nothing measurable when idle.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
clihelp.install()  # help and usage errors without rich.markdown and rich.traceback

app = typer.Typer(
    cls=clihelp.Group,
    help="Turn a pile of news articles into a daily briefing (HTML, PDF, Markdown, JSON).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _group(text: str) -> typer.Typer:
    return typer.Typer(cls=clihelp.Group, help=text, no_args_is_help=True)


models_app = _group("Download and list summarisation models.")
config_app = _group("Inspect the configuration.")
schedule_app = _group("Run briefings from cron.")
cache_app = _group("The summaries cache.")
templates_app = _group("The report templates.")
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


def command(
    group: typer.Typer, name: str | None = None, *, example: str, logs: bool = False
) -> Callable[[F], F]:
    """Register a command: its ``--help`` ends with the example; logging is set up from its
    ``verbose`` and ``quiet`` parameters (where it has them; with ``logs``, also from
    ``log_file`` and ``log_format``); user errors become one line on stderr and the
    documented exit code."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            from briefgen.logs import setup_logging

            verbose, quiet = kwargs.get("verbose", False), kwargs.get("quiet", False)
            if logs:
                setup_logging(
                    verbose, quiet, kwargs.get("log_file"), kwargs.get("log_format", "text")
                )
            else:
                setup_logging(verbose, quiet)
            with _errors():
                return fn(*args, **kwargs)

        group.command(name, epilog=f"Example: {example}")(run)
        return fn

    return register


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


def _flag(key: str, *names: str, **extra: Any) -> Any:
    """A setting's flag, its help taken from the options schema."""
    from briefgen.options import flag_names, schema

    option = schema()[key]
    names = names or flag_names(key)
    return typer.Option(
        *names, help=flag_help(key), metavar=option.type.metavar, show_default=False, **extra
    )


ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        metavar="PATH",
        help="Config file (default ./briefgen.toml, then the user's).",
    ),
]
BriefingOpt = Annotated[
    str | None,
    typer.Option(
        "--briefing",
        metavar="NAME",
        help="A named briefing: a briefing.NAME table in the config file.",
    ),
]
CacheDirOpt = Annotated[Path | None, _flag("cache_dir")]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", metavar="", help="Say more about each step.")
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", metavar="", help="Warnings, errors, one summary line (cron)."),
]


def setting_flags(*keys: str, after: str) -> Callable[[F], F]:
    """Give a command one flag per setting (``keys``, or every setting but ``sources``),
    made from the options schema and placed after its parameter ``after``; the values
    arrive in its ``**settings``, ``None`` where the flag was not given. A setting the
    command declares itself keeps its own parameter. Apply it above ``@command``."""

    def add(fn: F) -> F:
        from briefgen.options import schema

        signature = inspect.signature(fn, eval_str=True)
        own = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        wanted = keys or tuple(k for k in schema() if k != "sources")
        flags = [_flag_parameter(k) for k in wanted if k not in signature.parameters]
        at = [p.name for p in own].index(after) + 1
        fn.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*own[:at], *flags, *own[at:]]
        )
        return fn

    return add


def _flag_parameter(key: str) -> inspect.Parameter:
    from briefgen.options import schema

    value_type = schema()[key].type
    python_type, limits = value_type.flag_type()
    return inspect.Parameter(
        key,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=None,
        annotation=Annotated[python_type | None, _flag(key, **limits)],
    )


_MODEL_SETTINGS = (
    "model",
    "engine",
    "length",
    "batch_size",
    "overlap",
    "device",
    "quantize",
    "threads",
)


def _settings(config: Path | None, briefing: str | None, **flags: Any) -> Any:
    from briefgen.config import load_settings

    return load_settings(config, briefing, flags)


@setting_flags(after="briefing")
@command(
    app,
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
    log_format: Annotated[str, typer.Option(help="text or json.")] = "text",
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
    **settings: Any,
) -> None:
    """Build a briefing from articles and write it to the output folder.

    Exit codes: 0 built; 10 built but some inputs were skipped; see the README for the rest.
    """
    from briefgen.pipeline import real_skips
    from briefgen.words import build_line

    if merge_related:
        settings["related"] = "merge"
    options = _settings(config, briefing, sources=sources, **settings)
    if no_cache:
        options.cache_dir = None
    result = _run_build(options, show_progress=not quiet and sys.stderr.isatty())
    typer.echo(build_line(result))
    if real_skips(result.briefing.run.skipped):
        raise typer.Exit(int(ExitCode.PARTIAL))


def _run_build(options: Any, show_progress: bool) -> Any:
    """Build; on a terminal with a bar of articles summarised (done of total), log lines
    printed above it rather than through it."""
    from briefgen.logs import console_to
    from briefgen.pipeline import build as run_build

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


def _read_one(source: str) -> list[Any]:
    from briefgen.ingest import read_sources

    ingested = read_sources([source])
    if not ingested.articles:
        reason = ingested.skipped[0].reason if ingested.skipped else "no article"
        raise BriefgenError(f"{source}: {reason}", ExitCode.NO_INPUT)
    return ingested.articles


@setting_flags(*_MODEL_SETTINGS, "faithfulness", "faithfulness_model", "cache_dir", after="config")
@command(app, example="briefgen summarize samples/flood-barrier.md --engine extractive")
def summarize(
    source: Annotated[str, typer.Argument(help="An article file, or - for stdin.")],
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print JSON.")] = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
    **settings: Any,
) -> None:
    """Print the summary of one article (of every article, for a .jsonl file), made and
    cached as `build` makes them."""
    import json

    from briefgen.summarise.cached import summarise_articles

    s = _settings(config, None, **settings)
    articles = _read_one(source)
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


@command(app, example="briefgen quotes samples/flood-barrier.md --json")
def quotes(
    source: Annotated[str, typer.Argument(help="An article file, or - for stdin.")],
    n: Annotated[int, typer.Option("--quotes", "-n", min=0, help="Key quotes to mark.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    key_only: Annotated[bool, typer.Option("--key", help="Only the key quotes.")] = False,
) -> None:
    """Print the direct quotations in an article, with speakers; key quotes marked *."""
    import json
    from dataclasses import asdict

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


@command(app, example="briefgen init && briefgen build --briefing morning")
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the file.")] = Path("briefgen.toml"),
    force: Annotated[
        bool, typer.Option("--force", metavar="", help="Overwrite an existing file.")
    ] = False,
) -> None:
    """Write a commented starter briefgen.toml."""
    from briefgen.atomic import write_atomic
    from briefgen.config import STARTER

    if path.exists() and not force:
        raise BriefgenError(f"{path} exists; use --force to overwrite it", ExitCode.CONFIG)
    write_atomic(path, STARTER)
    typer.echo(f"wrote {path}")


@command(config_app, "show", example="briefgen config show --briefing morning")
def config_show(
    config: ConfigOpt = None,
    briefing: BriefingOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the merged settings and where each value came from."""
    import json

    from briefgen.options import config_keys, show_value

    s = _settings(config, briefing)
    keys = list(config_keys())
    if as_json:
        data = {k: {"value": getattr(s, k), "from": s.origin(k)} for k in keys}
        typer.echo(json.dumps(data, indent=2, default=str))
        return
    typer.echo(f"# config file: {s.config_file or 'none'}; briefing: {s.briefing}")
    shown = {k: show_value(getattr(s, k)) for k in keys}
    width = max(len(v) for v in shown.values() if len(v) <= 48)
    wide = max(len(k) for k in keys)
    for key in keys:
        typer.echo(f"{key:<{wide}} = {shown[key]:<{width}}  # {s.origin(key)}")


@command(schedule_app, "add", example='briefgen schedule add --briefing morning --at "06:30"')
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


@command(schedule_app, "list", example="briefgen schedule list")
def schedule_list() -> None:
    """List briefgen's crontab entries with their next run times."""
    from briefgen import schedule

    found = schedule.entries()
    if not found:
        typer.echo("no scheduled briefings")
    for entry in found:
        runs = entry.next_runs(1)
        nxt = f"{runs[0]:%Y-%m-%d %H:%M}" if runs else "never (not a valid schedule)"
        typer.echo(f"{entry.briefing}\t{entry.schedule}\tnext: {nxt}")


@command(schedule_app, "remove", example="briefgen schedule remove --briefing morning")
def schedule_remove(
    briefing: Annotated[str, typer.Option("--briefing", help="The briefing to unschedule.")],
) -> None:
    """Remove briefgen's crontab entry for a briefing."""
    from briefgen import schedule

    if not schedule.remove(briefing):
        raise BriefgenError(f"no scheduled briefing {briefing!r}", ExitCode.USAGE)
    typer.echo(f"removed {briefing}")


@command(cache_app, "stats", example="briefgen cache stats")
def cache_stats(
    config: ConfigOpt = None,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Show what the cache holds."""
    from datetime import datetime

    from briefgen.cache import Cache

    folder = _settings(config, None, cache_dir=cache_dir).cache_dir
    with Cache(folder) as cache:
        st = cache.stats()
    oldest = f"{datetime.fromtimestamp(st.oldest):%Y-%m-%d %H:%M}" if st.oldest else "-"
    typer.echo(
        f"{st.path}: {st.summaries} summaries, {st.quotes} quote lists, "
        f"{st.bytes / 1e6:.1f} MB, oldest {oldest}"
    )


@command(cache_app, "clear", example="briefgen cache clear --older-than 30d")
def cache_clear(
    older_than: Annotated[
        str | None, typer.Option(metavar="AGE", help="Only entries older than this: 30d, 12h, 2w.")
    ] = None,
    config: ConfigOpt = None,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Delete what briefgen caches: summaries and quotes, and fetched web pages."""
    from briefgen.cache import clear_caches
    from briefgen.options import Invalid, parse_age

    try:
        age = parse_age(older_than) if older_than else None
    except Invalid as exc:
        raise BriefgenError(f"--older-than {exc}") from None
    folder = _settings(config, None, cache_dir=cache_dir).cache_dir
    for cleared in clear_caches(folder, age):
        typer.echo(f"removed {cleared.removed} {cleared.what} from {cleared.path}")


@command(app, example="briefgen doctor --briefing morning")
def doctor(config: ConfigOpt = None, briefing: BriefingOpt = None) -> None:
    """Check what a scheduled run needs (model, WeasyPrint, fonts, folders, cron)."""
    from briefgen.doctor import run_checks

    s = _settings(config, briefing)
    checks = run_checks(s.model, s.out, s.cache_dir)
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        typer.echo(f"{mark} {check.name:<11} {check.detail}")
        if not check.ok and check.fix:
            typer.echo(f"     {'':<11} fix: {check.fix}")
    if not all(c.ok for c in checks):
        raise typer.Exit(int(ExitCode.DOCTOR))


@command(templates_app, "list", example="briefgen templates list --templates my-templates")
def templates_list(
    templates: Annotated[Path | None, typer.Option(help="A user templates folder.")] = None,
) -> None:
    """List the template files in use and the blocks each defines."""
    from briefgen.render.catalog import list_templates

    for item in list_templates(templates):
        blocks = ", ".join(item.blocks) if item.blocks else "-"
        parent = f" (extends {item.extends})" if item.extends else ""
        typer.echo(f"{item.name}{parent}\t{item.path}\n    blocks: {blocks}")


@command(templates_app, "init", example="briefgen templates init my-templates")
def templates_init(
    target: Annotated[Path, typer.Argument(help="Folder to copy the defaults into.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Copy the default templates into a folder, ready to edit and pass as --templates."""
    from briefgen.render.catalog import init_templates

    for path in init_templates(target, force):
        typer.echo(f"wrote {path}")


@command(templates_app, "context", example="briefgen templates context > context.json")
def templates_context() -> None:
    """Print a sample of the template context as JSON (every variable the templates get,
    the render-time ``output``, ``paper`` and ``extra_css`` included)."""
    import json

    from briefgen.render import briefing_context, sample_briefing

    context = briefing_context(sample_briefing())
    context.update(output="html", paper="A4", extra_css="")
    typer.echo(json.dumps(context, indent=2, ensure_ascii=False, default=str))


@command(models_app, "pull", example="briefgen models pull sshleifer/distilbart-cnn-12-6")
def models_pull(
    model: Annotated[str, typer.Argument(help="Hugging Face hub id.")] = DEFAULT_MODEL,
) -> None:
    """Download a model into the local Hugging Face cache, for offline and cron runs."""
    from briefgen.summarise.hub import pull

    typer.echo(f"{model} -> {pull(model)}")


@command(models_app, "list", example="briefgen models list")
def models_list() -> None:
    """List the models in the local Hugging Face cache."""
    from briefgen.summarise.hub import cached_models

    rows = cached_models()
    if not rows:
        typer.echo("no models in the local cache; try: briefgen models pull")
    for row in rows:
        typer.echo(f"{row.repo_id}\t{row.size_mb:.0f} MB\t{row.modified:%Y-%m-%d}")


# `briefgen send` lives beside delivery, `briefgen batch` beside corpus mode; importing
# them registers them on `app`.
from briefgen.corpus import command as _batch  # noqa: E402, F401
from briefgen.deliver import command as _send  # noqa: E402, F401


def main() -> None:
    """Console-script entry point."""
    app()
