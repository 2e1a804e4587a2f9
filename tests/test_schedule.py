"""Cron entries, against a temporary crontab file (BRIEFGEN_CRONTAB), never the real one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.app.schedule import to_cron
from briefgen.cli import app
from briefgen.core.errors import BriefgenError, ExitCode

runner = CliRunner()


@pytest.fixture
def crontab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tab = tmp_path / "crontab"
    tab.write_text("# the user's own line stays\n0 1 * * * /usr/bin/backup --all\n")
    monkeypatch.setenv("BRIEFGEN_CRONTAB", str(tab))
    return tab


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "conf" / "briefgen.toml"
    path.parent.mkdir()
    path.write_text('[briefing.morning]\nsources = ["a"]\n[briefing.tech]\nsources = ["b"]\n')
    return path


def test_add_list_remove(crontab: Path, config: Path) -> None:
    added = runner.invoke(
        app, ["schedule", "add", "--briefing", "morning", "--at", "06:30", "-c", str(config)]
    )
    assert added.exit_code == 0, added.output
    lines = crontab.read_text().splitlines()
    assert lines[:2] == ["# the user's own line stays", "0 1 * * * /usr/bin/backup --all"]
    line = lines[2]
    assert line.startswith("30 6 * * * ") and line.endswith("# briefgen:morning")
    assert str(Path(sys.executable).absolute()) in line and "-m briefgen build" in line
    assert f"--config {config.absolute()}" in line and "--quiet" in line and ">> " in line

    runner.invoke(
        app, ["schedule", "add", "--briefing", "tech", "--at", "0 7 * * 1-5", "-c", str(config)]
    )
    runner.invoke(
        app, ["schedule", "add", "--briefing", "morning", "--at", "05:00", "-c", str(config)]
    )
    assert len(crontab.read_text().splitlines()) == 4  # morning replaced, not duplicated

    listed = runner.invoke(app, ["schedule", "list"])
    assert listed.exit_code == 0
    assert "morning\t0 5 * * *\tnext: " in listed.stdout and "tech\t0 7 * * 1-5" in listed.stdout

    assert runner.invoke(app, ["schedule", "remove", "--briefing", "morning"]).exit_code == 0
    assert "briefgen:morning" not in crontab.read_text()
    assert "/usr/bin/backup" in crontab.read_text()
    missing = runner.invoke(app, ["schedule", "remove", "--briefing", "morning"])
    assert missing.exit_code == ExitCode.USAGE


def test_print_only_prints(crontab: Path, config: Path) -> None:
    before = crontab.read_text()
    result = runner.invoke(
        app,
        ["schedule", "add", "--briefing", "tech", "--at", "23:59", "-c", str(config), "--print"],
    )
    assert result.exit_code == 0 and result.stdout.startswith("59 23 * * * ")
    assert crontab.read_text() == before


def test_percent_signs_are_escaped_for_cron(crontab: Path, config: Path) -> None:
    args = ["schedule", "add", "--briefing", "tech", "--at", "06:00", "-c", str(config)]
    result = runner.invoke(app, [*args, "--log-file", "/tmp/log-%Y.log", "--print"])
    assert "log-\\%Y.log" in result.stdout


def test_a_hand_edited_schedule_is_listed_not_fatal(crontab: Path) -> None:
    crontab.write_text("@daily cd /x && python -m briefgen build # briefgen:morning\n")
    result = runner.invoke(app, ["schedule", "list"])
    assert result.exit_code == 0 and "not a valid schedule" in result.stdout


def test_times_and_cron_expressions() -> None:
    assert to_cron("6:05") == "5 6 * * *"
    assert to_cron("*/15  *  * * *") == "*/15 * * * *"
    for bad in ("25:00", "noon", "* * *"):
        with pytest.raises(BriefgenError):
            to_cron(bad)
