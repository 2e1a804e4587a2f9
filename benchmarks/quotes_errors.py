"""Where the speaker model's wrong speakers come from: candidates or choice.

Used by ``benchmarks/quotes_eval.py --breakdown`` on PolNeAR train under cross-validation
(each fold scored with the model fitted on the other four). For every gold quotation with
a named speaker (:func:`quotes_eval.named_speaker`) that the rules found, the speaker
given is sorted into one of:

* right;
* **never proposed**: no candidate of :func:`briefgen.quotes.choose.candidates` names the
  gold speaker (candidate generation);
* **rules' wrong choice kept**: the rules named someone else and the model kept it;
* **model chose another**: the right speaker was a candidate and the model picked another
  one (over the rules' right answer, or where the rules had none);
* **left without a speaker**: the right speaker was a candidate, the best score was below
  :data:`briefgen.quotes.choose.MIN_SCORE`.

It prints the counts and a few examples of each class (the gold speaker, the speaker
given and the candidates, no article text).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from briefgen.quotes.choose import SpeakerModel, candidates, choose
from briefgen.quotes.extract import rules_view

CLASSES = (
    "right",
    "never proposed (candidate generation)",
    "rules' wrong choice kept by the model",
    "model chose another candidate",
    "left without a speaker",
)


def breakdown(
    records: list[dict[str, Any]], model: SpeakerModel, examples: dict[str, list[str]]
) -> Counter[str]:
    """The speaker classes of ``records`` under ``model``; ``examples`` collects one line
    per error, by class."""
    from quotes_eval import gold_quotes, named_speaker

    counts: Counter[str] = Counter()
    for rec in records:
        view = rules_view(rec["text"])
        if view is None:
            continue
        cands = candidates(view)
        chosen = choose(model, view)
        spans = [set(range(q.start, q.end)) for q in view.quotes]
        for g in gold_quotes(rec):
            name = named_speaker(g.speaker)
            if name is None:
                continue
            covers = [len(s & g.chars) / len(g.chars) for s in spans]
            b = max(range(len(spans)), key=lambda i: covers[i])
            if covers[b] < 0.5:
                continue
            said, rule = chosen[b].speaker, view.quotes[b].speaker
            names = [c.name for c in cands[b]]
            cls = _class(name.lower(), said, rule, names)
            counts[cls] += 1
            if cls != "right":
                examples.setdefault(cls, []).append(
                    f"{rec['id'][-32:]}: gold={g.speaker[:50]!r} given={said!r} "
                    f"rules={rule!r} candidates={names[:6]}"
                )
    return counts


def _class(name: str, said: str | None, rule: str | None, names: list[str]) -> str:
    if said and name in said.lower():
        return CLASSES[0]
    if not any(name in n.lower() for n in names):
        return CLASSES[1]
    if said is None:
        return CLASSES[4]
    if said == rule:
        return CLASSES[2]
    return CLASSES[3]


def report(counts: Counter[str], examples: dict[str, list[str]], n: int) -> None:
    total = sum(counts.values())
    print(f"speakers under cross-validation, by where they come from ({total} scored):")
    for cls in CLASSES:
        print(f"  {cls:<44}{counts.get(cls, 0):>6}")
    for cls in CLASSES[1:]:
        for line in examples.get(cls, [])[:n]:
            print(f"  [{cls[:22]}] {line}")
