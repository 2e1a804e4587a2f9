"""A fast reader for plain Atom 1.0 feeds, for feeds of very many entries.

Like ``plainrss``: a plain feed is read with the standard library's C tree builder to what
feedparser would give for the fields briefgen uses (title, the ``alternate`` link or else the
id, dates, author, summary and content of type text, html or xhtml, categories, the feed's
title and link). "Plain" is strict: UTF-8 served as XML, no DOCTYPE, no ``xml:base``, only
Atom elements with the attributes feedparser reads (XHTML inside ``type="xhtml"`` content),
each entry with one id and one title, at most one author, summary and content, HTML without
the elements feedparser's sanitiser treats apart, and titles of type html without markup.
Any other feed gets ``None`` and is read by feedparser, as before.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from feedparser.util import FeedParserDict

from briefgen.ingest.plainxml import (
    PROLOGUE,
    NotPlain,
    checked_html,
    date_of,
    is_utf8,
    parse_date,
    unmangled,
)
from briefgen.ingest.webcache import Page

try:  # feedparser's own URL joining, so that links read as feedparser reads them
    from feedparser.urls import _urljoin as urljoin
    from feedparser.urls import make_safe_absolute_uri
except ImportError:  # a feedparser without them: every Atom feed is read by feedparser
    urljoin = make_safe_absolute_uri = None

NS = "http://www.w3.org/2005/Atom"
A = "{" + NS + "}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENTRY, TITLE, LINK, ID, CATEGORY = (A + t for t in ("entry", "title", "link", "id", "category"))
AUTHOR, SUMMARY, CONTENT, PUBLISHED, UPDATED = (
    A + t for t in ("author", "summary", "content", "published", "updated")
)
ONCE = frozenset({TITLE, ID, AUTHOR, SUMMARY, CONTENT, PUBLISHED, UPDATED, A + "rights"})
"""An entry's elements besides links and categories, each at most once."""
FEED_LEAVES = frozenset(A + t for t in "subtitle updated generator icon logo rights".split())
"""Feed elements briefgen reads nothing from, without child elements."""
PEOPLE = frozenset({A + "name", A + "email", A + "uri"})
PERSONS = frozenset({AUTHOR, A + "contributor"})
TYPES = {"text": "text", "plain": "text", "text/plain": "text", "html": "html"}
TYPES |= {"text/html": "html", "xhtml": "xhtml", "application/xhtml+xml": "xhtml"}
LINK_ATTRIBUTES = frozenset({"href", "rel", "type", "hreflang", "title", "length", XML_LANG})
TEXT_ATTRIBUTES = frozenset({"type", XML_LANG})
CATEGORY_ATTRIBUTES = frozenset({"term", "scheme", "label", XML_LANG})
XML_TYPES = frozenset(
    "application/xml application/xml-dtd application/xml-external-parsed-entity "
    "text/xml text/xml-external-parsed-entity".split()
)
OPAQUE = re.compile(r"(?:urn|tag):(?!//)[^\t\r\n]*\Z", re.IGNORECASE)
"""An id urljoin gives back as it is (a scheme it never joins relative URLs for)."""
DEEPEST = 64  # XHTML nested deeper than this goes to feedparser


def read_plain_atom(page: Page) -> FeedParserDict | None:
    """``page`` read as feedparser would read it, when it is a plain Atom 1.0 feed."""
    body = page.body
    if (
        parse_date is None
        or urljoin is None
        or not is_utf8(page)
        or not _served_as_xml(page)
        or PROLOGUE.search(body)
        or NS.encode() not in body[:4096]
        or b"xml:base" in body
    ):
        return None
    try:
        root = ET.fromstring(body)
        if root.tag != A + "feed":
            return None
        base = _base(page.final_url)
        feed, entries = _feed(root, base)
    except (ET.ParseError, NotPlain, ValueError):
        return None
    if not entries:
        return None
    return FeedParserDict(feed=feed, entries=entries, bozo=0, version="atom10")


def _served_as_xml(page: Page) -> bool:
    """A media type feedparser takes as XML (any other makes it report the feed as bozo),
    and for text/* without a charset (read as US-ASCII), an ASCII body."""
    kind = page.content_type
    if kind.startswith("text/") and not page.charset and not page.body.isascii():
        return False
    plus_xml = kind.startswith(("application/", "text/")) and kind.endswith("+xml")
    return kind in XML_TYPES or plus_xml


def _base(url: str) -> str:
    """The base feedparser resolves links against (the URL the feed came from, joined to
    itself at each element); one that changes when joined again goes to feedparser."""
    once = make_safe_absolute_uri(url, url) or url
    if (make_safe_absolute_uri(once, once) or once) != once:
        raise NotPlain
    return str(once)


def _feed(root: ET.Element, base: str) -> tuple[FeedParserDict, list[FeedParserDict]]:
    entries: list[FeedParserDict] = []
    titles: list[str] = []
    links: list[ET.Element] = []
    ids: list[str] = []
    for child in root:
        tag = child.tag
        if tag == ENTRY:
            entries.append(_entry(child, base))
        elif tag == TITLE:
            titles.append(_title(child))
        elif tag == LINK:
            links.append(child)
        elif tag == ID:
            ids.append(_leaf(child))
        elif tag in PERSONS:
            _person(child)
        elif (tag not in FEED_LEAVES and tag != CATEGORY) or len(child):
            raise NotPlain
    if len(titles) > 1 or len(ids) > 1:
        raise NotPlain
    link = _link(links, ids[0] if ids else None, base)
    return FeedParserDict(title=titles[0] if titles else "", link=link), entries


def _entry(entry: ET.Element, base: str) -> FeedParserDict:
    once: dict[str, ET.Element] = {}
    links: list[ET.Element] = []
    tags: list[FeedParserDict] = []
    for child in entry:
        tag = child.tag
        if tag == LINK:
            links.append(child)
        elif tag == CATEGORY:
            _category(child, tags)
        elif tag in ONCE and tag not in once:
            once[tag] = child
        else:
            raise NotPlain
    if TITLE not in once or ID not in once or entry.attrib.keys() - {XML_LANG}:
        raise NotPlain  # an entry without its id or title is unusual: feedparser reads it
    content = _body(once.get(CONTENT))
    summary = _body(once.get(SUMMARY))
    fields: dict[str, Any] = {
        "title": _title(once[TITLE]),
        "link": _link(links, _leaf(once[ID]), base),
        "author": _person(once.get(AUTHOR)),
        "summary": content if summary is None else summary,  # feedparser copies content
        "content": [FeedParserDict(value=content)] if content else [],
        "tags": tags,
        "published_parsed": date_of(_leaf(once.get(PUBLISHED))),
        "updated_parsed": date_of(_leaf(once.get(UPDATED))),
    }
    if A + "rights" in once:
        _text(once[A + "rights"])
    return FeedParserDict({k: v for k, v in fields.items() if v})


def _leaf(element: ET.Element | None) -> str:
    """The text of an element with no attributes and no child elements."""
    if element is None:
        return ""
    if len(element) or element.attrib.keys() - {XML_LANG}:
        raise NotPlain
    return unmangled((element.text or "").strip())


def _text(element: ET.Element) -> tuple[str, str]:
    """An Atom text construct: its type (text, html, xhtml) and what feedparser gives."""
    kind = TYPES.get(element.get("type", "text").lower())
    if kind is None or element.attrib.keys() - TEXT_ATTRIBUTES:
        raise NotPlain  # base64, or content by reference (src)
    if kind == "xhtml":
        return kind, _xhtml(element)
    if len(element):
        raise NotPlain  # markup in text or html: feedparser takes it for xhtml
    value = unmangled((element.text or "").strip())
    return kind, checked_html(value) if kind == "html" else value


def _title(element: ET.Element) -> str:
    """A title as feedparser gives it: text as it is, HTML sanitised, which changes
    nothing only when there is no markup."""
    kind, value = _text(element)
    if kind == "xhtml" or (kind == "html" and ("<" in value or "&" in value)):
        raise NotPlain
    return value


def _body(element: ET.Element | None) -> str | None:
    return None if element is None else _text(element)[1]


def _link(links: Iterable[ET.Element], ident: str | None, base: str) -> str:
    """The last ``alternate`` HTML link, else the id (feedparser's ``guidislink``)."""
    found = None
    for link in links:
        attributes = link.attrib
        if len(link) or (link.text or "").strip() or "href" not in attributes:
            raise NotPlain
        if attributes.keys() - LINK_ATTRIBUTES:
            raise NotPlain
        rel = attributes.get("rel", "alternate").lower()
        kind = TYPES.get(attributes.get("type", "text/html").lower(), "")
        if rel == "alternate" and kind in ("html", "xhtml"):
            found = urljoin(base, attributes["href"])
    if found is not None:
        return str(found)
    if not ident or OPAQUE.match(ident):
        return ident or ""
    return str(urljoin(base, ident))


def _person(element: ET.Element | None) -> str:
    """An author as feedparser gives it: "name (email)", the name, or the email."""
    if element is None:
        return ""
    if element.attrib.keys() - {XML_LANG} or (element.text or "").strip():
        raise NotPlain
    parts: dict[str, str] = {}
    for child in element:
        if child.tag not in PEOPLE or child.tag in parts or len(child) or child.attrib:
            raise NotPlain
        parts[child.tag] = (child.text or "").strip()
    name, email = parts.get(A + "name", ""), parts.get(A + "email", "")
    return f"{name} ({email})" if name and email else name or email


def _category(element: ET.Element, tags: list[FeedParserDict]) -> None:
    if len(element) or (element.text or "").strip():
        raise NotPlain
    if element.attrib.keys() - CATEGORY_ATTRIBUTES:
        raise NotPlain
    term, scheme, label = (element.get(k) for k in ("term", "scheme", "label"))
    tag = FeedParserDict(term=term, scheme=scheme, label=label)
    if (term or scheme or label) and tag not in tags:
        tags.append(tag)


def _xhtml(element: ET.Element) -> str:
    """XHTML content as feedparser writes it out: the wrapping ``div`` left out."""
    if len(element) != 1 or (element.text or "").strip():
        raise NotPlain
    div = element[0]
    if div.tag != XHTML + "div" or (div.tail or "").strip():
        raise NotPlain
    _attributes(div)
    pieces = [escape(div.text or "")]
    for child in div:
        _write(child, pieces, 1)
    return checked_html(unmangled("".join(pieces).strip()))


def _write(element: ET.Element, pieces: list[str], depth: int) -> None:
    if not element.tag.startswith(XHTML) or depth > DEEPEST:
        raise NotPlain
    name = element.tag[len(XHTML) :].lower()
    pieces.append(f"<{name}{_attributes(element)}>{escape(element.text or '')}")
    for child in element:
        _write(child, pieces, depth + 1)
    pieces.append(f"</{name}>{escape(element.tail or '')}")


def _attributes(element: ET.Element) -> str:
    if any(key.startswith("{") for key in element.attrib):
        raise NotPlain
    return "".join(
        f' {key.lower()}="{escape(value, {chr(34): "&quot;"})}"'
        for key, value in element.attrib.items()
    )
