"""Attribution patterns for the non-English rules: who is quoted, by which verb.

The text after a quotation is read first (inverted order: « ... », a déclaré le maire /
„...“, sagte Bürgermeister Hans Weber / "...", dijo. ; subject first: « ... », Jean Dupont
a-t-il ajouté ; no verb: „...“, so Weber), then the part of its sentence before it
(Le ministre a déclaré : « ... » / Am Montag sagte Weber: „...“ / Selon la police, « ... »).
Each pattern returns an :class:`Attr`: a speaker's noun phrase, or a pronoun, or neither
for a verb with no subject (Spanish, Italian, Portuguese "dijo", "ha detto", "afirmou"),
which :mod:`.resolve` gives to the person the article was talking about.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import LanguageRules
from .phrases import Phrase, Token, noun_phrase

_LEADING = ',;:—–―-(«»„“”"‹›'
_NEGATION = frozenset("ne n' pas nicht no non não".split())


@dataclass(frozen=True)
class Attr:
    """A quotation's attribution: a ``phrase``, or a ``pronoun`` ("" for a verb with no
    subject), with its ``cue`` verb and the offset it was found at."""

    phrase: Phrase | None
    pronoun: str | None
    cue: str | None
    pos: int


def _skip(toks: list[Token], k: int, rules: LanguageRules) -> int:
    while k < len(toks) and (toks[k].low in rules.skip or toks[k].low in _NEGATION):
        k += 1
    return k


def _according(toks: list[Token], i: int, rules: LanguageRules) -> int | None:
    """Index after an "according to" phrase that starts at ``i``, or None."""
    first = toks[i].low
    for phrase in rules.according:
        if phrase[0] != first:
            continue
        n = len(phrase)
        if tuple(t.low for t in toks[i : i + n]) == phrase:
            return i + n
    return None


def _inverted(toks: list[Token], k: int, rules: LanguageRules) -> Attr | None:
    """The speaker after a verb of speech at ``k`` (a participle after an auxiliary too):
    "dit-il", "a déclaré le maire", "sagte er", "dijo la alcaldesa", "afirmou." """
    cue = toks[k].text
    j = _skip(toks, k + 1, rules)
    if j < len(toks) and toks[j].low in rules.cues:
        cue, j = toks[j].text, _skip(toks, j + 1, rules)  # "a il déclaré", "ha detto"
    if j < len(toks) and toks[j].low in rules.pronouns:
        return Attr(None, toks[j].text, cue, toks[j].start)
    phrase = noun_phrase(toks, j, rules)
    if phrase is not None and (phrase.name is not None or _described(phrase, rules)):
        return Attr(phrase, None, cue, phrase.start)
    later = _past_object(toks, j, rules)
    if later is not None:
        return Attr(later, None, cue, later.start)
    if rules.pro_drop:
        return Attr(None, "", cue, toks[k].start)
    return None


def _past_object(toks: list[Token], j: int, rules: LanguageRules) -> Phrase | None:
    """The named subject after an indirect object that follows the verb: "contó a este
    periódico su hija, Lucía Moreno", "a déclaré à l'AFP le ministre Jean Roux"."""
    for s in range(j + 1, min(len(toks), j + 6)):
        if not toks[s].is_word:
            return None
        if toks[s].low in rules.determiners or toks[s].is_cap:
            phrase = noun_phrase(toks, s, rules)
            if phrase is not None and phrase.name is not None:
                return phrase
    return None


def _described(phrase: Phrase, rules: LanguageRules) -> bool:
    """A speaker named by a description: a role ("le maire") or an organisation ("la
    police", "el Gobierno"): a noun phrase with a determiner or a role word."""
    first = phrase.text.split()[0].lower().replace("’", "'")
    if any(rules.is_title(w.strip(",")) for w in phrase.text.split()):
        return True
    return first in rules.determiners or first.endswith("'")


def after_quote(toks: list[Token], rules: LanguageRules) -> Attr | None:
    """The attribution in the words right after a closing quote mark."""
    i = 0
    while i < len(toks) and toks[i].text in _LEADING:
        i += 1
    if i >= len(toks) or not toks[i].is_word:
        return None
    after = _according(toks, i, rules)
    if after is not None or toks[i].low in rules.after_source:
        phrase = noun_phrase(toks, after if after is not None else i + 1, rules)
        if phrase is not None and (after is not None or phrase.name is not None):
            return Attr(phrase, None, None, phrase.start)
        return None
    k = _skip(toks, i, rules)
    while k < len(toks) and toks[k].low in rules.auxiliaries:
        k += 1  # "a déclaré", "s'est réjoui"
    pronoun_first = k + 1 < len(toks) and toks[k].low in rules.pronouns and k > i
    if pronoun_first and toks[k + 1].low in rules.cues:  # "a-t-il déclaré"
        return Attr(None, toks[k].text, toks[k + 1].text, toks[k].start)
    if k < len(toks) and toks[k].low in rules.cues:
        return _inverted(toks, k, rules)
    return _subject_first(toks, i, rules)


def _subject_first(toks: list[Token], i: int, rules: LanguageRules) -> Attr | None:
    """ "« ... », Jean Dupont a ajouté" / ", il a ajouté": a subject, then the verb."""
    if toks[i].low in rules.pronouns:
        k = i + 1
        if k < len(toks) and toks[k].low in rules.auxiliaries:
            k += 1
        if k < len(toks) and toks[k].low in rules.cues:
            return Attr(None, toks[i].text, toks[k].text, toks[i].start)
        return None
    phrase = noun_phrase(toks, i, rules)
    if phrase is None:
        return None
    k = _skip(toks, phrase.end_index, rules)
    if k < len(toks) and toks[k].low in rules.auxiliaries:
        k = _skip(toks, k + 1, rules)
    if k < len(toks) and toks[k].low in rules.pronouns:
        k += 1  # "le maire a-t-il ajouté"
    if k < len(toks) and toks[k].low in rules.cues:
        return Attr(phrase, None, toks[k].text, phrase.start)
    if k < len(toks) and toks[k].low in rules.postposed:
        return Attr(phrase, None, None, phrase.start)  # "dem Minister zufolge"
    return None


def before_quote(toks: list[Token], rules: LanguageRules) -> Attr | None:
    """The attribution in the part of the sentence before an opening quote mark."""
    for c in range(len(toks) - 1, -1, -1):
        low = toks[c].low
        if low in rules.cues:
            return _cue_before(toks, c, rules)
        if low in rules.postposed:  # "Dem Verband zufolge „...“"
            phrase = _phrase_ending_at(toks, c - 1, rules)
            return Attr(phrase, None, None, phrase.start) if phrase else None
        start = _according(toks, c, rules)
        if start is not None:
            phrase = noun_phrase(toks, start, rules)
            return Attr(phrase, None, None, phrase.start) if phrase else None
    return None


def _cue_before(toks: list[Token], c: int, rules: LanguageRules) -> Attr | None:
    """The speaker of the verb of speech at ``c`` in the words before a quotation: after
    it in inverted order ("Am Montag sagte Weber:"), else its subject before it."""
    cue = toks[c].text
    j = c + 1
    if j < len(toks) and toks[j].low in rules.pronouns:
        return Attr(None, toks[j].text, cue, toks[j].start)
    phrase = noun_phrase(toks, j, rules)
    rest = toks[phrase.end_index :] if phrase is not None else []
    if phrase is not None and phrase.name is not None and _only_intro(rest, rules):
        return Attr(phrase, None, cue, phrase.start)
    b = c - 1
    while b >= 0 and (
        toks[b].low in rules.auxiliaries
        or toks[b].low in rules.skip
        or toks[b].low in _NEGATION
        or toks[b].low in rules.cues
    ):
        b -= 1
    if b >= 0 and toks[b].low in rules.pronouns:
        return Attr(None, toks[b].text, cue, toks[b].start)
    found = _phrase_ending_at(toks, b, rules)
    if found is not None:
        return Attr(found, None, cue, found.start)
    if rules.pro_drop and (b < 0 or not toks[b].is_word or toks[b].low in rules.skip):
        return Attr(None, "", cue, toks[c].start)
    if rules.pro_drop and b >= 0 and toks[b].low in ("y", "e", "ma", "pero", "mas", "però"):
        return Attr(None, "", cue, toks[c].start)
    return None


def _only_intro(rest: list[Token], rules: LanguageRules) -> bool:
    """Whether the words after a speaker only lead into the quotation (":", "que")."""
    words = [t for t in rest if t.text not in ",:—–"]
    return not words or (len(words) == 1 and words[0].low in rules.that)


def _phrase_ending_at(toks: list[Token], b: int, rules: LanguageRules) -> Phrase | None:
    """The speaker's noun phrase that ends at token ``b`` (an appositive's comma too)."""
    if b < 0:
        return None
    for s in range(max(0, b - 14), b + 1):
        prev = toks[s - 1] if s > 0 else None
        if prev is not None and prev.is_word and prev.low not in ("et", "und", "y", "e"):
            continue  # the phrase starts a clause
        phrase = noun_phrase(toks, s, rules)
        if phrase is None:
            continue
        end = phrase.end_index
        fits = end == b + 1 or (toks[b].text == "," and end == b)
        if fits and (phrase.name is not None or _described(phrase, rules)):
            return phrase
    return None


def sentence_subject(toks: list[Token], rules: LanguageRules) -> Attr | None:
    """The named subject that opens a sentence, for "Le maire était clair : « ... »"."""
    i = 0
    while i < len(toks) and not toks[i].is_word:
        i += 1
    phrase = noun_phrase(toks, i, rules)
    if phrase is None or not (phrase.name is not None or _described(phrase, rules)):
        return None
    return Attr(phrase, None, None, phrase.start)
