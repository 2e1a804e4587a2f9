"""Reading sources into articles: files, directories, glob patterns, stdin, URLs and feeds.

Bad inputs never stop a run: each is recorded as ``Skipped`` with a one-line reason.
A source that does not exist at all, or a file in a format we cannot read, is a usage
error (``BriefgenError``) since it is almost always a typo.

Web sources are ``https://...`` pages, feeds (``feed:https://...``, or any URL that answers
with RSS or Atom) and ``.txt`` files that list such URLs one a line (``urls.txt``; blank lines
and ``#`` comments allowed). They are fetched concurrently (``fetch``), parsed as feeds or
pages (``feeds``) and cached for conditional requests and offline runs (``webcache``).

Articles detected to be in a language other than the chosen ones (English by default) are
skipped with the reason (``briefgen.language``).
"""

from __future__ import annotations

import glob
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import IO

from briefgen.document import Article, Skipped
from briefgen.errors import BriefgenError
from briefgen.ingest.feeds import WebSource, parse_web_source, read_web
from briefgen.ingest.fetch import Fetcher, FetchOptions, FetchStats, is_url
from briefgen.ingest.readers import (
    MAX_INPUT_BYTES,
    READERS,
    InputRejected,
    decode,
    sniff_reader,
)
from briefgen.ingest.webcache import WebCache
from briefgen.language import rejection

__all__ = [
    "FetchOptions",
    "Ingested",
    "SourceSpec",
    "is_url",
    "read_sources",
]

log = logging.getLogger(__name__)

IGNORED_NAMES = {"readme", "license", "licence", "changelog", "contributing"}


@dataclass
class Ingested:
    """What reading the sources gave: the articles, in input order, and what was skipped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    exact_duplicates: list[Article] = field(default_factory=list)
    """Articles dropped as exact duplicates of one in ``articles`` (also listed in ``skipped``):
    kept so that the briefing can name their sources under "also reported by"."""
    fetch: FetchStats = field(default_factory=FetchStats)
    """What reading the web cost: downloads, 304 answers, cache reads."""


@dataclass(frozen=True)
class SourceSpec:
    """A source with the display name and section a config file gives it (feeds, mostly)."""

    location: str  # a path, glob, "-", URL, "feed:URL" or urls.txt
    name: str = ""
    section: str = ""


URL_LIST_LINE = re.compile(r"^(?:feed:)?(?:https?:)?//\S+$|^(?:feed:)?https?://\S+$", re.I)


def _url_list(path: Path) -> list[str] | None:
    """The URLs in a ``.txt`` file that lists only URLs (``urls.txt``), else ``None``."""
    if path.suffix.lower() not in (".txt", ".text"):
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(256 * 1024)
        text = head.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines or not all(URL_LIST_LINE.match(line) for line in lines):
        return None
    return lines


def _expand(source: str) -> list[Path]:
    """A source path, directory or glob pattern as the list of files it names."""
    if any(ch in source for ch in "*?["):
        matches = sorted(Path(p) for p in glob.glob(source, recursive=True))
        files = [p for p in matches if p.is_file()]
        if not files:
            raise BriefgenError(f"no files match {source!r}")
        return files
    path = Path(source)
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower() in READERS
            and p.stem.lower() not in IGNORED_NAMES
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
    if path.is_file():
        if path.suffix.lower() not in READERS:
            known = ", ".join(sorted(READERS))
            raise BriefgenError(
                f"{source}: unknown format {path.suffix or '(none)'!r}; use {known}"
            )
        return [path]
    raise BriefgenError(f"{source}: no such file or directory")


def _read_file(path: Path) -> Iterator[Article | InputRejected]:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:  # checked before reading: a huge file is never loaded
            raise InputRejected(
                f"too large ({size / 1e6:.1f} MB; the limit is {MAX_INPUT_BYTES / 1e6:.0f} MB)"
            )
        text = decode(path.read_bytes())
    except OSError as exc:
        raise InputRejected(f"cannot read ({exc.strerror})") from None
    yield from READERS[path.suffix.lower()](text, str(path))


def _read_stdin(stream: IO[str] | IO[bytes]) -> Iterator[Article | InputRejected]:
    data = stream.read()
    text = decode(data) if isinstance(data, bytes) else data
    yield from sniff_reader(text)(text, "-")


def _web(location: str, spec: SourceSpec) -> WebSource | None:
    web = parse_web_source(location)
    if web is None:
        return None
    return replace(web, name=spec.name, section=spec.section)


def _plan(sources: Sequence[str | SourceSpec]) -> list[str | Path | WebSource]:
    """Resolve every source before reading any, so a typo fails fast."""
    planned: list[str | Path | WebSource] = []
    for source in sources:
        spec = source if isinstance(source, SourceSpec) else SourceSpec(source)
        location = spec.location
        web = _web(location, spec)
        if web is not None:
            planned.append(web)
        elif location == "-":
            planned.append(location)
        elif location.lower().startswith("feed:"):
            raise BriefgenError(f"{location}: a feed: source must name an http(s) URL")
        else:
            for path in _expand(location):
                urls = _url_list(path)
                if urls is None:
                    planned.append(path)
                    continue
                for url in urls:
                    listed = _web(url, spec)
                    if listed is None:
                        raise BriefgenError(f"{path}: {url!r} is not an http(s) URL")
                    planned.append(listed)
    return planned


def read_sources(
    sources: Sequence[str | SourceSpec],
    stdin: IO[str] | IO[bytes] | None = None,
    *,
    cache_dir: Path | None = None,
    offline: bool = False,
    since: timedelta | None = None,
    max_per_feed: int | None = None,
    languages: Sequence[str] | None = None,
    fetch_options: FetchOptions | None = None,
) -> Ingested:
    """Read every source into articles, dropping exact duplicates (same content hash).

    Web sources are fetched concurrently; with ``cache_dir`` the pages are cached there and
    revalidated with conditional requests, and ``offline`` reads them from the cache alone.
    ``since`` and ``max_per_feed`` limit the entries taken from each feed. Articles detected
    to be in a language not in ``languages`` (default: English) are skipped.
    """
    if offline and cache_dir is None:
        raise BriefgenError("offline mode needs a cache dir to read the pages from")
    if max_per_feed is not None and max_per_feed < 1:
        raise BriefgenError("--max-per-feed must be 1 or more")
    planned = _plan(sources)
    result = Ingested()
    web_items = [item for item in planned if isinstance(item, WebSource)]
    web_results: dict[int, list[Article | InputRejected]] = {}
    if web_items:
        cache = WebCache.in_cache_dir(cache_dir) if cache_dir is not None else None
        with Fetcher(fetch_options, cache=cache, offline=offline) as fetcher:
            outcomes, notes = read_web(web_items, fetcher, since=since, max_per_feed=max_per_feed)
        result.fetch = fetcher.stats
        for web, items, item_notes in zip(web_items, outcomes, notes, strict=True):
            web_results[id(web)] = items
            for where, note in item_notes:
                log.info("%s: %s", where, note)
                result.skipped.append(Skipped(where, note, "filtered"))
        log.info(
            "web: %d downloaded, %d not modified, %d from the cache, %d failed",
            fetcher.stats.downloaded,
            fetcher.stats.not_modified,
            fetcher.stats.from_cache,
            fetcher.stats.failed,
        )
    allowed = list(languages) if languages else ["en"]
    seen: dict[str, str] = {}
    for item in planned:
        label = item.url if isinstance(item, WebSource) else str(item)
        found = web_results[id(item)] if isinstance(item, WebSource) else _attempt(item, stdin)
        for outcome in found:
            if isinstance(outcome, InputRejected):
                skipped = Skipped(outcome.where or label, str(outcome))
                log.warning("skipped %s: %s", skipped.source, skipped.reason)
                result.skipped.append(skipped)
                continue
            language, reason = rejection(outcome.text, allowed)
            if reason is not None:
                log.warning("skipped %s: %s", outcome.origin, reason)
                result.skipped.append(Skipped(outcome.origin, reason, "filtered"))
                continue
            if language and not outcome.language:
                outcome = replace(outcome, language=language)
            if outcome.id in seen:
                reason = f"exact duplicate of {seen[outcome.id]}"
                log.info("skipped %s: %s", outcome.origin, reason)
                result.skipped.append(Skipped(outcome.origin, reason, "duplicate"))
                result.exact_duplicates.append(outcome)
            else:
                seen[outcome.id] = outcome.origin
                result.articles.append(outcome)
    return result


def _attempt(
    item: str | Path, stdin: IO[str] | IO[bytes] | None
) -> Iterable[Article | InputRejected]:
    try:
        if isinstance(item, Path):
            outcomes = list(_read_file(item))
        else:
            outcomes = list(_read_stdin(stdin if stdin is not None else sys.stdin.buffer))
    except InputRejected as exc:
        return [exc]
    except Exception as exc:  # a reader tripped on input nobody foresaw: skip it, say why
        log.debug("reading %s failed", item, exc_info=True)
        return [InputRejected(f"unreadable ({type(exc).__name__}: {str(exc)[:120]})")]
    return outcomes
