"""Fit the learned faithfulness guard and compare it with the rules, by nested cross-validation.

Data: ``../shared/eval/faithfulness.dev.jsonl`` (SummEval: 16 systems x 50 CNN/DailyMail
articles, expert consistency scores; a summary is inconsistent when its score is under 5).

Every summary becomes graded features (``briefgen.faithfulness.features``: counts of figures,
names, dates and quotations the article lacks, binding problems, garbled sentences, novel
words, word pairs and triples, scattering, length), ``log1p`` of each. A logistic regression
(scikit-learn, balanced classes, L2) is fitted on four folds (by article) and scored on the
fifth. Its threshold is chosen on the four training folds alone: their out-of-fold scores
(an inner cross-validation by article) give the lowest threshold whose false flags stay
within the target share of consistent summaries. Nothing of the held-out fold is seen.

Printed: the rules (chosen by the same cross-validation, ``briefgen.faithfulness.calibrate``)
and the learned guard (alone, and together with the rules: a summary flagged by either) per
fold; an ablation of the learned guard (each feature group removed); the model fitted on the
whole file. ``--save`` writes it to ``briefgen/faithfulness/guard_model.json`` (what the
guard runs). Needs scikit-learn (``pip install -e '.[train]'``; ``make train-guard``).
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
from briefgen.faithfulness.features import FEATURES, GROUPS, ArticleGrams, summary_features  # noqa: E402
from briefgen.faithfulness.learned import MODEL_FILE, LearnedGuard  # noqa: E402

C = 1.0
"""Inverse L2 strength of the logistic regression."""


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


def rules_flag(train: Sequence[Row]) -> tuple[str, ...]:
    judged = [r.rules for r in train]
    return cv.choose_rules(judged, RULES, cv.choose_bar(judged, RULES))


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
    inner = cv.folds([r.article for r in train], cv.FOLDS - 1)
    scored = []
    for k in sorted(set(inner.values())):
        fit_on = [r for r in train if inner[r.article] != k]
        model = fit(fit_on, features)
        scored += [
            (score(model, r), r.bad, cv.flag(r.rules, rules))
            for r in train
            if inner[r.article] == k
        ]
    model = fit(train, features)
    return LearnedGuard(model.weights, model.bias, cv.score_threshold(scored, target)), rules


def nested(
    rows: Sequence[Row], features: Sequence[str], target: float, with_rules: bool
) -> cv.Summary:
    """Every fold held out in turn; model, threshold (and rules) chosen on the others."""
    fold_of = cv.folds([r.article for r in rows])
    out = []
    for k in range(cv.FOLDS):
        train = [r for r in rows if fold_of[r.article] != k]
        test = [r for r in rows if fold_of[r.article] == k]
        model, rules = choose(train, features, target, with_rules)
        flagged = [score(model, r) >= model.threshold or cv.flag(r.rules, rules) for r in test]
        rates = cv.rates(flagged, [r.rules for r in test])
        out.append(cv.Fold(k, rules, target, model.threshold, rates))
    return cv.Summary(
        statistics.fmean(f.rates.recall for f in out),
        statistics.fmean(f.rates.false_flags for f in out),
        max(f.rates.false_flags for f in out),
        min(f.rates.recall for f in out),
        out,
    )


def rules_only(rows: Sequence[Row]) -> cv.Summary:
    return cv.cross_validate([r.rules for r in rows], RULES)


def table(title: str, result: cv.Summary) -> dict[str, Any]:
    print(f"\n{title}\n  fold  recall  false  (bad/good)")
    for f in result.folds:
        r = f.rates
        print(
            f"  {f.fold:>4}  {100 * r.recall:5.1f}  {100 * r.false_flags:5.1f}"
            f"  ({r.inconsistent:>3}/{r.consistent:>3})"
        )
    print(f"  mean  {100 * result.recall:5.1f}  {100 * result.false_flags:5.1f}")
    print(f"  worst {100 * result.worst_recall:5.1f}  {100 * result.worst_false:5.1f}")
    return summary_json(result)


def ablation(
    rows: Sequence[Row], target: float, with_rules: bool, full: cv.Summary
) -> tuple[list[str], dict[str, Any]]:
    """The nested cross-validation without each feature group, and the groups that pay:
    without them recall falls, or false flags rise (mean or worst fold)."""
    print("\nablation: the guard (model and rules) without each feature group")
    print(f"  {'without':12}{'recall':>7}{'false':>7}{'worst':>7}   d-recall d-false  pays")
    out, paying = {}, []
    for group, names in GROUPS.items():
        less = nested(rows, [f for f in FEATURES if f not in names], target, with_rules)
        pays = (
            less.recall < full.recall - 1e-12
            or less.false_flags > full.false_flags + 1e-12
            or less.worst_false > full.worst_false + 1e-12
        )
        paying += [group] if pays else []
        out[group] = {
            "recall_pct": round(100 * less.recall, 1),
            "false_flag_pct": round(100 * less.false_flags, 1),
            "worst_false_flag_pct": round(100 * less.worst_false, 1),
            "pays": pays,
        }
        print(
            f"  {group:12}{100 * less.recall:7.1f}{100 * less.false_flags:7.1f}"
            f"{100 * less.worst_false:7.1f}   {100 * (less.recall - full.recall):+6.1f}"
            f"   {100 * (less.false_flags - full.false_flags):+6.1f}   {'yes' if pays else 'no'}"
        )
    return paying, out


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
    parser.add_argument(
        "--keep-all", action="store_true", help="no ablation: every feature group in the model"
    )
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
    learned = nested(rows, FEATURES, args.target, False)
    report["learned"] = table(f"learned guard (threshold for {args.target:.1%})", learned)
    union = nested(rows, FEATURES, args.target, True)
    report["learned_or_rules"] = table("learned guard or the rules", union)
    features: Sequence[str] = FEATURES
    if not args.keep_all:
        paying, report["ablation"] = ablation(rows, args.target, not args.alone, union)
        features = [f for g in paying for f in GROUPS[g]]
        final = nested(rows, features, args.target, not args.alone)
        report["guard"] = table(f"the guard: feature groups that pay ({', '.join(paying)})", final)
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
