"""``--help`` as the Python CLIs people know print it, and shell completion."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from briefgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
AS_BRIEFGEN = "import sys; sys.argv[0] = 'briefgen'; from briefgen.cli.main import main; main()"
runner = CliRunner()


def _commands() -> list[list[str]]:
    """Every command's words (``["cache", "clear"]``), walked from the app itself."""
    root = typer.main.get_command(app)
    ctx = root.context_class(root, info_name="briefgen")
    found: list[list[str]] = []
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        sub = root.get_command(ctx, name)  # type: ignore[attr-defined]
        if hasattr(sub, "list_commands"):
            sub_ctx = sub.context_class(sub, info_name=name, parent=ctx)
            found += [[name, leaf] for leaf in sub.list_commands(sub_ctx)]
        else:
            found.append([name])
    return found


def _help(*words: str) -> str:
    result = runner.invoke(
        app, [*words, "--help"], prog_name="briefgen", env={"COLUMNS": "100", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_walked() -> None:
    commands = _commands()
    assert ["build"] in commands and ["cache", "clear"] in commands and len(commands) >= 18


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_each_command_has_plain_help_with_an_example(words: list[str]) -> None:
    text = _help(*words)
    assert "Example: briefgen " in text
    for python_style in ("<bool>", "<str>", "<path>", "<list[", "<int", "``"):
        assert python_style not in text, (python_style, text)
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage and "<" not in usage, usage  # SOURCE, not {source} or <source>


def test_arguments_are_named_in_capitals() -> None:
    assert "Usage: briefgen build [OPTIONS] [SOURCES]..." in _help("build")
    assert "Usage: briefgen quotes [OPTIONS] SOURCE" in _help("quotes")
    assert "Usage: briefgen init [OPTIONS] [PATH]" in _help("init")
    assert re.search(r"--at +TIME +HH:MM", _help("schedule", "add"))


def test_the_command_list_has_one_line_each() -> None:
    text = _help()
    listed = text[text.index("Commands") :]
    rows = [line.strip("│ ") for line in listed.splitlines()[1:] if line.startswith("│")]
    assert all(row.split()[0].isalpha() for row in rows), rows  # no wrapped half-sentence


def _complete(words: str) -> list[str]:
    env = dict(os.environ, _BRIEFGEN_COMPLETE="complete_bash", COMP_WORDS=words)
    env["COMP_CWORD"] = str(len(words.split()) - 1)
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-c", AS_BRIEFGEN], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_shell_completion_completes_commands_and_options() -> None:
    assert _complete("briefgen bu") == ["build"]
    assert _complete("briefgen build --for") == ["--format"]
    env = dict(os.environ, _BRIEFGEN_COMPLETE="source_bash", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", AS_BRIEFGEN], env=env, capture_output=True, text=True, timeout=60
    )
    assert "complete -o default -F _briefgen_completion briefgen" in proc.stdout
