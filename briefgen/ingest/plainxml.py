"""What the fast feed readers (``plainrss``, ``plainatom``) share: when a feed is plain
enough to read without feedparser, and reading dates and HTML as feedparser reads them."""

from __future__ import annotations

import re
from typing import Any

try:  # feedparser's own date parser, so that dates read as feedparser reads them
    from feedparser.datetimes import _parse_date
except ImportError:  # a feedparser without it: every feed is read by feedparser
    _parse_date = None

from briefgen.ingest.webcache import Page

parse_date = _parse_date

SET_APART = re.compile(
    r"<\s*/?\s*(script|style|noscript|template|figcaption|applet|svg|math|object|embed|"
    r"iframe|frame|form|base|title|head|body|html)\b|<!",
    re.IGNORECASE,
)
"""Elements feedparser's sanitiser treats apart (drops with their text, or rewrites)."""
PROLOGUE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*[\"']([\w.:-]+)")


class NotPlain(Exception):
    """The feed is not plain: feedparser reads it."""


def is_utf8(page: Page) -> bool:
    """The page is UTF-8 by its headers and by its XML declaration."""
    declared = DECLARED.match(page.body)
    names = [page.charset or "utf-8", declared.group(1).decode() if declared else "utf-8"]
    return all(name.lower().replace("_", "-") in ("utf-8", "utf8") for name in names)


def checked_html(text: str | None) -> str:
    """An HTML fragment feedparser's sanitiser would leave with the same text."""
    value = (text or "").strip()
    if SET_APART.search(value):
        raise NotPlain
    return value


def date_of(text: str | None) -> Any:
    """A date as feedparser parses it (a ``time.struct_time``), ``None`` when there is none."""
    if parse_date is None:
        raise NotPlain
    return parse_date(text.strip()) if text and text.strip() else None


MANGLED = re.compile(r"[\x80-\x9f]")


def unmangled(value: str) -> str:
    """``value``, when feedparser keeps it as it is: it rewrites text that reads as UTF-8
    taken for Latin-1 and maps C1 controls to Windows-1252; such text goes to feedparser."""
    if value.isascii():
        return value
    if MANGLED.search(value):
        raise NotPlain
    try:
        value.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value
    raise NotPlain
