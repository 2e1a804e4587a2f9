"""The index page's search items, one file per edition, written once when it is recorded.

``<out>/.briefgen-found/<edition's file stem>.json`` holds an edition's items for the search
of ``index.html`` as JSON text (the items of a JSON array, without its brackets); the archive
record keeps its SHA-256, so the page joins the files of the editions it lists as they are,
without parsing or checking them, and one that is not what was written (edited, damaged,
swapped) is passed over with a warning. The folder is used only when it is a real folder
(never through a link), and only files of the editions the record lists are read or removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import stat
from pathlib import Path
from typing import Any

from briefgen.core.atomic import write_atomic
from briefgen.core.statefile import Damaged, read_bytes

log = logging.getLogger(__name__)

FOLDER = ".briefgen-found"
LIMIT = 64 * 1024 * 1024
_STEM = re.compile(r"[^./\\\x00][^/\\\x00]*")


def _folder(out: Path, create: bool = False) -> Path | None:
    """``out/.briefgen-found`` when it is a folder of its own (not a link); made if asked."""
    path = out / FOLDER
    if create:
        with contextlib.suppress(FileExistsError):
            path.mkdir()
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    return path if stat.S_ISDIR(mode) else None


def name_of(entry: dict[str, Any]) -> str | None:
    """The name of an edition's items file: its first file's stem, ``.json``."""
    files = entry.get("files") or []
    stem = str(files[0]).rpartition(".")[0] if files else ""
    return f"{stem}.json" if _STEM.fullmatch(stem) else None


def _path(folder: Path, entry: dict[str, Any]) -> Path | None:
    name = name_of(entry)
    return folder / name if name else None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save(out: Path, entry: dict[str, Any], text: str) -> str | None:
    """Write an edition's items; their SHA-256 for the record, ``None`` when they cannot be
    written (the page then searches the other editions)."""
    folder = _folder(out, create=True)
    path = _path(folder, entry) if folder is not None else None
    if path is None:
        log.warning("archive: cannot keep the search items in %s: not a folder", out / FOLDER)
        return None
    try:
        write_atomic(path, text)
    except OSError as exc:
        log.warning("archive: cannot write %s: %s", path, exc.strerror or exc)
        return None
    return digest(text)


def load(out: Path, entry: dict[str, Any]) -> str:
    """An edition's items as written (``""`` when it has none, or they are not as written)."""
    expected = entry.get("found_sha")
    folder = _folder(out)
    path = _path(folder, entry) if folder is not None and expected else None
    if path is None:
        return ""
    try:
        raw = read_bytes(path, LIMIT)
        if raw is None:
            raise Damaged("it is missing")
        text = raw.decode("utf-8")
    except (Damaged, OSError, UnicodeDecodeError) as exc:
        log.warning("archive: passing over the search items in %s: %s", path, exc)
        return ""
    if digest(text) != expected:
        log.warning("archive: passing over %s: not the search items the archive wrote", path)
        return ""
    return text


def forget(out: Path, entry: dict[str, Any]) -> None:
    """Remove the items of an edition that left the archive (a regular file only)."""
    folder = _folder(out)
    path = _path(folder, entry) if folder is not None else None
    with contextlib.suppress(OSError):
        if path is not None and stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()
