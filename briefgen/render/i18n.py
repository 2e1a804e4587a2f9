"""The reader's language: message catalogs for the page chrome, dates and numbers by Babel.

A briefing's ``locale`` (a BCP 47 tag such as ``fr`` or ``pt-BR``, validated by the settings)
picks the catalog ``briefgen/locales/<language>/LC_MESSAGES/briefgen.mo`` (``fr_CA`` first,
then ``fr``) that the templates' ``{% trans %}`` and ``_()`` and the strings the context makes
are translated with, and the CLDR data Babel formats dates and numbers with. A locale
without a catalog gets the English chrome and its own dates (:func:`catalog_note` says so).

English keeps briefgen's day-month-year style (``Wednesday 25 November 2026``), the CLDR
formats of British English; ``en-US`` and every other locale get their own.
"""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
"""Where the catalogs live (inside the package, so a wheel ships them)."""
DOMAIN = "briefgen"
DEFAULT_LOCALE = "en"
DEFAULT_TITLE = "Daily Briefing"  # the ``title`` setting's default, translated when left as is


def babel_name(tag: str) -> str:
    """A BCP 47 tag as Babel and gettext name it: ``pt-BR`` → ``pt_BR``; ``en`` dates as
    ``en_GB`` (briefgen's house style)."""
    name = tag.replace("-", "_")
    return "en_GB" if name == "en" else name


@functools.cache
def translations(tag: str) -> gettext.NullTranslations:
    """The translations for ``tag``: its own catalog, its language's, or none (English)."""
    from babel import Locale
    from babel.support import Translations

    locale = Locale.parse(tag, sep="-")
    names = [str(locale), locale.language]
    return Translations.load(str(LOCALES_DIR), names, DOMAIN)


@functools.cache
def _cldr(tag: str) -> Locale:
    from babel import Locale

    return Locale.parse(babel_name(tag))


def catalog_languages() -> list[str]:
    """The locales a catalog exists for (``en``, ``de``, ``es``, ``fr``...)."""
    if not LOCALES_DIR.is_dir():
        return []
    return sorted(
        p.parent.parent.name.replace("_", "-")
        for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )


def has_catalog(tag: str) -> bool:
    """Whether a catalog serves ``tag`` (its own, or its language's)."""
    language = tag.split("-")[0].lower()
    return any(k == tag or k.split("-")[0] == language for k in catalog_languages())


def catalog_note(tag: str) -> str:
    """``""`` when a catalog serves ``tag``; otherwise the notice that the chrome stays
    English (dates and numbers still follow ``tag``)."""
    if has_catalog(tag):
        return ""
    known = catalog_languages()
    return (
        f"no catalog for locale {tag!r}: the briefing's headings and labels are in English, "
        f"its dates in {tag!r} (catalogs: {', '.join(known)}; the manual's Templates page "
        "says how to add one)"
    )


def text_direction(tag: str) -> str:
    """The direction of the page's own text: ``rtl`` for a right-to-left locale (``ar``,
    ``he``, ``fa``) that a catalog serves; ``ltr`` otherwise, English chrome included."""
    from babel import Locale

    order = Locale.parse(babel_name(tag)).character_order
    return "rtl" if order == "right-to-left" and has_catalog(tag) else "ltr"


@dataclass(frozen=True)
class Reader:
    """The reader's language as the context uses it: translations and formats for ``tag``."""

    tag: str = DEFAULT_LOCALE
    catalog: gettext.NullTranslations = field(init=False, repr=False, compare=False)
    cldr: Locale = field(init=False, repr=False, compare=False)  # Babel's, for the formats

    def __post_init__(self) -> None:
        object.__setattr__(self, "catalog", translations(self.tag))
        object.__setattr__(self, "cldr", _cldr(self.tag))

    def gettext(self, message: str, **values: object) -> str:
        """``message`` translated, then ``%(name)s`` filled from ``values``."""
        text = self.catalog.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form for ``n`` translated; ``%(num)s`` is ``n`` as the locale writes it."""
        text = self.catalog.ngettext(singular, plural, n)
        return text % {"num": self.number(n), **values}

    def title(self, title: str) -> str:
        """``title``; the default one (``Daily Briefing``) in the reader's language."""
        return self.gettext("Daily Briefing") if title == DEFAULT_TITLE else title

    def number(self, value: float, pattern: str | None = None) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(value, pattern, locale=self.cldr))

    def long_date(self, day: date) -> str:
        """``Wednesday 25 November 2026``; ``mercredi 25 novembre 2026`` in French."""
        from babel.dates import format_date

        pattern = "EEEE d MMMM y" if self.tag == DEFAULT_LOCALE else "full"
        return self._first(day, str(format_date(day, pattern, locale=self.cldr)))

    def short_date(self, day: date) -> str:
        """``25 Nov 2026``; ``25 nov. 2026`` in French; ``25.11.2026`` in German."""
        from babel.dates import format_date

        return self._first(day, str(format_date(day, "medium", locale=self.cldr)))

    def _first(self, day: date, text: str) -> str:
        """French writes the first of the month as an ordinal: ``1er janvier``."""
        if day.day == 1 and self.tag.split("-")[0] == "fr":
            return re.sub(r"(?<!\d)1(?=[\s\u00a0\u202f])", "1er", text, count=1)
        return text

    def time(self, moment: datetime) -> str:
        """``09:14``; ``9:14 AM`` in American English."""
        from babel.dates import format_time

        return str(format_time(moment, "short", locale=self.cldr))

    def short_datetime(self, moment: date | datetime) -> str:
        """``25 Nov 2026`` or ``25 Nov 2026, 09:14`` when a time of day is known."""
        day = moment.date() if isinstance(moment, datetime) else moment
        text = self.short_date(day)
        if isinstance(moment, datetime) and (moment.hour, moment.minute) != (0, 0):
            text = self.gettext("%(date)s, %(time)s", date=text, time=self.time(moment))
        return text

    def seconds(self, value: float) -> str:
        """``1.5 s``, ``42 s``, ``3 min 05 s`` (``1,5 s`` in French)."""
        if value < 10:
            return self.gettext("%(seconds)s s", seconds=self.number(value, "0.0"))
        if value < 120:
            return self.gettext("%(seconds)s s", seconds=self.number(round(value), "0"))
        minutes, rest = divmod(round(value), 60)
        seconds = str(rest).zfill(2)
        return self.gettext("%(minutes)s min %(seconds)s s", minutes=minutes, seconds=seconds)


def reader_for(tag: str) -> Reader:
    """The :class:`Reader` for ``tag``; English for a tag Babel cannot read (an edition
    document edited by hand), so rendering never fails on it."""
    from babel import UnknownLocaleError

    try:
        return Reader(tag)
    except (UnknownLocaleError, ValueError, TypeError):
        return Reader(DEFAULT_LOCALE)
