"""Indexes that let story grouping compare only what can match, with the results of comparing all.

* :func:`near_pairs`: the pairs of shingle sets whose containment can reach the threshold.
  A *prefix filter* (Chaudhuri et al. 2006; Bayardo et al., "Scaling up all pairs similarity
  search", 2007): each set's shingles are ordered rarest first; two sets whose overlap is at
  least ``o`` share a shingle among the first ``|x| - o + 1`` of the smaller set ``x``. So
  each set is looked up, by its prefix only, in an index of every set's shingles, and only
  the pairs found are compared. Common shingles (boilerplate, stock phrases) fall outside
  the prefixes, so they create no pairs. Exact: no pair at or above the threshold is missed.
* :class:`GroupIndex`: related-story groups, each a centroid (the sum of its clusters' unit
  TF-IDF vectors) in an inverted index of terms. A vector's score against a group is the dot
  product with the group's mean vector; a group can reach the threshold ``t`` only through
  terms outside the vector's most common ones whose contribution is bounded below ``t``
  (by Cauchy-Schwarz with the mean's length, at most 1, and by the highest weight each term
  has in any vector), so only the groups found through the other terms are looked at, and
  only those whose bound reaches ``t`` are scored. Exact up to floating-point rounding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Shingles = npt.NDArray[np.uint32]
"""A shingle set as a sorted array of distinct hashes."""

_CHUNK = 2_000_000  # candidate pairs generated at a time (bounds the memory)
_MARGIN = 1e-9  # bounds are kept this far below the threshold (floating-point rounding)
_SKIP = 0.5  # the left-out terms may add at most this share of the threshold


@dataclass
class GroupingWork:
    """What :func:`~briefgen.stories.dedupe.group_articles` compared (its work, not its time)."""

    pairs_compared: int = 0
    """Pairs of articles whose shingle containment was computed."""
    groups_scored: int = 0
    """(cluster, earlier group) similarities computed in full."""
    postings_read: int = 0
    """Index entries read to find the groups worth scoring."""


def min_overlap(size: int, threshold: float) -> int:
    """The fewest shared shingles ``k`` for which ``k / size >= threshold`` (as a float);
    ``size + 1`` where none is."""
    if size == 0:
        return 1
    k = max(0, math.ceil(threshold * size) - 1)
    while k <= size and k / size < threshold:
        k += 1
    return k


def overlap(a: Shingles, b: Shingles) -> int:
    """``|a ∩ b|`` of two sorted arrays of distinct hashes."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) == 0:
        return 0
    at = np.searchsorted(large, small)
    at[at == len(large)] = 0
    return int(np.count_nonzero(large[at] == small))


def _prefix_entries(sets: Sequence[Shingles], threshold: float) -> tuple[np.ndarray, ...]:
    """Every (hash, rank) entry sorted by hash then rank, and which are in their set's prefix.

    A set's rank orders the sets by (size, position), so that of two sets the lower-ranked
    is the smaller one (whose prefix finds the pair).
    """
    sizes = np.array([len(s) for s in sets], dtype=np.int64)
    order = np.lexsort((np.arange(len(sets)), sizes))
    rank = np.empty(len(sets), dtype=np.int64)
    rank[order] = np.arange(len(sets))
    hashes = np.concatenate(sets) if sets else np.empty(0, dtype=np.uint32)
    owner = np.repeat(rank, sizes)
    _, inverse, counts = np.unique(hashes, return_inverse=True, return_counts=True)
    freq = counts[inverse]
    by_set = np.lexsort((hashes, freq, owner))  # each set's shingles, rarest first
    starts = np.zeros(len(sets) + 1, dtype=np.int64)
    starts[1:] = np.cumsum(sizes[order])
    position = np.arange(len(hashes)) - starts[owner[by_set]]
    keep = np.array([len(s) - min_overlap(len(s), threshold) + 1 for s in sets], dtype=np.int64)
    prefix = np.empty(len(hashes), dtype=bool)
    prefix[by_set] = position < keep[order][owner[by_set]]
    by_hash = np.lexsort((owner, hashes))
    return hashes[by_hash], owner[by_hash], prefix[by_hash], order


def near_pairs(sets: Sequence[Shingles], threshold: float) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, that may have containment ``>= threshold`` (0 < t):
    every such pair is among them (see the module's note)."""
    if len(sets) < 2:
        return []
    hashes, owner, prefix, order = _prefix_entries(sets, threshold)
    # An entry's partners: the entries after it with the same hash (higher-ranked sets).
    first = np.ones(len(hashes), dtype=bool)
    first[1:] = hashes[1:] != hashes[:-1]
    group_start = np.flatnonzero(first)
    group_end = np.append(group_start[1:], len(hashes))
    ends = group_end[np.cumsum(first) - 1]
    probes = np.flatnonzero(prefix)
    partners = ends[probes] - probes - 1
    probes, partners = probes[partners > 0], partners[partners > 0]
    n = np.int64(len(sets))
    found: list[np.ndarray] = []
    total = np.cumsum(partners)
    start = 0
    while start < len(probes):
        stop = int(np.searchsorted(total, total[start] - partners[start] + _CHUNK, "right"))
        stop = max(stop, start + 1)
        count = partners[start:stop]
        after = np.repeat(probes[start:stop] + 1, count)
        step = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        low = np.repeat(owner[probes[start:stop]], count)
        found.append(np.unique(low * n + owner[after + step]))
        start = stop
    if not found:
        return []
    keys = np.unique(np.concatenate(found))
    a, b = order[keys // n], order[keys % n]
    pairs = sorted(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist(), strict=True))
    return pairs


class _Postings:
    """The groups whose sum holds one term, and the term's weight in each sum (arrays that
    grow by doubling, so that a lookup adds them to the scores in one step)."""

    __slots__ = ("count", "groups", "slot", "weights")

    def __init__(self) -> None:
        self.groups = np.empty(4, dtype=np.int64)
        self.weights = np.empty(4, dtype=np.float64)
        self.count = 0
        self.slot: dict[int, int] = {}

    def add(self, group: int, weight: float) -> None:
        at = self.slot.get(group)
        if at is None:
            if self.count == len(self.groups):
                self.groups = np.resize(self.groups, 2 * self.count)
                self.weights = np.resize(self.weights, 2 * self.count)
            at = self.slot[group] = self.count
            self.groups[at], self.weights[at] = group, 0.0
            self.count += 1
        self.weights[at] += weight

    def weight(self, group: int) -> float:
        at = self.slot.get(group)
        return 0.0 if at is None else float(self.weights[at])


class GroupIndex:
    """Related-story groups, each the sum of its clusters' unit TF-IDF vectors, indexed by term.

    ``vectors`` are every vector that may be added (their highest weight per term bounds the
    groups' mean weights). :meth:`best` gives the group a vector joins, as scoring it against
    every group's mean vector would.
    """

    def __init__(
        self, threshold: float, vectors: Sequence[dict[str, float]], work: GroupingWork
    ) -> None:
        self.threshold = threshold
        self.work = work
        self.highest: dict[str, float] = {}
        for vector in vectors:
            for term, weight in vector.items():
                if weight > self.highest.get(term, 0.0):
                    self.highest[term] = weight
        self.count = 0
        self.sizes = np.zeros(max(1, len(vectors)), dtype=np.float64)  # clusters in each group
        self.squares = np.zeros(max(1, len(vectors)), dtype=np.float64)  # each sum's |s|²
        self.postings: dict[str, _Postings] = {}

    def _split(self, vector: dict[str, float]) -> tuple[list[str], list[str], float, float]:
        """The terms to look up, the others (the most common, left out while the bounds on
        what they can add to a score stay below the threshold) and those two bounds: the
        length of their part of ``vector`` (times a group's mean length) and their weights
        times the highest weight each term has anywhere."""
        if self.threshold <= 0:
            return list(vector), [], 0.0, 0.0

        def groups(term: str) -> int:
            postings = self.postings.get(term)
            return postings.count if postings is not None else 0

        common = sorted(vector, key=groups, reverse=True)
        squares = linear = 0.0
        for k, term in enumerate(common):
            weight = vector[term]
            more_squares = squares + weight * weight
            more_linear = linear + weight * self.highest.get(term, 1.0)
            if min(math.sqrt(more_squares), more_linear) >= _SKIP * self.threshold - _MARGIN:
                return common[k:], common[:k], math.sqrt(squares), linear
            squares, linear = more_squares, more_linear
        return [], common, math.sqrt(squares), linear

    def best(self, vector: dict[str, float]) -> int | None:
        """The group with the highest score (the first of equals) if it is at least the
        threshold, else None. A group's score is the dot product of ``vector`` with its mean."""
        if not self.count:
            return None
        lookup, skipped, length, linear = self._split(vector)
        partial = np.zeros(self.count, dtype=np.float64)
        for term in lookup:
            postings = self.postings.get(term)
            if postings is not None:
                n = postings.count
                self.work.postings_read += n
                partial[postings.groups[:n]] += vector[term] * postings.weights[:n]
        found = np.flatnonzero(partial)  # weights are positive: the groups sharing a term
        sizes = self.sizes[found]
        rest = np.minimum(linear, length * np.sqrt(self.squares[found]) / sizes)
        reach = found[partial[found] / sizes + rest >= self.threshold - _MARGIN]
        best, best_score = -1, -1.0
        for g in reach.tolist():
            self.work.groups_scored += 1
            others = sum(
                vector[t] * self.postings[t].weight(g) for t in skipped if t in self.postings
            )
            score = (float(partial[g]) + others) / float(self.sizes[g])
            if score > best_score:
                best, best_score = g, score
        if best < 0 and self.threshold <= 0:
            return 0  # every group scores 0: the first is the best
        return best if best >= 0 and best_score >= self.threshold else None

    def add(self, vector: dict[str, float], group: int | None) -> int:
        """Add ``vector`` to ``group`` (None: a new group); returns the group's number."""
        if group is None:
            group = self.count
            self.count += 1
            if group == len(self.sizes):
                self.sizes = np.resize(self.sizes, 2 * group)
                self.squares = np.resize(self.squares, 2 * group)
            self.sizes[group] = self.squares[group] = 0.0
        # |s + v|² = |s|² + 2 s·v + |v|²: the squared length of the sum, kept as it grows
        along = 0.0
        for term, weight in vector.items():
            postings = self.postings.get(term)
            if postings is None:
                postings = self.postings[term] = _Postings()
            along += weight * postings.weight(group)
            postings.add(group, weight)
        self.squares[group] += 2 * along + sum(w * w for w in vector.values())
        self.sizes[group] += 1
        return group
