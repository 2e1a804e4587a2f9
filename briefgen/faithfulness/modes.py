"""The guard's modes: every summary sentence checked (rules, the learned check, an NLI model),
then marked (``warn``) or replaced or dropped (``fix``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.core.lexicon import GUARD_STOPWORDS
from briefgen.core.scripts import word_count
from briefgen.core.sentences import split_sentences
from briefgen.core.textutil import TERM_STRAIGHT_APOSTROPHE, cosine
from briefgen.faithfulness.check import (
    DEFAULT_CHECKS,
    MODES,
    Mode,
    check_sentence,
    findings,
    fold_space,
    problems_of,
    require_known,
    verbatim,
)
from briefgen.faithfulness.features import summary_features
from briefgen.faithfulness.index import ArticleIndex
from briefgen.faithfulness.learned import LearnedGuard, shipped
from briefgen.faithfulness.normalise import bare, stem

if TYPE_CHECKING:
    from briefgen.faithfulness.nli import NLIChecker

REPLACE_SIMILARITY = 0.35
"""Least cosine similarity (content words) for an article sentence to stand in for a summary
sentence in ``fix`` mode; below it the sentence is dropped instead."""


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
        words = word_count(candidate)
        if words < 3 or words > MAX_WORDS or is_furniture(candidate) or bare(candidate) in skip:
            continue
        sim = cosine(bag, _bag(candidate))
        if best is None or sim > best[1]:
            best = (candidate, sim)
    return best


def guard(
    article_text: str,
    summary_text: str,
    mode: Mode = "warn",
    checks: Collection[str] = DEFAULT_CHECKS,
    nli: NLIChecker | None = None,
    learned: LearnedGuard | bool = True,
) -> GuardResult:
    """Check ``summary_text`` against ``article_text`` and apply ``mode``.

    ``warn`` returns the text unchanged with the unsupported sentences marked; ``fix``
    replaces each with the closest article sentence (when at least
    :data:`REPLACE_SIMILARITY` alike and not already in the summary) or drops it; ``off``
    checks nothing. ``checks`` names the rules to run (:data:`CHECKS`); ``learned`` (the
    shipped model, :mod:`.learned`, by default; ``False`` for none) flags, within a summary
    it scores as unlike its article, the sentences the rules pass that score highest; with
    ``nli``, a sentence neither flags must also be entailed by the article (:mod:`.nli`). A
    sentence that is the article's own words (:func:`verbatim`, white space folded: what the
    extractive engine writes) is supported without a check.
    """
    if mode not in MODES:
        raise ValueError(f"unknown faithfulness mode {mode!r}; choose from {', '.join(MODES)}")
    if mode == "off" or not summary_text.strip():
        return GuardResult(summary_text, 0, 0, 0, [])
    sentences = [s.text for s in split_sentences(summary_text)]
    found, index = _check_all(article_text, sentences, checks, nli, learned)
    results: list[SentenceCheck] = []
    kept: list[str] = []
    for sentence, problems in zip(sentences, found, strict=True):
        replacement = None
        if problems and mode == "fix" and index is not None:
            closest = closest_source_sentence(index, sentence, exclude=[*kept, *sentences])
            if closest and closest[1] >= REPLACE_SIMILARITY:
                replacement = closest[0]
        results.append(SentenceCheck(sentence, not problems, problems, replacement))
        if not problems:
            kept.append(sentence)
        elif replacement is not None:
            kept.append(replacement)
    flagged = sum(not c.supported for c in results)
    if mode == "warn":
        return GuardResult(summary_text, len(results), flagged, 0, results)
    fallback = False
    if not kept:
        from briefgen.summarise.extractive import extract_summary  # see closest_source_sentence

        kept = [extract_summary(article_text, max(1, min(len(sentences), 3)))]
        fallback = True
    text = summary_text if flagged == 0 else " ".join(k for k in kept if k)
    return GuardResult(text, len(results), flagged, flagged, results, fallback)


def _check_all(
    article_text: str,
    sentences: list[str],
    checks: Collection[str],
    nli: NLIChecker | None,
    learned: LearnedGuard | bool,
) -> tuple[list[list[str]], ArticleIndex | None]:
    """Each sentence's problems (rules, then the learned model, then ``nli``), and the article
    index (``None`` when every sentence is the article's own words and none was needed)."""
    require_known(checks)
    article = fold_space(article_text)
    todo = [i for i, s in enumerate(sentences) if not verbatim(article, fold_space(s))]
    out: list[list[str]] = [[] for _ in sentences]
    if not todo:
        return out, None
    index = ArticleIndex(article_text)
    model = _model(learned)
    found: list[dict[str, list[str]] | None] = [None] * len(sentences)
    for i in todo:
        if model is None:
            out[i] = check_sentence(index, sentences[i], checks)
        else:
            found[i] = findings(index, sentences[i])
            out[i] = problems_of(found[i] or {}, checks)
    if model is not None:
        features = summary_features(index, sentences, found=found, wanted=model.weights)
        for i in model.flagged(features):
            out[i] = out[i] or [model.problem(features, i)]
    if nli is not None:
        premises = nli.windows(index.sentences)
        for i in todo:
            out[i] = out[i] or [p for p in [nli.problem(premises, sentences[i])] if p]
    return out, index


def _model(learned: LearnedGuard | bool) -> LearnedGuard | None:
    if learned is True:
        return shipped()
    return learned or None
