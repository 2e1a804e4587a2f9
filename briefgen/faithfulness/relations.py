"""Checks of how a sentence's facts fit together, not only whether each is in the article.

A summary can use only the article's names, figures and words and still say something the
article does not: a number moved to another noun ("400 died" where 400 are missing), a name
in the wrong role, a date on the wrong event, two sentences fused into one false one, a
negation dropped or added. Each check here compares *where* words occur: the article is read
as a list of stemmed word tokens, and facts that belong together in the summary must also
occur near each other in the article.

binding
    An anchor (a figure, a name, a weekday or month) and the content words next to it in the
    summary sentence (the noun a figure counts, the verb a name does): most of those that the
    article has at all must occur near some mention of the anchor in the article.
garbled
    Not a well-formed statement: a word repeated ("the whale whale"), a sentence ending on a
    function word ("who has lost the."), an article before a preposition ("The of the").
    A sentence that says nothing checkable cannot be supported.
negation
    A negated sentence ("not", "never", "no") whose closest stretch of the article is not
    negated, or the other way round (measured, and off by default: it costs more than it
    catches).

Weaker signs, which the guard counts only when two agree (``HINT_CHECKS`` in
:mod:`~briefgen.faithfulness.check`):

pairs
    Neighbouring content words of the sentence, both in the article, that no article
    sentence has together (two such pairs or more): facts fused from different places.
scattered
    The sentence's content words that the article has do not mostly (:data:`SCATTER_COVER`)
    fall in one stretch of the article (:data:`SCATTER_WINDOW` tokens).
novel
    Many of the sentence's content words are not in the article at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from briefgen.core.lexicon import (
    GUARD_DANGLING_END,
    GUARD_DETERMINERS,
    GUARD_FUNCTION_WORDS,
    GUARD_NEGATIONS,
    GUARD_PREPOSITIONS,
    NEWS_STOPWORDS,
)
from briefgen.faithfulness.normalise import stem

_NOT_CONTENT = NEWS_STOPWORDS | GUARD_FUNCTION_WORDS
_CLAUSE_MARKS = frozenset(',;:()"[]—–')
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’.,][A-Za-z0-9]+)*")  # a hyphen splits: "four-time"

BIND_WINDOW = 12
"""Tokens either side of an anchor's article mention within which its context must occur."""
BIND_CONTEXT = 3
"""Content words taken each side of an anchor in the summary sentence."""
BIND_SUPPORT = 0.5
"""Least share of an anchor's context (those the article has) found near a mention of it."""
SCATTER_WINDOW = 40
"""Length in tokens of the stretch of article that must hold most of a sentence's words."""
SCATTER_COVER = 0.6
"""Least share of a sentence's article words that one stretch must hold."""
SCATTER_MIN_WORDS = 5
"""Fewer article words than this and a sentence is not checked for scattering."""


@dataclass(frozen=True)
class Token:
    """A word or figure of a text: its stem, where it is, and whether it is a content word."""

    stem: str
    start: int
    end: int
    content: bool
    clause: bool = False  # a comma, colon, bracket or quote mark comes before it
    name: bool = False  # capitalised


def tokens(text: str) -> list[Token]:
    """The words and figures of ``text``, stemmed, with content words marked."""
    out = []
    prev = 0
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        s = stem(word.replace("’", "'"))
        content = len(s) > 2 and s not in _NOT_CONTENT and not word[0].isdigit()
        clause = any(c in _CLAUSE_MARKS for c in text[prev : m.start()])
        out.append(Token(s, m.start(), m.end(), content, clause, word[0].isupper()))
        prev = m.end()
    return out


class Positions:
    """An article's tokens, and where each stem occurs."""

    def __init__(self, text: str, sentence_starts: Sequence[int] = ()) -> None:
        self.tokens = tokens(text)
        self.starts = [t.start for t in self.tokens]
        bounds = sorted(sentence_starts)
        self.sentence = [bisect_right(bounds, t.start) for t in self.tokens]
        self.where: dict[str, list[int]] = {}
        for i, t in enumerate(self.tokens):
            self.where.setdefault(t.stem, []).append(i)

    def token_at(self, char: int) -> int:
        """The index of the token at or just after character ``char``."""
        return min(bisect_left(self.starts, char), max(0, len(self.tokens) - 1))

    def near(self, stem_: str, centres: Sequence[int], window: int) -> bool:
        """Whether ``stem_`` occurs within ``window`` tokens of one of ``centres``."""
        spots = self.where.get(stem_, ())
        return any(abs(p - c) <= window for p in spots for c in centres)

    def in_sentences(self, stem_: str, centres: Sequence[int], following: int) -> bool:
        """Whether ``stem_`` occurs in the sentence of one of ``centres`` or the ``following``
        sentences after it (where "he" and "the club" go on about a name)."""
        spots = {self.sentence[p] for p in self.where.get(stem_, ())}
        return any(
            self.sentence[c] <= s <= self.sentence[c] + following for c in centres for s in spots
        )


def context(
    sentence: Sequence[Token], first: int, last: int, before: int, after: int, clause: bool
) -> list[str]:
    """Up to ``before``/``after`` content stems each side of the tokens ``first..last`` of a
    sentence; with ``clause``, not across a comma, bracket, quote mark or name."""
    left: list[str] = []
    for i in range(first - 1, -1, -1):
        if len(left) >= before or (clause and (sentence[i + 1].clause or sentence[i].name)):
            break
        if sentence[i].content:
            left.insert(0, sentence[i].stem)
    right: list[str] = []
    for i in range(last + 1, len(sentence)):
        if len(right) >= after or (clause and (sentence[i].clause or sentence[i].name)):
            break
        if sentence[i].content:
            right.append(sentence[i].stem)
    return left + right


def unbound(
    article: Positions,
    centres: Sequence[int],
    near_words: Sequence[str],
    following: int | None = None,
    support: float = BIND_SUPPORT,
    window: int = BIND_WINDOW,
) -> list[str]:
    """Those of ``near_words`` not near ``centres`` (within :data:`BIND_WINDOW` tokens, or
    with ``following`` in the sentence or that many after it), when too few of those the
    article has are near them (under ``support``); else nothing."""
    known = [w for w in dict.fromkeys(near_words) if w in article.where]
    if not known or not centres:
        return []
    if following is None:
        missing = [w for w in known if not article.near(w, centres, window)]
    else:
        missing = [w for w in known if not article.in_sentences(w, centres, following)]
    return missing if 1 - len(missing) / len(known) < support else []


def best_window(article: Positions, words: Sequence[str], window: int) -> tuple[int, int]:
    """The start of the stretch of ``window`` tokens holding most of ``words``, and how many."""
    spots = sorted((p, w) for w in set(words) for p in article.where.get(w, ()))
    best = (0, 0)
    j = 0
    counts: dict[str, int] = {}
    for i, (p, _) in enumerate(spots):
        while j < len(spots) and spots[j][0] < p + window:
            counts[spots[j][1]] = counts.get(spots[j][1], 0) + 1
            j += 1
        if len(counts) > best[1]:
            best = (p, len(counts))
        w = spots[i][1]
        counts[w] -= 1
        if not counts[w]:
            del counts[w]
    return best


def scattered(article: Positions, sentence: Sequence[Token]) -> list[str]:
    """The sentence's article words when one stretch of the article holds too few of them."""
    words = list(dict.fromkeys(t.stem for t in sentence if t.content and t.stem in article.where))
    if len(words) < SCATTER_MIN_WORDS:
        return []
    start, held = best_window(article, words, SCATTER_WINDOW)
    if held / len(words) >= SCATTER_COVER:
        return []
    inside = {t.stem for t in article.tokens[start : start + SCATTER_WINDOW]}
    return [w for w in words if w not in inside]


def negated(stems: Sequence[str]) -> bool:
    return any(s in GUARD_NEGATIONS or s.endswith("n't") for s in stems)


def negation_flip(article: Positions, sentence: Sequence[Token]) -> bool:
    """Whether the sentence and the stretch of article that best holds its words disagree on
    negation. Only checked when that stretch holds most of the sentence's words."""
    words = list(dict.fromkeys(t.stem for t in sentence if t.content and t.stem in article.where))
    if len(words) < 3:
        return False
    start, held = best_window(article, words, SCATTER_WINDOW // 2)
    if held / len(words) < 0.75:
        return False
    stretch = [t.stem for t in article.tokens[max(0, start - 4) : start + SCATTER_WINDOW // 2]]
    return negated([t.stem for t in sentence]) != negated(stretch)


def garbled(text: str) -> str | None:
    """How ``text`` is not a well-formed sentence, or ``None`` when it looks like one.

    A single "a" after a capitalised word, or a capital "A" inside a sentence, is a letter
    of a name ("Serie A", lower-cased by some systems; "hepatitis A"), not an article.
    """
    raw = re.findall(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*", text)
    words = [w.lower() for w in raw]
    articles = [
        w in GUARD_DETERMINERS
        and not (w == "a" and i and (raw[i - 1][0].isupper() or raw[i] == "A"))
        for i, w in enumerate(words)
    ]
    for a, b in pairwise(words):
        if a == b and not a.isdigit() and a not in ("had", "that", "is"):
            return f"word '{a}' repeated"
    if words and words[-1] in GUARD_DANGLING_END and (articles[-1] or words[-1] != "a"):
        return f"ends on '{words[-1]}'"
    for i, (a, b) in enumerate(pairwise(words)):
        if articles[i] and b in GUARD_PREPOSITIONS:
            return f"'{a} {b}'"
    return None


def span_tokens(sentence: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """The first and last index of the sentence tokens inside characters ``start..end``."""
    inside = [i for i, t in enumerate(sentence) if t.start >= start and t.end <= end]
    return (inside[0], inside[-1]) if inside else None


def anchor_context(
    sentence: Sequence[Token],
    start: int,
    end: int,
    own: Sequence[str] = (),
    before: int = BIND_CONTEXT,
    after: int = BIND_CONTEXT,
    clause: bool = False,
) -> list[str]:
    """The content stems next to the anchor written at ``start..end``, its own words aside
    (see :func:`context`)."""
    span = span_tokens(sentence, start, end)
    if span is None:
        return []
    return [w for w in context(sentence, *span, before, after, clause) if w not in own]


PAIR_MISSING = 2
"""Pairs of neighbouring words never in one article sentence that make a sentence flagged."""
PAIR_SPAN = 1
"""How many content words ahead a word's neighbours are taken."""


def unmet_pairs(article: Positions, sentence: Sequence[Token]) -> list[tuple[str, str]]:
    """Neighbouring content words of one clause of the sentence, both in the article, that
    no article sentence has together, when there are :data:`PAIR_MISSING` or more."""
    words = [t for t in sentence if t.content]
    out: list[tuple[str, str]] = []
    for i, a in enumerate(words):
        if a.stem not in article.where:
            continue
        for b in words[i + 1 : i + 1 + PAIR_SPAN]:
            if b.stem == a.stem or b.stem not in article.where:
                continue
            if not article.in_sentences(b.stem, article.where[a.stem], 0):
                out.append((a.stem, b.stem))
    return out if len(out) >= PAIR_MISSING else []


NOVEL_SHARE = 0.3
"""Share of a sentence's content words missing from the article that is a sign of invention."""
NOVEL_MIN = 2


def novel_words(article: Positions, sentence: Sequence[Token]) -> list[str]:
    """The sentence's content words the article does not have, when they are many
    (:data:`NOVEL_MIN` and :data:`NOVEL_SHARE` of its content words)."""
    content = [t.stem for t in sentence if t.content]
    novel = [w for w in dict.fromkeys(content) if w not in article.where]
    if len(novel) < NOVEL_MIN or len(novel) < NOVEL_SHARE * len(content):
        return []
    return novel
