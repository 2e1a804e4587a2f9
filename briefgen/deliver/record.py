"""The sent record: ``.briefgen-sent.json`` beside the history, a small journal per edition.

::

    {"version": 2,
     "editions": {briefing: {date: [{"to": [...], "at": ISO time, "message_id": "<...>",
                                     "state": "intended" | "accepted" | "failed"}]}}}

Every sending is journalled twice. Once the server has accepted the envelope, and before
the message itself is sent (DATA), an ``intended`` entry is written (atomically, fsynced);
when the server's answer to DATA is known, the entry is rewritten ``accepted`` (it answered
250: delivered, whatever happens after) or ``failed``. An address's state for an edition is
that of the last entry naming it:

* ``accepted``: the edition reached it; a re-run sends it nothing (``--resend`` does);
* ``failed`` or none: a re-run sends it the edition;
* ``intended``: a run stopped between the two writes (killed, or the disk filled): the
  message may have arrived, so no run sends it again by itself; the run says so and exits
  12 until ``briefgen send --resend`` sends it anyway.

When the intent cannot be written, nothing is sent (exit 12). A record that is damaged
(checked on every read by :mod:`briefgen.core.statefile`) stops the run before sending, with exit
12, and is left in place: going on could e-mail the edition twice. Files of earlier releases
(``{briefing: {date: [...]}}``, no states: every entry was delivered) are still read.
Readers and writers hold ``.briefgen-sent.json.lock``.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict

from briefgen.core.atomic import write_atomic
from briefgen.core.locking import file_lock
from briefgen.core.statefile import load_state

log = logging.getLogger(__name__)

SENT = ".briefgen-sent.json"
VERSION: Literal[2] = 2
KEEP_DAYS = 400  # editions remembered per briefing
State = Literal["intended", "accepted", "failed"]


class Sending(TypedDict):
    """One sending of an edition: to whom, when, the message's id and how it ended."""

    to: list[str]
    at: str
    message_id: str
    state: NotRequired[State]  # entries of earlier releases have none: accepted


class SentFile(TypedDict):
    version: Literal[2]
    editions: dict[str, dict[str, list[Sending]]]


def _upgrade(value: Any) -> Any:
    """The layout of earlier releases (briefings at the top) as version 2."""
    if isinstance(value, dict) and not isinstance(value.get("version"), int):
        return {"version": VERSION, "editions": value}
    return value


def _key(address: str) -> str:
    return (parseaddr(address)[1] or address).strip().lower()


class SentRecord:
    """What has been sent from one output folder, read and written under its lock."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / SENT
        self.data: SentFile = {"version": VERSION, "editions": {}}

    def _load(self) -> None:
        loaded = load_state(
            self.path,
            SentFile,
            "e-mail",
            policy="stop",
            consequence="briefgen cannot tell whom it has e-mailed, so nothing was sent",
            upgrade=_upgrade,
        )
        if loaded is not None:
            self.data = loaded

    def _entries(self, briefing: str, day: date) -> list[Sending]:
        runs = self.data["editions"].setdefault(briefing, {})
        return runs.setdefault(day.isoformat(), [])

    def states(self, briefing: str, day: date) -> dict[str, State]:
        """Each address's state for the edition: that of the last entry naming it."""
        found: dict[str, State] = {}
        for entry in self._entries(briefing, day):
            for address in entry["to"]:
                found[_key(address)] = entry.get("state", "accepted")
        return found

    def pending(self, briefing: str, day: date, recipients: Sequence[str]) -> list[str]:
        """Those the edition has not reached, and never may have."""
        states = self.states(briefing, day)
        return [r for r in recipients if states.get(_key(r), "failed") == "failed"]

    def uncertain(self, briefing: str, day: date, recipients: Sequence[str]) -> list[str]:
        """Those an interrupted sending may have reached: intended, never settled."""
        states = self.states(briefing, day)
        return [r for r in recipients if states.get(_key(r)) == "intended"]

    def intend(self, briefing: str, day: date, to: Sequence[str], message_id: str) -> None:
        """Journal that ``message_id`` is about to be sent to ``to``; OSError if it cannot."""
        entries = self._entries(briefing, day)
        mine = [e for e in entries if _pending_entry(e, message_id)]
        if mine and set(mine[0]["to"]) >= set(to):
            return  # a retry of the same message: journalled already
        if mine:
            mine[0]["to"] = list(dict.fromkeys([*mine[0]["to"], *to]))
        else:
            entries.append({"to": list(to), "at": _now(), "message_id": message_id})
            entries[-1]["state"] = "intended"
        self._write(briefing)

    def settle(
        self,
        briefing: str,
        day: date,
        message_id: str,
        accepted: Sequence[str],
        failed: Sequence[str] = (),
    ) -> None:
        """Turn the intent of ``message_id`` into its outcome; OSError if it cannot be
        written. Without an intent (nothing got as far as DATA) there is nothing to do."""
        entries = self._entries(briefing, day)
        if not any(_pending_entry(e, message_id) for e in entries):
            return
        kept = [e for e in entries if not _pending_entry(e, message_id)]
        for state, to in (("accepted", accepted), ("failed", failed)):
            if to:
                kept.append({"to": list(to), "at": _now(), "message_id": message_id})
                kept[-1]["state"] = "accepted" if state == "accepted" else "failed"
        entries[:] = kept
        self._write(briefing)

    def _write(self, briefing: str) -> None:
        runs = self.data["editions"][briefing]
        self.data["editions"][briefing] = dict(sorted(runs.items())[-KEEP_DAYS:])
        write_atomic(self.path, json.dumps(self.data, indent=1, ensure_ascii=False))


def _pending_entry(entry: Sending, message_id: str) -> bool:
    return entry["message_id"] == message_id and entry.get("state") == "intended"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@contextlib.contextmanager
def sent_record(folder: Path) -> Iterator[SentRecord]:
    """The folder's record, locked against other runs for as long as it is held."""
    record = SentRecord(folder)
    with file_lock(record.path):
        record._load()
        yield record


def peek_record(folder: Path) -> SentRecord:
    """The folder's record as it is now, read without its lock and never written: for a
    dry run that only says what a sending would do."""
    record = SentRecord(folder)
    record._load()
    return record
