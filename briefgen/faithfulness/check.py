"""Checking summary sentences against an article, and the guard's modes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from briefgen.faithfulness.index import ArticleIndex
from briefgen.faithfulness.names import core, phrases
from briefgen.faithfulness.normalise import bare, prepare, stem
from briefgen.faithfulness.numbers import date_or_number, date_words, figure_supported, figures
from briefgen.lexicon import GUARD_STOPWORDS, GUARD_TITLES
from briefgen.sentences import split_sentences
from briefgen.textutil import TERM_STRAIGHT_APOSTROPHE, cosine

Mode = Literal["warn", "fix", "off"]
MODES: tuple[Mode, ...] = ("warn", "fix", "off")

REPLACE_SIMILARITY = 0.35
"""Least cosine similarity (content words) for an article sentence to stand in for a summary
sentence in ``fix`` mode; below it the sentence is dropped instead."""

_QUOTED = re.compile(r'"([^"]{1,400})"|(?:(?<=\s)|^)\'([^\']{2,200}?)\'(?=[\s.,;:!?]|$)')


@dataclass(frozen=True)
class SentenceCheck:
    """One summary sentence and what the article does not support in it."""

    sentence: str
    supported: bool
    problems: list[str] = field(default_factory=list)
    replacement: str | None = None  # fix mode: the article sentence put in its place


@dataclass(frozen=True)
class GuardResult:
    """The summary after the guard, with counts for the run metadata."""

    text: str
    checked: int
    flagged: int
    fixed: int
    sentences: list[SentenceCheck] = field(default_factory=list)
    fallback: bool = False  # fix mode: nothing survived, extractive sentences stand in


# --- checking one sentence -------------------------------------------------------------------


def _quote_problems(index: ArticleIndex, text: str) -> tuple[list[str], str]:
    """Problems with the quotations in ``text``, and ``text`` with them blanked out."""
    problems: list[str] = []
    masked = list(text)
    for m in _QUOTED.finditer(text):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if not index.quote_supported(quoted):
            problems.append(f"quote '{quoted.strip()}' not in the article")
        for k in range(m.start(), m.end()):
            masked[k] = " "
    return problems, "".join(masked)


def _date_problems(index: ArticleIndex, text: str) -> list[str]:
    return [
        f"date '{surface}' not in the article"
        for surface, canonical, _, _ in date_words(text)
        if canonical not in index.dates
    ]


def _number_problems(index: ArticleIndex, text: str) -> list[str]:
    return [
        f"{date_or_number(text, fig)} not in the article"
        for fig in figures(text)
        if not figure_supported(fig, index.values)
    ]


def _name_problems(index: ArticleIndex, text: str) -> list[str]:
    problems: list[str] = []
    for run in phrases(text, article=False, article_lower=index.lower_only):
        words = [t.text for t in run]
        if not core(words):
            continue
        if not index.name_supported(words):
            named = [t for t in run if t.text.lower() not in GUARD_TITLES] or run  # "Mayor" aside
            problems.append(f"name '{text[named[0].start : run[-1].end]}' not in the article")
    return problems


def check_sentence(index: ArticleIndex, sentence: str) -> list[str]:
    """What in ``sentence`` the article behind ``index`` does not support.

    Quotations first (then blanked out, so their words are not checked again as names or
    figures), then dates, figures and names; each problem once, in that order.
    """
    problems, rest = _quote_problems(index, prepare(sentence))
    problems += _date_problems(index, rest)
    problems += _number_problems(index, rest)
    problems += _name_problems(index, rest)
    return list(dict.fromkeys(problems))


# --- fix -------------------------------------------------------------------------------------


def _bag(text: str) -> Counter[str]:
    return Counter(
        stem(w) for w in TERM_STRAIGHT_APOSTROPHE.findall(text.lower()) if w not in GUARD_STOPWORDS
    )


def closest_source_sentence(
    index: ArticleIndex, sentence: str, exclude: Iterable[str] = ()
) -> tuple[str, float] | None:
    """The article sentence most like ``sentence`` (content words), and how alike.

    Only sentences the extractive engine could pick are candidates (datelines cut, no page
    furniture, 3 to ``MAX_WORDS`` words), and none of ``exclude``.
    """
    # imported here, not at the top: importing briefgen.summarise also loads the model
    # engine's module, which checking a summary does not need
    from briefgen.summarise.extractive import MAX_WORDS, is_furniture, strip_dateline

    skip = {bare(e) for e in exclude}
    bag = _bag(sentence)
    best: tuple[str, float] | None = None
    for candidate in index.sentences:
        candidate = strip_dateline(candidate)
        words = len(candidate.split())
        if words < 3 or words > MAX_WORDS or is_furniture(candidate) or bare(candidate) in skip:
            continue
        sim = cosine(bag, _bag(candidate))
        if best is None or sim > best[1]:
            best = (candidate, sim)
    return best


def guard(article_text: str, summary_text: str, mode: Mode = "fix") -> GuardResult:
    """Check ``summary_text`` against ``article_text`` and apply ``mode``.

    ``warn`` returns the text unchanged with the unsupported sentences marked; ``fix``
    replaces each with the closest article sentence (when at least
    :data:`REPLACE_SIMILARITY` alike and not already in the summary) or drops it; ``off``
    checks nothing.
    """
    if mode not in MODES:
        raise ValueError(f"unknown faithfulness mode {mode!r}; choose from {', '.join(MODES)}")
    if mode == "off" or not summary_text.strip():
        return GuardResult(summary_text, 0, 0, 0, [])
    index = ArticleIndex(article_text)
    sentences = [s.text for s in split_sentences(summary_text)]
    checks: list[SentenceCheck] = []
    kept: list[str] = []
    for sentence in sentences:
        problems = check_sentence(index, sentence)
        replacement = None
        if problems and mode == "fix":
            closest = closest_source_sentence(index, sentence, exclude=[*kept, *sentences])
            if closest and closest[1] >= REPLACE_SIMILARITY:
                replacement = closest[0]
        checks.append(SentenceCheck(sentence, not problems, problems, replacement))
        if not problems:
            kept.append(sentence)
        elif replacement is not None:
            kept.append(replacement)
    flagged = sum(not c.supported for c in checks)
    if mode == "warn":
        return GuardResult(summary_text, len(checks), flagged, 0, checks)
    fallback = False
    if not kept:
        from briefgen.summarise.extractive import extract_summary  # see closest_source_sentence

        kept = [extract_summary(article_text, max(1, min(len(sentences), 3)))]
        fallback = True
    text = summary_text if flagged == 0 else " ".join(k for k in kept if k)
    return GuardResult(text, len(checks), flagged, flagged, checks, fallback)
