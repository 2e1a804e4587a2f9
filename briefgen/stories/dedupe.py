"""One story per event: near duplicates merged, related reporting grouped, quotes deduplicated.

Two established measures, computed exactly but only for the pairs an index finds that can
reach the thresholds (:mod:`briefgen.stories.index`), so that the work grows with the
pairs that can match, not with every pair of articles:

* **Near duplicates** (the same wire story republished, lightly edited: sentences dropped or
  moved, words changed, a new headline, boilerplate added, the end cut): word 5-gram
  shingles of the body, compared exactly (no MinHash sketch: a prefix filter over an
  inverted index of the shingles finds every pair that can reach the threshold). The score
  is the *containment* of the smaller shingle set in the larger, ``|A ∩ B| / min(|A|, |B|)``,
  so a copy cut short or padded with boilerplate still scores
  high; different stories share almost no five-word sequences.
* **Related stories** (several outlets' own reporting of the same event): TF-IDF cosine of
  the words (stop words dropped, the headline counted twice, sublinear term frequency, IDF
  from the articles being grouped).

The default thresholds were chosen by ``benchmarks/dedupe_eval.py`` (``make bench``) on
labelled pairs built from the 500 shared evaluation articles and edited copies of them; see
that script and ``benchmarks/results/dedupe.json``. At the defaults it measured: near-duplicate
merge precision 1.000 and recall 0.988 over 681 copy pairs (light edits 1.000, heavy ones
0.976), no pair of 142,493 different-story pairs merged (the highest such pair, two BBC
stories before and after one prize, scores 0.456); Jaccard on the same shingles did worse
(4 false merges at its best threshold). Related grouping: 94 % of split-article pairs grouped,
0.15 % of different-story pairs grouped (an upper bound: the set has follow-up stories on one
subject).
"""

from __future__ import annotations

import math
import re
import sys
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np

from briefgen.core.lexicon import FUNCTION_WORDS, GROUPING_STOPWORDS
from briefgen.core.textutil import UNICODE_WORD, dot
from briefgen.document import Article, Quote
from briefgen.stories.index import GroupIndex, GroupingWork, Shingles, near_pairs, overlap

NEAR_THRESHOLD = 0.5
"""Shingle containment at or above which two articles are the same story (merged)."""

RELATED_THRESHOLD = 0.23
"""TF-IDF cosine at or above which two articles report the same event (grouped)."""

SHINGLE_WORDS = 5


@dataclass
class StoryGroup:
    """The articles about one event.

    ``primary`` is the most complete text (the one to summarise); ``duplicates`` are near
    duplicates merged into it ("also reported by": their ``source`` and ``url``); ``related``
    are other outlets' own reporting of the same event, each the most complete text of its own
    near-duplicate cluster, whose duplicates are in ``related_duplicates[article.id]``.
    """

    primary: Article
    duplicates: list[Article] = field(default_factory=list)
    related: list[Article] = field(default_factory=list)
    related_duplicates: dict[str, list[Article]] = field(default_factory=dict)

    @property
    def articles(self) -> list[Article]:
        """Every article of the group: the primary, its duplicates, the related ones."""
        extra = [a for r in self.related for a in self.related_duplicates.get(r.id, [])]
        return [self.primary, *self.duplicates, *self.related, *extra]


def words(text: str) -> list[str]:
    """Lower-cased words, curly apostrophes folded."""
    return [w.replace("’", "'") for w in UNICODE_WORD.findall(text.casefold())]


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """The word ``size``-grams of ``text``, hashed (CRC-32: stable across runs)."""
    tokens = words(text)
    if len(tokens) < size:
        return frozenset({zlib.crc32(" ".join(tokens).encode("utf-8"))}) if tokens else frozenset()
    return frozenset(
        zlib.crc32(" ".join(tokens[i : i + size]).encode("utf-8"))
        for i in range(len(tokens) - size + 1)
    )


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """``|a ∩ b| / min(|a|, |b|)``: how much of the smaller set the larger one holds."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """``|a ∩ b| / |a ∪ b|`` (reported by the benchmark beside containment)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _terms(article: Article) -> Counter[str]:
    own = FUNCTION_WORDS.get(article.language.partition("-")[0], frozenset())

    def keep(tokens: list[str]) -> list[str]:
        return [
            t
            for t in tokens
            if len(t) > 1 and t not in GROUPING_STOPWORDS and t not in own and not t.isdigit()
        ]

    counts = Counter(keep(words(article.text)))
    counts.update(keep(words(article.title)) * 2)
    return counts


def tfidf_vectors(
    articles: Sequence[Article], only: Sequence[int] | None = None
) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors, IDF smoothed over ``articles``: ``ln((1+N)/(1+df)) + 1``;
    of the articles at the positions ``only`` (default: all)."""
    df: Counter[str] = Counter()
    keep = set(range(len(articles)) if only is None else only)
    counts: dict[int, Counter[str]] = {}
    for i, article in enumerate(articles):
        terms = _terms(article)
        df.update(terms.keys())
        if i in keep:
            counts[i] = terms
    n = len(articles)
    vectors: list[dict[str, float]] = []
    for i in range(n) if only is None else only:
        vec = {
            sys.intern(t): (1.0 + math.log(tf)) * (math.log((1 + n) / (1 + df[t])) + 1.0)
            for t, tf in counts[i].items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length sparse vectors (:func:`tfidf_vectors`): their dot product."""
    return dot(a, b)


class _Clusters:
    """Union-find over article indices; a cluster is named by its smallest index."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


COMPLETE_SHARE = 0.95
"""Copies holding as much of the shared story, and at least this share of the longest one's
words, are equally complete: the one with more metadata is the primary."""


def _most_complete(
    articles: Sequence[Article], sets: Sequence[Shingles], members: list[int]
) -> int:
    """The member holding most of the story the cluster shares; among those equally complete
    (``COMPLETE_SHARE``) the one with most metadata, then the longest, then the first.

    Shingles found in no other member are not counted, so that boilerplate a republisher
    added (credits, newsletter plugs) does not make a copy look more complete.
    """
    if len(members) == 1:
        return members[0]
    hashes, counts = np.unique(np.concatenate([sets[i] for i in members]), return_counts=True)
    held_by_others = hashes[counts >= 2]  # each set's hashes are distinct

    def shared(i: int) -> int:
        return int(np.count_nonzero(np.isin(sets[i], held_by_others, assume_unique=True)))

    scores = {i: shared(i) for i in members}
    best = max(scores.values())
    contenders = [i for i in members if scores[i] == best]
    longest = max(articles[i].word_count for i in contenders)
    complete = [i for i in contenders if articles[i].word_count >= COMPLETE_SHARE * longest]
    return max(complete, key=lambda i: (articles[i].richness, articles[i].word_count, -i))


_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)


def same_page(a: str, b: str) -> bool:
    """Whether two URLs name one page: scheme, ``www.``, a trailing slash, the fragment and
    tracking parameters (``utm_*``) aside."""

    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
        query = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
        return host + port, parts.path.rstrip("/") or "/", urlencode(sorted(query))

    return bool(a.strip() and b.strip()) and key(a) == key(b)


def reported_elsewhere(primary: Article, copies: Sequence[Article]) -> list[Article]:
    """The ``copies`` to list as "also reported by": not the primary's own page read again
    (the same URL, reached directly and through a feed) nor the same input read twice, and
    each page once."""
    listed: list[Article] = []
    for copy in copies:
        seen = [primary, *listed]
        if any(same_page(copy.url, other.url) for other in seen):
            continue
        if not copy.url and any(copy.origin == other.origin and not other.url for other in seen):
            continue
        listed.append(copy)
    return listed


def shingle_array(text: str, size: int = SHINGLE_WORDS) -> Shingles:
    """:func:`shingles` as a sorted array (a tenth of the memory of a set of ints)."""
    return np.array(sorted(shingles(text, size)), dtype=np.uint32)


def _near_clusters(
    articles: Sequence[Article], threshold: float, work: GroupingWork
) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Near-duplicate clusters (root -> member indices) and each cluster's primary."""
    n = len(articles)
    sets = [shingle_array(a.text) for a in articles]
    clusters = _Clusters(n)
    if threshold <= 0:  # every pair reaches it
        for i in range(1, n):
            clusters.union(0, i)
    for i, j in near_pairs(sets, threshold):
        if clusters.find(i) == clusters.find(j):
            continue  # already one story: comparing them would change nothing
        work.pairs_compared += 1
        smaller = min(len(sets[i]), len(sets[j]))
        if smaller and overlap(sets[i], sets[j]) / smaller >= threshold:
            clusters.union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(clusters.find(i), []).append(i)
    primaries = {root: _most_complete(articles, sets, m) for root, m in members.items()}
    return members, primaries


def _related_groups(
    articles: Sequence[Article],
    roots: list[int],
    primaries: dict[int, int],
    threshold: float,
    work: GroupingWork,
) -> list[list[int]]:
    """Clusters (by root, in order) gathered into groups: a cluster joins the earlier group
    whose primaries' mean vector is the most similar to its primary's, when that is at least
    ``threshold``, else starts a group of its own."""
    heads = [primaries[root] for root in roots]
    vectors = dict(zip(heads, tfidf_vectors(articles, heads), strict=True))
    index = GroupIndex(threshold, list(vectors.values()), work)
    groups: list[list[int]] = []
    for root in roots:
        vector = vectors[primaries[root]]
        group = index.add(vector, index.best(vector))
        if group == len(groups):
            groups.append([root])
        else:
            groups[group].append(root)
    return groups


def group_articles(
    articles: Sequence[Article],
    *,
    near_threshold: float = NEAR_THRESHOLD,
    related_threshold: float | None = RELATED_THRESHOLD,
    work: GroupingWork | None = None,
) -> list[StoryGroup]:
    """Group ``articles`` into stories, in order of first appearance.

    Articles whose shingle containment is at least ``near_threshold`` are one cluster (the
    relation is closed transitively); a cluster joins the earlier group whose clusters'
    primaries are, on average, at least ``related_threshold`` similar to its primary (TF-IDF
    cosine), else it starts a group of its own. ``related_threshold=None`` turns grouping of
    related stories off (near-duplicates are still one story).

    Only pairs that can reach the thresholds are compared (:mod:`briefgen.stories.index`):
    the work grows about linearly with the number of articles, and ``work`` counts it.
    """
    work = work if work is not None else GroupingWork()
    if not articles:
        return []
    members, primaries = _near_clusters(articles, near_threshold, work)
    roots = sorted(members)
    if related_threshold is None:
        groups = [[root] for root in roots]
    else:
        groups = _related_groups(articles, roots, primaries, related_threshold, work)
    result: list[StoryGroup] = []
    for group in groups:
        lead = group[0]
        primary = primaries[lead]
        story = StoryGroup(
            primary=articles[primary],
            duplicates=[articles[i] for i in members[lead] if i != primary],
        )
        for root in group[1:]:
            p = primaries[root]
            story.related.append(articles[p])
            dups = [articles[i] for i in members[root] if i != p]
            if dups:
                story.related_duplicates[articles[p].id] = dups
        result.append(story)
    return result


def _fold(text: str) -> str:
    return " ".join(words(text))


def _same_speaker(a: str | None, b: str | None) -> bool:
    """Unattributed matches anyone; "Jane Smith" matches "Smith" and "jane smith"."""
    if not a or not b:
        return True
    fa, fb = _fold(a).split(), _fold(b).split()
    if fa == fb:
        return True
    return bool(fa and fb) and fa[-1] == fb[-1] and (set(fa) <= set(fb) or set(fb) <= set(fa))


def _better(kept: Quote, other: Quote) -> Quote:
    """Merge two copies of a quote: the longer words, a speaker if either has one, key if any."""
    base = other if len(_fold(other.text)) > len(_fold(kept.text)) else kept
    speaker = kept.speaker or other.speaker
    if kept.speaker and other.speaker and len(other.speaker) > len(kept.speaker):
        speaker = other.speaker
    source = kept if kept.speaker == speaker else other
    return replace(
        base,
        speaker=speaker,
        speaker_role=base.speaker_role or source.speaker_role,
        key=kept.key or other.key,
        score=max(kept.score, other.score),
    )


MIN_CONTAINED_WORDS = 5
"""A quote this long or longer that lies inside another by the same speaker is dropped."""


def dedupe_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """Drop repeated quotations across a story group: the same words from the same speaker.

    Words are compared case- and punctuation-insensitively; a quotation of at least
    ``MIN_CONTAINED_WORDS`` words that lies inside a longer one by the same speaker is the
    same quotation cut shorter. The merged quote keeps the longer words, the speaker (an
    unattributed copy takes the attributed one's), ``key`` if either was key, and the higher
    score; the order is that of first appearance.
    """
    kept: list[Quote] = []
    folded: list[str] = []
    for quote in quotes:
        words_ = _fold(quote.text)
        for k, (other, other_words) in enumerate(zip(kept, folded, strict=True)):
            if not _same_speaker(quote.speaker, other.speaker):
                continue
            shorter, longer = sorted((words_, other_words), key=len)
            if words_ == other_words or (
                len(shorter.split()) >= MIN_CONTAINED_WORDS and f" {shorter} " in f" {longer} "
            ):
                kept[k] = _better(other, quote)
                folded[k] = _fold(kept[k].text)
                break
        else:
            kept.append(quote)
            folded.append(words_)
    return kept
