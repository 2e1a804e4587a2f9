"""Runs nobody watches: cache, locks, crashes at the worst moment, cron's empty environment."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.app.build import build
from briefgen.core.errors import ExitCode
from briefgen.settings.options import BuildOptions

from .conftest import SAMPLES, few_samples

DAY = "2026-11-25"


def _options(tmp_path: Path, model: Path, **changes: object) -> BuildOptions:
    options = BuildOptions(
        sources=few_samples(),
        out=tmp_path / "out",
        formats=["html", "json"],
        model=str(model),
        engine="abstractive",
        cache_dir=tmp_path / "cache",
    )
    return dataclasses.replace(options, **changes)


def test_a_rerun_takes_every_summary_from_the_cache(tmp_path: Path, tiny_bart: Path) -> None:
    first = build(_options(tmp_path, tiny_bart))
    assert first.cached == 0 and first.model_loaded
    second = build(_options(tmp_path, tiny_bart))
    assert second.cached == len(second.briefing.stories) and not second.model_loaded
    assert [s.summary.text for s in second.briefing.stories] == [
        s.summary.text for s in first.briefing.stories
    ]
    assert [s.quotes for s in second.briefing.stories] == [s.quotes for s in first.briefing.stories]
    changed = build(_options(tmp_path, tiny_bart, length="short"))
    assert changed.cached == 0 and changed.model_loaded


class Interrupted(Exception):
    pass


def test_an_interrupted_run_keeps_the_waves_it_finished(tmp_path: Path, tiny_bart: Path) -> None:
    seen: list[int] = []

    def stop_in_the_second_wave(done: int, total: int) -> None:
        seen.append(done)
        if done > 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        build(_options(tmp_path, tiny_bart, wave=2), progress=stop_in_the_second_wave)
    assert seen == [1, 2, 3]  # progress moves article by article
    rerun = build(_options(tmp_path, tiny_bart, wave=2))
    assert rerun.cached == 2 and rerun.model_loaded
    assert build(_options(tmp_path, tiny_bart)).cached == len(rerun.briefing.stories)


def test_a_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path: Path, tiny_bart: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "cache.sqlite").write_bytes(b"this is not a database" * 100)
    result = build(_options(tmp_path, tiny_bart, engine="extractive"))
    assert len(result.briefing.stories) > 1
    assert list((tmp_path / "cache").glob("cache.sqlite.corrupt-*"))
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite") as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 0


def _cli(tmp_path: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "briefgen",
        "build",
        *args,
        "--cache-dir",
        str(tmp_path / "cache"),
    ]


def _start(cmd: list[str], pause: str) -> subprocess.Popen[str]:
    env = {**os.environ, "BRIEFGEN_DEBUG_PAUSE": pause, "BRIEFGEN_DEBUG_PAUSE_S": "60"}
    proc = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        if f"paused at {pause}" in line:
            return proc
        assert time.monotonic() < deadline, "the run never reached its pause point"
    raise AssertionError(f"the run ended before {pause}: exit {proc.wait()}")


@pytest.mark.parametrize("stage", ["summarise", "render"])
def test_sigkill_leaves_the_previous_briefing_latest_and_cache_usable(
    tmp_path: Path, tiny_bart: Path, stage: str
) -> None:
    out = tmp_path / "out"
    args = [*few_samples(), "--out", str(out), "--model", str(tiny_bart), "--engine", "abstractive"]
    args += ["--format", "html,pdf,json", "--date", DAY, "--quiet"]
    assert subprocess.run(_cli(tmp_path, *args), check=False).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    # the same briefing again with a new title, killed part-way
    proc = _start(_cli(tmp_path, *args, "--title", "Killed", "--length", "short"), stage)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    assert (out / "latest.pdf").resolve() == out / f"briefing-{DAY}.pdf"
    # the lock died with the process and the cache still works
    rerun = subprocess.run(_cli(tmp_path, *args), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert "from cache" in rerun.stdout


def test_a_second_run_of_the_same_briefing_waits_then_gives_up(tmp_path: Path) -> None:
    args = [str(SAMPLES), "--out", str(tmp_path / "out"), "--engine", "extractive", "--quiet"]
    holder = _start(_cli(tmp_path, *args), "summarise")
    try:
        started = time.monotonic()
        second = subprocess.run(
            _cli(tmp_path, *args, "--wait", "1"), capture_output=True, text=True, check=False
        )
        assert second.returncode == ExitCode.LOCK_BUSY
        assert f"PID {holder.pid}" in second.stderr
        assert time.monotonic() - started >= 1
    finally:
        holder.kill()
        holder.wait()


def test_cron_environment_empty_env_and_no_tty(tmp_path: Path) -> None:
    """`env -i`: no PATH, no HOME, no locale; stdin and stdout are not terminals."""
    out = tmp_path / "out"
    cmd = _cli(tmp_path, str(SAMPLES), "--out", str(out), "--engine", "extractive", "--quiet")
    cmd += ["--format", "html,pdf,json", "--date", DAY]
    done = subprocess.run(
        ["/usr/bin/env", "-i", *cmd],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(done.stdout.strip().splitlines()) == 1  # the one summary line
    data = json.loads((out / f"briefing-{DAY}.json").read_text(encoding="utf-8"))
    assert any("’" in s["title"] or "’" in s["summary"] for s in data["stories"])  # UTF-8 intact
    assert (out / f"briefing-{DAY}.pdf").read_bytes().startswith(b"%PDF")


def test_an_unusable_cache_folder_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder")
    cmd = [sys.executable, "-m", "briefgen", "build", *few_samples(), "--engine", "extractive"]
    cmd += ["--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "afile" / "sub")]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == ExitCode.OUTPUT
    assert "Traceback" not in done.stderr and "--cache-dir" in done.stderr


def test_retention_keeps_the_newest_briefings(tmp_path: Path) -> None:
    one = sorted(SAMPLES.glob("f*.md"))[0]
    out = tmp_path / "out"
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):
        cmd = _cli(tmp_path, str(one), "--out", str(out), "--engine", "extractive", "--quiet")
        cmd += ["--format", "json", "--date", day, "--keep", "2"]
        assert subprocess.run(cmd, check=False).returncode == 0
    (out / "notes.txt").write_text("mine")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "briefing-2026-11-22.json",
        "briefing-2026-11-23.json",
        "editions.xml",  # the archive (briefgen.publish.archive)
        "index.html",
        "latest.json",
        "notes.txt",
    ]
