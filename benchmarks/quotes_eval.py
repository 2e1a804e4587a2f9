"""Score the quotation extractor on PolNeAR dev and on a hand-annotated BBC set.

Usage: python benchmarks/quotes_eval.py [--data PATH] [--bbc PATH] [--errors N] [--breakdown N]

Two development sets, scored the same way and printed side by side:

* PolNeAR dev (``quotes.dev.jsonl``, below);
* BBC (``benchmarks/data/bbc_quotes.jsonl``, see ``benchmarks/data/README.md``): 40 BBC
  News articles from ``../shared/eval/articles`` (eight per section) annotated by hand for
  this project: offsets of every quotation in the article body as briefgen reads it
  (``read_txt``: the text after the headline line), the speaker's full name (``named``
  false for a speaker that is not a name: "a spokesman", "the lawsuit") and role. Only
  offsets and names are stored; the text comes from the article files.

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
  a pronoun or a common noun phrase; :func:`named_speaker`): the prediction (for ours: the
  speaker after name normalisation and pronoun resolution) is right when it contains the
  gold speaker's last name, case-insensitively.

Every quotation returned by ``extract_quotes`` counts as a prediction, fragments and scare
quotes included. The baseline pairs double marks in order of appearance and takes as
speaker the nearest capitalised name next to "said".

Both sets are scored by this same method (the BBC gold is turned into quotes.dev-style
records by :func:`bbc_records`). Besides the figures, for each set: **key quotes without a
speaker** (the quotes ``find_quotes(text, 3)`` marks key whose speaker is None or a pronoun
left unresolved) and key quotes with the wrong speaker (:func:`key_quote_check`), and every
error sorted into a class (:func:`error_class`: missed quotation, not a quotation, no
speaker, pronoun left unresolved, instrument, dateline or heading, description, sentence-
initial word, wrong person).

Prints a table per set for both extractors, then the two sets side by side against the
targets of issue 14, and writes ``benchmarks/results/quotes.json`` (PolNeAR figures at the
top level as before, the BBC set under ``bbc``). It reports; it does not assert, and exits
0 whatever the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.core.lexicon import ADVERBS, INTRO_WORDS, TIME_WORDS, TITLES  # noqa: E402
from briefgen.ingest.readers import read_txt  # noqa: E402
from briefgen.quotes import extract_quotes, find_quotes  # noqa: E402
from briefgen.quotes.choose import RULES, SpeakerModel, load_model  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "quotes.dev.jsonl"
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "quotes.train.jsonl"
DEFAULT_BBC = ROOT / "benchmarks" / "data" / "bbc_quotes.jsonl"
ARTICLES = ROOT.parent / "shared" / "eval" / "articles"
RESULTS = ROOT / "benchmarks" / "results" / "quotes.json"
TARGETS = {"recall": 0.97, "precision": 0.93, "speaker_accuracy": 0.93}

_TRIM = " \n\t\"“”‘’'«»,"
_NOT_NAME = {
    "he", "she", "it", "they", "i", "we", "you", "who", "which", "that", "the", "a", "an",
    "his", "her", "its", "their", "my", "our", "this", "these", "those", "another", "other",
    "one", "only", "several", "some", "small", "many", "said", "both",
}  # fmt: skip


COMMON_WORDS = ADVERBS | INTRO_WORDS | TIME_WORDS


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


_SUFFIXES = {"jr", "sr", "ii", "iii", "himself", "herself", "themselves"}
_CLAUSE = re.compile(r"\s(?:who|whose|which|that|when|where)\s.*$")
# "a longtime adviser to both Galts", "The crowd gathered in the hall": a common
# noun (lower case) before a preposition is the head of the phrase
_OPENERS = {"the", "a", "an", "one", "two", "several", "multiple", "some", "many"}
_NOUN_THEN_PP = re.compile(r"(?<=\s)([a-z][\w’'-]*)\s(?:to|in|at|for|from|with|on|close to)\s.*$")


def named_speaker(speaker: str | None) -> str | None:
    """The gold speaker's last name read as the module docstring defines the scored set:
    None for a pronoun or a common noun phrase ("the Oregon senator", "a Galt aide",
    "Galt's campaign": the head noun is not a name), the name of an appositive written
    after its role ("Galt's campaign chairman, Rina Osei" -> Osei), the whole name
    when it is followed by "of" ("Former Secretary of State Lena Marsh" -> Marsh,
    "Mr. Morgan of the Sierra Club" -> Morgan). The ``issued`` reading (:data:`NAMERS`) is
    :func:`last_name`, which takes the last capitalised word of the first part in these
    cases ("Oregon", "Galt", "Secretary")."""
    if not speaker:
        return None
    core = re.sub(r"\([^)]*(\)|$)", " ", speaker)
    for part in core.split(","):
        part = _CLAUSE.sub("", part.strip())
        if part[:1].islower() or part.split(" ")[0].lower() in _OPENERS:
            part = _NOUN_THEN_PP.sub(r"\1", part)
        head = part.split(" of ")[0]
        if _head_is_name(head) and head.split()[-1].lower() not in TITLES:
            part = head  # "Pell of the Harbour Trust"; not "Secretary of State X"
        if _head_is_name(part):
            words = [re.sub(r"(’s|'s|’|')$", "", w).strip('."') for w in part.split()]
            names = [
                w
                for w in words
                if w[:1].isupper()
                and w.lower() not in _NOT_NAME | _SUFFIXES
                and not re.fullmatch(r"[A-Z]\.?", w)
            ]
            if names:
                return names[-1]
    return None


def _head_is_name(part: str) -> bool:
    """Whether the last word of ``part`` (suffixes such as "Jr." and "himself" left out)
    is capitalised and not a possessive: "Rina Osei", not "the Galt campaign"."""
    words = [w for w in part.split() if w.lower().strip(".") not in _SUFFIXES]
    return bool(words) and words[-1][:1].isupper() and not re.search(r"(’s|'s|’)$", words[-1])


NAMERS: dict[str, Callable[[str | None], str | None]] = {
    "names": named_speaker,
    "issued": last_name,
}
"""How a gold speaker is read for speaker accuracy: ``names`` (the default) scores only
gold speakers that are names, as the module docstring defines it; ``issued`` is the reading
the figures of issue 25 were first given with (:func:`last_name`)."""


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
    classes: Counter[str] | None = None,
    name_of: Callable[[str | None], str | None] | None = None,
) -> Tally:
    """Tally ``extractor`` on ``records``; ``errors`` collects readable error lines and
    ``classes`` counts the errors by class (:func:`error_class`); ``name_of`` reads the
    gold speaker (:data:`NAMERS`, :func:`named_speaker` by default)."""
    name_of = name_of or named_speaker
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
                if classes is not None:
                    classes["missed quotation"] += 1
                if errors is not None:
                    errors.append(f"MISS {rec['id']}: {g.quote[:140]!r} [{g.speaker}]")
                continue
            t.recalled += 1
            name = name_of(g.speaker)
            if name is None:
                continue
            t.named += 1
            said = preds[best].speaker or ""
            if name.lower() in said.lower():
                t.speaker_right += 1
                continue
            if classes is not None:
                classes[error_class(said, text, preds[best].start)] += 1
            if errors is not None:
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
                continue
            if classes is not None:
                classes["not a quotation (scare quote, title, term)"] += 1
            if errors is not None:
                ctx = text[max(0, p.start - 60) : p.end + 30].replace("\n", " | ")
                errors.append(f"FP   {rec['id']}: {p.text[:100]!r} [{p.speaker}] ...{ctx!r}")
    return t


_INSTRUMENTS = re.compile(
    r"\b(statement|statements|tweet|tweets|twitter|facebook|interview|voice|notes|release|"
    r"letter|e-mail|email|blog|website|post|memo|report|speech|programme|show|broadcast)\b",
    re.IGNORECASE,
)
_PRONOUNS = {"he", "she", "it", "they", "i", "we", "you", "his", "her", "their"}


def error_class(said: str, text: str, start: int) -> str:
    """The class of a wrong speaker (see the issue's list): what the prediction is."""
    words = said.split()
    if not words:
        return "no speaker found"
    if said.lower() in _PRONOUNS:
        return "pronoun left unresolved"
    if _INSTRUMENTS.search(said):
        return "instrument (statement, interview) as speaker"
    if said.isupper() and len(said) > 3:
        return "dateline or heading as speaker"
    if not said[:1].isupper() or words[0].lower() in {"the", "a", "an", "one"}:
        return "description (role, noun phrase), not the name"
    if len(words) == 1 and words[0].lower() in COMMON_WORDS:
        return "sentence-initial word as name"
    if any(w in text[start : start + 3000] for w in words if len(w) > 2 and w[0].isupper()):
        return "wrong person: a name in or after the quote"
    return "wrong person"


def bbc_records(path: Path, articles: Path = ARTICLES) -> list[dict[str, Any]]:
    """The BBC gold as quotes.dev-style records: the article body as briefgen reads it, and
    gold quotes with offsets (a speaker that is not a name is not scored for accuracy)."""
    out: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        raw = (articles / rec["file"]).read_text(encoding="utf-8")
        text = next(iter(read_txt(raw, rec["file"]))).text
        quotes = []
        for q in rec["quotes"]:
            span = text[q["start"] : q["end"]]
            if hashlib.sha1(span.encode("utf-8")).hexdigest()[:12] != q["sha1"]:
                print(f"warning: {rec['file']} offsets do not match the text", file=sys.stderr)
            quotes.append(
                {
                    "quote": span,
                    "quote_span": [[q["start"], q["end"]]],
                    "type": "direct",
                    "speaker": q["speaker"] if q["named"] else None,
                }
            )
        out.append({"id": rec["file"], "section": rec["section"], "text": text, "quotes": quotes})
    return out


def key_quote_check(records: list[dict[str, Any]], n: int = 3) -> dict[str, int]:
    """Key quotes (``find_quotes(text, n)``, the CLI's default) without a speaker (none, or
    a pronoun left unresolved), and, where the gold names the speaker, with the wrong one."""
    keys = no_speaker = wrong = 0
    for rec in records:
        golds = gold_quotes(rec)
        for q in find_quotes(rec["text"], n):
            if not q.key:
                continue
            keys += 1
            if not q.speaker or q.speaker.lower() in _PRONOUNS:
                no_speaker += 1
                continue
            span = set(range(q.start, q.end))
            for g in golds:
                name = named_speaker(g.speaker)
                if name and len(span & g.chars) >= len(g.chars) / 2:
                    wrong += name.lower() not in q.speaker.lower()
                    break
    return {"key_quotes": keys, "key_no_speaker": no_speaker, "key_wrong_speaker": wrong}


def with_model(model: SpeakerModel) -> Callable[[str], list[Pred]]:
    """``extract_quotes`` with the speaker chosen by ``model`` (:data:`RULES`: the rules)."""

    def extract(text: str) -> list[Pred]:
        return [Pred(q.start, q.end, q.speaker, q.text) for q in extract_quotes(text, model)]

    return extract


_FIGS = ("precision", "recall", "speaker_accuracy")


def _memo(extract: Callable[[str], list[Pred]]) -> Callable[[str], list[Pred]]:
    seen: dict[str, list[Pred]] = {}

    def run(text: str) -> list[Pred]:
        if text not in seen:
            seen[text] = extract(text)
        return seen[text]

    return run


def _cv(
    records: list[dict[str, Any]], breakdown: int
) -> tuple[dict[str, dict[str, list[dict[str, float]]]], Counter[str]]:
    """Per scorer reading (:data:`NAMERS`) and extractor, the figures of each held-out
    fold; and the error classes of the model's folds (with ``breakdown``, also where its
    wrong speakers come from, printed with that many examples per class)."""
    import train_quotes
    from quotes_errors import breakdown as where
    from quotes_errors import report

    per_fold: dict[str, dict[str, list[dict[str, float]]]] = {
        n: {"rules": [], "model": []} for n in NAMERS
    }
    classes: Counter[str] = Counter()
    whence: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    folds = train_quotes.folds(records)
    for k, fold in enumerate(folds):
        rules = _memo(with_model(RULES))
        rest = [r for j, f in enumerate(folds) if j != k for r in f]
        model = train_quotes.fit(rest)
        fitted = _memo(with_model(model))
        for n, name_of in NAMERS.items():
            per_fold[n]["rules"].append(score(fold, rules, name_of=name_of).figures())
            cls = classes if n == "names" else None
            got = score(fold, fitted, classes=cls, name_of=name_of)
            per_fold[n]["model"].append(got.figures())
        if breakdown:
            whence.update(where(fold, model, examples))
    if breakdown:
        report(whence, examples, breakdown)
    return per_fold, classes


def rules_and_model(
    train: Path, dev: list[dict[str, Any]], bbc: list[dict[str, Any]], breakdown: int = 0
) -> None:
    """Rules and speaker model side by side: PolNeAR train under 5-fold cross-validation by
    article (the model fitted on four folds, scored on the fifth; mean and worst fold), dev
    and BBC (the shipped model, fitted on all of train); under both readings of the gold
    speaker (:data:`NAMERS`)."""
    import train_quotes

    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("scikit-learn is not installed (pip install -e .[train]): no cross-validation")
        return
    records = train_quotes.load(train)
    per_fold, classes = _cv(records, breakdown)
    version = load_model().version
    for reading, name_of in NAMERS.items():
        table: dict[str, dict[str, dict[str, float]]] = {"rules": {}, "model": {}}
        for name, model in (("rules", RULES), ("model", load_model())):
            figs = per_fold[reading][name]
            table[name]["train CV mean"] = {f: sum(x[f] for x in figs) / len(figs) for f in _FIGS}
            table[name]["train CV worst"] = {f: min(x[f] for x in figs) for f in _FIGS}
            table[name]["dev"] = score(dev, with_model(model), name_of=name_of).figures()
            if bbc:
                table[name]["BBC"] = score(bbc, with_model(model), name_of=name_of).figures()
        print(
            f"\nrules and speaker model ({version}); train: {len(records)} articles; "
            f"gold speakers read as: {reading}"
        )
        _print_table(table)
        for name in ("rules", "model"):
            for k, x in enumerate(per_fold[reading][name]):
                print(f"  {name} fold {k}: " + ", ".join(f"{f} {x[f]:.4f}" for f in _FIGS))
    print("errors by class, model, train under cross-validation (all five held-out folds):")
    for c, n in classes.most_common():
        print(f"  {c:<52}{n:>6}")


def _print_table(table: dict[str, dict[str, dict[str, float]]]) -> None:
    cols = [c for c in ("train CV mean", "train CV worst", "dev", "BBC") if c in table["rules"]]
    print(f"{'':<26}" + "".join(f"{c:>16}" for c in cols))
    for f in _FIGS:
        for name in ("rules", "model"):
            cells = [table[name].get(c, {}).get(f) for c in cols]
            print(
                f"{f + ' (' + name + ')':<26}"
                + "".join(f"{c:>16.4f}" if c is not None else f"{'-':>16}" for c in cells)
            )


def _row(name: str, f: dict[str, float]) -> str:
    return (
        f"{name:<22} {f['precision']:>6.3f} {f['recall']:>6.3f} {f['f1']:>6.3f} "
        f"{f['speaker_accuracy']:>7.3f} {f['gold']:>5} {f['predicted']:>5} {f['seconds']:>6.2f}"
    )


def _set_results(records: list[dict[str, Any]], errors: list[str]) -> dict[str, Any]:
    classes: Counter[str] = Counter()
    results: dict[str, Any] = {
        "briefgen": score(records, ours, errors, classes).figures(),
        "baseline": score(records, baseline).figures(),
        "briefgen_attributed": score(records, ours_attributed).figures(),
    }
    results["briefgen"].update(key_quote_check(records))
    results["error_classes"] = dict(classes.most_common())
    return results


def _print_side_by_side(sets: dict[str, dict[str, Any]]) -> None:
    names = list(sets)
    print(f"{'':<34}" + "".join(f"{n:>22}" for n in names))
    rows = [
        ("precision", "precision"),
        ("recall", "recall"),
        ("speaker_accuracy", "speaker accuracy"),
        ("key_no_speaker", "key quotes without a speaker"),
        ("key_wrong_speaker", "key quotes, wrong speaker"),
        ("gold", "gold quotations"),
        ("speaker_scored", "speakers scored (named)"),
    ]
    for key, label in rows:
        cells = []
        for n in names:
            mine, base = sets[n]["briefgen"], sets[n]["baseline"]
            if key.startswith("key_"):
                cells.append(f"{mine[key]:>5} of {mine['key_quotes']:<4}")
            elif isinstance(mine[key], float):
                cells.append(f"{mine[key]:.3f} (base {base[key]:.3f})")
            else:
                cells.append(f"{mine[key]}")
        print(f"{label:<34}" + "".join(f"{c:>22}" for c in cells))
    print("errors by class (briefgen):")
    classes = sorted({c for n in names for c in sets[n]["error_classes"]})
    for c in classes:
        counts = "".join(f"{sets[n]['error_classes'].get(c, 0):>11}" for n in names)
        print(f"  {c:<52}{counts}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="quotes jsonl file")
    ap.add_argument("--bbc", type=Path, default=DEFAULT_BBC, help="BBC gold jsonl file")
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors of ours")
    ap.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="PolNeAR train jsonl")
    ap.add_argument(
        "--breakdown",
        type=int,
        default=0,
        metavar="N",
        help="where the model's wrong speakers come from under CV, N examples per class",
    )
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}; pass --data PATH", file=sys.stderr)
        return 0
    lines = args.data.read_text(encoding="utf-8").splitlines()
    every = [json.loads(line) for line in lines if line.strip()]
    records = [r for r in every if not unannotated(r)]
    errors: list[str] = []
    results = _set_results(records, errors)
    results["briefgen_incl_unannotated"] = score(every, ours).figures()
    results["baseline_incl_unannotated"] = score(every, baseline).figures()
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
        if name != "error_classes":
            print(_row(name, f))
    sets = {"PolNeAR dev": results}
    bbc_errors: list[str] = []
    if args.bbc.exists() and ARTICLES.exists():
        bbc = bbc_records(args.bbc)
        sets["BBC (hand-annotated)"] = _set_results(bbc, bbc_errors)
        print(f"quotes: {args.bbc.name}: {len(bbc)} BBC articles")
        for name, f in sets["BBC (hand-annotated)"].items():
            if name != "error_classes":
                print(_row(name, f))
    print()
    _print_side_by_side(sets)
    met = {f"{n}: {k}": sets[n]["briefgen"][k] >= v for n in sets for k, v in TARGETS.items()}
    met.update(
        {
            f"{n}: no key quote without a speaker": not sets[n]["briefgen"]["key_no_speaker"]
            for n in sets
        }
    )
    print(
        "targets (briefgen): "
        + ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in met.items())
    )
    print(
        f"''-marked articles (no gold): {doubled['quotes']:.0f} quotations, "
        f'{doubled["agreement"]:.3f} identical (text and speaker) to the same text with " marks'
    )
    for line in errors[: args.errors] + bbc_errors[: args.errors]:
        print(line)
    if args.train.exists():
        bbc_set = bbc_records(args.bbc) if args.bbc.exists() and ARTICLES.exists() else []
        rules_and_model(args.train, records, bbc_set, args.breakdown)
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
    if "BBC (hand-annotated)" in sets:
        payload["bbc"] = {"data": str(args.bbc), **sets["BBC (hand-annotated)"]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
