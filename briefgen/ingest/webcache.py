"""The fetched-page cache: what makes a repeat run polite and cheap, and ``--offline`` possible.

Every page or feed fetched with status 200 is kept under ``<cache dir>/web/`` as two files
named by a hash of the URL asked for: ``<key>.json`` (the final URL, content type, charset,
``ETag``, ``Last-Modified``, when it was fetched) and ``<key>.body`` (the bytes as received).
The next run sends ``If-None-Match`` / ``If-Modified-Since`` from them, and a ``304 Not
Modified`` answer is served from the cache without downloading the page again. Offline, the
cache is the only source.

The files are written atomically; a half-missing entry reads as absent, and a damaged one
(fields not what we write, truncation, anything but a regular file) is moved aside with a
warning by :func:`briefgen.core.statefile.load_state` and reads as absent too. Validators that
are not plain printable ASCII are never kept, and one found in the cache is never sent: a
server's ``ETag: "caf\xe9"`` cannot make every later run fail.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict

from briefgen.core.atomic import write_atomic
from briefgen.core.statefile import Damaged, load_state, read_bytes

log = logging.getLogger(__name__)
VERSION = 1


class PageMeta(TypedDict):
    """``<key>.json``: what :meth:`WebCache.put` writes beside a page's body."""

    version: NotRequired[Literal[1]]  # entries of earlier releases have none
    url: str
    final_url: str
    content_type: str
    charset: str | None
    etag: NotRequired[Any]  # checked by plain_validator: one that is not plain is never sent
    last_modified: NotRequired[Any]
    fetched_at: NotRequired[str]


HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/xml",
        "text/xml",
    }
)


@dataclass(frozen=True)
class Page:
    """A fetched (or cached) response: what the readers need from it."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    content_type: str  # media type only, lower case: "text/html"
    charset: str | None  # from the Content-Type header, if it named one
    body: bytes
    etag: str = ""
    last_modified: str = ""
    fetched_at: str = ""  # ISO 8601, UTC
    from_cache: bool = False  # served from the cache (a 304 answer, or offline)

    def text(self) -> str:
        """The body as text: charset from the header, else a BOM, meta tag or XML declaration."""
        return decode_body(self.body, self.charset)

    @property
    def looks_like_feed(self) -> bool:
        head = self.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if self.content_type in FEED_TYPES - {"application/xml", "text/xml"}:
            return True
        if head.startswith(b"{") and b"jsonfeed.org" in head:
            return True
        return bool(re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head))

    @property
    def looks_like_html(self) -> bool:
        if self.content_type in HTML_TYPES:
            return True
        head = self.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith((b"<!doctype html", b"<html")) and not self.looks_like_feed


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.IGNORECASE)


def declared_charset(body: bytes) -> str | None:
    """The charset the document declares itself (meta tag or XML declaration)."""
    head = body[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def decode_body(body: bytes, charset: str | None) -> str:
    """Decode a response body: header charset, BOM, declared charset, UTF-8, then cp1252."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", errors="replace")
    for candidate in (charset, declared_charset(body)):
        if candidate:
            with contextlib.suppress(LookupError):
                return body.decode(candidate, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


_PLAIN = re.compile(r"[\x20-\x7e]{1,1024}")


def plain_validator(value: object) -> str:
    """An ``ETag`` or ``Last-Modified`` value fit to send back: printable ASCII, else ""."""
    return value if isinstance(value, str) and _PLAIN.fullmatch(value) else ""


class WebCache:
    """Cached pages in ``root`` (``<cache dir>/web``), keyed by the URL asked for."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def in_cache_dir(cls, cache_dir: Path) -> WebCache:
        return cls(cache_dir / "web")

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.root / f"{key}.json", self.root / f"{key}.body"

    def get(self, url: str) -> Page | None:
        """The cached page for ``url``, or ``None``."""
        meta_path, body_path = self._paths(url)
        try:
            meta = load_state(meta_path, PageMeta, "web cache", logger=log)
            if meta is None or meta["url"] != url:
                return None
            body = read_bytes(body_path)  # never through a link, never waiting on a FIFO
        except (OSError, Damaged):
            return None
        if body is None:
            return None
        return Page(
            url=url,
            final_url=meta["final_url"],
            content_type=meta["content_type"],
            charset=meta["charset"] or None,
            body=body,
            etag=plain_validator(meta.get("etag")),
            last_modified=plain_validator(meta.get("last_modified")),
            fetched_at=meta.get("fetched_at", ""),
            from_cache=True,
        )

    def put(self, page: Page) -> None:
        """Keep ``page`` (body first, so a crash never leaves metadata without a body)."""
        meta_path, body_path = self._paths(page.url)
        meta = {"version": VERSION, **asdict(replace(page, body=b""))}
        del meta["body"], meta["from_cache"]
        try:
            write_atomic(body_path, page.body)
            write_atomic(meta_path, json.dumps(meta, indent=1, sort_keys=True))
        except OSError:
            pass  # a cache that cannot be written costs a download next time, nothing more

    @staticmethod
    def conditional_headers(page: Page | None) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` for revalidating a cached page."""
        headers: dict[str, str] = {}
        if page is not None:
            if plain_validator(page.etag):
                headers["If-None-Match"] = page.etag
            if plain_validator(page.last_modified):
                headers["If-Modified-Since"] = page.last_modified
        return headers

    def clear(self, older_than: float | None = None) -> int:
        """Delete cached pages (only those fetched more than ``older_than`` seconds ago, if
        given), with any half-written files; the number of pages deleted."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - older_than if older_than is not None else None
        removed = 0
        for meta_path in sorted(self.root.glob("*.json")):
            try:
                if cutoff is not None and meta_path.stat().st_mtime >= cutoff:
                    continue
                meta_path.unlink()
            except OSError:
                continue
            removed += 1
            meta_path.with_suffix(".body").unlink(missing_ok=True)
        for other in list(self.root.iterdir()):  # bodies left without metadata, temporaries
            orphan = other.suffix == ".body" and not other.with_suffix(".json").exists()
            if orphan or (cutoff is None and other.suffix != ".json"):
                with contextlib.suppress(OSError):
                    other.unlink()
        return removed
