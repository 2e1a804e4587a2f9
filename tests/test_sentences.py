"""Sentence splitting on the cases news text is full of."""

from __future__ import annotations

from briefgen.core.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_initials_and_decimals_do_not_split() -> None:
    text = (
        "Dr. Amara Okafor met J. R. Okonkwo at 9 a.m. on Monday. "
        "Shares in Castlebridge Inc. rose 3.5% to $4.20 in the U.S. market. "
        "Mr. Brightwater disagreed."
    )
    assert _texts(text) == [
        "Dr. Amara Okafor met J. R. Okonkwo at 9 a.m. on Monday.",
        "Shares in Castlebridge Inc. rose 3.5% to $4.20 in the U.S. market.",
        "Mr. Brightwater disagreed.",
    ]


def test_quotes_close_sentences_and_stay_with_them() -> None:
    text = '“We will rebuild,” she said. “Will it hold?” he asked. It did. "Yes." Then rain.'
    assert _texts(text) == [
        "“We will rebuild,” she said.",
        "“Will it hold?” he asked.",
        "It did.",
        '"Yes."',
        "Then rain.",
    ]


def test_offsets_point_into_the_text_and_paragraphs_end_sentences() -> None:
    text = "A first line without a stop\n\nA second paragraph. And more!"
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "A first line without a stop",
        "A second paragraph.",
        "And more!",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)
