"""Speakers across an article: full names for short mentions, and pronoun resolution.

Both are per-article rules, not coreference models:

* names: a short mention ("Pezeshkian", "Mr. Obama") becomes the first full mention in the
  article whose last word is the same ("Masoud Pezeshkian", "Barack Obama"); titles are
  moved out of the name ("Iranian President Masoud Pezeshkian" -> "Masoud Pezeshkian");
* pronouns: "he"/"she" go to the most recent person mentioned before them whose gender
  is not known to differ (gender comes from honorifics and a list of common first names;
  an unknown name fits either), "it" to the most recent organisation that spoke, "they"
  to the most recent organisation or group. A person is a named speaker, or a name that
  matches one, or a title followed by a name. A pronoun with no candidate stays as it is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from briefgen.core.lexicon import (
    DETERMINERS,
    FEMALE_NAMES,
    HONORIFIC_GENDER,
    MALE_NAMES,
    MEDIA_NOUNS,
    ORG_WORDS,
    PLURAL_HEADS,
    PRONOUNS,
    TITLES,
)

from .tokens import KNIGHTLY, name_run_forward, split_title, tokenize

Kind = Literal["person", "org", "group"]
_PRONOUN = re.compile(r"\b(he|she)\b", re.IGNORECASE)
# "His daughter, Niamh O’Brien," / "her husband, Roy,": a kinship noun gives the gender
_KIN = re.compile(
    r"\b(daughter|wife|mother|sister|grandmother|granddaughter|widow|aunt|niece|woman|"
    r"son|husband|father|brother|grandfather|grandson|widower|uncle|nephew|man),\s+$"
)
_FEMALE_KIN = {
    "daughter", "wife", "mother", "sister", "grandmother", "granddaughter", "widow", "aunt",
    "niece", "woman",
}  # fmt: skip
_PLACE_BEFORE = {
    "in", "at", "from", "to", "near", "of", "on", "into", "across", "the", "for", "with",
    "by", "about", "against", "via", "through", "under", "over", "than", "toward", "towards",
}  # fmt: skip
# Words that name an organisation alone ("Fox", "the Post") but are surnames after a first
# name ("Liam Fox", "Emily Post")
_SURNAME_TOO = frozenset({"fox", "post"})
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame"}
_NOT_NAMES = DETERMINERS | {
    "in", "on", "at", "for", "but", "and", "after", "before", "when", "while", "as", "if",
    "so", "yet", "meanwhile", "however", "despite", "although", "though", "with", "without",
    "during", "since", "until", "like", "unlike", "because", "asked", "speaking", "according",
}  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """A candidate antecedent for a pronoun."""

    pos: int
    name: str
    kind: Kind
    gender: str | None


def strip_possessive(word: str) -> str:
    return re.sub(r"(’s|'s|’|')$", "", word)


def _clean_words(words: list[str]) -> list[str]:
    while words and (words[0].lower() in _NOT_NAMES or words[0].lower() in PRONOUNS):
        words = words[1:]
    return words


def name_runs(text: str) -> list[tuple[int, list[str]]]:
    """Capitalised runs of two or more words in ``text`` (possible full names), in order."""
    tokens = tokenize(text)
    runs: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.is_cap and tok.is_word:
            j = name_run_forward(tokens, i)
            words = _clean_words([t.text for t in tokens[i:j]])
            if words:
                start = tokens[j - len(words)].start
                runs.append((start, words))
            i = max(j, i + 1)
        else:
            i += 1
    return runs


class NameBook:
    """The names used in one article, for turning short mentions into full names."""

    def __init__(self, text: str) -> None:
        self.runs = name_runs(text)
        self.full: dict[str, str] = {}
        self.by_first: dict[str, set[str]] = {}  # first name -> the full names it starts
        self.gender: dict[str, str] = {}
        for _, words in self.runs:
            self._learn(words)
        for pos, words in self.runs:
            self._learn_pronoun(text, pos, words)

    def _learn_pronoun(self, text: str, pos: int, words: list[str]) -> None:
        """Gender from the first third-person pronoun after a full name's first mention
        (or after a lone surname, "Trump described ... he wrote", when no full name
        stands between them)."""
        if any(w.lower() in ORG_WORDS for w in words):
            return
        if len(words) < 2:
            self._learn_lone(text, pos, words[0])
            return
        full = " ".join(strip_possessive(w) for w in words)
        name, _ = split_title(full.split())
        if name in self.gender:
            return
        kin = _KIN.search(text, max(0, pos - 20), pos)
        if kin:
            gender = "f" if kin.group(1) in _FEMALE_KIN else "m"
            self.gender[name] = gender
            self.gender.setdefault(strip_possessive(words[-1]), gender)
            return
        window = text[pos : pos + 220]
        m = _PRONOUN.search(window, len(" ".join(words)))
        if m:
            gender = "f" if m.group(1).lower() in ("she", "her") else "m"
            self.gender[name] = gender
            self.gender.setdefault(strip_possessive(words[-1]), gender)

    def _learn_lone(self, text: str, pos: int, word: str) -> None:
        word = strip_possessive(word)
        if word in self.gender or word in self.full or not word[1:].islower():
            return
        if word.lower() in _NOT_NAMES or word.lower() in PRONOUNS or word.lower() in TITLES:
            return
        kin = _KIN.search(text, max(0, pos - 20), pos)
        if kin:  # "whose husband, Roy, waited"
            self.gender[word] = "f" if kin.group(1) in _FEMALE_KIN else "m"
            return
        m = _PRONOUN.search(text, pos + len(word), pos + 160)
        if m is None:
            return
        k = bisect.bisect_right(self.runs, pos, key=lambda run: run[0])
        while k < len(self.runs) and self.runs[k][0] < m.start():
            if len(self.runs[k][1]) >= 2:
                return  # another full name is nearer the pronoun
            k += 1
        self.gender[word] = "f" if m.group(1).lower() == "she" else "m"

    def _learn(self, words: list[str]) -> None:
        if len(words) >= 2 and words[0].lower() in HONORIFIC_GENDER:
            last = strip_possessive(words[-1])
            self.gender.setdefault(last, HONORIFIC_GENDER[words[0].lower()])
        name, _ = split_title([strip_possessive(w) for w in words])
        parts = [p for p in name.split() if p.lower() not in HONORIFICS]
        titled = words[0].lower() in HONORIFICS  # "Dr Liam Fox" is a person, Fox or not
        known = bool(parts) and parts[0].lower() in MALE_NAMES | FEMALE_NAMES  # Liam Fox
        org = any(p.lower() in ORG_WORDS for p in parts)
        if len(parts) == 2 and parts[1].lower() in _SURNAME_TOO and parts[0][1:].islower():
            org = parts[0].lower() in ORG_WORDS  # "Liam Fox", "Kate Post": a person
        if len(parts) < 2 or (org and not (titled or known)):
            return
        if not all(p[:1].isupper() or p in ("de", "van", "von", "bin", "al") for p in parts):
            return
        last = parts[-1]
        knight = name.split()[0] if name.split()[0].lower() in KNIGHTLY else None
        full = " ".join([knight, *parts] if knight else parts)  # "Sir John Bourn"
        self.full.setdefault(last, full)
        self.by_first.setdefault(parts[0], set()).add(full)
        if len(parts) == 2 and re.fullmatch(r"[A-Z][a-z]+-[a-z]+", last):
            self.full.setdefault(parts[0], " ".join(parts))  # Ban Ki-moon: family name first
        first = parts[0].lower()
        if first in MALE_NAMES:
            self.gender.setdefault(last, "m")
        elif first in FEMALE_NAMES:
            self.gender.setdefault(last, "f")

    def normalise(self, speaker: str) -> str:
        """The article's full name for ``speaker`` ("Pezeshkian" -> "Masoud Pezeshkian")."""
        words = speaker.split()
        if not words or not words[-1][:1].isupper():
            return speaker
        if len(words) > 1:
            name, _ = split_title(words)
            speaker, words = name, name.split()
        core = [w for w in words if w.lower() not in HONORIFICS]
        if not core or len(core) > 2:
            return speaker
        knight = words[0] if words[0].lower() in KNIGHTLY else None
        last = strip_possessive(core[-1])
        full = self.full.get(last)
        if full is None and len(core) == 1 and len(self.by_first.get(last, ())) == 1:
            person = next(iter(self.by_first[last]))
            if knight or self.gender.get(person) is not None:
                return person  # "Jamie" for the one Jamie Costin; "Sir John" for Sir John Bourn
        if full is None:
            if knight:
                return " ".join([knight, *core])
            return " ".join(core) if len(core) < len(words) else speaker
        plain = [w for w in full.split() if w.lower() not in KNIGHTLY]
        if len(core) == 2 and plain[0] != core[0]:
            return speaker  # a different first name: another person with that surname
        if knight and not full.startswith(knight):
            return f"{knight} {full}"
        return full

    def gender_of(self, name: str) -> str | None:
        words = name.split()
        if not words:
            return None
        first = words[0].lower()
        if len(words) >= 2 and first in MALE_NAMES:
            return "m"
        if len(words) >= 2 and first in FEMALE_NAMES:
            return "f"
        if name in self.gender:
            return self.gender[name]
        return self.gender.get(strip_possessive(words[-1]))


def speaker_kind(speaker: str, book: NameBook | None = None) -> Kind:
    """Whether a speaker phrase names a person, an organisation or a group.

    With ``book``, a single capitalised word that the article never gives a full name
    for ("Voltaris said") counts as an organisation.
    """
    words = [strip_possessive(w).lower() for w in speaker.split()]
    if not words:
        return "person"
    if (
        book is not None
        and len(words) == 1
        and book.normalise(speaker) == speaker
        and book.gender_of(speaker) is None
    ):
        return "org"
    if words[-1] in PLURAL_HEADS or (speaker.islower() and words[-1].endswith("s")):
        return "group"
    if any(w in ORG_WORDS for w in words) or speaker.lower().startswith(("the ", "a ", "an ")):
        return "org"
    if any(w.endswith(("’s", "'s")) for w in speaker.split()):
        return "org"
    return "person"


def _name_like(text: str, pos: int, plain: list[str], book: NameBook) -> bool:
    """A two- or three-word run that the article treats as a person: its gender is known
    (first name, honorific, kinship noun or the pronoun after it) and no preposition or
    article puts it in a place ("in Lower Brenton")."""
    if not 2 <= len(plain) <= 3 or book.gender_of(" ".join(plain)) is None:
        return False
    if any(w.lower() in ORG_WORDS or not w[:1].isupper() or w.isupper() for w in plain):
        return False
    before = text[max(0, pos - 16) : pos].split()
    word = before[-1].strip("\"“”‘’'(").lower() if before else ""
    # "the research firm X", "the programme Go Digital"
    return word not in _PLACE_BEFORE and word not in ORG_WORDS and word not in MEDIA_NOUNS


def person_mentions(text: str, book: NameBook, surnames: set[str]) -> list[Mention]:
    """Names in the text that refer to people: known speakers' names, title + name, or a
    full name the article gives a gender to."""
    mentions: list[Mention] = []
    for pos, words in book.runs:
        plain = [strip_possessive(w) for w in words]
        if words[-1] == plain[-1] and _name_like(text, pos, plain, book):
            name = book.normalise(" ".join(plain))
            mentions.append(Mention(pos, name, "person", book.gender_of(name)))
            continue
        is_known = plain[-1] in surnames
        titled = len(plain) >= 2 and any(w.lower() in TITLES for w in plain[:-1])
        first_name = len(plain) >= 2 and (
            plain[0].lower() in MALE_NAMES or plain[0].lower() in FEMALE_NAMES
        )
        if is_known and not (titled or first_name) and len(plain) == 1:
            continue
        if (is_known or titled or first_name) and not any(w.lower() in ORG_WORDS for w in plain):
            if words[-1] != plain[-1] and not is_known:
                continue  # "Netanyahu's office" is not Netanyahu speaking
            name = book.normalise(" ".join(plain))
            mentions.append(Mention(pos, name, "person", book.gender_of(name)))
    return mentions


MAX_MENTIONS_BACK = 200
"""How many mentions back a pronoun's antecedent is looked for."""


def resolve_pronoun(pronoun: str, pos: int, mentions: list[Mention]) -> str | None:
    """The most recent compatible mention before ``pos`` for ``pronoun``; None if none."""
    want = PRONOUNS.get(pronoun.lower())
    if want is None or want == "x":
        return None
    k = bisect.bisect_left(mentions, pos, key=lambda m: m.pos)
    for i in range(k - 1, max(-1, k - 1 - MAX_MENTIONS_BACK), -1):
        m = mentions[i]
        if want in ("m", "f"):
            if m.kind == "person" and m.gender in (None, want):
                return m.name
        elif want == "n":
            if m.kind == "org":
                return m.name
        elif want == "p" and m.kind in ("org", "group"):
            return m.name
    return None


_GLUED = frozenset(
    """and but so yet or then also meanwhile however still now indeed instead later earlier
    moreover furthermore plus well yes no oh asked speaking""".split()
)


_ADJECTIVE_ENDS = frozenset("style based led born backed owned made era like type linked".split())


def reader_name(speaker: str | None) -> str | None:
    """A speaker as a reader expects it: no sentence-initial word glued to the name ("And
    Yelling" -> "Yelling"), no phrase before a comma ("Indian-style, Nair's" -> "Nair"), no
    possessive ending."""
    if not speaker:
        return speaker
    words = speaker.split()
    if speaker[:1].isupper() and "," in speaker:
        tail = speaker.rsplit(",", 1)[1].split()
        if tail and tail[0][:1].isupper():
            words = tail
    while len(words) > 1 and words[0].lower() in _GLUED:
        words = words[1:]
    if len(words) == 1 and words[0].rsplit("-", 1)[-1] in _ADJECTIVE_ENDS:
        return None  # "Indian-style", "London-based": an adjective, not a name
    if words and words[-1][:1].isupper():
        words[-1] = strip_possessive(words[-1])
    return " ".join(words) or speaker


def role_without_honorific(role: str | None) -> str | None:
    """An honorific is part of a name, never a role: "Dr, the county's director" is "the
    county's director", and a bare "Mr" no role at all."""
    if role is None:
        return None
    words = role.split()
    while words and words[0].rstrip(",").lower() in HONORIFICS:
        words = words[1:]
    rest = " ".join(words).lstrip(", ").strip()
    return rest or None
