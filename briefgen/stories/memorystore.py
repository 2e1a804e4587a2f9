"""Where the memory of editions lives: one SQLite file per briefing, its records indexed by key.

``<cache>/editions/<briefing>.sqlite`` holds one row per outlet's article an edition carried
(``records``: its date and the record as JSON, :class:`~briefgen.stories.editions.StoryRecord`),
the keys that recognise it (``keys``, indexed), and the briefing's run state (failing inputs,
notes already reported) as one JSON value in ``meta``. A build looks up only the records
that share a key with its own articles and writes only its own date's records, so its cost
does not grow with the number of editions remembered (up to ``KEEP_EDITIONS``).

A file there that is not this store (not SQLite, damaged, another version) is renamed
``<name>.damaged-<timestamp>`` with a warning and the run goes on as if there were no memory;
a record or state value not of the expected shape is passed over with a warning. A store
that cannot be read or written this time (locked, read-only, a full disk) is left as it is.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from briefgen.core.statefile import Damaged, check, set_aside

log = logging.getLogger(__name__)

VERSION = "2"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY, day TEXT NOT NULL, record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_day ON records(day);
CREATE TABLE IF NOT EXISTS keys (key TEXT NOT NULL, record INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS keys_key ON keys(key);
CREATE INDEX IF NOT EXISTS keys_record ON keys(record);
"""
BATCH = 500  # keys looked up in one query (SQLite's limit on parameters is higher)

Row = tuple[int, str, dict[str, Any]]
"""A stored record: its row id (the order it was written in), its date (ISO) and itself."""


class Unusable(Exception):
    """The store cannot be used this time; the file is left as it is (or was set aside)."""


class MemoryStore:
    """The SQLite file at ``path``; ``record_schema``/``state_schema`` check what is read."""

    def __init__(self, path: Path, record_schema: Any, state_schema: Any) -> None:
        self.path = path
        self.record_schema = record_schema
        self.state_schema = state_schema
        self._warned = False

    def exists(self) -> bool:
        return self.path.is_file()

    @contextlib.contextmanager
    def _open(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction; :class:`Unusable` when there is none to read from or
        it cannot be used (a damaged file is set aside first)."""
        if not write and not self.path.is_file():
            raise Unusable("no memory yet")
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise Unusable(str(exc)) from None
        try:
            with db:
                self._check(db, write)
                yield db
        except sqlite3.OperationalError as exc:  # locked, read-only, full: the file may be fine
            raise Unusable(str(exc)) from None
        except (sqlite3.DatabaseError, Damaged) as exc:
            self._set_aside(str(exc))
            raise Unusable(str(exc)) from None
        finally:
            db.close()

    def _check(self, db: sqlite3.Connection, write: bool) -> None:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables and write:
            db.executescript(SCHEMA)
            db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
            return
        if not {"meta", "records", "keys"} <= tables:
            raise Damaged(f"not the memory of editions (tables {sorted(tables)})")
        row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if row is None or row[0] != VERSION:
            raise Damaged(f"version {row[0] if row else None!r}, not {VERSION}")

    def _set_aside(self, why: str) -> None:
        aside = None
        with contextlib.suppress(OSError):
            aside = set_aside(self.path)
            Path(f"{self.path}-journal").unlink(missing_ok=True)
        where = f"moved it to {aside.name}" if aside else "could not move it aside"
        log.warning(
            "the memory of editions: %s is damaged (%s); %s and carried on without it",
            self.path,
            why,
            where,
        )

    def _checked(self, value: str, schema: Any, what: str) -> Any:
        """``value`` decoded and checked; ``None`` (warned once) when it is not as written."""
        try:
            decoded = json.loads(value)
            check(decoded, schema, what)
        except (ValueError, TypeError, Damaged) as exc:
            if not self._warned:
                self._warned = True
                log.warning("the memory of editions %s: passing over %s (%s)", self.path, what, exc)
            return None
        return decoded

    def state(self) -> dict[str, Any]:
        """The run state written last (``{}`` when there is none, or it cannot be read)."""
        try:
            with self._open() as db:
                row = db.execute("SELECT value FROM meta WHERE name = 'state'").fetchone()
        except Unusable:
            return {}
        found = self._checked(row[0], self.state_schema, "its run state") if row else None
        return dict(found) if isinstance(found, dict) else {}

    def sharing(self, keys: Iterable[str], before: str) -> list[Row]:
        """The records dated before ``before`` that carry any of ``keys``, in written order."""
        wanted = sorted(set(keys))
        found: dict[int, tuple[int, str, str]] = {}
        try:
            with self._open() as db:
                for start in range(0, len(wanted), BATCH):
                    batch = wanted[start : start + BATCH]
                    rows = db.execute(
                        "SELECT DISTINCT r.id, r.day, r.record FROM keys k "
                        "JOIN records r ON r.id = k.record "
                        f"WHERE k.key IN ({','.join('?' * len(batch))}) AND r.day < ?",
                        [*batch, before],
                    ).fetchall()
                    found.update({row[0]: row for row in rows})
        except Unusable:
            return []
        return self._rows(found[i] for i in sorted(found))

    def before(self, day: str) -> list[Row]:
        """Every record dated before ``day``, in written order."""
        try:
            with self._open() as db:
                rows = db.execute(
                    "SELECT id, day, record FROM records WHERE day < ? ORDER BY id", (day,)
                ).fetchall()
        except Unusable:
            return []
        return self._rows(rows)

    def _rows(self, rows: Iterable[tuple[int, str, str]]) -> list[Row]:
        out: list[Row] = []
        for rowid, day, text in rows:
            record = self._checked(text, self.record_schema, f"a record of {day}")
            if isinstance(record, dict):
                out.append((rowid, day, record))
        return out

    def write(
        self, days: Mapping[str, Sequence[Mapping[str, Any]]], state: Mapping[str, Any], keep: int
    ) -> None:
        """Replace the records of ``days``, forget the dates beyond the ``keep`` newest and
        store ``state``, in one transaction. Raises :class:`Unusable` when it cannot."""
        with self._open(write=True) as db:
            for day, records in days.items():
                _forget(db, "day = ?", day)
                for record in records:
                    text = json.dumps(record, separators=(",", ":"), allow_nan=False)
                    rowid = db.execute(
                        "INSERT INTO records (day, record) VALUES (?, ?)", (day, text)
                    ).lastrowid
                    keys = sorted(set(record.get("keys", [])))
                    db.executemany("INSERT INTO keys VALUES (?, ?)", [(k, rowid) for k in keys])
            oldest = db.execute(
                "SELECT DISTINCT day FROM records ORDER BY day DESC LIMIT 1 OFFSET ?",
                (max(0, keep - 1),),
            ).fetchone()
            if oldest is not None:
                _forget(db, "day < ?", oldest[0])
            text = json.dumps(dict(state), separators=(",", ":"), allow_nan=False)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('state', ?)", (text,))


def _forget(db: sqlite3.Connection, where: str, day: str) -> None:
    """Delete the records matching ``where`` (on ``day``) and their keys."""
    db.execute(f"DELETE FROM keys WHERE record IN (SELECT id FROM records WHERE {where})", (day,))
    db.execute(f"DELETE FROM records WHERE {where}", (day,))
