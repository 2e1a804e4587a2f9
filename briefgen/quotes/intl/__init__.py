"""Direct quotations in French, German, Spanish, Italian, Portuguese, Chinese and Arabic,
by rules.

The English rules (:mod:`briefgen.quotes`) stay as they are; an article whose language is
one of :data:`RULES` goes through :mod:`.extract` instead, with that language's data
(:mod:`.fr`, :mod:`.de`, :mod:`.es`, :mod:`.it`, :mod:`.pt`: verbs of speech, "according
to" phrases, role words, pronouns, first names). The patterns are those of news copy in
these languages: « ... », a déclaré le maire ; „...“, sagte Bürgermeister Hans Weber ;
„...“, so Weber ; Le ministre a déclaré : « ... » ; —No cederemos —dijo el ministro—. ;
"...", ha detto il sindaco ; "...", afirmou.

Chinese (:mod:`.zh`) goes through :mod:`.cjk`, which reads text written without spaces
("市长王建国周一表示：“...”", "“...”，他说。"); Arabic (:mod:`.ar`) through :mod:`.arabic`
("وقال رئيس البلدية خالد المنصوري إن «...»", "«...»، قالت الوزيرة").

Languages with neither English nor these rules get no quotations
(:func:`has_quote_rules` says which), and the briefing says so.

Limits: surface patterns, as for English; a name is a capitalised run that holds a known
first name, follows a role word or stands next to a verb of speech; the models that
choose English speakers are not used.
"""

from __future__ import annotations

from briefgen.document import Quote

from . import ar, arabic, cjk, de, es, fr, it, ja, japanese, pt, zh
from .extract import extract as extract_latin
from .lexicon import ArabicRules, HanRules, LanguageRules

RULES: dict[str, LanguageRules] = {
    r.code: r for r in (fr.RULES, de.RULES, es.RULES, it.RULES, pt.RULES)
}
"""The languages with their own quotation rules, by ISO 639-1 code."""

HAN_RULES: dict[str, HanRules] = {zh.RULES.code: zh.RULES, ja.RULES.code: ja.RULES}
"""Languages written without spaces: Chinese, read by :mod:`.cjk`, and Japanese, by
:mod:`.japanese`."""

ARABIC_RULES: dict[str, ArabicRules] = {ar.RULES.code: ar.RULES}
"""Arabic, read by :mod:`.arabic`."""

QUOTE_LANGUAGES = frozenset({"en", *RULES, *HAN_RULES, *ARABIC_RULES})
"""Every language quotations are found in (English by :mod:`briefgen.quotes` itself)."""


def base_code(language: str) -> str:
    """ "fr-CA" -> "fr"; "" stays "" (unknown: the English rules)."""
    return language.strip().lower().replace("_", "-").split("-")[0]


def rules_for(language: str) -> LanguageRules | None:
    """The rules of ``language`` when it has its own (not English), else None."""
    return RULES.get(base_code(language))


def extract_other(text: str, language: str) -> list[Quote]:
    """The quotations of ``text`` in ``language`` (not English): none for a language
    without rules."""
    code = base_code(language)
    if code in RULES:
        return extract_latin(text, RULES[code])
    if code == "ja":
        return japanese.extract(text, ja.RULES)
    if code in HAN_RULES:
        return cjk.extract(text, HAN_RULES[code])
    if code in ARABIC_RULES:
        return arabic.extract(text, ARABIC_RULES[code])
    return []


def has_quote_rules(language: str) -> bool:
    """Whether quotations are found in articles of ``language`` ("" counts as English)."""
    code = base_code(language)
    return code == "" or code in QUOTE_LANGUAGES


__all__ = [
    "ARABIC_RULES",
    "HAN_RULES",
    "QUOTE_LANGUAGES",
    "RULES",
    "LanguageRules",
    "base_code",
    "extract_other",
    "has_quote_rules",
    "rules_for",
]
