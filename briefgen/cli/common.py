"""What every command shares: the ``command`` wrapper (logging, one-line errors, an example
in ``--help``), option types, and flags made from the options schema.

Commands import the library inside their bodies, so ``briefgen --help`` stays fast.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.settings.options import engine_keys, flag_help

if TYPE_CHECKING:
    from briefgen.document import Article
    from briefgen.settings.options import BuildOptions

F = TypeVar("F", bound=Callable[..., Any])


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


def command(name: str | None = None, *, example: str, logs: bool = False) -> Callable[[F], F]:
    """Make a function a command (registered by :mod:`briefgen.cli.main`): its ``--help``
    ends with the example; logging is set up from its ``verbose`` and ``quiet`` parameters
    (where it has them; with ``logs``, also from ``log_file`` and ``log_format``); user
    errors become one line on stderr and the documented exit code."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            from briefgen.core.logs import setup_logging

            verbose, quiet = kwargs.get("verbose", False), kwargs.get("quiet", False)
            if logs:
                setup_logging(
                    verbose, quiet, kwargs.get("log_file"), kwargs.get("log_format", "text")
                )
            else:
                setup_logging(verbose, quiet)
            with _errors():
                return fn(*args, **kwargs)

        run.__doc__ = help_text(fn.__doc__ or "")
        run.command_name = name  # type: ignore[attr-defined]
        run.epilog = f"Example: {example}"  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    return wrap


def help_text(doc: str) -> str:
    """A docstring as ``--help`` shows it: each paragraph one line (the terminal wraps it,
    not the source's line ends), and code marks (double or single backquotes) made quotes."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    text = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    return re.sub(r"``?([^`]+)``?", r"'\1'", text)


def register(group: typer.Typer, *commands: Callable[..., Any]) -> None:
    """Add ``commands`` (made by :func:`command`) to ``group``."""
    for fn in commands:
        from briefgen.cli.helpstyle import Command

        name, epilog = getattr(fn, "command_name", None), getattr(fn, "epilog", None)
        group.command(name, cls=Command, epilog=epilog)(fn)


def _flag(key: str, *names: str, **extra: Any) -> Any:
    """A setting's flag, its help taken from the options schema."""
    from briefgen.settings.options import flag_names, schema

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
CrontabOpt = Annotated[
    Path | None,
    typer.Option(
        "--crontab-file",
        envvar="BRIEFGEN_CRONTAB",
        show_envvar=True,
        metavar="PATH",
        help="Edit this file instead of your crontab (a system cron.d file, or a test's).",
    ),
]
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
        from briefgen.settings.options import schema

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
    from briefgen.settings.options import schema

    value_type = schema()[key].type
    python_type, limits = value_type.flag_type()
    return inspect.Parameter(
        key,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=None,
        annotation=Annotated[python_type | None, _flag(key, **limits)],
    )


MODEL_SETTINGS = engine_keys()
"""The engine settings (:class:`briefgen.settings.options.EngineOptions`): a flag each on
every command that summarises."""


def load_settings(config: Path | None, briefing: str | None, **flags: Any) -> BuildOptions:
    """The settings from the config file, the environment and the command's flags."""
    from briefgen.settings.config import load_settings as load

    return load(config, briefing, flags)


def read_one(source: str, languages: Sequence[str] | None = None) -> list[Article]:
    """The articles of one source (in ``languages``; default English); ``BriefgenError(NO_INPUT)``
    when there are none."""
    from briefgen.ingest import read_sources

    ingested = read_sources([source], languages=languages)
    if not ingested.articles:
        reason = ingested.skipped[0].reason if ingested.skipped else "no article"
        raise BriefgenError(f"{source}: {reason}", ExitCode.NO_INPUT)
    return ingested.articles


def cache_folder(options: BuildOptions) -> Path:
    """The settings' cache folder; ``BriefgenError(CONFIG)`` when caching is switched off."""
    if options.cache_dir is None:
        raise BriefgenError("no cache folder: set cache_dir in the config file", ExitCode.CONFIG)
    return options.cache_dir
