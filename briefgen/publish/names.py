"""The names of an edition's files: the stem of ``<stem>.<format>``, the pattern that knows a
briefing's own files again (for retention), and the ``latest`` links. Computed once per run,
here."""

from __future__ import annotations

import re
import string
from datetime import date

from briefgen.core.errors import BriefgenError


def _pattern(pattern: str, briefing: str) -> str:
    if pattern:
        return pattern
    return "briefing-{date:%Y-%m-%d}" if briefing == "default" else "{briefing}-{date:%Y-%m-%d}"


class _Day(date):
    """A date whose ``%Y`` is always four digits (``0001``), as ISO 8601 writes years and as
    :func:`stem_regex` expects them; the C library writes year 1 as ``1``."""

    def __format__(self, spec: str) -> str:
        parts = spec.split("%%")
        return "%".join(date.__format__(self, p.replace("%Y", f"{self.year:04d}")) for p in parts)


def output_stem(pattern: str, day: date, briefing: str) -> str:
    """The file name (without extension) for ``pattern``, e.g. ``{date:%Y-%m-%d}-morning``.

    An empty pattern means ``briefing-{date:%Y-%m-%d}``, or ``{briefing}-{date:%Y-%m-%d}`` for
    a named briefing, so two briefings sharing an output folder never overwrite each other.
    """
    pattern = _pattern(pattern, briefing)
    try:
        stem = pattern.format(date=_Day(day.year, day.month, day.day), briefing=briefing)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise BriefgenError(
            f"name pattern {pattern!r}: {exc}; use {{date:%Y-%m-%d}} and {{briefing}}"
        ) from None
    stem = re.sub(r"[/\\\x00]", "-", stem).strip()
    if not stem or stem.startswith("."):
        raise BriefgenError(f"name pattern {pattern!r} gives an unusable file name {stem!r}")
    return stem


_DIRECTIVES = {
    **dict.fromkeys("YG", r"\d{4}"),
    **dict.fromkeys("mdHIMSyUWVC", r"\d{2}"),
    **dict.fromkeys("uw", r"\d"),
    "j": r"\d{3}",
    "e": r"[ \d]\d",
    **dict.fromkeys("aAbBhp", r"[A-Za-z]+"),
    "F": r"\d{4}-\d{2}-\d{2}",
    "%": "%",
}


def _literal(text: str) -> str:
    return re.escape(re.sub(r"[/\\\x00]", "-", text))


def _strftime_regex(spec: str) -> str:
    parts = re.split(r"(%.)", spec)
    return "".join(
        _DIRECTIVES.get(p[1], r".+?") if len(p) == 2 and p[0] == "%" else _literal(p) for p in parts
    )


def stem_regex(pattern: str, briefing: str) -> re.Pattern[str]:
    """A regular expression every stem ``output_stem(pattern, <any day>, briefing)`` matches."""
    parts: list[str] = []
    try:
        fields = list(string.Formatter().parse(_pattern(pattern, briefing)))
    except ValueError:
        return re.compile(r"(?!)")  # a broken pattern names no file
    for text, name, spec, conversion in fields:
        parts.append(_literal(text))
        if name == "briefing" and not spec and not conversion:
            parts.append(_literal(briefing))
        elif name == "date" and not conversion:
            parts.append(_strftime_regex(spec) if spec else r"\d{4}-\d{2}-\d{2}")
        elif name is not None:
            parts.append(r".+?")
    return re.compile("".join(parts))


def latest_name(briefing: str, ext: str) -> str:
    """``latest.<ext>`` for the default briefing, ``<briefing>-latest.<ext>`` for a named one."""
    if briefing == "default":
        return f"latest.{ext}"
    return f"{re.sub(r'[^A-Za-z0-9_.-]', '_', briefing)}-latest.{ext}"
