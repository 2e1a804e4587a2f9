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


def strings(text: str) -> tuple[str, ...]:
    """The white-space separated strings of ``text``, longest first (for Chinese and
    Japanese, where they are matched inside runs of text with no spaces)."""
    return tuple(sorted(set(text.split()), key=lambda s: (-len(s), s)))


@dataclass(frozen=True)
class HanRules:
    """What the rules for Chinese and Japanese look for around a quotation: strings that
    are found inside text written without spaces (each tuple longest first)."""

    code: str
    verbs: tuple[str, ...]
    """Verbs of speech: "说", "表示", "指出", "述べた"."""
    titles: tuple[str, ...]
    """Roles written before a name: "市长", "发言人", "教授"."""
    times: tuple[str, ...]
    """Time words that end a speaker's phrase: "周一", "昨天", "当天"."""
    cuts: tuple[str, ...]
    """Prepositions and adverbs between a speaker and the verb: "在", "对", "也", "还"."""
    openers: tuple[str, ...]
    """Words that open a clause before its subject: "据", "但", "不过", "对此"."""
    pronouns: dict[str, str]
    """Third-person pronouns and their gender: "他": "m", "她": "f"."""
    referring: tuple[str, ...]
    """Words that make a description refer back to someone named: "这位", "该"."""
    objects: tuple[str, ...]
    """Who is told, between a verb and its quotation: "记者" in "告诉记者："."""
    surnames: frozenset[str]
    """Common one-character family names, to cut a name out of a run of characters."""
    honorifics: tuple[str, ...] = ()
    """Honorifics after a name: Japanese "氏", "さん"."""


@dataclass(frozen=True)
class ArabicRules:
    """What the rules for Arabic look for around a quotation (words without diacritics)."""

    code: str
    verbs: frozenset[str]
    """Verbs of speech in the masculine past: "قال", "أضاف"; the feminine adds "ت"."""
    feminine_verbs: frozenset[str]
    """Feminine forms that are not the masculine with "ت": "رأت"."""
    according: frozenset[str]
    """Words before a source with no verb: "بحسب", "وفق"."""
    titles: frozenset[str]
    """Roles and ranks without the article: "وزير", "رئيسة", "عقيد"."""
    stops: frozenset[str]
    """Words that end a speaker's phrase: prepositions, time words, relatives."""
    intros: frozenset[str]
    """Words that lead into a quotation after its speaker: "إن", "أن", "بأن"."""
    openers: frozenset[str]
    """Words that open a sentence before its subject: "أما", "لكن"."""
    connectors: frozenset[str]
    """Words inside a role: "باسم" in "المتحدث باسم الشرطة"."""
    male_names: frozenset[str]
    female_names: frozenset[str]
    participles: frozenset[str] = frozenset()
    """Participles of speech after a verb, masculine: "مؤكدا" ("وأضاف مؤكدا أن"); the
    feminine ends in "ة" ("مؤكدة")."""
    object_verbs: frozenset[str] = frozenset()
    """Verbs whose object stands before "بأنه": "وصف" in "وصف الوزير القرار بأنه «...»"."""
    reported: dict[str, str] = field(default_factory=dict)
    """Words after a source that report its words, and their gender: "قوله": "m" in
    "نقلت الوكالة عن الوزير قوله إن"."""
