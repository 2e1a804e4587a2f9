"""The sent-record: ``.briefgen-sent.json`` beside the history, one entry per edition.

``{briefing: {date: [{"to": [...], "at": ISO time, "message_id": "<...>"}]}}``. An edition
is e-mailed to an address once: a re-run of the same briefing and date sends only to
addresses it has not reached yet (none, usually); ``briefgen send --resend`` sends again.
Readers and writers hold ``.briefgen-sent.json.lock``; the file is replaced atomically.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from briefgen.core.atomic import read_json_object, write_atomic
from briefgen.core.locking import file_lock

log = logging.getLogger(__name__)

SENT = ".briefgen-sent.json"
KEEP_DAYS = 400  # editions remembered per briefing


def _key(address: str) -> str:
    return (parseaddr(address)[1] or address).strip().lower()


class SentRecord:
    """What has been sent from one output folder, read and written under its lock."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / SENT
        self.data: dict[str, Any] = {}

    def _load(self) -> None:
        self.data = read_json_object(self.path, "e-mail", logger=log)

    def sent_to(self, briefing: str, day: date) -> set[str]:
        runs = self.data.get(briefing, {})
        entries = runs.get(day.isoformat(), []) if isinstance(runs, dict) else []
        return {
            _key(a)
            for e in entries
            if isinstance(e, dict) and isinstance(e.get("to"), list)
            for a in e["to"]
            if isinstance(a, str)
        }

    def pending(self, briefing: str, day: date, recipients: Sequence[str]) -> list[str]:
        done = self.sent_to(briefing, day)
        return [r for r in recipients if _key(r) not in done]

    def add(self, briefing: str, day: date, to: Sequence[str], message_id: str) -> None:
        """Record a sending and write the file (atomically)."""
        runs = self.data.get(briefing)
        runs = runs if isinstance(runs, dict) else {}
        entry = {"to": list(to), "at": datetime.now().astimezone().isoformat(timespec="seconds")}
        runs.setdefault(day.isoformat(), []).append({**entry, "message_id": message_id})
        self.data[briefing] = dict(sorted(runs.items())[-KEEP_DAYS:])
        write_atomic(self.path, json.dumps(self.data, indent=1, ensure_ascii=False))


@contextlib.contextmanager
def sent_record(folder: Path) -> Iterator[SentRecord]:
    """The folder's record, locked against other runs for as long as it is held."""
    record = SentRecord(folder)
    with file_lock(record.path):
        record._load()
        yield record
