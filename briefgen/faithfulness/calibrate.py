"""Choosing the guard's rules (and an NLI model's threshold) by cross-validation.

Summaries judged by experts are split into :data:`FOLDS` folds by article (every summary of
one article in one fold). Each fold in turn is held out: the choices are made on the other
folds and scored on it, so the figures say how the guard does on articles nobody tuned on.

Precision first: a rule is kept only when, alone, it flags at most a share ``bar`` of the
consistent summaries of the training folds. ``bar`` is itself chosen on the training folds
alone, by cross-validation inside them (:func:`choose_bar`): the bar with the best recall
whose false flags stay within :data:`TARGET_FALSE` on average and :data:`WORST_FALSE` in the
worst inner fold. An NLI model's threshold is the one with the best recall whose false flags
on the training folds stay within :data:`TARGET_FALSE` (:func:`pick_threshold`).

Pure Python: the calibration is run by ``benchmarks/faithfulness_eval.py`` and tested on
data the tests write; nothing here is needed to run the guard.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

FOLDS = 5
TARGET_FALSE = 0.03
"""Most false flags (share of consistent summaries) wanted on average over held-out folds."""
WORST_FALSE = 0.05
"""Most false flags wanted in the worst held-out fold."""
TARGET_RECALL = 0.35
"""Least share of inconsistent summaries the guard should flag."""
BARS: tuple[float, ...] = (0.0, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03)
"""The bars (false-flag share of a rule alone) :func:`choose_bar` chooses from."""


@dataclass(frozen=True)
class Judged:
    """One summary as the calibration sees it: its article, the experts' verdict, the rules
    that flag one of its sentences, and its lowest NLI score (``None`` without a model)."""

    article: str
    inconsistent: bool
    flags: frozenset[str]
    score: float | None = None


@dataclass(frozen=True)
class Rates:
    """Share of inconsistent summaries flagged (recall) and of consistent ones (false flags)."""

    recall: float
    false_flags: float
    inconsistent: int
    consistent: int


@dataclass(frozen=True)
class Fold:
    """One held-out fold: what was chosen on the other folds, and how it scored on this one."""

    fold: int
    rules: tuple[str, ...]
    bar: float
    threshold: float | None
    rates: Rates


@dataclass(frozen=True)
class Summary:
    """Mean and worst over the folds."""

    recall: float
    false_flags: float
    worst_false: float
    worst_recall: float
    folds: list[Fold] = field(default_factory=list)

    @property
    def met(self) -> bool:
        """Whether the precision-first target holds (:data:`TARGET_RECALL`, :data:`TARGET_FALSE`,
        :data:`WORST_FALSE`)."""
        return (
            self.recall >= TARGET_RECALL
            and self.false_flags <= TARGET_FALSE
            and self.worst_false <= WORST_FALSE
        )


def folds(articles: Collection[str], k: int = FOLDS) -> dict[str, int]:
    """Each article's fold: articles in order of a hash of their id, dealt round the folds, so
    the folds differ in size by one article at most and do not depend on the file's order."""
    ordered = sorted(set(articles), key=lambda a: hashlib.sha1(a.encode()).hexdigest())
    return {a: i % k for i, a in enumerate(ordered)}


def rates(flagged: Sequence[bool], rows: Sequence[Judged]) -> Rates:
    """Recall and false flags of ``flagged`` (one per row)."""
    bad = [f for f, r in zip(flagged, rows, strict=True) if r.inconsistent]
    good = [f for f, r in zip(flagged, rows, strict=True) if not r.inconsistent]
    return Rates(sum(bad) / max(1, len(bad)), sum(good) / max(1, len(good)), len(bad), len(good))


def flag(row: Judged, rules: Collection[str], threshold: float | None = None) -> bool:
    """Whether the guard with ``rules`` (and an NLI ``threshold``) flags the summary."""
    if row.flags & set(rules):
        return True
    return threshold is not None and row.score is not None and row.score < threshold


def choose_rules(rows: Sequence[Judged], rules: Sequence[str], bar: float) -> tuple[str, ...]:
    """The rules that, alone, flag some inconsistent summary and at most ``bar`` of the
    consistent ones."""
    chosen = []
    for rule in rules:
        r = rates([rule in row.flags for row in rows], rows)
        if r.recall > 0 and r.false_flags <= bar + 1e-12:
            chosen.append(rule)
    return tuple(chosen)


def pick_threshold(
    rows: Sequence[Judged], rules: Collection[str] = (), max_false: float = TARGET_FALSE
) -> float:
    """The NLI threshold (a summary whose lowest score is under it is flagged) with the best
    recall, alongside ``rules``, whose false flags on ``rows`` stay within ``max_false``; the
    lowest such threshold when several tie. Thresholds lie halfway between scores seen."""
    scores = sorted({r.score for r in rows if r.score is not None})
    candidates = [scores[0] - 1.0] if scores else [-1.0]
    candidates += [(a + b) / 2 for a, b in pairwise(scores)]
    best = (candidates[0], -1.0)
    for t in candidates:
        r = rates([flag(row, rules, t) for row in rows], rows)
        if r.false_flags <= max_false + 1e-12 and r.recall > best[1] + 1e-12:
            best = (t, r.recall)
    return best[0]


def score_threshold(scored: Sequence[tuple[float, bool, bool]], target: float) -> float:
    """The lowest threshold on a model's scores whose false flags stay within ``target``:
    ``scored`` is (score, inconsistent, flagged anyway) per summary, a summary is flagged when
    its score is at or over the threshold or it is flagged anyway (by the rules), and false
    flags are the share of consistent summaries flagged. ``inf`` when the rules alone flag
    too many, ``-inf`` when every summary may be flagged."""
    n_good = sum(not bad for _, bad, _ in scored)
    base_false = sum(base for _, bad, base in scored if not bad)
    good = sorted((s for s, bad, base in scored if not bad and not base), reverse=True)
    allowed = math.floor(target * n_good + 1e-9) - base_false
    if allowed < 0:
        return math.inf
    if allowed >= len(good):
        return -math.inf
    return math.nextafter(good[allowed], math.inf)  # the next consistent score stays under


Chooser = Callable[[Sequence[Judged], Sequence[str]], float]


def fixed_bar(bar: float) -> Chooser:
    """A chooser that always answers ``bar`` (1.0: every rule that catches something)."""

    def chooser(_rows: Sequence[Judged], _rules: Sequence[str]) -> float:
        return bar

    return chooser


def choose_bar(rows: Sequence[Judged], rules: Sequence[str], bars: Sequence[float] = BARS) -> float:
    """The bar for :func:`choose_rules`, chosen by cross-validation inside ``rows`` (folds by
    article): the best mean recall within the false-flag targets, else the lowest bar."""
    inner = folds([r.article for r in rows], FOLDS - 1)
    best: tuple[float, float] | None = None
    for bar in bars:
        result = cross_validate(rows, rules, fixed_bar(bar), inner, nli=False)
        ok = result.false_flags <= TARGET_FALSE and result.worst_false <= WORST_FALSE
        if ok and (best is None or result.recall > best[1] + 1e-12):
            best = (bar, result.recall)
    return best[0] if best else min(bars)


def cross_validate(
    rows: Sequence[Judged],
    rules: Sequence[str],
    bar: Chooser = choose_bar,
    fold_of: dict[str, int] | None = None,
    nli: bool = False,
    keep: Sequence[str] = (),
) -> Summary:
    """Every fold held out in turn: ``bar`` (a function of the training rows and ``rules``)
    and the rules it lets in, and with ``nli`` the threshold, chosen on the other folds.
    ``keep`` names flags that always count, beside the rules chosen (the learned check)."""
    fold_of = fold_of if fold_of is not None else folds([r.article for r in rows])
    out: list[Fold] = []
    for k in sorted(set(fold_of.values())):
        train = [r for r in rows if fold_of[r.article] != k]
        test = [r for r in rows if fold_of[r.article] == k]
        if not test:
            continue
        chosen_bar = bar(train, rules)
        chosen = (*choose_rules(train, rules, chosen_bar), *keep)
        threshold = pick_threshold(train, chosen) if nli else None
        result = rates([flag(r, chosen, threshold) for r in test], test)
        out.append(Fold(k, chosen, chosen_bar, threshold, result))
    return Summary(
        statistics.fmean(f.rates.recall for f in out),
        statistics.fmean(f.rates.false_flags for f in out),
        max(f.rates.false_flags for f in out),
        min(f.rates.recall for f in out),
        out,
    )


def without(rules: Sequence[str], check: str) -> list[str]:
    """``rules`` less every rule that needs ``check``."""
    return [r for r in rules if check not in r.split("+")]


def pays(full: Summary, less: Summary, free: bool = False) -> bool:
    """Whether a check pays: without it the guard is worse on one count (less recall, or
    more false flags on average or in the worst fold). One that changes nothing pays only when
    it is ``free`` (alone it flags no consistent summary: it costs nothing where it catches
    what the other checks catch too)."""
    same = (
        abs(less.recall - full.recall) < 1e-12
        and abs(less.false_flags - full.false_flags) < 1e-12
        and abs(less.worst_false - full.worst_false) < 1e-12
    )
    return (
        (same and free)
        or less.recall < full.recall - 1e-12
        or less.false_flags > full.false_flags + 1e-12
        or less.worst_false > full.worst_false + 1e-12
    )
