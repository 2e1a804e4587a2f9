"""A summary's lede and body as the page shows them: the first sentence as a teaser (cut
at a clause boundary, never mid-phrase), the rest without it, and text cut to a length."""

from __future__ import annotations

import re

from briefgen.core.sentences import Span, split_sentences

LEDE_LIMIT = 160
_SPACE = re.compile(r"\s+")


def truncate(text: str, limit: int, *, words: bool = True) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary, with an ellipsis."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if words and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


# Where a long sentence may end early, best first: after a semicolon or colon, before a
# dash or a bracket; at a comma before a conjunction; at any comma.
_CLAUSE_END = re.compile(r"[;:](?=\s)|\s(?=[—–-]\s)|\s(?=\()")
_COMMA_CLAUSE = re.compile(r",(?=\s(?:but|and|while|which|who|as|after|before|since|so)\s)")
_COMMA = re.compile(r",(?=\s)")
# Failing those, before a word that starts a clause.
_CLAUSE_WORD = re.compile(
    r"\s(?=(?:and|but|since|after|before|while|because|which|who|when|where|although|"
    r"though|until|unless|so|or)\s)"
)


def teaser(sentence: str, limit: int = LEDE_LIMIT) -> str:
    """``sentence`` when it is short enough (a third over ``limit`` still is); else cut at
    its last clause boundary within ``limit`` with an ellipsis, never mid-phrase (only a
    sentence with no such boundary at all is cut at a word)."""
    sentence = _SPACE.sub(" ", sentence).strip()
    if len(sentence) <= limit * 4 // 3:
        return sentence
    for boundary in (_CLAUSE_END, _COMMA_CLAUSE, _COMMA, _CLAUSE_WORD):
        ends = [m.start() for m in boundary.finditer(sentence[: limit - 1])]
        ends = [e for e in ends if e >= limit // 3]
        if ends:
            return sentence[: ends[-1]].rstrip(" ,;:") + "…"
    return truncate(sentence, limit)


def lede(summary: str, limit: int = LEDE_LIMIT, *, sentences: list[Span] | None = None) -> str:
    """The summary's first sentence as a teaser (see :func:`teaser`).

    ``sentences``: ``split_sentences(summary)`` when the caller already has it."""
    if sentences is None:
        sentences = split_sentences(summary)
    return teaser(sentences[0].text if sentences else summary, limit)


def body_text(
    summary: str, *, sentences: list[Span] | None = None, lede_text: str | None = None
) -> str:
    """The summary without its first sentence when At a glance shows that sentence whole
    (so the story does not start with it again); the whole summary otherwise.

    ``sentences`` and ``lede_text``: ``split_sentences(summary)`` and ``lede(summary)``
    when the caller already has them."""
    if sentences is None:
        sentences = split_sentences(summary)
    if len(sentences) < 2:
        return summary
    if lede_text is None:
        lede_text = lede(summary, sentences=sentences)
    if lede_text != _SPACE.sub(" ", sentences[0].text).strip():
        return summary
    return summary[sentences[1].start :]


def glance_lede(
    summary: str, *, sentences: list[Span] | None = None, lede_text: str | None = None
) -> str:
    """The teaser At a glance shows: none for a one-sentence summary (the story has it).

    ``sentences`` and ``lede_text``: as for :func:`body_text`."""
    if sentences is None:
        sentences = split_sentences(summary)
    if len(sentences) < 2:
        return ""
    return lede(summary, sentences=sentences) if lede_text is None else lede_text
