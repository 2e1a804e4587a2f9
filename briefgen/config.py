"""Settings from the config file, ``BRIEFGEN_*`` environment variables and CLI flags.

Precedence, lowest first: built-in defaults, the config file (top-level keys, then the
chosen ``[briefing.NAME]`` table), environment variables, command-line flags. Every value
remembers where it came from, for ``briefgen config show`` and for error messages.

The file is ``--config PATH``, else ``./briefgen.toml``, else ``briefgen.toml`` in the user
config directory (``~/.config/briefgen`` on Linux). Relative paths in a file are relative to
the file's own folder, so a cron job finds them whatever its working directory.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError, ExitCode

CONFIG_NAME = "briefgen.toml"
DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"


def user_config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("briefgen"))


def user_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("briefgen"))


@dataclass(frozen=True)
class Key:
    """One setting: its type, default and help."""

    kind: str  # str, int, float, path, list, choice
    default: Any
    help: str
    choices: tuple[str, ...] = ()


KEYS: dict[str, Key] = {
    "sources": Key("list", [], "files, folders, globs, URLs or feeds; or {source, name, section}"),
    "since": Key("str", "", "only feed entries newer than this: 24h, 2d (empty: no limit)"),
    "max_per_feed": Key("int", 0, "newest entries taken from each feed (0: no limit)"),
    "languages": Key("list", ["en"], "article languages to keep (ISO 639-1 codes)"),
    "offline": Key("bool", False, "build from the page cache only; fetch nothing"),
    "related": Key(
        "choice", "group", "other outlets' reports of one event", ("group", "merge", "off")
    ),
    "out": Key("path", Path("out"), "output folder"),
    "name": Key(
        "str",
        "",
        "output file name pattern without extension (default: briefing-{date:%Y-%m-%d}, "
        "or {briefing}-{date:%Y-%m-%d} for a named briefing)",
    ),
    "formats": Key("list", ["html", "pdf"], "output formats: html, pdf, md, json"),
    "title": Key("str", "Daily Briefing", "briefing title"),
    "templates": Key("path", None, "folder of templates that replace the defaults"),
    "css": Key("path", None, "extra CSS file"),
    "sort": Key(
        "choice", "input", "story order within sections", ("input", "newest", "source", "title")
    ),
    "paper": Key("choice", "A4", "PDF paper size", ("A4", "Letter", "A3", "A5", "Legal")),
    "model": Key("str", DEFAULT_MODEL, "hub id or local folder of a seq2seq checkpoint"),
    "engine": Key("choice", "auto", "summariser", ("auto", "ct2", "abstractive", "extractive")),
    "quantize": Key("choice", "int8", "ct2 engine weights", ("int8", "int8_float32", "float32")),
    "threads": Key("int", 0, "CPU threads for the model (0: one per core)"),
    "length": Key("choice", "medium", "summary length", ("short", "medium", "long")),
    "quotes": Key("int", 3, "key quotes per story"),
    "faithfulness": Key(
        "choice", "fix", "check summaries against the article", ("warn", "fix", "off")
    ),
    "batch_size": Key("int", 4, "chunks per model call"),
    "overlap": Key("int", 0, "tokens of overlap between chunks"),
    "device": Key("str", "cpu", "cpu, cuda, cuda:N or auto"),
    "cache_dir": Key("path", None, "cache folder (default: the user cache dir)"),
    "keep": Key("int", 0, "briefings to keep in the output folder (0 keeps all)"),
    "wait": Key("float", 0.0, "seconds to wait for another run of the same briefing"),
}
"""Every setting a config file, an environment variable or a flag can set."""

TOP_LEVEL_ONLY = {"briefing"}


@dataclass
class Setting:
    value: Any
    origin: str  # "default", "briefgen.toml:12", "env BRIEFGEN_MODEL", "flag --model"


@dataclass
class Settings:
    """The merged settings of one briefing."""

    briefing: str
    config_file: Path | None
    values: dict[str, Setting] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key].value

    def origin(self, key: str) -> str:
        return self.values[key].origin

    @property
    def cache_dir(self) -> Path:
        value: Path | None = self["cache_dir"]
        return value if value is not None else user_cache_dir()


def find_config(explicit: Path | None) -> Path | None:
    """The config file to read: ``--config``, ``./briefgen.toml``, or the user's."""
    if explicit is not None:
        if not explicit.is_file():
            raise BriefgenError(f"--config {explicit}: no such file", ExitCode.CONFIG)
        return explicit
    for candidate in (Path.cwd() / CONFIG_NAME, user_config_dir() / CONFIG_NAME):
        if candidate.is_file():
            return candidate
    return None


def _line_of(text: str, key: str, table: str | None) -> int:
    """The line a key is written on (first match inside its table), for messages."""
    lines = text.splitlines()
    in_table = table is None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            name = stripped.strip("[] ")
            in_table = table is not None and name == table
            if table is None:
                in_table = False
            continue
        if in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return 0


def _where(path: Path, text: str, key: str, table: str | None) -> str:
    line = _line_of(text, key, table)
    return f"{path}:{line}" if line else str(path)


def _convert(
    key: str, raw: Any, where: str, base: Path | None, code: ExitCode = ExitCode.CONFIG
) -> Any:
    spec = KEYS[key]
    expected = {
        "str": "a string",
        "int": "a whole number",
        "float": "a number",
        "path": "a path (string)",
        "list": (
            "a list of strings or {source, name, section} tables"
            if key == "sources"
            else "a list of strings"
        ),
        "bool": "true or false",
        "choice": "one of " + ", ".join(spec.choices),
    }[spec.kind]
    bad = BriefgenError(f"{where}: {key} must be {expected}, not {raw!r}", code)
    if spec.kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise bad
        return raw
    if spec.kind == "float":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
            raise bad
        return float(raw)
    if spec.kind == "bool":
        if isinstance(raw, str) and raw.lower() in (
            "1",
            "true",
            "yes",
            "on",
            "0",
            "false",
            "no",
            "off",
        ):
            return raw.lower() in ("1", "true", "yes", "on")
        if not isinstance(raw, bool):
            raise bad
        return raw
    if spec.kind == "list":
        if isinstance(raw, str):
            raw = [raw]
        if key == "sources" and isinstance(raw, list):
            return [_source(v, base, bad) for v in raw]
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise bad
        return list(raw)
    if not isinstance(raw, str):
        raise bad
    if spec.kind == "choice":
        match = [c for c in spec.choices if c.lower() == raw.lower()]
        if not match:
            raise bad
        return match[0]
    if spec.kind == "path":
        path = Path(raw).expanduser()
        return path if path.is_absolute() or base is None else base / path
    if key == "model" and base is not None and raw.startswith((".", "~")):
        return str((base / Path(raw).expanduser()).resolve())  # a local folder, not a hub id
    return raw


def _source(value: Any, base: Path | None, bad: BriefgenError) -> Any:
    """A ``sources`` entry: a string, or a table ``{source, name, section}``."""
    from briefgen.ingest import SourceSpec

    if isinstance(value, str):
        return _rebase_source(value, base) if base is not None else value
    if isinstance(value, dict) and isinstance(value.get("source"), str):
        extra = set(value) - {"source", "name", "section"}
        if extra or not all(isinstance(v, str) for v in value.values()):
            raise bad
        location = value["source"]
        return SourceSpec(
            _rebase_source(location, base) if base is not None else location,
            name=value.get("name", ""),
            section=value.get("section", ""),
        )
    raise bad


def _rebase_source(source: str, base: Path) -> str:
    if source == "-" or re.match(r"^[a-z]+:", source) or Path(source).expanduser().is_absolute():
        return str(Path(source).expanduser()) if source.startswith("~") else source
    return str(base / source)


def _unknown(key: str, where: str) -> BriefgenError:
    close = difflib.get_close_matches(key, list(KEYS), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(KEYS)}"
    return BriefgenError(f"{where}: unknown key {key!r}{hint}", ExitCode.CONFIG)


def _from_table(
    values: dict[str, Setting],
    table: Mapping[str, Any],
    path: Path,
    text: str,
    table_name: str | None,
) -> None:
    for key, raw in table.items():
        if table_name is None and key in TOP_LEVEL_ONLY:
            continue
        where = _where(path, text, key, table_name)
        if key not in KEYS:
            raise _unknown(key, where)
        values[key] = Setting(_convert(key, raw, where, path.parent), where)


def briefing_names(path: Path) -> list[str]:
    """The named briefings a config file defines."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = data.get("briefing", {})
    return list(tables) if isinstance(tables, dict) else []


def load_settings(
    config: Path | None = None,
    briefing: str | None = None,
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge defaults, config file, environment and flags (``None`` flags are unset)."""
    path = find_config(config)
    values = {key: Setting(spec.default, "default") for key, spec in KEYS.items()}
    if path is not None:
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
        _from_table(values, data, path, text, None)
        tables = data.get("briefing", {})
        if not isinstance(tables, dict):
            raise BriefgenError(f"{path}: [briefing] must hold tables", ExitCode.CONFIG)
        if briefing is not None:
            if briefing not in tables:
                known = ", ".join(tables) or "none"
                raise BriefgenError(
                    f"{path}: no [briefing.{briefing}] table (briefings: {known})", ExitCode.CONFIG
                )
            if not isinstance(tables[briefing], dict):
                raise BriefgenError(
                    f"{_where(path, text, briefing, 'briefing')}: briefing.{briefing} must be a "
                    f"table: [briefing.{briefing}]",
                    ExitCode.CONFIG,
                )
            _from_table(values, tables[briefing], path, text, f"briefing.{briefing}")
    elif briefing is not None:
        raise BriefgenError(
            f"--briefing {briefing}: no config file found (looked for ./{CONFIG_NAME} and "
            f"{user_config_dir() / CONFIG_NAME}); create one with `briefgen init`",
            ExitCode.CONFIG,
        )
    env = os.environ if environ is None else environ
    for key in KEYS:
        name = f"BRIEFGEN_{key.upper()}"
        if env.get(name):
            raw: Any = env[name]
            spec = KEYS[key]
            if spec.kind == "list":
                raw = [v.strip() for v in raw.split(",") if v.strip()]
            elif spec.kind in ("int", "float"):
                with contextlib.suppress(ValueError):  # _convert reports a bad value
                    raw = int(raw) if spec.kind == "int" else float(raw)
            values[key] = Setting(_convert(key, raw, f"env {name}", Path.cwd()), f"env {name}")
    for key, raw in (flags or {}).items():
        if raw is None or (key == "sources" and not raw):
            continue
        flag = "--" + key.replace("_", "-")
        value = Path(raw) if KEYS[key].kind == "path" and isinstance(raw, str) else raw
        if KEYS[key].kind == "choice":
            value = _convert(key, raw, flag, None, ExitCode.USAGE)
        values[key] = Setting(value, f"flag {flag}")
    return Settings(briefing or "default", path, values)


STARTER = """\
# briefgen configuration. Every key is optional; flags and BRIEFGEN_* variables win over it.
# Paths are relative to this file's folder. See `briefgen config show` for the merged result.

# Defaults for every briefing:
title = "Daily Briefing"
out = "briefings"                      # output folder
name = "{date:%Y-%m-%d}-{briefing}"    # file name pattern ({date:...} strftime, {briefing})
formats = ["html", "pdf"]              # html, pdf, md, json
engine = "auto"                        # auto (model, else extractive), abstractive, extractive
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
