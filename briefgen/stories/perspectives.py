"""What each outlet adds: the sentences another outlet's copy reports and the lead does not.

No language model: a sentence of the copy is new when it is not the lead's own (no lead
sentence holds most of its content words) and it brings something the lead article does
not have anywhere: a figure, a name, a quotation or several content words. Credits and page
furniture ("Reporting by ...", "Copyright ...") are never news. At most
:data:`PER_OUTLET` sentences per outlet are kept, the most novel, in the copy's order; an
outlet that adds nothing is not listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.core.lexicon import GROUPING_STOPWORDS
from briefgen.core.sentences import split_sentences
from briefgen.document import Addition, Article

PER_OUTLET = 2
MIN_WORDS = 6  # shorter sentences (captions, bylines) never count
OWN_SHARE = 0.6  # a sentence this much covered by one lead sentence is the lead's own
NEW_WORDS = 4  # without a new figure, name or quotation: this many new content words
MAX_SENTENCE = 400  # characters: longer "sentences" are page furniture run together

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_QUOTED = re.compile(r"[\"“][^\"”]{12,}[\"”]")
# Credits and page furniture a copy carries that are no news: "Reporting by ...; editing
# by ...", "(Additional reporting by ...)", "Copyright ...", "Sign up ...", "Read more ...".
_FURNITURE = re.compile(
    r"^\W*(?:(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|translated|"
    r"photographs?|pictures?|graphics?|research)\b[^.]{0,40}?\bby\b|copyright\b|©|"
    r"all rights reserved|sign up\b|subscribe\b|click here\b|follow us\b|read more\b|"
    r"advertisement\b|this (?:article|story) (?:was|has been)\b)",
    re.IGNORECASE,
)


def _content(text: str) -> set[str]:
    words = (w.casefold() for w in _WORD.findall(text))
    return {w for w in words if len(w) > 2 and w not in GROUPING_STOPWORDS}


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def _names(text: str) -> set[str]:
    return {m.group(0).casefold() for m in _NAME.finditer(text.strip())}


@dataclass(frozen=True)
class _Lead:
    sentences: list[set[str]]
    words: set[str]
    numbers: set[str]
    names: set[str]
    text: str

    @classmethod
    def of(cls, article: Article) -> _Lead:
        spans = [s.text for s in split_sentences(article.text)]
        text = " ".join(article.text.split()).casefold()
        return cls(
            [_content(s) for s in spans],
            _content(article.text),
            _numbers(article.text),
            {w for n in _names(article.text) for w in n.split()},
            text,
        )


def _novelty(sentence: str, lead: _Lead) -> float:
    """How much ``sentence`` adds to the lead: 0 for nothing; higher, more."""
    words = _content(sentence)
    if len(_WORD.findall(sentence)) < MIN_WORDS or len(sentence) > MAX_SENTENCE or not words:
        return 0.0
    if _FURNITURE.search(sentence):
        return 0.0
    if " ".join(sentence.split()).casefold() in lead.text:
        return 0.0
    new_words = words - lead.words  # what the lead has nowhere: cheap, so first
    facts = len(_numbers(sentence) - lead.numbers)
    facts += sum(1 for n in _names(sentence) if not set(n.split()) <= lead.names)
    quoted = any(not _content(q.group(0)) <= lead.words for q in _QUOTED.finditer(sentence))
    if not facts and not quoted and len(new_words) < NEW_WORDS:
        return 0.0
    own = max((len(words & s) / len(words) for s in lead.sentences), default=0.0)
    if own >= OWN_SHARE:
        return 0.0
    return (1 - own) + facts + quoted + len(new_words) / 10


def outlet_adds(lead: Article, article: Article, limit: int = PER_OUTLET) -> list[str]:
    """The sentences of ``article`` that add most to ``lead``, in ``article``'s order."""
    return _adds(_Lead.of(lead), article, limit)


def _adds(known: _Lead, article: Article, limit: int = PER_OUTLET) -> list[str]:
    scored: dict[str, tuple[float, int, str]] = {}
    for i, span in enumerate(split_sentences(article.text)):
        text = " ".join(span.text.split())
        if text not in scored and (score := _novelty(text, known)) > 0:
            scored[text] = (score, i, text)  # a sentence the copy repeats counts once
    best = sorted(scored.values(), key=lambda x: (-x[0], x[1]))[:limit]
    return [text for _, _, text in sorted(best, key=lambda x: x[1])]


def what_outlets_add(lead: Article, copies: Sequence[Article]) -> list[Addition]:
    """For each copy (another outlet's report of the same story), what it adds to ``lead``;
    outlets that add nothing are left out, each outlet once."""
    found: list[Addition] = []
    known = _Lead.of(lead) if copies else None
    for copy in copies:
        sentences = _adds(known, copy) if known is not None else []
        if sentences:
            found.append(Addition(copy.source, copy.url, sentences))
    return found
