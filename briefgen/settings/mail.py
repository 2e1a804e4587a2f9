"""The ``[email]`` table of the config file, and a briefing's own ``email = {...}``.

A second small schema beside :mod:`briefgen.settings.options`: each key is declared once with its
value type, validated where it is read, and a wrong one is an error naming the file and
line. A briefing's ``email`` table overrides the top-level one key by key (most often
just ``to``). The password never needs to be in the file: ``password_env`` names an
environment variable, ``password_command`` runs a command (as mail clients do). A literal
``password`` is accepted only in a file nobody else can read.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import string
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.core.textutil import one_line
from briefgen.settings.options import (
    FORMATS,
    Addresses,
    Choice,
    Context,
    Folder,
    Format,
    Invalid,
    Seconds,
    Text,
    ValueType,
    Whole,
    Words,
    check_address,
)

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_SUBJECT = "{title} — {date:%A %-d %B %Y}"


class Address(ValueType):
    expected = "an e-mail address"

    def validate(self, raw: Any, ctx: Context) -> Any:
        if not isinstance(raw, str):
            raise self.bad(raw)
        return check_address(raw)


WIDTH = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[_,]?(?:\.(\d*))?")  # width, precision


def _too_wide(spec: str) -> bool:
    """A format spec asking for 1000 characters or more: a memory bomb, not a subject."""
    found = WIDTH.match(spec)
    return found is not None and any(len(group or "") >= 4 for group in found.groups())


class Subject(Text):
    expected = "a subject pattern with {title}, {date:...} and {briefing}"

    def validate(self, raw: Any, ctx: Context) -> Any:
        """The pattern, when a sample edition's fields format with it (checked at load, so
        a bad one is a config error, not a failure after publishing)."""
        raw = super().validate(raw, ctx)
        try:
            if any(_too_wide(spec or "") for _, _, spec, _ in string.Formatter().parse(raw)):
                raise ValueError("a width or precision of 1000 or more")
            raw.format(title="Daily Briefing", date=date(2026, 1, 1), briefing="default")
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
            raise Invalid(f"{raw!r} is not a pattern ({exc}); use {{title}}, {{date:%F}}") from None
        return raw


class Command(ValueType):
    expected = "a command: a string or a list of strings"

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str):
            try:
                raw = shlex.split(raw)
            except ValueError as exc:
                raise Invalid(f"is not a command line ({exc})") from None
        if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
            raise self.bad(raw)
        return raw


KEYS: dict[str, ValueType] = {
    "host": Text(),
    "port": Whole(1, 65535),
    "security": Choice(SECURITY),
    "username": Text(),
    "password_env": Text(),
    "password_command": Command(),
    "password": Text(),
    "from": Address(),
    "to": Addresses(),
    "subject": Subject(),
    "attach": Words(FORMATS, item="format"),
    "ca_file": Folder(),
    "timeout": Seconds(3600),
    "tries": Whole(1, 10),
    "retry_wait": Seconds(3600),
}


@dataclass(frozen=True)
class EmailSettings:
    """Where and how an edition is e-mailed; ``to`` empty means it is not."""

    host: str = ""
    port: int = 0  # 0: the usual port of ``security``
    security: str = "starttls"
    username: str = ""
    password_env: str = ""
    password_command: list[str] = field(default_factory=list)
    password: str = field(default="", repr=False)
    sender: str = ""
    to: list[str] = field(default_factory=list)
    subject: str = DEFAULT_SUBJECT
    attach: list[Format] = field(default_factory=lambda: ["pdf"])
    ca_file: Path | None = None  # trust this CA bundle instead of the system's
    timeout: float = 30.0  # seconds for each network step
    tries: int = 3
    retry_wait: float = 5.0  # seconds before the second try; doubled each time
    where: str = ""  # the file and line of the table, for messages

    @property
    def smtp_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]

    def subject_for(self, title: str, day: date, briefing: str) -> str:
        return one_line(self.subject.format(title=title, date=day, briefing=briefing))


Locate = Callable[[str], str]  # key -> "FILE:LINE"


def read_table(table: Any, where: str, locate: Locate, ctx: Context) -> dict[str, Any]:
    """The validated values of one ``email`` table (top-level or a briefing's)."""
    if not isinstance(table, dict):
        raise BriefgenError(f"{where}: email must be a table: [email]", ExitCode.CONFIG)
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise BriefgenError(
                f"{locate(key)}: unknown key {key!r} in email; known keys: {known}",
                ExitCode.CONFIG,
            )
        try:
            values[key] = KEYS[key].validate(raw, ctx)
        except Invalid as exc:
            raise BriefgenError(f"{locate(key)}: email.{key} {exc}", ExitCode.CONFIG) from None
    return values


def check_password_file(path: Path, values: Mapping[str, Any], where: str) -> None:
    """Refuse a literal password in a config file that others may read."""
    if not values.get("password"):
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH):
        raise BriefgenError(
            f"{where}: email.password is in a file that others can read "
            f"(mode {stat.S_IMODE(mode):o}); use password_env or password_command, "
            f"or `chmod 600 {path}`",
            ExitCode.CONFIG,
        )


def settings_of(values: Mapping[str, Any], where: str) -> EmailSettings:
    """Merged table values as settings; ``host`` and ``from`` are needed to send."""
    mapped = {("sender" if k == "from" else k): v for k, v in values.items()}
    settings = replace(EmailSettings(), **mapped, where=where)
    if settings.to and not (settings.host and settings.sender):
        missing = "host" if not settings.host else "from"
        raise BriefgenError(f"{where}: email needs {missing} to send to anyone", ExitCode.CONFIG)
    return settings


@dataclass
class EmailConfig:
    """A config file's ``[email]`` table and each briefing's ``email`` override."""

    top: dict[str, Any] = field(default_factory=dict)
    briefings: dict[str, dict[str, Any]] = field(default_factory=dict)
    where: str = ""

    def for_briefing(self, briefing: str) -> EmailSettings | None:
        if not self.top and briefing not in self.briefings:
            return None
        return settings_of({**self.top, **self.briefings.get(briefing, {})}, self.where)


def for_run(settings: EmailSettings | None, email_to: list[str]) -> EmailSettings | None:
    """The settings a run uses: ``--email-to`` replaces the config's ``to``."""
    if not email_to:
        return settings
    if settings is None or not settings.host or not settings.sender:
        raise BriefgenError(
            "--email-to needs an [email] table with host and from in the config file "
            "(see the README, Delivery)",
            ExitCode.CONFIG,
        )
    return replace(settings, to=list(email_to))


def password_of(settings: EmailSettings) -> str | None:
    """The SMTP password: from ``password_env``, ``password_command`` or the file; else None.

    Raises :class:`LookupError` with the reason when the one named cannot be had.
    """
    if settings.password_env:
        value = os.environ.get(settings.password_env)
        if not value:
            raise LookupError(f"the environment variable {settings.password_env} is not set")
        return value
    if settings.password_command:
        return _run_password_command(settings.password_command, settings.timeout)
    return settings.password or None


def _run_password_command(command: list[str], timeout: float) -> str:
    shown = shlex.join(command)
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout or None, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LookupError(f"password_command {shown!r} failed: {exc}") from None
    line = done.stdout.splitlines()[0].strip() if done.stdout.strip() else ""
    if done.returncode != 0 or not line:
        said = done.stderr.strip().splitlines()[-1:] or ["no password printed"]
        raise LookupError(
            f"password_command {shown!r} exited {done.returncode}: {said[0]}"
        ) from None
    return line
