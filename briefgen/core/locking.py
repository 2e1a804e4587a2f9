"""One run of a briefing at a time: an advisory lock file per briefing; locks beside files.

The lock is ``fcntl.flock`` on a file in the cache folder: the kernel drops it when the
holding process ends in any way, SIGKILL included, so a stale lock never blocks a later
run. The file holds the holder's PID for the message a waiting run prints.

The lock files live in ``<cache dir>/locks``, a folder briefgen makes 0700 and keeps its
own; the file is opened with ``O_NOFOLLOW`` relative to that folder, so a symbolic link
planted there (or in place of the folder) is an error, never followed.

A full or read-only cache disk is no reason to lose a briefing: an existing lock file is
locked all the same (opened read-only where the disk is), the PID is left out when it
cannot be written, and where no lock file can be made at all the run goes on without the
lock, with a warning (the output folder's own lock still keeps publishers apart).

:func:`file_lock` holds ``<file>.lock`` beside a state file that is replaced atomically
(the output folder's history, the sent-record), so one process at a time reads and
rewrites it; a link planted at the lock's name is an error there too.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from briefgen.core.errors import BriefgenError, ExitCode

log = logging.getLogger(__name__)

# never follow a link planted where the lock goes (it would truncate the link's target)
LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
# errors of a disk that is full or read-only (or failing), not of a wrong path
DISK_FAULTS = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO})


def disk_fault(exc: BaseException, folder: Path | None = None) -> str | None:
    """``"full"``/``"read-only"``/the error, when ``exc`` comes from a disk fault rather than
    a wrong path; else ``None``. Without an errno (SQLite's errors), the disk under
    ``folder`` (or its nearest existing parent) is looked at."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return (exc.strerror or str(exc)) if exc.errno in DISK_FAULTS else None
    while folder is not None and not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        info = os.statvfs(folder) if folder is not None else None
    except OSError:
        return None
    if info is None:
        return None
    if info.f_flag & os.ST_RDONLY:
        return "read-only file system"
    if info.f_bavail == 0 or (info.f_files and info.f_favail == 0):
        return "no space left on device"
    return None


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
            text = handle.read(32).decode("ascii", "replace").strip()
        valid = text.isdigit() and len(text) <= 10  # a PID, or nothing: never shown raw
        return text if valid else "unknown"

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

    def _open_in(self, folder: int) -> int:
        try:
            return os.open(self.path.name, LOCK_FLAGS, 0o600, dir_fd=folder)
        except OSError as exc:
            if exc.errno != errno.EROFS:
                raise
            # a read-only disk: a lock file already there can still be locked
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
            try:
                return os.open(self.path.name, flags, dir_fd=folder)
            except FileNotFoundError:
                raise exc from None

    def _open(self) -> int | None:
        try:
            folder = self._folder()
            try:
                fd = self._open_in(folder)
            finally:
                os.close(folder)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise self._refuse(self.path, "is a symbolic link") from None
            fault = disk_fault(exc)
            if fault is not None:
                log.warning(
                    "lock: cannot make %s (%s); building without the lock, so another run "
                    "of this briefing is not kept out",
                    self.path,
                    fault,
                )
                return None
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
        if fd is None:
            return
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
        pid = str(os.getpid()).encode()
        with contextlib.suppress(OSError):  # a full or read-only disk: locked, PID unknown
            os.pwrite(fd, pid, 0)  # in place first: an older PID's block is reused
            os.ftruncate(fd, len(pid))
            os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
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
