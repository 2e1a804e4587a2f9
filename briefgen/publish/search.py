"""Search over every edition in an output folder: an SQLite FTS5 index beside the archive.

``.briefgen-search.sqlite`` holds one row per story of every edition (title, summary, key
quotes; outlet, link, briefing, date and the edition's file). :func:`index_edition` adds an
edition as it is published (replacing an earlier build of the same date); the index is
rebuilt from the editions' JSON documents the archive record lists when it is missing, of
another version, or damaged (:func:`search` does that on demand). Queries are words, all of
which a story must contain (stemmed, case-insensitive); results are ranked by BM25.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefgen.core.statefile import Damaged, read_bytes, set_aside
from briefgen.document import Briefing, briefing_from_json

log = logging.getLogger(__name__)

INDEX = ".briefgen-search.sqlite"
VERSION = "1"
RECORD = ".briefgen-editions.json"  # the archive record: which editions the folder holds
MARK = ("[", "]")  # around matched words in a snippet


@dataclass(frozen=True)
class Hit:
    """One story found: where, when, what, and the words around the match."""

    briefing: str
    date: date
    title: str
    source: str
    url: str
    snippet: str
    edition: str  # the edition's file, relative to the output folder (HTML when there is one)


@contextlib.contextmanager
def _connect(folder: Path) -> Iterator[sqlite3.Connection]:
    """The index, opened; a file there that is not an SQLite database is moved aside (it is
    rebuilt from the archive)."""
    db = sqlite3.connect(folder / INDEX)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        aside = set_aside(folder / INDEX)
        log.warning("search: %s is damaged; moved aside to %s", folder / INDEX, aside)
        db = sqlite3.connect(folder / INDEX)
    try:
        with db:
            yield db
    finally:
        db.close()


def _create(db: sqlite3.Connection) -> None:
    db.execute("DROP TABLE IF EXISTS stories")
    db.execute("DROP TABLE IF EXISTS meta")
    db.execute(
        "CREATE VIRTUAL TABLE stories USING fts5(title, summary, quotes, source UNINDEXED, "
        "url UNINDEXED, briefing UNINDEXED, day UNINDEXED, edition UNINDEXED, "
        "tokenize = 'porter unicode61')"
    )
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))


def _current(db: sqlite3.Connection) -> bool:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == VERSION


def _rows(briefing: Briefing, name: str, edition: str) -> list[tuple[str, ...]]:
    day = briefing.date.isoformat()
    return [
        (
            story.article.title,
            story.summary.text,
            " ".join(q.text for q in story.quotes),
            story.article.source,
            story.article.url,
            name,
            day,
            edition,
        )
        for story in [*briefing.all_stories, *briefing.headlines]
    ]


def _edition_file(paths: Sequence[Path]) -> str:
    names = {p.suffix.lstrip("."): p.name for p in paths}
    return next((names[f] for f in ("html", "pdf", "md", "epub", "json") if f in names), "")


def _add(db: sqlite3.Connection, briefing: Briefing, name: str, paths: Sequence[Path]) -> None:
    db.execute(
        "DELETE FROM stories WHERE briefing = ? AND day = ?", (name, briefing.date.isoformat())
    )
    db.executemany(
        "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _rows(briefing, name, _edition_file(paths)),
    )


def index_edition(folder: Path, briefing: Briefing, name: str, paths: Sequence[Path]) -> None:
    """Add a published edition to the folder's index (rebuilt first when it is not current).
    A failure is a warning: the edition is published whatever happens here."""
    try:
        with _connect(folder) as db:
            if not _current(db):
                _rebuild(db, folder)
            _add(db, briefing, name, paths)
    except (sqlite3.Error, OSError) as exc:
        log.warning("search: cannot index %s in %s: %s", briefing.date, folder / INDEX, exc)


def _archived(folder: Path) -> Iterator[tuple[str, Briefing, list[Path]]]:
    """The editions the archive record lists that still have their JSON document."""
    try:
        raw = read_bytes(folder / RECORD)
        entries = json.loads(raw)["editions"] if raw is not None else []
    except (Damaged, OSError, ValueError, KeyError, TypeError):
        entries = []
    for entry in entries if isinstance(entries, list) else []:
        files = [folder / str(f) for f in entry.get("files", []) if isinstance(f, str)]
        document = next((f for f in files if f.suffix == ".json"), None)
        if document is None:
            continue
        try:
            raw = read_bytes(document, 512 * 1024 * 1024)
            if raw is None:
                continue
            yield str(entry.get("briefing", "default")), briefing_from_json(json.loads(raw)), files
        except (Damaged, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("search: passing over %s: %s", document, exc)


def _rebuild(db: sqlite3.Connection, folder: Path) -> int:
    _create(db)
    count = 0
    for name, briefing, files in _archived(folder):
        _add(db, briefing, name, files)
        count += 1
    return count


def rebuild_index(folder: Path) -> int:
    """Index every edition the archive lists again, from their JSON documents; return how
    many editions were indexed (an edition built without ``json`` cannot be)."""
    with _connect(folder) as db:
        return _rebuild(db, folder)


def _match(query: str) -> str:
    """The words of ``query`` as FTS5 phrases, all required: no query syntax to get wrong."""
    words = [w for w in query.split() if w.strip('"')]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(
    folder: Path,
    query: str,
    *,
    briefing: str | None = None,
    since: date | None = None,
    limit: int = 20,
) -> list[Hit]:
    """The stories of the folder's editions holding every word of ``query``, best first."""
    match = _match(query)
    if not match:
        return []
    sql = (
        "SELECT briefing, day, title, source, url, "
        "snippet(stories, -1, ?, ?, '…', 16), edition FROM stories WHERE stories MATCH ?"
    )
    params: list[object] = [*MARK, match]
    if briefing is not None:
        sql += " AND briefing = ?"
        params.append(briefing)
    if since is not None:
        sql += " AND day >= ?"
        params.append(since.isoformat())
    sql += " ORDER BY bm25(stories, 10.0, 1.0, 1.0), day DESC LIMIT ?"
    params.append(limit)
    with _connect(folder) as db:
        if not _current(db):
            _rebuild(db, folder)
        rows = db.execute(sql, params).fetchall()
    return [
        Hit(name, date.fromisoformat(day), title, source, url, snippet, edition)
        for name, day, title, source, url, snippet, edition in rows
    ]
