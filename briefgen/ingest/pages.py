"""A news page's article: its body without headline or page furniture, its metadata, walls.

trafilatura finds the main text; around it this module

* takes the headline out of the body (the ``<h1>``, and a first line that repeats the title),
  and page furniture trafilatura lets through (bylines, share bars, "Read more" boxes,
  cookie banners, comments, video-player notices ...), named by their class or id;
* turns layout tables (a cell holding the article's text) into plain blocks, so the text is
  not read as a data table;
* extracts in precision mode and falls back to recall mode when the precise text holds much
  less than the page's paragraphs (``FALLBACK_SHARE``), a safety net: on the benchmark's
  pages, once the furniture is gone, precision mode never needs it;
* reads the publication time with its zone from the page's metadata (``article:published_time``,
  JSON-LD ``datePublished``, ``<time datetime>``): trafilatura keeps the day only;
* recognises consent walls, paywalls and "enable JavaScript" pages by their content
  (``briefgen.ingest.walls``).

``benchmarks/extraction_eval.py`` measures it on the evaluation articles wrapped in varied
page layouts (``make bench``).
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from briefgen.core.scripts import word_count
from briefgen.ingest.walls import CONSENT, CONSENT_WORDS

Element = Any
"""An lxml HTML element (``lxml.html.HtmlElement``; lxml ships no type stubs)."""

FURNITURE = frozenset(
    """byline bylines author-bio author-box share sharing share-bar share-post social
    social-share related related-stories read-more readmore more-on newsletter signup
    sign-up subscribe subscribe-prompt subscription promo cookie cookies cookie-banner
    consent consent-banner gdpr ad ads ad-slot advert advertisement sponsored comments
    comment comment-list pagination pager breadcrumb breadcrumbs tags topics kicker
    key-events live-badge media-player media-caption caption figcaption credit
    most-read popular trending outbrain taboola""".split()
)
"""Class or id names (whole, or one ``-``/``_`` part of them) of page furniture."""

_PART_FURNITURE = frozenset(
    "byline share sharing social newsletter signup subscribe promo cookie cookies consent "
    "gdpr advert advertisement sponsored comments pagination breadcrumb outbrain "
    "taboola".split()
)
"""Parts of a compound class name that mark furniture on their own (``story-share``)."""

_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
_FURNITURE_TAGS = ("nav", "footer", "aside", "figcaption", "form", "button", "noscript")
MAX_FURNITURE_SHARE = 0.3
"""An element marked as furniture that holds more of the page's paragraph text than this is
kept: a class name is a hint, the text is the evidence."""

SCARCE_PARAGRAPH_WORDS = 50
"""A page with fewer paragraph words than this keeps text in other markup (``<font>``,
``<span>``): an element holding half its words is never furniture."""

FALLBACK_SHARE = 0.6
"""Precision text holding less than this share of the page's paragraph words: recall mode."""

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
)


@dataclass(frozen=True)
class PageText:
    """What ``extract_page`` found: the body and the page's metadata."""

    body: str
    raw: str  # the text as extracted, furniture lines still in it
    title: str
    sitename: str
    url: str
    published: datetime | str | None
    author: str
    section: str
    language: str


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _names(element: Element) -> set[str]:
    """The element's class and id names, whole and split at ``-`` and ``_``."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    names: set[str] = set()
    for name in raw.split():
        names.add(name)
        parts = [p for p in re.split(r"[-_]+", name) if p]
        names.update(p for p in parts if p in _PART_FURNITURE)
    return names


def _words(element: Element) -> int:
    return word_count(element.text_content())


def paragraph_words(tree: Element) -> int:
    """Words in the page's text paragraphs (``<p>`` of 12 words or more, and text runs of a
    block split by ``<br>``): an estimate of how long its main text is."""
    total = 0
    for p in tree.iter("p"):
        n = _words(p)
        total += n if n >= 12 else 0
    holders = {id(br.getparent()): br.getparent() for br in tree.iter("br")}
    for block in holders.values():
        if block is None or block.tag == "p" or block.find("p") is not None:
            continue
        runs = [block.text or "", *((br.tail or "") for br in block.iterchildren("br"))]
        total += sum(word_count(r) for r in runs if word_count(r) >= 12)
    return total


def _drop(element: Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _is_headline(element: Element, folded_title: str) -> bool:
    if element.tag == "h1":
        return True
    return bool(
        element.tag in ("h2", "h3")
        and folded_title
        and _fold(element.text_content()) == folded_title
    )


def _holds_the_text(element: Element, paragraphs: int, page_words: int) -> bool:
    """Whether an element marked as furniture holds too much of the page's text to go (a
    page wrapped whole in a ``<form>``, an article in an ``<aside>``)."""
    if paragraph_words(element) > MAX_FURNITURE_SHARE * paragraphs:
        return True
    return paragraphs < SCARCE_PARAGRAPH_WORDS and _words(element) > 0.5 * page_words


def strip_furniture(tree: Element, title: str) -> None:
    """Remove the headline and page furniture from ``tree`` (in place)."""
    total = paragraph_words(tree)
    page_words = _words(tree)
    folded_title = _fold(title)
    doomed: list[Element] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _KEEP_TAGS:
            continue
        if _is_headline(element, folded_title) or (
            (element.tag in _FURNITURE_TAGS or _names(element) & FURNITURE)
            and not _holds_the_text(element, total, page_words)
        ):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            _drop(element)
    _unwrap_layout_tables(tree)


def _unwrap_layout_tables(tree: Element) -> None:
    """A table whose cell holds a long text (a page laid out with tables) as plain blocks."""
    for table in list(tree.iter("table")):
        cells = list(table.iter("td", "th"))
        if any(paragraph_words(c) >= 40 or _words(c) >= 150 for c in cells):
            for element in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
                element.tag = "div"


_FURNITURE_LINE = re.compile(
    r"^(?:(?:read|see) (?:more|also)\b.{0,200}|advertisement|advert|sponsored(?: content)?|"
    r"media playback is (?:unsupported|not supported) on your device|"
    r"media caption.{0,200}|image (?:caption|source|copyright).{0,200}|share (?:this|on)\b"
    r".{0,40}|(?:live|updated)\W*(?:updated\W*)?\d{1,2}[:.]\d{2}(?: ?[ap]m)?(?: \w{3,4})?|"
    r"\d{1,2}[:.]\d{2}(?: ?[ap]m)?(?: \w{3,4})?|"
    r"by (?-i:[A-Z])[\w.'-]+(?: (?:and |& )?(?-i:[A-Z])[\w.'-]+){0,4}(?:,[^.!?]{0,60})?|"
    r"(?:photo|picture|image|photograph)s?: .{0,80}|"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,? )?\d{1,2} \w{3,9},? \d{4}(?:,? \d{1,2}[:.]\d{2}"
    r"(?: ?[ap]m)?(?: \w{3,4})?)?|\w{3,9} \d{1,2}, \d{4}(?:,? \d{1,2}[:.]\d{2}(?: ?[ap]m)?"
    r"(?: \w{3,4})?)?)$",
    re.IGNORECASE,
)
"""A line that is page furniture whole: "Read more: ...", "Advertisement", a byline, a
caption credit, a bare date or time stamp."""

_PROMPT = re.compile(
    r"^\W*(?:sign up|subscribe|register|get (?:our|the))\b.{0,80}\b(?:newsletters?|inbox)\b|"
    r"\bin your inbox\b",
    re.IGNORECASE,
)
MAX_PROMPT_WORDS = 25
"""A line this short that asks the reader to sign up for a newsletter is furniture."""

MAX_BANNER_WORDS = 40
BANNER_VOCABULARY = 3
"""A line this short with a consent phrase and this many consent words is a cookie banner."""


def _furniture(line: str) -> bool:
    if _FURNITURE_LINE.match(line):
        return True
    words = line.split()
    if len(words) <= MAX_PROMPT_WORDS and _PROMPT.search(line):
        return True
    if len(words) > MAX_BANNER_WORDS or not CONSENT.phrases.search(line):
        return False
    vocabulary = sum(1 for w in words if w.strip(".,;:!?()\"'").lower() in CONSENT_WORDS)
    return vocabulary >= BANNER_VOCABULARY


def clean_lines(body: str, title: str) -> str:
    """The extracted body without a headline line and lines of furniture text."""
    folded_title = _fold(title)
    kept: list[str] = []
    for line in body.split("\n"):
        text = line.strip()
        folded = _fold(text)
        if folded_title and folded in (folded_title, _fold("live " + title)):
            continue
        if not _furniture(text):
            kept.append(line)
    return "\n".join(kept).strip()


def without_headline(body: str, title: str) -> str:
    """``body`` without leading lines that repeat the headline ``title``."""
    folded_title = _fold(title)
    lines = body.split("\n")
    start = 0
    while (
        folded_title
        and start < len(lines)
        and (not lines[start].strip() or _fold(lines[start]) == folded_title)
    ):
        start += 1
    return "\n".join(lines[start:]).strip() if start else body


def _time_value(value: str | None) -> datetime | None:
    """An ISO 8601 date and time (with its zone when given); ``None`` for a bare day."""
    text = (value or "").strip()
    if len(text) < 16 or not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _json_ld_dates(tree: Element) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            walk(json.loads(script.text or ""))
        except (ValueError, RecursionError):
            continue
    return found


def published_time(tree: Element) -> datetime | None:
    """The publication time with its zone from the page's metadata, or ``None``."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content") and key not in metas:
            metas[key] = meta.get("content") or ""
    candidates = [metas.get(key) for key in _PUBLISHED_META]
    candidates += _json_ld_dates(tree)
    times = list(tree.iter("time"))
    times.sort(key=lambda t: (t.get("itemprop") or "").lower() != "datepublished")
    candidates += [t.get("datetime") for t in times]
    for value in candidates:
        when = _time_value(value)
        if when is not None:
            return when
    return None


def _extract(tree: Element, url: str, *, precision: bool) -> str:
    import trafilatura

    doc = trafilatura.bare_extraction(
        deepcopy(tree),
        url=url or None,
        include_comments=False,
        include_tables=True,
        favor_precision=precision,
        favor_recall=not precision,
    )
    if doc is None:
        return ""
    data: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return str(data.get("text") or "")


def main_text(tree: Element, title: str, url: str = "") -> tuple[str, str]:
    """The article body of ``tree`` (precision mode, recall mode when that holds much more),
    and the text as extracted, before furniture lines were dropped (for ``walls``)."""
    cleaned = deepcopy(tree)
    strip_furniture(cleaned, title)
    expected = paragraph_words(cleaned)
    raw = _extract(cleaned, url, precision=True)
    body = clean_lines(raw, title)
    if word_count(body) < FALLBACK_SHARE * expected:
        recall_raw = _extract(cleaned, url, precision=False)
        recall = clean_lines(recall_raw, title)
        if word_count(recall) > word_count(body):
            raw, body = recall_raw, recall
    return body, raw


def _metadata(tree: Element, url: str) -> dict[str, Any]:
    from trafilatura.metadata import extract_metadata

    try:
        meta = extract_metadata(deepcopy(tree), default_url=url or None)
    except Exception:  # metadata is a bonus: a page whose metadata trips the parser still reads
        return {}
    data: dict[str, Any] = meta.as_dict()
    return data


def extract_page(text: str, url: str = "") -> PageText | None:
    """The article of an HTML page and its metadata; ``None`` when it cannot be parsed."""
    from trafilatura.utils import load_html

    tree = load_html(text)
    if tree is None:
        return None
    meta = _metadata(tree, url)
    title = str(meta.get("title") or "")
    body, raw = main_text(tree, title, url)
    return PageText(
        body=body,
        raw=raw,
        title=title,
        sitename=str(meta.get("sitename") or ""),
        url=str(meta.get("url") or url),
        published=published_time(tree) or meta.get("date"),
        author=str(meta.get("author") or ""),
        section=", ".join(meta.get("categories") or [])[:60],
        language=str(meta.get("language") or ""),
    )
