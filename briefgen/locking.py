"""One run of a briefing at a time: an advisory lock file per briefing.

The lock is ``fcntl.flock`` on a file in the cache folder: the kernel drops it when the
holding process ends in any way, SIGKILL included, so a stale lock never blocks a later
run. The file holds the holder's PID for the message a waiting run prints.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from pathlib import Path
from types import TracebackType

from briefgen.errors import BriefgenError, ExitCode


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
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise BriefgenError(
                f"cannot use the cache folder for the lock file {self.path}: {exc.strerror}; "
                "check --cache-dir",
                ExitCode.OUTPUT,
            ) from None
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
