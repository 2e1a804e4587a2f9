"""News pages and feeds served on loopback read like articles: the body without headline or
page furniture, the publication time with its zone, walls skipped with the reason, feeds
named after their site, categories as sections, and no story "also reported by" itself.

Every page here is written for these tests; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from briefgen.document import Summary
from briefgen.ingest import Ingested, SourceSpec, read_sources
from briefgen.ingest.pages import without_headline
from briefgen.ingest.readers import read_html
from briefgen.ingest.sitenames import site_name
from briefgen.ingest.walls import wall_reason
from briefgen.stories.assemble import story_of
from briefgen.stories.dedupe import group_articles
from tests.test_sources import FAST, PARAS, SCHOOL, Route, Server, serving

HEADLINE = "Harbour council approves flood barrier"
LEDE = PARAS[0]


def news_page(
    title: str,
    paras: list[str],
    *,
    meta: str = "",
    byline: str = '<time datetime="2026-11-30T05:40:00+00:00">30 November 2026</time>',
    site: str = "Harbour Ledger",
    extra: str = "",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title><meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">{meta}</head><body>
<div id="cookie-banner" class="consent"><p>We use cookies to improve your experience and
to show you personalised advertising.</p><button>Accept all</button><button>Reject all</button>
</div>
<header><a href="/">{site}</a><nav><a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/weather">Weather</a></nav></header>
<main><article><h1>{title}</h1><div class="byline">By <a href="/ann">Ann Writer</a>,
Local democracy reporter</div>{byline}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
{body}{extra}</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/news/1">Ferry timetable changes from Monday</a></li>
<li><a href="/news/2">Fish market to stay open on Sundays</a></li></ul></aside></main>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a>
<p>Copyright 2026 {site}. All rights reserved.</p></footer></body></html>"""


CONSENT_PAGE = """<!doctype html><html lang="en"><head><title>Before you continue</title></head>
<body><div class="container"><h1>Before you continue to Harbour Ledger</h1>
<p>We use cookies and data to deliver and maintain our services, to track outages and protect
against spam, fraud and abuse, and to measure audience engagement and site statistics so that
we understand how our services are used and can improve their quality.</p>
<p>If you choose to accept all, we will also use cookies and data to develop and improve new
services, to deliver and measure the effectiveness of ads, and to show personalised content
and personalised ads depending on your settings. Our partners may also process your data.</p>
<p>If you choose to reject all, we will not use cookies for these additional purposes.
Select more options to see additional information, including details about managing your
privacy settings. You can also visit the privacy page at any time.</p>
<button>Reject all</button><button>Accept all</button><a href="/more">More options</a>
</div></body></html>"""

PAYWALL_PAGE = news_page(
    "Barrier costs to rise, council warns",
    [
        "The cost of the harbour flood barrier is expected to rise by a fifth, the council's "
        "finance chief warned on Thursday, as steel prices continue to climb.",
        '<div class="paywall-message">This article is for subscribers only. Subscribe to '
        "continue reading and get unlimited access to local news. Already a subscriber? Log "
        "in here.</div>",
    ],
)

SCRIPT_PAGE = """<!doctype html><html lang="en"><head><title>Harbour Ledger</title></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"><p>Please enable JavaScript in your browser to read the Harbour Ledger. This
site requires JavaScript to load its stories, pictures and live updates.</p></div>
</body></html>"""


def rss_feed(base: str, title: str = "Harbour Ledger - Top stories") -> str:
    full = "".join(f"<p>{p}</p>" for p in PARAS + PARAS[:2])
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>{title}</title><link>{base}/</link><description>News</description>
<item><title>Barrier approved after decade of debate</title><link>{base}/feed-barrier</link>
<category>Local politics</category><pubDate>Mon, 30 Nov 2026 05:40:00 +0000</pubDate>
<content:encoded><![CDATA[<h2>Barrier approved after decade of debate</h2>{full}]]>
</content:encoded></item>
<item><title>School to reopen after roof repairs</title><link>{base}/school</link>
<category>Education</category><description>Repairs are nearly done.</description></item>
</channel></rss>"""


def atom_feed(base: str) -> str:
    text = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in PARAS)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Latest news | Harbour Ledger</title>
<id>urn:ledger</id><link href="{base}/"/><updated>2026-11-30T06:00:00Z</updated>
<entry><title>{HEADLINE}</title><id>urn:ledger:1</id><link href="{base}/barrier"/>
<updated>2026-11-30T05:40:00Z</updated><author><name>Ann Writer</name></author>
<category term="local" label="Local news"/><content type="html">{text}</content></entry>
</feed>"""


@pytest.fixture
def site() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    published = '<meta property="article:published_time" content="2026-11-30T05:40:00+00:00">'
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        '"NewsArticle", "datePublished": "2026-11-29T21:05:00-05:00"}</script>'
    )
    pages = {
        "/barrier": news_page(HEADLINE, PARAS, meta=published, byline=""),
        "/time-only": news_page(
            HEADLINE,
            PARAS[1:],
            byline='<time datetime="2026-11-30T07:15:00+01:00">Today</time>',
        ),
        "/json-ld": news_page(HEADLINE, PARAS[:3], meta=ld, byline=""),
        "/school": news_page("School to reopen", SCHOOL + SCHOOL[:1]),
        "/kept": news_page(
            HEADLINE,
            PARAS,
            extra='<p class="promo">Subscribe now to support local journalism.</p>',
        ),
        "/consent": CONSENT_PAGE,
        "/paywall": PAYWALL_PAGE,
        "/script": SCRIPT_PAGE,
    }
    routes = {path: Route(body.encode()) for path, body in pages.items()}
    routes["/rss.xml"] = Route(rss_feed(base).encode(), ctype="application/rss+xml")
    routes["/tops.xml"] = Route(rss_feed(base, "Top stories").encode(), ctype="application/rss+xml")
    routes["/atom.xml"] = Route(atom_feed(base).encode(), ctype="application/atom+xml")
    with serving(httpd, Server(base, routes)) as server:
        yield server


def read(site: Server, *paths: str | SourceSpec) -> Ingested:
    specs = [p if isinstance(p, SourceSpec) else site.url(p) for p in paths]
    return read_sources(specs, fetch_options=FAST)


def reasons(ingested: Ingested) -> dict[str, str]:
    return {s.location: s.reason for s in ingested.skipped}


def test_the_headline_and_page_furniture_are_not_in_the_body(site: Server) -> None:
    [article] = read(site, "/barrier").articles
    assert article.title == HEADLINE
    assert article.text.startswith(LEDE)  # the first sentence is the lede, not the title
    assert HEADLINE not in article.text
    for furniture in (
        "cookies",
        "Accept all",
        "Ann Writer",
        "Share on",
        "Related stories",
        "Ferry timetable",
        "Copyright",
        "Weather",
    ):
        assert furniture not in article.text, furniture
    assert all(p in article.text for p in PARAS)
    assert article.source == "Harbour Ledger"


def test_publication_time_keeps_its_time_and_zone(site: Server) -> None:
    meta, time_tag, ld = read(site, "/barrier", "/time-only", "/json-ld").articles
    assert meta.published == datetime(2026, 11, 30, 5, 40, tzinfo=UTC)
    assert meta.published.utcoffset() == timedelta(0)  # type: ignore[union-attr]
    assert time_tag.published == datetime(2026, 11, 30, 7, 15, tzinfo=timezone(timedelta(hours=1)))
    assert time_tag.published.utcoffset() == timedelta(hours=1)  # type: ignore[union-attr]
    assert ld.published == datetime(2026, 11, 30, 2, 5, tzinfo=UTC)  # 21:05 at UTC-5


def test_consent_paywall_and_script_pages_are_skipped_with_the_reason(site: Server) -> None:
    ingested = read(site, "/consent", "/paywall", "/script", "/kept")
    assert [a.url for a in ingested.articles] == [site.url("/kept")]  # a promo line is no wall
    got = reasons(ingested)
    assert "consent wall" in got[site.url("/consent")]
    assert "paywall" in got[site.url("/paywall")]
    assert "JavaScript" in got[site.url("/script")]


def test_wall_wording_in_a_long_article_is_not_a_wall() -> None:
    article = " ".join(PARAS * 3) + "\nAlready a subscriber? Log in. Accept all cookies."
    assert wall_reason(HEADLINE, article) is None
    teaser = PARAS[0] + "\nSubscribe to continue reading."
    assert "paywall" in (wall_reason(HEADLINE, teaser) or "")


def test_feed_source_is_the_site_name_and_categories_are_sections(site: Server) -> None:
    barrier, school = read(site, "/rss.xml").articles
    assert (barrier.source, barrier.section) == ("Harbour Ledger", "Local politics")
    assert (school.source, school.section) == ("Harbour Ledger", "Education")
    assert not barrier.text.startswith("Barrier approved")  # the feed's own heading dropped
    assert not school.text.startswith("School to reopen")  # the linked page's <h1> too
    assert barrier.published == datetime(2026, 11, 30, 5, 40, tzinfo=UTC)
    [entry] = read(site, "/atom.xml").articles
    assert (entry.source, entry.section, entry.author) == (
        "Harbour Ledger",
        "Local news",
        "Ann Writer",
    )
    configured = SourceSpec(site.url("/atom.xml"), name="The Ledger", section="Coast")
    [named] = read(site, configured).articles
    assert (named.source, named.section) == ("The Ledger", "Coast")


def test_a_feed_titled_only_by_its_section_takes_the_pages_site_name(site: Server) -> None:
    # "Top stories" names no site; the page an entry links to says og:site_name
    barrier, school = read(site, "/tops.xml").articles
    assert school.source == "Harbour Ledger" and barrier.source == "Harbour Ledger"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Harbour Ledger - Top stories", "Harbour Ledger"),
        ("World news | The Guardian", "The Guardian"),
        ("Reuters: Top News", "Reuters"),
        ("NYT > Top Stories", "NYT"),
        ("Harbour Ledger RSS feed", "Harbour Ledger"),
        ("Stoke-on-Trent Live", "Stoke-on-Trent Live"),
        ("Valley Times", "Valley Times"),
        ("Top stories", ""),
    ],
)
def test_site_names_from_channel_titles(title: str, name: str) -> None:
    assert site_name(title) == name


def test_site_name_part_that_spells_the_host_wins() -> None:
    assert site_name("Breaking News - Ledger Live", "https://www.ledgerlive.example/") == (
        "Ledger Live"
    )


def test_a_page_laid_out_with_tables_reads_as_prose() -> None:
    runs = "<br><br>".join(PARAS)
    page = (
        "<html><head><title>Barrier approved</title></head><body><table><tr><td>"
        '<a href="/">Home</a><br><a href="/news">News</a></td><td><b>Barrier approved</b>'
        f"<br><br>{runs}</td></tr></table></body></html>"
    )
    [article] = read_html(page, "table.html")
    assert "|" not in article.text and article.text.startswith(LEDE)
    assert all(p in article.text for p in PARAS)


def test_furniture_markup_that_holds_the_text_is_kept() -> None:
    # a page wrapped whole in a <form> (ASP.NET), its text in <font> runs: no paragraphs
    runs = "<br><br>".join(PARAS)
    page = f'<html><body><form id="aspnetForm"><div><font>{runs}</font></div></form></body></html>'
    [article] = read_html(page, "form.html")
    assert all(p in article.text for p in PARAS)


def test_without_headline() -> None:
    assert without_headline(f"{HEADLINE}\n\n{LEDE}", HEADLINE.upper() + "!") == LEDE
    assert without_headline(LEDE, HEADLINE) == LEDE


def summaries(ingested: Ingested) -> dict[str, tuple[Summary, list[object]]]:
    every = ingested.articles + ingested.exact_duplicates
    return {a.id: (Summary(a.id, a.text[:80], "extractive"), []) for a in every}


def test_the_same_page_direct_and_through_a_feed_is_not_also_reported_by_itself(
    site: Server,
) -> None:
    ingested = read(site, "/barrier", "/atom.xml")
    groups = group_articles(ingested.articles + ingested.exact_duplicates)
    [group] = groups
    assert len(group.articles) == 2  # the page and the Atom entry are one story
    assert HEADLINE not in group.primary.text
    story = story_of(group, summaries(ingested), {})  # type: ignore[arg-type]
    assert story.also == []
