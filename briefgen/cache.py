"""A cache of summaries and quotes in SQLite, so a re-run does no model work.

Keys hash everything that changes a result: the article's content hash, the engine, the
model (and a fingerprint of its config files when they are on disk), the generation
settings, and the version of the rules of the stage that made the result (a stage's own
``RULES_VERSION``: a number for the model stage, a hash of the rule sources for quotes), so a
change of rules is a cache miss and never serves an old result. The database runs in WAL
mode so a reader never blocks a writer. A corrupt file, or one whose ``entries`` table is not
ours, is moved aside with a warning and a fresh one is started; an entry that cannot be read
(damaged JSON, a value of the wrong shape) is a miss, logged once: the cache can make a run
faster but never stops it. A cache on a full or read-only disk is the same: :func:`open_cache`
gives none (with a warning) and the run goes on without it; an entry that cannot be written
(the disk filling mid-run) stops the cache's writes, with one warning, and the run goes on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.core.locking import disk_fault
from briefgen.document import Quote, Summary

log = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    created REAL NOT NULL
);
"""
COLUMNS = ["key", "kind", "value", "created"]


def cache_key(kind: str, article_id: str, *, rules: str, **parts: Any) -> str:
    """A key from the article hash, the stage's rules version and every setting that
    changes the result."""
    payload = json.dumps(
        {"kind": kind, "article": article_id, "rules": rules, **parts},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class CacheStats:
    path: Path
    summaries: int
    quotes: int
    bytes: int
    oldest: float | None


class Cache:
    """Summaries and quote lists by key. Use as a context manager."""

    FILE = "cache.sqlite"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILE
        self.db: sqlite3.Connection | None = None
        self._warned = False
        self.writable = True  # False once a write has failed: the rest of the run skips them

    def open(self) -> Cache:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self.db = self._connect()
            except sqlite3.OperationalError:
                raise  # locked, read-only, I/O error: the file may be fine, so keep it
            except sqlite3.DatabaseError as exc:
                aside = self.path.with_name(f"{self.FILE}.corrupt-{int(time.time())}")
                log.warning("cache %s is unreadable (%s); moved it to %s", self.path, exc, aside)
                with contextlib.suppress(FileNotFoundError):  # another run moved it first
                    self.path.rename(aside)
                for extra in ("-wal", "-shm"):
                    Path(f"{self.path}{extra}").unlink(missing_ok=True)
                self.db = self._connect()
        except (OSError, sqlite3.Error) as exc:
            raise CacheUnusable(
                f"cannot use the cache {self.path}: {exc}; check --cache-dir, or use --no-cache",
                ExitCode.OUTPUT,
                fault=disk_fault(exc, self.path.parent),
            ) from None
        return self

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
            columns = [row[1] for row in db.execute("PRAGMA table_info(entries)")]
            if columns != COLUMNS:
                raise sqlite3.DatabaseError(f"not briefgen's schema (columns {columns})")
            db.execute("SELECT count(*) FROM entries").fetchone()
            (ok,) = db.execute("PRAGMA quick_check").fetchone()
            if ok != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {ok}")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def __enter__(self) -> Cache:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _unreadable(self, what: str) -> None:
        """Log, once per cache, that entries could not be read and count as misses."""
        if not self._warned:
            self._warned = True
            log.warning("cache %s: unreadable entries (%s) count as misses", self.path, what)

    def _get(self, keys: Iterable[str]) -> dict[str, Any]:
        assert self.db is not None
        found: dict[str, Any] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            try:
                rows = self.db.execute(
                    f"SELECT key, value FROM entries WHERE key IN ({marks})", batch
                ).fetchall()
            except sqlite3.DatabaseError as exc:
                self._unreadable(str(exc))
                continue
            for key, value in rows:
                try:
                    found[key] = json.loads(value)
                except (ValueError, TypeError) as exc:
                    self._unreadable(f"{type(exc).__name__}: {str(exc)[:80]}")
        return found

    def _decode(self, value: Any, make: Callable[[Any], T]) -> T | None:
        """``make(value)``, or ``None`` (logged) when the value is not of the shape expected."""
        try:
            return make(value)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            self._unreadable(f"{type(exc).__name__}: {str(exc)[:80]}")
            return None

    def _put(self, kind: str, items: Mapping[str, Any]) -> None:
        assert self.db is not None
        if not self.writable:
            return
        now = time.time()
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO entries (key, kind, value, created) "
                    "VALUES (?, ?, ?, ?)",
                    [(k, kind, json.dumps(v), now) for k, v in items.items()],
                )
        except sqlite3.Error as exc:  # a full disk, a read-only one: the results are kept
            self.writable = False
            why = disk_fault(exc, self.path.parent) or str(exc)
            log.warning(
                "cache %s cannot be written (%s); going on without the cache", self.path, why
            )

    def get_summaries(self, keys: Iterable[str]) -> dict[str, Summary]:
        found = self._get(keys)
        decoded = {k: self._decode(found[k], _summary) for k in found}
        return {k: v for k, v in decoded.items() if v is not None}

    def put_summaries(self, items: Mapping[str, Summary]) -> None:
        self._put("summary", {k: asdict(s) for k, s in items.items()})

    def get_quotes(self, keys: Iterable[str]) -> dict[str, list[Quote]]:
        found = self._get(keys)
        decoded = {k: self._decode(found[k], _quotes) for k in found}
        return {k: v for k, v in decoded.items() if v is not None}

    def put_quotes(self, items: Mapping[str, list[Quote]]) -> None:
        self._put("quotes", {k: [asdict(q) for q in qs] for k, qs in items.items()})

    def get_translations(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Translated ``(title, text)`` pairs by key."""
        found = self._get(keys)
        decoded = {k: self._decode(found[k], _translation) for k in found}
        return {k: v for k, v in decoded.items() if v is not None}

    def put_translations(self, items: Mapping[str, tuple[str, str]]) -> None:
        self._put("translation", {k: {"title": t, "text": x} for k, (t, x) in items.items()})

    def stats(self) -> CacheStats:
        assert self.db is not None
        counts = dict(self.db.execute("SELECT kind, count(*) FROM entries GROUP BY kind"))
        (oldest,) = self.db.execute("SELECT min(created) FROM entries").fetchone()
        size = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return CacheStats(
            self.path, counts.get("summary", 0), counts.get("quotes", 0), size, oldest
        )

    def clear(self, older_than: float | None = None) -> int:
        """Delete entries (only those older than ``older_than`` seconds, if given)."""
        assert self.db is not None
        with self.db:
            if older_than is None:
                cursor = self.db.execute("DELETE FROM entries")
            else:
                cutoff = time.time() - older_than
                cursor = self.db.execute("DELETE FROM entries WHERE created < ?", (cutoff,))
        self.db.execute("VACUUM")
        return cursor.rowcount


class CacheUnusable(BriefgenError):
    """The cache cannot be opened; ``fault`` says so when its disk is full or read-only."""

    def __init__(self, message: str, code: ExitCode, fault: str | None) -> None:
        super().__init__(message, code)
        self.fault = fault


def open_cache(folder: Path) -> Cache | None:
    """The cache in ``folder``, open; ``None`` (with a warning) when its disk is full or
    read-only. Anything else (a file where the folder should be) is BriefgenError(OUTPUT)."""
    try:
        return Cache(folder).open()
    except CacheUnusable as exc:
        if exc.fault is None:
            raise
        log.warning("cache %s: %s; building without the cache", folder, exc.fault)
        return None


def _typed(value: Any, types: Mapping[str, type | tuple[type, ...]]) -> dict[str, Any]:
    """``value`` as a mapping whose named fields have the types given (others left alone)."""
    if not isinstance(value, dict):
        raise TypeError(f"a {type(value).__name__}, not an object")
    for name, kind in types.items():
        if name in value and not isinstance(value[name], kind):
            raise TypeError(f"{name} is a {type(value[name]).__name__}")
    return value


def _summary(value: Any) -> Summary:
    fields = _typed(value, {"article_id": str, "text": str, "engine": str, "model": str})
    return Summary(**fields)


def _translation(value: Any) -> tuple[str, str]:
    fields = _typed(value, {"title": str, "text": str})
    return str(fields["title"]), str(fields["text"])


def _quotes(value: Any) -> list[Quote]:
    if not isinstance(value, list):
        raise TypeError(f"a {type(value).__name__}, not a list")
    shape: dict[str, type | tuple[type, ...]] = {"text": str, "start": int, "end": int}
    shape["speaker"] = (str, type(None))
    return [Quote(**_typed(q, shape)) for q in value]


@dataclass(frozen=True)
class Cleared:
    """One cache emptied by ``clear_caches``: what it holds, where, and how many went."""

    what: str  # "summary and quote entries", "cached web pages"
    path: Path
    removed: int


def clear_caches(folder: Path, older_than: float | None = None) -> list[Cleared]:
    """Empty every cache briefgen keeps in ``folder``: the summaries and quotes database and
    the fetched-page cache (only entries older than ``older_than`` seconds, if given)."""
    from briefgen.ingest.webcache import WebCache

    with Cache(folder) as cache:
        entries = cache.clear(older_than)
    pages = WebCache.in_cache_dir(folder)
    return [
        Cleared("summary and quote entries", cache.path, entries),
        Cleared("cached web pages", pages.root, pages.clear(older_than)),
    ]


def rules_fingerprint(*modules: str) -> str:
    """A hash of the source files of ``modules`` (packages include every ``.py`` in them):
    a cheap stage's rules version that changes whenever its code does."""
    import importlib.util

    digest = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise LookupError(f"no module {name}")
        origin = Path(spec.origin)
        files = sorted(origin.parent.glob("*.py")) if origin.name == "__init__.py" else [origin]
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
