"""The value types of the build options: each validates a raw value (from TOML, an
environment variable or a flag) and says what is wrong. :mod:`briefgen.settings.options` declares
the settings with them (and holds the rest of the types)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any, ClassVar


class Invalid(ValueError):
    """A raw value that a value type cannot accept; the message says what was expected."""


@dataclass(frozen=True)
class Context:
    """Where a raw value comes from: relative paths in a config file are relative to it."""

    base: Path | None = None  # the folder relative paths are taken from; None: as given


class ValueType:
    """Validates a raw value (from TOML, an environment variable or a flag)."""

    expected = "a value"
    metavar = "VALUE"  # how ``--help`` names the flag's value
    split_env = False  # environment variables hold comma-separated lists

    def validate(self, raw: Any, ctx: Context) -> Any:
        raise NotImplementedError

    def flag_type(self) -> tuple[type, dict[str, Any]]:
        """The Python type of this value on the command line and its limits (``min``)."""
        return str, {}

    def bad(self, raw: Any) -> Invalid:
        return Invalid(f"must be {self.expected}, not {raw!r}")

    def from_env(self, text: str) -> Any:
        return [v.strip() for v in text.split(",") if v.strip()] if self.split_env else text


class Text(ValueType):
    expected = "a string"
    metavar = "TEXT"

    def validate(self, raw: Any, ctx: Context) -> Any:
        if not isinstance(raw, str):
            raise self.bad(raw)
        return raw


MAX_COUNT = 1_000_000
"""The largest count a setting takes unless its schema says otherwise."""
MAX_SECONDS = 86_400.0
"""The longest time (a day) a setting takes unless its schema says otherwise."""


class Line(Text):
    """A string shown on one line (a title): line breaks and other controls it holds are
    folded away here, once, so that every output (a mail header, an XML feed) can take it."""

    def validate(self, raw: Any, ctx: Context) -> Any:
        from briefgen.core.textutil import one_line

        return one_line(super().validate(raw, ctx))


class Whole(ValueType):
    def __init__(self, minimum: int = 0, maximum: int = MAX_COUNT) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.metavar = "N"
        self.expected = f"a whole number from {minimum} to {maximum}"

    def flag_type(self) -> tuple[type, dict[str, Any]]:
        return int, {"min": self.minimum, "max": self.maximum}

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str) and re.fullmatch(r"\s*\d{1,30}\s*", raw):
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.bad(raw)
        if not self.minimum <= raw <= self.maximum:
            raise self.bad(raw)
        return raw


class Seconds(ValueType):
    metavar = "SECONDS"

    def __init__(self, maximum: float = MAX_SECONDS) -> None:
        self.maximum = maximum
        self.expected = f"a number of seconds from 0 to {maximum:g}"

    def flag_type(self) -> tuple[type, dict[str, Any]]:
        return float, {"min": 0, "max": self.maximum}

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str):
            try:
                raw = float(raw)
            except ValueError:
                raise self.bad(raw) from None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise self.bad(raw)
        if not math.isfinite(raw) or not 0 <= raw <= self.maximum:
            raise self.bad(raw)
        return float(raw)


class Switch(ValueType):
    expected = "true or false"
    metavar = ""  # a flag: no value

    def flag_type(self) -> tuple[type, dict[str, Any]]:
        return bool, {}

    WORDS: ClassVar[dict[str, bool]] = {"1": True, "true": True, "yes": True, "on": True}
    WORDS |= {"0": False, "false": False, "no": False, "off": False}

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str) and raw.strip().lower() in self.WORDS:
            return self.WORDS[raw.strip().lower()]
        if not isinstance(raw, bool):
            raise self.bad(raw)
        return raw


class AutoSwitch(Switch):
    """A switch that may be left unset (``None``, the default: the briefing decides)."""

    def validate(self, raw: Any, ctx: Context) -> Any:
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        return None if empty else super().validate(raw, ctx)


class Weights(ValueType):
    """Numbers by name: a TOML table ``{ "Harbour Times" = 1.5 }``, or ``Name=1.5,Other=0.5``."""

    expected = 'a table of names and numbers from 0 to 1000, e.g. { "Harbour Times" = 1.5 }'
    metavar = "NAME=N,..."

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str):
            pairs = [p.rpartition("=") for p in raw.split(",") if p.strip()]
            if all(eq and name.strip() for name, eq, _ in pairs):
                raw = {name.strip(): number for name, _, number in pairs}
        if not isinstance(raw, dict):
            raise self.bad(raw)
        try:
            return {str(k).strip(): Seconds(1000).validate(v, ctx) for k, v in raw.items()}
        except Invalid:
            raise self.bad(raw) from None


class Hosts(ValueType):
    """``allow_hosts``: names, ``name:port``, addresses and networks, each checked."""

    expected = "a list of host names, host:port, addresses or networks (10.0.0.0/8)"
    metavar = "LIST"
    split_env = True

    def validate(self, raw: Any, ctx: Context) -> Any:
        from briefgen.core.hosts import host_entry

        if isinstance(raw, str):
            raw = [v.strip() for v in raw.split(",") if v.strip()]
        if not isinstance(raw, list | tuple) or not all(isinstance(v, str) for v in raw):
            raise self.bad(raw)
        for entry in raw:
            try:
                host_entry(entry)
            except ValueError as exc:
                raise Invalid(str(exc)) from None
        return [v.strip() for v in raw]


class Words(ValueType):
    """A list of strings; a string is a comma-separated list. ``choices`` limits them."""

    split_env = True

    def __init__(
        self, choices: Sequence[str] = (), non_empty: bool = False, item: str = "value"
    ) -> None:
        self.choices = tuple(choices)
        self.non_empty = non_empty
        self.item = item
        self.metavar = "LIST"
        self.expected = "a list of strings" + (
            f" from {', '.join(self.choices)}" if self.choices else ""
        )

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str):
            raw = [v.strip() for v in raw.split(",") if v.strip()]
        if not isinstance(raw, list | tuple) or not all(isinstance(v, str) for v in raw):
            raise self.bad(raw)
        words = [v.strip() for v in raw]
        if self.choices:
            words = [v.lower() for v in words]
            unknown = [v for v in words if v not in self.choices]
            if unknown:
                raise Invalid(
                    f"has an unknown {self.item} {unknown[0]!r}; "
                    f"choose from {', '.join(self.choices)}"
                )
        if self.non_empty and not words:
            raise Invalid(f"must name at least one of {', '.join(self.choices)}")
        return words


def check_address(text: str) -> str:
    """``text`` when it is one e-mail address (``a@b.example`` or ``Name <a@b.example>``)."""
    text = text.strip()
    addr = parseaddr(text)[1]
    local, at, domain = addr.rpartition("@")
    if (
        not (at and local and domain)
        or re.search(r"[\s,;<>\"]", addr)
        or re.search(r"[\r\n]", text)
    ):
        raise Invalid(f"must be e-mail addresses, and {text!r} is not one")
    return text


class Addresses(Words):
    """E-mail addresses, each checked, duplicates dropped; a repeatable flag."""

    def __init__(self) -> None:
        super().__init__(item="address")
        self.metavar, self.expected = "ADDR", "a list of e-mail addresses"

    def flag_type(self) -> tuple[type, dict[str, Any]]:
        return list[str], {}  # a repeatable flag: --email-to A --email-to B

    def validate(self, raw: Any, ctx: Context) -> Any:
        items = [raw] if isinstance(raw, str) else raw
        if isinstance(items, list | tuple) and all(isinstance(v, str) for v in items):
            # --email-to a,b --email-to c; a display name may hold a comma: "Doe, J" <j@x>
            raw = [p for v in items for p in ([v] if re.search(r'[<"]', v) else v.split(","))]
            raw = [p for p in raw if p.strip()]
        return list(dict.fromkeys(check_address(a) for a in super().validate(raw, ctx)))


LANGUAGE_KEY = re.compile(r"^(\*|[a-z]{2,3}(-[a-z]{2,3})?)$")
"""A key of a :class:`ModelMap`: ``*`` (any other language), an ISO 639 code (``fr``), or a
pair of them (``fr-en``)."""


class ModelMap(ValueType):
    """Checkpoints by language: a TOML table ``{ fr = "./fr-model", "*" = "hub/id" }``, or
    ``fr=./fr-model,*=hub/id`` from a flag or variable. Each value is a hub id or a folder
    (``./`` or ``~/`` in a config file: relative to it)."""

    expected = 'a table of language codes and models, e.g. { fr = "./mt5-xlsum", "*" = "hub/id" }'
    metavar = "LANG=MODEL,..."

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str):
            pairs = [p.partition("=") for p in raw.split(",") if p.strip()]
            if not all(eq and key.strip() and value.strip() for key, eq, value in pairs):
                raise self.bad(raw)
            raw = {key.strip(): value.strip() for key, _, value in pairs}
        if not isinstance(raw, dict):
            raise self.bad(raw)
        out: dict[str, str] = {}
        for key, value in raw.items():
            code = str(key).strip().lower()
            if not LANGUAGE_KEY.match(code) or not isinstance(value, str) or not value.strip():
                raise self.bad(raw)
            model = value.strip()
            if ctx.base is not None and model.startswith((".", "~")):
                model = str((ctx.base / Path(model).expanduser()).resolve())
            out[code] = model
        return out


class LocaleTag(ValueType):
    """A BCP 47 language tag that Babel knows (``en``, ``fr``, ``pt-BR``, ``zh-Hant-TW``;
    ``pt_BR`` as well), returned in its usual spelling (``pt-BR``)."""

    expected = "a BCP 47 language tag such as en, fr, de-CH or pt-BR"
    metavar = "TAG"
    WELL_FORMED = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(-\w{4,8})*")

    def validate(self, raw: Any, ctx: Context) -> Any:
        tag = raw.strip().replace("_", "-") if isinstance(raw, str) else raw  # fr_FR too
        if not isinstance(tag, str) or not self.WELL_FORMED.fullmatch(tag):
            raise self.bad(raw)
        from babel import Locale, UnknownLocaleError

        try:
            locale = Locale.parse(tag, sep="-")
        except (UnknownLocaleError, ValueError):
            raise Invalid(
                f"names a locale Babel does not know ({raw!r}); use a BCP 47 tag such as "
                "en, fr, de, es or pt-BR"
            ) from None
        parts = (locale.language, locale.script, locale.territory)
        return "-".join(p for p in parts if p)
