"""Speakers across one article for the non-English rules: short names to full names,
descriptions to the person who holds the role, pronouns and subjectless verbs to a person.

* names: "Weber" becomes the article's "Hans Weber" (the full names are those its
  quotations' attributions give, and runs of capitalised words that start with a known
  first name or follow a role word);
* descriptions: "le maire", "der Bürgermeister", "la ministra" become the person the
  article names with that role ("le maire Jean Dupont", "Bürgermeister Hans Weber",
  "Ana Ruiz, ministra de ..."), the nearest before the quotation first; a description
  no one is named for stays as written ("la police");
* pronouns and verbs with no subject: the person mentioned last before the quotation
  whose gender does not differ from the pronoun's.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .attribution import Attr
from .lexicon import LanguageRules
from .phrases import Phrase, Token, first_name_gender, noun_phrase


@dataclass
class Book:
    """The people of one article: full names, genders, roles and where they are named."""

    rules: LanguageRules
    full: dict[str, str] = field(default_factory=dict)  # last word -> full name
    gender: dict[str, str] = field(default_factory=dict)  # full name -> "m" / "f"
    roles: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, role, name)
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (pos, full name)

    def learn(self, phrase: Phrase) -> str | None:
        """Take in a phrase that names someone; its full name."""
        if phrase.name is None:
            return None
        name = self.normalise(phrase.name)
        if len(name.split()) >= 2:
            self.full.setdefault(name.split()[-1], name)
        if phrase.gender is not None:
            self.gender.setdefault(name, phrase.gender)
        if phrase.role:
            self.roles.append((phrase.start, phrase.role, name))
        return name

    def normalise(self, name: str) -> str:
        words = name.split()
        if len(words) == 1:
            return self.full.get(words[0], name)
        return name

    def by_role(self, description: str, pos: int) -> str | None:
        """The person the article names with the role of ``description``."""
        heads = [w for w in description.replace(",", " ").split() if self.rules.is_title(w)]
        if not heads:
            return None
        head = heads[0].lower()
        want = set(description.lower().split())
        found = [
            (len(want & set(role.lower().split())), p <= pos, -abs(p - pos), name)
            for p, role, name in self.roles
            if any(_same_role(head, w) for w in role.lower().replace(",", " ").split())
        ]
        return max(found)[3] if found else None

    def pronoun(self, pronoun: str, pos: int) -> str | None:
        """The person mentioned last before ``pos`` whose gender fits ``pronoun``."""
        return self.last_person(pos, self.rules.pronouns.get(pronoun.lower()))

    def last_person(self, pos: int, want: str | None) -> str | None:
        """The person mentioned last before ``pos`` of gender ``want`` (None: any)."""
        k = bisect.bisect_left(self.mentions, (pos, ""))
        for i in range(k - 1, max(-1, k - 60), -1):
            name = self.mentions[i][1]
            if want in ("m", "f") and self.gender.get(name) not in (None, want):
                continue
            if want == "p":
                return None
            return name
        return None


def _same_role(a: str, b: str) -> bool:
    """ "ministre"/"ministre", "alcalde"/"alcaldesa", "Bürgermeister"/"Bürgermeisterin"."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.startswith(short[:-1]) and len(long) - len(short) <= 3


def build_book(toks: list[Token], attrs: list[Attr | None], rules: LanguageRules) -> Book:
    """The article's people, from the attributions and the text around the quotations
    (``toks``: the article's tokens with quoted words left out)."""
    book = Book(rules)
    for a in attrs:
        if a is not None and a.phrase is not None:
            book.learn(a.phrase)
    k = 0
    while k < len(toks):
        tok = toks[k]
        starts = (
            tok.is_cap
            and tok.is_word
            and (first_name_gender(tok.text, rules) is not None or rules.is_title(tok.low))
        )
        lower_role = tok.low in rules.determiners or (
            tok.text.islower() and rules.is_title(tok.low)
        )
        if starts or lower_role:
            phrase = noun_phrase(toks, k, rules)
            if phrase is not None and phrase.name is not None:
                book.learn(phrase)
                k = max(k + 1, phrase.end_index)
                continue
        k += 1
    if rules.code != "de":
        _bare_names(book, toks)
    _mentions(book, toks)
    for a in attrs:
        if a is not None and a.phrase is not None and a.phrase.name is not None:
            book.mentions.append((a.pos, book.normalise(a.phrase.name)))
    book.mentions.sort()
    return book


def _bare_names(book: Book, toks: list[Token]) -> None:
    """Runs of two or three capitalised words that open a clause ("Jannik Sinner ha
    vinto"): names, where no determiner or preposition makes them a place or a body."""
    rules = book.rules
    k = 0
    while k < len(toks):
        if not (toks[k].is_cap and toks[k].is_word):
            k += 1
            continue
        e = k
        while e < len(toks) and toks[e].is_cap and toks[e].is_word:
            e += 1
        prev = toks[k - 1] if k > 0 else None
        opens = prev is None or (not prev.is_word and prev.text not in "'’")
        words = toks[k:e]
        plain = not any(rules.is_title(t.low) or t.low in rules.determiners for t in words)
        plain = plain and not _function_word(words[0].low, rules)  # "Según Ecologistas"
        follows = e < len(toks) and (toks[e].text.islower() or toks[e].text == ",")
        if opens and plain and 2 <= e - k <= 3 and follows:
            name = " ".join(t.text for t in words)
            book.full.setdefault(words[-1].text, name)
        k = e


def _function_word(low: str, rules: LanguageRules) -> bool:
    """A capitalised word that opens a sentence without naming anyone: "Según", "Laut"."""
    return (
        low in rules.stops
        or low in rules.skip
        or low in rules.pronouns
        or any(low == phrase[0] for phrase in rules.according)
    )


def _mentions(book: Book, toks: list[Token]) -> None:
    """Every place the article names one of its people (by the last word of the name)."""
    for tok in toks:
        name = book.full.get(tok.text)
        if name is not None:
            book.mentions.append((tok.start, name))


def speaker_of(
    attr: Attr | None, pos: int, book: Book
) -> tuple[str | None, str | None, str | None]:
    """(speaker, role, resolved_from) for a quotation at ``pos`` with attribution ``attr``."""
    if attr is None:
        return None, None, None
    if attr.phrase is not None:
        phrase = attr.phrase
        if phrase.name is not None:
            return book.normalise(phrase.name), phrase.role, None
        person = book.by_role(phrase.text, pos)
        if person is None and any(book.rules.is_title(w) for w in phrase.text.split()):
            person = book.last_person(pos, phrase.gender)  # "..., sagte der Kapitän."
        if person is not None:
            return person, phrase.text, phrase.text
        return phrase.text, None, None
    if attr.pronoun is not None:
        person = book.pronoun(attr.pronoun or "", pos)
        return person, None, (attr.pronoun or attr.cue) if person else None
    return None, None, None
