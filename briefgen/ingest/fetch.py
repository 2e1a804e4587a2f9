"""Fetching web pages and feeds named as sources, politely.

* a clear User-Agent naming briefgen and its version;
* several URLs at once, but only a few (``FetchOptions.concurrency``) at a time;
* a timeout for each request and an overall deadline, so a server that trickles bytes
  cannot hold a run;
* redirects followed up to a cap; a response larger than the size cap is abandoned;
* conditional requests (``ETag`` / ``Last-Modified``) against the page cache, and an
  offline mode that reads the cache alone (see ``webcache``).

Every failure is an ``InputRejected`` whose message is the reason shown to the user.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType

import httpx

from briefgen import __version__
from briefgen.ingest.readers import MAX_INPUT_BYTES, InputRejected
from briefgen.ingest.webcache import FEED_TYPES, HTML_TYPES, Page, WebCache

log = logging.getLogger(__name__)

TIMEOUT_S = 20.0
USER_AGENT = f"briefgen/{__version__} (+https://github.com/briefgen/briefgen)"
ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1"
)


@dataclass(frozen=True)
class FetchOptions:
    """How the web is read."""

    timeout: float = TIMEOUT_S  # seconds: connect, and between bytes
    deadline: float = 60.0  # seconds for a whole response, body included
    max_redirects: int = 5
    max_bytes: int = MAX_INPUT_BYTES
    concurrency: int = 4
    user_agent: str = USER_AGENT
    trust_env: bool = True  # honour HTTP(S)_PROXY / NO_PROXY and the system CA settings


@dataclass
class FetchStats:
    """What the web reading cost: shown with ``-v`` and checked by the tests."""

    downloaded: int = 0  # 200 answers, body transferred
    not_modified: int = 0  # 304 answers, body from the cache
    from_cache: int = 0  # offline reads
    failed: int = 0
    bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, n: int = 1) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + n)


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.IGNORECASE))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _media_type(value: str) -> tuple[str, str | None]:
    """``text/html; charset=ISO-8859-1`` as ``("text/html", "iso-8859-1")``."""
    kind, _, params = value.partition(";")
    charset = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.IGNORECASE)
    return kind.strip().lower(), charset.group(1).lower() if charset else None


def _megabytes(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1_000_000 else f"{n / 1e3:.0f} kB"


class Fetcher:
    """An HTTP client for one run. Use as a context manager; thread safe."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        cache: WebCache | None = None,
        offline: bool = False,
    ) -> None:
        self.options = options or FetchOptions()
        self.cache = cache
        self.offline = offline
        self.stats = FetchStats()
        self._lock = threading.Lock()
        self._done: dict[str, Page | InputRejected] = {}
        self._pending: dict[str, threading.Event] = {}
        self._client: httpx.Client | None = None
        if not offline:
            self._client = httpx.Client(
                headers={"User-Agent": self.options.user_agent, "Accept": ACCEPT},
                timeout=httpx.Timeout(self.options.timeout),
                follow_redirects=True,
                max_redirects=self.options.max_redirects,
                trust_env=self.options.trust_env,
                limits=httpx.Limits(max_connections=max(1, self.options.concurrency)),
            )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def fetch_all(self, urls: Sequence[str]) -> list[Page | InputRejected]:
        """Fetch every URL, a few at a time; the answers come back in the order asked."""

        def one(url: str) -> Page | InputRejected:
            try:
                return self.fetch(url)
            except InputRejected as exc:
                return exc

        if len(urls) <= 1:
            return [one(u) for u in urls]
        workers = max(1, min(self.options.concurrency, len(urls)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="briefgen-fetch") as pool:
            return list(pool.map(one, urls))

    def fetch(self, url: str) -> Page:
        """Fetch one page or feed (or take it from the cache), or raise ``InputRejected``.

        A URL asked for twice in one run (named as a source and linked from a feed) is
        fetched once; the second caller gets the first one's answer.
        """
        with self._lock:
            known = self._done.get(url)
            waiting = self._pending.get(url)
            if known is None and waiting is None:
                self._pending[url] = threading.Event()
        if known is None and waiting is not None:
            waiting.wait()
            known = self._done[url]
        if known is None:
            try:
                known = self._fetch_once(url)
            except InputRejected as exc:
                known = exc
            with self._lock:
                self._done[url] = known
                self._pending.pop(url).set()
        if isinstance(known, InputRejected):
            raise InputRejected(str(known), known.where)
        return known

    def _fetch_once(self, url: str) -> Page:
        cached = self.cache.get(url) if self.cache is not None else None
        if self.offline:
            if cached is None:
                self.stats.add("failed")
                raise InputRejected("offline, and not in the page cache")
            self.stats.add("from_cache")
            return cached
        try:
            page = self._download(url, cached)
        except InputRejected:
            self.stats.add("failed")
            raise
        if page.from_cache:
            self.stats.add("not_modified")
        else:
            self.stats.add("downloaded")
            self.stats.add("bytes", len(page.body))
            if self.cache is not None:
                self.cache.put(page)
        return page

    def _download(self, url: str, cached: Page | None) -> Page:
        assert self._client is not None
        opts = self.options
        headers = WebCache.conditional_headers(cached)
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304 and cached is not None:
                    log.debug("%s: not modified", url)
                    return cached
                if response.status_code >= 400:
                    phrase = response.reason_phrase or ""
                    raise InputRejected(f"HTTP {response.status_code} {phrase}".strip())
                if response.status_code != 200:
                    raise InputRejected(f"unexpected HTTP status {response.status_code}")
                kind, charset = _media_type(response.headers.get("content-type", ""))
                if kind and kind not in HTML_TYPES | FEED_TYPES and not kind.startswith("text/"):
                    raise InputRejected(f"not an HTML page or a feed ({kind})")
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > opts.max_bytes:
                    raise InputRejected(
                        f"response too large ({_megabytes(int(length))}; "
                        f"the limit is {_megabytes(opts.max_bytes)})"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > opts.max_bytes:
                        raise InputRejected(
                            f"response too large (over {_megabytes(opts.max_bytes)}, the limit)"
                        )
                    if time.monotonic() - started > opts.deadline:
                        raise InputRejected(f"too slow (no full answer in {opts.deadline:g} s)")
                    chunks.append(chunk)
                final_url = str(response.url)
                etag = response.headers.get("etag", "")
                last_modified = response.headers.get("last-modified", "")
        except httpx.TooManyRedirects:
            raise InputRejected(f"too many redirects (more than {opts.max_redirects})") from None
        except httpx.TimeoutException:
            raise InputRejected(f"timed out (no answer within {opts.timeout:g} s)") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise InputRejected(f"invalid URL ({exc})") from None
        except httpx.HTTPError as exc:
            raise InputRejected(f"unreachable ({exc or type(exc).__name__})") from None
        body = b"".join(chunks)
        if not body.strip():
            raise InputRejected("empty response")
        return Page(
            url=url,
            final_url=final_url,
            content_type=kind,
            charset=charset,
            body=body,
            etag=etag,
            last_modified=last_modified,
            fetched_at=_now(),
        )


def fetch_html(url: str, options: FetchOptions | None = None) -> str:
    """Download ``url`` and return its HTML as text, or raise ``InputRejected`` with the reason."""
    with Fetcher(options) as fetcher:
        page = fetcher.fetch(url)
    if not page.looks_like_html:
        raise InputRejected(f"not an HTML page ({page.content_type or 'unknown type'})")
    return page.text()
