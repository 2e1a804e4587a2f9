"""Web sources: pages and RSS/Atom feeds, read into articles.

A URL is read as a feed when it is named with the ``feed:`` prefix, when the server says
it is one (``application/rss+xml``, ``application/atom+xml`` ...) or when the body looks
like one (``<rss``, ``<feed``, ``<rdf:RDF``); otherwise it is a web page and its main text is
extracted with trafilatura.

Each feed entry becomes an article from the full text the feed carries (``content:encoded``,
Atom ``content``) when there is enough of it, else from the page its link names, fetched
like any other page. Entry dates are kept as the articles' published dates; ``since`` leaves
out entries older than that, and ``max_per_feed`` keeps only the newest entries of a feed.

An entry's source is the site's name (``og:site_name`` of the feed's own pages, else the
channel title without its tagline or section: ``sitenames``), its section the entry's first
RSS or Atom ``<category>``; a name or section the config gives wins. The headline is never
part of an entry's text, whether it comes from the feed or from the linked page.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import feedparser

from briefgen.core.scripts import word_count
from briefgen.document import Article, content_id
from briefgen.ingest.fetch import Fetcher
from briefgen.ingest.moments import from_struct
from briefgen.ingest.pages import without_headline
from briefgen.ingest.plainatom import read_plain_atom
from briefgen.ingest.plainrss import read_plain_rss
from briefgen.ingest.readers import InputRejected, make_article, read_html
from briefgen.ingest.sitenames import site_name
from briefgen.ingest.webcache import Page

log = logging.getLogger(__name__)

FEED_PREFIX = "feed:"
FULL_CONTENT_MIN_WORDS = 80
"""Feed content shorter than this is a teaser: the entry's link is fetched instead."""

EMPTY_EXTRACTION = "no article text extracted (paywall, consent wall or boilerplate only?)"

Outcome = Article | InputRejected


@dataclass(frozen=True)
class WebSource:
    """A URL to read, with the name and section a config file may give it."""

    url: str
    feed: bool = False  # named with the ``feed:`` prefix: read as a feed whatever it looks like
    name: str = ""
    section: str = ""


def parse_web_source(source: str) -> WebSource | None:
    """``https://...``, ``feed:https://...`` or ``feed://host/...`` as a ``WebSource``."""
    text = source.strip()
    if text.lower().startswith(FEED_PREFIX):
        rest = text[len(FEED_PREFIX) :]
        if rest.startswith("//"):
            rest = "http:" + rest
        if re.match(r"^https?://", rest, re.IGNORECASE):
            return WebSource(rest, feed=True)
        return None
    if re.match(r"^https?://", text, re.IGNORECASE):
        return WebSource(text)
    return None


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str
    published: datetime | None
    author: str
    content: str  # the full text the feed carries (HTML), "" when none
    summary: str  # the entry's description or summary (HTML)
    categories: tuple[str, ...] = ()  # RSS and Atom <category>, in feed order


@dataclass(frozen=True)
class Feed:
    title: str
    entries: list[FeedEntry]
    link: str = ""  # the channel's own site
    url: str = ""  # where the feed was read

    @property
    def site(self) -> str:
        """The publisher's name in the channel title, taglines and sections cut off."""
        return site_name(self.title, self.link, self.url)


class _TextExtractor(HTMLParser):
    """HTML fragment to plain text: one paragraph per block element, scripts dropped."""

    BLOCKS = frozenset(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote section article tr table pre".split()
    )
    SKIP = frozenset({"script", "style", "noscript", "template", "figcaption"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), paragraphs kept."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_date(entry: Any, where: str) -> datetime | None:
    """The entry's date; one outside Python's range is left out with a warning."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return from_struct(parsed, where)
    return None


def parse_feed(page: Page, *, fast: bool = True) -> Feed:
    """Parse an RSS or Atom feed, or raise ``InputRejected`` when there is none in ``page``.
    A plain RSS 2.0 or Atom 1.0 feed is read by ``plainrss`` or ``plainatom`` (``fast``),
    any other by feedparser."""
    parsed = (read_plain_rss(page) or read_plain_atom(page)) if fast else None
    if parsed is None:
        parsed = feedparser.parse(
            page.body,
            response_headers={
                "content-type": page.content_type
                + (f"; charset={page.charset}" if page.charset else ""),
                "content-location": page.final_url,
            },
            sanitize_html=True,
            resolve_relative_uris=True,
        )
    entries: list[FeedEntry] = []
    for index, raw in enumerate(parsed.entries):
        contents = raw.get("content") or []
        content = max((str(c.get("value") or "") for c in contents), key=len, default="")
        entry = FeedEntry(
            title=" ".join(str(raw.get("title") or "").split()),
            link=str(raw.get("link") or ""),
            published=_entry_date(raw, str(raw.get("link") or f"{page.url}#entry-{index + 1}")),
            author=str(raw.get("author") or ""),
            content=content,
            summary=str(raw.get("summary") or ""),
            categories=_categories(raw),
        )
        if entry.link or entry.content.strip() or entry.summary.strip():
            entries.append(entry)
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            detail = str(getattr(problem, "getMessage", lambda: problem)()) if problem else ""
            raise InputRejected("not a valid RSS or Atom feed" + (f" ({detail})" if detail else ""))
        if not parsed.get("version"):
            raise InputRejected("not an RSS or Atom feed")
        raise InputRejected("the feed has no entries")
    if parsed.get("bozo"):
        log.warning("%s: the feed is malformed; using the entries that could be read", page.url)
    return Feed(
        title=" ".join(str(parsed.feed.get("title") or "").split()),
        entries=entries,
        link=str(parsed.feed.get("link") or ""),
        url=page.final_url,
    )


def _categories(raw: Any) -> tuple[str, ...]:
    """An entry's categories (Atom ``label`` or ``term``, RSS text), each once."""
    found: list[str] = []
    for tag in raw.get("tags") or []:
        name = " ".join(str(tag.get("label") or tag.get("term") or "").split())
        if name and name.casefold() not in (f.casefold() for f in found):
            found.append(name)
    return tuple(found)


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _span(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 48:
        return f"{hours:g} h"
    return f"{hours / 24:g} days"


def select_entries(
    entries: Sequence[FeedEntry],
    *,
    since: timedelta | None,
    max_per_feed: int | None,
    now: datetime | None = None,
) -> tuple[list[FeedEntry], list[str]]:
    """The entries that enter the briefing, in feed order, and notes on those left out.

    ``since``: entries published longer ago are left out (undated entries are kept);
    ``max_per_feed``: only the newest ones are kept (undated entries count as oldest).
    """
    notes: list[str] = []
    kept = list(entries)
    if since is not None:
        cutoff = _naive_utc(now or datetime.now(UTC)) - since
        recent = [e for e in kept if e.published is None or _naive_utc(e.published) >= cutoff]
        if len(recent) < len(kept):
            old = len(kept) - len(recent)
            noun = "entry" if old == 1 else "entries"
            notes.append(f"{old} {noun} older than {_span(since)} left out")
        kept = recent
    if max_per_feed is not None and len(kept) > max_per_feed:
        order = sorted(
            range(len(kept)),
            key=lambda i: (
                kept[i].published is None,
                -(_naive_utc(kept[i].published).timestamp() if kept[i].published else 0.0),  # type: ignore[arg-type]
                i,
            ),
        )
        chosen = sorted(order[: max(0, max_per_feed)])
        old = len(kept) - len(chosen)
        noun = "older entry" if old == 1 else "older entries"
        notes.append(f"{old} {noun} left out (at most {max_per_feed} a feed)")
        kept = [kept[i] for i in chosen]
    return kept, notes


def _host(url: str) -> str:
    host = urlsplit(url).netloc
    return host[4:] if host.startswith("www.") else host


def page_article(page: Page, source: WebSource, *, site: bool = False) -> Article:
    """A web page as an article (trafilatura), or ``InputRejected`` with the reason.

    The source is the configured name, else the page's site name, else (unless ``site``,
    where the caller has a better fallback) the host."""
    if not page.looks_like_html:
        raise InputRejected(f"not an HTML page ({page.content_type or 'unknown type'})")
    try:
        [article] = list(read_html(page.text(), page.url, url=page.final_url))
    except InputRejected as exc:
        reason = str(exc)
        if reason.startswith(("no article text", "empty", "too short")):
            words = re.search(r"\((\d+) words", reason)
            detail = f" ({words.group(1)} words)" if words else ""
            raise InputRejected(EMPTY_EXTRACTION + detail) from None
        raise
    return replace(
        article,
        source=source.name or article.source or ("" if site else _host(page.final_url)),
        section=source.section or article.section,
    )


def _entry_origin(feed_url: str, entry: FeedEntry, index: int) -> str:
    return entry.link or f"{feed_url}#entry-{index + 1}"


def _from_feed_text(
    entry: FeedEntry, html: str, feed_url: str, index: int, feed: Feed, source: WebSource
) -> Article:
    return make_article(
        without_headline(html_to_text(html), entry.title),
        title=entry.title,
        origin=_entry_origin(feed_url, entry, index),
        source=source.name or feed.site or _host(feed_url),
        url=entry.link,
        published=entry.published,
        author=entry.author,
        section=source.section or _section(entry),
    )


def _section(entry: FeedEntry) -> str:
    return entry.categories[0] if entry.categories else ""


def _from_linked_page(
    entry: FeedEntry, page: Page, feed: Feed, source: WebSource
) -> tuple[Article, str]:
    """The page an entry links to, with the entry's metadata, and the site's name the page
    gives (``og:site_name``, "" when none): the source, else the feed's name."""
    article = page_article(page, WebSource(entry.link), site=True)
    site = article.source
    text = without_headline(article.text, entry.title)
    if text != article.text:
        article = replace(article, id=content_id(text), text=text)
    article = replace(
        article,
        title=entry.title or article.title,
        source=source.name or site or feed.site or _host(page.final_url),
        published=entry.published or article.published,
        author=entry.author or article.author,
        section=source.section or _section(entry) or article.section,
    )
    return article, site


def _words(html: str) -> int:
    return word_count(html_to_text(html)) if html else 0


@dataclass(frozen=True)
class _Pending:
    """A feed entry whose linked page is still to be fetched: ``wanted[index]``."""

    index: int


@dataclass
class _Plan:
    """Read web sources' first pages: for each source its outcomes so far and its notes, and
    the feed entries whose linked pages are still to be fetched."""

    slots: list[list[Outcome | _Pending]]
    notes: list[list[tuple[str, str]]]
    is_feed: list[bool]
    wanted: list[tuple[int, FeedEntry, Feed]] = field(default_factory=list)
    listed_by: list[str] = field(default_factory=list)  # the feed URL that named each link


def read_web(
    sources: Sequence[WebSource],
    fetcher: Fetcher,
    *,
    since: timedelta | None = None,
    max_per_feed: int | None = None,
    now: datetime | None = None,
) -> tuple[list[list[Outcome]], list[list[tuple[str, str]]]]:
    """Read web sources concurrently: pages, then the links of feed entries without full text.

    Returns, for each source in order, its outcomes (articles, or rejections with ``where``
    naming the entry) and its notes (``(where, note)``: entries left out by the limits).
    Links are fetched as found in the feed that named them: an internal address only on the
    feed's own host or in ``allow_hosts`` (see ``guard``).
    """
    plan = _Plan([[] for _ in sources], [[] for _ in sources], [False] * len(sources))
    pages = fetcher.fetch_all([s.url for s in sources])
    for i, (source, page) in enumerate(zip(sources, pages, strict=True)):
        _read_first(plan, i, source, page, since=since, max_per_feed=max_per_feed, now=now)
    linked = fetcher.fetch_all([entry.link for _, entry, _ in plan.wanted], plan.listed_by)
    resolved: list[Outcome] = []
    sites: dict[int, tuple[str, Counter[str]]] = {}
    for (i, entry, feed), linked_page in zip(plan.wanted, linked, strict=True):
        try:
            if isinstance(linked_page, InputRejected):
                raise linked_page
            article, site = _from_linked_page(entry, linked_page, feed, sources[i])
            resolved.append(article)
            names = sites.setdefault(i, (feed.site or _host(sources[i].url), Counter()))[1]
            if site and _host(linked_page.final_url) in (_host(feed.link), _host(feed.url)):
                names[site] += 1
        except InputRejected as exc:
            resolved.append(InputRejected(str(exc), entry.link))
    outcomes = [
        [resolved[item.index] if isinstance(item, _Pending) else item for item in items]
        for items in plan.slots
    ]
    _name_by_pages(outcomes, sources, sites)
    if since is not None:
        _since_linked(outcomes, plan, sources, since, now)
    return outcomes, plan.notes


def _name_by_pages(
    outcomes: list[list[Outcome]],
    sources: Sequence[WebSource],
    sites: dict[int, tuple[str, Counter[str]]],
) -> None:
    """A feed's entries named after its site as its own pages name it (``og:site_name``),
    rather than after the channel title, when no name was configured."""
    for i, (fallback, names) in sites.items():
        if sources[i].name or not names:
            continue
        site = names.most_common(1)[0][0]
        outcomes[i] = [
            replace(a, source=site) if isinstance(a, Article) and a.source == fallback else a
            for a in outcomes[i]
        ]


def _read_first(
    plan: _Plan,
    i: int,
    source: WebSource,
    page: Page | InputRejected,
    *,
    since: timedelta | None,
    max_per_feed: int | None,
    now: datetime | None,
) -> None:
    """Source ``i``'s page as an article, or its feed's entries planned."""
    if isinstance(page, InputRejected):
        plan.slots[i].append(page)
        return
    if not (source.feed or page.looks_like_feed):
        try:
            plan.slots[i].append(page_article(page, source))
        except InputRejected as exc:
            plan.slots[i].append(exc)
        return
    plan.is_feed[i] = True
    try:
        feed = parse_feed(page)
    except InputRejected as exc:
        plan.slots[i].append(exc)
        return
    kept, left_out = select_entries(feed.entries, since=since, max_per_feed=max_per_feed, now=now)
    plan.notes[i].extend((source.url, note) for note in left_out)
    place = {id(entry): n for n, entry in enumerate(feed.entries)}  # equal entries differ here
    for entry in kept:
        before = len(plan.wanted)
        planned = _plan_entry(entry, feed, source, place[id(entry)], (i, plan.wanted))
        if len(plan.wanted) > before:
            plan.listed_by.append(page.final_url)
        plan.slots[i].append(planned)


def _since_linked(
    outcomes: list[list[Outcome]],
    plan: _Plan,
    sources: Sequence[WebSource],
    since: timedelta,
    now: datetime | None,
) -> None:
    """Entries without a date in the feed, judged by the date of the linked page."""
    cutoff = _naive_utc(now or datetime.now(UTC)) - since
    for i, items in enumerate(outcomes):
        if not plan.is_feed[i]:
            continue
        recent = [
            a
            for a in items
            if not isinstance(a, Article)
            or a.published is None
            or _naive_utc(a.published) >= cutoff
        ]
        if len(recent) < len(items):
            outcomes[i] = recent
            old = len(items) - len(recent)
            noun = "entry" if old == 1 else "entries"
            note = f"{old} {noun} older than {_span(since)} left out"
            plan.notes[i].append((sources[i].url, note))


def _plan_entry(
    entry: FeedEntry,
    feed: Feed,
    source: WebSource,
    index: int,
    queue: tuple[int, list[tuple[int, FeedEntry, Feed]]],
) -> Outcome | _Pending:
    """An article from the feed's own text, or a ``_Pending`` fetch of the entry's link."""
    where = _entry_origin(source.url, entry, index)
    try:
        if _words(entry.content) >= FULL_CONTENT_MIN_WORDS or (entry.content and not entry.link):
            return _from_feed_text(entry, entry.content, source.url, index, feed, source)
        if entry.link:
            position, wanted = queue
            wanted.append((position, entry, feed))
            return _Pending(len(wanted) - 1)
        return _from_feed_text(entry, entry.summary, source.url, index, feed, source)
    except InputRejected as exc:
        return InputRejected(str(exc), where)
