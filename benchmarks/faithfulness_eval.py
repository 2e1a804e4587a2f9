"""The faithfulness guard on real model summaries judged by experts.

Data: ``../shared/eval/faithfulness.dev.jsonl`` (SummEval: 16 systems x 50 CNN/DailyMail
articles, each summary with the mean of three experts' consistency scores, 1-5). A summary
is *consistent* when every expert gave it 5 and *inconsistent* otherwise; it counts as
flagged when the guard (``warn`` mode) flags any of its sentences.

Printed for each check alone, for the rules before this work (names, numbers, dates,
quotes), and for the guard as it runs (``DEFAULT_CHECKS``): the share of inconsistent
summaries flagged (recall) and of consistent ones flagged (false flags), on each half of the
file split by article (half A, used to set the thresholds; half B, only reported) and on the
whole. Then how often ``fix`` mode changes a summary the experts found fully consistent.

With ``--nli-model ID_OR_PATH`` it also scores an NLI cross-encoder (SummaC zero-shot, see
``briefgen.faithfulness.nli``) alone and combined with the rules; it needs the weights on
disk.

Target (issue 18): at least 35% of inconsistent summaries flagged with at most 5% of the
consistent ones, on the dev file. The script reports whether it is met and exits 0 either
way. Writes ``benchmarks/results/faithfulness.json`` (``--out`` to change).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.faithfulness import guard  # noqa: E402
from briefgen.faithfulness.check import CHECKS, DEFAULT_CHECKS  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "faithfulness.dev.jsonl"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "faithfulness.json"
BEFORE = ("quote", "date", "number", "name")
TARGET_RECALL = 35.0
TARGET_FALSE = 5.0


def half(article_id: str) -> str:
    """The half of the file an article is in: a stable split by a hash of its id."""
    return "A" if int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def rates(records: Sequence[dict[str, Any]], flagged: Sequence[bool]) -> dict[str, Any]:
    """Recall on inconsistent and false-flag rate on consistent summaries, per half."""
    out: dict[str, Any] = {}
    for part in ("A", "B", "all"):
        rows = [
            (r["consistency"] < 5, f)
            for r, f in zip(records, flagged, strict=True)
            if part == "all" or half(r["id"]) == part
        ]
        bad = [f for inconsistent, f in rows if inconsistent]
        good = [f for inconsistent, f in rows if not inconsistent]
        out[part] = {
            "recall_pct": round(100 * sum(bad) / max(1, len(bad)), 1),
            "false_flag_pct": round(100 * sum(good) / max(1, len(good)), 1),
            "inconsistent": len(bad),
            "consistent": len(good),
        }
    return out


def flags(
    records: Sequence[dict[str, Any]], checks: Collection[str], nli: Any = None
) -> list[bool]:
    return [guard(r["article"], r["summary"], "warn", checks, nli=nli).flagged > 0 for r in records]


def row(label: str, result: dict[str, Any]) -> str:
    cells = "".join(
        f"{result[p]['recall_pct']:>9.1f}{result[p]['false_flag_pct']:>7.1f}"
        for p in ("A", "B", "all")
    )
    return f"{label:40}{cells}"


def fix_alterations(records: Sequence[dict[str, Any]], nli: Any = None) -> dict[str, Any]:
    """How often ``fix`` mode changes a summary every expert scored 5."""
    good = [r for r in records if r["consistency"] >= 5]
    changed = sum(
        guard(r["article"], r["summary"], "fix", nli=nli).text != r["summary"] for r in good
    )
    return {"consistent": len(good), "changed": changed, "pct": round(100 * changed / len(good), 1)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--nli-model", default="", help="an NLI cross-encoder to score too")
    parser.add_argument("--device", default="cpu", help="where the NLI model runs")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}; pass --data", file=sys.stderr)
        return 0
    records = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    t0 = time.perf_counter()
    report: dict[str, Any] = {"data": args.data.name, "summaries": len(records), "rows": {}}
    runs: list[tuple[str, Collection[str]]] = [("before: names, numbers, dates, quotes", BEFORE)]
    runs += [(f"  {c} alone", (c,)) for c in CHECKS]
    runs += [("guard (default checks)", DEFAULT_CHECKS)]
    print(f"{'':40}{'half A: tuned on':>16}{'half B: held out':>16}{'all':>11}")
    print(f"{'':40}" + "   recall  false" * 3)

    def score_row(label: str, checks: Collection[str], nli: Any = None) -> None:
        result = rates(records, flags(records, checks, nli))
        report["rows"][label.strip()] = result
        print(row(label, result))

    for label, checks in runs:
        score_row(label, checks)
    nli = None
    if args.nli_model:
        from briefgen.faithfulness.nli import load_checker

        nli = load_checker(args.nli_model, args.device)
        for label, checks in (("  nli alone", ()), ("guard + nli", DEFAULT_CHECKS)):
            score_row(label, checks, nli)
    else:
        print("(no --nli-model given: the learned checker is not scored)")
    whole = report["rows"]["guard (default checks)"]["all"]
    fix = fix_alterations(records, nli)
    report["fix_changes_fully_consistent"] = fix
    print(
        f"fix mode changes {fix['changed']} of {fix['consistent']} fully consistent summaries "
        f"({fix['pct']}%; the guard's false-flag rate is {whole['false_flag_pct']}%)"
    )
    met = whole["recall_pct"] >= TARGET_RECALL and whole["false_flag_pct"] <= TARGET_FALSE
    report["target_met"] = met
    print(
        f"target: >= {TARGET_RECALL:.0f}% of inconsistent flagged with <= {TARGET_FALSE:.0f}% of "
        f"consistent, on the dev file: {'met' if met else 'NOT met'} "
        f"({whole['recall_pct']}% / {whole['false_flag_pct']}%; {time.perf_counter() - t0:.0f}s)"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
