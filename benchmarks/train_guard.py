"""Fit the learned faithfulness guard and compare it with the rules, by nested cross-validation.

Data: ``../shared/eval/faithfulness.dev.jsonl`` (SummEval: 16 systems x 50 CNN/DailyMail
articles, expert consistency scores; a summary is inconsistent when its score is under 5).

Every summary becomes graded features (``briefgen.faithfulness.features``: counts of figures,
names, dates and quotations the article lacks, binding problems, garbled sentences, novel
words, word pairs and triples, scattering), ``log1p`` of each. A logistic regression
(scikit-learn, balanced classes, L2) is fitted on four folds (by article) and scored on the
fifth. Its threshold is chosen on the four training folds alone: their out-of-fold scores
(an inner cross-validation by article) give the lowest threshold whose false flags stay
within the target share of consistent summaries. Nothing of the held-out fold is seen.

Printed: the rules (chosen by the same cross-validation, ``briefgen.faithfulness.calibrate``)
and the learned guard (alone, and together with the rules: a summary flagged by either) per
fold; the same with the feature groups chosen inside each training set (backward elimination
judged on the inner out-of-fold scores: the honest figure for dropping the groups that do not
pay); an ablation (each feature group removed, each candidate group of
``features.CANDIDATES`` added), which reads every fold and so only describes; the model
fitted on the whole file on every group of ``features.GROUPS``. ``--save`` writes it to
``briefgen/faithfulness/guard_model.json`` (what the guard runs). Needs scikit-learn
(``pip install -e '.[train]'``; ``make train-guard``).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from faithfulness_eval import DEFAULT_DATA, judge, summary_json  # noqa: E402

from briefgen.core.sentences import split_sentences  # noqa: E402
from briefgen.faithfulness import ArticleIndex, guard  # noqa: E402
from briefgen.faithfulness import calibrate as cv  # noqa: E402
from briefgen.faithfulness.check import DEFAULT_CHECKS, RULES  # noqa: E402
from briefgen.faithfulness.features import (  # noqa: E402
    CANDIDATES,
    GROUPS,
    ArticleGrams,
    summary_features,
)
from briefgen.faithfulness.learned import MODEL_FILE, LearnedGuard  # noqa: E402

C = 1.0
"""Inverse L2 strength of the logistic regression."""
SELECT_AT: tuple[float, ...] = (0.01, 0.02, 0.03, 0.05)
"""False-flag shares at which the inner out-of-fold recall is read when choosing groups (their
mean: steadier than recall at one share, which a single article can swing)."""
Groups = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Row:
    article: str
    bad: bool
    x: dict[str, float]  # log1p of each feature
    rules: cv.Judged


def rows_of(records: Sequence[dict[str, Any]]) -> list[Row]:
    judged = judge(records)
    indexes: dict[str, tuple[ArticleIndex, ArticleGrams]] = {}
    out = []
    for r, j in zip(records, judged, strict=True):
        if r["article"] not in indexes:
            index = ArticleIndex(r["article"])
            indexes[r["article"]] = (index, ArticleGrams(index.positions))
        index, grams = indexes[r["article"]]
        sentences = [s.text for s in split_sentences(r["summary"])]
        found = summary_features(index, sentences, grams).summary
        x = {f: math.log1p(max(0.0, v)) for f, v in found.items()}
        out.append(Row(r["id"], r["consistency"] < 5, x, j))
    return out


def fit(rows: Sequence[Row], features: Sequence[str], c: float | None = None) -> LearnedGuard:
    """A logistic regression on ``rows``, its weights on the unscaled ``log1p`` values."""
    from sklearn.linear_model import LogisticRegression

    cols = [[r.x[f] for f in features] for r in rows]
    means = [statistics.fmean(col) for col in zip(*cols, strict=True)]
    sds = [statistics.pstdev(col) or 1.0 for col in zip(*cols, strict=True)]
    scaled = [[(v - m) / s for v, m, s in zip(row, means, sds, strict=True)] for row in cols]
    clf = LogisticRegression(C=c or C, class_weight="balanced", max_iter=5000, solver="lbfgs")
    clf.fit(scaled, [r.bad for r in rows])
    w = [float(a) / s for a, s in zip(clf.coef_[0], sds, strict=True)]
    bias = float(clf.intercept_[0]) - sum(a * m for a, m in zip(w, means, strict=True))
    return LearnedGuard(dict(zip(features, w, strict=True)), bias, 0.0)


def score(model: LearnedGuard, row: Row) -> float:
    """The model's score of a row (its features are already ``log1p``-ed)."""
    return model.bias + sum(w * row.x[f] for f, w in model.weights.items())


_RULES_CHOSEN: dict[frozenset[str], tuple[str, ...]] = {}


def rules_flag(train: Sequence[Row]) -> tuple[str, ...]:
    """The rules chosen on ``train`` (once per set of training articles)."""
    key = frozenset(r.article for r in train)
    if key not in _RULES_CHOSEN:
        judged = [r.rules for r in train]
        _RULES_CHOSEN[key] = cv.choose_rules(judged, RULES, cv.choose_bar(judged, RULES))
    return _RULES_CHOSEN[key]


def inner_scores(
    train: Sequence[Row], features: Sequence[str], rules: Sequence[str]
) -> list[tuple[float, bool, bool]]:
    """(score, inconsistent, flagged by ``rules``) of every training row, each scored by a model
    fitted without its inner fold (an inner cross-validation by article)."""
    inner = cv.folds([r.article for r in train], cv.FOLDS - 1)
    scored = []
    for k in sorted(set(inner.values())):
        model = fit([r for r in train if inner[r.article] != k], features)
        scored += [
            (score(model, r), r.bad, cv.flag(r.rules, rules))
            for r in train
            if inner[r.article] == k
        ]
    return scored


def recall_at(scored: Sequence[tuple[float, bool, bool]], target: float) -> float:
    """Recall of the inconsistent rows at the threshold :func:`cv.score_threshold` picks."""
    threshold = cv.score_threshold(scored, target)
    caught = [s >= threshold or base for s, bad, base in scored if bad]
    return sum(caught) / max(1, len(caught))


def features_of(groups: Groups, chosen: Sequence[str]) -> list[str]:
    return [f for g in chosen for f in groups[g]]


def choose_groups(train: Sequence[Row], groups: Groups, rules: Sequence[str]) -> list[str]:
    """The feature groups chosen on ``train`` alone: backward elimination, each step dropping
    the group whose removal does best, while the mean inner out-of-fold recall at
    :data:`SELECT_AT` false flags does not fall."""

    def worth(chosen: Sequence[str]) -> float:
        scored = inner_scores(train, features_of(groups, chosen), rules)
        return statistics.fmean(recall_at(scored, t) for t in SELECT_AT)

    chosen = list(groups)
    best = worth(chosen)
    while len(chosen) > 1:
        value, group = max((worth([g for g in chosen if g != drop]), drop) for drop in chosen)
        if value < best - 1e-12:
            break
        chosen.remove(group)
        best = value
    return chosen


def choose(
    train: Sequence[Row],
    features: Sequence[str],
    target: float,
    with_rules: bool,
    rules: tuple[str, ...] | None = None,
) -> tuple[LearnedGuard, tuple[str, ...]]:
    """The model and threshold chosen on ``train`` only, and with ``with_rules`` the rules it
    runs beside (``rules``, else those chosen on ``train``)."""
    if rules is None:
        rules = rules_flag(train) if with_rules else ()
    threshold = cv.score_threshold(inner_scores(train, features, rules), target)
    model = fit(train, features)
    return LearnedGuard(model.weights, model.bias, threshold), rules


def nested(
    rows: Sequence[Row], groups: Groups, target: float, with_rules: bool, select: bool = False
) -> tuple[cv.Summary, list[list[str]]]:
    """Every fold held out in turn; model, threshold (and rules, and with ``select`` the
    feature groups) chosen on the others. Also the groups each fold used."""
    fold_of = cv.folds([r.article for r in rows])
    out, used = [], []
    for k in range(cv.FOLDS):
        train = [r for r in rows if fold_of[r.article] != k]
        test = [r for r in rows if fold_of[r.article] == k]
        rules = rules_flag(train) if with_rules else ()
        chosen = choose_groups(train, groups, rules) if select else list(groups)
        model, _ = choose(train, features_of(groups, chosen), target, with_rules, rules)
        flagged = [score(model, r) >= model.threshold or cv.flag(r.rules, rules) for r in test]
        rates = cv.rates(flagged, [r.rules for r in test])
        out.append(cv.Fold(k, rules, target, model.threshold, rates))
        used.append(chosen)
    summary = cv.Summary(
        statistics.fmean(f.rates.recall for f in out),
        statistics.fmean(f.rates.false_flags for f in out),
        max(f.rates.false_flags for f in out),
        min(f.rates.recall for f in out),
        out,
    )
    return summary, used


def rules_only(rows: Sequence[Row]) -> cv.Summary:
    return cv.cross_validate([r.rules for r in rows], RULES)


def table(title: str, result: cv.Summary, used: Sequence[Sequence[str]] = ()) -> dict[str, Any]:
    print(f"\n{title}\n  fold  recall  false  (bad/good)")
    for i, f in enumerate(result.folds):
        r = f.rates
        groups = f"  {', '.join(used[i])}" if used else ""
        print(
            f"  {f.fold:>4}  {100 * r.recall:5.1f}  {100 * r.false_flags:5.1f}"
            f"  ({r.inconsistent:>3}/{r.consistent:>3}){groups}"
        )
    print(f"  mean  {100 * result.recall:5.1f}  {100 * result.false_flags:5.1f}")
    print(f"  worst {100 * result.worst_recall:5.1f}  {100 * result.worst_false:5.1f}")
    out = summary_json(result)
    if used:
        out["groups"] = [list(u) for u in used]
    return out


def ablation(
    rows: Sequence[Row], target: float, with_rules: bool, full: cv.Summary
) -> dict[str, Any]:
    """The nested cross-validation without each feature group and with each candidate group.
    It reads every fold: it says what each group contributes, it does not choose them."""
    print("\nablation (reads every fold: describes, chooses nothing): the guard (model and rules)")
    print("without each feature group of the model, and with each candidate group added")
    print(f"  {'change':18}{'recall':>7}{'false':>7}{'worst':>7}   d-recall d-false  pays")
    out = {}
    changes = {f"-{g}": {h: v for h, v in GROUPS.items() if h != g} for g in GROUPS}
    changes |= {f"+{g}": {**GROUPS, g: v} for g, v in CANDIDATES.items()}
    for change, groups in changes.items():
        less, _ = nested(rows, groups, target, with_rules)
        better = less.recall > full.recall + 1e-12 or less.false_flags < full.false_flags - 1e-12
        worse = (
            less.recall < full.recall - 1e-12
            or less.false_flags > full.false_flags + 1e-12
            or less.worst_false > full.worst_false + 1e-12
        )
        pays = worse if change.startswith("-") else better and not worse
        out[change] = {
            "recall_pct": round(100 * less.recall, 1),
            "false_flag_pct": round(100 * less.false_flags, 1),
            "worst_false_flag_pct": round(100 * less.worst_false, 1),
            "pays": pays,
        }
        print(
            f"  {change:18}{100 * less.recall:7.1f}{100 * less.false_flags:7.1f}"
            f"{100 * less.worst_false:7.1f}   {100 * (less.recall - full.recall):+6.1f}"
            f"   {100 * (less.false_flags - full.false_flags):+6.1f}   {'yes' if pays else 'no'}"
        )
    return out


def same_as_guard(
    records: Sequence[dict[str, Any]],
    rows: Sequence[Row],
    model: LearnedGuard,
    rules: Sequence[str],
) -> dict[str, Any]:
    """The guard itself (rules and model) on the whole file: the summaries it flags must be
    those this script counts as flagged (a check that training and run time agree), and how
    many consistent ones ``fix`` would change."""
    counted = [score(model, r) >= model.threshold or cv.flag(r.rules, rules) for r in rows]
    t0 = time.perf_counter()
    plain = [guard(r["article"], r["summary"], "warn", rules, learned=False) for r in records]
    t1 = time.perf_counter()
    run = [guard(r["article"], r["summary"], "warn", rules, learned=model) for r in records]
    t2 = time.perf_counter()
    print(
        f"\nguard time with the model against the rules alone (same 800 summaries): "
        f"{(t2 - t1) / (t1 - t0):.2f}x; rules alone flag {sum(g.flagged > 0 for g in plain)}"
    )
    flagged = [g.flagged > 0 for g in run]
    changed = sum(
        guard(r["article"], r["summary"], "fix", rules, learned=model).text != r["summary"]
        for r in records
        if r["consistency"] >= 5
    )
    rates = cv.rates(flagged, [r.rules for r in rows])
    agree = sum(a == b for a, b in zip(counted, flagged, strict=True))
    print(
        f"the guard with this model on the whole file (fitted on it): recall "
        f"{100 * rates.recall:.1f}%, false flags {100 * rates.false_flags:.1f}%; "
        f"{agree} of {len(rows)} summaries as counted here; fix would change {changed} "
        f"of {rates.consistent} consistent summaries"
    )
    return {
        "recall_pct": round(100 * rates.recall, 1),
        "false_flag_pct": round(100 * rates.false_flags, 1),
        "agree": agree,
        "fix_changes_consistent": changed,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--target", type=float, default=0.025, help="false flags wanted")
    parser.add_argument("--alone", action="store_true", help="fit the model without the rules")
    parser.add_argument("--quick", action="store_true", help="no group selection, no ablation")
    parser.add_argument("--save", action="store_true", help=f"write {MODEL_FILE.name}")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/guard_model.json")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}; pass --data", file=sys.stderr)
        return 0
    records = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    rows = rows_of(records)
    report: dict[str, Any] = {"summaries": len(rows), "target": args.target}
    report["rules"] = table("rules (chosen by cross-validation)", rules_only(rows))
    learned, _ = nested(rows, GROUPS, args.target, False)
    report["learned"] = table(f"learned guard (threshold for {args.target:.1%})", learned)
    union, _ = nested(rows, GROUPS, args.target, True)
    report["learned_or_rules"] = table("learned guard (every group) or the rules", union)
    if not args.quick:
        chosen, used = nested(rows, GROUPS, args.target, True, select=True)
        report["learned_or_rules_groups_chosen_in_folds"] = table(
            "learned guard (groups chosen inside each training set) or the rules", chosen, used
        )
        report["ablation"] = ablation(rows, args.target, True, union)
    features = features_of(GROUPS, list(GROUPS))
    model, rules = choose(rows, features, args.target, not args.alone, DEFAULT_CHECKS)
    print(f"\nfitted on the whole file: bias {model.bias:+.3f}, threshold {model.threshold:+.3f}")
    for f, w in sorted(model.weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {f:16}{w:+.3f}")
    report["whole_file"] = same_as_guard(records, rows, model, rules)
    if args.save:
        saved = {"model": model.to_json(), "target": args.target, "cross_validation": report}
        MODEL_FILE.write_text(json.dumps(saved, indent=2) + "\n")
        print(f"wrote {MODEL_FILE}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
