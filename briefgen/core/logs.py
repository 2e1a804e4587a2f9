"""Logging for the CLI: one-line messages on stderr, optionally a log file, text or JSON.

``--quiet`` (cron) keeps warnings and errors: each skipped input with its reason, an
input failing run after run, a model that could not be loaded (the day it is first seen; a
problem reported on an earlier day is a :data:`NOTICE`, shown on runs without ``--quiet``).
When stderr is not a terminal (cron appends it to a log file) every line starts with a
timestamp. A log file that cannot be opened or written (a full or read-only disk) is one
warning on stderr, and the run goes on logging to stderr only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO


class TextFormatter(logging.Formatter):
    """``briefgen: warning: message`` on a terminal; with a timestamp in a log file."""

    def __init__(self, timestamps: bool = False) -> None:
        super().__init__()
        self.timestamps = timestamps

    def format(self, record: logging.LogRecord) -> str:
        line = f"briefgen: {record.levelname.lower()}: {record.getMessage()}"
        if self.timestamps:
            stamp = datetime.fromtimestamp(record.created).isoformat(timespec="seconds")
            line = f"{stamp} {line}"
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                "level": record.levelname.lower(),
                "logger": record.name,
                "message": record.getMessage(),
            }
        )


NOTICE = 25
"""Between INFO and WARNING: shown on a normal run, not under ``--quiet`` (cron), as for a
problem already reported on an earlier day (its first report is a warning)."""


def setup_logging(
    verbose: bool = False,
    quiet: bool = False,
    log_file: Path | None = None,
    log_format: str = "text",
) -> None:
    """Configure the ``briefgen`` logger: stderr always, a file when asked."""
    logging.addLevelName(NOTICE, "NOTICE")
    level = logging.INFO if verbose and not quiet else logging.WARNING if quiet else NOTICE
    root = logging.getLogger("briefgen")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(level)
    stamped = quiet and not _isatty(sys.stderr)
    console.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter(stamped))
    root.addHandler(console)
    root.setLevel(level)
    root.propagate = False
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            file_handler = LogFile(log_file)
        except OSError as exc:
            root.warning("cannot write the log file %s (%s); logging to stderr only",
                         log_file, exc.strerror or exc)  # fmt: skip
            return
        file_handler.setLevel(logging.INFO)
        file_handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter(True))
        root.addHandler(file_handler)
        root.setLevel(logging.INFO)


class LogFile(logging.FileHandler):
    """A log file that, when a line cannot be written, says so once and stops."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8")

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            super().handleError(record)
            return
        root = logging.getLogger("briefgen")
        root.removeHandler(self)
        root.warning("cannot write the log file %s (%s); logging to stderr only",
                     self.baseFilename, exc.strerror or exc)  # fmt: skip
        with contextlib.suppress(OSError):
            self.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def console_to(stream: TextIO) -> Iterator[None]:
    """Send the console log lines to ``stream`` for a while (a progress bar's stand-in for
    stderr, which prints them above the bar instead of through it)."""
    root = logging.getLogger("briefgen")
    consoles = [
        h
        for h in root.handlers
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
    ]
    before = [h.setStream(stream) for h in consoles]
    try:
        yield
    finally:
        for handler, old in zip(consoles, before, strict=True):
            if old is not None:
                handler.setStream(old)
