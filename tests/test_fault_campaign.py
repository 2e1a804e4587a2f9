"""The fault campaign: for every state file, SMTP failure point and disk fault, a full
``briefgen build`` of the next edition ends with its documented exit code, no traceback, the
previous edition intact, and, once the fault is mended and the run repeated, every edition
mailed exactly once.

Each case builds and mails the edition of 24 November, injects its fault, builds 25
November (the faulted run), mends the fault, and builds and sends 25 November again. The
server is aiosmtpd on 127.0.0.1; the disks are tmpfs mounts (the disk cases skip where
mounting is not permitted). Bounded: about 35 cases of four CLI runs each.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen.core.errors import ExitCode

from .faults import FaultyInbox, Run, aside, build_mailed, fill, mail_config, read_only, send
from .faults import tmpfs as mount_tmpfs
from .mailserver import free_port, smtp_server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:Session.login_data is deprecated"),
]
BEFORE, DAY = "2026-11-24", "2026-11-25"
GARBAGE = b"\x00\xff garbage {]"
OK, SEND_GUARD = ExitCode.OK, ExitCode.SEND_GUARD


@dataclass
class Env:
    out: Path
    cache: Path
    disk: Path | None
    inbox: FaultyInbox
    port: int
    home: Path  # where the config file goes (never on the faulty disk)
    listening: int = 0  # the server's port while the config names a closed one

    @property
    def config(self) -> Path:
        return mail_config(self.home, self.port, self.out)

    def build(self) -> Run:
        return build_mailed(self.config, "--date", DAY, cache=self.cache)


Step = Callable[[Env], None]


def _nothing(env: Env) -> None:
    return None


@dataclass
class Case:
    inject: Step
    code: int  # of the faulted run
    mend: Step = _nothing
    after: int = OK  # of the run after mending
    where: str = ""  # "cache" or "out": which folder lives on a tmpfs


def _damage(folder: str, name: str, data: bytes) -> Step:
    def inject(env: Env) -> None:
        base = env.out if folder == "out" else env.cache / "editions"
        for path in base.glob(name):
            path.write_bytes(data)

    return inject


def _truncate(folder: str, name: str) -> Step:
    def inject(env: Env) -> None:
        base = env.out if folder == "out" else env.cache / "editions"
        for path in base.glob(name):
            path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])

    return inject


def _edit(folder: str, name: str, change: Callable[[dict], None]) -> Step:
    def inject(env: Env) -> None:
        base = env.out if folder == "out" else env.cache / "editions"
        for path in base.glob(name):
            data = json.loads(path.read_text(encoding="utf-8"))
            change(data)
            path.write_text(json.dumps(data), encoding="utf-8")

    return inject


def _move_sent_aside(env: Env) -> None:
    (env.out / ".briefgen-sent.json").rename(env.out / "sent.old")


def _memory_sql(statement: str) -> Step:
    """Change the edition memory's SQLite store (a record of the wrong shape, a version)."""

    def inject(env: Env) -> None:
        for path in (env.cache / "editions").glob(MEMORY):
            with contextlib.closing(sqlite3.connect(path)) as db, db:
                db.execute(statement)

    return inject


def _archive_stories(data: dict) -> None:
    data["editions"][0]["stories"] = "x"


def _sent_to(data: dict) -> None:
    data["editions"]["default"][BEFORE][0]["to"] = 5


def _stage(stage: str, reply: str, times: int = 9) -> Step:
    def inject(env: Env) -> None:
        env.inbox.stage, env.inbox.reply, env.inbox.times = stage, reply, times
        env.inbox.tries.clear()

    return inject


def _mend_server(env: Env) -> None:
    env.inbox.stage = ""


def _nobody_listening(env: Env) -> None:
    env.port, env.listening = free_port(), env.port


def _listening_again(env: Env) -> None:
    env.port = env.listening


def _fill(env: Env) -> None:
    assert env.disk is not None
    fill(env.disk)


def _read_only(env: Env) -> None:
    assert env.disk is not None
    read_only(env.disk)


def _free(env: Env) -> None:
    assert env.disk is not None
    env.inbox.hook = None
    for junk in [*env.disk.glob(".filler-*"), *env.disk.glob(".inode-*")]:
        junk.unlink()


def _fill_during_data(env: Env) -> None:
    disk = env.disk
    assert disk is not None
    env.inbox.hook = lambda: fill(disk)


def _record_is_a_folder(env: Env) -> None:
    (env.out / ".briefgen-sent.json").unlink()
    (env.out / ".briefgen-sent.json").mkdir()


def _record_back(env: Env) -> None:
    (env.out / ".briefgen-sent.json").rmdir()


def _with_version(version: int) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["version"] = version

    return change


MEMORY, ARCHIVE, SENT = "*.sqlite", ".briefgen-editions.json", ".briefgen-sent.json"
HISTORY = ".briefgen-history.json"
CASES: dict[str, Case] = {
    "memory-wrong-type": Case(_memory_sql("UPDATE records SET record = '{\"keys\": 5}'"), OK),
    "memory-truncated": Case(_truncate("cache", MEMORY), OK),
    "memory-garbage": Case(_damage("cache", MEMORY, GARBAGE), OK),
    "memory-version": Case(_memory_sql("UPDATE meta SET value = '5' WHERE name = 'version'"), OK),
    "archive-wrong-type": Case(_edit("out", ARCHIVE, _archive_stories), OK),
    "archive-truncated": Case(_truncate("out", ARCHIVE), OK),
    "archive-garbage": Case(_damage("out", ARCHIVE, GARBAGE), OK),
    "archive-version": Case(_edit("out", ARCHIVE, _with_version(5)), OK),
    "history-truncated": Case(_truncate("out", HISTORY), OK),
    "history-garbage": Case(_damage("out", HISTORY, GARBAGE), OK),
    "sent-wrong-type": Case(_edit("out", SENT, _sent_to), SEND_GUARD, _move_sent_aside),
    "sent-truncated": Case(_truncate("out", SENT), SEND_GUARD, _move_sent_aside),
    "sent-garbage": Case(_damage("out", SENT, GARBAGE), SEND_GUARD, _move_sent_aside),
    "sent-version": Case(_edit("out", SENT, _with_version(5)), SEND_GUARD, _move_sent_aside),
    "sent-unwritable": Case(_record_is_a_folder, SEND_GUARD, _record_back),
    "smtp-connect": Case(_nobody_listening, ExitCode.UNDELIVERED, _listening_again),
    "smtp-ehlo": Case(_stage("EHLO", "421 4.3.0 busy", 1), OK),
    "smtp-ehlo-always": Case(_stage("EHLO", "421 busy"), ExitCode.UNDELIVERED, _mend_server),
    "smtp-mail": Case(_stage("MAIL", "451 4.3.0 later", 1), OK),
    "smtp-mail-refused": Case(_stage("MAIL", "550 no"), ExitCode.UNDELIVERED, _mend_server),
    "smtp-rcpt": Case(_stage("RCPT", "451 4.2.0 greylisted", 1), OK),
    "smtp-rcpt-refused": Case(_stage("RCPT", "550 no"), ExitCode.UNDELIVERED, _mend_server),
    "smtp-data-before-250": Case(_stage("DATA", "451 4.3.0 full", 1), OK),
    "smtp-data-refused": Case(_stage("DATA", "554 no"), ExitCode.UNDELIVERED, _mend_server),
    "smtp-data-dropped": Case(_stage("DATA-ABORT", "", 1), OK),
    "smtp-quit-421-after-250": Case(_stage("QUIT", "421 4.3.2 bye"), OK, _mend_server),
    "smtp-dropped-after-250": Case(_stage("QUIT", ""), OK, _mend_server),
    "disk-cache-full": Case(_fill, OK, _free, where="cache"),
    "disk-cache-read-only": Case(_read_only, OK, where="cache"),
    "disk-output-full": Case(_fill, ExitCode.OUTPUT, _free, where="out"),
    "disk-full-during-data": Case(_fill_during_data, SEND_GUARD, _free, SEND_GUARD, "out"),
}


def _copies(inbox: FaultyInbox, day: str) -> int:
    name = f"briefing-{day}.md"
    return sum(any(a.get_filename() == name for a in m.iter_attachments()) for m in inbox.messages)


def _snapshot(out: Path, day: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob(f"briefing-{day}.*"))}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fault_campaign(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    with contextlib.ExitStack() as stack:
        disk = stack.enter_context(mount_tmpfs(tmp_path / "disk", "4m")) if case.where else None
        base = disk if disk is not None else tmp_path
        out = (base if case.where == "out" else tmp_path) / "out"
        cache = (base if case.where == "cache" else tmp_path) / "cache"
        inbox = FaultyInbox()
        port = stack.enter_context(smtp_server(inbox))  # type: ignore[arg-type]
        env = Env(out, cache, disk, inbox, port, tmp_path)
        first = build_mailed(env.config, "--date", BEFORE, cache=cache)
        assert first.code == OK and _copies(inbox, BEFORE) == 1, first.output
        previous = _snapshot(out, BEFORE)
        case.inject(env)
        run = env.build()
        assert run.code == case.code and run.clean, run.output
        assert _snapshot(out, BEFORE) == previous  # the previous edition intact
        case.mend(env)
        for again in (env.build(), send(env.config, "--date", DAY)):
            assert again.code == case.after and again.clean, again.output
        mailed = [m["Subject"] for m in inbox.messages]
        assert _copies(inbox, BEFORE) == 1 and _copies(inbox, DAY) == 1, mailed
    if name.startswith("sent-") and name != "sent-unwritable":
        assert aside(out, SENT) == [] and (out / "sent.old").is_file()  # left for a look
