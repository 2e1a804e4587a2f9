"""The 10,000-article row of ``benchmarks/dedupe_eval.py``: ``group_articles`` on one batch.

The pool: every near-duplicate base with its original and as many rounds of edited copies
(``make_docs``, each round its own seed) as make up ``size`` documents with the split
articles, shuffled. Pairs are scored by counting (per cluster and per group, how many
documents of each base and kind), not one by one: 50 million pairs would take longer than
the grouping.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from briefgen.stories.dedupe import GroupingWork, group_articles


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _kinds(members: Sequence[Any]) -> tuple[int, int, int]:
    """(near, related, all) pairs among ``members`` (Docs): near = same base, neither a half;
    related = same base, at least one a half."""
    whole: Counter[str] = Counter()
    halves: Counter[str] = Counter()
    for d in members:
        (halves if d.kind == "half" else whole)[d.base] += 1
    near = sum(_pairs(c) for c in whole.values())
    related = sum(_pairs(c) + c * whole[b] for b, c in halves.items())
    return near, related, _pairs(len(members))


def large_pool(
    near_docs: list[list[Any]],
    halves: list[list[Any]],
    make_docs: Callable[..., list[Any]],
    sources: dict[str, tuple[str, list[str]]],
    size: int,
) -> list[Any]:
    """About ``size`` documents: the split articles, the near families and more copies."""
    docs = [d for fam in [*near_docs, *halves] for d in fam]
    rounds = 0
    while len(docs) < size:
        rounds += 1
        for fam in near_docs:
            base = fam[0].base
            docs += make_docs(random.Random(f"{base}/{rounds}"), base, *sources[base])[1:]
            if len(docs) >= size:
                break
    random.Random(size).shuffle(docs)
    return docs[:size]


def evaluate_large(docs: Sequence[Any], near: float, related: float) -> dict[str, Any]:
    """``group_articles`` on ``docs`` at once: merge precision and recall, grouping, time."""
    by_id = {id(d.article): d for d in docs}
    work = GroupingWork()
    started = time.perf_counter()
    groups = group_articles(
        [d.article for d in docs], near_threshold=near, related_threshold=related, work=work
    )
    seconds = time.perf_counter() - started
    merged = [0, 0, 0]
    grouped = [0, 0, 0]
    for story in groups:
        heads = [(story.primary, story.duplicates)]
        heads += [(r, story.related_duplicates.get(r.id, [])) for r in story.related]
        everyone = []
        for head, dups in heads:
            members = [by_id[id(a)] for a in [head, *dups]]
            everyone += members
            merged = [x + y for x, y in zip(merged, _kinds(members), strict=True)]
        grouped = [x + y for x, y in zip(grouped, _kinds(everyone), strict=True)]
    near_total, related_total, all_pairs = _kinds(docs)
    different = all_pairs - near_total - related_total
    return {
        "articles": len(docs),
        "seconds": round(seconds, 1),
        "near_merge_precision": merged[0] / (merged[2] or 1),
        "near_merge_recall": merged[0] / (near_total or 1),
        "related_grouped_recall": grouped[1] / (related_total or 1),
        "different_false_merge_rate": (merged[2] - merged[0] - merged[1]) / (different or 1),
        "different_false_group_rate": (grouped[2] - grouped[0] - grouped[1]) / (different or 1),
        "near_pairs": near_total,
        "different_pairs": different,
        "pairs_compared": work.pairs_compared,
        "groups_scored": work.groups_scored,
        "postings_read": work.postings_read,
    }
