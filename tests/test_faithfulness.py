"""The faithfulness guard on hand-written article/summary pairs, and the map-reduce clean-up."""

from __future__ import annotations

import pytest

from briefgen.faithfulness import (
    REPLACE_SIMILARITY,
    ArticleIndex,
    GuardResult,
    check_sentence,
    closest_source_sentence,
    guard,
)
from briefgen.summarise.cleanup import (
    clean_summary,
    dedupe_sentences,
    drop_dangling,
    join_chunk_summaries,
)

ARTICLE = (
    "HARROWGATE - Mayor Elena Voss said on Tuesday that the council would spend £40m on a flood"
    " barrier across the Wend estuary, ending a decade of delays. "
    "Tom Reed, who leads the opposition Democrats on the council, called the plan"
    " “a decade too late” and said residents had paid the price. "
    "About 41.7% of homes in the lower town flooded in 2019, according to the U.S.-funded"
    " Harrowgate Coastal Survey. "
    "Dr. J. R. Okonkwo, the county's emergency planner, warned that 1,200 homes remain at risk"
    " and that insurers had paid out $5.2 million since the floods. "
    "Work on the barrier starts on March 3 and should take three years, the council said. "
    "Voss told the meeting: “We will not let the river decide who gets to live here.”"
)
SOURCE = ArticleIndex(ARTICLE)


def _problems(sentence: str) -> list[str]:
    return check_sentence(SOURCE, sentence)


# --- what must be flagged --------------------------------------------------------------------


def test_a_swapped_name_is_flagged() -> None:
    assert _problems("Mayor Elena Reed said the council would spend £40m on a barrier.") == [
        "name 'Elena Reed' not in the article"
    ]
    assert _problems("The plan was approved by Mayor Sarah Lindqvist on Tuesday.") == [
        "name 'Sarah Lindqvist' not in the article"
    ]
    assert _problems("Smith said the barrier would be ready in three years.") == [
        "name 'Smith' not in the article"
    ]


def test_an_invented_number_is_flagged() -> None:
    assert _problems("The council will spend £45m on a flood barrier.") == [
        "number '£45m' not in the article"
    ]
    assert _problems("About 42% of homes flooded, and 2,400 remain at risk.") == [
        "number '2,400' not in the article"
    ]
    assert _problems("The work will take seven years.") == ["number 'seven' not in the article"]


def test_a_changed_date_is_flagged() -> None:
    assert _problems("Voss announced the barrier on Thursday.") == [
        "date 'Thursday' not in the article"
    ]
    assert _problems("Work on the barrier starts on March 4.") == [
        "date 'March 4' not in the article"
    ]
    assert _problems("Homes in the lower town flooded in 2018.") == [
        "number '2018' not in the article"
    ]


def test_an_invented_quote_is_flagged() -> None:
    assert _problems("Reed called the plan “a waste of public money”.") == [
        "quote 'a waste of public money' not in the article"
    ]
    assert _problems('Voss said: "The river will not win."') == [
        "quote 'The river will not win.' not in the article"
    ]


# --- what must not be flagged ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # surname only, title with surname, possessive
        "Voss said the council would build a barrier on the Wend estuary.",
        "Mayor Voss's council will spend £40 million on the barrier.",
        "Reed, of the opposition, said the plan came “a decade too late”.",
        # first name and surname of one person, across a title
        "Elena Voss told the meeting the river would not decide who lives in Harrowgate.",
        # inflection: Democrats / Democrat
        "The Democrat leader criticised the plan.",
        # 5.2 million / 5.2m, £40m / 40 million, rounded figures, digits for words
        "Insurers have paid $5.2m since the floods, Okonkwo warned.",
        "Nearly 42% of homes flooded in 2019, a US-funded survey found.",
        "Work starts on March 3 and will take 3 years.",
        "Some 1,200 homes are still at risk, said Dr Okonkwo.",
        # initials, honorific with a full stop, and a partial quote
        "Dr. J. R. Okonkwo warned that homes remain at risk.",
        "Voss said the council would not “let the river decide”.",
        # sentence-initial ordinary words are not names
        "Officials said the barrier would end a decade of delays.",
        "Residents have paid the price for delays, the opposition said.",
    ],
)
def test_faithful_paraphrases_are_not_flagged(sentence: str) -> None:
    assert _problems(sentence) == []


# --- modes -----------------------------------------------------------------------------------

SUMMARY = (
    "Mayor Elena Voss said the council would spend £40m on a flood barrier. "
    "Work on the barrier starts on Thursday, March 10. "
    "Reed called the plan “a waste of public money”."
)


def test_warn_marks_sentences_and_keeps_the_text() -> None:
    result = guard(ARTICLE, SUMMARY, "warn")
    assert isinstance(result, GuardResult)
    assert result.text == SUMMARY
    assert (result.checked, result.flagged, result.fixed) == (3, 2, 0)
    assert [c.supported for c in result.sentences] == [True, False, False]
    assert result.sentences[1].problems == [
        "date 'Thursday' not in the article",
        "date 'March 10' not in the article",
    ]
    assert all(c.replacement is None for c in result.sentences)


def test_fix_replaces_with_the_closest_source_sentence_or_drops() -> None:
    result = guard(ARTICLE, SUMMARY, "fix")
    assert (result.checked, result.flagged, result.fixed) == (3, 2, 2)
    date_check = result.sentences[1]
    assert date_check.replacement is not None
    assert date_check.replacement.startswith("Work on the barrier starts on March 3")
    assert result.text.startswith("Mayor Elena Voss said the council would spend £40m")
    assert "Thursday" not in result.text and "waste of public money" not in result.text
    assert date_check.replacement in result.text
    # every sentence left is supported
    assert all(c.supported for c in guard(ARTICLE, result.text, "warn").sentences)
    # exactly: the first sentence kept, the date sentence replaced, the invented quote dropped
    first, _, quote_check = result.sentences
    assert first.supported and first.replacement is None
    assert date_check.replacement == (
        "Work on the barrier starts on March 3 and should take three years, the council said."
    )
    assert quote_check.problems == ["quote 'a waste of public money' not in the article"]
    assert quote_check.replacement is None  # no article sentence close enough: dropped
    assert result.text == (
        "Mayor Elena Voss said the council would spend £40m on a flood barrier. "
        "Work on the barrier starts on March 3 and should take three years, the council said."
    )
    assert not result.fallback


def test_fix_keeps_replaces_and_drops_and_never_uses_a_sentence_twice() -> None:
    summary = (
        "Insurers have paid out $5.2 million since the floods, Okonkwo warned. "
        "About 47% of homes in the lower town flooded in 2019. "
        "Gretchen Albrecht of Lindqvist Bank praised the scheme. "
        "Some 43% of homes in the lower town flooded, the survey found."
    )
    survey = (
        "About 41.7% of homes in the lower town flooded in 2019, according to the U.S.-funded"
        " Harrowgate Coastal Survey."
    )
    result = guard(ARTICLE, summary, "fix")
    assert (result.checked, result.flagged, result.fixed, result.fallback) == (4, 3, 3, False)
    kept, figure, invented, repeat = result.sentences
    assert kept.supported and kept.replacement is None
    assert figure.problems == ["number '47%' not in the article"]
    assert figure.replacement == survey
    assert invented.problems == ["name 'Gretchen Albrecht of Lindqvist Bank' not in the article"]
    assert invented.replacement is None
    # the survey sentence is the closest to the last one too, but it is already in the
    # summary, and the next closest is not close enough: the sentence is dropped
    assert repeat.problems == ["number '43%' not in the article"]
    closest = closest_source_sentence(SOURCE, repeat.sentence)
    assert closest is not None and closest[0] == survey and closest[1] >= REPLACE_SIMILARITY
    assert repeat.replacement is None
    assert result.text == (
        "Insurers have paid out $5.2 million since the floods, Okonkwo warned. " + survey
    )
    # warn mode finds the same problems and changes nothing
    warned = guard(ARTICLE, summary, "warn")
    assert warned.text == summary and (warned.flagged, warned.fixed) == (3, 0)
    assert [c.problems for c in warned.sentences] == [c.problems for c in result.sentences]


def test_fix_drops_a_sentence_with_no_close_source_sentence() -> None:
    summary = (
        "Mayor Elena Voss said the council would spend £40m on a flood barrier. "
        "Gretchen Albrecht of Lindqvist Bank praised the scheme."
    )
    result = guard(ARTICLE, summary, "fix")
    assert result.sentences[1].replacement is None and not result.sentences[1].supported
    assert result.text == "Mayor Elena Voss said the council would spend £40m on a flood barrier."
    assert result.fixed == 1


def test_fix_never_returns_an_empty_summary() -> None:
    result = guard(ARTICLE, "Gretchen Albrecht of Lindqvist Bank praised the scheme.", "fix")
    assert result.text.strip()
    assert result.fallback and result.flagged == 1
    assert result.text in ARTICLE or result.text.split(". ")[0] in ARTICLE


def test_off_checks_nothing_and_a_faithful_summary_is_untouched() -> None:
    off = guard(ARTICLE, SUMMARY, "off")
    assert (off.text, off.checked, off.flagged, off.fixed, off.sentences) == (SUMMARY, 0, 0, 0, [])
    faithful = "Voss said the council would spend £40 million on a barrier across the Wend."
    fixed = guard(ARTICLE, faithful, "fix")
    assert (fixed.text, fixed.checked, fixed.flagged, fixed.fixed) == (faithful, 1, 0, 0)
    with pytest.raises(ValueError):
        guard(ARTICLE, SUMMARY, "strict")  # type: ignore[arg-type]


# --- map-reduce clean-up ---------------------------------------------------------------------


def test_repeated_sentences_across_chunks_are_dropped() -> None:
    parts = [
        "The council approved a £40m barrier. Work starts in March.",
        "The council approved a £40m flood barrier. Insurers paid $5.2m since the",
        "Work starts in March. Reed opposed the plan.",
    ]
    assert join_chunk_summaries(parts) == (
        "The council approved a £40m flood barrier. Work starts in March. Reed opposed the plan."
    )
    assert dedupe_sentences(["A b c d.", "E f g.", "a B c d!"]) == ["A b c d.", "E f g."]


def test_clean_summary_drops_dangling_and_caps_length() -> None:
    article = "The council approved the barrier. Work starts in March. Reed said no."
    text = "The council approved the barrier. The council approved the barrier. Work starts in"
    assert clean_summary(text, article) == "The council approved the barrier."
    assert drop_dangling(["Cut off mid"]) == ["Cut off mid"]  # never empty
    long = "The council approved the barrier. " * 1 + "Reed said no to it all. Work starts soon."
    assert clean_summary(long, article, max_words=6) == "The council approved the barrier."
    # never longer than the article
    short_article = "Barrier approved."
    assert clean_summary("The council has approved the new barrier today.", short_article) == (
        "Barrier approved."
    )
