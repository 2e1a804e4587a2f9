"""Names in a text: runs of capitalised words, and the core of a name that must be supported.

A name is a run of capitalised words ("Elena Voss", "Bank of England", "Grand Forks") that
does not start a sentence, plus a capitalised first word when it is followed by another
capitalised word, a possessive or a speech verb ("Voss said", "Voss's plan"). A
sentence-initial word alone is ambiguous without a dictionary ("Officials said" / "Voss
said"), so only those cues make it a name. A name's core leaves out titles ("Mayor", "Dr"),
connectors ("of"), weekdays, months and common words, and stems what is left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.core.lexicon import (
    ABBREVIATIONS,
    GUARD_CONNECTORS,
    GUARD_SPEECH_VERBS,
    GUARD_TITLES,
    MONTHS,
    NOT_NAMES,
    WEEKDAYS,
)
from briefgen.core.textutil import ASCII_WORD
from briefgen.faithfulness.normalise import stem

# Dropped from the front of a run: "The Bank of England" is "Bank of England".
_NOT_FIRST = NOT_NAMES | GUARD_CONNECTORS
# Connectors that never join two capitalised words into one name ("Reed and Voss").
_NOT_JOINING = ("and", "the", "on", "for")


@dataclass(frozen=True)
class Token:
    """A word of a text, where it is, and whether it opens a sentence."""

    text: str
    start: int
    end: int
    initial: bool  # starts a sentence, or follows an opening quote, bracket or colon


def tokenise(text: str) -> list[Token]:
    """The words of ``text`` (:data:`briefgen.core.textutil.ASCII_WORD`), each marked initial
    or not."""
    out: list[Token] = []
    prev_end = 0
    for m in ASCII_WORD.finditer(text):
        gap = text[prev_end : m.start()]
        before = gap.strip()
        initial = not out or (bool(before) and before[-1] in '.!?:;"(—–[') or before == "-"
        if out and before == "." and abbreviation(out[-1].text):
            initial = out[-1].initial and out[-1].text.lower() in NOT_NAMES
        if out and "\n" in gap:
            initial = True
        out.append(Token(m.group(0), m.start(), m.end(), initial))
        prev_end = m.end()
    return out


def abbreviation(word: str) -> bool:
    """A word that a full stop follows without ending the sentence: "Dr.", "J.", "Sept."."""
    lower = word.lower()
    return (len(word) == 1 and word.isupper()) or lower in GUARD_TITLES or lower in ABBREVIATIONS


def is_capitalised(word: str) -> bool:
    """Capitalised, the words "A" and "I" aside."""
    return word[0].isupper() and not (len(word) == 1 and word in "AI")


def _run_from(text: str, tokens: list[Token], i: int) -> tuple[list[Token], int]:
    """The run of capitalised words that starts at ``tokens[i]``, and the index after it."""
    run = [tokens[i]]
    j = i + 1
    while j < len(tokens):
        gap = text[run[-1].end : tokens[j].start].strip()
        if gap not in ("", "'s", "-") and not (gap == "." and abbreviation(run[-1].text)):
            break
        nxt = tokens[j]
        if is_capitalised(nxt.text) and not nxt.initial:
            run.append(nxt)
            j += 1
        elif (
            nxt.text.lower() in GUARD_CONNECTORS
            and j + 1 < len(tokens)
            and is_capitalised(tokens[j + 1].text)
            and text[nxt.end : tokens[j + 1].start].strip() == ""
            and nxt.text.lower() not in _NOT_JOINING
        ):
            run.extend([nxt, tokens[j + 1]])
            j += 2
        else:
            break
    return run, j


def _sentence_initial(
    text: str, tokens: list[Token], run: list[Token], j: int, article_lower: frozenset[str]
) -> list[Token] | None:
    """A run that opens a summary sentence: ``None`` when its one word has no cue to be a
    name; else the run, less a first word that is a common one."""
    after = text[run[-1].end : run[-1].end + 3]
    nxt_word = tokens[j].text.lower() if j < len(tokens) else ""
    cue = after.startswith(("'s", "’s")) or nxt_word in GUARD_SPEECH_VERBS
    if len(run) == 1 and not cue:
        return None
    first = run[0].text.lower()
    if first in NOT_NAMES or (len(run) > 1 and first in article_lower):
        return run[1:]  # "Swimmer Mallory Weggemann", "Former Lakers star"
    return run


def phrases(
    text: str, *, article: bool, article_lower: frozenset[str] = frozenset()
) -> list[list[Token]]:
    """Runs of capitalised words (names), joined across connectors like "of".

    ``article``: the text is the article, where every run counts; in a summary a
    sentence-initial run needs a cue (see the module docstring), and a first word the article
    writes in lower case (``article_lower``) is not part of the name.
    """
    tokens = tokenise(text)
    runs: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        if not is_capitalised(tokens[i].text):
            i += 1
            continue
        run, i = _run_from(text, tokens, i)
        if run[0].initial and not article:
            trimmed = _sentence_initial(text, tokens, run, i, article_lower)
            if trimmed is None:
                continue
            run = trimmed
        while run and run[0].text.lower() in _NOT_FIRST:
            run = run[1:]
        if run:
            runs.append(run)
    return runs


def name_part(word: str) -> str:
    """The name in a hyphenated word: "Ex-Chelsea" -> "Chelsea", "Panama-registered" -> "Panama"."""
    if "-" not in word:
        return word
    parts = [p for p in word.split("-") if p and p[0].isupper() and p.lower() != "ex"]
    if len(parts) == len(word.split("-")):
        return word  # "Eccleston-Todd", "Pierre-Antoine"
    return "-".join(parts)


def core(words: Iterable[str]) -> tuple[str, ...]:
    """The stemmed words of a name that must be supported: titles, connectors, weekdays,
    months and common words left out."""
    out = []
    for word in words:
        w = name_part(word)
        lower = w.lower()
        if (
            len(w) < 2
            or lower in GUARD_TITLES
            or lower in GUARD_CONNECTORS
            or lower in WEEKDAYS
            or lower.rstrip(".") in MONTHS
            or lower in NOT_NAMES
        ):
            continue
        out.append(stem(w))
    return tuple(out)
