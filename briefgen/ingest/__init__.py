"""Reading sources into articles: files, directories, glob patterns, stdin and URLs.

Bad inputs never stop a run: each is recorded as ``Skipped`` with a one-line reason.
A source that does not exist at all, or a file in a format we cannot read, is a usage
error (``BriefgenError``) since it is almost always a typo.
"""

from __future__ import annotations

import glob
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from briefgen.document import Article, Skipped
from briefgen.errors import BriefgenError
from briefgen.ingest.fetch import fetch_html, is_url
from briefgen.ingest.readers import READERS, InputRejected, decode, read_html, sniff_reader

log = logging.getLogger(__name__)

IGNORED_NAMES = {"readme", "license", "licence", "changelog", "contributing"}


@dataclass
class Ingested:
    """What reading the sources gave: the articles, in input order, and what was skipped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


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
        text = decode(path.read_bytes())
    except OSError as exc:
        raise InputRejected(f"cannot read ({exc.strerror})") from None
    yield from READERS[path.suffix.lower()](text, str(path))


def _read_stdin(stream: IO[str] | IO[bytes]) -> Iterator[Article | InputRejected]:
    data = stream.read()
    text = decode(data) if isinstance(data, bytes) else data
    yield from sniff_reader(text)(text, "-")


def _read_url(url: str) -> Iterator[Article | InputRejected]:
    yield from read_html(fetch_html(url), url, url=url)


def _plan(sources: Sequence[str]) -> list[str | Path]:
    """Resolve every source before reading any, so a typo fails fast."""
    planned: list[str | Path] = []
    for source in sources:
        if source == "-" or is_url(source):
            planned.append(source)
        else:
            planned.extend(_expand(source))
    return planned


def read_sources(sources: Sequence[str], stdin: IO[str] | IO[bytes] | None = None) -> Ingested:
    """Read every source into articles, dropping exact duplicates (same content hash)."""
    result = Ingested()
    seen: dict[str, str] = {}
    for item in _plan(sources):
        label = str(item)
        for outcome in _attempt(item, stdin):
            if isinstance(outcome, InputRejected):
                skipped = Skipped(outcome.where or label, str(outcome))
                log.warning("skipped %s: %s", skipped.source, skipped.reason)
                result.skipped.append(skipped)
            elif outcome.id in seen:
                reason = f"exact duplicate of {seen[outcome.id]}"
                log.info("skipped %s: %s", outcome.origin, reason)
                result.skipped.append(Skipped(outcome.origin, reason))
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
        elif item == "-":
            outcomes = list(_read_stdin(stdin if stdin is not None else sys.stdin.buffer))
        else:
            outcomes = list(_read_url(item))
    except InputRejected as exc:
        return [exc]
    return outcomes
