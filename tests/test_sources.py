"""Web sources against a local HTTP server: pages, feeds, failures, caching and languages.

The server listens on 127.0.0.1 on a port the OS picks; nothing here reaches further.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefgen import __version__
from briefgen.core.errors import BriefgenError
from briefgen.ingest import FetchOptions, Ingested, SourceSpec, read_sources
from briefgen.ingest.language import detect

PARAS = [
    "The harbour council voted on Tuesday to fund a flood barrier across the mouth of the "
    "estuary, ending a decade of argument about how to protect the old town.",
    "Engineers say the structure will protect four hundred homes and the fish market from "
    "winter storms, which have flooded the quayside three times since 2019.",
    "Work is due to begin in the spring and finish within three years, officials said. The "
    "cost, put at forty million pounds, will be shared with the regional government.",
    "Residents who opposed the plan said the barrier would spoil the view from the "
    "promenade, but the council's engineer told the meeting there was no cheaper option.",
]
SCHOOL = [
    "A primary school in the valley will reopen next month after repairs to its roof, "
    "which was damaged by a falling tree during the storms of early December.",
    "Parents had been driving their children to a neighbouring village for six weeks. "
    "The head teacher thanked the builders, who worked through the holiday to finish.",
    "The county said the repairs cost less than expected because the timber frame was "
    "sound, and that the playground would also be resurfaced before the summer term.",
]
FRENCH = [
    "Le conseil municipal a voté mardi le financement d'une digue pour protéger le port "
    "contre les tempêtes d'hiver, après dix ans de débats sur le sujet.",
    "Les ingénieurs estiment que l'ouvrage protégera quatre cents maisons et le marché aux "
    "poissons. Les travaux doivent commencer au printemps et durer trois ans.",
]


def page(title: str, paras: list[str], *, lang: str = "en", head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!doctype html><html lang="{lang}"><head><title>{title} | Harbour Ledger</title>
    <meta property="og:site_name" content="Harbour Ledger">{head}</head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
    <article><h1>{title}</h1><p class="byline">By Ann Writer</p>{body}</article>
    <footer>Copyright 2026 Harbour Ledger. All rights reserved.</footer></body></html>"""


BOILERPLATE = """<!doctype html><html><head><title>Before you continue</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="consent"><button>Accept all</button> <button>Reject all</button></div>
<footer><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>"""


def rss(now: datetime, base: str) -> str:
    def date(hours: float) -> str:
        return format_datetime(now - timedelta(hours=hours))

    full = "".join(f"<p>{p}</p>" for p in PARAS + PARAS[:2])
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Ledger</title><link>{base}/</link><description>News</description>
<item><title>Barrier approved after decade of debate</title><link>{base}/news/barrier.html</link>
<pubDate>{date(2)}</pubDate><description>The council voted to fund a barrier.</description>
<content:encoded><![CDATA[{full}]]></content:encoded></item>
<item><title>School to reopen after roof repairs</title><link>{base}/news/school.html</link>
<pubDate>{date(5)}</pubDate><description>Repairs are nearly done.</description></item>
<item><title>Old news</title><link>{base}/news/old.html</link>
<pubDate>{date(72)}</pubDate><description>Something from three days ago.</description></item>
</channel></rss>"""


def atom(now: datetime, base: str) -> str:
    text = " ".join(SCHOOL + SCHOOL)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Times</title><id>urn:valley</id>
<updated>{now.isoformat()}</updated>
<entry><title>Valley school reopens</title><id>urn:valley:1</id>
<link href="{base}/valley/school"/><updated>{(now - timedelta(hours=1)).isoformat()}</updated>
<author><name>Bo Reporter</name></author>
<content type="html">&lt;p&gt;{text}&lt;/p&gt;</content></entry>
</feed>"""


@dataclass
class Route:
    body: bytes | Callable[[], bytes]
    ctype: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    location: str = ""
    delay: float = 0.0
    length: bool = True


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    served_bytes: int = 0

    def url(self, path: str) -> str:
        return self.base + path

    def requests_for(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.log if p == path]


def make_handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(self.path)
            if self.path.startswith("/loop/"):
                n = int(self.path.rsplit("/", 1)[1])
                route = Route(b"", status=302, location=f"/loop/{n + 1}")
            if route is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "9")
                self.end_headers()
                self.wfile.write(b"not found")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.location:
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if (route.etag and inm == route.etag) or (
                route.last_modified and not route.etag and ims == route.last_modified
            ):
                self.send_response(304)
                self.end_headers()
                return
            body = route.body() if callable(route.body) else route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.ctype)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if route.length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
                server.served_bytes += len(body)
            except OSError:
                pass  # the client gave up (size cap): that is the point

    return Handler


@pytest.fixture
def web() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    now = datetime.now(UTC)
    stamp = format_datetime(now - timedelta(days=1), usegmt=True)
    html = page("Barrier approved", PARAS).encode("utf-8")
    latin = page(
        "Café owners in Zürich welcome the new rules",
        [p.replace("harbour", "café harbour in Zürich") for p in PARAS],
    ).replace("utf-8", "iso-8859-1")
    meta_1252 = page(
        "Naïve plan “rejected”",
        [p + " The mayor’s reply was “firm”." for p in PARAS],
        head='<meta charset="windows-1252">',
    )
    routes = {
        "/news/barrier.html": Route(html, etag='"barrier-v1"', last_modified=stamp),
        "/news/school.html": Route(page("School to reopen", SCHOOL).encode(), last_modified=stamp),
        "/news/old.html": Route(page("Old", SCHOOL[:2] + PARAS[:1]).encode(), etag='"old"'),
        "/valley/school": Route(page("Valley school", SCHOOL).encode()),
        "/latin1.html": Route(latin.encode("iso-8859-1"), ctype="text/html; charset=ISO-8859-1"),
        "/meta1252.html": Route(meta_1252.encode("cp1252"), ctype="text/html", last_modified=stamp),
        "/fr.html": Route(page("Digue votée", FRENCH * 2, lang="fr").encode()),
        "/rss.xml": Route(rss(now, base).encode(), ctype="application/rss+xml", etag='"rss-v1"'),
        "/atom.xml": Route(
            atom(now, base).encode(), ctype="application/atom+xml", last_modified=stamp
        ),
        "/feed-as-text": Route(rss(now, base).encode(), ctype="text/plain"),
        "/broken.xml": Route(
            b'<rss version="2.0"><channel><title>Broken</title><item><title>Half an it',
            ctype="application/rss+xml",
        ),
        "/redirect/1": Route(b"", status=301, location="/redirect/2"),
        "/redirect/2": Route(b"", status=302, location="/news/barrier-moved.html"),
        "/news/barrier-moved.html": Route(page("Barrier moved", PARAS[1:] + SCHOOL).encode()),
        "/slow": Route(html, delay=1.5),
        "/huge": Route(b"<html><body>" + b"<p>flood</p>" * 40_000, length=False),
        "/huge-declared": Route(b"<html><body>" + b"<p>flood</p>" * 40_000),
        "/report.pdf": Route(b"%PDF-1.7\n%...", ctype="application/pdf"),
        "/photo.jpg": Route(b"\xff\xd8\xff\xe0", ctype="image/jpeg"),
        "/boilerplate.html": Route(BOILERPLATE.encode()),
    }
    with serving(httpd, Server(base, routes)) as server:
        yield server


@contextmanager
def running(httpd: ThreadingHTTPServer) -> Iterator[None]:
    """``httpd`` serving in a thread until the block ends, then shut down and closed."""
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def serving(httpd: ThreadingHTTPServer, server: Server) -> Iterator[Server]:
    """Serve ``server``'s routes on ``httpd`` in a thread until the block ends."""
    httpd.RequestHandlerClass = make_handler(server)
    with running(httpd):
        yield server


FAST = FetchOptions(timeout=0.5, deadline=5, max_redirects=3, max_bytes=200_000, trust_env=False)


def read(web: Server, paths: list[str], **kwargs: object) -> Ingested:
    kwargs.setdefault("fetch_options", FAST)
    return read_sources([p if "://" in p else web.url(p) for p in paths], **kwargs)  # type: ignore[arg-type]


def reasons(ingested: Ingested) -> dict[str, str]:
    return {s.location: s.reason for s in ingested.skipped}


def test_page_is_extracted_with_its_metadata(web: Server) -> None:
    [article] = read(web, ["/news/barrier.html"]).articles
    assert article.title.startswith("Barrier approved")
    assert "four hundred homes" in article.text
    assert "Copyright" not in article.text and "Sport" not in article.text
    assert article.source == "Harbour Ledger"
    assert article.url == web.url("/news/barrier.html")
    assert article.language == "en"
    [(_, headers)] = web.log
    assert (
        headers["user-agent"] == f"briefgen/{__version__} (+https://github.com/briefgen/briefgen)"
    )


def test_failures_are_skipped_with_the_reason(web: Server) -> None:
    started = time.monotonic()
    ingested = read(
        web,
        [
            "/missing",
            "/slow",
            "/loop/1",
            "/huge",
            "/huge-declared",
            "/report.pdf",
            "/photo.jpg",
            "/boilerplate.html",
            "/broken.xml",
            "http://127.0.0.1:9/nothing-listens-here",
        ],
    )
    assert time.monotonic() - started < 10
    assert ingested.articles == []
    got = reasons(ingested)
    assert got[web.url("/missing")] == "HTTP 404 Not Found"
    assert got[web.url("/slow")].startswith("timed out")
    assert got[web.url("/loop/1")] == "too many redirects (more than 3)"
    assert got[web.url("/huge")].startswith("response too large")
    assert got[web.url("/huge-declared")].startswith("response too large")
    assert got[web.url("/report.pdf")] == "not an HTML page or a feed (application/pdf)"
    assert got[web.url("/photo.jpg")] == "not an HTML page or a feed (image/jpeg)"
    assert "paywall, consent wall or boilerplate" in got[web.url("/boilerplate.html")]
    assert got[web.url("/broken.xml")].startswith("not a valid RSS or Atom feed")
    assert got["http://127.0.0.1:9/nothing-listens-here"].startswith("unreachable")
    assert ingested.fetch.failed == 8  # the boilerplate page and the broken feed downloaded


def test_redirects_within_the_cap_are_followed(web: Server) -> None:
    [article] = read(web, ["/redirect/1"]).articles
    assert article.url == web.url("/news/barrier-moved.html")
    assert article.origin == web.url("/redirect/1")


def test_charset_from_the_header_and_from_the_meta_tag(web: Server) -> None:
    latin, cp1252 = read(web, ["/latin1.html", "/meta1252.html"]).articles
    assert "Café owners in Zürich" in latin.title and "café harbour in Zürich" in latin.text
    assert "Naïve plan “rejected”" in cp1252.title
    assert "The mayor’s reply was “firm”." in cp1252.text


def test_rss_full_content_linked_pages_and_dates(web: Server) -> None:
    ingested = read(web, ["/rss.xml"])
    titles = [a.title for a in ingested.articles]
    assert titles == [
        "Barrier approved after decade of debate",
        "School to reopen after roof repairs",
        "Old news",
    ]
    barrier, school, _ = ingested.articles
    assert barrier.source == "Harbour Ledger" and barrier.published is not None
    assert "four hundred homes" in barrier.text
    assert not web.requests_for("/news/barrier.html")  # the feed carried the full text
    assert "builders" in school.text and web.requests_for("/news/school.html")
    assert school.url == web.url("/news/school.html")
    assert barrier.published > school.published  # type: ignore[operator]


def test_since_and_max_per_feed(web: Server) -> None:
    ingested = read(web, ["/rss.xml"], since=timedelta(hours=24))
    assert [a.title for a in ingested.articles][-1] == "School to reopen after roof repairs"
    assert not web.requests_for("/news/old.html")  # left out before fetching
    # one entry, singular (issue 16: it read "1 entries")
    assert reasons(ingested) == {web.url("/rss.xml"): "1 entry older than 24 h left out"}
    ingested = read(web, ["/rss.xml"], max_per_feed=1)
    assert [a.title for a in ingested.articles] == ["Barrier approved after decade of debate"]
    assert "2 older entries left out (at most 1 a feed)" in reasons(ingested).values()


def test_atom_feed_and_feed_prefix(web: Server) -> None:
    [entry] = read(web, ["/atom.xml"]).articles
    assert entry.title == "Valley school reopens" and entry.source == "Valley Times"
    assert entry.author == "Bo Reporter" and entry.url == web.url("/valley/school")
    # text/plain is not a feed type; the feed: prefix says it is one
    assert len(read(web, ["feed:" + web.url("/feed-as-text")]).articles) == 3


def test_sources_with_a_name_and_section(web: Server) -> None:
    spec = SourceSpec(web.url("/atom.xml"), name="The Valley", section="Local")
    [entry] = read_sources([spec], fetch_options=FAST).articles
    assert (entry.source, entry.section) == ("The Valley", "Local")


def test_urls_txt(web: Server, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# morning sources\n{web.url('/news/barrier.html')}\n\nfeed:{web.url('/atom.xml')}\n"
    )
    ingested = read_sources([str(listing)], fetch_options=FAST)
    assert [a.source for a in ingested.articles] == ["Harbour Ledger", "Valley Times"]


def test_non_english_is_skipped_unless_chosen(web: Server) -> None:
    ingested = read(web, ["/fr.html", "/news/barrier.html"])
    assert len(ingested.articles) == 1
    reason = reasons(ingested)[web.url("/fr.html")]
    assert reason.startswith("in French (fr)") and "--languages en,fr" in reason
    ingested = read(web, ["/fr.html"], languages=["en", "fr"])
    assert [a.language for a in ingested.articles] == ["fr"]


SOURCES = ["/news/barrier.html", "/meta1252.html", "/rss.xml", "/atom.xml"]


def test_second_run_sends_conditional_requests(web: Server, tmp_path: Path) -> None:
    first = read(web, SOURCES, cache_dir=tmp_path)
    assert first.fetch.downloaded == 6  # 4 sources and 2 pages linked from the feed
    assert not any("if-none-match" in h or "if-modified-since" in h for _, h in web.log)
    served = web.served_bytes
    web.log.clear()
    second = read(web, SOURCES, cache_dir=tmp_path)
    assert [a.id for a in second.articles] == [a.id for a in first.articles]
    assert web.served_bytes == served  # nothing downloaded again
    assert second.fetch.downloaded == 0 and second.fetch.not_modified == 6
    assert web.requests_for("/news/barrier.html")[0]["if-none-match"] == '"barrier-v1"'
    assert web.requests_for("/rss.xml")[0]["if-none-match"] == '"rss-v1"'
    [school] = web.requests_for("/news/school.html")  # linked from the feed
    assert school["if-modified-since"] == web.routes["/news/school.html"].last_modified
    assert "if-none-match" not in school
    assert "if-modified-since" in web.requests_for("/atom.xml")[0]


def test_offline_builds_from_the_cache_alone(web: Server, tmp_path: Path) -> None:
    online = read(web, SOURCES, cache_dir=tmp_path)
    web.log.clear()
    offline = read(web, [*SOURCES, "/latin1.html"], cache_dir=tmp_path, offline=True)
    assert web.log == []
    assert [a.id for a in offline.articles] == [a.id for a in online.articles]
    assert reasons(offline) == {web.url("/latin1.html"): "offline, and not in the page cache"}
    with pytest.raises(BriefgenError, match="cache dir"):
        read(web, SOURCES, offline=True)


# Hand-written paragraphs, one a language: the detector must name each, and stay silent on
# text too short to tell.
SAMPLES = {
    "en": "The minister said on Monday that the new rail line would open in the autumn, "
    "and that the fares had not yet been agreed with the operators of the service.",
    "fr": "Le ministre a déclaré lundi que la nouvelle ligne ferroviaire ouvrirait à "
    "l'automne, et que les tarifs n'avaient pas encore été fixés avec les opérateurs.",
    "de": "Der Minister sagte am Montag, dass die neue Bahnstrecke im Herbst eröffnet "
    "werden soll und dass die Preise mit den Betreibern noch nicht vereinbart sind.",
    "es": "El ministro dijo el lunes que la nueva línea de tren se abrirá en otoño, y que "
    "las tarifas todavía no se han acordado con los operadores del servicio.",
    "it": "Il ministro ha detto lunedì che la nuova linea ferroviaria sarà aperta in "
    "autunno, e che le tariffe non sono ancora state concordate con gli operatori.",
    "pt": "O ministro disse na segunda-feira que a nova linha ferroviária vai abrir no "
    "outono, e que as tarifas ainda não foram acordadas com os operadores do serviço.",
    "nl": "De minister zei maandag dat de nieuwe spoorlijn in de herfst wordt geopend en "
    "dat de tarieven nog niet met de vervoerders zijn afgesproken, maar dat komt nog.",
    "sv": "Ministern sade på måndagen att den nya järnvägen ska öppna i höst och att "
    "priserna ännu inte har kommit överens med operatörerna, men det kommer snart.",
    "ru": "Министр заявил в понедельник, что новая железная дорога откроется осенью.",
    "el": "Ο υπουργός δήλωσε τη Δευτέρα ότι η νέα σιδηροδρομική γραμμή θα ανοίξει το φθινόπωρο.",
    "ja": "大臣は月曜日、新しい鉄道路線が秋に開業すると述べた。",
    "zh": "部长周一表示，新的铁路线将于秋季开通。",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_language_detector(lang: str) -> None:
    assert detect(SAMPLES[lang]).language == lang


def test_language_detector_is_silent_when_unsure() -> None:
    assert detect("Flood barrier approved").language == ""
    assert detect("12 34 56 -- ** 2026").language == ""
