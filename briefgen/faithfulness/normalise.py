"""How the guard puts a text in one form before comparing: quotes, aliases, stems, bare words."""

from __future__ import annotations

import re

from briefgen.core.lexicon import ALIASES

_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})
_ALIAS_RES = [
    (re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(v) for v in variants) + r")(?![\w])"), name)
    for name, variants in ALIASES
]
_ACRONYM = re.compile(r"\b((?:[A-Z]\.){2,})")
_BARE = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")


def prepare(text: str) -> str:
    """Quotes folded to straight ones, aliases to one spelling, acronyms without dots."""
    text = text.translate(_QUOTE_FOLD)
    for pattern, name in _ALIAS_RES:
        text = pattern.sub(name, text)
    return _ACRONYM.sub(lambda m: m.group(1).replace(".", ""), text)


def stem(word: str) -> str:
    """A light stemmer, the same on both sides: case, possessive and common endings off."""
    w = word.lower().strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    return w


def bare(text: str) -> str:
    """Lower case, every run of non-alphanumerics one space: for word-for-word matching.

    Padded with a space each side, so that ``bare(part) in bare(whole)`` matches whole words.
    """
    return " " + _BARE.sub(" ", _POSSESSIVE.sub("", text.lower())).strip() + " "
