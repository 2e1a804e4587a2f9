"""Publication dates Python can hold, whatever an input claims.

A date is kept only when it is at least a day inside Python's range (years 1 to 9999), so
that converting it to UTC or any zone, or adding a day to it, cannot overflow later in the
run. Any other date (``9999-12-31T23:59:59-14:00``, ``0001-01-01T00:00:00+14:00``) is left
out with a warning naming the input; the article is kept without a date.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

log = logging.getLogger(__name__)

MARGIN = timedelta(days=1)
EARLIEST = datetime.min + MARGIN
LATEST = datetime.max - MARGIN


def _warn(where: str, value: object) -> None:
    log.warning("%s: date %s left out: outside the years Python can hold", where, value)


def holdable(value: datetime | None, where: str) -> datetime | None:
    """``value`` when it is safely inside Python's range of dates, else ``None`` (warned)."""
    if value is None:
        return None
    try:
        naive = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    except (OverflowError, ValueError):
        _warn(where, value.isoformat())
        return None
    if not EARLIEST <= naive <= LATEST:
        _warn(where, value.isoformat())
        return None
    return value


def from_struct(parsed: time.struct_time, where: str) -> datetime | None:
    """A UTC ``struct_time`` (as feedparser gives) as an aware datetime, or ``None`` (warned)
    when its year is outside Python's range."""
    year, month, day, hour, minute, second = parsed[:6]
    try:  # a leap second (60) is read as the second before it
        moment = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (OverflowError, ValueError):
        _warn(where, f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z")
        return None
    return holdable(moment, where)
