"""The guard and the article's own words: a sentence copied from the article is supported."""

from __future__ import annotations

from briefgen.faithfulness import ArticleIndex, check_sentence, guard

ARTICLE = (
    "Shares in Harbour Holdings, which is building the new Kestrel Bay bridge, fell as much "
    "as 19% after it said it would not make any money on the project.\n\n"
    "The firm said costs had risen since work began on Tuesday, and that it would only break "
    "even on the 40m contract. Analysts said the news was a blow to the company."
)
COPIED = (
    "Shares in Harbour Holdings, which is building the new Kestrel Bay bridge, fell as much "
    "as 19% after it said it would not make any money on the project."
)


def test_a_figure_whose_noun_is_far_from_it_in_a_copied_sentence_is_supported() -> None:
    # "make" and "money" are seven and nine tokens after "19%" in the article and in the
    # sentence alike: the words bound to a figure are those as near it as the article needs.
    assert check_sentence(ArticleIndex(ARTICLE), COPIED) == []


def test_sentences_in_the_article_word_for_word_are_supported() -> None:
    summary = COPIED.replace(" fell as", "\n fell  as") + " Analysts said shares fell 30%."
    result = guard(ARTICLE, summary, "warn")
    assert [c.supported for c in result.sentences] == [True, False]
    edited = COPIED.replace("19%", "29%")
    [check] = guard(ARTICLE, edited, "warn").sentences
    assert not check.supported and "29%" in check.problems[0]
    # a piece of a word is not the article's words: "ares in Harbour" is not verbatim
    [check] = guard(ARTICLE, "ares in Harbour Holdings fell 30%.", "warn").sentences
    assert not check.supported


def test_fix_keeps_copied_sentences_and_mends_the_others() -> None:
    summary = COPIED + " The firm said costs had risen since work began on Friday."
    result = guard(ARTICLE, summary, "fix")
    assert result.flagged == 1 and result.text.startswith(COPIED)
    assert "Friday" not in result.text


def test_a_quotation_between_a_figure_and_its_noun_counts_as_the_article_counts_it() -> None:
    # quotations are blanked out before the figure checks: the words after one are still as
    # far from the figure as in the article, where the quotation's words count
    article = (
        'The council will spend 40m "on what the residents of the harbour have asked for" '
        "building flood walls along the river. Work starts in May."
    )
    sentence = article.split(". ")[0] + "."
    assert check_sentence(ArticleIndex(article), sentence) == []
