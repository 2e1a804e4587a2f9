"""Tokens and speaker noun phrases for the non-English rules, driven by a language's data.

:func:`tokenize` cuts text into words with article offsets (elided articles such as "l'"
and "dell'" are tokens of their own; French "a-t-il" is the verb and the pronoun).
:func:`noun_phrase` reads the speaker that starts at a token: a determiner, role words
and a name ("le ministre de l'Intérieur Gérald Darmanin", "Bürgermeister Hans Weber", "la
alcaldesa de Valencia, María José Catalá"), returning the name (when there is one), the
role, and the words as written.

A name is a run of capitalised words that holds a known first name, follows a role word,
or stands without a determiner or a preposition before it: "la Santé" and "der Pegel"
are not names (German capitalises every noun).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefgen.core.lexicon import FEMALE_NAMES, MALE_NAMES

from .lexicon import LanguageRules

_ELISION = (
    r"(?:[lLdDjJnNsScCmMtT]|[Qq]u|[Dd]ell|[Aa]ll|[Nn]ell|[Ss]ull|[Dd]all|[Uu]n|[Qq]uest)['’](?=\w)"
)
_TOKEN = re.compile(rf"{_ELISION}|\w+(?:[-.'’]\w+)*\.?|[^\w\s]")
_PARTICLES = frozenset("de du von van da di del dos do della zu".split())
_HONORIFIC_GENDER = {
    "m.": "m", "mme": "f", "mlle": "f", "herr": "m", "frau": "f", "sr.": "m", "sra.": "f",
    "don": "m", "doña": "f", "sig.": "m", "sig.ra": "f", "dott.ssa": "f", "dona": "f",
    "dom": "m", "dra.": "f",
}  # fmt: skip


@dataclass(frozen=True)
class Token:
    """A word or punctuation character with its offsets in the article; ``low``: lower
    case with straight apostrophes."""

    text: str
    start: int
    end: int
    low: str = ""

    @classmethod
    def of(cls, text: str, start: int) -> Token:
        return cls(text, start, start + len(text), text.lower().replace("’", "'"))

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, base: int, rules: LanguageRules) -> list[Token]:
    """Word and punctuation tokens of ``text`` (which starts at article offset ``base``)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(0), m.start() + base
        if word.endswith(".") and len(word) > 1 and not _keeps_period(word, rules):
            word = word[:-1]
        if rules.clitic_pronouns and "-" in word:
            head, _, tail = word.rpartition("-")
            if tail.lower() in rules.clitic_pronouns and head:
                verb = head[:-2] if head.endswith("-t") else head
                out.append(Token.of(verb, start))
                out.append(Token.of(tail, start + len(head) + 1))
                continue
        out.append(Token.of(word, start))
        if len(word) < len(m.group(0)):
            out.append(Token.of(".", start + len(word)))
    return out


class Tokens:
    """The tokens of a whole text, cut once and handed out by offsets."""

    def __init__(self, text: str, rules: LanguageRules) -> None:
        self.all = tokenize(text, 0, rules)
        self.starts = [t.start for t in self.all]

    def between(self, start: int, end: int) -> list[Token]:
        """The tokens that start at or after ``start`` and before ``end``."""
        a = bisect.bisect_left(self.starts, start)
        return self.all[a : bisect.bisect_left(self.starts, end, a)]


def _keeps_period(word: str, rules: LanguageRules) -> bool:
    low = word.lower()
    return low in rules.honorifics or (len(word) == 2 and word[0].isupper()) or "." in low[:-1]


@dataclass(frozen=True)
class Phrase:
    """A speaker as written: its name (None for a description such as "le maire"), role,
    the words as written (``text``), gender when known, and where it starts and ends."""

    text: str
    name: str | None
    role: str | None
    gender: str | None
    start: int
    end_index: int  # the token after the phrase

    @property
    def speaker(self) -> str:
        return self.name or self.text


def first_name_gender(word: str, rules: LanguageRules) -> str | None:
    """The gender a first name gives ("Jean-Luc" by "Jean"), or None for an unknown word."""
    first = word.split("-")[0].lower()
    found = rules.gender_of_first(first)
    if found is not None:
        return found
    if first in MALE_NAMES and first not in FEMALE_NAMES:
        return "m"
    if first in FEMALE_NAMES and first not in MALE_NAMES:
        return "f"
    return None


def _is_honorific(tok: Token, rules: LanguageRules) -> bool:
    return tok.low in rules.honorifics


def _body_end(toks: list[Token], i: int, rules: LanguageRules, noun_first: bool = False) -> int:
    """One past the last token of the role words and names that start at ``i`` (a
    lower-case noun may start them after a determiner: ``noun_first``)."""
    j = i
    named = False
    while j < len(toks) and j - i < 12:
        t = toks[j]
        low = t.low
        if not t.is_word:
            if t.text == "." and j > i and _is_honorific(toks[j - 1], rules):
                j += 1
                continue
            break
        if t.is_cap:
            if low in rules.stops and j > i and len(low) > 1 and not rules.is_title(low):
                break  # German "Am Montag"
            j += 1
            named = named or not rules.is_title(low)
            continue
        if low in rules.connectors or (low in _PARTICLES and j + 1 < len(toks)):
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            if (
                nxt is not None
                and nxt.is_word
                and (
                    nxt.is_cap
                    or nxt.low in rules.determiners
                    or rules.is_title(nxt.low)
                    or (rules.code != "de" and nxt.text.islower() and not _stops(nxt.low, rules))
                )
            ):
                j += 1
                continue
            break
        if named and rules.code == "de":
            break  # "Hans Weber sprach": a German verb, not an adjective
        if low in rules.determiners and j > i and toks[j - 1].low in rules.connectors:
            j += 1  # "de la", "de l'"
            continue
        if _stops(low, rules):
            break
        if rules.is_title(low) or (t.text.islower() and len(low) > 2 and (j > i or noun_first)):
            j += 1
            continue
        break
    while j > i and (toks[j - 1].low in rules.connectors or toks[j - 1].low in rules.determiners):
        j -= 1
    return j


def _stops(low: str, rules: LanguageRules) -> bool:
    return (
        low in rules.stops
        or low in rules.determiners
        or low in rules.cues
        or low in rules.auxiliaries
        or low in rules.that
        or low in rules.pronouns
    )


def _runs(toks: list[Token], i: int, j: int) -> list[tuple[int, int]]:
    """Runs of capitalised words in tokens ``i`` to ``j`` (particles between them kept)."""
    runs: list[tuple[int, int]] = []
    k = i
    while k < j:
        if toks[k].is_cap and toks[k].is_word:
            e = k + 1
            while e < j and (
                (toks[e].is_cap and toks[e].is_word)
                or (toks[e].low in _PARTICLES and e + 1 < j and toks[e + 1].is_cap)
            ):
                e += 1
            runs.append((k, e))
            k = e
        else:
            k += 1
    return runs


def _name_in_run(
    toks: list[Token], a: int, b: int, rules: LanguageRules
) -> tuple[int, str | None] | None:
    """Where the name in the capitalised run ``a``..``b`` starts, and the gender it gives."""
    k = a
    gender: str | None = None
    titled = False
    while k < b - 1 and (rules.is_title(toks[k].low) or _is_honorific(toks[k], rules)):
        titled = True
        gender = gender or _HONORIFIC_GENDER.get(toks[k].low)
        k += 1
    if rules.is_title(toks[k].low) or _is_honorific(toks[k], rules):
        return None
    for m in range(k, b):
        found = first_name_gender(toks[m].text, rules)
        if found is not None and m < b - 1:
            return m, gender or found
    prev = toks[a - 1].low if a > 0 else ""
    if titled or a == 0:
        return k, gender
    if prev in rules.connectors or prev in rules.determiners:
        if b - k >= 3:
            return b - 2, gender  # "ministre de l'Intérieur Gérald Darmanin"
        return None  # "la ministre de la Santé", "der Pegel", "des Ministeriums"
    return k, gender


def noun_phrase(toks: list[Token], i: int, rules: LanguageRules) -> Phrase | None:
    """The speaker's noun phrase that starts at token ``i``, with an appositive after a
    comma ("Jean Dupont, maire de Lyon" / "la ministre de la Santé, Marie Curie")."""
    if i >= len(toks):
        return None
    start = i
    det = toks[i].low if toks[i].low in rules.determiners else None
    if det is not None:
        i += 1
    j = _body_end(toks, i, rules, noun_first=det is not None)
    if j == i:
        return None
    gender = _determiner_gender(det, rules)
    name: tuple[int, int] | None = None
    for a, b in reversed(_runs(toks, i, j)):
        found = _name_in_run(toks, a, b, rules)
        if found is not None:
            name = (found[0], b)
            gender = found[1] or gender
            break
    text = _span(toks, start, j)
    role: str | None = None
    if name is not None:
        role = _span(toks, start, name[0]).strip(" ,") or None
        if role is not None and all(_is_honorific(t, rules) for t in toks[start : name[0]]):
            role = None
    end = j
    app = _appositive(toks, j, rules, name is None)
    if app is not None:
        app_phrase, end = app
        if name is None and app_phrase.name is not None:
            return Phrase(
                app_phrase.name, app_phrase.name, text, app_phrase.gender or gender,
                toks[start].start, end,
            )  # fmt: skip
        if name is not None and app_phrase.name is None:
            role = f"{role}, {app_phrase.text}" if role else app_phrase.text
    name_text = _span(toks, name[0], name[1]) if name else None
    return Phrase(text, name_text, role, gender, toks[start].start, end)


def _appositive(
    toks: list[Token], j: int, rules: LanguageRules, want_name: bool
) -> tuple[Phrase, int] | None:
    """The phrase after a comma at ``j`` that renames the speaker, and where it ends."""
    if j + 1 >= len(toks) or toks[j].text != ",":
        return None
    k = j + 1
    if want_name:
        if not toks[k].is_cap:
            return None
        e = _body_end(toks, k, rules)
        closed = e >= len(toks) or toks[e].text in ",.;:!?"
        if e - k < 2 or not (closed or toks[e].low in rules.cues | rules.auxiliaries):
            return None
        found = _name_in_run(toks, k, e, rules)
        if found is None:
            return None
        name = _span(toks, found[0], e)
        return Phrase(name, name, None, found[1], toks[found[0]].start, e), e
    det = toks[k].low in rules.determiners
    e = _body_end(toks, k + 1 if det else k, rules)
    if e == k or not any(rules.is_title(t.low) for t in toks[k:e]):
        return None
    if e < len(toks) and toks[e].text not in ",.;:!?—–":
        return None
    text = _span(toks, k, e)
    return Phrase(text, None, None, None, toks[k].start, e), e


def _determiner_gender(det: str | None, rules: LanguageRules) -> str | None:
    if det is None:
        return None
    if det in rules.feminine_determiners:
        return "f"
    if det in rules.masculine_determiners:
        return "m"
    return None


def _span(toks: list[Token], i: int, j: int) -> str:
    """Tokens ``i`` to ``j`` (exclusive) as one string, elisions joined ("l'Intérieur")."""
    out = ""
    for k in range(i, j):
        t = toks[k]
        glue = k > i and (toks[k - 1].text.endswith(("'", "’")) or t.text == ".")
        out += t.text if glue or not out else " " + t.text
    return out
