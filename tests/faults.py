"""Helpers for the fault tests: a build through the CLI, an SMTP server that fails where it is
told to, and small disks (tmpfs) that fill up or turn read-only.

Nothing here mocks briefgen: builds run through the real CLI, mail goes over a real socket to
aiosmtpd on 127.0.0.1, and the disks are real mounts (root only: the tests that need them
skip with the reason elsewhere).
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

from .conftest import few_samples

DAY = "2026-11-25"
STEM = f"briefing-{DAY}"
runner = CliRunner()


@dataclass
class Run:
    code: int
    output: str
    exception: BaseException | None

    @property
    def clean(self) -> bool:
        """No traceback: the run ended through its own exit code, not an exception."""
        crashed = self.exception is not None and not isinstance(self.exception, SystemExit)
        return not crashed and "Traceback" not in self.output


def cli(*args: str) -> Run:
    result = runner.invoke(app, list(args))
    return Run(result.exit_code, result.output, result.exception)


def build(out: Path, *args: str, day: str = DAY, cache: Path | None = None) -> Run:
    """``briefgen build`` of three samples, extractive, md and json, into ``out``."""
    flags = ["--cache-dir", str(cache)] if cache is not None else []
    return cli(
        "build", *few_samples(), "-o", str(out), "-e", "extractive", "-f", "md,json",
        "--date", day, *flags, *args,
    )  # fmt: skip


def mail_config(folder: Path, port: int, out: Path) -> Path:
    """A config that e-mails every edition built into ``out`` to one reader."""
    path = folder / "briefgen.toml"
    path.write_text(
        f'out = "{out}"\nformats = ["md", "json"]\n\n[email]\nhost = "127.0.0.1"\n'
        f'port = {port}\nsecurity = "none"\nfrom = "briefgen@example.org"\n'
        'to = ["reader@example.org"]\nattach = ["md"]\nretry_wait = 0.01\ntimeout = 5\n',
        encoding="utf-8",
    )
    return path


def build_mailed(config: Path, *args: str, cache: Path | None = None) -> Run:
    flags = ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    return cli(
        "build", *few_samples(), "--config", str(config), "-e", "extractive", "--date", DAY,
        *flags, *args,
    )  # fmt: skip


def send(config: Path, *args: str) -> Run:
    return cli("send", "--config", str(config), "--date", DAY, *args)


@dataclass
class FaultyInbox:
    """An aiosmtpd handler that answers ``reply`` at ``stage`` on its first ``times`` tries.

    ``stage``: ``EHLO``, ``MAIL``, ``RCPT``, ``DATA`` (before the message is accepted),
    ``DATA-ABORT`` (the connection dropped mid-message, unanswered), ``QUIT`` (after the
    message was accepted: ``reply`` to QUIT, or the connection dropped when ``reply`` is
    empty), or ``""`` for none. ``hook`` runs when a message is accepted (a disk filling).
    """

    stage: str = ""
    reply: str = "451 4.3.0 try again later"
    times: int = 1
    hook: Any = None
    messages: list[EmailMessage] = field(default_factory=list)
    tries: dict[str, int] = field(default_factory=dict)

    def _fails(self, stage: str) -> bool:
        self.tries[stage] = self.tries.get(stage, 0) + 1
        return self.stage == stage and self.tries[stage] <= self.times

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        if self._fails("EHLO"):
            return [self.reply]
        session.host_name = hostname
        return responses

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self._fails("MAIL"):
            return self.reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self._fails("RCPT"):
            return self.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self._fails("DATA"):
            return self.reply
        if self.stage == "DATA-ABORT" and self._fails("DATA-ABORT"):
            server.transport.abort()
            return "421 closing"
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        if self.hook is not None:
            self.hook()
        return "250 OK queued"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        if self._fails("QUIT"):
            if not self.reply:
                server.transport.abort()
            return self.reply or "421 gone"
        return "221 Bye"


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder`` for the block; the test skips when mounting
    is not permitted (not root, or no CAP_SYS_ADMIN in a container)."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size},nr_inodes=2000,mode=0755"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def read_only(folder: Path) -> None:
    """Remount the tmpfs at ``folder`` read-only (root ignores file modes; a mount does not)."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the disk under ``folder`` to the last byte; return the filler file."""
    filler = folder / f".filler-{uuid.uuid4().hex[:8]}"
    with open(filler, "wb", buffering=0) as handle:
        for chunk in (65536, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    # tmpfs counts inodes too: use them up, so no new file can be made either
    n = 0
    with contextlib.suppress(OSError):
        while n < 5000:
            os.close(os.open(folder / f".inode-{n}", os.O_CREAT | os.O_WRONLY, 0o600))
            n += 1
    return filler


def aside(folder: Path, name: str) -> list[Path]:
    """Files moved aside as damaged: ``<name>.damaged-<timestamp>``."""
    return sorted(folder.glob(f"{name}.damaged-*"))
