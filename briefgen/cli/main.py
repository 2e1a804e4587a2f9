"""The ``briefgen`` command: the Typer app and its command groups, registered here and only
here. Importing it changes no global state; :func:`main` (the console script) also sets the
third-party environment defaults and the light ``--help`` path before it runs the app.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from briefgen import __version__
from briefgen.cli import articles, batch, helpstyle, ops, search, send, setup
from briefgen.cli import fasthelp as clihelp
from briefgen.cli.common import register

app = typer.Typer(
    cls=helpstyle.Group,
    help="Turn a pile of news articles into a daily briefing (HTML, PDF, Markdown, JSON).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _group(name: str, text: str) -> typer.Typer:
    group = typer.Typer(cls=helpstyle.Group, help=text, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


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


register(app, articles.build, articles.summarize, articles.quotes, batch.batch, send.send)
register(app, search.search, setup.init, setup.doctor)
register(
    _group("models", "Download and list summarisation models."), ops.models_pull, ops.models_list
)
register(_group("config", "Inspect the configuration."), setup.config_show)
register(
    _group("schedule", "Run briefings from cron."),
    ops.schedule_add,
    ops.schedule_list,
    ops.schedule_remove,
)
register(_group("cache", "The summaries cache."), ops.cache_stats, ops.cache_clear)
register(
    _group("templates", "The report templates."),
    setup.templates_list,
    setup.templates_init,
    setup.templates_context,
)


COMPLETE_VAR = "_BRIEFGEN_COMPLETE"
"""Set to ``source_bash`` (``_zsh``, ``_fish``) it prints the shell's completion script."""


def quiet_third_parties() -> None:
    """Environment defaults that keep third-party chatter off a cron log (our own warnings
    are what users need to see), set before those libraries are imported."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # OpenMP's default busy-waiting makes torch several times slower on a machine whose
    # cores are shared (cron next to other jobs); passive waiting costs nothing when idle.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def main() -> None:
    """Console-script entry point."""
    quiet_third_parties()
    clihelp.install()  # help and usage errors without rich.markdown and rich.traceback
    if COMPLETE_VAR in os.environ:  # a shell asking for completions (docs: commands.md)
        from typer._completion_classes import completion_init

        completion_init()  # Typer's bash, zsh and fish completion, which it adds lazily
    app()
