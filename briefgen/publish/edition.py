"""Publishing an edition: output names, the ``latest`` links and retention of old briefings.

:func:`publish_edition` is the whole sequence, under a lock on the output folder (briefings
may share one):

1. render every format in memory (a template error stops here, having touched nothing);
2. write each to a temporary file beside its target (a full disk stops here: the
   temporaries are removed and no file of the edition is replaced);
3. record the edition in ``.briefgen-history.json`` and decide what retention deletes (a
   history that cannot be written stops here the same way: nothing is published, so
   nothing goes unrecorded);
4. rename every temporary into place, together;
5. when the edition is the newest by date, point the briefing's ``latest`` links at it:
   ``latest.<ext>`` for the default briefing, ``<briefing>-latest.<ext>`` for a named one
   (``morning-latest.html``), so briefings sharing a folder never take each other's links;
6. delete the files of editions beyond the newest ``keep`` by date (not by run order:
   building an older date again deletes nothing newer, and leaves ``latest`` alone; a date
   older than all ``keep`` newest is refused before anything is written, exit 2).

Retention deletes only regular files directly in the output folder whose names are this
briefing's own (its file name pattern, one of the output formats). Any other name found
in the history (``../victim``, an absolute path, a link, someone else's file) is ignored
and logged, never deleted.
"""

from __future__ import annotations

import contextlib
import glob
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.core.atomic import Staged, write_atomic
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.core.locking import file_lock
from briefgen.core.statefile import load_state
from briefgen.document import Briefing
from briefgen.publish.archive import update_archive
from briefgen.publish.files import commit_edition, edition_files, stage_edition
from briefgen.publish.names import latest_name, output_stem, stem_regex
from briefgen.publish.search import index_edition
from briefgen.render import FORMATS, render_formats
from briefgen.settings.options import Format, Paper

log = logging.getLogger(__name__)

HISTORY = ".briefgen-history.json"
History = dict[str, object]


@dataclass(frozen=True)
class Edition:
    """An edition in place: its briefing, the stem of its file names, and its files."""

    briefing: Briefing
    stem: str
    paths: list[Path]


def update_latest(paths: Sequence[Path], briefing: str = "default") -> None:
    """Point the briefing's ``latest`` link beside each path at it, atomically."""
    for path in paths:
        link = path.with_name(latest_name(briefing, path.suffix.lstrip(".")))
        tmp = path.with_name(f".{link.name}.{os.getpid()}")
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


# each briefing's runs; a run that is not what briefgen writes is ignored by _plan, and a
# name in it that is not one of the briefing's own files is never deleted (_own_file)
HistoryFile = dict[str, list[Any]]


def _read_history(folder: Path) -> History | None:
    """The history; ``None`` when there is none, or it is damaged (then moved aside with a
    warning: retention forgets older runs, so it deletes nothing on a damaged say-so)."""
    data = load_state(folder / HISTORY, HistoryFile, "retention", logger=log)
    if data is None:
        return None
    history: History = dict(data)
    return history


def _own_file(folder: Path, name: object, stem: re.Pattern[str]) -> Path | None:
    """``folder/name`` when it is a regular file with one of the briefing's own names."""
    ok = isinstance(name, str) and "\x00" not in name and name == os.path.basename(name)
    base, dot, ext = name.rpartition(".") if isinstance(name, str) else ("", "", "")
    if not (ok and dot and ext in FORMATS and stem.fullmatch(base)):
        log.warning("retention: ignoring %r in %s: not a file of this briefing", name, HISTORY)
        return None
    path = folder / str(name)
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # already gone
    if not stat.S_ISREG(mode):
        log.warning("retention: ignoring %s: not a regular file", path)
        return None
    return path


def _run_date(run: dict[str, object]) -> str:
    """A run's edition date (ISO); ``""`` for runs recorded before dates were (oldest)."""
    day = run.get("date")
    return day if isinstance(day, str) else ""


def _record_and_retain(
    history: History,
    briefing: str,
    names: list[str],
    day: str,
    keep: int,
    own: Callable[[object], Path | None],
) -> tuple[list[Path], bool]:
    """Add this edition to ``history``, keep the ``keep`` newest editions *by date*, and
    return the files to delete and whether this edition is the newest (so ``latest`` moves
    to it). An edition older than those ``keep`` would be deleted by its own run: it is
    refused instead (BriefgenError, USAGE), so the folder holds the ``keep`` newest after
    every build."""
    listed = history.get(briefing)
    runs = [r for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []
    runs = [r for r in runs if r.get("files") != names]
    this: dict[str, object] = {"files": names, "date": day}
    runs = sorted([*runs, this], key=_run_date)  # stable: same-date runs keep run order
    newest = all(_run_date(r) <= day for r in runs)
    doomed: list[Path] = []
    if keep > 0 and len(runs) > keep:
        if this not in runs[-keep:]:
            raise BriefgenError(
                f"the {briefing} edition of {day} is older than the {keep} newest editions "
                f"that keep = {keep} keeps, so retention would delete it at once: nothing was "
                f"written; build it with a larger --keep (or --keep 0 to keep every edition)",
                ExitCode.USAGE,
            )
        kept = runs[-keep:]
        spared = {*names, *(latest_name(briefing, ext) for ext in FORMATS)}
        for run in (r for r in runs if r not in kept):
            files = run.get("files")
            for name in files if isinstance(files, list) else [files]:
                path = None if isinstance(name, str) and name in spared else own(name)
                if path is not None and path not in doomed:
                    doomed.append(path)
        runs = sorted(kept, key=_run_date)
    history[briefing] = runs
    return doomed, newest


def _write_history(folder: Path, data: bytes | str | None) -> None:
    """Write (or, for ``None``, remove) the history; BriefgenError(OUTPUT) if that fails."""
    try:
        if data is None:
            (folder / HISTORY).unlink(missing_ok=True)
        else:
            write_atomic(folder / HISTORY, data)
    except OSError as exc:
        raise BriefgenError(
            f"cannot write {folder / HISTORY}: {exc.strerror or exc}; nothing was published",
            ExitCode.OUTPUT,
        ) from exc


def _delete(paths: Sequence[Path]) -> list[Path]:
    deleted: list[Path] = []
    for path in paths:
        try:
            path.unlink()
        except OSError as exc:
            log.warning("retention: cannot delete %s: %s", path, exc.strerror or exc)
            continue
        log.info("retention: deleted %s", path)
        deleted.append(path)
    return deleted


def _sweep(paths: Sequence[Path]) -> None:
    """Remove temporaries a killed run left for these files (publishers hold the lock)."""
    for path in paths:
        left = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.part")
        for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
            with contextlib.suppress(OSError):
                if left.fullmatch(tmp.name) and stat.S_ISREG(os.lstat(tmp).st_mode):
                    tmp.unlink()
                    log.info("removed %s, left by an interrupted run", tmp)


def publish_edition(
    briefing: Briefing,
    out_dir: Path,
    formats: Sequence[Format],
    *,
    pattern: str = "",
    briefing_name: str = "default",
    stem: str | None = None,
    keep: int = 0,
    templates_dir: Path | None = None,
    paper: Paper = "A4",
    css: Path | None = None,
) -> Edition:
    """Render, write, record and switch one edition as a whole; return it.

    The files are ``out_dir/<stem>.<format>``, the stem from :func:`output_stem` (``pattern``,
    the briefing's date and ``briefing_name``) unless the caller computed it already;
    retention knows the briefing's own files by the same pattern. ``keep`` 0 keeps every
    run. Any failure before the renames leaves the output folder as it was
    (BriefgenError: TEMPLATE for templates, OUTPUT for writes).
    """
    rendered = render_formats(briefing, formats, templates_dir=templates_dir, paper=paper, css=css)
    stem = stem or output_stem(pattern, briefing.date, briefing_name)
    files = edition_files(out_dir, stem, rendered)
    folder = Path(out_dir)
    names = sorted(p.name for p in files)
    own = stem_regex(pattern, briefing_name)
    with file_lock(folder / HISTORY), Staged() as staged:
        _sweep(list(files))
        stage_edition(staged, files)
        loaded = _read_history(folder)
        before = json.dumps(loaded, indent=1) if loaded is not None else None
        history: History = loaded or {}
        day = briefing.date.isoformat()
        doomed, newest = _record_and_retain(
            history, briefing_name, names, day, keep, lambda n: _own_file(folder, n, own)
        )
        _write_history(folder, json.dumps(history, indent=1))
        try:
            paths = commit_edition(staged)
        except BriefgenError:
            with contextlib.suppress(BriefgenError):
                _write_history(folder, before)  # the edition is not in place: forget it
            raise
        if newest:  # an older date built again leaves latest at the newest edition
            update_latest(paths, briefing_name)
        _delete(doomed)
        update_archive(folder, briefing, briefing_name, paths, templates_dir)  # index, feed
        index_edition(folder, briefing, briefing_name, paths)  # briefgen search
    return Edition(briefing, stem, paths)
