"""A news site on loopback for day-by-day tests: an RSS feed of teasers and article pages
with an advertisement and a figure between paragraphs, served on 127.0.0.1 only.

The test changes what the site holds between builds (``site.stories``); every request is
answered from it as it is then. Pages carry an ETag of their content, so a page that
changed is fetched again and one that did not is answered 304 from briefgen's web cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .test_sources import running


@dataclass
class Page:
    title: str
    paragraphs: list[str]


@dataclass
class NewsSite:
    base: str
    stories: dict[str, Page] = field(default_factory=dict)  # slug -> the page now
    requests: int = 0

    @property
    def feed(self) -> str:
        return f"{self.base}/rss.xml"

    def url(self, slug: str) -> str:
        return f"{self.base}/news/{slug}.html"

    def page_html(self, slug: str) -> str:
        page = self.stories[slug]
        body: list[str] = []
        for i, text in enumerate(page.paragraphs):
            body.append(f"<p>{escape(text, quote=False)}</p>")
            if i == 0:
                body.append(
                    '<div class="ad advert" aria-label="Advertisement"><p>Advertisement</p>'
                    '<a href="/offers">Half-price subscriptions this week only</a></div>'
                )
            if i == 1:
                body.append(
                    '<figure class="image"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw='
                    '" alt=""><figcaption>Photograph: Harbour Ledger</figcaption></figure>'
                )
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(page.title)} | Harbour Ledger</title>
<meta property="og:site_name" content="Harbour Ledger">
<meta property="og:title" content="{escape(page.title)}"></head><body>
<header><a href="/">Harbour Ledger</a><nav><a href="/news">News</a> <a href="/sport">Sport</a>
</nav></header><main><article><h1>{escape(page.title)}</h1>
<div class="byline">By Staff reporter</div>{"".join(body)}</article>
<aside class="related"><h2>Most read</h2><ul><li><a href="/news/x">Ferry times change</a>
</li></ul></aside></main><footer><p>Copyright 2026 Harbour Ledger.</p></footer></body></html>"""

    def rss(self) -> str:
        stamp = format_datetime(datetime(2026, 11, 1, 6, tzinfo=UTC), usegmt=True)
        items = "".join(
            f"<item><title>{escape(page.title)}</title><link>{self.url(slug)}</link>"
            f"<guid>{self.url(slug)}</guid><pubDate>{stamp}</pubDate>"
            f"<description>{escape(page.paragraphs[0][:80])}…</description></item>"
            for slug, page in self.stories.items()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Harbour Ledger</title><link>{self.base}/</link>"
            f"<description>News</description>{items}</channel></rss>"
        )

    def answer(self, path: str) -> tuple[int, str, bytes]:
        self.requests += 1
        if path == "/rss.xml":
            return 200, "application/rss+xml", self.rss().encode()
        slug = path.removeprefix("/news/").removesuffix(".html")
        if path.startswith("/news/") and slug in self.stories:
            return 200, "text/html; charset=utf-8", self.page_html(slug).encode()
        return 404, "text/plain", b"not found"


def _handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            status, ctype, body = site.answer(self.path)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if status == 200:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def news_site() -> Iterator[NewsSite]:
    """The site, served on 127.0.0.1 on a port the OS picks, until the block ends."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    site = NewsSite(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(site)
    with running(httpd):
        yield site
