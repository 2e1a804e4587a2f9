"""The options schema: one declaration per setting, the same validation in every layer."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.settings.config import load_settings
from briefgen.settings.options import (
    BuildOptions,
    config_keys,
    env_name,
    flag_name,
    key_table,
    validated,
)

from .conftest import ROOT

runner = CliRunner()


def test_the_manuals_key_table_is_the_schema() -> None:
    """The table is made from the schema when the manual is built (docs/hooks.py): the page
    holds the marker, and no hand-written copy that could drift stays anywhere."""
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert page.count("<!-- generated: keys -->") == 1
    for text in (page, (ROOT / "README.md").read_text(encoding="utf-8")):
        assert "<!-- keys:start -->" not in text and key_table().splitlines()[2] not in text


def test_every_key_has_a_build_flag_with_the_schema_help() -> None:
    result = runner.invoke(app, ["build", "--help"], terminal_width=400, env={"COLUMNS": "400"})
    assert result.exit_code == 0
    flags = set(re.findall(r"--[a-z][a-z-]+", result.stdout))
    missing = [k for k in config_keys() if flag_name(k) not in flags and k != "sources"]
    assert missing == [] and "--format" in flags
    # the default order is now by importance (rank); input, newest, source, title stay
    assert "Story order: by importance (rank:" in result.stdout
    assert "newest first, by source or by title (default: rank)." in result.stdout


@pytest.mark.parametrize(
    "key,text,value",
    [
        ("quotes", "5", 5),
        ("formats", "html, md", ["html", "md"]),
        ("wait", "2.5", 2.5),
        ("offline", "yes", True),
        ("since", "2d", timedelta(days=2)),
        ("allow_hosts", "intranet.example,127.0.0.2", ["intranet.example", "127.0.0.2"]),
    ],
)
def test_every_key_can_come_from_its_environment_variable(
    key: str, text: str, value: object
) -> None:
    options = load_settings(None, None, environ={env_name(key): text})
    assert getattr(options, key) == value
    assert options.where(key) == f"env {env_name(key)}"


def test_flags_go_through_the_same_validator() -> None:
    with pytest.raises(BriefgenError, match="--wait must be") as info:
        load_settings(None, None, flags={"wait": float("nan")}, environ={})
    assert info.value.code == ExitCode.USAGE
    options = load_settings(None, None, flags={"formats": "PDF,json"}, environ={})
    assert options.formats == ["pdf", "json"] and options.where("formats") == "flag --format"


@pytest.mark.parametrize(
    "line,expected",
    [
        ('since = "99999999999d"', "more than a hundred years"),
        ("wait = nan", "wait must be a number of seconds"),
        ("wait = inf", "wait must be a number of seconds"),
        (
            'formats = "exe"',
            "formats has an unknown format 'exe'; choose from html, pdf, md, json, epub",
        ),
        ("formats = []", "formats must name at least one"),
        ('device = "gpu"', "device must be cpu, cuda, cuda:N or auto"),
    ],
)
def test_bad_values_stop_with_file_and_line(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text(f'title = "x"\n{line}\n')
    with pytest.raises(BriefgenError, match=re.escape(expected)) as info:
        load_settings(path, None, environ={})
    assert info.value.code == ExitCode.CONFIG and f"{path}:2" in info.value.message


def test_a_typo_in_a_briefing_that_is_not_selected_is_found(tmp_path: Path) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text('[briefing.morning]\ntitle = "M"\n\n[briefing.tech]\ntitel = "T"\n')
    with pytest.raises(BriefgenError, match="did you mean 'title'") as info:
        load_settings(path, "morning", environ={})
    assert f"{path}:5" in info.value.message
    result = runner.invoke(app, ["build", "-c", str(path), "--briefing", "morning"])
    assert result.exit_code == ExitCode.CONFIG and f"{path}:5" in result.stderr


@pytest.mark.parametrize("name", ["a\nb", "../up", "", "x y", "-flag", "mo*rning"])
def test_briefing_names_are_checked_where_they_are_defined(tmp_path: Path, name: str) -> None:
    path = tmp_path / "briefgen.toml"
    quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    path.write_text(f'[briefing."{quoted}"]\ntitle = "x"\n')
    with pytest.raises(BriefgenError, match="briefing name") as info:
        load_settings(path, None, environ={})
    assert info.value.code == ExitCode.CONFIG
    with pytest.raises(BriefgenError, match="briefing name") as info:
        load_settings(None, name, environ={})
    assert info.value.code == ExitCode.USAGE


def test_a_crontab_line_is_never_written_for_a_bad_name(tmp_path: Path) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text('[briefing.morning]\ntitle = "x"\n')
    result = runner.invoke(
        app,
        [
            "schedule",
            "add",
            "-c",
            str(path),
            "--briefing",
            "x\n* * * * * evil",
            "--at",
            "6:30",
            "--print",
        ],
    )
    assert result.exit_code == ExitCode.USAGE and "briefing name" in result.stderr
    assert "evil" not in result.stdout


def test_options_made_in_code_are_validated_too() -> None:
    with pytest.raises(BriefgenError, match="sort must be one of"):
        validated(BuildOptions(sources=["x"], sort="random"))
    fixed = validated(BuildOptions(sources=["x"], formats=["HTML"], engine="Extractive"))
    assert (fixed.formats, fixed.engine) == (["html"], "extractive")


def test_settings_are_validated_once(tmp_path: Path) -> None:
    from briefgen.settings.config import load_settings

    loaded = load_settings(None, None, {"sources": ["x"], "engine": "Extractive"})
    assert loaded.checked and loaded.engine == "extractive"
    assert validated(loaded) is loaded  # read through the schema already: not again
    made = BuildOptions(sources=["x"], formats=["HTML"])
    once = validated(made)
    assert not made.checked and once.checked and once.formats == ["html"]
    assert validated(once) is once
