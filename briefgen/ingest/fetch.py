"""Fetching web pages and feeds named as sources, politely.

* a clear User-Agent naming briefgen and its version;
* several URLs at once, but only a few (``FetchOptions.concurrency``) at a time;
* a total deadline for each request (connect, headers, body and redirects: 20 s), enforced
  by a watchdog that shuts the connection down, so a server that trickles cannot hold a run;
* redirects followed up to a cap; a response larger than the size cap is abandoned, and a
  compressed one is decoded step by step so that a compression bomb is never held whole;
* links found in fetched content reach only public addresses, the host that listed them or
  ``allow_hosts`` (see ``guard``);
* conditional requests (``ETag`` / ``Last-Modified``) against the page cache, and an
  offline mode that reads the cache alone (see ``webcache``).

Every failure is an ``InputRejected`` whose message is the reason shown to the user.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType

import httpcore
import httpx

from briefgen import __version__
from briefgen.ingest.decoding import ACCEPT_ENCODING, Decoder
from briefgen.ingest.guard import (
    Guard,
    GuardedTransport,
    HostPolicy,
    RequestScope,
    check_by_name,
    guard_for,
    request_scope,
)
from briefgen.ingest.proxies import environment_proxies, proxy_for
from briefgen.ingest.readers import MAX_INPUT_BYTES, InputRejected
from briefgen.ingest.text import shown
from briefgen.ingest.webcache import FEED_TYPES, HTML_TYPES, Page, WebCache, plain_validator

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
    deadline: float = TIMEOUT_S  # seconds for a whole request: connect, headers, body, redirects
    max_redirects: int = 5
    max_bytes: int = MAX_INPUT_BYTES
    concurrency: int = 4
    user_agent: str = USER_AGENT
    trust_env: bool = True  # honour HTTP(S)_PROXY / NO_PROXY (``proxies``) and SSL_CERT_FILE


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


REDIRECTS = frozenset({301, 302, 303, 307, 308})


WEB = ("http://", "https://")


class Fetcher:
    """An HTTP client for one run. Use as a context manager; thread safe.

    ``allow_hosts``: the hosts links found in fetched content may reach although they are
    not public (see ``guard``).
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        cache: WebCache | None = None,
        offline: bool = False,
        allow_hosts: Sequence[str] = (),
    ) -> None:
        self.options = options or FetchOptions()
        self.cache = cache
        self.offline = offline
        self.policy = HostPolicy.of(allow_hosts)
        self.stats = FetchStats()
        self._lock = threading.Lock()
        self._done: dict[tuple[str, bool], Page | InputRejected] = {}
        self._pending: dict[tuple[str, bool], threading.Event] = {}
        self._clients: dict[str | None, httpx.Client] = {}  # by proxy; None: direct
        self._proxies = environment_proxies(self.options.trust_env)

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
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    def _client_for(self, proxy: str | None) -> httpx.Client:
        """The client that connects directly (``None``) or through ``proxy``."""
        with self._lock:
            client = self._clients.get(proxy)
            if client is None:
                client = self._clients[proxy] = httpx.Client(
                    headers={
                        "User-Agent": self.options.user_agent,
                        "Accept": ACCEPT,
                        "Accept-Encoding": ACCEPT_ENCODING,
                    },
                    timeout=httpx.Timeout(self.options.timeout),
                    follow_redirects=False,  # followed here, each hop judged by the guard
                    trust_env=self.options.trust_env,
                    transport=GuardedTransport(
                        trust_env=self.options.trust_env,
                        max_connections=max(1, self.options.concurrency),
                        proxy=proxy,
                    ),
                )
            return client

    def fetch_all(
        self, urls: Sequence[str], listed_by: Sequence[str | None] | None = None
    ) -> list[Page | InputRejected]:
        """Fetch every URL, a few at a time; the answers come back in the order asked.

        ``listed_by[i]``: the URL whose content named ``urls[i]`` (``None``: the user did).
        """
        listers: Sequence[str | None] = listed_by or [None] * len(urls)

        def one(job: tuple[str, str | None]) -> Page | InputRejected:
            try:
                return self.fetch(*job)
            except InputRejected as exc:
                return exc

        jobs = list(zip(urls, listers, strict=True))
        # a URL no web server can answer (urn:, tag:, mailto:) is refused here and now:
        # a feed of 100,000 such entries costs no thread hand-offs
        web = [i for i, (url, _) in enumerate(jobs) if url[:8].lower().startswith(WEB)]
        answers: list[Page | InputRejected | None] = [None] * len(jobs)
        for i in sorted(set(range(len(jobs))) - set(web)):
            answers[i] = one(jobs[i])
        if len(web) <= 1:
            for i in web:
                answers[i] = one(jobs[i])
        else:
            workers = max(1, min(self.options.concurrency, len(web)))
            with ThreadPoolExecutor(
                max_workers=workers, thread_name_prefix="briefgen-fetch"
            ) as pool:
                for i, answer in zip(web, pool.map(one, [jobs[i] for i in web]), strict=True):
                    answers[i] = answer
        return [a for a in answers if a is not None]

    def fetch(self, url: str, listed_by: str | None = None) -> Page:
        """Fetch one page or feed (or take it from the cache), or raise ``InputRejected``.

        ``listed_by``: the URL whose content named this one (``None``: the user named it).
        A URL asked for twice in one run (named as a source and linked from a feed) is
        fetched once; the second caller gets the first one's answer.
        """
        try:
            guard = guard_for(url, listed_by, self.policy)
        except InputRejected:
            self.stats.add("failed")
            raise
        key = (url, guard is not None)
        with self._lock:
            known = self._done.get(key)
            waiting = self._pending.get(key)
            if known is None and waiting is None:
                self._pending[key] = threading.Event()
        if known is None and waiting is not None:
            waiting.wait()
            known = self._done[key]
        if known is None:
            try:
                known = self._fetch_once(url, guard)
            except InputRejected as exc:
                known = exc
            with self._lock:
                self._done[key] = known
                self._pending.pop(key).set()
        if isinstance(known, InputRejected):
            raise InputRejected(str(known), known.where)
        return known

    def _fetch_once(self, url: str, guard: Guard | None) -> Page:
        cached = self.cache.get(url) if self.cache is not None else None
        if self.offline:
            if cached is None:
                self.stats.add("failed")
                raise InputRejected("offline, and not in the page cache")
            self.stats.add("from_cache")
            return cached
        try:
            page = self._download(url, cached, guard)
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

    def _download(self, url: str, cached: Page | None, guard: Guard | None) -> Page:
        """One request, redirects included, under the total deadline."""
        opts = self.options
        with request_scope(opts.deadline) as scope:
            try:
                page = self._follow(url, cached, guard, scope)
            except (httpx.HTTPError, httpcore.ConnectError) as exc:
                if scope.expired:
                    raise self._too_slow() from None
                raise _rejection(exc, opts) from None
            except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
                raise InputRejected(f"invalid URL ({shown(str(exc))})") from None
            if scope.expired:  # the body may have ended because its socket was shut
                raise self._too_slow()
        return page

    def _too_slow(self) -> InputRejected:
        return InputRejected(f"too slow (no full answer in {self.options.deadline:g} s)")

    def _follow(
        self, url: str, cached: Page | None, guard: Guard | None, scope: RequestScope
    ) -> Page:
        headers = WebCache.conditional_headers(cached)
        current = url
        for _ in range(self.options.max_redirects + 1):
            proxy = proxy_for(current, self._proxies)
            scope.guard = guard
            if proxy is not None:  # the connection is to the proxy: the target judged by name
                if guard is not None:
                    check_by_name(guard, current)
                scope.guard = None
            client = self._client_for(proxy)
            request = client.build_request("GET", current, headers=headers)
            response = client.send(request, stream=True)
            try:
                location = response.headers.get("location", "")
                if response.status_code not in REDIRECTS or not location:
                    return self._receive(url, response, cached, scope)
            finally:
                response.close()
            target = str(response.url.join(location))
            if not is_url(target):
                raise InputRejected(f"redirected to a URL that is not http(s) ({shown(target)})")
            guard = guard_for(target, current, self.policy, redirect=True)
            current = target
        raise InputRejected(f"too many redirects (more than {self.options.max_redirects})")

    def _receive(
        self, url: str, response: httpx.Response, cached: Page | None, scope: RequestScope
    ) -> Page:
        opts = self.options
        if response.status_code == 304 and cached is not None:
            log.debug("%s: not modified", url)
            return cached
        if response.status_code >= 400:
            phrase = shown(response.reason_phrase or "")
            raise InputRejected(f"HTTP {response.status_code} {phrase}".strip())
        if response.status_code != 200:
            raise InputRejected(f"unexpected HTTP status {response.status_code}")
        kind, charset = _media_type(response.headers.get("content-type", ""))
        if kind and kind not in HTML_TYPES | FEED_TYPES and not kind.startswith("text/"):
            raise InputRejected(f"not an HTML page or a feed ({shown(kind)})")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > opts.max_bytes:
            raise InputRejected(
                f"response too large ({_megabytes(int(length))}; "
                f"the limit is {_megabytes(opts.max_bytes)})"
            )
        decoder = Decoder(response.headers.get("content-encoding", ""))
        body = bytearray()
        for raw in response.iter_raw():
            for piece in decoder.feed(raw):
                self._keep(body, piece)
            if scope.remaining() < 0:
                raise self._too_slow()
        for piece in decoder.flush():
            self._keep(body, piece)
        if not body.strip():
            raise InputRejected("empty response")
        return Page(
            url=url,
            final_url=str(response.url),
            content_type=kind,
            charset=charset,
            body=bytes(body),
            etag=plain_validator(response.headers.get("etag", "")),
            last_modified=plain_validator(response.headers.get("last-modified", "")),
            fetched_at=_now(),
        )

    def _keep(self, body: bytearray, piece: bytes) -> None:
        if len(body) + len(piece) > self.options.max_bytes:
            raise InputRejected(
                f"response too large (over {_megabytes(self.options.max_bytes)}, the limit)"
            )
        body += piece


def _rejection(exc: Exception, opts: FetchOptions) -> InputRejected:
    """The reason shown for a failed request."""
    if isinstance(exc, httpx.TimeoutException):
        return InputRejected(f"timed out (no answer within {opts.timeout:g} s)")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return InputRejected(f"invalid URL ({shown(str(exc))})")
    if isinstance(exc, httpx.DecodingError):
        return InputRejected(f"undecodable response ({shown(str(exc))})")
    return InputRejected(f"unreachable ({shown(str(exc) or type(exc).__name__)})")
