"""One run of a briefing at a time: an advisory lock file per briefing; locks beside files.

The lock is ``fcntl.flock`` on a file in the cache folder: the kernel drops it when the
holding process ends in any way, SIGKILL included, so a stale lock never blocks a later
run. The file holds the holder's PID for the message a waiting run prints.

The lock files live in ``<cache dir>/locks``, a folder briefgen makes 0700 and keeps its
own; the file is opened with ``O_NOFOLLOW`` relative to that folder, so a symbolic link
planted there (or in place of the folder) is an error, never followed.

:func:`file_lock` holds ``<file>.lock`` beside a state file that is replaced atomically
(the output folder's history, the sent-record), so one process at a time reads and
rewrites it; a link planted at the lock's name is an error there too.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from briefgen.core.errors import BriefgenError, ExitCode

# never follow a link planted where the lock goes (it would truncate the link's target)
LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC


def open_nofollow(path: Path, flags: int) -> int:
    """``os.open`` that never follows a link at ``path``: one there is BriefgenError(OUTPUT)."""
    try:
        return os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise BriefgenError(
                f"{path} is a symbolic link; briefgen never follows one there: remove it",
                ExitCode.OUTPUT,
            ) from None
        raise


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold ``<path>.lock`` (an exclusive ``flock``), made beside ``path`` if need be.

    One holder at a time reads and rewrites ``path``. A link at the lock's name, or a
    folder that cannot be made or written, is BriefgenError(OUTPUT), never a traceback.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = open_nofollow(path.with_name(f"{path.name}.lock"), os.O_RDWR | os.O_CREAT)
    except OSError as exc:
        raise BriefgenError(
            f"cannot use the output folder {folder}: {exc.strerror or exc}", ExitCode.OUTPUT
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class BriefingLock:
    """``with BriefingLock(folder, "morning", wait=60): ...``"""

    def __init__(self, folder: Path, briefing: str, wait: float = 0.0) -> None:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", briefing) or "default"
        self.path = folder / "locks" / f"{safe}.lock"
        self.briefing = briefing
        self.wait = wait
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return "unknown"
        with os.fdopen(fd, "rb") as handle:
            return handle.read(32).decode("ascii", "replace").strip() or "unknown"

    def _folder(self) -> int:
        """The ``locks`` folder, opened without following a link; made 0700, kept ours."""
        folder = self.path.parent
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise self._refuse(folder, "is not a folder (a symbolic link?)") from None
            raise
        try:
            info = os.fstat(fd)
            if info.st_uid != os.geteuid():
                raise self._refuse(folder, f"belongs to another user (uid {info.st_uid})")
            if stat.S_IMODE(info.st_mode) != 0o700:
                os.fchmod(fd, 0o700)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _refuse(self, path: Path, why: str) -> BriefgenError:
        return BriefgenError(
            f"lock {path} {why}; briefgen never follows or shares it: remove it, or use "
            "another --cache-dir",
            ExitCode.OUTPUT,
        )

    def _open(self) -> int:
        try:
            folder = self._folder()
            try:
                fd = os.open(self.path.name, LOCK_FLAGS, 0o600, dir_fd=folder)
            finally:
                os.close(folder)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise self._refuse(self.path, "is a symbolic link") from None
            raise BriefgenError(
                f"cannot use the cache folder for the lock file {self.path}: {exc.strerror}; "
                "check --cache-dir",
                ExitCode.OUTPUT,
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise self._refuse(self.path, "is not a regular file")
        return fd

    def acquire(self) -> None:
        fd = self._open()
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise BriefgenError(
                        f"briefing {self.briefing!r} is already being built by PID "
                        f"{self.holder()} (lock {self.path}); waited {self.wait:g} s",
                        ExitCode.LOCK_BUSY,
                    ) from None
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())) or 0.05)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> BriefingLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
