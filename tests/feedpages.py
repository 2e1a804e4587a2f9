"""Feed documents as fetched pages, and what briefgen takes from a parsed feed: shared by
the fast feed readers' tests (RSS in test_hostile_inputs.py, Atom in test_plain_atom.py)."""

from __future__ import annotations

from typing import Any

from briefgen.ingest.feeds import html_to_text
from briefgen.ingest.webcache import Page


def feed_page(
    body: str, content_type: str = "application/rss+xml", charset: str | None = None
) -> Page:
    """``body`` as a page fetched from a feed's URL (Latin-1 when its prologue says so)."""
    return Page(
        url="https://ledger.example/feed",
        final_url="https://ledger.example/feed",
        content_type=content_type,
        charset=charset,
        body=body.encode("latin-1" if "ISO-8859-1" in body else "utf-8"),
        etag="",
        last_modified="",
        fetched_at="",
    )


def seen(feed: Any) -> tuple[Any, ...]:
    """What briefgen takes from a feed: HTML as the text it holds."""
    entries = [
        (e.title, e.link, e.published, e.author, e.categories, *map(html_to_text, texts))
        for e in feed.entries
        for texts in [(e.content, e.summary)]
    ]
    return feed.title, feed.link, feed.site, entries
