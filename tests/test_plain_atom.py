"""Plain Atom 1.0 feeds are read without feedparser (issue 31), to what feedparser gives.

Each feed here is written for the test. The fast reader must give the same titles, links,
dates, authors, categories and text as feedparser on the feeds it takes, hand every unusual
feed to feedparser, and do a bounded amount of work per entry (Python calls, never time).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from briefgen.ingest import FetchOptions, read_sources
from briefgen.ingest.feeds import parse_feed
from briefgen.ingest.plainatom import read_plain_atom

from .feedpages import feed_page, seen
from .test_hostile_inputs import _calls, server  # noqa: F401  (server: a fixture)
from .test_hostile_web import OTHER, TEXT, RawServer, response

HEAD = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
    'xml:lang="en"><title type="html">Ledger Daily</title>'
    '<subtitle type="html">&lt;b&gt;News&lt;/b&gt; &amp; more</subtitle>'
    "<id>tag:ledger.example,2026:feed</id><updated>2026-01-02T08:00:00Z</updated>"
    '<link rel="self" href="https://ledger.example/feed"/><link href="https://ledger.example/"/>'
    "<author><name>Desk</name></author><icon>/i.png</icon><rights>Ledger</rights>"
    '<generator uri="https://g.example/" version="1">Gen</generator>'
)
ENTRIES = [
    "<entry><title>One &amp; &lt;two&gt;</title><id>urn:uuid:1</id>"
    "<updated>2026-01-02T07:00:00+01:00</updated><content type='html'>&lt;p&gt;Hi "
    "&lt;a href='/rel'&gt;there&lt;/a&gt; &amp;amp; bye&lt;/p&gt;&lt;p&gt;Next&lt;/p&gt;"
    "</content><summary>S &lt; t</summary><category term='world' label='World'/>"
    "<category term='x' scheme='s'/><category term='world' label='World'/></entry>",
    "<entry><title type='text'>  Two\n lines </title><id>https://ledger.example/2</id>"
    "<published>Fri, 02 Jan 2026 03:04:05 +0100</published><author><name>Ann</name>"
    "<email>ann@ledger.example</email><uri>https://ledger.example/ann</uri></author>"
    "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>One <b>two</b> "
    f"&amp; 3 &lt; 4</p><br/><ul><li>a</li><li>b</li></ul><p>{TEXT}</p></div></content></entry>",
    "<entry><id>12</id><title type='html'>Plain html title</title><link rel='alternate' "
    "type='text/html' href='https://ledger.example/3?a=1&amp;b=2'/><link rel='related' "
    "href='https://else.example/'/><link rel='alternate' type='application/pdf' "
    "href='https://ledger.example/3.pdf'/><summary type='xhtml'><x:div "
    "xmlns:x='http://www.w3.org/1999/xhtml' class='lead'>Lead <x:em>text</x:em></x:div>"
    "</summary><content type='text'>Plain &lt;text&gt; content</content>"
    "<updated>2026-01-03</updated></entry>",
    "<entry><content type='HTML'>Content first</content><title>Four</title><summary "
    "type='text/html'>&lt;p&gt;after&lt;/p&gt;</summary><id>urn:4</id><author>"
    "<email>e@x.example</email></author><rights>c</rights></entry>",
    "<entry xml:lang='de'><title>Fünf — ü</title><id>5</id><content>Nur Inhalt é ü</content>"
    "<link href='/relative/5'/><category label='Only label'/><category term='  Spaced  term '/>"
    "</entry>",
    f"<entry><title>Six</title><id>tag:ledger.example,2026:6</id><summary>{OTHER}</summary>"
    "<link rel='ALTERNATE' type='application/xhtml+xml' href='https://ledger.example/6'/>"
    "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p><a href='/x' "
    "title='a &quot;b&quot;'>link</a> <img src='i.png' alt='i'/></p><div><div>deep</div></div>"
    "</div></content><author><name>Bo</name></author></entry>",
    "<entry><title></title><id></id><summary type='html'></summary></entry>",
]
PLAIN = HEAD + "".join(ENTRIES) + "</feed>"
TINY = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
    + "".join(
        f"<entry><title>t{i}</title><id>urn:{i}</id><summary>d{i}</summary></entry>"
        for i in range(50)
    )
    + "</feed>"
)
BARE = (  # no alternate link: the feed's link is its id; text titles keep & and <
    '<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">A &amp; B &lt;C&gt;</title>'
    "<id>https://bare.example/</id><entry><title>E</title><id>https://bare.example/e</id>"
    "<summary type='html'>&lt;b&gt;Bold&lt;/b&gt; &amp;amp; &amp;eacute;</summary></entry></feed>"
)


@pytest.mark.parametrize("body", [PLAIN, TINY, BARE], ids=["varied", "tiny", "bare"])
def test_a_plain_atom_feed_is_read_fast_to_what_feedparser_gives(body: str) -> None:
    page = feed_page(body, "application/atom+xml")
    read = read_plain_atom(page)
    assert read is not None and len(read.entries) == body.count("<entry")  # taken, all entries
    fast, slow = parse_feed(page), parse_feed(page, fast=False)
    assert seen(fast) == seen(slow)


def test_text_that_is_not_html_is_given_exactly_as_feedparser_gives_it() -> None:
    page = feed_page(PLAIN, "application/atom+xml")
    fast, slow = parse_feed(page), parse_feed(page, fast=False)
    assert [(e.summary, e.content) for e in fast.entries if "<" not in e.summary + e.content] == [
        (e.summary, e.content) for e in slow.entries if "<" not in e.summary + e.content
    ]
    assert fast.entries[0].summary == "S < t"  # type text: as it is, not HTML


def _swap(old: str, new: str, body: str = PLAIN) -> str:
    assert old in body, old
    return body.replace(old, new, 1)


FIRST = ENTRIES[0]
NOT_PLAIN = {
    "other namespace in an entry": _swap(
        "<id>urn:4</id>",
        "<id>urn:4</id><dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'>X</dc:creator>",
    ),
    "xml:base": _swap("<entry>", "<entry xml:base='https://other.example/'>"),
    "no id": _swap("<id>urn:uuid:1</id>", ""),
    "no title": _swap("<title>Four</title>", ""),
    "two titles": _swap("<title>Four</title>", "<title>Four</title><title>Vier</title>"),
    "two contents": _swap("<content type='HTML'>", "<content>x</content><content type='HTML'>"),
    "two authors": _swap(
        "<author><name>Bo</name></author>", "<author><name>Bo</name></author>" * 2
    ),
    "content by reference": _swap("<content>Nur", "<content src='https://x.example/c'>Nur"),
    "base64 content": _swap("<content>Nur", "<content type='image/png'>Nur"),
    "svg in xhtml": _swap(
        "<br/>", "<svg xmlns='http://www.w3.org/2000/svg'><title>s</title></svg>"
    ),
    "script in xhtml": _swap("<br/>", "<script>alert(1)</script>"),
    "script in html": _swap("&lt;p&gt;Next", "&lt;script&gt;x()&lt;/script&gt;&lt;p&gt;Next"),
    "xhtml without its div": _swap(
        "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p><a",
        "<content type='xhtml'><p xmlns='http://www.w3.org/1999/xhtml'>Lead</p>"
        "<div xmlns='http://www.w3.org/1999/xhtml'><p><a",
    ),
    "markup in an html title": _swap("Plain html title", "Plain &lt;b&gt;html&lt;/b&gt; title"),
    "xhtml title": _swap(
        "<title>Four</title>",
        "<title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>Four</div></title>",
    ),
    "markup in text content": _swap("<content>Nur Inhalt", "<content>Nur <b>Inhalt</b>"),
    "link without href": _swap("<link href='/relative/5'/>", "<link>https://x.example/</link>"),
    "link by url": _swap("<link href='/relative/5'/>", "<link url='https://x.example/'/>"),
    "unknown link attribute": _swap(
        "<link href='/relative/5'/>", "<link Rel='enclosure' href='/5'/>"
    ),
    "category with text": _swap("<category label='Only label'/>", "<category>Text</category>"),
    "source element": _swap("<rights>c</rights>", "<source><title>S</title></source>"),
    "other namespace in the feed": _swap(
        "<icon>",
        "<sy:updatePeriod xmlns:sy='http://purl.org/rss/1.0/modules/syndication/'>hourly</sy:updatePeriod><icon>",
    ),
    "utf-8 read as latin-1": _swap("Fünf — ü", "FÃ¼nf"),
    "C1 control": _swap("Fünf", "F\x85nf"),
    "doctype": _swap("<feed", '<!DOCTYPE feed [<!ENTITY e "x">]><feed'),
    "latin-1": '<?xml version="1.0" encoding="ISO-8859-1"?>' + TINY,
    "no entries": HEAD + "</feed>",
    "atom 0.3": TINY.replace("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"),
    "not well formed": _swap("</feed>", ""),
}


@pytest.mark.parametrize("name", NOT_PLAIN)
def test_an_atom_feed_that_is_not_plain_is_left_to_feedparser(name: str) -> None:
    assert read_plain_atom(feed_page(NOT_PLAIN[name], "application/atom+xml")) is None


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [("text/html", None), ("", None), ("application/octet-stream", None), ("text/xml", None)],
)
def test_an_atom_feed_feedparser_would_call_malformed_is_left_to_it(
    content_type: str, charset: str | None
) -> None:
    # text/xml without a charset is US-ASCII to feedparser, and PLAIN is not ASCII
    assert read_plain_atom(feed_page(PLAIN, content_type, charset)) is None
    assert read_plain_atom(feed_page(TINY, "text/xml")) is not None  # ASCII: the same either way


def test_the_fast_atom_reader_makes_far_fewer_calls_than_feedparser() -> None:
    page = feed_page(TINY, "application/atom+xml")
    fast = _calls(lambda: parse_feed(page))
    slow = _calls(lambda: parse_feed(page, fast=False))
    assert fast * 5 < slow, (fast, slow)


def _tiny_atom(n: int) -> bytes:
    entries = "".join(
        f"<entry><title>t{i}</title><id>urn:{i}</id><summary>d</summary></entry>" for i in range(n)
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{entries}</feed>'.encode()


def test_an_atom_feed_of_many_entries_costs_the_same_per_entry(
    server: Callable[[dict[str, bytes]], RawServer],  # noqa: F811
) -> None:
    small, large = 200, 1600
    table = {
        f"/{n}": response(_tiny_atom(n), [(b"Content-Type", b"application/atom+xml")])
        for n in (small, large)
    }
    feed = server(table)
    options = FetchOptions(timeout=5, deadline=20, trust_env=False)

    def per_entry(n: int) -> float:
        got: list[Any] = []
        calls = _calls(lambda: got.append(read_sources([feed.url(f"/{n}")], fetch_options=options)))
        assert len(got[0].skipped) == n  # every tiny entry is read, and skipped as too short
        return calls / n

    assert per_entry(large) < 1.3 * per_entry(small)
