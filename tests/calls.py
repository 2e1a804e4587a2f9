"""Counting the work a function does, for tests that check it grows linearly (a count of
calls is the same on every machine; a wall-clock time is not)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def count_calls(fn: Callable[[], Any]) -> int:
    """How many Python and built-in function calls ``fn`` makes."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return count
