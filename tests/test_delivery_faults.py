"""Exactly-once delivery at every SMTP failure point, against aiosmtpd on 127.0.0.1.

Each failure point ends with exactly one copy delivered (the failure passes on a retry), or
none with exit 11 when nothing was accepted; a re-run (build again, then ``send``) never
adds a copy. The sent record journals the intent before DATA and the outcome after.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.core.errors import ExitCode

from .faults import DAY, STEM, FaultyInbox, Run, build_mailed, fill, mail_config, send, tmpfs
from .mailserver import free_port, smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")

# stage, reply, how many tries fail, expected exit code, copies delivered
POINTS = {
    "ehlo-421-once": ("EHLO", "421 4.3.0 busy", 1, 0, 1),
    "mail-451-once": ("MAIL", "451 4.3.0 try later", 1, 0, 1),
    "mail-550": ("MAIL", "550 5.7.1 sender refused", 9, ExitCode.UNDELIVERED, 0),
    "rcpt-451-once": ("RCPT", "451 4.2.0 greylisted", 1, 0, 1),
    "rcpt-550": ("RCPT", "550 5.1.1 no such user", 9, ExitCode.UNDELIVERED, 0),
    "data-451-once": ("DATA", "451 4.3.0 queue full", 1, 0, 1),
    "data-554": ("DATA", "554 5.6.0 rejected", 9, ExitCode.UNDELIVERED, 0),
    "data-dropped-before-250": ("DATA-ABORT", "", 1, 0, 1),
    "quit-421-after-250": ("QUIT", "421 4.3.2 shutting down", 9, 0, 1),
    "dropped-after-250": ("QUIT", "", 9, 0, 1),
}


def _sent_states(out: Path) -> list[str]:
    data = json.loads((out / ".briefgen-sent.json").read_text(encoding="utf-8"))
    return [e["state"] for e in data["editions"]["default"][DAY]]


def _ok(run: Run, code: int) -> None:
    assert run.code == code and run.clean, run.output


@pytest.mark.parametrize("point", sorted(POINTS))
def test_every_smtp_failure_point_ends_with_one_copy_or_none(tmp_path: Path, point: str) -> None:
    stage, reply, times, code, copies = POINTS[point]
    out = tmp_path / "out"
    inbox = FaultyInbox(stage=stage, reply=reply, times=times)
    with smtp_server(inbox) as port:  # type: ignore[arg-type]
        config = mail_config(tmp_path, port, out)
        _ok(build_mailed(config), code)
        assert len(inbox.messages) == copies
        assert (out / f"{STEM}.md").is_file()  # the edition is published either way
        if copies:
            assert _sent_states(out) == ["accepted"]
            _ok(build_mailed(config), 0)  # a re-run sends nothing
            _ok(send(config), 0)
        else:
            assert not (out / ".briefgen-sent.json").exists() or "accepted" not in _sent_states(out)
            inbox.stage = ""  # the server mends: the next run delivers the one copy
            _ok(send(config), 0)
            _ok(send(config), 0)
    assert len(inbox.messages) == 1


def test_nothing_listening_is_exit_11_then_one_copy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    port = free_port()
    config = mail_config(tmp_path, port, out)
    _ok(build_mailed(config), ExitCode.UNDELIVERED)
    assert not (out / ".briefgen-sent.json").exists()  # nothing got as far as DATA
    inbox = FaultyInbox()
    with smtp_server(inbox) as port:  # type: ignore[arg-type]
        config = mail_config(tmp_path, port, out)
        _ok(build_mailed(config), 0)
        _ok(build_mailed(config), 0)
    assert len(inbox.messages) == 1


def test_an_intent_without_an_outcome_is_never_sent_again_blindly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    record = {
        "version": 2,
        "editions": {
            "default": {
                DAY: [
                    {
                        "to": ["reader@example.org"],
                        "at": "2026-11-25T06:00:00+00:00",
                        "message_id": "<killed@example.org>",
                        "state": "intended",
                    }
                ]
            }
        },
    }
    (out / ".briefgen-sent.json").write_text(json.dumps(record))
    inbox = FaultyInbox()
    with smtp_server(inbox) as port:  # type: ignore[arg-type]
        config = mail_config(tmp_path, port, out)
        run = build_mailed(config)
        _ok(run, ExitCode.SEND_GUARD)
        assert "may have arrived" in run.output and "--resend" in run.output
        _ok(send(config), ExitCode.SEND_GUARD)
        assert inbox.messages == []
        _ok(send(config, "--resend"), 0)  # the reader says it never came: sent on request
        _ok(send(config), 0)
        _ok(build_mailed(config), 0)
    assert len(inbox.messages) == 1 and _sent_states(out)[-1] == "accepted"


def test_a_sent_record_that_cannot_be_written_sends_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".briefgen-sent.json").mkdir()  # where the record goes, something else
    inbox = FaultyInbox()
    with smtp_server(inbox) as port:  # type: ignore[arg-type]
        config = mail_config(tmp_path, port, out)
        for _ in range(2):
            run = build_mailed(config)
            _ok(run, ExitCode.SEND_GUARD)
            assert ".briefgen-sent.json" in run.output and "nothing was sent" in run.output
    assert inbox.messages == [] and (out / f"{STEM}.md").is_file()


def test_a_full_disk_before_data_sends_nothing(tmp_path: Path) -> None:
    inbox = FaultyInbox()
    with tmpfs(tmp_path / "disk", "2m") as disk, smtp_server(inbox) as port:  # type: ignore[arg-type]
        out = disk / "out"
        config = mail_config(tmp_path, port, out)
        inbox.stage, inbox.reply, inbox.times = "MAIL", "550 5.7.1 not today", 9
        _ok(build_mailed(config), ExitCode.UNDELIVERED)  # the edition is in place, unsent
        filler = fill(disk)
        inbox.stage = ""
        for _ in range(2):
            run = send(config)
            _ok(run, ExitCode.SEND_GUARD)
            assert "nothing was sent" in run.output
        assert inbox.messages == []
        for junk in [filler, *disk.glob(".inode-*")]:
            junk.unlink()
        _ok(send(config), 0)
        _ok(send(config), 0)
    assert len(inbox.messages) == 1


def test_a_disk_filling_while_data_is_pending_never_sends_twice(tmp_path: Path) -> None:
    inbox = FaultyInbox()
    with tmpfs(tmp_path / "disk", "2m") as disk, smtp_server(inbox) as port:  # type: ignore[arg-type]
        out = disk / "out"
        config = mail_config(tmp_path, port, out)
        inbox.hook = lambda: fill(disk)  # the server takes the message; the disk fills
        run = build_mailed(config)
        _ok(run, ExitCode.SEND_GUARD)
        assert "cannot record it" in run.output and len(inbox.messages) == 1
        inbox.hook = None
        _ok(send(config), ExitCode.SEND_GUARD)  # still full: the record is read, not sent
        for junk in [*disk.glob(".filler-*"), *disk.glob(".inode-*")]:
            junk.unlink()
        for _ in range(2):  # space again: no run sends it again by itself
            run = build_mailed(config)
            _ok(run, ExitCode.SEND_GUARD)
            assert "may have arrived" in run.output
            _ok(send(config), ExitCode.SEND_GUARD)
    assert len(inbox.messages) == 1
