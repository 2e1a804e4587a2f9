"""Hostile inputs, second round (issue 31): dates Python cannot hold, feeds of very many
entries, links out of an input folder, and settings out of range.

Servers are started by the tests on 127.0.0.1 and stopped by them; nothing of briefgen's own
is mocked. The feed test bounds the work (Python calls made per entry), never the time.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.ingest import FetchOptions, read_sources
from briefgen.settings.config import load_settings

from .feedpages import feed_page, seen
from .test_hostile_web import OTHER, TEXT, RawServer, html_page, reasons, response, routes

QUICK = FetchOptions(timeout=5, deadline=20, trust_env=False)
LONG = f"{TEXT} {OTHER}"  # over 80 words: a feed entry with this much text is read as it is


@pytest.fixture
def server() -> Iterator[Callable[[dict[str, bytes]], RawServer]]:
    servers: list[RawServer] = []

    def start(table: dict[str, bytes]) -> RawServer:
        servers.append(RawServer("127.0.0.1", routes(table)))
        return servers[-1]

    yield start
    for one in servers:
        one.close()


# 1. dates outside what Python can hold --------------------------------------------------

EDGES = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]


def _atom(dates: list[str]) -> bytes:
    entries = "".join(
        f"<entry><title>Entry {n}</title><id>urn:e{n}</id><updated>{when}</updated>"
        f"<content type='text'>{LONG} Entry number {n}.</content></entry>"
        for n, when in enumerate(dates)
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title>'
        f"<id>urn:feed</id><updated>2026-01-02T08:00:00Z</updated>{entries}</feed>"
    ).encode()


def _rss(dates: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><pubDate>{when}</pubDate>"
        f"<description>{LONG} Item number {n}.</description></item>"
        for n, when in enumerate(dates)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("make", [_atom, _rss], ids=["atom-updated", "rss-iso-pubdate"])
def test_feed_dates_python_cannot_hold_are_dropped_with_a_warning(
    server: Callable[[dict[str, bytes]], RawServer],
    make: Callable[[list[str]], bytes],
    caplog: pytest.LogCaptureFixture,
) -> None:
    table = {
        "/feed": response(make(["2026-01-02T07:00:00Z", *EDGES]), [(b"Content-Type", b"text/xml")])
    }
    feed = server(table)
    with caplog.at_level(logging.WARNING):
        got = read_sources([feed.url("/feed")], fetch_options=QUICK)
    assert len(got.articles) == 3, reasons(got)
    dated = [a.published for a in got.articles]
    assert dated[0] is not None and dated[0].year == 2026
    assert dated[1:] == [None, None]  # kept, without a date
    warned = [r.getMessage() for r in caplog.records if "date" in r.getMessage()]
    assert len(warned) == 2 and all("left out" in w for w in warned), warned


@pytest.mark.parametrize("when", EDGES)
def test_page_and_file_dates_python_cannot_hold_are_dropped(tmp_path: Path, when: str) -> None:
    page = html_page("Page").replace(
        b"<title>", f'<meta property="article:published_time" content="{when}"><title>'.encode()
    )
    (tmp_path / "page.html").write_bytes(page)
    (tmp_path / "front.md").write_text(
        f"---\ntitle: Front\npublished: '{when}'\n---\n\n{OTHER}\n", encoding="utf-8"
    )
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"title": "Line", "text": LONG, "published": when}) + "\n", encoding="utf-8"
    )
    got = read_sources([str(tmp_path)])
    assert sorted(a.title for a in got.articles) == ["Front", "Line", "Page"], reasons(got)
    assert [a.published for a in got.articles] == [None, None, None]


# 2. feeds are read in linear time -----------------------------------------------------


def _tiny_feed(n: int) -> bytes:
    items = "".join(
        f"<item><title>t{i}</title><description>d</description></item>" for i in range(n)
    )
    return f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


def _calls(work: Callable[[], Any]) -> int:
    """The Python function calls ``work`` makes (a measure of work, not of time)."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def test_a_feed_of_many_entries_costs_the_same_per_entry(
    server: Callable[[dict[str, bytes]], RawServer],
) -> None:
    small, large = 200, 1600
    table = {
        f"/{n}": response(_tiny_feed(n), [(b"Content-Type", b"application/rss+xml")])
        for n in (small, large)
    }
    feed = server(table)

    def read(n: int) -> int:
        got: list[Any] = []
        calls = _calls(lambda: got.append(read_sources([feed.url(f"/{n}")], fetch_options=QUICK)))
        assert len(got[0].skipped) == n  # every tiny entry is read, and skipped as too short
        return calls

    per_small, per_large = read(small) / small, read(large) / large
    assert per_large < 1.3 * per_small, (per_small, per_large)


def test_identical_feed_entries_each_keep_their_own_place(
    server: Callable[[dict[str, bytes]], RawServer],
) -> None:
    item = f"<item><title>Same</title><description>{LONG}</description></item>"
    twice = _rss([]).replace(b"</channel>", (item * 2).encode() + b"</channel>")
    feed = server({"/feed": response(twice, [(b"Content-Type", b"text/xml")])})
    got = read_sources([feed.url("/feed")], fetch_options=QUICK)
    origins = [a.origin for a in got.articles] + [d.origin for d in got.exact_duplicates]
    assert sorted(origins) == [feed.url("/feed#entry-1"), feed.url("/feed#entry-2")]


# 3. a folder never follows a link out of itself ------------------------------------------


def test_links_out_of_an_input_folder_are_skipped_with_the_reason(tmp_path: Path) -> None:
    folder, outside = tmp_path / "in", tmp_path / "outside"
    (folder / "sub").mkdir(parents=True)
    outside.mkdir()
    (folder / "good.txt").write_text("Barrier approved\n" + TEXT, encoding="utf-8")
    (outside / "secret.txt").write_text("School reopens\n" + OTHER, encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "status.txt").symlink_to("/proc/self/status")
    (folder / "sub" / "secret.txt").symlink_to("../../outside/secret.txt")
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "sub" / "inside.txt").symlink_to("../good.txt")  # inside the folder: followed
    got = read_sources([str(folder)])
    assert [a.title for a in got.articles] == ["Barrier approved"]
    why = reasons(got)
    for name in ("passwd.txt", "status.txt", "sub/secret.txt", "linked"):
        assert why[str(folder / name)].startswith("a link out of the folder"), why
    assert why[str(folder / "sub" / "inside.txt")].startswith("exact duplicate")
    assert "root:" not in "".join(a.text for a in got.articles)


def test_a_file_named_on_the_command_line_may_be_a_link(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "school.txt").write_text("School reopens\n" + OTHER, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "outside" / "school.txt")
    got = read_sources([str(link)])
    assert [a.title for a in got.articles] == ["School reopens"]


def test_a_glob_never_follows_a_link_out_of_its_folder(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "good.txt").write_text("Barrier approved\n" + TEXT, encoding="utf-8")
    (tmp_path / "news" / "passwd.txt").symlink_to("/etc/passwd")
    got = read_sources([str(tmp_path / "news" / "*.txt")])
    assert [a.title for a in got.articles] == ["Barrier approved"]
    assert reasons(got)[str(tmp_path / "news" / "passwd.txt")].startswith("a link out of")


# 6. settings out of range are config errors -----------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("[email]\nport = 70000\n", "email.port must be a whole number from 1 to 65535"),
        ("[email]\nport = 0\n", "email.port must be a whole number from 1 to 65535"),
        ("[email]\ntimeout = 1e308\n", "email.timeout must be a number of seconds"),
        ("[email]\nretry_wait = 1e308\n", "email.retry_wait must be a number of seconds"),
        ("[email]\ntries = 1000000000\n", "email.tries must be a whole number from 1 to"),
        ('[email]\nsubject = "{title[x]}"\n', "email.subject '{title[x]}' is not a pattern"),
        ('[email]\nsubject = "{title:>999999999}"\n', "is not a pattern"),
        ("wait = 1e308\n", "wait must be a number of seconds"),
        ("threads = 100000000000000000000\n", "threads must be a whole number from 0 to"),
        ("batch_size = 100000000000\n", "batch_size must be a whole number from 1 to"),
        ("source_weights = { A = 1e308 }\n", "source_weights must be"),
        ('allow_hosts = ["127.0.0.2/33"]\n', "allow_hosts has an entry that is not"),
        ('allow_hosts = ["*"]\n', "allow_hosts has an entry that is not"),
        ('allow_hosts = ["host:99999"]\n', "allow_hosts has an entry that is not"),
    ],
)
def test_settings_out_of_range_are_config_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BriefgenError) as info:
        load_settings(path, None, environ={})
    assert info.value.code == ExitCode.CONFIG
    assert expected in info.value.message, info.value.message
    assert f"{path}:" in info.value.message


@pytest.mark.parametrize(
    "entry",
    [
        "intranet.example",
        "intranet.example:8080",
        "10.0.0.0/8",
        "127.0.0.2",
        "[::1]:8080",
        "fd00::/8",
    ],
)
def test_good_allow_hosts_entries_are_kept(tmp_path: Path, entry: str) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text(f'allow_hosts = ["{entry}"]\n', encoding="utf-8")
    assert load_settings(path, None, environ={}).allow_hosts == [entry]


def test_bad_allow_hosts_given_in_code_are_refused() -> None:
    with pytest.raises(BriefgenError, match="allow_hosts") as info:
        read_sources(["http://127.0.0.1:9/"], allow_hosts=["127.0.0.2/33"], fetch_options=QUICK)
    assert info.value.code == ExitCode.CONFIG


# a plain RSS 2.0 feed is read without feedparser, to the same entries --------------------

RSS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>'
    "<title>Ledger &amp; Co</title><link>https://ledger.example/</link>"
    '<atom:link href="https://ledger.example/feed" rel="self" type="application/rss+xml"/>'
    "<description>News</description><sy:updatePeriod>hourly</sy:updatePeriod>"
    "<image><title>Logo</title><url>https://ledger.example/l.png</url>"
    "<link>https://ledger.example/image</link></image>"
)
PLAIN_ITEMS = [
    "<item><title>Tom &amp; Jerry</title><link>https://ledger.example/a</link>"
    "<description>&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</description>"
    "<author>jane@example.org (Jane Doe)</author><category>World</category>"
    "<category domain='x'> Local  news </category>"
    "<pubDate>Fri, 02 Jan 2026 03:04:05 +0100</pubDate></item>",
    "<item><title> Two\n lines </title><guid>https://ledger.example/guid</guid>"
    "<dc:creator>Bob</dc:creator><content:encoded><![CDATA[<p>Full <a href='/rel'>text</a>"
    f" <b>bold</b></p><p>{TEXT}</p>]]></content:encoded>"
    "<dc:date>2026-01-02T03:04:05Z</dc:date><enclosure url='https://x.example/a.mp3'/></item>",
    "<item><title>Three</title><guid isPermaLink='false'>abc</guid>"
    f"<description>{OTHER} 3 &lt; 4</description><comments>https://c.example/</comments></item>",
    "<item><description>No title, no link: teaser only</description></item>",
    f"<item><title>Both</title><link> https://ledger.example/b </link><description>Teaser"
    f"</description><content:encoded>{TEXT}</content:encoded></item>",
]
NOT_PLAIN = {
    "atom": _atom(["2026-01-02T07:00:00Z"]).decode(),
    "relative link": RSS_HEAD + "<item><title>R</title><link>/r</link></item></channel></rss>",
    "script": RSS_HEAD
    + "<item><title>S</title><description>&lt;script&gt;x&lt;/script&gt;hi</description>"
    + "</item></channel></rss>",
    "media title": RSS_HEAD.replace("<rss ", '<rss xmlns:media="http://search.yahoo.com/mrss/" ')
    + "<item><media:title>M</media:title><description>d</description></item></channel></rss>",
    "entity title": RSS_HEAD + "<item><title>A &amp;amp; B</title></item></channel></rss>",
    "channel alternate": RSS_HEAD.replace(
        "<description>", '<atom:link href="https://a.example/"/><description>'
    )
    + "<item><title>C</title></item></channel></rss>",
    "item atom link": RSS_HEAD
    + '<item><title>I</title><atom:link href="https://a.example/i"/></item></channel></rss>',
    "two titles": RSS_HEAD + "<item><title>A</title><title>B</title></item></channel></rss>",
    "non-ASCII link": RSS_HEAD
    + "<item><link>https://bücher.example/</link></item></channel></rss>",
    "latin-1": RSS_HEAD.replace("UTF-8", "ISO-8859-1")
    + "<item><title>L</title></item></channel></rss>",
    "doctype": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "x">]>'
    + RSS_HEAD.split("?>", 1)[1]
    + "<item><title>&e;</title></item></channel></rss>",
}


def test_a_plain_rss_feed_is_read_fast_to_what_feedparser_gives() -> None:
    from briefgen.ingest.feeds import parse_feed
    from briefgen.ingest.plainrss import read_plain_rss

    page = feed_page(RSS_HEAD + "".join(PLAIN_ITEMS) + "</channel></rss>")
    assert read_plain_rss(page) is not None  # the fast reader takes it
    fast, slow = parse_feed(page), parse_feed(page, fast=False)
    assert seen(fast) == seen(slow)
    assert len(fast.entries) == len(PLAIN_ITEMS)


@pytest.mark.parametrize("name", NOT_PLAIN)
def test_a_feed_that_is_not_plain_is_left_to_feedparser(name: str) -> None:
    from briefgen.ingest.plainrss import read_plain_rss

    assert read_plain_rss(feed_page(NOT_PLAIN[name])) is None


def test_many_skipped_inputs_warn_twenty_times_then_once_with_the_count(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A folder of 60 empty files: 20 warnings name a file each, one more says how many
    others were skipped; all 60 are listed in ``skipped`` and at info level."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(60):
        (folder / f"empty-{i:02d}.txt").write_text("")
    with caplog.at_level(logging.INFO, logger="briefgen"):
        result = read_sources([str(folder)])
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(result.skipped) == 60 and not result.articles
    assert len(warnings) == 21
    assert all(w.startswith("skipped ") and "empty-" in w for w in warnings[:20])
    assert warnings[20].startswith("skipped 40 more inputs")
    assert sum("empty-" in r.getMessage() for r in caplog.records) == 60
