"""One reader per input format: each turns raw bytes into articles or raises ``InputRejected``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

import yaml

from briefgen.core.scripts import word_count
from briefgen.document import Article, content_id
from briefgen.ingest.moments import holdable
from briefgen.ingest.text import clean_body, clean_field, shown

MAX_INPUT_BYTES = 8 * 1024 * 1024
"""Inputs larger than this are skipped: no news article is 8 MB of text."""

MIN_WORDS = 20
"""An article with fewer words than this has nothing to summarise."""


class InputRejected(Exception):
    """This input cannot be used; the message is the reason shown to the user.

    ``where`` names a part of the input (``file.jsonl:3``) when only that part is rejected.
    """

    def __init__(self, reason: str, where: str = "") -> None:
        super().__init__(reason)
        self.where = where


def decode(raw: bytes) -> str:
    """Decode article bytes as UTF-8 (a BOM is honoured, UTF-16 with a BOM too)."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InputRejected(
            f"too large ({len(raw) / 1e6:.1f} MB; the limit is {MAX_INPUT_BYTES / 1e6:.0f} MB)"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputRejected("not valid UTF-16 despite its byte-order mark") from None
    if b"\x00" in raw[:8192]:
        raise InputRejected("binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRejected(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None


def _parse_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0))
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%a, %d %b %Y %H:%M:%S %z", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _clean_text(text: str) -> str:
    text = clean_body(text)  # valid Unicode, no control characters but line breaks and tabs
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def make_article(
    text: str,
    *,
    title: str = "",
    origin: str,
    source: str = "",
    url: str = "",
    published: Any = None,
    author: str = "",
    section: str = "",
    language: str = "",
) -> Article:
    """Build an ``Article`` from already decoded fields, rejecting one with no usable text.

    Every field is made valid Unicode and freed of control characters here, whatever the
    reader (the body keeps its line breaks; the others are one line each).
    """
    body = _clean_text(str(text or ""))
    words = word_count(body)
    if words == 0:
        raise InputRejected("empty: no article text")
    if words < MIN_WORDS:
        raise InputRejected(f"too short to summarise ({words} words; at least {MIN_WORDS})")
    return Article(
        id=content_id(body),
        title=clean_field(title) or _first_words(body),
        text=body,
        source=clean_field(source),
        url=clean_field(url),
        published=holdable(_parse_datetime(published), shown(origin)),
        author=_author(author),
        section=clean_field(section),
        origin=shown(origin),
        language=clean_field(language),
    )


def clean_metadata(article: Article) -> Article:
    """``article`` with every metadata field cleaned as ``make_article`` cleans them (for
    fields set afterwards: a feed entry's title, a config file's source name)."""
    return replace(
        article,
        title=clean_field(article.title) or _first_words(article.text),
        source=clean_field(article.source),
        url=clean_field(article.url),
        author=clean_field(article.author),
        section=clean_field(article.section),
        origin=shown(article.origin),
        language=clean_field(article.language),
    )


def _author(value: Any) -> str:
    if isinstance(value, list):
        return clean_field(", ".join(clean_field(v) for v in value))
    return clean_field(value)


def _first_words(body: str, n: int = 10) -> str:
    words = body.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def read_txt(text: str, origin: str) -> Iterator[Article]:
    """Plain text: the first non-empty line is the title, the rest is the body."""
    stripped = text.strip()
    if not stripped:
        raise InputRejected("empty: no article text")
    title, _, body = stripped.partition("\n")
    yield make_article(body, title=title.strip(), origin=origin)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def strip_markdown(body: str) -> str:
    """Reduce Markdown to plain prose: headings, links, emphasis and list markers go."""
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_EMPHASIS.sub(r"\2", body)
    body = re.sub(r"^#{1,6}[ \t]+", "", body, flags=re.MULTILINE)
    body = re.sub(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+", "", body, flags=re.MULTILINE)
    body = re.sub(r"^[ \t]*>[ \t]?", "", body, flags=re.MULTILINE)
    return body


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases: front matter needs none, and aliases let a
    few hundred bytes expand into gigabytes ("billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


def read_markdown(text: str, origin: str) -> Iterator[Article]:
    """Markdown with optional YAML front matter (title, source, url, published, author, section)."""
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    body = text
    if match:
        try:
            loaded = yaml.load(match.group(1), Loader=_FrontMatterLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            raise InputRejected(f"malformed YAML front matter{where}") from None
        except ValueError as exc:  # e.g. a date that does not exist: published: 2024-02-30
            raise InputRejected(f"bad value in YAML front matter ({exc})") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise InputRejected("front matter is not a mapping of keys to values")
        meta = loaded or {}
        body = text[match.end() :]
    title = str(meta.get("title") or "")
    if not title:
        heading = _MD_HEADING.search(body)
        if heading and not body[: heading.start()].strip():
            title = heading.group(1)
            body = body[heading.end() :]
    yield make_article(
        strip_markdown(body),
        title=title,
        origin=origin,
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        published=meta.get("published") or meta.get("date"),
        author=meta.get("author", ""),
        section=meta.get("section") or meta.get("category") or "",
        language=meta.get("language", ""),
    )


def read_html(text: str, origin: str, url: str = "") -> Iterator[Article]:
    """HTML: the article's body (no headline, no page furniture) and metadata
    (``briefgen.ingest.pages``); consent walls, paywalls and script-only pages are rejected
    with the reason (``briefgen.ingest.walls``)."""
    from briefgen.ingest.pages import extract_page
    from briefgen.ingest.walls import wall_reason

    if "<" not in text:
        raise InputRejected("not HTML: no markup found")
    try:
        page = extract_page(text, url)
    except Exception as exc:  # trafilatura and lxml raise many kinds of parser errors
        raise InputRejected(f"unparseable HTML ({type(exc).__name__})") from None
    wall = wall_reason(page.title, page.raw) if page is not None and page.raw.strip() else None
    if wall:
        raise InputRejected(wall)
    if page is None or not page.body.strip():
        raise InputRejected("no article text found in the HTML (boilerplate only?)")
    yield make_article(
        page.body,
        title=page.title,
        origin=origin,
        source=page.sitename,
        url=page.url or url,
        published=page.published,
        author=page.author,
        section=page.section,
        language=page.language,
    )


def article_from_record(record: Any, where: str) -> Article:
    """One JSON object (a JSON Lines line, a corpus row) as an article: ``text`` (or
    ``body``), ``title``, ``source``, ``url``, ``published``, ``author``, ``section`` (or
    ``category``), ``language``; a missing or null field is empty.

    Raises ``InputRejected`` for anything but an object, and as :func:`make_article` does.
    """
    if not isinstance(record, dict):
        raise InputRejected("not a JSON object")
    return make_article(
        str(record.get("text") or record.get("body") or ""),
        title=record.get("title") or "",
        origin=where,
        source=record.get("source") or "",
        url=record.get("url") or "",
        published=record.get("published"),
        author=record.get("author") or "",
        section=record.get("section") or record.get("category") or "",
        language=record.get("language") or "",
    )


def read_jsonl(text: str, origin: str) -> Iterator[Article | InputRejected]:
    """JSON Lines: one article a line with title, text, source, url, published (author, section).

    A bad line is yielded as an ``InputRejected`` naming the line, so the other lines are kept.
    """
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = True
        where = f"{origin}:{number}"
        try:
            yield article_from_record(json.loads(line), where)
        except json.JSONDecodeError as exc:
            yield InputRejected(f"invalid JSON ({exc.msg} at column {exc.colno})", where)
        except RecursionError:
            yield InputRejected("JSON nested too deeply", where)
        except InputRejected as exc:
            yield InputRejected(str(exc), where)
    if not found:
        raise InputRejected("empty: no JSON lines")


Reader = Callable[[str, str], Iterator[Any]]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
"""Readers by file extension."""


def sniff_reader(text: str) -> Reader:
    """Pick a reader for text with no file name (stdin) by looking at it."""
    head = text.lstrip("\ufeff \t\r\n")[:2048].lower()
    if head.startswith("---"):
        return read_markdown
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<?xml")):
        return read_html
    if head.startswith("{"):
        return read_jsonl
    if re.match(r"#{1,6}\s", head):
        return read_markdown
    return read_txt
