"""Graded evidence per summary sentence, for the learned guard (:mod:`.learned`).

The rules (:mod:`.check`) answer yes or no per sentence; here every check becomes a number:
how many figures, names, dates and quotations the article lacks, how many figures, names and
dates sit away from the words beside them, and how far the sentence strays from the article's
wording (content words the article lacks, word pairs and triples it never has, how spread out
over the article its words are). A summary's features are the largest value over its
sentences (a sentence that is the article's own words has none: it needs no check).

Candidates (:data:`CANDIDATES`) are measured too, and offered to the model only where they
pay under nested cross-validation (``benchmarks/train_guard.py``): how much of the sentence
the article sentence that best holds it lacks, and whether the sentence's names sit together
and in the same order in the article (roles swapped, a subject given another's verb).

Pure Python and cheap: the rules' own findings (:func:`.check.findings`, run once per sentence
for both) and one pass over each sentence, on the :class:`ArticleIndex` the rules build anyway
(the article's word pairs and triples are read once per article).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from briefgen.faithfulness.check import Sentence, findings, fold_space, verbatim
from briefgen.faithfulness.index import ArticleIndex
from briefgen.faithfulness.names import core, phrases
from briefgen.faithfulness.normalise import prepare
from briefgen.faithfulness.relations import Positions, Token, best_window, tokens

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
    "align_miss",
    "align_gap",
    "names_apart",
    "names_swapped",
    "subject_verb",
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
"""Features by the check they grade (what the ablation removes together): the model's."""
CANDIDATES: dict[str, tuple[str, ...]] = {
    "align": ("align_miss", "align_gap"),
    "roles": ("names_apart", "names_swapped", "subject_verb"),
}
"""Groups measured beside :data:`GROUPS` and left out of the model: under nested
cross-validation they did not pay (``benchmarks/train_guard.py`` prints each added alone)."""
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
        self.sentences: list[set[str]] = []
        for t, k in zip(positions.tokens, positions.sentence, strict=True):
            while len(self.sentences) <= k:
                self.sentences.append(set())
            if t.content:
                self.sentences[k].add(t.stem)


def _share_new(stems: Sequence[str], n: int, known: set[tuple[str, ...]]) -> float:
    grams = [tuple(stems[i : i + n]) for i in range(len(stems) - n + 1)]
    return sum(g not in known for g in grams) / len(grams) if grams else 0.0


def sentence_features(
    index: ArticleIndex,
    grams: ArticleGrams,
    sentence: str,
    found: dict[str, list[str]],
    candidates: bool = False,
) -> dict[str, float]:
    """The graded evidence (:data:`FEATURES`) against one summary sentence, given what the
    rules' checks found in it (:func:`.check.findings`); the :data:`CANDIDATES` only with
    ``candidates``."""
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
    if candidates:
        out.update(alignment(grams, article, toks))
        out.update(roles(index, read.full))
    out.update(
        pairs=float(unmet),
        scatter=1 - held / len(known) if known else 0.0,
        novel_share=len(novel) / len(set(content)) if content else 0.0,
        novel_count=float(len(novel)),
        bigram_novel=_share_new(stems, 2, grams.bigrams),
        trigram_novel=_share_new(stems, 3, grams.trigrams),
    )
    return out


def alignment(grams: ArticleGrams, article: Positions, toks: Sequence[Token]) -> dict[str, float]:
    """How much of the sentence the stretch of the article that best holds it (one sentence and
    the next) lacks: the share of its article words not there, and the longest run of them."""
    content = list(dict.fromkeys(t.stem for t in toks if t.content))
    known = [w for w in content if w in article.where]
    spans = [a | b for a, b in zip(grams.sentences, [*grams.sentences[1:], set()], strict=True)]
    best = max(spans, key=lambda span: sum(w in span for w in content), default=set())
    run = longest = 0
    for t in toks:
        if t.content:
            run = run + 1 if t.stem in article.where and t.stem not in best else 0
            longest = max(longest, run)
    missing = sum(w not in best for w in known)
    return {"align_miss": missing / len(known) if known else 0.0, "align_gap": float(longest)}


def roles(index: ArticleIndex, full: str) -> dict[str, float]:
    """Pairs of the sentence's names (those the article has) that no two neighbouring article
    sentences hold together, pairs the article always names the other way round, and whether
    the word after the sentence's first name is missing from every article sentence naming it."""
    article = index.positions
    runs = phrases(full, article=False, article_lower=index.lower_only)
    named = [(n[-1], r[-1].end) for n, r in ((core(t.text for t in r), r) for r in runs) if n]
    named = [(n, end) for n, end in named if n in article.where]
    names = list(dict.fromkeys(n for n, _ in named))
    apart = swapped = 0
    for a, b in combinations(names, 2):
        sa = {article.sentence[p]: p for p in reversed(article.where[a])}
        sb = {article.sentence[p]: p for p in reversed(article.where[b])}
        if not any(abs(x - y) <= 1 for x in sa for y in sb):
            apart += 1
        both = sa.keys() & sb.keys()
        swapped += bool(both) and all(sa[k] > sb[k] for k in both)
    verb = next((t for t in tokens(full) if named and t.start >= named[0][1]), None)
    odd = (
        verb is not None
        and verb.content
        and verb.stem in article.where
        and not article.in_sentences(verb.stem, article.where[named[0][0]], 0)
    )
    return {"names_apart": apart, "names_swapped": swapped, "subject_verb": float(odd)}


def summary_features(
    index: ArticleIndex,
    sentences: Sequence[str],
    grams: ArticleGrams | None = None,
    found: Sequence[dict[str, list[str]] | None] | None = None,
    wanted: Collection[str] = FEATURES,
) -> SummaryFeatures:
    """Every sentence's features (``None`` for a sentence that is the article's own words) and
    the summary's: the largest of each over its sentences. ``found`` is what the checks found
    in each sentence (``None`` for the article's own words), when the caller has it; the
    :data:`CANDIDATES` are measured only when ``wanted`` (a model's features) has one."""
    extra = any(f in wanted for group in CANDIDATES.values() for f in group)
    grams = grams or ArticleGrams(index.positions)
    if found is None:
        article = fold_space(index.raw)
        found = [
            None if verbatim(article, fold_space(s)) else findings(index, s) for s in sentences
        ]
    per = [
        None if f is None else sentence_features(index, grams, s, f, extra)
        for s, f in zip(sentences, found, strict=True)
    ]
    checked = [p for p in per if p is not None]
    measured = [f for f in FEATURES if extra or all(f not in g for g in CANDIDATES.values())]
    summary = {f: max((p[f] for p in checked), default=0.0) for f in measured}
    return SummaryFeatures(list(sentences), per, summary)
