"""The build options: one schema for every setting a briefing run takes.

Each setting is one field of :class:`BuildOptions`, declared once with its default, its
help and a value type that validates a raw value and says what is wrong (the shape of
mkdocs' ``config_options``). From that one declaration come the config file keys, the
``BRIEFGEN_<KEY>`` environment variables, the ``--help`` text of the CLI flags and the
README's key table (``python -m briefgen.settings.options`` prints it; a test compares). The
config file, the environment and the flags all go through the same ``validate``.

"No limit" is one value per setting, the same in every layer: ``0`` for counts,
``None`` for an age, an empty list for a list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, get_args

from briefgen.settings.valuetypes import Addresses as Addresses
from briefgen.settings.valuetypes import AutoSwitch as AutoSwitch
from briefgen.settings.valuetypes import Context as Context
from briefgen.settings.valuetypes import Hosts as Hosts
from briefgen.settings.valuetypes import Invalid as Invalid
from briefgen.settings.valuetypes import Line as Line
from briefgen.settings.valuetypes import LocaleTag as LocaleTag
from briefgen.settings.valuetypes import ModelMap as ModelMap
from briefgen.settings.valuetypes import Seconds as Seconds
from briefgen.settings.valuetypes import Switch as Switch
from briefgen.settings.valuetypes import Text as Text
from briefgen.settings.valuetypes import ValueType as ValueType
from briefgen.settings.valuetypes import Weights as Weights
from briefgen.settings.valuetypes import Whole as Whole
from briefgen.settings.valuetypes import Words as Words
from briefgen.settings.valuetypes import check_address as check_address

if TYPE_CHECKING:  # SourceSpec is imported where used: `briefgen --help` needs this module
    from briefgen.document import SourceSpec
    from briefgen.settings.mail import EmailSettings

DEFAULT_MODEL = "sshleifer/distilbart-cnn-12-6"
MULTILINGUAL_MODEL = "csebuetnlp/mT5_multilingual_XLSum"  # non-English articles, by default
TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-{source}-{target}"  # one opus-mt model per pair
# Each vocabulary once: the Literal type the code is checked against, and its values.
Format = Literal["html", "pdf", "md", "json", "epub"]
Paper = Literal["A4", "Letter", "A3", "A5", "Legal"]
EngineChoice = Literal["auto", "ct2", "abstractive", "extractive"]
Length = Literal["short", "medium", "long"]
Mode = Literal["warn", "fix", "off"]  # of the faithfulness guard
Sort = Literal["rank", "input", "newest", "source", "title"]
Related = Literal["group", "merge", "off"]
Quantize = Literal["int8", "int8_float32", "float32"]
Executor = Literal["local", "ray"]
FORMATS: tuple[Format, ...] = get_args(Format)
PAPERS: tuple[Paper, ...] = get_args(Paper)
ENGINES: tuple[EngineChoice, ...] = get_args(EngineChoice)
LENGTHS: tuple[Length, ...] = get_args(Length)
FAITHFULNESS_MODES: tuple[Mode, ...] = get_args(Mode)
SORTS: tuple[Sort, ...] = get_args(Sort)
RELATED: tuple[Related, ...] = get_args(Related)
QUANTIZE: tuple[Quantize, ...] = get_args(Quantize)
EXECUTORS: tuple[Executor, ...] = get_args(Executor)
BRIEFING_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_AGE_DAYS = 36_600  # a hundred years: larger ages would overflow a date


class Choice(ValueType):
    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = tuple(choices)
        self.expected = "one of " + ", ".join(self.choices)
        joined = "|".join(self.choices)
        self.metavar = joined if len(joined) <= 16 else "CHOICE"

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, str):
            for choice in self.choices:
                if choice.lower() == raw.strip().lower():
                    return choice
        raise self.bad(raw)


class Folder(ValueType):
    """A path; relative paths in a config file are relative to the file's folder."""

    expected = "a path (string)"
    metavar = "PATH"

    def validate(self, raw: Any, ctx: Context) -> Any:
        if raw is None:
            return None
        if isinstance(raw, Path):
            raw = str(raw)
        if not isinstance(raw, str) or not raw.strip():
            raise self.bad(raw)
        path = Path(raw).expanduser()
        return path if path.is_absolute() or ctx.base is None else ctx.base / path


class Age(ValueType):
    """An age such as ``24h``, ``2d`` or ``1w``; empty means no limit (``None``)."""

    expected = "an age such as 24h, 2d or 1w (empty: no limit)"
    metavar = "AGE"
    UNITS: ClassVar[dict[str, int]] = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}

    def validate(self, raw: Any, ctx: Context) -> Any:
        if raw is None or isinstance(raw, timedelta):
            return raw
        if not isinstance(raw, str):
            raise self.bad(raw)
        seconds = parse_age(raw) if raw.strip() else None
        return None if seconds is None else timedelta(seconds=seconds)


def show_age(age: timedelta) -> str:
    """An age as a user writes it: the largest unit that gives a whole number (``2d``,
    ``36h``, ``90m``), seconds for anything else; :func:`parse_age` reads it back."""
    seconds = age.total_seconds()
    for unit, size in sorted(Age.UNITS.items(), key=lambda item: -item[1]):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def parse_age(text: str) -> float:
    """'30d', '12h', '45m', '90s' or '2w' as seconds (at most a hundred years)."""
    text = text.strip().lower()
    if len(text) < 2 or text[-1] not in Age.UNITS or not re.fullmatch(r"\d+(\.\d+)?", text[:-1]):
        raise Invalid(f"{text!r}: use a number and a unit, e.g. 30d, 12h, 45m")
    seconds = float(text[:-1]) * Age.UNITS[text[-1]]
    if seconds > MAX_AGE_DAYS * 86400:
        raise Invalid(f"{text!r} is more than a hundred years")
    return seconds


class Day(ValueType):
    expected = "a date, YYYY-MM-DD"
    metavar = "YYYY-MM-DD"

    def validate(self, raw: Any, ctx: Context) -> Any:
        if isinstance(raw, date):
            return raw
        try:
            if isinstance(raw, str):
                return date.fromisoformat(raw.strip())
        except ValueError:
            pass
        raise self.bad(raw)


class Device(ValueType):
    expected = "cpu, cuda, cuda:N or auto"
    metavar = "DEVICE"

    def validate(self, raw: Any, ctx: Context) -> Any:
        if not isinstance(raw, str) or not re.fullmatch(r"cpu|auto|cuda(:\d+)?", raw.strip()):
            raise self.bad(raw)
        return raw.strip()


class Model(ValueType):
    """A hub id, or a local folder (``./`` or ``~/`` in a config file: relative to it)."""

    expected = "a hub id or a folder (string)"
    metavar = "ID_OR_PATH"

    def validate(self, raw: Any, ctx: Context) -> Any:
        if not isinstance(raw, str) or not raw.strip():
            raise self.bad(raw)
        if ctx.base is not None and raw.startswith((".", "~")):
            return str((ctx.base / Path(raw).expanduser()).resolve())
        return raw


class Sources(ValueType):
    """Files, folders, globs, URLs or feeds; or tables ``{source, name, section}``."""

    expected = "a list of strings or {source, name, section} tables"
    metavar = "SOURCE"
    split_env = True

    def validate(self, raw: Any, ctx: Context) -> Any:
        from briefgen.document import SourceSpec

        if isinstance(raw, str | SourceSpec):
            raw = [raw]
        if not isinstance(raw, list | tuple):
            raise self.bad(raw)
        return [self._entry(v, ctx) for v in raw]

    def _entry(self, value: Any, ctx: Context) -> str | SourceSpec:
        from briefgen.document import SourceSpec

        if isinstance(value, SourceSpec):
            return value
        if isinstance(value, str):
            return _rebase_source(value, ctx.base)
        if isinstance(value, dict) and isinstance(value.get("source"), str):
            extra = set(value) - {"source", "name", "section"}
            if extra or not all(isinstance(v, str) for v in value.values()):
                raise self.bad(value)
            return SourceSpec(
                _rebase_source(value["source"], ctx.base),
                name=value.get("name", ""),
                section=value.get("section", ""),
            )
        raise self.bad(value)


def _rebase_source(source: str, base: Path | None) -> str:
    if source.startswith("~"):
        return str(Path(source).expanduser())
    if base is None or source == "-" or re.match(r"^[a-z]+:", source) or Path(source).is_absolute():
        return source
    return str(base / source)


@dataclass(frozen=True)
class Option:
    """One setting's schema: its value type, help and the flag that sets it."""

    type: ValueType
    help: str
    flag: tuple[str, ...] = ()  # more flag names ("-o"); a long one here replaces --<key>
    default_text: str = ""  # how the default reads where the value itself says little
    config: bool = True  # False: a flag only (the edition's date), not a config key


def opt(default: Any, type: ValueType, help: str, **meta: Any) -> Any:
    """A :class:`BuildOptions` field holding its :class:`Option` in the metadata."""
    option = Option(type, help, **meta)
    if isinstance(default, list | dict):
        value = default
        return field(default_factory=lambda: value.copy(), metadata={"option": option})
    return field(default=default, metadata={"option": option})


@dataclass(frozen=True)
class EngineOptions:
    """The settings a summary is made with: which engine and model, how long, on what.

    Declared once, here; :class:`BuildOptions` has them (it extends this class), the
    commands that summarise (``build``, ``summarize``, ``batch``) get a flag for each, and
    corpus mode's stages carry them to every Ray actor. An engine is resolved from them by
    :func:`briefgen.summarise.spec.spec_for`.
    """

    model: str = opt(
        DEFAULT_MODEL, Model(), "hub id or local folder of a seq2seq checkpoint", flag=("-m",)
    )
    engine: EngineChoice = opt("auto", Choice(ENGINES), "summariser", flag=("-e",))
    length: Length = opt("medium", Choice(LENGTHS), "summary length", flag=("-l",))
    quantize: Quantize = opt("int8", Choice(QUANTIZE), "weights of the ct2 engine")
    threads: int = opt(
        0,
        Whole(0, 1024),
        "CPU threads for the model (0: one per core); ct2 runs batches side by side",
    )
    batch_size: int = opt(4, Whole(1, 4096), "chunks per model call", flag=("-b",))
    overlap: int = opt(0, Whole(), "tokens of overlap between consecutive chunks")
    device: str = opt("cpu", Device(), "where the model runs: cpu, cuda, cuda:N or auto")
    models: dict[str, str] = opt(
        {},
        ModelMap(),
        "checkpoints by article language (`*`: any other); English articles use `model`, "
        f"others {MULTILINGUAL_MODEL} unless named here",
        default_text="none",
    )


@dataclass(frozen=True)
class BuildOptions(EngineOptions):
    """Everything a briefing run takes: one field per setting, each declared once.

    Frozen, and validated once (by :func:`briefgen.settings.config.load_settings`, or
    :func:`validated` for options made in code): the code below takes its values as they are.
    """

    sources: list[str | SourceSpec] = opt(
        [], Sources(), "files, folders, globs, URLs or feeds; or {source, name, section} tables"
    )
    since: timedelta | None = opt(
        None, Age(), "only feed entries newer than this: 24h, 2d, 1w", default_text="no limit"
    )
    max_per_feed: int = opt(0, Whole(), "newest entries taken from each feed (0: no limit)")
    languages: list[str] = opt(
        ["en"], Words(), "article languages to keep (ISO 639-1 codes); others are skipped"
    )
    translate: bool = opt(
        False, Switch(), "translate articles not in the briefing's language before grouping"
    )
    translation_models: dict[str, str] = opt(
        {},
        ModelMap(),
        "translation checkpoints by source language or pair (`fr`, `fr-en`, `*`)",
        default_text=f"`{TRANSLATION_MODEL}`",
    )
    offline: bool = opt(False, Switch(), "build web sources from the page cache; fetch nothing")
    allow_hosts: list[str] = opt(
        [],
        Hosts(),
        "hosts that links found in fetched pages and feeds may reach although their "
        "addresses are private (the URLs you name are always fetched)",
    )
    related: Related = opt(
        "group",
        Choice(RELATED),
        "other outlets' reports of one event: grouped, merged into one summary, or apart",
    )
    out: Path = opt(Path("out"), Folder(), "output folder", flag=("-o",))
    name: str = opt(
        "",
        Text(),
        "output file name without extension: {date:%Y-%m-%d} and {briefing}",
        default_text="`briefing-{date:%Y-%m-%d}`, or `{briefing}-{date:%Y-%m-%d}` when named",
    )
    formats: list[Format] = opt(
        ["html", "pdf"],
        Words(FORMATS, non_empty=True, item="format"),
        "output formats",
        flag=("--format", "-f"),
    )
    title: str = opt("Daily Briefing", Line(), "briefing title")
    locale: str = opt(
        "en", LocaleTag(), "the reader's language (BCP 47: en, fr, de, es, pt-BR): headings, dates"
    )
    date: date = field(
        default_factory=date.today,
        metadata={"option": Option(Day(), "edition date", default_text="today", config=False)},
    )
    templates: Path | None = opt(
        None, Folder(), "folder of templates that replace the defaults of the same name"
    )
    css: Path | None = opt(None, Folder(), "extra CSS file, added after the default styles")
    template_timeout: float = opt(
        60.0, Seconds(), "seconds one template may take to render (0: no limit)"
    )
    sort: Sort = opt(
        "rank",
        Choice(SORTS),
        "story order: by importance (rank: outlets carrying it, recency, length, quotes, "
        "source weights), as read (input), newest first, by source or by title",
    )
    top_stories: int = opt(3, Whole(), "stories in the Top stories block when ranked (0: none)")
    max_stories: int = opt(30, Whole(), "stories in full; the rest are More headlines (0: all)")
    max_headlines: int = opt(
        200,
        Whole(),
        "More headlines listed; the rest are counted in one line (0: all; the JSON lists all)",
    )
    max_related: int = opt(
        3,
        Whole(),
        "other outlets' related reports shown in full under each story; the rest are counted "
        "in one line (0: all; the JSON lists all)",
    )
    source_weights: dict[str, float] = opt(
        {}, Weights(), "each source's weight in the ranking, by name", default_text="1 each"
    )
    since_last: bool | None = opt(
        None,
        AutoSwitch(),
        "leave out stories earlier editions carried (changed ones come back as updates); "
        "--all shows everything",
        flag=("--since-last/--all",),
        default_text="on for named briefings",
    )
    skip_empty: bool = opt(
        False,
        Switch(),
        "when no story is new or updated since the last edition, write and send nothing "
        "(exit 0; the summary line says so)",
    )
    paper: Paper = opt("A4", Choice(PAPERS), "PDF paper size")
    quotes: int = opt(3, Whole(), "key quotes per story")
    faithfulness: Mode = opt(
        "warn",
        Choice(FAITHFULNESS_MODES),
        "summary sentences the article does not support: mark them (warn), drop or replace "
        "them (fix), or do not check (off)",
    )
    faithfulness_model: str = opt(
        "",
        Text(),
        "an NLI cross-encoder (hub id or folder) that also checks every summary sentence "
        "against the article; sentences it does not find entailed count as unsupported",
        default_text="none",
    )
    executor: Executor = opt(
        "local",
        Choice(EXECUTORS),
        "where summaries are made: in this process (local) or on a Ray cluster "
        "(ray; it needs the package's ray extra)",
    )
    ray_address: str = opt(
        "",
        Text(),
        "the Ray cluster --executor ray joins: auto, HOST:6379 or ray://HOST:10001 "
        "(empty: a local one on 127.0.0.1 for the run)",
        default_text="a local cluster for the run",
    )
    cache_dir: Path | None = opt(
        None,
        Folder(),
        "summaries cache, page cache and lock files",
        default_text="the user cache folder (~/.cache/briefgen)",
    )
    keep: int = opt(0, Whole(), "editions of this briefing kept in the output folder (0: all)")
    wait: float = opt(0.0, Seconds(), "seconds to wait while the same briefing is being built")
    email_to: list[str] = opt(
        [],
        Addresses(),
        "e-mail the edition to these addresses instead of the config's email.to "
        "(repeat the flag or separate with commas)",
        config=False,
    )

    # not settings: who the run is for and how it is carried out
    briefing: str = "default"
    wave: int = 32  # articles summarised per wave; each wave is cached when it ends
    config_file: Path | None = None
    provenance: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    checked: bool = field(default=False, repr=False, compare=False)  # by the schema, once
    email: EmailSettings | None = field(default=None, repr=False, compare=False)  # [email]

    def where(self, key: str) -> str:
        """Where a value came from: "default", "FILE:LINE", "env NAME" or "flag --name"."""
        return self.provenance.get(key, "default")


def validated(options: BuildOptions) -> BuildOptions:
    """``options`` with every setting run through its validator, once: options that
    :func:`briefgen.settings.config.load_settings` read (it validates as it reads) or that
    went through here already are returned as they are. A bad value raises
    :class:`BriefgenError` naming the setting."""
    from dataclasses import replace

    from briefgen.core.errors import BriefgenError

    if options.checked:
        return options
    values: dict[str, Any] = {}
    for key, option in schema().items():
        try:
            values[key] = option.type.validate(getattr(options, key), Context())
        except Invalid as exc:
            raise BriefgenError(f"{key} {exc}") from None
    return cross_checked(replace(options, **values, checked=True))


def _since_last(options: BuildOptions) -> BuildOptions:
    """``since_last`` unset: on for a named briefing, off for an ad-hoc build."""
    if options.since_last is not None:
        return options
    return replace(options, since_last=options.briefing != "default")


CROSS_RULES: tuple[Callable[[BuildOptions], BuildOptions], ...] = (_since_last,)
"""Rules between settings, once every setting is valid on its own (as mkdocs'
``post_validation``): each takes the options and returns them, completed or corrected, or
raises :class:`BriefgenError`. Nothing below the schema decides a setting from another; a
value the user left unset stays unset in what ``config show`` prints."""


def cross_checked(options: BuildOptions) -> BuildOptions:
    """``options`` after every rule of :data:`CROSS_RULES`."""
    for rule in CROSS_RULES:
        options = rule(options)
    return options


def show_value(value: Any) -> str:
    """A setting's value as it would be written in the config file (TOML)."""
    import json

    from briefgen.document import SourceSpec

    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, timedelta):
        return json.dumps(show_age(value))
    if isinstance(value, SourceSpec):
        parts = {"source": value.location, "name": value.name, "section": value.section}
        inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in parts.items() if v)
        return "{ " + inner + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(str(k))} = {show_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def schema() -> dict[str, Option]:
    """Every setting, by key, in declaration order."""
    return dict(_schema())


@functools.cache
def _schema() -> dict[str, Option]:  # made once: the CLI asks for it for every flag
    return {f.name: f.metadata["option"] for f in fields(BuildOptions) if "option" in f.metadata}


def config_keys() -> dict[str, Option]:
    """The settings a config file or an environment variable may set."""
    return {k: o for k, o in schema().items() if o.config}


def default_of(key: str) -> Any:
    found: Field[Any] = next(f for f in fields(BuildOptions) if f.name == key)
    if found.default_factory is not MISSING:
        return found.default_factory()
    return found.default


def env_name(key: str) -> str:
    return f"BRIEFGEN_{key.upper()}"


def flag_name(key: str) -> str:
    """The long flag that sets ``key``: ``--<key with dashes>`` unless the schema names one."""
    named = [f for f in schema()[key].flag if f.startswith("--")]
    return named[0].split("/")[0] if named else "--" + key.replace("_", "-")


def flag_names(key: str) -> tuple[str, ...]:
    """Every flag that sets ``key``, the long one first (``--on/--off`` for a pair)."""
    named = schema()[key].flag
    long = next((f for f in named if f.startswith("--")), flag_name(key))
    return (long, *(f for f in named if f != long))


def describe_default(key: str) -> str:
    """A setting's default for the README (as TOML, in backticks) or the words for it."""
    option = schema()[key]
    if option.default_text:
        return option.default_text
    value = default_of(key)
    return f"`{show_value(value)}`" if value not in (None, "", []) else "none"


def flag_help(key: str) -> str:
    """The ``--help`` text of a setting's flag: its help, choices and default."""
    option = schema()[key]
    text = option.help[0].upper() + option.help[1:]
    value = default_of(key)
    if isinstance(value, bool):
        return text + "."
    if option.default_text or value in (None, "", []):
        default = describe_default(key).replace("`", "")
    else:
        default = ",".join(value) if isinstance(value, list) else str(value)
    choices = getattr(option.type, "choices", ())
    if choices and not any(c in option.help for c in choices):
        text += ": " + ", ".join(choices)
    return f"{text} (default: {default})."


def key_table() -> str:
    """The README's table of config keys, made from the schema."""
    rows = ["| key | value | default | meaning |", "| --- | --- | --- | --- |"]
    for key, option in config_keys().items():
        rows.append(
            f"| `{key}` | {option.type.expected} | {describe_default(key)} | {option.help} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(key_table())


def engine_keys() -> tuple[str, ...]:
    """The keys of :class:`EngineOptions`: the settings every summarising command takes."""
    return tuple(f.name for f in fields(EngineOptions))


def engine_options(options: EngineOptions) -> EngineOptions:
    """Just the engine settings of ``options`` (small and picklable)."""
    return EngineOptions(**{key: getattr(options, key) for key in engine_keys()})
