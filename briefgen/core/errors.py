"""The one exception type users can cause, and the exit codes the CLI turns it into."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; documented in the README."""

    OK = 0
    INTERNAL = 1  # a bug in briefgen: please report it
    USAGE = 2  # bad option, missing path, unknown format (also Typer's own usage errors)
    NO_INPUT = 3  # nothing usable to build from
    MODEL_UNAVAILABLE = 4  # --engine abstractive and the model cannot be loaded
    TEMPLATE = 5  # a template cannot be loaded or rendered
    OUTPUT = 6  # an output file cannot be written
    CONFIG = 7  # the config file or a BRIEFGEN_* variable is wrong
    LOCK_BUSY = 8  # the same briefing is still being built by another run
    DOCTOR = 9  # `briefgen doctor` found something to fix
    PARTIAL = 10  # the briefing was built, but some inputs were skipped
    UNDELIVERED = 11  # the briefing was built, but e-mailing it failed (its files are written)
    SEND_GUARD = 12  # not e-mailed: sending could deliver it twice (the sent record is
    # damaged or cannot be written, or an earlier sending may have arrived)


class BriefgenError(Exception):
    """An error the user can fix; its message says what to do."""

    def __init__(self, message: str, code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
