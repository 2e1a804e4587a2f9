"""Graded evidence per summary sentence, for the learned guard (:mod:`.learned`).

The rules (:mod:`.check`) answer yes or no per sentence; here every check becomes a number:
how many figures, names, dates and quotations the article lacks, how many figures, names and
dates sit away from the words beside them, and how far the sentence strays from the article's
wording (content words the article lacks, word pairs and triples it never has, how spread out
over the article its words are). A summary's features are the largest value over its
sentences (a sentence that is the article's own words has none: it needs no check).

Pure Python and cheap: the rules' own findings (:func:`.check.findings`, run once per sentence
for both) and one pass over each sentence, on the :class:`ArticleIndex` the rules build anyway
(the article's word pairs and triples are read once per article).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from briefgen.faithfulness.check import Sentence, findings, fold_space, verbatim
from briefgen.faithfulness.index import ArticleIndex
from briefgen.faithfulness.normalise import prepare
from briefgen.faithfulness.relations import Positions, best_window

FEATURES: tuple[str, ...] = (
    "quote",
    "date",
    "number",
    "name",
    "number_binding",
    "name_binding",
    "date_binding",
    "garbled",
    "negation",
    "pairs",
    "scatter",
    "novel_share",
    "novel_count",
    "bigram_novel",
    "trigram_novel",
)
"""What is measured on each sentence (a summary takes the largest value over its sentences)."""
GROUPS: dict[str, tuple[str, ...]] = {
    "quote": ("quote",),
    "date": ("date",),
    "number": ("number",),
    "name": ("name",),
    "binding": ("number_binding", "name_binding", "date_binding"),
    "garbled": ("garbled",),
    "negation": ("negation",),
    "pairs": ("pairs",),
    "scatter": ("scatter",),
    "novel": ("novel_share", "novel_count"),
    "ngrams": ("bigram_novel", "trigram_novel"),
}
"""Features by the check they grade (what the ablation removes together)."""
_COUNTED = {
    "quote": "quote",
    "date": "date",
    "number": "number",
    "name": "name",
    "number_binding": "number-binding",
    "name_binding": "name-binding",
    "date_binding": "date-binding",
    "garbled": "garbled",
    "negation": "negation",
}
"""Features that count the problems a rule's check finds (its name in :data:`.check.CHECKS`)."""


@dataclass(frozen=True)
class SummaryFeatures:
    """A summary's sentences, each sentence's features (empty for the article's own words,
    which need no check), and the summary's features (:data:`FEATURES`)."""

    sentences: list[str]
    per_sentence: list[dict[str, float] | None]
    summary: dict[str, float]


def _ngrams(stems: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(stems[i : i + n]) for i in range(len(stems) - n + 1)}


class ArticleGrams:
    """The article's stemmed word pairs and triples (in reading order)."""

    def __init__(self, positions: Positions) -> None:
        stems = [t.stem for t in positions.tokens]
        self.bigrams = _ngrams(stems, 2)
        self.trigrams = _ngrams(stems, 3)
        self.length = len(stems)


def _share_new(stems: Sequence[str], n: int, known: set[tuple[str, ...]]) -> float:
    grams = [tuple(stems[i : i + n]) for i in range(len(stems) - n + 1)]
    return sum(g not in known for g in grams) / len(grams) if grams else 0.0


def sentence_features(
    index: ArticleIndex, grams: ArticleGrams, sentence: str, found: dict[str, list[str]]
) -> dict[str, float]:
    """The graded evidence (:data:`FEATURES`) against one summary sentence, given what the
    rules' checks found in it (:func:`.check.findings`)."""
    out = {feature: float(len(found[check])) for feature, check in _COUNTED.items()}
    read = Sentence(index, "", prepare(sentence))
    toks = read.full_tokens
    article = index.positions
    content = [t.stem for t in toks if t.content]
    novel = [w for w in dict.fromkeys(content) if w not in article.where]
    known = list(dict.fromkeys(w for w in content if w in article.where))
    unmet = 0
    for a, b in pairwise(content):
        if a != b and a in article.where and b in article.where:
            unmet += not article.in_sentences(b, article.where[a], 0)
    held = best_window(article, known, 40)[1] if len(known) >= 3 else len(known)
    stems = [t.stem for t in toks]
    out.update(
        pairs=float(unmet),
        scatter=1 - held / len(known) if known else 0.0,
        novel_share=len(novel) / len(set(content)) if content else 0.0,
        novel_count=float(len(novel)),
        bigram_novel=_share_new(stems, 2, grams.bigrams),
        trigram_novel=_share_new(stems, 3, grams.trigrams),
    )
    return out


def summary_features(
    index: ArticleIndex,
    sentences: Sequence[str],
    grams: ArticleGrams | None = None,
    found: Sequence[dict[str, list[str]] | None] | None = None,
) -> SummaryFeatures:
    """Every sentence's features (``None`` for a sentence that is the article's own words) and
    the summary's: the largest of each over its sentences. ``found`` is what the checks found
    in each sentence (``None`` for the article's own words), when the caller has it."""
    grams = grams or ArticleGrams(index.positions)
    if found is None:
        article = fold_space(index.raw)
        found = [
            None if verbatim(article, fold_space(s)) else findings(index, s) for s in sentences
        ]
    per = [
        None if f is None else sentence_features(index, grams, s, f)
        for s, f in zip(sentences, found, strict=True)
    ]
    checked = [p for p in per if p is not None]
    summary = {f: max((p[f] for p in checked), default=0.0) for f in FEATURES}
    return SummaryFeatures(list(sentences), per, summary)
