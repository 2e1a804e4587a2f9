"""The extractive engine: no model, ranks the article's own sentences.

Each sentence is scored by its centrality (cosine similarity of its TF-IDF vector to the
article's centroid, the classic centroid method) plus a bonus for leading position, which
news writing earns (inverted pyramid). The top sentences are returned in article order.
Very short sentences, datelines and sentences that are mostly quotation are passed over.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from briefgen.document import Article, Summary
from briefgen.sentences import split_sentences
from briefgen.summarise.base import Length, Progress

SENTENCES: dict[Length, int] = {"short": 2, "medium": 3, "long": 5}

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own said same says she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours mr mrs ms dr one two new year
    """.split()
)

_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def _terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


def _quoted_share(sentence: str) -> float:
    quoted = sum(len(m) for m in re.findall(r"[\"“][^\"”]*[\"”]", sentence))
    return quoted / max(1, len(sentence))


def rank_sentences(text: str) -> list[tuple[float, int, str]]:
    """(score, position, sentence) for every sentence worth considering, best first."""
    sentences = [s.text for s in split_sentences(text)]
    bags = [Counter(_terms(s)) for s in sentences]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(sentences)
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    vectors = [{t: c * idf[t] for t, c in bag.items()} for bag in bags]
    centroid: Counter[str] = Counter()
    for vec in vectors:
        centroid.update(vec)
    cnorm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    ranked: list[tuple[float, int, str]] = []
    for i, (sentence, vec) in enumerate(zip(sentences, vectors, strict=True)):
        words = len(sentence.split())
        if words < 6 or words > 80 or _quoted_share(sentence) > 0.6:
            continue
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        centrality = sum(w * centroid.get(t, 0.0) for t, w in vec.items()) / (norm * cnorm)
        position = 1.0 / (1.0 + i / 2.0)
        ranked.append((0.55 * centrality + 0.45 * position, i, sentence))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    return ranked


def extract_summary(text: str, sentences: int) -> str:
    """The ``sentences`` best sentences of ``text``, in their original order."""
    ranked = rank_sentences(text)
    if not ranked:
        return " ".join(s.text for s in split_sentences(text)[:sentences])
    chosen = sorted(ranked[:sentences], key=lambda r: r[1])
    return " ".join(r[2] for r in chosen)


class ExtractiveEngine:
    """Summaries made of the article's own best sentences; needs no model."""

    name = "extractive"
    model_id = ""

    def summarise(
        self,
        articles: Sequence[Article],
        length: Length = "medium",
        progress: Progress | None = None,
    ) -> list[Summary]:
        summaries = []
        for article in articles:
            summaries.append(
                Summary(
                    article_id=article.id,
                    text=extract_summary(article.text, SENTENCES[length]),
                    engine=self.name,
                    settings={"sentences": SENTENCES[length]},
                )
            )
            if progress:
                progress(1)
        return summaries
