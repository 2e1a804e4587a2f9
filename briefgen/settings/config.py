"""Settings from the config file, ``BRIEFGEN_*`` environment variables and CLI flags.

Precedence, lowest first: built-in defaults, the config file (top-level keys, then the
chosen ``[briefing.NAME]`` table), environment variables, command-line flags. Every value
remembers where it came from, for ``briefgen config show`` and for error messages.

The file is ``--config PATH``, else ``./briefgen.toml``, else ``briefgen.toml`` in the user
config directory (``~/.config/briefgen`` on Linux). Relative paths in a file are relative to
the file's own folder, so a cron job finds them whatever its working directory.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.settings.options import (
    BRIEFING_NAME,
    BuildOptions,
    Context,
    Invalid,
    config_keys,
    env_name,
    flag_name,
    schema,
)

CONFIG_NAME = "briefgen.toml"


def user_config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("briefgen"))


def user_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("briefgen"))


TOP_LEVEL_ONLY = {"briefing"}
EMAIL = "email"  # the [email] table and a briefing's email = {...}: briefgen.settings.mail


def find_config(explicit: Path | None) -> Path | None:
    """The config file to read: ``--config``, ``./briefgen.toml``, or the user's. An explicit
    one may be anything readable that is not a folder: ``/dev/null`` is an empty config,
    ``<(...)`` a shell's pipe."""
    if explicit is not None:
        if explicit.is_dir():
            raise BriefgenError(f"--config {explicit}: a folder, not a file", ExitCode.CONFIG)
        if not explicit.exists():
            raise BriefgenError(f"--config {explicit}: no such file", ExitCode.CONFIG)
        return explicit
    for candidate in (Path.cwd() / CONFIG_NAME, user_config_dir() / CONFIG_NAME):
        if candidate.is_file():
            return candidate
    return None


def check_briefing_name(name: str, where: str, code: ExitCode = ExitCode.CONFIG) -> str:
    """A briefing name must be safe in file names, lock names and crontab lines."""
    if not BRIEFING_NAME.match(name):
        raise BriefgenError(
            f"{where}: briefing name {name!r} is not allowed: use letters, digits, '-', '_' "
            "and '.', starting with a letter or digit (at most 64)",
            code,
        )
    return name


@dataclass
class ConfigFile:
    """A config file read and validated whole: its top-level values and every briefing's."""

    path: Path
    text: str
    top: dict[str, tuple[Any, str]]  # key -> (value, "FILE:LINE")
    briefings: dict[str, dict[str, tuple[Any, str]]]
    email: Any = None  # briefgen.settings.mail.EmailConfig

    @classmethod
    def read(cls, path: Path) -> ConfigFile:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BriefgenError(
                f"{path}: cannot read it as UTF-8 text ({exc})", ExitCode.CONFIG
            ) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise BriefgenError(f"{path}: not valid TOML: {exc}", ExitCode.CONFIG) from None
        file = cls(path, text, {}, {})
        file.top = file._table(data, None)
        tables = data.get("briefing", {})
        if not isinstance(tables, dict):
            raise BriefgenError(f"{path}: [briefing] must hold tables", ExitCode.CONFIG)
        for name, table in tables.items():
            where = file.where(name, "briefing")
            check_briefing_name(name, where)
            if not isinstance(table, dict):
                raise BriefgenError(
                    f"{where}: briefing.{name} must be a table: [briefing.{name}]",
                    ExitCode.CONFIG,
                )
            file.briefings[name] = file._table(table, f"briefing.{name}")
        file.email = _email_config(file, data)
        return file

    def where(self, key: str, table: str | None) -> str:
        line = _line_of(self.text, key, table)
        return f"{self.path}:{line}" if line else str(self.path)

    def _table(self, table: Mapping[str, Any], name: str | None) -> dict[str, tuple[Any, str]]:
        keys = config_keys()
        values: dict[str, tuple[Any, str]] = {}
        for key, raw in table.items():
            if (name is None and key in TOP_LEVEL_ONLY) or key == EMAIL:
                continue
            where = self.where(key, name)
            if key not in keys:
                raise _unknown(key, where, list(keys))
            values[key] = (_validate(key, raw, where, Context(self.path.parent)), where)
        return values


def _email_config(file: ConfigFile, data: Mapping[str, Any]) -> Any:
    """The ``[email]`` table and each briefing's ``email``, validated with file and line."""
    from briefgen.settings.mail import EmailConfig, check_password_file, read_table

    briefings = data.get("briefing", {})
    tables = [(None, data.get(EMAIL)), *((n, t.get(EMAIL)) for n, t in briefings.items())]
    email = EmailConfig(where=_email_header(file, None))
    for name, table in tables:
        if table is None:
            continue
        head = EMAIL if name is None else f"briefing.{name}.{EMAIL}"
        where = _email_header(file, name)
        line = functools.partial(_email_where, file, head, where)
        values = read_table(table, where, line, Context(file.path.parent))
        check_password_file(file.path, values, line("password"))
        if name is None:
            email.top = values
        else:
            email.briefings[name] = values
    return email


def _email_header(file: ConfigFile, briefing: str | None) -> str:
    """Where an ``[email]`` table (or a briefing's ``email``) starts: "FILE:LINE"."""
    table = EMAIL if briefing is None else rf"briefing\.{re.escape(briefing)}\.{EMAIL}"
    for number, line in enumerate(file.text.splitlines(), start=1):
        if re.match(rf"\s*\[\s*{table}\s*\]", line):
            return f"{file.path}:{number}"
    return file.where(EMAIL, None if briefing is None else f"briefing.{briefing}")


def _email_where(file: ConfigFile, table: str, fallback: str, key: str) -> str:
    line = _line_of(file.text, key, table)
    return f"{file.path}:{line}" if line else fallback


def _line_of(text: str, key: str, table: str | None) -> int:
    """The line a key is written on (first match inside its table), for messages."""
    in_table = table is None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = table is not None and stripped.strip("[] ") == table
            continue
        if in_table and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return 0


def _validate(
    key: str, raw: Any, where: str, ctx: Context, code: ExitCode = ExitCode.CONFIG
) -> Any:
    try:
        return schema()[key].type.validate(raw, ctx)
    except Invalid as exc:
        said = where if where.startswith("--") else f"{where}: {key}"  # a flag names itself
        raise BriefgenError(f"{said} {exc}", code) from None


def _unknown(key: str, where: str, known: list[str]) -> BriefgenError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(known)}"
    return BriefgenError(f"{where}: unknown key {key!r}{hint}", ExitCode.CONFIG)


def load_settings(
    config: Path | None = None,
    briefing: str | None = None,
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> BuildOptions:
    """The options of one briefing: defaults, config file, environment, then flags.

    The whole file is validated on every run, named briefings that are not selected too.
    ``None`` flags (and an empty ``sources``) are unset. Errors name the file and line,
    the variable or the flag, and what was expected.
    """
    if briefing is not None:
        check_briefing_name(briefing, "--briefing", ExitCode.USAGE)
    path = find_config(config)
    values: dict[str, tuple[Any, str]] = {"cache_dir": (user_cache_dir(), "default")}
    file: ConfigFile | None = None
    if path is not None:
        file = ConfigFile.read(path)
        values.update(file.top)
        if briefing is not None:
            if briefing not in file.briefings:
                known = ", ".join(file.briefings) or "none"
                raise BriefgenError(
                    f"{path}: no [briefing.{briefing}] table (briefings: {known})", ExitCode.CONFIG
                )
            values.update(file.briefings[briefing])
    elif briefing is not None:
        raise BriefgenError(
            f"--briefing {briefing}: no config file found (looked for ./{CONFIG_NAME} and "
            f"{user_config_dir() / CONFIG_NAME}); create one with `briefgen init`",
            ExitCode.CONFIG,
        )
    values.update(_from_environment(os.environ if environ is None else environ))
    values.update(_from_flags(flags or {}))
    options = BuildOptions(
        **{k: v for k, (v, _) in values.items()},
        briefing=briefing or "default",
        config_file=path,
        provenance={k: where for k, (_, where) in values.items() if where != "default"},
        checked=True,  # every value went through its validator as it was read
    )
    return replace(options, email=_email_for(file, options))


def _email_for(file: ConfigFile | None, options: BuildOptions) -> Any:
    from briefgen.settings.mail import for_run

    email = file.email.for_briefing(options.briefing) if file is not None else None
    return for_run(email, options.email_to)


def _from_environment(env: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    values: dict[str, tuple[Any, str]] = {}
    for key, option in config_keys().items():
        name = env_name(key)
        if env.get(name):
            raw = option.type.from_env(env[name])
            values[key] = (_validate(key, raw, f"env {name}", Context(Path.cwd())), f"env {name}")
    return values


def _from_flags(flags: Mapping[str, Any]) -> dict[str, tuple[Any, str]]:
    values: dict[str, tuple[Any, str]] = {}
    for key, raw in flags.items():
        if raw is None or (key == "sources" and not raw):
            continue
        flag = flag_name(key)
        values[key] = (_validate(key, raw, flag, Context(), ExitCode.USAGE), f"flag {flag}")
    return values


STARTER = """\
# briefgen configuration. Every key is optional; flags and BRIEFGEN_* variables win over it.
# Paths are relative to this file's folder. See `briefgen config show` for the merged result.

# Defaults for every briefing:
title = "Daily Briefing"
out = "briefings"                      # output folder
name = "{date:%Y-%m-%d}-{briefing}"    # file name pattern ({date:...} strftime, {briefing})
formats = ["html", "pdf"]              # html, pdf, md, json, epub
engine = "auto"                        # auto tries ct2, abstractive, extractive in turn
model = "sshleifer/distilbart-cnn-12-6"  # hub id or local folder; `briefgen models pull` first
length = "medium"                      # short, medium, long
quotes = 3                             # key quotes per story
batch_size = 4                         # chunks per model call
keep = 30                              # briefings kept in `out` (0 keeps all)
wait = 600                             # seconds to wait if the same briefing is already running
# templates = "my-templates"           # templates that replace the defaults
# css = "extra.css"                    # extra CSS
# paper = "A4"                         # or "Letter"
# cache_dir = "~/.cache/briefgen"      # summaries cache (default: the user cache folder)

# Named briefings: `briefgen build --briefing morning`
[briefing.morning]
title = "Morning Briefing"
sources = ["articles/*.md"]

# [briefing.tech]
# title = "Tech Briefing"
# sources = ["tech/", "https://example.org/article.html"]
"""
