"""Sentence splitting for news text in any script.

A rule set, not a model: a sentence ends at ``.``, ``!`` or ``?`` (with any closing quote
marks or brackets after it) followed by white space and a capital letter, a digit, an
opening quote mark or a letter of a script without case (Arabic, Hebrew, Devanagari ...),
unless the word before the full stop is a known abbreviation or a single initial ("J. K.
Rowling"), or the marks close a quoted question or exclamation that a named speaker's
attribution follows ('"Why now?" Voss asked.'). The full stops of Chinese and Japanese
(``。！？``), written with no space after them, end a sentence wherever they stand; so do
the Arabic question mark ``؟``, the Urdu full stop ``۔`` and the Devanagari danda ``।``
before white space. A blank line always ends a sentence. Decimals ("3.5%") and inner full
stops ("U.S.") never split because no white space follows them.

Given a ``language`` that :data:`PYSBD_LANGUAGES` lists (German, French, Spanish,
Italian, Dutch, Russian ...), :func:`split_sentences` uses pysbd's rules for that language
instead, which know its abbreviations and ordinals ("z. B.", "am 3. März", "M. Dupont").
English keeps the rules above (measured in ``benchmarks/languages.py``: pysbd is about a
hundred times slower on English news and no better on the sentence tests), and so do
Chinese and Japanese (pysbd cuts a closing quote mark off the sentence it closes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# ABBREVIATIONS is re-exported: briefgen.quotes imports it from here.
from briefgen.core.lexicon import ABBREVIATIONS as ABBREVIATIONS
from briefgen.core.lexicon import SPLITTER_SPEECH_VERBS

_CLOSERS = "\"'”’)]»」』）"
_OPENERS = "\"'“‘([«„「『（"
_WIDE_STOPS = "。！？．｡"
"""Full stops written without a space after them (Chinese, Japanese)."""
_END = re.compile(r"[.!?…。！？．｡؟۔।]+[" + re.escape(_CLOSERS) + r"]*")

PYSBD_LANGUAGES = frozenset("de fr es it nl da pl ru bg el sk kk hy fa ur hi mr am my".split())
"""Languages whose sentences pysbd splits (its own rules and abbreviation lists)."""

PYSBD_MAX_CHARS = 10_000
"""A paragraph longer than this is split by the rules: pysbd's time grows faster than the
text (0.04 s for 4,000 characters in one paragraph, 0.8 s for 43,000, 11 s for 172,000)."""
_PARA = re.compile(r"\n[ \t]*\n")
_SPEECH = "|".join(SPLITTER_SPEECH_VERBS)
# After a quotation that ends in ? or !, a named speaker and a speech verb continue the
# sentence: '“Who decided?” Farraday asked.' (a pronoun is lower case and never splits).
_ATTRIBUTION = re.compile(
    r"(?!(?:The|Then|But|And|So|It|This|That|A|An|In|On|At|When|If|As|We|I)\b)"
    r"(?:[A-Z][\w’'.-]*\s+){1,4}(?:" + _SPEECH + r")\b"
)


@dataclass(frozen=True)
class Span:
    """A sentence: its text and its character offsets in the source text."""

    text: str
    start: int
    end: int


def _word_before(text: str, pos: int) -> str:
    """The word that ends at ``pos`` (exclusive), with its inner dots kept."""
    i = pos
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in ".&'’"):
        i -= 1
    return text[i:pos].strip(".'’")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    end = match.end()
    if any(mark in _WIDE_STOPS for mark in match.group(0)):
        return True
    if end >= len(text) or not text[end].isspace():
        return False
    nxt = end
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    if nxt >= len(text):
        return True
    following = text[nxt]
    caseless = following.isalpha() and not (following.isupper() or following.islower())
    if not (following.isupper() or following.isdigit() or following in _OPENERS or caseless):
        return False
    marks = match.group(0)
    closes_question = marks[-1] in '"”’»' and marks.rstrip(_CLOSERS)[-1] in "?!"
    if closes_question and _ATTRIBUTION.match(text, nxt):
        return False
    if marks.startswith(".") and len(marks.rstrip(_CLOSERS)) == 1:
        word = _word_before(text, match.start())
        if word.lower() in ABBREVIATIONS:
            return False
        if len(word) == 1 and word.isupper():  # an initial: "J. K. Rowling"
            return False
    return True


def _paragraph_sentences(text: str, offset: int) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match):
            _append(spans, text, start, match.end(), offset)
            start = match.end()
    _append(spans, text, start, len(text), offset)
    return spans


def _append(spans: list[Span], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = start + lead
    spans.append(Span(stripped, offset + s, offset + s + len(stripped)))


@lru_cache(maxsize=8)
def _segmenter(language: str) -> Any:
    import pysbd  # imported when a language needs it: it takes a moment to load

    return pysbd.Segmenter(language=language, clean=False)


def _pysbd_sentences(text: str, offset: int, language: str) -> list[Span]:
    """pysbd's sentences of one paragraph, located in it; the rules' when pysbd's pieces
    cannot all be found in order (it never should rewrite them with ``clean=False``)."""
    spans: list[Span] = []
    cursor = 0
    for piece in _segmenter(language).segment(text):
        stripped = str(piece).strip()
        if not stripped:
            continue
        at = text.find(stripped, cursor)
        if at < 0:
            return _paragraph_sentences(text, offset)
        spans.append(Span(stripped, offset + at, offset + at + len(stripped)))
        cursor = at + len(stripped)
    return spans


def split_sentences(text: str, language: str = "") -> list[Span]:
    """Split ``text`` into sentences, keeping their character offsets. ``language`` (an
    ISO 639-1 code, ``""`` when unknown) picks pysbd's rules where
    :data:`PYSBD_LANGUAGES` lists it."""
    code = language.lower().split("-")[0]

    def split(part: str, offset: int) -> list[Span]:
        if code in PYSBD_LANGUAGES and len(part) <= PYSBD_MAX_CHARS:
            return _pysbd_sentences(part, offset, code)
        return _paragraph_sentences(part, offset)

    spans: list[Span] = []
    pos = 0
    for para in _PARA.finditer(text):
        spans.extend(split(text[pos : para.start()], pos))
        pos = para.end()
    spans.extend(split(text[pos:], pos))
    return spans


def paragraphs(text: str) -> list[Span]:
    """Split ``text`` on blank lines, keeping offsets."""
    spans: list[Span] = []
    pos = 0
    for para in _PARA.finditer(text):
        _append(spans, text, pos, para.start(), 0)
        pos = para.end()
    _append(spans, text, pos, len(text), 0)
    return spans
