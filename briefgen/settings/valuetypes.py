"""The value types of the build options: each validates a raw value (from TOML, an
environment variable or a flag) and says what is wrong. :mod:`briefgen.settings.options` declares
the settings with them (and holds the rest of the types)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
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


class Line(Text):
    """A string shown on one line (a title): line breaks and other controls it holds are
    folded away here, once, so that every output (a mail header, an XML feed) can take it."""

    def validate(self, raw: Any, ctx: Context) -> Any:
        from briefgen.core.textutil import one_line

        return one_line(super().validate(raw, ctx))


class Whole(ValueType):
    def __init__(self, minimum: int = 0) -> None:
        self.minimum = minimum
        self.metavar = "N"
        self.expected = "a whole number" + (f" of at least {minimum}" if minimum else "")

    def flag_type(self) -> tuple[type, dict[str, Any]]:
        return int, {"min": self.minimum}

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str) and re.fullmatch(r"\s*\d+\s*", raw):
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < self.minimum:
            raise self.bad(raw)
        return raw


class Seconds(ValueType):
    expected = "a number of seconds, 0 or more"
    metavar = "SECONDS"

    def flag_type(self) -> tuple[type, dict[str, Any]]:
        return float, {"min": 0}

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str):
            try:
                raw = float(raw)
            except ValueError:
                raise self.bad(raw) from None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise self.bad(raw)
        if not math.isfinite(raw) or raw < 0:
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

    expected = 'a table of names and numbers of 0 or more, e.g. { "Harbour Times" = 1.5 }'
    metavar = "NAME=N,..."

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str):
            pairs = [p.rpartition("=") for p in raw.split(",") if p.strip()]
            if all(eq and name.strip() for name, eq, _ in pairs):
                raw = {name.strip(): number for name, _, number in pairs}
        if not isinstance(raw, dict):
            raise self.bad(raw)
        try:
            return {str(k).strip(): Seconds().validate(v, ctx) for k, v in raw.items()}
        except Invalid:
            raise self.bad(raw) from None
