"""Direct quotations in news text, found by rules (no model download): English here, French,
German, Spanish, Italian, Portuguese, Chinese, Japanese and Arabic by :mod:`.intl`
(``language=`` of :func:`extract_quotes`).

Method, in five passes over one article:

1. **Marks** (:mod:`.marks`): every quote-mark character is classified as opening, closing
   or apostrophe from its neighbours, and marks are paired paragraph by paragraph, so a
   stray mark cannot shift the pairing beyond its paragraph. Straight, curly and mixed
   double marks, guillemets and single marks are handled; single quotes inside double ones
   belong to the outer quotation; a paragraph that leaves a quote open continues into the
   next paragraph when that one opens with a mark.
2. **Split quotes**: two quotations separated only by an attribution (“First part,” she
   said, “second part.”) become one quotation with the two segments joined, unless the
   second part has its own attribution naming someone else, or the words between them are
   a sentence of their own (“... fantastic.” Campbell agreed the honour capped a hard year).
3. **Attribution** (:mod:`.attribution`): cue verb and speaker after the quote, before it
   in the same sentence, or in the neighbouring sentence (a colon-ended sentence before a
   quote; the previous quote's speaker when nothing but quotation lies between; the next
   quote's speaker for "A. "B," said X. where paragraph breaks were lost; the subject of
   the sentence before a quote that stands alone). Name shape is checked: a dateline
   ("LONDON (Reuters) -"), a sentence-initial adverb, time phrase or participle
   ("Conversely,", "Friday morning", "Hammering the budget,"), a party or nationality
   adjective ("Republican claims") or a role before the name ("Russian oil official Sergei
   Oganesyan", "said a spokeswoman for the group, Jane Roe") is not taken for the name; a
   passive ("was denied") is not a speech verb.
4. **Speakers** (:mod:`.topics`, :mod:`.speakers`): short names become the article's full
   name ("Dr Fox" -> "Liam Fox"); a pronoun or a description of a person ("the
   31-year-old", "the Tory leader") goes to the subject of the nearest sentence before it
   that is a named person of a fitting gender (the news convention of keeping a subject),
   and only then to the most recent compatible name outside quotations; an instrument
   ("An IAAF statement", "the statement", "a memo") goes to whoever issued it, or nobody;
   roles ("a professor at Georgetown University") go to ``speaker_role``, never a bare
   honorific ("Mr").
5. **Kinds and ranking** (:mod:`.rank`): full quotes (a clause or more) versus fragments
   and scare quotes; key quotes are the best-scored full quotes from distinct speakers, and
   a quote with no speaker (or a pronoun left unresolved) is never one.

Modules: :mod:`.extract` runs the passes (:func:`extract_quotes`, :func:`find_quotes`,
:func:`key_quotes`); :mod:`.marks` pairs quote marks; :mod:`.attribution` holds the cue
patterns, built on :mod:`.phrases` (speaker noun phrases and appositives) and
:mod:`.tokens` (word tokens, the :class:`~.tokens.Window` they come from, name runs) and
:mod:`.openers` (sentence openings that are not the subject: "Hours later,");
:mod:`.topics` (sentence subjects, pronoun, description and instrument resolution),
:mod:`.speakers` (the article's name book, recency) and :mod:`.rank` do passes 4 and 5.

Limits: surface patterns only. A speaker is found when it sits next to a cue verb or
starts the sentence; unusual word order, long parentheticals and quotes attributed several
sentences away are missed. Pronoun resolution follows sentence subjects, then recency,
with a gender check; it is not coreference. Quotation marks are required: reported speech
without marks is not extracted. Titles of works and scare quotes are returned as fragments
(often without a speaker).
"""

from __future__ import annotations

from briefgen.cache import rules_fingerprint
from briefgen.quotes.choose import load_model

from .extract import extract_quotes, find_quotes, key_quotes
from .intl import QUOTE_LANGUAGES, has_quote_rules

__all__ = [
    "QUOTE_LANGUAGES",
    "RULES_VERSION",
    "extract_quotes",
    "find_quotes",
    "has_quote_rules",
    "key_quotes",
]

RULES_VERSION = (
    rules_fingerprint(
        "briefgen.quotes",
        "briefgen.quotes.intl",
        "briefgen.core.lexicon",
        "briefgen.core.sentences",
    )
    + "-"
    + load_model().version
)
"""A hash of the quote rules' sources and the speaker model's version
(:data:`.choose.MODEL_PATH`): part of the quotes' cache keys, so changed rules or a retrained
model reach cached runs."""
