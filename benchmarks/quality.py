"""Summary quality: ROUGE against human references, next to simple baselines, and faithfulness.

Scores an engine on the development set (``../shared/eval/summaries.dev.jsonl``: CNN/DailyMail
articles with their highlights, XSum articles with one-sentence references) with ROUGE-1,
ROUGE-2 and ROUGE-Lsum F1 (``rouge-score``, Porter stemming on; for Lsum every summary is
written one sentence a line, split with briefgen's own splitter) and prints, in the same run
and separately for each part of the set:

- the engine (``--engine extractive``, briefgen's ``ExtractiveEngine``; or ``--engine
  abstractive --model PATH``, any local seq2seq checkpoint briefgen can load, or a hub id
  where the weights are cached);
- Lead-3: the article's first three sentences, the standard baseline;
- Lead-3 (prose): the first three sentences that the extractive engine would consider at
  all (bylines, time stamps and datelines skipped), a stronger and fairer Lead-3 for
  web-scraped text, where the first "sentences" are often page furniture;
- random-3: three sentences drawn at random (mean over five seeds), in article order.

For the engine it also prints the paired bootstrap 95% interval of its difference from each
Lead-3 (1,000 resamples of the articles), and the flag rate of the faithfulness guard
(``briefgen.faithfulness``, ``warn`` mode) on the human reference summaries (human-written and
mostly faithful, so this is close to the guard's false-alarm rate, though CNN/DM highlights
do add facts from outside the article) and on the engine's own output (zero for an extractive
engine would be expected; anything else is a false alarm), and how many errors planted in the
engine's own sentences it catches (a figure changed, a surname swapped for one from another
article, a weekday changed). For the abstractive engine it also scores the summaries after
``--faithfulness fix``.

Targets: the extractive engine at or above Lead-3 on all three scores on CNN/DM (issue 8),
and at least :data:`PROSE_MARGIN` points above Lead-3 over prose sentences on each (issue
18). The script reports whether they are met and exits 0 either way.

Examples::

    python benchmarks/quality.py                                   # extractive
    python benchmarks/quality.py --engine abstractive --model ~/models/distilbart-cnn-12-6
    python benchmarks/quality.py --data other.jsonl --limit 20 --show-flags 10

Writes ``benchmarks/results/quality.json`` (``--out`` to change). Needs ``rouge-score``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.core.lexicon import GUARD_TITLES as TITLES  # noqa: E402
from briefgen.core.lexicon import NOT_NAMES as COMMON  # noqa: E402
from briefgen.core.lexicon import NUMBER_WORDS  # noqa: E402
from briefgen.core.sentences import split_sentences  # noqa: E402
from briefgen.document import Article, content_id  # noqa: E402
from briefgen.faithfulness import guard  # noqa: E402
from briefgen.faithfulness.calibrate import folds  # noqa: E402
from briefgen.summarise.extractive import (  # noqa: E402
    CENTRALITY_WEIGHT,
    MMR_LAMBDA,
    SENTENCES,
    candidate_sentences,
    select,
)

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "summaries.dev.jsonl"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "quality.json"
METRICS = ("rouge1", "rouge2", "rougeLsum")
RANDOM_SEEDS = (0, 1, 2, 3, 4)
BOOTSTRAP = 1000
PROSE_MARGIN = 0.5
"""How far above Lead-3 (prose) the extractive engine should be on each score (issue 18)."""

Scores = dict[str, float]


def part_of(source: str) -> str:
    """The part of the set a record belongs to: "cnndm-train-sample" -> "cnndm"."""
    return source.split("-")[0] if source else "other"


def lines(text: str) -> str:
    """One sentence a line, as ROUGE-Lsum expects."""
    return "\n".join(s.text for s in split_sentences(text))


def lead3(article: str) -> str:
    return "\n".join(s.text for s in split_sentences(article)[:3])


def lead3_prose(article: str) -> str:
    return "\n".join(s for _, s in candidate_sentences(article)[:3])


def random3(article: str, seed: int) -> str:
    spans = split_sentences(article)
    rng = random.Random(f"{seed}:{content_id(article)}")
    picked = sorted(rng.sample(range(len(spans)), min(3, len(spans))))
    return "\n".join(spans[i].text for i in picked)


class Rouge:
    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self.scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)

    def per_doc(self, refs: Sequence[str], preds: Sequence[str]) -> list[Scores]:
        out = []
        for ref, pred in zip(refs, preds, strict=True):
            s = self.scorer.score(ref, pred)
            out.append({m: 100 * s[m].fmeasure for m in METRICS})
        return out


def mean(rows: Sequence[Scores]) -> Scores:
    return {m: round(statistics.fmean(r[m] for r in rows), 2) for m in METRICS} if rows else {}


def bootstrap(a: Sequence[Scores], b: Sequence[Scores], seed: int = 0) -> dict[str, list[float]]:
    """Paired bootstrap 95% interval of mean(a) - mean(b), per metric."""
    rng = random.Random(seed)
    n = len(a)
    out: dict[str, list[float]] = {}
    for m in METRICS:
        diffs = [x[m] - y[m] for x, y in zip(a, b, strict=True)]
        samples = sorted(statistics.fmean(rng.choices(diffs, k=n)) for _ in range(BOOTSTRAP))
        out[m] = [
            round(statistics.fmean(diffs), 2),
            round(samples[int(0.025 * BOOTSTRAP)], 2),
            round(samples[int(0.975 * BOOTSTRAP) - 1], 2),
        ]
    return out


def half_margins(a: Sequence[Scores], b: Sequence[Scores]) -> dict[str, Scores]:
    """mean(a) - mean(b) per metric on the first and on the second half of the records."""
    mid = len(a) // 2
    return {
        f"{name} ({hi - lo})": {
            m: round(
                statistics.fmean(x[m] - y[m] for x, y in zip(a[lo:hi], b[lo:hi], strict=True)), 2
            )
            for m in METRICS
        }
        for name, lo, hi in (("first half", 0, mid), ("second half", mid, len(a)))
        if hi > lo
    }


def make_summariser(args: argparse.Namespace) -> tuple[Callable[[list[Article]], list[str]], str]:
    from briefgen.summarise import make_engine

    engine, note = make_engine(args.engine, args.model, device=args.device)
    if note:
        print(f"note: {note}", file=sys.stderr)

    def run(articles: list[Article]) -> list[str]:
        return [s.text for s in engine.summarise(articles, args.length)]

    label = engine.name if not engine.model_id else f"{engine.name} ({engine.model_id})"
    return run, label


def flag_stats(pairs: Sequence[tuple[str, str]], show: int, label: str) -> dict[str, Any]:
    flagged = checked = 0
    shown = 0
    for article, summary in pairs:
        result = guard(article, summary, "warn")
        flagged += result.flagged
        checked += result.checked
        for c in result.sentences:
            if not c.supported and shown < show:
                print(f"  [{label}] {c.sentence[:110]!r}\n      {'; '.join(c.problems)}")
                shown += 1
    rate = round(100 * flagged / checked, 1) if checked else 0.0
    return {"flagged": flagged, "checked": checked, "rate_pct": rate}


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FULL_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b")


def perturbations(articles: Sequence[str], outputs: Sequence[str]) -> dict[str, dict[str, Any]]:
    """How often the guard catches errors planted in the engine's own (faithful) sentences:
    a figure changed, a surname swapped for one from another article, a weekday changed."""
    common = TITLES | COMMON | set(NUMBER_WORDS)
    surnames = sorted(
        {m.group(2) for a in articles for m in _FULL_NAME.finditer(a)}
        - {""}
        - {
            w
            for w in (m.group(2) for a in articles for m in _FULL_NAME.finditer(a))
            if w.lower() in common
        }
    )
    rng = random.Random(0)
    caught: dict[str, list[bool]] = {"number": [], "name": [], "date": []}
    for article, output in zip(articles, outputs, strict=True):
        for sentence in (s.text for s in split_sentences(output)):
            planted: dict[str, str] = {}
            if m := re.search(r"(?<![\d.,])\d{1,4}(?![\d.,]\d)", sentence):
                new = str(int(m.group(0)) * 2 + 7)
                if not re.search(rf"(?<!\d){new}(?!\d)", article):
                    planted["number"] = sentence[: m.start()] + new + sentence[m.end() :]
            if m := _FULL_NAME.search(sentence):
                pool = [n for n in surnames if n not in article]
                if pool:
                    new = rng.choice(pool)
                    planted["name"] = sentence[: m.start(2)] + new + sentence[m.end(2) :]
            day = next((d for d in _WEEKDAYS if d in sentence), None)
            if day:
                other = [d for d in _WEEKDAYS if d not in article]
                if other:
                    planted["date"] = sentence.replace(day, rng.choice(other), 1)
            for kind, changed in planted.items():
                caught[kind].append(guard(article, changed, "warn").flagged > 0)
    return {
        k: {
            "planted": len(v),
            "caught": sum(v),
            "rate_pct": round(100 * sum(v) / len(v), 1) if v else 0.0,
        }
        for k, v in caught.items()
    }


def table(rows: dict[str, Scores]) -> str:
    width = max(len(k) for k in rows) + 2
    head = f"{'':{width}}" + "".join(f"{m:>11}" for m in ("ROUGE-1", "ROUGE-2", "ROUGE-Lsum"))
    body = [f"{k:{width}}" + "".join(f"{v[m]:>11.2f}" for m in METRICS) for k, v in rows.items()]
    return "\n".join([head, *body])


GRID = tuple((w, lam) for w in (0.45, 0.55, 0.65) for lam in (0.7, 0.8, 0.9))
"""The extractive engine's settings (centrality weight, MMR lambda) cross-validation chooses
among."""


def extractive_with(text: str, sentences: int, setting: tuple[float, float]) -> str:
    chosen = select(text, sentences, mmr_lambda=setting[1], centrality_weight=setting[0])
    return "\n".join(s for _, s in chosen) or lead3(text)


def cross_validated(recs: Sequence[dict[str, Any]], length: str, rouge: Rouge) -> dict[str, Any]:
    """The extractive engine against Lead-3 by 5-fold cross-validation, folds by article, per
    fold: the engine as shipped (its settings fixed beforehand, nothing chosen on these
    articles), and the engine with the settings of :data:`GRID` that score best (mean of
    ROUGE-1, -2, -Lsum) on the other four folds. Returns the per-fold table, the means and
    the worst fold's margin over each baseline."""
    refs = [r["reference"] for r in recs]
    texts = [r["article"] for r in recs]
    n = SENTENCES[length]  # type: ignore[index]
    shipped = (CENTRALITY_WEIGHT, MMR_LAMBDA)
    grid = {g: rouge.per_doc(refs, [extractive_with(t, n, g) for t in texts]) for g in GRID}
    docs = {
        "engine": grid[shipped],
        "lead-3": rouge.per_doc(refs, [lead3(t) for t in texts]),
        "lead-3 (prose)": rouge.per_doc(refs, [lead3_prose(t) for t in texts]),
    }
    fold_of = folds([r["id"] for r in recs])
    rows = []
    for k in sorted(set(fold_of.values())):
        train = [i for i, r in enumerate(recs) if fold_of[r["id"]] != k]
        test = [i for i, r in enumerate(recs) if fold_of[r["id"]] == k]
        best = max(GRID, key=lambda g: sum(mean([grid[g][i] for i in train]).values()))
        row: dict[str, Any] = {"fold": k, "tuned setting": best}
        row |= {name: mean([v[i] for i in test]) for name, v in docs.items()}
        row["engine, tuned"] = mean([grid[best][i] for i in test])
        rows.append(row)
    names = ("engine", "engine, tuned", "lead-3", "lead-3 (prose)")
    out: dict[str, Any] = {"folds": rows, "shipped_setting": shipped}
    for name in names:
        out[name] = {m: round(statistics.fmean(r[name][m] for r in rows), 2) for m in METRICS}
    print_cv(rows, out, names)
    for base in ("lead-3", "lead-3 (prose)"):
        for engine in ("engine", "engine, tuned"):
            worst = {m: round(min(r[engine][m] - r[base][m] for r in rows), 2) for m in METRICS}
            out[f"worst fold, {engine} - {base}"] = worst
            print(
                f"  worst fold, {engine} - {base}: "
                + " / ".join(f"{v:+.2f}" for v in worst.values())
            )
    out["at_or_above"] = {
        base: all(out["engine"][m] >= out[base][m] for m in METRICS)
        for base in ("lead-3", "lead-3 (prose)")
    }
    return out


def print_cv(rows: Sequence[dict[str, Any]], out: dict[str, Any], names: Sequence[str]) -> None:
    print(
        "\ncross-validation, 5 folds by article: the engine as shipped (centrality weight "
        f"{CENTRALITY_WEIGHT}, MMR lambda {MMR_LAMBDA}),\nand tuned (the setting best on the "
        "other four folds); ROUGE-1 / -2 / -Lsum"
    )
    print("  fold " + "".join(f"{n:>22}" for n in names) + "   tuned setting")
    for row in rows:
        cells = "".join(" " + " ".join(f"{row[n][m]:6.2f}" for m in METRICS) for n in names)
        print(f"  {row['fold']:>4}  {cells}   {row['tuned setting']}")
    print("  mean  " + "".join(" " + " ".join(f"{out[n][m]:6.2f}" for m in METRICS) for n in names))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--engine", choices=("extractive", "abstractive", "ct2"), default="extractive"
    )
    parser.add_argument(
        "--model", default="", help="abstractive: a local checkpoint folder (or a cached hub id)"
    )
    parser.add_argument("--device", default="cpu", help="abstractive: cpu, cuda, ...")
    parser.add_argument("--length", choices=("short", "medium", "long"), default="medium")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=0, help="first N records of each part")
    parser.add_argument(
        "--show-flags", type=int, default=0, help="print N flagged sentences of each kind"
    )
    args = parser.parse_args(argv)
    if args.engine != "extractive" and not args.model:
        parser.error(f"--engine {args.engine} needs --model PATH")
    if not args.data.exists():
        print(f"no data at {args.data}; pass --data", file=sys.stderr)
        return 0

    records = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    parts: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        parts.setdefault(part_of(rec.get("source", "")), []).append(rec)
    if args.limit:
        parts = {k: v[: args.limit] for k, v in parts.items()}

    summarise, label = make_summariser(args)
    rouge = Rouge()
    report: dict[str, Any] = {
        "data": str(args.data.name),
        "engine": label,
        "length": args.length,
        "rouge": "rouge-score F1 x100, use_stemmer=True; Lsum on newline-split sentences",
        "parts": {},
    }
    target: dict[str, bool] = {}
    for name, recs in parts.items():
        articles = [
            Article(id=f"{rec['id']}", title="", text=rec["article"], source=rec.get("source", ""))
            for rec in recs
        ]
        refs = [rec["reference"] for rec in recs]
        t0 = time.perf_counter()
        outputs = summarise(articles)
        seconds = time.perf_counter() - t0
        per_doc = {
            "engine": rouge.per_doc(refs, [lines(o) for o in outputs]),
            "lead-3": rouge.per_doc(refs, [lead3(a.text) for a in articles]),
            "lead-3 (prose)": rouge.per_doc(refs, [lead3_prose(a.text) for a in articles]),
        }
        random_runs = [
            mean(rouge.per_doc(refs, [random3(a.text, seed) for a in articles]))
            for seed in RANDOM_SEEDS
        ]
        means = {k: mean(v) for k, v in per_doc.items()}
        means["random-3"] = {
            m: round(statistics.fmean(r[m] for r in random_runs), 2) for m in METRICS
        }
        fixed_text: list[str] = []
        if args.engine == "abstractive":
            fixed_text = [
                guard(a.text, o, "fix").text for a, o in zip(articles, outputs, strict=True)
            ]
            means["engine + guard fix"] = mean(rouge.per_doc(refs, [lines(t) for t in fixed_text]))
        rows = {(label if k == "engine" else k): v for k, v in means.items()}
        print(f"\n== {name}: {len(recs)} articles ({seconds:.1f}s for the engine)")
        print(table(rows))
        deltas = {
            "lead-3": bootstrap(per_doc["engine"], per_doc["lead-3"]),
            "lead-3 (prose)": bootstrap(per_doc["engine"], per_doc["lead-3 (prose)"]),
        }
        for base, d in deltas.items():
            text = ", ".join(f"{m} {v[0]:+.2f} [{v[1]:+.2f}, {v[2]:+.2f}]" for m, v in d.items())
            print(f"engine - {base}: {text}")
        halves = half_margins(per_doc["engine"], per_doc["lead-3 (prose)"])
        print(
            "engine - lead-3 (prose), each half alone (a gap between them is noise or a fit): "
            + "; ".join(
                f"{h} " + " / ".join(f"{v:+.2f}" for v in vals.values())
                for h, vals in halves.items()
            )
        )
        meets = {
            base: all(means["engine"][m] >= means[base][m] for m in METRICS)
            for base in ("lead-3", "lead-3 (prose)")
        }
        print("faithfulness guard (warn), flagged sentences:")
        ref_flags = flag_stats(
            [(a.text, r) for a, r in zip(articles, refs, strict=True)], args.show_flags, "ref"
        )
        eng_flags = flag_stats(
            [(a.text, o) for a, o in zip(articles, outputs, strict=True)], args.show_flags, "out"
        )
        print(
            f"  references: {ref_flags['flagged']}/{ref_flags['checked']} "
            f"({ref_flags['rate_pct']}%)   engine output: {eng_flags['flagged']}/"
            f"{eng_flags['checked']} ({eng_flags['rate_pct']}%)"
        )
        planted = perturbations([a.text for a in articles], outputs)
        print(
            "  errors planted in the engine's output and caught: "
            + ", ".join(f"{k} {v['caught']}/{v['planted']}" for k, v in planted.items())
        )
        report["parts"][name] = {
            "articles": len(recs),
            "engine_seconds": round(seconds, 2),
            "scores": rows,
            "engine_minus_baseline_95ci": deltas,
            "engine_minus_prose_lead3_by_half": halves,
            "engine_at_or_above": meets,
            "guard_flags": {"references": ref_flags, "engine": eng_flags},
            "guard_catches_planted_errors": planted,
        }
        if name == "cnndm" and args.engine == "extractive":
            cvd = cross_validated(recs, args.length, rouge)
            report["parts"][name]["cross_validation"] = cvd
            for base, met in cvd["at_or_above"].items():
                target[f"{base}, cross-validated"] = met
        if name == "cnndm":
            target |= meets
            prose = deltas["lead-3 (prose)"]
            target[f"lead-3 (prose) + {PROSE_MARGIN}"] = all(
                prose[m][0] >= PROSE_MARGIN for m in METRICS
            )
    if args.engine == "extractive" and target:
        for base, met in target.items():
            verdict = "met" if met else "NOT met"
            print(f"target: extractive >= {base} on ROUGE-1/2/Lsum on CNN/DM: {verdict}")
        report["prose_margin"] = PROSE_MARGIN
        report["target_met"] = target
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
