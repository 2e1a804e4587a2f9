"""Reading sources into articles: files, directories, glob patterns, stdin, URLs and feeds.

Bad inputs never stop a run: each is recorded as ``Skipped`` with a one-line reason.
A source that does not exist at all, or a file in a format we cannot read, is a usage
error (``BriefgenError``) since it is almost always a typo.

Web sources are ``https://...`` pages, feeds (``feed:https://...``, or any URL that answers
with RSS or Atom) and ``.txt`` files that list such URLs one a line (``urls.txt``; blank lines
and ``#`` comments allowed). They are fetched concurrently (``fetch``), parsed as feeds or
pages (``feeds``) and cached for conditional requests and offline runs (``webcache``).

Articles detected to be in a language other than the chosen ones (English by default) are
skipped with the reason (``briefgen.ingest.language``).
"""

from __future__ import annotations

import errno
import glob
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import IO

from briefgen.core.errors import BriefgenError
from briefgen.document import Article, Skipped, SourceSpec
from briefgen.ingest.accept import IGNORED_NAMES, accept
from briefgen.ingest.feeds import WebSource, parse_web_source, read_web
from briefgen.ingest.fetch import Fetcher, FetchOptions, FetchStats, is_url
from briefgen.ingest.readers import (
    MAX_INPUT_BYTES,
    READERS,
    InputRejected,
    decode,
    sniff_reader,
)
from briefgen.ingest.text import shown
from briefgen.ingest.webcache import WebCache

__all__ = [
    "FetchOptions",
    "Ingested",
    "SourceSpec",
    "is_url",
    "read_sources",
]

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class Unusable:
    """A path that names no readable file (a FIFO, a device, a broken link): skipped."""

    path: Path
    reason: str


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _classify(path: Path) -> str | None:
    """Why ``path`` is not a regular file ("" for a directory), or ``None`` when it is one.
    Never opens it: opening a FIFO would block."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "cannot read (symbolic link loop)"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return "cannot read (a broken symbolic link)"
        return f"cannot read ({exc.strerror or type(exc).__name__})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return ""
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind})"


@dataclass(frozen=True)
class InFolder:
    """A file found in a folder source: read only while it is inside ``root``."""

    path: Path
    root: Path


def _out_of(path: Path | str, root: Path) -> str | None:
    """Where ``path`` really is when a link takes it out of ``root``, else ``None``."""
    real = os.path.realpath(path)
    return None if Path(real).is_relative_to(os.path.realpath(root)) else real


def _link_out(target: str) -> str:
    return (
        f"a link out of the folder, not followed (to {shown(target)}); "
        "name the file itself to read it"
    )


def _wanted(path: Path, root: Path) -> bool:
    return (
        path.suffix.lower() in READERS
        and path.stem.lower() not in IGNORED_NAMES
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def _walk(root: Path) -> list[InFolder | Unusable]:
    """The readable files of a folder, recursively, and the entries that cannot be read.
    A link that leads out of the folder is never followed: it is listed as unusable."""
    found: list[InFolder | Unusable] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        found.append(Unusable(where, f"cannot read the folder ({exc.strerror})"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for linked in (Path(folder, d) for d in dirs if os.path.islink(Path(folder, d))):
            target = _out_of(linked, root)  # not followed by os.walk; one out is listed
            if target is not None:
                found.append(Unusable(linked, _link_out(target)))
        for name in files:  # a FIFO, a device, a broken link or a link loop is listed here
            path = Path(folder, name)
            if not _wanted(path, root):
                continue
            reason = _classify(path)
            target = _out_of(path, root) if reason is None and path.is_symlink() else None
            if target is not None:
                found.append(Unusable(path, _link_out(target)))
            elif reason is None:
                found.append(InFolder(path, root))
            elif reason:
                found.append(Unusable(path, reason))
    return sorted(found, key=lambda p: p.path)


def _glob_root(pattern: str) -> Path:
    """The folder a glob pattern reads: its parts before the first wildcard."""
    fixed: list[str] = []
    for part in Path(pattern).parts:
        if any(ch in part for ch in "*?["):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _expand(source: str) -> list[Path | InFolder | Unusable]:
    """A source path, directory or glob pattern as the list of files it names. A file named
    itself may be a link to anywhere; a folder's or a pattern's never lead out of it."""
    if any(ch in source for ch in "*?["):
        root = _glob_root(source)
        matches = sorted(Path(p) for p in glob.glob(source, recursive=True))
        files: list[Path | InFolder | Unusable] = []
        for match in matches:
            reason = _classify(match)
            target = _out_of(match, root) if reason is None else None
            if reason is None and target is None:
                files.append(InFolder(match, root))
            elif match.suffix.lower() in READERS and (reason or target):
                files.append(Unusable(match, reason or _link_out(str(target))))
        if not files:
            raise BriefgenError(f"no files match {shown(source)!r}")
        return files
    path = Path(source)
    reason = _classify(path)
    if reason == "":
        return list(_walk(path))
    if reason is None:
        if path.suffix.lower() not in READERS:
            known = ", ".join(sorted(READERS))
            raise BriefgenError(
                f"{shown(source)}: unknown format {shown(path.suffix) or '(none)'!r}; use {known}"
            )
        return [path]
    if reason.startswith("not a regular file") and "pipe" in reason:
        reason += "; pipe it to standard input instead: briefgen build - < FILE"
    if os.path.lexists(path) and not reason.startswith("cannot read (No such file"):
        return [Unusable(path, reason)]
    raise BriefgenError(f"{shown(source)}: no such file or directory")


def _opened(fd: int, path: Path) -> str:
    """Where the file open as ``fd`` really is (``/proc``; else ``path`` resolved)."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(path)


def _read_file(path: Path, root: Path | None = None) -> Iterator[Article | InputRejected]:
    """A regular file's articles; opened without blocking and checked again once open (it
    may have been swapped for a FIFO, or a link out of its folder ``root``, since it was
    listed), and never read past the cap."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            target = _out_of(_opened(fd, path), root) if root is not None else None
            if target is not None:
                raise InputRejected(_link_out(target))
            if not stat.S_ISREG(info.st_mode):
                raise InputRejected("not a regular file")
            if info.st_size > MAX_INPUT_BYTES:  # a huge file is never loaded
                raise InputRejected(
                    f"too large ({info.st_size / 1e6:.1f} MB; "
                    f"the limit is {MAX_INPUT_BYTES / 1e6:.0f} MB)"
                )
            raw = handle.read(MAX_INPUT_BYTES + 1)
        text = decode(raw)
    except OSError as exc:
        raise InputRejected(f"cannot read ({exc.strerror or type(exc).__name__})") from None
    yield from READERS[path.suffix.lower()](text, shown(str(path)))


def _read_stdin(stream: IO[str] | IO[bytes]) -> Iterator[Article | InputRejected]:
    """Standard input, read up to the same cap as a file: beyond it, skipped."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        limit = f"{MAX_INPUT_BYTES / 1e6:.0f} MB"
        raise InputRejected(f"too large (over {limit}; the limit is {limit})")
    text = decode(data) if isinstance(data, bytes) else data
    yield from sniff_reader(text)(text, "-")


def _web(location: str, spec: SourceSpec) -> WebSource | None:
    web = parse_web_source(location)
    if web is None:
        return None
    return replace(web, name=spec.name, section=spec.section)


Planned = str | Path | InFolder | WebSource | Unusable


def _plan(sources: Sequence[str | SourceSpec]) -> list[Planned]:
    """Resolve every source before reading any, so a typo fails fast."""
    planned: list[Planned] = []
    for source in sources:
        spec = source if isinstance(source, SourceSpec) else SourceSpec(source)
        location = spec.location
        web = _web(location, spec)
        if web is not None:
            planned.append(web)
        elif location == "-":
            planned.append(location)
        elif location.lower().startswith("feed:"):
            raise BriefgenError(f"{shown(location)}: a feed: source must name an http(s) URL")
        else:
            for path in _expand(location):
                file = path.path if isinstance(path, InFolder) else path
                urls = _url_list(file) if not isinstance(file, Unusable) else None
                if urls is None:
                    planned.append(path)
                    continue
                for url in urls:
                    listed = _web(url, spec)
                    if listed is None:
                        raise BriefgenError(
                            f"{shown(str(path))}: {shown(url)!r} is not an http(s) URL"
                        )
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
    allow_hosts: Sequence[str] = (),
) -> Ingested:
    """Read every source into articles, dropping exact duplicates (same content hash).

    Web sources are fetched concurrently; with ``cache_dir`` the pages are cached there and
    revalidated with conditional requests, and ``offline`` reads them from the cache alone.
    ``since`` and ``max_per_feed`` limit the entries taken from each feed. Articles detected
    to be in a language not in ``languages`` (default: English) are skipped.

    ``allow_hosts``: hosts (``name``, ``name:port``, an address or a network ``10.0.0.0/8``)
    that URLs found in fetched content (feed entry links, redirects) may reach although they
    are not public; a URL the user names is fetched wherever it points (see ``guard``).
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
        with Fetcher(fetch_options, cache, offline, allow_hosts) as fetcher:
            outcomes, notes = read_web(web_items, fetcher, since=since, max_per_feed=max_per_feed)
        result.fetch = fetcher.stats
        for web, items, item_notes in zip(web_items, outcomes, notes, strict=True):
            web_results[id(web)] = items
            for where, note in item_notes:
                log.info("%s: %s", shown(where), note)
                result.skipped.append(Skipped(shown(where), shown(note), "filtered"))
        log.info(
            "web: %d downloaded, %d not modified, %d from the cache, %d failed",
            fetcher.stats.downloaded,
            fetcher.stats.not_modified,
            fetcher.stats.from_cache,
            fetcher.stats.failed,
        )
    allowed = list(languages) if languages else ["en"]
    seen: dict[str, int] = {}  # article id: its index in result.articles
    warned = _Warnings()
    for item in planned:
        found = web_results[id(item)] if isinstance(item, WebSource) else _attempt(item, stdin)
        for outcome in found:
            if isinstance(outcome, InputRejected):
                skipped = Skipped(shown(outcome.where or _label(item)), shown(str(outcome)))
                warned.skipped(skipped.location, skipped.reason)
                result.skipped.append(skipped)
                continue
            outcome, reason = accept(outcome, allowed)
            if reason is not None:
                warned.skipped(outcome.origin, reason)
                result.skipped.append(Skipped(outcome.origin, reason, "filtered"))
                continue
            _keep(result, seen, outcome)
    warned.close()
    return result


class _Warnings:
    """A warning per skipped input, up to ``LIMIT``; the rest at info level (``--verbose``)
    and counted in one warning at the end, so a feed of 100,000 refused links does not
    bury the log. Every one is still in the JSON's ``skipped``."""

    LIMIT = 20

    def __init__(self) -> None:
        self.count = 0

    def skipped(self, where: str, reason: str) -> None:
        self.count += 1
        level = logging.WARNING if self.count <= self.LIMIT else logging.INFO
        log.log(level, "skipped %s: %s", where, reason)

    def close(self) -> None:
        if self.count > self.LIMIT:
            more = self.count - self.LIMIT
            log.warning(
                "skipped %d more inputs (--verbose lists them; the JSON's skipped has all)", more
            )


def _keep(result: Ingested, seen: dict[str, int], article: Article) -> None:
    """Add ``article``, or, when one with the same text was read, keep whichever of the two
    has more metadata (the first on a tie) and list the other as its exact duplicate."""
    if article.id not in seen:
        seen[article.id] = len(result.articles)
        result.articles.append(article)
        return
    index = seen[article.id]
    kept = result.articles[index]
    if article.richness > kept.richness:
        result.articles[index], article, kept = article, kept, article
    reason = f"exact duplicate of {kept.origin}"
    log.info("skipped %s: %s", article.origin, reason)
    result.skipped.append(Skipped(article.origin, reason, "duplicate"))
    result.exact_duplicates.append(article)


def _label(item: Planned) -> str:
    if isinstance(item, WebSource):
        return item.url
    return str(item.path if isinstance(item, Unusable | InFolder) else item)


def _attempt(
    item: str | Path | InFolder | Unusable, stdin: IO[str] | IO[bytes] | None
) -> Iterable[Article | InputRejected]:
    if isinstance(item, Unusable):
        return [InputRejected(item.reason)]
    try:
        if isinstance(item, InFolder):
            outcomes = list(_read_file(item.path, item.root))
        elif isinstance(item, Path):
            outcomes = list(_read_file(item))
        else:
            outcomes = list(_read_stdin(stdin if stdin is not None else sys.stdin.buffer))
    except InputRejected as exc:
        return [exc]
    except Exception as exc:  # a reader tripped on input nobody foresaw: skip it, say why
        log.debug("reading %s failed", shown(str(item)), exc_info=True)
        return [InputRejected(f"unreadable ({type(exc).__name__}: {shown(str(exc)[:120])})")]
    return outcomes
