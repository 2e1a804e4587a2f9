"""Kinds (full quote or fragment) and the choice of key quotes."""

from __future__ import annotations

import re
from dataclasses import replace

from briefgen.core.lexicon import CUE_FORMS, PRONOUNS
from briefgen.document import Quote, QuoteKind

_WORD = re.compile(r"[\w’']+")
_INTRO_END = (":", ",", "—", "–", "-", "(")
_SENTENCE_INSIDE = re.compile(r"[.!?…][”\"’']?\s+[A-Z“\"‘]")


def classify_kind(quote_text: str, before: str, continued: bool) -> QuoteKind:
    """'full' for a quotation of a clause or more, 'fragment' for a phrase or scare quote.

    A quote is full when it has at least three words and either stands as its own sentence
    (nothing before it in the sentence, or a colon, comma, dash or cue verb introduces it)
    and starts with a capital letter, or it holds more than one sentence. A quote woven into
    the writer's sentence ("described the talks as “very good”", "said Tehran would “not
    yield”") is a fragment, as are titles ("on “Fox News Sunday”").
    """
    words = _WORD.findall(quote_text)
    if len(words) < 3:
        return "fragment"
    if _SENTENCE_INSIDE.search(quote_text):
        return "full"
    first = quote_text.lstrip("…. ([")[:1]
    lead = before.rstrip()
    words = _WORD.findall(lead)
    last_word = words[-1].lower() if words else ""
    introduced = (
        lead == ""
        or lead.endswith(_INTRO_END)
        or last_word in CUE_FORMS
        or (last_word == "that" and first.isupper() and len(words) >= 5)
    )
    if continued:
        return "full" if len(words) >= 3 else "fragment"
    if introduced and (first.isupper() or first.isdigit() or lead.endswith(":")):
        return "full"
    if introduced and lead == "" and len(words) >= 8:
        return "full"
    return "fragment"


def score_quote(q: Quote) -> float:
    """How good a key quote ``q`` would make: complete, substantive and attributed."""
    if q.kind != "full":
        return 0.0
    n = len(_WORD.findall(q.text))
    score = 1.0
    if q.speaker and q.resolved_from is None and not q.speaker.islower():
        score += 1.0
    elif q.speaker and q.resolved_from is not None:
        score += 0.8
    elif q.speaker:
        score += 0.3
    if 12 <= n <= 45:
        score += 1.0
    elif 6 <= n < 12 or 45 < n <= 80:
        score += 0.5
    text = q.text.rstrip("”\"’' ")
    if text[:1].isupper() and text.endswith((".", "!", "?")):
        score += 0.5
    if text.endswith("?"):
        score -= 0.3
    return round(score, 3)


def _similar(a: str, b: str) -> bool:
    wa = {w.lower() for w in _WORD.findall(a)}
    wb = {w.lower() for w in _WORD.findall(b)}
    if not wa or not wb:
        return False
    overlap = len(wa & wb)
    return overlap / min(len(wa), len(wb)) >= 0.6


def attributed(q: Quote) -> bool:
    """Whether ``q`` has a speaker a reader can name: not none, not a pronoun left
    unresolved ("he"), not a bare description ("a spokesman")."""
    if not q.speaker:
        return False
    return q.speaker.lower() not in PRONOUNS


def pick_keys(quotes: list[Quote], n: int) -> list[int]:
    """Indices of up to ``n`` key quotes: best first, distinct speakers, no near-duplicates.
    A quote without a speaker (or with a pronoun left unresolved) is never a key quote."""
    order = sorted(
        (i for i, q in enumerate(quotes) if q.kind == "full" and attributed(q)),
        key=lambda i: (-quotes[i].score, quotes[i].start),
    )
    chosen: list[int] = []
    for distinct in (True, False):
        for i in order:
            if len(chosen) >= n:
                break
            if i in chosen:
                continue
            q = quotes[i]
            if distinct and q.speaker and any(quotes[c].speaker == q.speaker for c in chosen):
                continue
            if any(_similar(q.text, quotes[c].text) for c in chosen):
                continue
            chosen.append(i)
    return sorted(chosen)


def with_scores(quotes: list[Quote]) -> list[Quote]:
    return [replace(q, score=score_quote(q)) for q in quotes]
