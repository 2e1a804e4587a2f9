"""Figures and dates in a text: what they say, and whether an article's figures support them.

Values are compared, not strings: "$5m", "5 million" and "5,000,000" are one number, and a
figure rounded in the summary ("42%") is supported by the precise one ("41.7%"), never the
other way round. Dates are weekday and month names; the day of a date is a figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.core.lexicon import AMBIGUOUS_MONTHS, MONTHS, NUMBER_WORDS, SCALES, WEEKDAYS

_NUM = re.compile(
    r"(?<![\w.])(?P<cur>[$£€¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?:(?P<ord>st|nd|rd|th)\b)?"
    r"(?:\s?(?P<scale>k|m|mn|bn|tn|million|billion|trillion|thousand)\b)?"
    r"(?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b)?",
    re.IGNORECASE,
)
_NUM_WORD = re.compile(
    r"\b(?P<word>" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s(?P<scale>thousand|million|billion|trillion))?\b",
    re.IGNORECASE,
)
# Read on the article's side only: "one", "a hundred", "a thousand" ..., "half".
_INDEX_NUM_WORD = re.compile(
    r"\b(?:a|one)\s(?P<scale>hundred|thousand|million|billion|trillion)\b|\bone\b|\bhalf\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DATE_WORD = re.compile(r"\b([A-Z][a-z]{2,8})\b\.?")
_MONTH_NAME = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_BEFORE = re.compile(r"\b(" + _MONTH_NAME + r")\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"^\s+(?:of\s+)?(" + _MONTH_NAME + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A number in a text: what it says, its value and the precision it was written to."""

    surface: str
    value: float
    unit: float  # the value of one in its last written digit: "4.2bn" -> 1e8
    start: int
    end: int


def figures(text: str) -> list[Figure]:
    """Every figure and number word in ``text`` (clock times aside)."""
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in _TIME.finditer(text):  # "22:00", "9.30" as times are not decimals
        if ":" in m.group(0):
            taken.append(m.span())
    for m in _NUM.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        digits = m.group("num").replace(",", "")
        dec = m.group("dec") or ""
        scale_word = (m.group("scale") or "").lower()
        scale = SCALES.get(scale_word, 1.0)
        value = float(digits + dec) * scale
        unit = scale * (10.0 ** -(len(dec) - 1) if dec else 1.0)
        surface = m.group(0).strip()
        out.append(Figure(surface, value, unit, m.start(), m.end()))
    for m in _NUM_WORD.finditer(text):
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        value = NUMBER_WORDS[m.group("word").lower()] * scale
        out.append(Figure(m.group(0), value, scale, m.start(), m.end()))
    return out


def index_figures(text: str, found: list[Figure] | None = None) -> list[float]:
    """Every value an article's text supports: its figures, and more read generously.

    ``found``: ``figures(text)`` when the caller has it already."""
    if found is None:
        found = figures(text)
    values = [f.value for f in found]
    for m in _INDEX_NUM_WORD.finditer(text):
        word = m.group(0).lower()
        if word == "half":
            values.append(0.5)
        elif m.group("scale"):
            values.append(SCALES.get(m.group("scale").lower(), 100.0))
        else:
            values.append(1.0)
    for m in _TIME.finditer(text):
        if ":" in m.group(0):
            values.extend(float(p) for p in m.group(0).split(":"))
    # "5 million" also says 5; a percentage "41.7%" also reads 41.7 either way
    for f in found:
        if f.unit >= 1e3 and f.value >= 1e3:
            mantissa = float(re.sub(r"[^\d.]", "", f.surface.split()[0].rstrip("kmbtnKMBTN")) or 0)
            values.append(mantissa)
    return values


def figure_supported(fig: Figure, values: Iterable[float]) -> bool:
    """Whether one of ``values`` is ``fig``, or rounds to it at the precision it was written."""
    for v in values:
        if math.isclose(v, fig.value, rel_tol=1e-9, abs_tol=1e-9):
            return True
        # the summary rounded the article's figure: round it to the summary's last digit
        if fig.unit > 0 and abs(v - fig.value) <= fig.unit / 2 + 1e-9 and v != 0:
            return True
    return False


def date_words(text: str) -> list[tuple[str, str, int, int]]:
    """(surface, canonical, start, end) for weekday and month names in ``text``."""
    out = []
    for m in _DATE_WORD.finditer(text):
        word = m.group(1).lower()
        if word in WEEKDAYS:
            out.append((m.group(1), word, m.start(), m.end(1)))
        elif word in MONTHS:
            if word in AMBIGUOUS_MONTHS:
                near = text[max(0, m.start() - 6) : m.end() + 6]
                if not re.search(r"\d", near):
                    continue
            out.append((m.group(1), MONTHS[word], m.start(), m.end(1)))
    return out


def date_or_number(text: str, fig: Figure) -> str:
    """How a problem figure is named: "date 'March 4'" next to a month, else "number '4'"."""
    before = _MONTH_BEFORE.search(text[: fig.start])
    if before and before.group(1)[0].isupper():
        return f"date '{text[before.start() : fig.end].strip()}'"
    after = _MONTH_AFTER.match(text[fig.end :])
    if after and after.group(1)[0].isupper():
        return f"date '{text[fig.start : fig.end + after.end()].strip()}'"
    return f"number '{fig.surface}'"
