"""Languages' names for readers: ``fr`` is French."""

from __future__ import annotations


def language_name(code: str, in_language: str = "en") -> str:
    """The name of the language ``code`` (``fr``, ``pt-BR``) in ``in_language`` (Babel's
    CLDR data), or the code itself when Babel does not know it or is not installed."""
    base = code.strip().replace("_", "-").partition("-")[0].lower()
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:
        return base or "unknown"
    try:
        name = Locale.parse(in_language.replace("-", "_")).languages.get(base)
    except (UnknownLocaleError, ValueError):
        name = None
    return str(name) if name else base or "unknown"


def foreign_language_name(code: str, reader: str) -> str:
    """The name of the language ``code`` in the ``reader``'s where the two differ (``French``
    for an English reader); ``""`` when they are the same language or ``code`` is empty."""
    base = code.strip().replace("_", "-").partition("-")[0].lower()
    own = reader.strip().replace("_", "-").partition("-")[0].lower()
    return language_name(base, reader) if base and base != own else ""
