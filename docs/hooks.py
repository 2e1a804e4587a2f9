"""MkDocs hooks: the pages made from the code at build time, so they cannot drift from it.

``<!-- generated: keys -->`` becomes the configuration key table of the options schema
(:func:`briefgen.settings.options.key_table`); ``<!-- generated: cli -->`` becomes the CLI
reference, walked from the Typer app's Click commands (usage, arguments, options, help).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this tree's briefgen

import typer

from briefgen.cli.main import app
from briefgen.settings.options import key_table


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the generated parts of a page."""
    markdown = markdown.replace("<!-- generated: keys -->", key_table())
    return markdown.replace("<!-- generated: cli -->", cli_reference())


def cli_reference() -> str:
    """Every command of ``briefgen``, groups' subcommands included, as Markdown."""
    root = typer.main.get_command(app)
    return "\n".join(_command(root, root.context_class(root, info_name="briefgen"), level=2))


def _command(cmd: Any, ctx: Any, level: int) -> list[str]:
    """``cmd`` (a Click command, as Typer vendors Click) and its subcommands, as Markdown."""
    path = ctx.command_path
    lines = [f"{'#' * level} `{path}`", ""]
    if cmd.help:
        lines += [_plain(cmd.help), ""]
    lines += ["```text", f"{path} {' '.join(cmd.collect_usage_pieces(ctx))}", "```", ""]
    rows = [(p, p.get_help_record(ctx)) for p in cmd.get_params(ctx)]
    arguments = [r for p, r in rows if p.param_type_name == "argument" and r]
    options = [r for p, r in rows if p.param_type_name == "option" and r]
    for title, records in (("Argument", arguments), ("Option", options)):
        if records:
            lines += [f"| {title} | What it does |", "| --- | --- |"]
            lines += [f"| `{name}` | {_cell(text)} |" for name, text in records]
            lines.append("")
    if cmd.epilog:
        lines += [_plain(cmd.epilog), ""]
    if hasattr(cmd, "list_commands"):  # a group
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                sub_ctx = sub.context_class(sub, info_name=name, parent=ctx)
                lines += _command(sub, sub_ctx, level + 1 if level < 4 else level)
    return lines


def _plain(text: str) -> str:
    """Help text as Markdown: Click's no-rewrap marker dropped, the paragraphs kept."""
    return text.replace("\b\n", "").strip()


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
