"""Quote finding on garbled text (a summariser's broken output, a mangled page) finds what
it can and never raises: a briefing loses no story to a crash in attribution."""

from __future__ import annotations

import random
from pathlib import Path

from briefgen.quotes import find_quotes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_a_pronoun_whose_earlier_subject_is_empty_is_left_unresolved() -> None:
    # "It said" looks back for the organisation "it" names; the subject before it is empty.
    text = "weekend.\n\nOf say It said \u201c centre.\n\n\u201cPeople"
    assert all(q.text for q in find_quotes(text))


def test_words_of_the_samples_shuffled_with_quote_marks_never_raise() -> None:
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))).split(
        " "
    )
    marks = [
        '"',
        "'",
        "\u201c",
        "\u201d",
        " it ",
        " they ",
        " said ",
        ". ",
        "\n\n",
        ",",
        " It said ",
    ]
    rng = random.Random(7)
    for _ in range(300):
        size = rng.randint(20, 120)
        text = " ".join(
            rng.choice(words) if rng.random() < 0.8 else rng.choice(marks) for _ in range(size)
        )
        for quote in find_quotes(text):
            assert quote.text.strip()
