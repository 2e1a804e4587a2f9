"""Score the quotation rules of French, German, Spanish, Italian, Portuguese, Chinese,
Japanese and Arabic.

Usage: python benchmarks/quotes_intl_eval.py [--data PATH] [--errors N]

Data: ``tests/data/quotes_intl.jsonl``, news-style articles written for this project (none
taken from real news), in the format of the PolNeAR files ``benchmarks/quotes_eval.py``
reads (``text``, gold ``quotes`` with ``quote_span`` and ``speaker``; ``null`` for a
speaker that is not a name), plus ``language`` and ``split``: ``developed`` (the articles
the rules were written against, and a first held-out batch once its errors had been used)
or ``held-out`` (written after the rules were done; the figures as first measured, and the
fixes made since, are in ``docs/quotes.md``).

Scoring is :func:`quotes_eval.score`, the same as for English: a gold quote is recalled
when a prediction covers half of it; a prediction is correct when it covers half of a gold
quote; speaker accuracy is over recalled quotes with a named gold speaker (the prediction
contains the gold speaker's last name; for Chinese, Japanese and Arabic, written without
capitals, the gold speaker is a name whenever it is not null, and its last space-separated
word is what the prediction must contain: the whole name in Chinese and Japanese, the
family name in Arabic). Prints precision, recall and speaker accuracy per
language and split, and the median cost per article against the English rules on the
BBC set measured in the same run. It reports; it does not assert.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from quotes_eval import ARTICLES, DEFAULT_BBC, Pred, bbc_records, named_speaker, score  # noqa: E402

from briefgen.quotes import extract_quotes  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "quotes_intl.jsonl"
CASELESS = frozenset({"zh", "ja", "ar"})
"""Languages whose gold speakers are names whenever they are given (no capitals to tell)."""


def caseless_name(speaker: str | None) -> str | None:
    """The part of a gold speaker a prediction must contain, for :data:`CASELESS`."""
    return speaker.split()[-1] if speaker and speaker.split() else None


def extractor(language: str) -> Any:
    def run(text: str) -> list[Pred]:
        return [
            Pred(q.start, q.end, q.speaker, q.text) for q in extract_quotes(text, language=language)
        ]

    return run


def median_ms(texts: list[str], language: str, rounds: int = 5) -> float:
    times: list[float] = []
    for text in texts:
        best = min(_timed(text, language) for _ in range(rounds))
        times.append(best * 1000)
    return statistics.median(times) if times else 0.0


def _timed(text: str, language: str) -> float:
    t0 = time.perf_counter()
    extract_quotes(text, language=language)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gold jsonl file")
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors per language")
    args = ap.parse_args(argv)
    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    languages = sorted({r["language"] for r in records})
    print(
        f"{'language':<9} {'split':<10} {'art':>4} {'prec':>6} {'recall':>6} {'speaker':>7}"
        f" {'gold':>5} {'pred':>5} {'named':>5}"
    )
    for split in ("developed", "held-out"):
        for lang in [*languages, "all"]:
            chosen = [
                r
                for r in records
                if r["split"] == split and (lang == "all" or r["language"] == lang)
            ]
            if not chosen:
                continue
            errors: list[str] = []
            tally = _score(chosen, errors)
            f = tally
            print(
                f"{lang:<9} {split:<10} {len(chosen):>4} {f['precision']:>6.3f} "
                f"{f['recall']:>6.3f} {f['speaker_accuracy']:>7.3f} {f['gold']:>5} "
                f"{f['predicted']:>5} {f['speaker_scored']:>5}"
            )
            for line in errors[: args.errors] if lang != "all" else []:
                print("   ", line)
    texts = [r["text"] for r in records]
    ms = median_ms([t for r, t in zip(records, texts, strict=True) if r["language"] != "en"], "fr")
    per = {
        lang: median_ms([r["text"] for r in records if r["language"] == lang], lang)
        for lang in languages
    }
    line = ", ".join(f"{k} {v:.2f}" for k, v in per.items())
    if DEFAULT_BBC.exists() and ARTICLES.exists():
        english = median_ms([r["text"] for r in bbc_records(DEFAULT_BBC)], "en")
        print(f"median ms per article: {line}; English rules on the BBC set {english:.2f}")
    else:
        print(f"median ms per article: {line} (all: {ms:.2f})")
    return 0


def _score(records: list[dict[str, Any]], errors: list[str]) -> dict[str, Any]:
    """Each record scored with its own language's rules, tallied together."""
    total: dict[str, Any] = {}
    tallies = [
        score(
            [r],
            extractor(r["language"]),
            errors,
            name_of=caseless_name if r["language"] in CASELESS else named_speaker,
        )
        for r in records
    ]
    keys = ("gold", "preds", "recalled", "correct", "named", "speaker_right")
    sums = {k: sum(getattr(t, k) for t in tallies) for k in keys}
    total["gold"], total["predicted"] = sums["gold"], sums["preds"]
    total["precision"] = sums["correct"] / sums["preds"] if sums["preds"] else 0.0
    total["recall"] = sums["recalled"] / sums["gold"] if sums["gold"] else 0.0
    total["speaker_accuracy"] = sums["speaker_right"] / sums["named"] if sums["named"] else 0.0
    total["speaker_scored"] = sums["named"]
    return total


if __name__ == "__main__":
    raise SystemExit(main())
