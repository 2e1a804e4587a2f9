"""Text helpers shared across briefgen: what counts as a word, blank-line paragraphs, and
cosine over sparse vectors.

Each word pattern below is used by the module named beside it. They differ on purpose: each
measure was tuned (thresholds, benchmarks) with its own tokenisation, and a different one
changes its scores. The comment on each says how it differs from the others; pick the one
whose shape fits a new use rather than writing an eighth.

Word lists (stop words, titles, speech verbs) live in :mod:`briefgen.core.lexicon`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

# --- word patterns ---------------------------------------------------------------------------

UNICODE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
"""Letters and digits of any script, apostrophe-joined pieces kept whole ("o'neill's"):
:mod:`briefgen.stories.dedupe` (shingles, TF-IDF of whole articles in any language)."""

UNICODE_LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
"""Letters of any script, no digits, at most one apostrophe ("l'état"):
:mod:`briefgen.ingest.language` (function-word shares; a number is no language's word)."""

ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
"""ASCII letters with inner straight apostrophes and hyphens, case kept ("Eccleston-Todd"):
the faithfulness guard's tokens, whose capitals make names (its text has curly quotes
folded to straight ones first)."""

TERM = re.compile(r"[a-z0-9][a-z0-9'’-]*")
"""A lower-case term, digits allowed, inner straight or curly apostrophes and hyphens:
:mod:`briefgen.summarise.extractive` (TF-IDF of sentences)."""

TERM_STRAIGHT_APOSTROPHE = re.compile(r"[a-z0-9][a-z0-9'-]*")
"""As :data:`TERM`, but a curly apostrophe ends the term ("don’t" is "don", "t"): the
guard's fix-mode likeness, whose threshold (``REPLACE_SIMILARITY``) was set with it."""

LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*\b")
"""A word written in lower case, standing alone (not the tail of "McDonald" nor the "s" of
"Voss's"): :mod:`briefgen.summarise.extractive` counts them to tell prose from headlines."""

PLAIN_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
"""Lower-case letters and digits, one apostrophe ending ("it's"), a hyphen splits:
:mod:`briefgen.summarise.cleanup` (how much of one summary sentence repeats another)."""


# --- paragraphs ------------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SPACE = re.compile(r"\s+")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, inner white space folded."""
    parts = (_SPACE.sub(" ", p).strip() for p in _PARAGRAPH_BREAK.split(text))
    return [p for p in parts if p]


# --- sparse vectors --------------------------------------------------------------------------


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors (term -> weight), summed over the shorter one.

    For unit-length vectors this is their cosine.
    """
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def norm(v: Mapping[str, float]) -> float:
    """The Euclidean length of a sparse vector."""
    return math.sqrt(sum(x * x for x in v.values()))


def cosine(
    a: Mapping[str, float],
    b: Mapping[str, float],
    a_norm: float | None = None,
    b_norm: float | None = None,
) -> float:
    """Cosine similarity of two sparse vectors; 0.0 when either is empty or all zero.

    Pass ``a_norm``/``b_norm`` when they are already known (a vector compared many times).
    """
    na = norm(a) if a_norm is None else a_norm
    nb = norm(b) if b_norm is None else b_norm
    return dot(a, b) / (na * nb) if na and nb else 0.0


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow (C0 controls but tab and line
    breaks, lone surrogates, U+FFFE, U+FFFF): what a feed or an XHTML page can hold."""
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    """``text`` as one line for a title or a mail header: line and paragraph separators
    (CR, LF, VT, FF, RS, NEL, U+2028, U+2029) are spaces, other controls and non-characters
    are dropped, white space is folded."""
    return " ".join(_CONTROLS.sub("", _BREAKS.sub(" ", text)).split())
