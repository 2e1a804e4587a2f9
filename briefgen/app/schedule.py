"""Cron entries for scheduled briefings.

briefgen writes one line per briefing, tagged ``# briefgen:<name>`` at its end, and never
touches a line without that tag. The line names the interpreter, the config file and the
log file by absolute path, so it runs under cron's bare environment (no PATH, no venv).

The crontab is read and written with the ``crontab`` command; ``BRIEFGEN_CRONTAB=<file>``
points briefgen at a plain file instead (tests use this, and so can a system cron.d setup).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from briefgen.core.atomic import write_atomic
from briefgen.core.errors import BriefgenError, ExitCode

TAG = "# briefgen:"


@dataclass(frozen=True)
class Entry:
    briefing: str
    schedule: str
    command: str
    line: str

    def next_runs(self, count: int = 1, now: datetime | None = None) -> list[datetime]:
        from croniter import croniter

        try:
            it = croniter(self.schedule, now or datetime.now())
            return [it.get_next(datetime) for _ in range(count)]
        except (ValueError, KeyError):  # croniter's errors subclass ValueError
            return []


def to_cron(at: str) -> str:
    """``06:30`` as ``30 6 * * *``; a five-field cron expression as itself (validated)."""
    from croniter import croniter

    at = at.strip()
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", at)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise BriefgenError(f"--at {at!r}: not a time of day")
        return f"{minute} {hour} * * *"
    if len(at.split()) == 5 and croniter.is_valid(at):
        return " ".join(at.split())
    raise BriefgenError(
        f"--at {at!r}: use HH:MM or a five-field cron expression like '30 6 * * 1-5'"
    )


def _read(crontab: Path | None) -> list[str]:
    """The lines of ``crontab`` (a file), or of the user's crontab when it is ``None``."""
    if crontab is not None:
        return crontab.read_text(encoding="utf-8").splitlines() if crontab.exists() else []
    command = shutil.which("crontab")
    if command is None:
        raise BriefgenError(
            "the crontab command is not installed (Debian: apt-get install cron); "
            "use --print to get the line and install it yourself",
            ExitCode.USAGE,
        )
    done = subprocess.run([command, "-l"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        if "no crontab" in done.stderr.lower():
            return []
        raise BriefgenError(f"crontab -l failed: {done.stderr.strip()}", ExitCode.USAGE)
    return done.stdout.splitlines()


def _write(lines: list[str], crontab: Path | None) -> None:
    text = "\n".join(lines).rstrip("\n") + "\n"
    if crontab is not None:
        write_atomic(crontab, text)
        return
    command = shutil.which("crontab")
    assert command is not None  # _read() checked
    done = subprocess.run([command, "-"], input=text, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BriefgenError(f"crontab - failed: {done.stderr.strip()}", ExitCode.USAGE)


def _parse(line: str) -> Entry | None:
    if TAG not in line or line.lstrip().startswith("#"):
        return None
    body, _, name = line.rpartition(TAG)
    fields = body.split(None, 5)
    if len(fields) < 6:
        return None
    return Entry(name.strip(), " ".join(fields[:5]), fields[5].strip(), line)


def entries(crontab: Path | None = None) -> list[Entry]:
    """briefgen's own crontab entries (``crontab``: a file to read instead of the user's
    crontab)."""
    return [e for e in (_parse(line) for line in _read(crontab)) if e is not None]


def make_line(
    briefing: str, schedule: str, config: Path, log_file: Path, workdir: Path | None = None
) -> str:
    """The crontab line that builds ``briefing`` on ``schedule``."""
    python = Path(sys.executable).absolute()
    workdir = (workdir or config.parent).absolute()
    command = (
        f"cd {shlex.quote(str(workdir))} && {shlex.quote(str(python))} -m briefgen build "
        f"--config {shlex.quote(str(config.absolute()))} --briefing {shlex.quote(briefing)} "
        f"--quiet >> {shlex.quote(str(log_file.absolute()))} 2>&1"
    )
    command = command.replace("%", "\\%")  # cron turns a bare % into a newline
    return f"{schedule} {command} {TAG}{briefing}"


def add(line: str, briefing: str, crontab: Path | None = None) -> bool:
    """Install ``line``, replacing briefgen's earlier line for the same briefing.

    Returns True when an earlier line was replaced.
    """
    lines = _read(crontab)
    kept = [ln for ln in lines if (e := _parse(ln)) is None or e.briefing != briefing]
    _write([*kept, line], crontab)
    return len(kept) != len(lines)


def remove(briefing: str, crontab: Path | None = None) -> bool:
    """Remove briefgen's line for ``briefing``; False when there was none."""
    lines = _read(crontab)
    kept = [ln for ln in lines if (e := _parse(ln)) is None or e.briefing != briefing]
    if len(kept) == len(lines):
        return False
    _write(kept, crontab)
    return True
