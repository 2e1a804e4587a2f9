"""One finding of ``briefgen doctor``: ok, a warning, or a failure, with what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool  # False: a scheduled run would fail, or fail at something asked of it
    detail: str
    fix: str = ""
    warning: bool = False  # ok, but worth fixing

    @property
    def mark(self) -> str:
        return "FAIL" if not self.ok else "warn" if self.warning else "ok"
