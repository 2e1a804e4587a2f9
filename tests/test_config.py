"""Configuration: file, environment and flags, named briefings, and clear errors."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.settings.config import load_settings

runner = CliRunner()

CONFIG = """\
title = "Everyday"
quotes = 2
out = "briefings"

[briefing.morning]
title = "Morning"
sources = ["news/*.md"]
length = "short"

[briefing.tech]
title = "Tech"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "briefgen.toml"
    path.write_text(CONFIG)
    return path


def test_file_then_briefing_table_then_env_then_flags(config: Path) -> None:
    s = load_settings(config, "morning", environ={})
    assert (s.title, s.quotes, s.length) == ("Morning", 2, "short")
    assert s.where("title") == f"{config}:6" and s.where("quotes") == f"{config}:2"
    assert s.out == config.parent / "briefings"  # relative to the file, not the cwd
    assert s.sources == [str(config.parent / "news/*.md")]
    assert s.where("model") == "default"

    env = {"BRIEFGEN_TITLE": "From env", "BRIEFGEN_QUOTES": "5"}
    s = load_settings(config, "morning", environ=env)
    assert (s.title, s.quotes) == ("From env", 5)
    assert s.where("title") == "env BRIEFGEN_TITLE"

    s = load_settings(config, "morning", flags={"title": "From flag", "quotes": None}, environ=env)
    assert (s.title, s.quotes) == ("From flag", 5)
    assert s.where("title") == "flag --title"


def test_unknown_key_names_the_file_and_line_and_suggests(tmp_path: Path) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text('title = "x"\n\n[briefing.morning]\ntitel = "Morning"\n')
    with pytest.raises(BriefgenError) as info:
        load_settings(path, "morning", environ={})
    assert info.value.code == ExitCode.CONFIG
    assert f"{path}:4" in info.value.message and "did you mean 'title'" in info.value.message


@pytest.mark.parametrize(
    "line,expected",
    [
        ('quotes = "three"', "quotes must be a whole number"),
        ('engine = "magic"', "engine must be one of auto, ct2, abstractive, extractive"),
        ("sources = [1, 2]", "sources must be a list of strings"),
        ("title = [", "not valid TOML"),
    ],
)
def test_wrong_types_say_what_was_expected(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text(f"# a comment\n{line}\n")
    with pytest.raises(BriefgenError, match=expected) as info:
        load_settings(path, None, environ={})
    assert info.value.code == ExitCode.CONFIG
    if "TOML" not in expected:
        assert f"{path}:2" in info.value.message


def test_a_bad_environment_value_is_a_config_error() -> None:
    with pytest.raises(BriefgenError, match="env BRIEFGEN_QUOTES"):
        load_settings(None, None, environ={"BRIEFGEN_QUOTES": "many"})


def test_a_briefing_that_is_not_a_table_and_an_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text('[briefing]\nmorning = "x"\n')
    with pytest.raises(BriefgenError, match="must be a table") as info:
        load_settings(path, "morning", environ={})
    assert info.value.code == ExitCode.CONFIG
    path.write_bytes(b'title = "caf\xe9"\n')
    with pytest.raises(BriefgenError, match="UTF-8"):
        load_settings(path, None, environ={})


def test_a_relative_model_folder_is_relative_to_the_file(config: Path) -> None:
    config.write_text(config.read_text().replace("quotes = 2", 'quotes = 2\nmodel = "./m/tiny"'))
    assert load_settings(config, None, environ={}).model == str(config.parent / "m/tiny")


def test_missing_briefing_lists_the_known_ones(config: Path) -> None:
    with pytest.raises(BriefgenError, match="briefings: morning, tech"):
        load_settings(config, "evening", environ={})


def test_config_show_prints_values_and_origins(config: Path) -> None:
    result = runner.invoke(app, ["config", "show", "--config", str(config), "--briefing", "tech"])
    assert result.exit_code == 0, result.output
    assert "Tech" in result.stdout and f"{config}:11" in result.stdout
    data = json.loads(runner.invoke(app, ["config", "show", "-c", str(config), "--json"]).stdout)
    assert data["quotes"] == {"value": 2, "from": f"{config}:2"}


def test_config_show_prints_ages_as_written_and_reads_an_empty_config(tmp_path: Path) -> None:
    config = tmp_path / "briefgen.toml"
    config.write_text('since = "2d"\n[briefing.noon]\nsince = "36h"\nwait = 90\n')
    shown = runner.invoke(app, ["config", "show", "-c", str(config)]).stdout
    assert re.search(r'^since += "2d" +# ', shown, re.M), shown
    noon = runner.invoke(app, ["config", "show", "-c", str(config), "--briefing", "noon"])
    assert re.search(r'^since += "36h" +# ', noon.stdout, re.M), noon.output
    data = json.loads(runner.invoke(app, ["config", "show", "-c", str(config), "--json"]).stdout)
    assert data["since"] == {"value": "2d", "from": f"{config}:1"}
    empty = runner.invoke(app, ["config", "show", "-c", os.devnull])
    assert empty.exit_code == 0, empty.output
    assert f"# config file: {os.devnull}" in empty.stdout and "# default" in empty.stdout
    folder = runner.invoke(app, ["config", "show", "-c", str(tmp_path)])
    assert folder.exit_code == ExitCode.CONFIG and "a folder, not a file" in folder.stderr


def test_the_starter_config_names_every_format(tmp_path: Path) -> None:
    from briefgen.settings.options import schema

    path = tmp_path / "briefgen.toml"
    assert runner.invoke(app, ["init", str(path)]).exit_code == 0
    line = next(x for x in path.read_text().splitlines() if x.startswith("formats ="))
    named = line.split("#", 1)[1]
    assert [f for f in schema()["formats"].type.choices if f not in named] == []


def test_init_writes_a_starter_that_loads(tmp_path: Path) -> None:
    path = tmp_path / "briefgen.toml"
    assert runner.invoke(app, ["init", str(path)]).exit_code == 0
    s = load_settings(path, "morning", environ={})
    assert s.title == "Morning Briefing" and s.keep == 30
    again = runner.invoke(app, ["init", str(path)])
    assert again.exit_code == ExitCode.CONFIG and "--force" in again.stderr


def test_build_uses_the_named_briefing(tmp_path: Path) -> None:
    samples = Path(__file__).resolve().parents[1] / "samples"
    path = tmp_path / "briefgen.toml"
    path.write_text(
        f'engine = "extractive"\nformats = ["json"]\nname = "{{date:%Y}}-{{briefing}}"\n'
        f'[briefing.morning]\ntitle = "Morning"\nsources = ["{samples}/f*.md"]\nout = "o"\n'
    )
    result = runner.invoke(
        app, ["build", "-c", str(path), "--briefing", "morning", "--date", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / "2026-morning.json").read_text())
    assert data["title"] == "Morning" and len(data["stories"]) == 1


def test_sources_can_name_a_feed_and_its_section(tmp_path: Path) -> None:
    from briefgen.ingest import SourceSpec

    path = tmp_path / "briefgen.toml"
    path.write_text(
        'sources = [{ source = "feed:https://example.org/a.rss", name = "Example", '
        'section = "Tech" }, "notes/*.md"]\n'
    )
    s = load_settings(path, None, environ={})
    assert s.sources == [
        SourceSpec("feed:https://example.org/a.rss", name="Example", section="Tech"),
        str(tmp_path / "notes/*.md"),
    ]
    path.write_text('sources = [{ source = "a", colour = "red" }]\n')
    with pytest.raises(BriefgenError, match="sources must be"):
        load_settings(path, None, environ={})
