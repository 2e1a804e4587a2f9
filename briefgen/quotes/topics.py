"""Sentence subjects ("topics") and the people that pronouns and descriptions refer to.

News copy keeps its subject from sentence to sentence: "Kelly Holmes has been forced out
... The double Olympic champion said: “...”", "Greene believes he lost the race. “...,” he
said". :func:`sentence_topics` finds the subject of every sentence (quoted words masked);
:func:`resolve_by_topic` walks back from a pronoun or a description ("the 31-year-old",
"the Tory leader") through those subjects to the nearest named person who fits:

* a subject that is a pronoun of the same gender, or a description of a person, stands
  for the same person as the subjects before it, so the walk goes on past it;
* a subject that is an organisation, a thing or nothing ("The controversial issue was ...")
  is passed over;
* the first subject that is a named person of a compatible gender is the answer.

The walk looks back at most :data:`MAX_SENTENCES` sentences and returns None when it finds
nobody (the caller then falls back to recency, :func:`.speakers.resolve_pronoun`).
Names inside a quotation are never subjects: the words are masked.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefgen.core.lexicon import (
    AFFILIATIONS,
    DEMONYMS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    INSTRUMENT_NOUNS,
    NOT_NAMES,
    ORG_WORDS,
    PLURAL_HEADS,
    PRONOUNS,
    ROLE_NOUNS,
    TITLES,
)

from .attribution import after_quote, before_quote, fallback_subject
from .phrases import Attribution
from .speakers import Mention, NameBook, resolve_pronoun, speaker_kind, strip_possessive

MAX_SENTENCES = 8

# Heads of a description of a person: "the 31-year-old", "the double Olympic champion".
_PERSON_HEADS = (
    ROLE_NOUNS
    | TITLES
    | frozenset(
        """
    man woman boy girl star athlete champion veteran sprinter player director actor
    actress singer rapper musician writer novelist chief boss youngster teenager father
    mother son daughter husband wife brother sister pensioner victim lawmaker legend
    """.split()
    )
)
_AGE = re.compile(r"\d+-year-old$")
_ANONYMOUS_HEADS = frozenset("spokesman spokeswoman spokesperson official source insider".split())


@dataclass(frozen=True)
class Topic:
    """A sentence (``start`` to ``end``) and its subject, if one was found."""

    start: int
    end: int
    subject: Attribution | None


def sentence_topics(
    masked: str, bounds: list[int], quoted: list[tuple[int, Attribution | None]]
) -> list[Topic]:
    """The subject of each sentence between consecutive ``bounds`` of ``masked`` (the text
    with quoted words blanked). A sentence that opens with a quotation has the quotation's
    speaker as its subject (``quoted``: each quote's opening mark and attribution)."""
    topics: list[Topic] = []
    opens: dict[int, Attribution | None] = {}
    for at, attr in quoted:
        opens.setdefault(at, attr)
    for a, b in itertools.pairwise(bounds):
        sentence = masked[a:b]
        if not sentence.strip():
            continue
        lead = len(sentence) - len(sentence.lstrip())
        subject = None
        if sentence.lstrip()[:1] in "\"“”'‘’«»":
            subject = opens.get(a + lead)
        if subject is None:
            subject = _named_appositive(sentence, a) or fallback_subject(sentence, a)
        if subject is None or (not subject.pronoun and subject.speaker.lower() in NOT_NAMES):
            subject = before_quote(sentence, a)
        comma = sentence.find(",")
        if subject is None and 0 <= comma < 60:
            subject = after_quote(sentence[comma:], a + comma)  # "Not least, said Paul King,"
        topics.append(Topic(a, b, subject))
    return topics


_APPOSITIVE = re.compile(
    r"\s*(?:(?:However|But|And|Meanwhile),?\s+)?"
    r"(?:The|Her|His|Its|Their|Our|A|An|One|one)\b[^,.;:!?\"“”]{0,60},\s+"
    r"((?:[A-Z][\w’'.-]+\s){0,3}[A-Z][\w’'.-]+)\s?[,—–-]"
)


def _named_appositive(sentence: str, base: int) -> Attribution | None:
    """ "The region’s chief engineer, Tobiah Carrick, was ...": the name in the appositive
    is the subject."""
    m = _APPOSITIVE.match(sentence)
    if m is None or m.group(1).split()[0].lower() in NOT_NAMES:
        return None
    return Attribution(m.group(1), None, base + m.start(1), np_start=base)


def is_person_description(speaker: str) -> bool:
    """ "the 31-year-old", "The double Olympic champion", "the Tory leader": a definite
    description of one person, no name in it (lower-case head noun)."""
    words = speaker.split()
    if len(words) < 2 or words[0].lower() != "the" or len(words) > 6:
        return False
    head = words[-1]
    if not head.islower() or head in _ANONYMOUS_HEADS:
        return False  # "the WSIS spokesman" stays: spokesmen are seldom named
    return head in _PERSON_HEADS or bool(_AGE.search(head))


def _fits(name: str, want: str | None, book: NameBook) -> bool:
    gender = book.gender_of(name)
    return want is None or gender is None or gender == want


def resolve_by_topic(
    word: str, pos: int, topics: list[Topic], book: NameBook, skip_own: bool = False
) -> str | None:
    """The named person that ``word`` (a pronoun "he"/"she", or a person description) at
    offset ``pos`` refers to, by the subjects of the sentences before it; None if the walk
    finds nobody. ``skip_own`` leaves out the sentence that contains ``pos`` (for a
    description that is itself that sentence's subject)."""
    want = PRONOUNS.get(word.lower())
    if want in ("n", "p"):
        return _resolve_org(word, pos, topics, book)
    if want not in ("m", "f", None):
        return None
    steps = 0
    for topic in _topics_before(topics, pos):
        if skip_own and topic.start <= pos < topic.end:
            continue
        steps += 1
        if steps > MAX_SENTENCES:
            return None
        subj = topic.subject
        if subj is None or subj.first >= pos:
            continue
        if subj.pronoun:
            if want is not None and PRONOUNS.get(subj.speaker.lower()) not in (want,):
                return None  # "she" after a sentence about "he": another person
            continue
        if is_person_description(subj.speaker) or not subj.speaker[:1].isupper():
            continue
        name = book.normalise(subj.speaker)
        if speaker_kind(name, book if subj.cue is None else None) != "person":
            continue  # (a lone word that spoke, "Obama said", is a person here)
        if _fits(name, want, book):
            return name
        return None  # the last person spoken of is of the other gender
    return None


def _topics_before(topics: list[Topic], pos: int) -> Iterator[Topic]:
    """The topics that start at or before ``pos``, nearest first (``topics`` are in order)."""
    k = bisect.bisect_right(topics, pos, key=lambda t: t.start)
    for i in range(k - 1, max(-1, k - 1 - 4 * MAX_SENTENCES), -1):
        yield topics[i]


def _resolve_org(word: str, pos: int, topics: list[Topic], book: NameBook) -> str | None:
    """ "it" / "they": the nearest sentence subject that is an organisation ("they" also a
    group), named or described ("The United Nations Security Council")."""
    plural = PRONOUNS.get(word.lower()) == "p"
    steps = 0
    for topic in _topics_before(topics, pos):
        steps += 1
        subj = topic.subject
        if steps > 3 or subj is None:
            if steps > 3:
                return None
            continue
        if subj.first >= pos or subj.pronoun:
            continue
        kind = speaker_kind(subj.speaker, book)
        if len(subj.speaker.split()) == 1 and not subj.speaker.isupper():
            continue  # "World leaders denounce ...", "She’ll": not an organisation's name
        if not _names_a_body(subj.speaker, plural):
            continue  # "The most difficult is to ...": a thing, not a body
        if kind == "org" or (plural and kind == "group"):
            return book.normalise(subj.speaker) if subj.speaker[:1].isupper() else None
        if kind == "person":
            return None
    return None


@dataclass
class Resolver:
    """Turns an attribution as written into the speaker a reader can name: pronouns and
    descriptions resolved (:func:`resolve_by_topic`, then recency), an instrument ("An
    IAAF statement", "the statement") replaced by whoever issued it, and words that only
    look like names (a party adjective, an all-capitals heading) dropped."""

    book: NameBook
    topics: list[Topic]
    mentions: list[Mention]
    text: str = ""
    last_issuer: str | None = None

    def speaker(
        self, attr: Attribution, own_subject: str | None
    ) -> tuple[str | None, str | None, str | None]:
        """(speaker, role, resolved_from) for ``attr``; ``own_subject`` is the pronoun's
        own sentence subject when it fits the pronoun."""
        speaker, role, resolved_from = self._speaker(attr, own_subject)
        return speaker, _informative(role), resolved_from

    def _speaker(
        self, attr: Attribution, own_subject: str | None
    ) -> tuple[str | None, str | None, str | None]:
        role = attr.role
        if attr.pronoun:
            said = attr.speaker.lower() if attr.speaker != "I" else "I"
            found = (
                own_subject
                or resolve_by_topic(attr.speaker, attr.pos, self.topics, self.book)
                or resolve_pronoun(attr.speaker, attr.pos, self.mentions)
            )
            return (found, role, said) if found else (said, role, None)
        if _not_a_name(attr):
            return None, role, None
        issuer = self._issuer(attr)
        if issuer is not None:
            return (issuer or None), role, attr.speaker if issuer else None
        if is_person_description(attr.speaker):
            person = resolve_by_topic(attr.speaker, attr.pos, self.topics, self.book, True)
            if person is not None:
                role = f"{attr.speaker}, {role}" if role else attr.speaker
                return person, role, attr.speaker
        return self.book.normalise(attr.speaker), role, None

    def _issuer(self, attr: Attribution) -> str | None:
        """For an instrument ("An IAAF statement", "a statement"): who issued it ("" when
        nobody can be found); None when ``attr`` is not an instrument."""
        words = attr.speaker.split()
        head = words[-1] if len(words) > 1 else words[0].lower() if words else ""
        if not words or len(words) > 5 or head not in INSTRUMENT_NOUNS | DOCUMENT_NOUNS:
            return None  # (lower case: "The New York Post" is a name; "Notes" alone is not)
        named = [strip_possessive(w) for w in words[:-1] if w[:1].isupper()]
        named = [w for w in named if w.lower() not in DETERMINERS]
        if named:
            self.last_issuer = self.book.normalise(" ".join(named))
            return self.last_issuer
        if head in DOCUMENT_NOUNS:
            return None  # "the report says": the document speaks
        issued = _ISSUED.search(self.text, max(0, attr.first - 120), attr.first)
        if issued is not None and issued.group(1).lower() not in NOT_NAMES:
            self.last_issuer = self.book.normalise(issued.group(1))
            return self.last_issuer  # "the Security Council issued a statement calling"
        topic = next((t for t in _topics_before(self.topics, attr.pos) if attr.pos < t.end), None)
        subj = topic.subject if topic else None
        if (
            subj is not None
            and subj.first < attr.first
            and not subj.pronoun
            and subj.speaker[:1].isupper()
            and words[-1] not in subj.speaker
        ):
            self.last_issuer = self.book.normalise(subj.speaker)
            return self.last_issuer
        return self.last_issuer or ""


# "the Security Council issued a statement": who issued the instrument that follows.
_ISSUED = re.compile(
    r"((?:[Tt]he\s+)?(?:[A-Z][\w.&’'-]*\s+){0,4}[A-Z][\w.&’'-]*)\s+"
    r"(?:issued|released|put out|published|sent|posted)\s+(?:a|an|its|their)?\s*$"
)
_BARE_TITLES = frozenset("mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. sir dame".split())


def _informative(role: str | None) -> str | None:
    """A role that says something: a bare honorific ("Mr", "Dr") is not one (the speaker
    would read "Tony Blair, Mr")."""
    if role is None or role.strip().lower() in _BARE_TITLES:
        return None
    return role


def _names_a_body(speaker: str, plural: bool) -> bool:
    """A subject an "it" or "they" may stand for: a capitalised name ("The United Nations
    Security Council") or a noun for a body ("the ministry"; "officials" for "they")."""
    words = speaker.split()
    if not words:
        return False  # an empty subject (garbled text) names nothing
    head = strip_possessive(words[-1]).lower()
    if head in ROLE_NOUNS or head in TITLES:
        return False  # "The Israeli prime minister" is a person
    if any(w[:1].isupper() for w in words[1:]):
        return True
    return head in ORG_WORDS or (plural and head in PLURAL_HEADS)


def _not_a_name(attr: Attribution) -> bool:
    """A party or nationality adjective alone ("Republican", "Russian") or an all-capitals
    heading of several words ("CONGRESS HAS INVESTIGATED HIM") is not a speaker."""
    words = attr.speaker.split()
    if len(words) == 1 and (words[0].lower() in AFFILIATIONS or words[0].lower() in DEMONYMS):
        return True
    return len(words) >= 3 and attr.speaker.isupper()
