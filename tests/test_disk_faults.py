"""Disk faults in the cache folder are warnings, not lost briefings.

The cache folder (summaries database, lock files, memory of editions, fetched pages) sits on
a real tmpfs that the tests fill up or remount read-only (root only: without permission to
mount, the tests skip and say why). The run carries on without the cache, warns once, and
publishes the edition; a cache folder that is not a folder at all stays exit 6 (see
tests/test_unattended.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .conftest import SAMPLES
from .faults import DAY, STEM, Run, build, cli, fill, read_only, tmpfs


def _published(out: Path, day: str = DAY) -> bool:
    data = json.loads((out / f"briefing-{day}.json").read_text(encoding="utf-8"))
    return bool(data["stories"])


def _clean_warning(run: Run) -> None:
    assert run.code == 0 and run.clean, run.output
    assert "without the cache" in run.output, run.output


def test_a_full_cache_disk_runs_without_the_cache(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        cache = disk / "cache"
        assert build(tmp_path / "out", cache=cache, day="2026-11-24").code == 0
        fill(disk)  # the lock file is there; its PID cannot be written, nor anything else
        run = build(tmp_path / "out", cache=cache)
        _clean_warning(run)
        assert _published(tmp_path / "out")


def test_a_cache_folder_that_cannot_be_made_on_a_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "256k") as disk:
        fill(disk)
        run = build(tmp_path / "out", cache=disk / "new-cache")
        _clean_warning(run)
        assert _published(tmp_path / "out")


def _holds(pid: int, name: str) -> bool:
    """Whether process ``pid`` has a file called ``name`` open."""
    try:
        return any(os.readlink(fd).endswith(name) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def test_a_cache_disk_filling_mid_run_keeps_the_briefing(tmp_path: Path) -> None:
    """The disk fills after the cache is open (the run waits on its standard input) and
    before any summary is written to it."""
    article = sorted(SAMPLES.glob("*.md"))[0].read_bytes()
    out = tmp_path / "out"
    with tmpfs(tmp_path / "disk", "2m") as disk:
        cache = disk / "cache"
        assert build(out, cache=cache, day="2026-11-24").code == 0
        cmd = [sys.executable, "-m", "briefgen", "build", "-", "-o", str(out), "-e"]
        cmd += ["extractive", "-f", "md,json", "--date", DAY, "--cache-dir", str(cache)]
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(600):  # at most a minute for the run to open its cache
            if _holds(proc.pid, "cache.sqlite-shm") or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert _holds(proc.pid, "cache.sqlite-shm"), "the run never opened its cache"
        fill(disk)
        stdout, stderr = proc.communicate(article, timeout=120)
    run = Run(proc.returncode, (stdout + stderr).decode(), None)
    _clean_warning(run)
    assert _published(out) and (out / f"{STEM}.md").is_file()


def test_a_read_only_cache_disk_runs_without_the_cache(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        cache = disk / "cache"
        assert build(tmp_path / "out", cache=cache, day="2026-11-24").code == 0
        read_only(disk)
        for day in (DAY, "2026-11-26"):
            run = build(tmp_path / "out", cache=cache, day=day)
            _clean_warning(run)
            assert _published(tmp_path / "out", day)
        fresh = build(tmp_path / "out2", cache=disk / "never-made", day=DAY)
        _clean_warning(fresh)


def test_cache_stats_on_a_read_only_disk_is_one_line(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        read_only(disk)
        run = cli("cache", "stats", "--cache-dir", str(disk / "cache"))
    assert run.code == 6 and run.clean and "--cache-dir" in run.output, run.output


def test_a_log_file_on_a_full_or_read_only_disk_is_a_warning(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "256k") as disk:
        (disk / "logs").mkdir()
        (disk / "logs" / "old.log").write_text("y" * 4095 + "\n")  # its page full to the end
        fill(disk)
        for log in (disk / "logs" / "old.log", disk / "logs" / "new.log"):
            run = build(tmp_path / "out", "--no-cache", "--log-file", str(log), "-v")
            assert run.code == 0 and run.clean, run.output
            assert str(log) in run.output and "stderr only" in run.output
        read_only(disk)
        run = build(tmp_path / "out", "--no-cache", "--log-file", str(disk / "x" / "a.log"))
        assert run.code == 0 and run.clean and "stderr only" in run.output, run.output
        assert _published(tmp_path / "out")
