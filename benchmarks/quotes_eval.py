"""Score the quotation extractor on PolNeAR dev (and the textacy test cases).

Usage: python benchmarks/quotes_eval.py [--data PATH] [--errors N]

Data: ``quotes.dev.jsonl`` from ``../shared/eval`` beside the checkout (see its README);
every record has the article ``text`` and gold ``quotes`` with ``quote_span`` (character
ranges), ``type`` (``direct`` or ``mixed``), ``quoted_segments`` (the words inside the marks
for ``mixed`` quotes) and ``speaker``.

Scoring (the same for both extractors):

* gold text: for ``direct`` quotes the characters of ``quote_span`` (trimmed of marks,
  spaces and commas at the ends); for ``mixed`` quotes only the ``quoted_segments`` found in
  that span (the whole span when they cannot be found); for records without offsets, the
  first occurrence of the quote text;
* a gold quote is **recalled** when one prediction covers at least half of its gold text
  (or, for a quote made of several marked fragments, the predictions lying inside it cover
  half of it together);
* a prediction is **correct** when it covers at least half of some gold quote's text, or at
  least half of the prediction lies inside one (a piece of an annotated quotation);
* **speaker accuracy** is measured on recalled gold quotes whose gold speaker is a name (not
  a pronoun or a common noun phrase): the prediction (for ours: the speaker after name
  normalisation and pronoun resolution) is right when it contains the gold speaker's last
  name, case-insensitively.

Every quotation returned by ``extract_quotes`` counts as a prediction, fragments and scare
quotes included. The baseline pairs double marks in order of appearance and takes as
speaker the nearest capitalised name next to "said".

Prints a table for both extractors and writes ``benchmarks/results/quotes.json``. It
reports; it does not assert, and exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.quotes import extract_quotes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "quotes.dev.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "quotes.json"
TARGETS = {"recall": 0.95, "precision": 0.90, "speaker_accuracy": 0.90}

_TRIM = " \n\t\"“”‘’'«»,"
_NOT_NAME = {
    "he", "she", "it", "they", "i", "we", "you", "who", "which", "that", "the", "a", "an",
    "his", "her", "its", "their", "my", "our", "this", "these", "those", "another", "other",
    "one", "only", "several", "some", "small", "many", "said", "both",
}  # fmt: skip


@dataclass
class Pred:
    start: int
    end: int
    speaker: str | None
    text: str = ""


@dataclass
class Gold:
    chars: set[int]
    speaker: str | None
    quote: str
    kind: str


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def gold_quotes(record: dict[str, Any]) -> list[Gold]:
    text: str = record["text"]
    out: list[Gold] = []
    for q in record["quotes"]:
        chars: set[int] = set()
        spans = q.get("quote_span")
        if not spans:
            k = text.find(q["quote"])
            spans = [[k, k + len(q["quote"])]] if k >= 0 else []
        if q.get("type") == "mixed" and q.get("quoted_segments"):
            lo = min(s for s, _ in spans) - 3
            hi = max(e for _, e in spans) + 3
            for seg in q["quoted_segments"]:
                k = text.find(seg, max(0, lo), hi)
                if k >= 0:
                    s, e = _trimmed(text, k, k + len(seg))
                    chars.update(range(s, e))
        if not chars:
            for s, e in spans:
                s, e = _trimmed(text, s, e)
                chars.update(range(s, e))
        if chars:
            out.append(Gold(chars, q.get("speaker"), q["quote"], q.get("type", "direct")))
    return out


def last_name(speaker: str | None) -> str | None:
    """The gold speaker's last name, or None when the gold speaker is not a name."""
    if not speaker:
        return None
    core = re.sub(r"\([^)]*\)", " ", speaker).split(",")[0]
    head = core.split(" of ")[0]
    if len(head.split()) >= 2:
        core = head  # "Mr. Morgan of the Sierra Club", not "Secretary of State John Kerry"
    words = [re.sub(r"(’s|'s|’|')$", "", w).strip('."') for w in core.split()]
    names = [
        w
        for w in words
        if w[:1].isupper() and w.lower() not in _NOT_NAME and not re.fullmatch(r"[A-Z]\.?", w)
    ]
    names = [w for w in names if w.lower() not in {"jr", "sr", "ii", "iii"}]
    return names[-1] if names else None


def ours_attributed(text: str) -> list[Pred]:
    """Quotations from ``extract_quotes``, leaving out unattributed fragments."""
    return [
        Pred(q.start, q.end, q.speaker, q.text)
        for q in extract_quotes(text)
        if q.kind == "full" or q.speaker is not None
    ]


def ours(text: str) -> list[Pred]:
    """Every span ``extract_quotes`` returns, scare quotes and titles included."""
    return [Pred(q.start, q.end, q.speaker, q.text) for q in extract_quotes(text)]


def unannotated(record: dict[str, Any]) -> bool:
    """A record whose quotations went unannotated: no gold, and ''-style marks.

    PolNeAR's direct/mixed selection only saw straight and curly double marks, so the 7
    NYT articles that mark quotations with doubled apostrophes (''like this'') have an
    empty ``quotes`` list (their 26-42 attributions each are only counted in
    ``n_other_attributions``, without spans), while every NYT article marked with ``"``
    has gold quotes. The extractor does read ''...'' and ``...'' as double marks; scoring
    these records would count each correct quotation there as a false positive, so they
    are scored separately: :func:`doubled_mark_agreement` checks that the quotations and
    speakers found with ''-marks are the ones found when the same text uses ``"``.
    """
    return not record["quotes"] and record["text"].count("''") >= 4


def doubled_mark_agreement(records: list[dict[str, Any]]) -> dict[str, float]:
    """On the ''-marked records: the share of (quote, speaker) pairs found in the text as
    written that are also found after ''/`` are rewritten as straight double marks."""
    same = total = 0
    for rec in records:
        text = rec["text"]
        mine = [(q.text.strip(_TRIM), q.speaker) for q in extract_quotes(text)]
        straight = text.replace("``", '"').replace("''", '"')
        ref = [(q.text.strip(_TRIM), q.speaker) for q in extract_quotes(straight)]
        total += max(len(mine), len(ref))
        same += sum(1 for pair in mine if pair in ref)
    return {
        "articles": len(records),
        "quotes": total,
        "agreement": round(same / total, 4) if total else 0.0,
    }


_SAID_AFTER = re.compile(r"said,?\s+((?:[A-Z][\w’'.-]+\s?)+)")
_SAID_BEFORE = re.compile(r"((?:[A-Z][\w’'.-]+\s)+)said")


def baseline(text: str) -> list[Pred]:
    """Pair double quote marks in order; speaker = nearest capitalised name by "said"."""
    marks = [m.start() for m in re.finditer(r"[\"“”«»]", text)]
    preds: list[Pred] = []
    for a, b in zip(marks[::2], marks[1::2], strict=False):
        start, end = _trimmed(text, a + 1, b)
        if end <= start:
            continue
        best: tuple[int, str] | None = None
        for m in _SAID_AFTER.finditer(text, max(0, a - 200), min(len(text), b + 200)):
            dist = min(abs(m.start() - b), abs(m.start() - a))
            if best is None or dist < best[0]:
                best = (dist, m.group(1).strip())
        for m in _SAID_BEFORE.finditer(text, max(0, a - 200), min(len(text), b + 200)):
            dist = min(abs(m.end() - b), abs(m.end() - a))
            if best is None or dist < best[0]:
                best = (dist, m.group(1).strip())
        preds.append(Pred(start, end, best[1] if best else None, text[start:end]))
    return preds


@dataclass
class Tally:
    gold: int = 0
    recalled: int = 0
    preds: int = 0
    correct: int = 0
    named: int = 0
    speaker_right: int = 0
    seconds: float = 0.0

    def figures(self) -> dict[str, float]:
        p = self.correct / self.preds if self.preds else 0.0
        r = self.recalled / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        s = self.speaker_right / self.named if self.named else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "speaker_accuracy": round(s, 4),
            "gold": self.gold,
            "predicted": self.preds,
            "speaker_scored": self.named,
            "seconds": round(self.seconds, 3),
        }


def score(
    records: list[dict[str, Any]],
    extractor: Callable[[str], list[Pred]],
    errors: list[str] | None = None,
) -> Tally:
    t = Tally()
    for rec in records:
        text = rec["text"]
        golds = gold_quotes(rec)
        t0 = time.perf_counter()
        preds = extractor(text)
        t.seconds += time.perf_counter() - t0
        spans = [set(range(p.start, p.end)) for p in preds]
        t.gold += len(golds)
        t.preds += len(preds)
        for g in golds:
            covers = [len(s & g.chars) / len(g.chars) for s in spans]
            inside = sum(
                c
                for c, s in zip(covers, spans, strict=True)
                if s and len(s & g.chars) >= len(s) / 2
            )
            best = max(range(len(preds)), key=lambda i: covers[i], default=None)
            if best is None or (covers[best] < 0.5 and inside < 0.5):
                if errors is not None:
                    errors.append(f"MISS {rec['id']}: {g.quote[:140]!r} [{g.speaker}]")
                continue
            t.recalled += 1
            name = last_name(g.speaker)
            if name is None:
                continue
            t.named += 1
            said = preds[best].speaker or ""
            if name.lower() in said.lower():
                t.speaker_right += 1
            elif errors is not None:
                errors.append(
                    f"SPKR {rec['id']}: gold={g.speaker!r} pred={said!r}: {g.quote[:90]!r}"
                )
        for p, s in zip(preds, spans, strict=True):
            ok = any(
                len(s & g.chars) >= len(g.chars) / 2 or (s and len(s & g.chars) >= len(s) / 2)
                for g in golds
            )
            if ok:
                t.correct += 1
            elif errors is not None:
                ctx = text[max(0, p.start - 60) : p.end + 30].replace("\n", " | ")
                errors.append(f"FP   {rec['id']}: {p.text[:100]!r} [{p.speaker}] ...{ctx!r}")
    return t


def _row(name: str, f: dict[str, float]) -> str:
    return (
        f"{name:<22} {f['precision']:>6.3f} {f['recall']:>6.3f} {f['f1']:>6.3f} "
        f"{f['speaker_accuracy']:>7.3f} {f['gold']:>5} {f['predicted']:>5} {f['seconds']:>6.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="quotes jsonl file")
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors of ours")
    ap.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}; pass --data PATH", file=sys.stderr)
        return 0
    lines = args.data.read_text(encoding="utf-8").splitlines()
    every = [json.loads(line) for line in lines if line.strip()]
    records = [r for r in every if not unannotated(r)]
    errors: list[str] = []
    results = {
        "briefgen": score(records, ours, errors).figures(),
        "baseline": score(records, baseline).figures(),
        "briefgen_attributed": score(records, ours_attributed).figures(),
        "briefgen_incl_unannotated": score(every, ours).figures(),
        "baseline_incl_unannotated": score(every, baseline).figures(),
    }
    skipped = len(every) - len(records)
    doubled = doubled_mark_agreement([r for r in every if unannotated(r)])
    print(
        f"quotes: {args.data.name}: {len(records)} articles scored "
        f"({skipped} left out: ''-marked quotations that the gold does not annotate)"
    )
    print(
        f"{'extractor':<22} {'prec':>6} {'recall':>6} {'F1':>6} {'speaker':>7} {'gold':>5}"
        f" {'pred':>5} {'secs':>6}"
    )
    for name, f in results.items():
        print(_row(name, f))
    mine = results["briefgen"]
    met = {k: mine[k] >= v for k, v in TARGETS.items()}
    verdicts = (f"{k} >= {v}: {'met' if met[k] else 'MISSED'}" for k, v in TARGETS.items())
    print("targets (briefgen row): " + ", ".join(verdicts))
    print(
        f"''-marked articles (no gold): {doubled['quotes']:.0f} quotations, "
        f'{doubled["agreement"]:.3f} identical (text and speaker) to the same text with " marks'
    )
    for line in errors[: args.errors]:
        print(line)
    payload: dict[str, Any] = {
        "data": str(args.data),
        "articles": len(records),
        "left_out_unannotated": skipped,
        "doubled_marks": doubled,
        "targets": TARGETS,
        "met": met,
        "notes": {
            "briefgen": "every quotation returned, fragments and scare quotes included",
            "briefgen_attributed": "full quotes and attributed fragments only",
            "*_incl_unannotated": "all records, the ''-marked articles without gold included",
        },
    }
    payload.update(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
