"""Outputs on the open web: planted histories and links, umasks, full disks, shared folders.

Every test runs the CLI for real with the extractive engine, on real files: through
CliRunner, or in a child process where a file size limit must apply to that run alone.
No briefgen code is mocked.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.core.errors import ExitCode
from briefgen.publish.names import output_stem, stem_regex

from .conftest import few_samples
from .mailserver import Inbox, smtp_server

runner = CliRunner()
DAY = "2026-11-25"


def _args(out: Path, *extra: str, cache: Path | None = None) -> list[str]:
    args = ["build", *few_samples(), "--engine", "extractive", "--out", str(out), "--quiet"]
    args += ["--date", DAY, "--cache-dir", str(cache)] if cache else ["--date", DAY, "--no-cache"]
    return [*args, *extra]  # a later --date wins


def _cli(out: Path, *extra: str, cache: Path | None = None) -> str:
    """``briefgen build`` on three samples; fails the test unless it exits 0."""
    result = runner.invoke(app, _args(out, *extra, cache=cache))
    assert result.exit_code == 0, result.output
    return result.output


def _limited(out: Path, limit: int, *extra: str) -> subprocess.CompletedProcess[str]:
    """``briefgen build`` in a child process that may write no file over ``limit`` bytes."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    cmd = [sys.executable, "-m", "briefgen", *_args(out, *extra)]
    return subprocess.run(cmd, capture_output=True, text=True, preexec_fn=cap, check=False)


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    return {
        p.name: os.readlink(p) if p.is_symlink() else p.read_bytes()
        for p in folder.iterdir()
        if p.is_symlink() or p.is_file()
    }


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# --- 5: retention deletes only the briefing's own files ------------------------------------


def test_retention_never_deletes_what_a_planted_history_names(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("not briefgen's")
    absolute = tmp_path / "elsewhere" / "abs.txt"
    absolute.parent.mkdir()
    absolute.write_text("not briefgen's either")
    (out / "notes.txt").write_text("mine")
    (out / "briefing-2026-11-20.txt").write_text("a name like ours, not a format of ours")
    (out / "briefing-2026-11-21.json").symlink_to(victim)  # a link, not a file of ours
    (out / "briefing-2026-11-22.json").write_text("{}")  # a real old briefing: pruned
    planted = [
        "../victim.txt",
        str(absolute),
        "notes.txt",
        "briefing-2026-11-20.txt",
        "briefing-2026-11-21.json",
        "sub/../../victim.txt",
        7,
        ["../victim.txt"],
        {"files": "../victim.txt"},
    ]
    history = {
        "default": [
            {"files": planted},
            {"files": "../victim.txt"},
            "../victim.txt",
            {"files": ["briefing-2026-11-22.json"]},
        ]
    }
    (out / ".briefgen-history.json").write_text(json.dumps(history))
    _cli(out, "--format", "json", "--keep", "1")
    assert victim.read_text() == "not briefgen's"
    assert absolute.exists() and (out / "notes.txt").exists()
    assert (out / "briefing-2026-11-20.txt").exists()
    assert (out / "briefing-2026-11-21.json").is_symlink()
    assert not (out / "briefing-2026-11-22.json").exists()
    assert (out / f"briefing-{DAY}.json").is_file()
    kept = json.loads((out / ".briefgen-history.json").read_text())["default"]
    assert kept == [{"files": [f"briefing-{DAY}.json"], "date": DAY}]  # editions kept by date


# --- 6: the lock file never follows a link --------------------------------------------------


def test_a_planted_lock_link_is_an_error_and_its_target_stays_intact(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    locks = cache / "locks"
    locks.mkdir(parents=True)
    (locks / "morning.lock").symlink_to(victim)
    config = tmp_path / "briefgen.toml"
    config.write_text('[briefing.morning]\ntitle = "Morning"\n')
    args = _args(tmp_path / "out", "--briefing", "morning", "-c", str(config), cache=cache)
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "symbolic link" in result.output and "morning.lock" in result.output
    assert "Traceback" not in result.output
    assert victim.read_text() == "precious"
    assert not list(tmp_path.glob("out/*.json"))


def test_the_lock_folder_is_private(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _cli(tmp_path / "out", "--format", "json", cache=cache)
    assert stat.S_IMODE((cache / "locks").stat().st_mode) == 0o700


def test_a_planted_sent_record_lock_link_is_an_error_and_nothing_is_sent(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".briefgen-sent.json.lock").symlink_to(victim)
    inbox = Inbox()
    with smtp_server(inbox) as port:
        config = tmp_path / "briefgen.toml"
        config.write_text(
            f'[email]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
            'from = "briefgen@example.org"\nto = ["reader@example.org"]\nattach = []\n'
            "retry_wait = 0.01\ntimeout = 5\n"
        )
        result = runner.invoke(app, [*_args(out, "-c", str(config)), "--format", "json"])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "symbolic link" in result.output and ".briefgen-sent.json.lock" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an OSError
    assert victim.read_text() == "precious" and (out / ".briefgen-sent.json.lock").is_symlink()
    assert inbox.messages == [] and not (out / ".briefgen-sent.json").exists()


# --- 8: outputs follow the umask ------------------------------------------------------------


def test_outputs_and_config_follow_the_umask_on_every_run(tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # the re-run replaces each file: still 0644
        _cli(out, "--format", "html,md,json")
        for ext in ("html", "md", "json"):
            assert stat.S_IMODE((out / f"briefing-{DAY}.{ext}").stat().st_mode) == 0o644
    assert stat.S_IMODE((out / ".briefgen-history.json").stat().st_mode) == 0o644
    os.umask(0o027)
    _cli(out, "--format", "json")
    assert stat.S_IMODE((out / f"briefing-{DAY}.json").stat().st_mode) == 0o640
    os.umask(0o022)
    config = tmp_path / "briefgen.toml"
    made = runner.invoke(app, ["init", str(config)])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(config.stat().st_mode) == 0o644


# --- 9: an edition is switched as a whole ---------------------------------------------------


def test_a_failed_rerun_replaces_no_format_of_the_edition(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _cli(out, "--format", "html,pdf", "--title", "First run")
    before = _snapshot(out)
    html, pdf = len(before[f"briefing-{DAY}.html"]), len(before[f"briefing-{DAY}.pdf"])
    assert html + 4000 < pdf, "the test needs a PDF larger than the HTML"
    # "disk full" for the PDF only: the new HTML fits under the limit, the PDF does not
    done = _limited(out, (html + pdf) // 2, "--format", "html,pdf", "--title", "Second run")
    assert done.returncode == ExitCode.OUTPUT, done.stderr
    assert "Traceback" not in done.stderr and f"briefing-{DAY}.pdf" in done.stderr
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_a_folder_in_place_of_one_format_replaces_no_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _cli(out, "--format", "html,json", "--title", "First run")
    (out / f"briefing-{DAY}.json").unlink()
    (out / f"briefing-{DAY}.json").mkdir()  # in the way of the JSON's rename
    before = _snapshot(out)
    result = runner.invoke(app, [*_args(out, "--format", "html,json", "--title", "Second run")])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert f"briefing-{DAY}.json" in result.output
    assert _snapshot(out) == before and _leftovers(out) == []


def test_a_killed_runs_temporaries_are_swept_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    left = out / f".briefing-{DAY}.json.0123abcd.part"  # as a run killed while writing leaves
    left.write_text("half")
    other = out / ".notes.txt.0123abcd.part"
    other.write_text("not ours")
    _cli(out, "--format", "json")
    assert not left.exists() and other.exists()


# --- 10: a history that cannot be written ---------------------------------------------------


def test_a_history_that_cannot_be_written_is_exit_6_and_publishes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _cli(out, "--format", "json", "--date", "2026-11-24")
    # another briefing's long history: rewriting it needs more than the file size limit
    history = json.loads((out / ".briefgen-history.json").read_text())
    history["other"] = [{"files": [f"other-{n:06d}.json"]} for n in range(20000)]
    (out / ".briefgen-history.json").write_text(json.dumps(history, indent=1))
    before = _snapshot(out)
    limit = (out / ".briefgen-history.json").stat().st_size // 2
    assert len(before["briefing-2026-11-24.json"]) < limit
    done = _limited(out, limit, "--format", "json", "--keep", "1")
    assert done.returncode == ExitCode.OUTPUT, done.stderr
    assert "Traceback" not in done.stderr and ".briefgen-history.json" in done.stderr
    assert _snapshot(out) == before  # nothing published, nothing pruned, latest unmoved
    assert _leftovers(out) == []


# --- 17: each named briefing has its own latest links ---------------------------------------


def test_named_briefings_sharing_a_folder_keep_their_own_latest_links(tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = tmp_path / "briefgen.toml"
    config.write_text('[briefing.morning]\ntitle = "x"\n[briefing.tech]\ntitle = "y"\n')
    _cli(out, "--format", "html,json", "--title", "The default one")
    for name in ("morning", "tech"):
        args = ["--briefing", name, "-c", str(config), "--title", f"The {name} one"]
        _cli(out, "--format", "html,json", *args)
    for ext in ("html", "json"):
        assert os.readlink(out / f"latest.{ext}") == f"briefing-{DAY}.{ext}"
        assert os.readlink(out / f"morning-latest.{ext}") == f"morning-{DAY}.{ext}"
        assert os.readlink(out / f"tech-latest.{ext}") == f"tech-{DAY}.{ext}"
    assert "The morning one" in (out / "morning-latest.html").read_text()
    assert "The default one" in (out / "latest.html").read_text()


def test_retention_still_prunes_under_a_custom_name_pattern(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):
        _cli(out, "--format", "json", "--date", day, "--keep", "2", "--name", "{date:%d %b %Y}")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "22 Nov 2026.json",
        "23 Nov 2026.json",
        "editions.xml",  # the archive (briefgen.publish.archive)
        "index.html",
        "latest.json",
    ]


@pytest.mark.parametrize(
    ("pattern", "briefing"),
    [
        ("", "default"),
        ("", "morning"),
        ("{date:%Y-%m-%d}-{briefing}", "tech"),
        ("{date:%G-W%V-%u} {briefing}", "week"),
        ("news/{date:%D}", "default"),
        ("{date}", "default"),
        ("{date:%A %e %B, %Hh}", "default"),
    ],
)
def test_every_stem_a_pattern_gives_is_one_retention_knows(pattern: str, briefing: str) -> None:
    own = stem_regex(pattern, briefing)
    for day in (date(2026, 1, 5), date(2026, 11, 25), date(2031, 12, 31)):
        assert own.fullmatch(output_stem(pattern, day, briefing))
    assert not own.fullmatch("../victim") and not own.fullmatch("notes")


def test_years_are_written_with_four_digits_and_retention_knows_them(tmp_path: Path) -> None:
    assert output_stem("", date(1, 1, 1), "default") == "briefing-0001-01-01"
    out = tmp_path / "out"
    _cli(out, "--date", "0001-01-01", "--format", "json", "--keep", "1")
    assert (out / "briefing-0001-01-01.json").is_file()
    _cli(out, "--date", "2026-11-25", "--format", "json", "--keep", "1")
    assert sorted(p.name for p in out.glob("briefing-*")) == ["briefing-2026-11-25.json"]


def test_a_template_that_never_ends_is_stopped_naming_it(tmp_path: Path) -> None:
    out, cache, user = tmp_path / "out", tmp_path / "cache", tmp_path / "templates"
    _cli(out, "--format", "md", cache=cache)
    before = _snapshot(out)
    user.mkdir()
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    (user / "briefing.md").write_text(loop, encoding="utf-8")
    args = _args(out, "--format", "md", "--templates", str(user), cache=cache)
    result = runner.invoke(app, [*args, "--template-timeout", "1"])
    assert result.exit_code == ExitCode.TEMPLATE, result.output
    assert "briefing.md did not finish in 1 s" in result.output
    assert "Traceback" not in result.output and _snapshot(out) == before
    _cli(out, "--format", "md", "--wait", "0", cache=cache)  # the lock was let go


def test_the_default_briefings_lock_covers_its_memory_for_every_date(tmp_path: Path) -> None:
    from briefgen.core.locking import BriefingLock
    from briefgen.settings.options import BuildOptions
    from briefgen.stories.editions import memory_name

    out, cache = tmp_path / "out", tmp_path / "cache"
    name = memory_name(BuildOptions(out=out, date=date(2026, 11, 24)))
    with BriefingLock(cache, name):  # a build of 24 November is running in this folder
        result = runner.invoke(app, _args(out, "--date", "2026-11-25", "--wait", "0", cache=cache))
        other = runner.invoke(app, _args(tmp_path / "elsewhere", "--wait", "0", cache=cache))
    assert result.exit_code == ExitCode.LOCK_BUSY, result.output  # 25 November waits its turn
    assert other.exit_code == 0, other.output  # another folder's builds never wait
    _cli(out, "--date", "2026-11-25", cache=cache)
