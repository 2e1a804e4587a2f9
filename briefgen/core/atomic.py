"""Atomic file writes: a failed run never leaves a half-written file in place of a good one.

Files are created with mode 0666 less the umask, as any program's files are (``mkstemp``
would make them 0600 whatever the umask, so a web server running as another user could
not serve them). :class:`Staged` writes several files to temporaries first and renames
them into place together, so a run that fails replaces none of them.
:func:`briefgen.core.statefile.load_state` reads back (and checks) the JSON state files such
writes keep.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from pathlib import Path
from types import TracebackType

CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC

log = logging.getLogger(__name__)


def _temporary(path: Path, mode: int) -> tuple[int, Path]:
    """A new, empty file beside ``path``: ``.<name>.<random>.part``, mode ``mode`` & ~umask."""
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(tmp, CREATE, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def write_temporary(path: Path, data: bytes | str, mode: int = 0o666) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, fsync it; return its path."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes | str, mode: int = 0o666) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it into place.

    The file gets ``mode`` less the umask (0644 under the usual umask 022), on every write.
    """
    tmp = write_temporary(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def sync_folder(folder: Path) -> None:
    """fsync a folder, so the renames in it survive a power cut (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Staged:
    """Several files written to temporaries beside their targets, then renamed together.

    ``with Staged() as staged: staged.add(path, data) ...; staged.commit()``. Leaving the
    block without ``commit`` (an exception) removes every temporary and replaces nothing.
    """

    def __init__(self) -> None:
        self.pending: dict[Path, Path] = {}  # target: temporary

    def add(self, path: Path, data: bytes | str) -> None:
        self.pending[path] = write_temporary(path, data)

    def commit(self) -> list[Path]:
        """Rename every temporary over its target; return the targets.

        Every target is checked first (a folder or other non-file in the way fails here,
        before anything is replaced); the renames themselves then only fail on a broken
        disk.
        """
        for path in self.pending:
            with contextlib.suppress(FileNotFoundError):
                mode = os.lstat(path).st_mode
                if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
                    raise IsADirectoryError(21, "not a file: something else is in the way", path)
        done: list[Path] = []
        for path, tmp in list(self.pending.items()):
            os.replace(tmp, path)
            del self.pending[path]
            done.append(path)
        for folder in {p.parent for p in done}:
            sync_folder(folder)
        return done

    def discard(self) -> None:
        for tmp in self.pending.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self.pending.clear()

    def __enter__(self) -> Staged:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()
