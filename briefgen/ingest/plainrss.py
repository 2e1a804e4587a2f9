"""A fast reader for plain RSS 2.0 feeds, for feeds of very many entries.

feedparser handles every element in Python (about 100 µs an entry); this reads a plain
feed with the standard library's C tree builder and gives what feedparser would give for
the fields briefgen uses (title, link, dates, author, content, summary, categories, the
channel's title and link). "Plain" is strict: UTF-8, no DOCTYPE, the channel's items
holding only the usual elements, absolute http(s) links, titles and authors without markup
or entities, HTML without scripts, styles or the elements feedparser's sanitiser treats
apart. Any other feed (Atom, RSS 1.0, anything unusual) gets ``None`` and is read by
feedparser, as before.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from feedparser.util import FeedParserDict

from briefgen.ingest.plainxml import (
    PROLOGUE,
    NotPlain,
    checked_html,
    date_of,
    is_utf8,
    parse_date,
)
from briefgen.ingest.webcache import Page

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"
ITEM_CHILDREN = frozenset(
    {"title", "link", "description", "pubDate", "guid", "category", "author", "comments"}
    | {"enclosure", CONTENT, DC + "creator", DC + "date"}
)
ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
SY = "{http://purl.org/rss/1.0/modules/syndication/}"
CHANNEL_CHILDREN = frozenset(
    "title link description language copyright managingEditor webMaster pubDate "
    "lastBuildDate category generator docs cloud ttl image rating skipHours skipDays item".split()
) | {SY + "updatePeriod", SY + "updateFrequency", SY + "updateBase"}
"""With an atom:link to the feed itself; anything else might change what feedparser gives."""
LINK = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+", re.IGNORECASE)
MARKUP = re.compile(r"<|&[#a-zA-Z]")  # a title or name feedparser would read as HTML


def read_plain_rss(page: Page) -> FeedParserDict | None:
    """``page`` read as feedparser would read it, when it is a plain RSS 2.0 feed."""
    body = page.body
    if (
        parse_date is None
        or not is_utf8(page)
        or PROLOGUE.search(body)
        or b"<rss" not in body[:4096]
    ):
        return None
    try:
        root = ET.fromstring(body)
        channel = root.find("channel") if root.tag == "rss" else None
        if channel is None or not root.get("version", "").startswith("2."):
            return None
        if not all(_usual(child) for child in channel) or len(channel.findall("title")) > 1:
            return None
        items = channel.findall("item")
        if not items or len(items) != sum(1 for _ in root.iter("item")):
            return None
        entries = [_entry(item) for item in items]
        feed = FeedParserDict(title=_plain(channel.findtext("title")), link=_link(channel))
    except (ET.ParseError, NotPlain, ValueError):
        return None
    return FeedParserDict(feed=feed, entries=entries, bozo=0, version="rss20")


def _usual(child: ET.Element) -> bool:
    """A channel element feedparser reads no entry or channel field from."""
    if child.tag == ATOM_LINK:
        return child.get("rel") == "self"
    return child.tag in CHANNEL_CHILDREN


def _plain(text: str | None) -> str:
    value = (text or "").strip()
    if MARKUP.search(value):
        raise NotPlain
    return value


def _link(parent: ET.Element) -> str:
    value = (parent.findtext("link") or "").strip()
    if value and not LINK.fullmatch(value):
        raise NotPlain
    return value


def _entry(item: ET.Element) -> FeedParserDict:
    tags = [child.tag for child in item]
    if any(tag not in ITEM_CHILDREN for tag in tags) or any(len(child) for child in item):
        raise NotPlain
    if any(tags.count(tag) > 1 for tag in ITEM_CHILDREN - {"category"}):
        raise NotPlain  # which one feedparser keeps is its own business
    link = _link(item)
    guid = item.find("guid")
    if guid is not None and guid.get("isPermaLink", "true") not in ("true", "false"):
        raise NotPlain
    if not link and guid is not None and guid.get("isPermaLink", "true") == "true":
        link = (guid.text or "").strip()  # feedparser takes a permalink guid as the link
        if link and not LINK.fullmatch(link):
            raise NotPlain
    if item.find("author") is not None and item.find(DC + "creator") is not None:
        raise NotPlain
    content = checked_html(item.findtext(CONTENT))
    summary = checked_html(item.findtext("description")) or content  # as feedparser fills it in
    entry: dict[str, Any] = {
        "title": _plain(item.findtext("title")),
        "link": link,
        "author": _plain(item.findtext("author") or item.findtext(DC + "creator")),
        "summary": summary,
        "content": [FeedParserDict(value=content)] if content else [],
        "tags": [FeedParserDict(term=(c.text or "").strip()) for c in item.findall("category")],
        "published_parsed": date_of(item.findtext("pubDate")),
        "updated_parsed": date_of(item.findtext(DC + "date")),
    }
    return FeedParserDict({k: v for k, v in entry.items() if v})
