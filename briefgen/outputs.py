"""Output names, the ``latest.*`` links and retention of old briefings.

``latest.html`` / ``latest.pdf`` ... are symbolic links swapped atomically (a new link is
made beside the old one and renamed over it), and only after every format of a run has
been written. Retention only ever deletes files that briefgen itself wrote, as recorded
in ``.briefgen-history.json`` in the output folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from briefgen.atomic import write_atomic
from briefgen.errors import BriefgenError, ExitCode

log = logging.getLogger(__name__)

HISTORY = ".briefgen-history.json"


def output_stem(pattern: str, day: date, briefing: str) -> str:
    """The file name (without extension) for ``pattern``, e.g. ``{date:%Y-%m-%d}-morning``.

    An empty pattern means ``briefing-{date:%Y-%m-%d}``, or ``{briefing}-{date:%Y-%m-%d}`` for
    a named briefing, so two briefings sharing an output folder never overwrite each other.
    """
    if not pattern:
        pattern = (
            "briefing-{date:%Y-%m-%d}" if briefing == "default" else "{briefing}-{date:%Y-%m-%d}"
        )
    try:
        stem = pattern.format(date=day, briefing=briefing)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise BriefgenError(
            f"name pattern {pattern!r}: {exc}; use {{date:%Y-%m-%d}} and {{briefing}}"
        ) from None
    stem = re.sub(r"[/\\\x00]", "-", stem).strip()
    if not stem or stem.startswith("."):
        raise BriefgenError(f"name pattern {pattern!r} gives an unusable file name {stem!r}")
    return stem


def update_latest(paths: Sequence[Path]) -> None:
    """Point ``latest.<ext>`` beside each path at it, atomically."""
    for path in paths:
        link = path.with_name(f"latest{path.suffix}")
        tmp = path.with_name(f".latest{path.suffix}.{os.getpid()}")
        try:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            os.symlink(path.name, tmp)
            os.replace(tmp, link)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise BriefgenError(
                f"wrote {path}, but could not point {link.name} at it: {exc.strerror}",
                ExitCode.OUTPUT,
            ) from None


def _load_history(folder: Path) -> dict[str, list[dict[str, object]]]:
    try:
        data = json.loads((folder / HISTORY).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def record_and_prune(folder: Path, briefing: str, paths: Sequence[Path], keep: int) -> list[Path]:
    """Remember this run's files; delete the files of runs beyond the newest ``keep``.

    Returns the deleted paths. ``keep`` 0 keeps everything.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{HISTORY}.lock", "a+") as guard:  # briefings may share a folder
        fcntl.flock(guard, fcntl.LOCK_EX)
        return _record_and_prune(folder, briefing, paths, keep)


def _record_and_prune(folder: Path, briefing: str, paths: Sequence[Path], keep: int) -> list[Path]:
    history = _load_history(folder)
    runs = [r for r in history.get(briefing, []) if isinstance(r, dict)]
    names = sorted(p.name for p in paths)
    runs = [r for r in runs if r.get("files") != names]
    runs.append({"files": names})
    deleted: list[Path] = []
    if keep > 0 and len(runs) > keep:
        current = set(names)
        for run in runs[:-keep]:
            for name in run.get("files", []):  # type: ignore[attr-defined]
                target = folder / str(name)
                if str(name) in current or not target.exists():
                    continue
                target.unlink()
                deleted.append(target)
        runs = runs[-keep:]
    history[briefing] = runs
    write_atomic(folder / HISTORY, json.dumps(history, indent=1))
    for path in deleted:
        log.info("retention: deleted %s", path)
    return deleted
