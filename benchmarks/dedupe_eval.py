"""Measure story grouping: near-duplicate merges and related-story grouping, and pick thresholds.

Usage: python benchmarks/dedupe_eval.py [--data DIR] [--seed N] [--out PATH]

Data: the article files in ``../shared/eval/articles/`` beside the checkout (first line the
headline, a blank line, the body). Nothing from them is written into the repository: the
results hold figures, file names and thresholds only.

The labelled set is built by this script, with a fixed seed:

* **near duplicates**: for half of the articles, two lightly edited copies each, as a wire
  story is republished: 1-3 of {sentences dropped, a paragraph moved or sentences swapped,
  ~3 % of the words changed, a new headline, boilerplate added (dateline, credits,
  copyright, newsletter plug), the end cut off}. Original and copies are near-duplicate
  pairs (label ``near``).
* **related stories** (a proxy for two outlets' own reporting of one event): for the other
  half, the body split into its even and its odd paragraphs, each with its own headline:
  the same event, different sentences (label ``related``).
* every other pair is two **different** stories. (The BBC set has a few follow-up stories
  on one subject, so the "different" rates below are upper bounds.)

The articles are put in shuffled batches of 50 (10 near bases with their copies, 10 split
articles), briefing-sized, since TF-IDF weights come from the batch grouped. Every pair in a
batch is scored; the near-duplicate measure is also run over all pairs of the original
articles, the largest pool of different stories.

Thresholds (grid of 0.01, F smoothed over +-0.04, middle of the best range): near = the one
that maximises F0.5 of the near-duplicate merge (a false merge hides a story, so precision
counts double) over the batch pairs and the pairs of originals, among those merging under
1 % of different-story pairs; moved up to 0.04 above the highest-scoring different-story
pair when that costs at most a point of recall. Related = the one that maximises F1 of
"grouped" (near or related) against different stories, among those whose false-grouping
rate stays under 1 %.
Then ``group_articles`` itself is run on the batches (and on batches of 20 and 100) with the
chosen thresholds and scored on the pairs it puts together, and on one batch of 10,000
(``--large``: the families with more rounds of copies, ``benchmarks/dedupe_large.py``).

Prints a report and writes ``benchmarks/results/dedupe.json``; exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedupe_large import evaluate_large, large_pool  # noqa: E402

from briefgen.document import Article, content_id  # noqa: E402
from briefgen.stories.dedupe import (  # noqa: E402
    NEAR_THRESHOLD,
    RELATED_THRESHOLD,
    containment,
    cosine,
    group_articles,
    jaccard,
    shingles,
    tfidf_vectors,
)

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "articles"
RESULTS = ROOT / "benchmarks" / "results" / "dedupe.json"
BATCH_NEAR_BASES = 10
BATCH_RELATED_BASES = 10
MAX_FALSE_GROUPING = 0.01
MAX_FALSE_MERGE = 0.01
SMOOTH = 4  # grid steps of 0.01 either side
NEAR_MARGIN = 0.04  # the near threshold stays this far above every different-story pair
NEAR_BETA = 0.5  # a false merge hides a story: precision counts twice as much as recall

SUBSTITUTES = {
    "said": "says", "says": "said", "company": "firm", "firm": "company", "big": "large",
    "large": "big", "rise": "increase", "increase": "rise", "government": "administration",
    "show": "indicate", "shows": "indicates", "help": "assist", "buy": "purchase",
    "start": "begin", "started": "began", "end": "finish", "people": "individuals",
    "about": "around", "also": "additionally", "but": "however", "very": "highly",
    "told": "informed", "added": "continued", "expected": "predicted", "new": "fresh",
    "month": "period", "year": "twelve months", "cut": "reduce", "win": "victory",
    "plan": "proposal", "plans": "proposals", "chief": "head", "major": "significant",
}  # fmt: skip
DATELINES = ["LONDON (Newswire) - ", "NEW YORK, Feb 3 (Agency) - ", "(Wire service) "]
TRAILERS = [
    "Reporting by Jane Doe; Editing by John Roe.",
    "© 2026 Newswire. All rights reserved. This material may not be published or redistributed.",
    "Sign up for our morning newsletter to get the day's top stories in your inbox.",
    "Follow us on social media for the latest updates. Share this article.",
]


@dataclass
class Doc:
    article: Article
    base: str  # the source file it was made from
    kind: str  # original | copy | half
    edits: list[str] = field(default_factory=list)


@dataclass
class Pair:
    containment: float
    jaccard: float
    cosine: float  # TF-IDF, IDF from the batch (0 for pairs of originals)
    kind: str  # near | related | different
    edits: list[str]
    names: tuple[str, str]


def load(data: Path) -> list[tuple[str, str, list[str]]]:
    """(file name, headline, paragraphs) for every article file."""
    out = []
    for path in sorted(data.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        headline, _, body = text.strip().partition("\n")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
        if headline.strip() and len(paragraphs) >= 2:
            out.append((path.name, headline.strip(), paragraphs))
    return out


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\"”])\s+(?=[A-Z\"“‘'])", paragraph) if s]


def _drop(rng: random.Random, paras: list[list[str]], headline: str) -> tuple[list[list[str]], str]:
    flat = [(i, j) for i, p in enumerate(paras) for j in range(len(p)) if (i, j) != (0, 0)]
    n = max(1, min(len(flat) // 5, rng.randint(1, 3)))
    gone = set(rng.sample(flat, min(n, len(flat))))
    new = [[s for j, s in enumerate(p) if (i, j) not in gone] for i, p in enumerate(paras)]
    return [p for p in new if p], headline


def _reorder(
    rng: random.Random, paras: list[list[str]], headline: str
) -> tuple[list[list[str]], str]:
    paras = [list(p) for p in paras]
    if len(paras) >= 3 and rng.random() < 0.5:
        moved = paras.pop(rng.randrange(1, len(paras)))
        paras.insert(rng.randrange(1, len(paras) + 1), moved)
    else:
        longest = max(range(len(paras)), key=lambda i: len(paras[i]))
        p = paras[longest]
        if len(p) >= 2:
            k = rng.randrange(len(p) - 1)
            p[k], p[k + 1] = p[k + 1], p[k]
        elif len(paras) >= 2:
            paras[-1], paras[-2] = paras[-2], paras[-1]
    return paras, headline


def _substitute(
    rng: random.Random, paras: list[list[str]], headline: str, rate: float = 0.03
) -> tuple[list[list[str]], str]:
    def edit(word: str) -> str:
        if rng.random() >= rate:
            return word
        core = word.strip(".,;:!?\"“”'’()")
        if core.lower() in SUBSTITUTES:
            return word.replace(core, SUBSTITUTES[core.lower()])
        if core.isdigit():
            return word.replace(core, str(int(core) + 1))
        if len(core) > 4:  # a typo
            k = rng.randrange(1, len(core) - 1)
            return word.replace(core, core[:k] + core[k + 1 :])
        return word

    return [[" ".join(edit(w) for w in s.split()) for s in p] for p in paras], headline


def _headline(
    rng: random.Random, paras: list[list[str]], headline: str
) -> tuple[list[list[str]], str]:
    words = headline.split()
    choice = rng.randrange(3)
    if choice == 0:
        return paras, "UPDATE 2-" + headline
    if choice == 1 and len(words) > 3:
        return paras, " ".join(words[: len(words) - 2]) + " - report"
    return paras, headline + ", officials say"


def _boilerplate(
    rng: random.Random, paras: list[list[str]], headline: str
) -> tuple[list[list[str]], str]:
    paras = [list(p) for p in paras]
    paras[0][0] = rng.choice(DATELINES) + paras[0][0]
    paras.extend([[t] for t in rng.sample(TRAILERS, rng.randint(1, len(TRAILERS)))])
    return paras, headline


def _truncate(
    rng: random.Random, paras: list[list[str]], headline: str
) -> tuple[list[list[str]], str]:
    keep = max(2, round(len(paras) * rng.uniform(0.6, 0.85)))
    return paras[:keep], headline


EDITS: dict[str, Callable[..., tuple[list[list[str]], str]]] = {
    "drop": _drop,
    "reorder": _reorder,
    "substitute": _substitute,
    "headline": _headline,
    "boilerplate": _boilerplate,
    "truncate": _truncate,
}


def _article(title: str, paragraphs: Sequence[str], origin: str, source: str) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(id=content_id(text), title=title, text=text, source=source, origin=origin)


def make_docs(rng: random.Random, name: str, headline: str, paras: list[str]) -> list[Doc]:
    """The original, two lightly edited copies and one heavily edited copy."""
    docs = [Doc(_article(headline, paras, name, "Original"), name, "original")]
    for copy, heavy in ((0, False), (1, False), (2, True)):
        if heavy:  # four edits, one of them 8 % of the words changed
            ops = ["substitute", *rng.sample(sorted(set(EDITS) - {"substitute"}), 3)]
        else:
            ops = rng.sample(sorted(EDITS), rng.randint(1, 3))
        sentences, title = [_sentences(p) for p in paras], headline
        for op in sorted(ops, key=lambda o: o == "boilerplate"):  # boilerplate last
            if op == "substitute":
                sentences, title = _substitute(rng, sentences, title, 0.08 if heavy else 0.03)
            else:
                sentences, title = EDITS[op](rng, sentences, title)
        article = _article(title, [" ".join(p) for p in sentences], f"{name}~{copy}", f"Copy{copy}")
        tier = "heavy" if heavy else "light"
        docs.append(Doc(article, name, "copy", [tier, *sorted(ops)]))
    return docs


def make_halves(name: str, headline: str, paras: list[str]) -> list[Doc]:
    if len(paras) < 4:
        return []
    even, odd = paras[0::2], paras[1::2]
    words = headline.split()
    other = " ".join(words[1:] + words[:1]) if len(words) > 2 else headline + " latest"
    return [
        Doc(_article(headline, even, f"{name}#even", "OutletA"), name, "half"),
        Doc(_article(other, odd, f"{name}#odd", "OutletB"), name, "half"),
    ]


def label(a: Doc, b: Doc) -> str:
    if a.base != b.base:
        return "different"
    return "related" if "half" in (a.kind, b.kind) else "near"


def rates(tp: int, fp: int, fn: int, beta: float = 1.0) -> tuple[float, float, float]:
    """Precision, recall and F-beta (beta < 1 weighs precision more)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    b2 = beta * beta
    f = (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0
    return p, r, f


def sweep(
    pairs: Sequence[tuple[float, bool, bool]],
    grid: Sequence[float],
    max_false: float,
    beta: float = 1.0,
) -> tuple[float, list[dict[str, float]]]:
    """(score, positive, is-a-different-story) pairs: the chosen threshold and the curve.

    The threshold maximises F-beta among those whose rate of different-story pairs at or
    above it is at most ``max_false``; of equally good ones, the middle one.
    """
    curve = []
    negatives = sum(1 for _, _, neg in pairs if neg) or 1
    for t in grid:
        tp = sum(1 for s, pos, _ in pairs if pos and s >= t)
        fp = sum(1 for s, pos, _ in pairs if not pos and s >= t)
        fn = sum(1 for s, pos, _ in pairs if pos and s < t)
        false = sum(1 for s, _, neg in pairs if neg and s >= t)
        p, r, f = rates(tp, fp, fn, beta)
        curve.append(
            {
                "threshold": t,
                "precision": p,
                "recall": r,
                "f": f,
                "false_rate": false / negatives,
                "false_pairs": false,
            }
        )
    # Smoothed: the mean F over the neighbouring thresholds, so that the choice does not sit
    # on the edge of one hard pair.
    for k, c in enumerate(curve):
        window = curve[max(0, k - SMOOTH) : k + SMOOTH + 1]
        c["f_smoothed"] = sum(w["f"] for w in window) / len(window)
    allowed = [c for c in curve if c["false_rate"] < max_false] or curve
    best = max(c["f_smoothed"] for c in allowed)
    top = [c["threshold"] for c in allowed if c["f_smoothed"] >= best - 1e-9]
    return round(top[len(top) // 2], 2), curve


def evaluate_groups(batches: Sequence[list[Doc]], near: float, related: float) -> dict[str, Any]:
    """Run ``group_articles`` and score the pairs it merges and groups."""
    c: Counter[str] = Counter()
    coverage = 0.0
    with_original = 0
    clusters = 0
    seconds = 0.0
    for docs in batches:
        by_id = {id(d.article): d for d in docs}
        started = time.perf_counter()
        groups = group_articles(
            [d.article for d in docs], near_threshold=near, related_threshold=related
        )
        seconds += time.perf_counter() - started
        merged: dict[int, int] = {}
        grouped: dict[int, int] = {}
        for g, story in enumerate(groups):
            heads = [(story.primary, story.duplicates)] + [
                (r, story.related_duplicates.get(r.id, [])) for r in story.related
            ]
            for h, (head, dups) in enumerate(heads):
                for art in [head, *dups]:
                    merged[id(art)] = g * 1000 + h
                    grouped[id(art)] = g
                clusters += 1
                members = [by_id[id(a)] for a in [head, *dups]]
                original = next((m for m in members if m.kind == "original"), None)
                if original is not None and len(members) > 1:
                    with_original += 1
                    whole = shingles(original.article.text)
                    coverage += len(shingles(head.text) & whole) / len(whole)
        for a, b in itertools.combinations(docs, 2):
            kind = label(a, b)
            same_cluster = merged[id(a.article)] == merged[id(b.article)]
            same_group = grouped[id(a.article)] == grouped[id(b.article)]
            c[f"{kind}:{'merged' if same_cluster else 'grouped' if same_group else 'apart'}"] += 1
    near_total = sum(c[f"near:{x}"] for x in ("merged", "grouped", "apart"))
    diff_total = sum(c[f"different:{x}"] for x in ("merged", "grouped", "apart")) or 1
    rel_total = sum(c[f"related:{x}"] for x in ("merged", "grouped", "apart")) or 1
    merged_pairs = sum(c[f"{k}:merged"] for k in ("near", "related", "different")) or 1
    return {
        "articles": sum(len(b) for b in batches),
        "batches": len(batches),
        "near_merge_precision": c["near:merged"] / merged_pairs,
        "near_merge_recall": c["near:merged"] / (near_total or 1),
        "near_grouped_recall": (c["near:merged"] + c["near:grouped"]) / (near_total or 1),
        "related_grouped_recall": (c["related:merged"] + c["related:grouped"]) / rel_total,
        "related_merged_as_duplicates": c["related:merged"] / rel_total,
        "different_false_merge_rate": c["different:merged"] / diff_total,
        "different_false_group_rate": (c["different:merged"] + c["different:grouped"]) / diff_total,
        "different_pairs": diff_total,
        "primary_story_coverage": coverage / (with_original or 1),
        "seconds_per_batch": seconds / max(1, len(batches)),
        "pair_counts": dict(sorted(c.items())),
    }


def make_batches(
    rng: random.Random, near_docs: list[list[Doc]], halves: list[list[Doc]], size: int
) -> list[list[Doc]]:
    """Batches of ``size`` documents: 3/5 near-duplicate families, 2/5 split articles."""
    n_near = max(1, round(size * 0.6 / 4))
    n_half = max(1, round(size * 0.4 / 2))
    batches = []
    for k in range(min(len(near_docs) // n_near, len(halves) // n_half)):
        docs = [d for fam in near_docs[k * n_near : (k + 1) * n_near] for d in fam]
        docs += [d for fam in halves[k * n_half : (k + 1) * n_half] for d in fam]
        rng.shuffle(docs)
        batches.append(docs)
    return batches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--large", type=int, default=10_000, help="articles in the one-batch row")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if not args.data.is_dir():
        print(f"no data at {args.data}; nothing measured")
        return 0
    articles = load(args.data)
    rng = random.Random(args.seed)
    rng.shuffle(articles)
    half = len(articles) // 2
    near_docs = [make_docs(rng, *a) for a in articles[:half]]
    halves = [h for h in (make_halves(*a) for a in articles[half:]) if h]
    # Articles whose bodies are the same text word for word (the BBC set has a few) are one
    # story: they share a base, so that their pairs are labelled near (or related).
    canon: dict[str, str] = {}
    first_of: dict[str, str] = {}
    for name, _, paras in articles:
        canon[name] = first_of.setdefault(" ".join(" ".join(paras).split()), name)
    for fam in [*near_docs, *halves]:
        for d in fam:
            d.base = canon[d.base]
    batches = make_batches(rng, near_docs, halves, 50)

    # Pair scores within batches.
    batch_pairs: list[Pair] = []
    for docs in batches:
        sets = [shingles(d.article.text) for d in docs]
        vecs = tfidf_vectors([d.article for d in docs])
        for i, j in itertools.combinations(range(len(docs)), 2):
            edits = sorted(set(docs[i].edits) | set(docs[j].edits))
            if "heavy" in edits:
                edits.remove("light") if "light" in edits else None
            batch_pairs.append(
                Pair(
                    containment(sets[i], sets[j]),
                    jaccard(sets[i], sets[j]),
                    cosine(vecs[i], vecs[j]),
                    label(docs[i], docs[j]),
                    edits,
                    (docs[i].article.origin, docs[j].article.origin),
                )
            )

    # Every pair of the original articles: the largest pool of different stories. Bodies that
    # are the same text word for word are duplicates in the data itself: labelled near.
    originals = [fam[0] for fam in near_docs] + [
        Doc(_article(a[1], a[2], a[0], "Original"), canon[a[0]], "original")
        for a in articles[half:]
    ]
    osets = [shingles(d.article.text) for d in originals]
    original_pairs: list[Pair] = []
    for i, j in itertools.combinations(range(len(originals)), 2):
        original_pairs.append(
            Pair(
                containment(osets[i], osets[j]),
                jaccard(osets[i], osets[j]),
                0.0,
                "near" if originals[i].base == originals[j].base else "different",
                ["in the data"],
                (originals[i].base, originals[j].base),
            )
        )

    grid = [round(0.05 + 0.01 * k, 2) for k in range(91)]
    report: dict[str, Any] = {
        "thresholds_in_code": {"near": NEAR_THRESHOLD, "related": RELATED_THRESHOLD}
    }
    chosen: dict[str, float] = {}
    pool = batch_pairs + original_pairs
    for measure in ("containment", "jaccard"):

        def score(p: Pair, m: str = measure) -> float:
            return p.containment if m == "containment" else p.jaccard

        pairs = [(score(p), p.kind == "near", p.kind == "different") for p in pool]
        t, curve = sweep(pairs, grid, MAX_FALSE_MERGE, beta=NEAR_BETA)
        # Above the highest-scoring pair of different stories, with a margin, when the
        # recall there is still as good as the sweep's within a point.
        top_different = max(sc for sc, _, neg in pairs if neg)
        safe = next((g for g in grid if g >= top_different + NEAR_MARGIN), None)
        if safe is not None and safe > t:
            at_t = next(c for c in curve if c["threshold"] == t)
            at_safe = next(c for c in curve if c["threshold"] == safe)
            if at_safe["recall"] >= at_t["recall"] - 0.01:
                t = safe
        at = next(c for c in curve if c["threshold"] == t)
        per_edit: dict[str, list[int]] = {}
        for p in pool:
            if p.kind == "near":
                for e in p.edits:
                    hit = per_edit.setdefault(e, [0, 0])
                    hit[0] += score(p) >= t
                    hit[1] += 1
        different = sorted(
            ((score(p), p.names) for p in pool if p.kind == "different"), reverse=True
        )
        missed = sorted((score(p), p.edits) for p in pool if p.kind == "near" and score(p) < t)
        report[f"near_{measure}"] = {
            "threshold": t,
            "precision": at["precision"],
            "recall": at["recall"],
            "f0.5": at["f"],
            "false_merge_rate": at["false_rate"],
            "false_merged_pairs": at["false_pairs"],
            "different_pairs": sum(1 for p in pool if p.kind == "different"),
            "near_pairs": sum(1 for p in pool if p.kind == "near"),
            "recall_by_edit": {e: round(h[0] / h[1], 4) for e, h in sorted(per_edit.items())},
            "highest_different": [
                {"score": round(sc, 3), "pair": list(names)} for sc, names in different[:6]
            ],
            "lowest_missed_near": [{"score": round(sc, 3), "edits": e} for sc, e in missed[:6]],
            "curve": [c for c in curve if round(c["threshold"] * 100) % 5 == 0],
        }
        chosen[measure] = t
    near_t = chosen["containment"]

    grouped_pairs = [
        (p.cosine if p.containment < near_t else 1.0, p.kind != "different", p.kind == "different")
        for p in batch_pairs
        if p.kind != "near"
    ]
    rel_t, rel_curve = sweep(grouped_pairs, grid, MAX_FALSE_GROUPING)
    at = next(c for c in rel_curve if c["threshold"] == rel_t)
    report["related_tfidf"] = {
        "threshold": rel_t,
        "precision": at["precision"],
        "recall": at["recall"],
        "f1": at["f"],
        "false_group_rate": at["false_rate"],
        "related_cosine_median": statistics.median(
            p.cosine for p in batch_pairs if p.kind == "related"
        ),
        "different_cosine_p99": sorted(p.cosine for p in batch_pairs if p.kind == "different")[
            int(0.99 * sum(1 for p in batch_pairs if p.kind == "different"))
        ],
        "curve": [c for c in rel_curve if round(c["threshold"] * 100) % 5 == 0],
    }
    report["chosen"] = {"near_threshold": near_t, "related_threshold": rel_t}
    report["group_articles"] = {
        str(size): evaluate_groups(
            make_batches(random.Random(size), near_docs, halves, size), near_t, rel_t
        )
        for size in (20, 50, 100)
    }
    report["group_articles_with_code_defaults_50"] = evaluate_groups(
        batches, NEAR_THRESHOLD, RELATED_THRESHOLD
    )
    sources = {name: (headline, paras) for name, headline, paras in articles}
    big = large_pool(near_docs, halves, make_docs, sources, args.large)
    report["group_articles_large"] = evaluate_large(big, near_t, rel_t)
    report["data"] = {
        "articles": len(articles),
        "near_bases": len(near_docs),
        "split_bases": len(halves),
        "batch_pairs": Counter(p.kind for p in batch_pairs),
        "original_pairs": Counter(p.kind for p in original_pairs),
        "seed": args.seed,
        "seconds": round(time.perf_counter() - started, 1),
    }

    near = report["near_containment"]
    jac = report["near_jaccard"]
    rel = report["related_tfidf"]
    g50 = report["group_articles"]["50"]
    print(
        f"{len(articles)} articles; {len(batch_pairs)} labelled pairs in {len(batches)} batches "
        f"of 50, and {len(original_pairs)} pairs of the originals"
    )
    print(
        f"{'near duplicates':<24}{'thresh':>7}{'prec':>7}{'recall':>8}{'F0.5':>7}"
        f"{'false merges':>20}"
    )
    for name, r in (("containment (5-grams)", near), ("jaccard (5-grams)", jac)):
        print(
            f"{name:<24}{r['threshold']:>7.2f}{r['precision']:>7.3f}{r['recall']:>8.3f}"
            f"{r['f0.5']:>7.3f}{r['false_merge_rate']:>12.5%} ({r['false_merged_pairs']:.0f}"
            f"/{r['different_pairs']})"
        )
    print("  recall by edit (containment):", near["recall_by_edit"])
    print(
        f"related (TF-IDF cosine) threshold {rel['threshold']:.2f}: precision "
        f"{rel['precision']:.3f}, recall {rel['recall']:.3f}, "
        f"false-group rate {rel['false_group_rate']:.3%}"
    )
    for size, g in report["group_articles"].items():
        print(
            f"group_articles, batches of {size:>3}: merge P {g['near_merge_precision']:.3f} "
            f"R {g['near_merge_recall']:.3f}, false merges {g['different_false_merge_rate']:.4%}, "
            f"related grouped {g['related_grouped_recall']:.3f}, "
            f"false groupings {g['different_false_group_rate']:.3%}, "
            f"primary holds {g['primary_story_coverage']:.1%} of the original, "
            f"{g['seconds_per_batch'] * 1000:.0f} ms/batch"
        )
    g = report["group_articles_large"]
    print(
        f"group_articles, one batch of {g['articles']}: merge P {g['near_merge_precision']:.3f} "
        f"R {g['near_merge_recall']:.3f}, false merges {g['different_false_merge_rate']:.4%}, "
        f"related grouped {g['related_grouped_recall']:.3f}, "
        f"false groupings {g['different_false_group_rate']:.3%}, {g['seconds']:.1f} s "
        f"({g['pairs_compared']} pairs compared of {g['articles'] * (g['articles'] - 1) // 2})"
    )
    print(
        f"chosen thresholds: near {near_t:.2f}, related {rel_t:.2f} "
        f"(in briefgen.stories.dedupe: {NEAR_THRESHOLD}, {RELATED_THRESHOLD})"
    )
    print(
        f"false merges of different stories by group_articles: "
        f"{g50['different_false_merge_rate']:.4%} (target < 1%)"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=list) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
