"""What the quotation rules need to know about one language: its data, no code.

A :class:`LanguageRules` holds the words the rules of :mod:`.extract` look for around a
quotation in that language: the verbs of speech, the "according to" phrases, the role words
that stand before or after a name, determiners, pronouns, the words that end a speaker's noun
phrase, and common first names. Each language's module (:mod:`.fr`, :mod:`.de`, :mod:`.es`,
:mod:`.it`, :mod:`.pt`) builds one with :func:`words`; a new language is one more such module
listed in :data:`briefgen.quotes.intl.RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def words(text: str) -> frozenset[str]:
    """The white-space separated words of ``text``, lower case, apostrophes straight."""
    return frozenset(w.lower().replace("’", "'") for w in text.split())


@dataclass(frozen=True)
class LanguageRules:
    """The words of one language that quotation rules look for (all lower case)."""

    code: str
    cues: frozenset[str]
    """Forms of verbs of speech: "dit", "déclaré", "sagte", "dijo", "ha detto" ("detto")."""
    according: tuple[tuple[str, ...], ...]
    """Phrases before a source: ("selon",), ("d'après",), ("de", "acuerdo", "con")."""
    auxiliaries: frozenset[str]
    """Auxiliaries between a subject and a participle of speech: "a", "hat", "ha"."""
    determiners: frozenset[str]
    pronouns: dict[str, str]
    """Subject pronouns and their gender: "m", "f" or "p" (plural)."""
    titles: frozenset[str]
    """Roles and titles before or after a name: "maire", "bürgermeister", "alcaldesa"."""
    honorifics: frozenset[str]
    """Honorifics that are part of a name as written: "m.", "mme", "herr", "frau"."""
    connectors: frozenset[str]
    """Words inside a role ("le ministre de l'Intérieur", "la portavoz del Gobierno")."""
    stops: frozenset[str]
    """Words that end a speaker's noun phrase: prepositions, time words, conjunctions."""
    skip: frozenset[str]
    """Adverbs that may stand between a verb of speech and its subject: "aussi", "auch"."""
    that: frozenset[str]
    """Complementisers that may stand between a verb and a quotation: "que", "dass"."""
    male_names: frozenset[str]
    female_names: frozenset[str]
    feminine_determiners: frozenset[str] = frozenset()
    masculine_determiners: frozenset[str] = frozenset()
    title_suffixes: tuple[str, ...] = ()
    """Endings of role words written as compounds ("Polizeisprecher", "Oberbürgermeister")."""
    after_source: frozenset[str] = frozenset()
    """Words after a quotation that introduce its source with no verb: German „...“, so X."""
    postposed: frozenset[str] = frozenset()
    """Postpositions after a source: German "dem Minister zufolge"."""
    pro_drop: bool = False
    """Whether a verb of speech may stand without a subject ("dijo", "ha detto")."""
    clitic_pronouns: frozenset[str] = field(default_factory=frozenset)
    """Pronouns joined to a verb by a hyphen: French "a-t-il", "ajoute-t-elle"."""
    spaced_guillemets: bool = False
    """Whether « guillemets » stand with a space inside them (French typography)."""

    def is_title(self, word: str) -> bool:
        """Whether ``word`` is a role or title word (compounds by their ending)."""
        low = word.lower().replace("’", "'")
        if low in self.titles:
            return True
        return any(low.endswith(s) and len(low) > len(s) + 2 for s in self.title_suffixes)

    def gender_of_first(self, word: str) -> str | None:
        low = word.lower()
        if low in self.male_names:
            return "m"
        if low in self.female_names:
            return "f"
        return None
