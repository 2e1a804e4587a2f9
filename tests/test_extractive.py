"""The extractive engine: sentence boundaries on the samples, and how it chooses sentences."""

from __future__ import annotations

from functools import cache

import pytest

from briefgen.core.sentences import split_sentences
from briefgen.document import Article
from briefgen.ingest import read_sources
from briefgen.summarise.extractive import (
    SENTENCES,
    ExtractiveEngine,
    candidate_sentences,
    extract_summary,
    is_caption,
    is_prose,
    is_question,
    leans,
    rank_sentences,
    select,
    strip_dateline,
)

from .conftest import ROOT, SAMPLES

BBC = ROOT.parent / "shared" / "eval" / "articles"


@cache
def _article(name: str) -> Article:
    (article,) = read_sources([str(SAMPLES / name)]).articles
    return article


def _sentences(name: str) -> list[str]:
    return [s.text for s in split_sentences(_article(name).text)]


@pytest.mark.parametrize(
    ("sample", "sentence"),
    [
        # initials and a decimal amount
        (
            "castlebridge-results.md",
            "Analysts at H. L. Ransome Securities cut their price target on the shares to $41"
            " from $46.",
        ),
        # an abbreviated month with a day, ending the sentence
        ("castlebridge-results.md", "The plant returned to full service on Sept. 4."),
        # U.S. inside a sentence, a percentage with a decimal
        (
            "castlebridge-results.md",
            "Castlebridge's U.S. subsidiary, which operates gas-fired plants in three states,"
            " reported a 4.5% rise in profit thanks to higher capacity payments.",
        ),
        # a.m. and p.m. mid-sentence
        (
            "measles-clinics.md",
            "He said the clinics would be open from 9 a.m. to 4 p.m. on Saturday and Sunday and"
            " that no appointment was needed.",
        ),
        # a quoted question followed by its named speaker, curly and straight marks
        (
            "ambulance-contract.md",
            "“Who decided that the east of this county could wait?” Farraday asked.",
        ),
        (
            "voting-age-bill.md",
            '"People keep telling us we\'ll get the vote eventually, so why the rush?"'
            " Jo Pereira-Lund said.",
        ),
        # a money figure with a decimal in a long sentence
        (
            "battery-plant.md",
            "Voltaris Energy Systems will build a $4.2bn battery factory on a former steelworks"
            " site in the Carrow Valley, the company announced on Wednesday, in the largest single"
            " industrial investment the region has seen in more than 30 years.",
        ),
    ],
)
def test_sample_sentences_split_where_a_reader_would(sample: str, sentence: str) -> None:
    assert sentence in _sentences(sample)


def test_initials_and_titles_stay_inside_their_sentence() -> None:
    sentences = _sentences("ambulance-contract.md")
    okonkwo = [s for s in sentences if "Okonkwo, the county’s head of emergency planning" in s]
    assert len(okonkwo) == 1 and okonkwo[0].startswith("Dr J. R. Okonkwo")


def test_quote_then_new_sentence_still_splits() -> None:
    text = '"Yes!" Then the rain came. "Why?" Voss asked. "Because," he said.'
    assert [s.text for s in split_sentences(text)] == [
        '"Yes!"',
        "Then the rain came.",
        '"Why?" Voss asked.',
        '"Because," he said.',
    ]


def test_datelines_and_page_furniture_are_not_candidates() -> None:
    assert (
        strip_dateline("LONDON (Reuters) - The harbour council met.") == "The harbour council met."
    )
    assert strip_dateline("(CNN) -- The harbour council met.") == "The harbour council met."
    assert not is_prose("Last updated at 2:18 PM on 30th December 2026 .")
    assert not is_prose("14:11 EST, 25 November 2026 . | .")
    assert not is_prose("Harbour Council Approves Flood Barrier After Decade Of Delays")
    assert is_prose("The harbour council approved the flood barrier on Tuesday night.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Flood defences: The new barrier rises across the harbour mouth at low tide.",
        "Councillor Ada Voss (left) and engineer Tom Reyes inspect the barrier gates.",
        "Councillor Ada Voss, pictured, has backed the barrier since 2019.",
        "Engineer Tom Reyes, pictured with the harbour master, walks along the new wall.",
    ],
)
def test_photo_captions_are_not_prose(sentence: str) -> None:
    assert is_caption(sentence)
    assert not is_prose(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Councillor Ada Voss said: The barrier will be finished by spring next year.",
        "The vote was close: 12 councillors backed the barrier and 11 opposed it.",
        "Rep. Dana Hill (R-Ohio) voted for the flood barrier bill on Tuesday.",
        "The crowd turned left, towards the harbour, when the sirens began.",
    ],
)
def test_sentences_with_a_colon_or_a_direction_are_still_prose(sentence: str) -> None:
    assert not is_caption(sentence)
    assert is_prose(sentence)


def test_questions_are_prose_but_never_chosen() -> None:
    text = (
        "Tired of waiting for the ferry every winter morning? "
        "The harbour council approved a £40m flood barrier on Tuesday after a decade of delays. "
        "The barrier will protect 1,200 harbour homes from storm surges, the council said. "
        "Construction of the barrier starts in spring, funded by the council's green bonds."
    )
    assert is_question("Tired of waiting for the ferry every winter morning?")
    assert is_question("Who will pay for the barrier?' she asked.'") is False
    assert is_prose("Tired of waiting for the ferry every winter morning?")
    assert candidate_sentences(text)[0][1].startswith("Tired")  # Lead-3 (prose) keeps it
    assert "Tired" not in extract_summary(text, 2)
    assert all("Tired" not in s for _, _, s in rank_sentences(text))


ARTICLE = (
    "By .\n\nStaff Reporter .\n\n"
    "PORTHAVEN (Reuters) - The harbour council approved a £40m flood barrier on Tuesday after a"
    " decade of delays and two failed votes. "
    "The flood barrier will protect 1,200 harbour homes from storm surges, the council said. "
    "Pictured: the harbour council approved the flood barrier on Tuesday after a decade of delays. "
    "Harbour council approved £40m flood barrier on Tuesday after a decade of delays (above). "
    "The weather was mild for the time of year, and the meeting began late. "
    "A bakery on the high street reopened after a refit. "
    "Construction of the barrier starts in spring, and the council will fund it with green bonds."
)


def test_engine_skips_furniture_and_repeats_and_keeps_article_order() -> None:
    summary = extract_summary(ARTICLE, 3)
    sentences = [s.text for s in split_sentences(summary)]
    assert len(sentences) == 3
    assert sentences[0].startswith("The harbour council approved a £40m flood barrier")
    assert "By" not in sentences[0] and "Reuters" not in summary
    assert "Pictured" not in summary  # a caption restating the lead
    assert "(above)" not in summary  # a caption repeating the lead
    assert "bakery" not in summary and "weather" not in summary
    positions = [ARTICLE.find(s) for s in sentences]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_rank_sentences_scores_relevance_best_first() -> None:
    ranked = rank_sentences(ARTICLE)
    assert [r[0] for r in ranked] == sorted((r[0] for r in ranked), reverse=True)
    assert ranked[0][2].startswith("The harbour council approved a £40m")
    assert all(r[2] in ARTICLE for r in ranked)
    assert next(p for p, _ in candidate_sentences(ARTICLE)) == 2  # byline lines skipped


def test_short_text_falls_back_to_its_sentences() -> None:
    assert (
        extract_summary("Storm closes port. Ferries wait.", 3) == "Storm closes port. Ferries wait."
    )


def test_engine_summaries_on_every_sample() -> None:
    articles = read_sources([str(SAMPLES)]).articles
    for length, n in SENTENCES.items():
        for summary, article in zip(
            ExtractiveEngine().summarise(articles, length), articles, strict=True
        ):
            sentences = [s.text for s in split_sentences(summary.text)]
            assert 1 <= len(sentences) <= n
            assert all(s in article.text for s in sentences)


def test_an_aside_fills_the_summary_when_nothing_else_is_left() -> None:
    text = (
        "The harbour council approved the new flood barrier on Tuesday night. "
        "The harbour council approved the new flood barrier on Tuesday evening. "
        "A bakery on the high street reopened after a long refit."
    )
    chosen = [s for _, s in select(text, 2)]
    assert chosen[0].startswith("The harbour council approved")
    assert chosen[1].startswith("A bakery")  # the near-repeat is never chosen


@pytest.mark.parametrize(
    ("sentence", "leaning"),
    [
        ("He said the barrier would be finished by 2028.", True),
        ("However, the council has not set a date.", True),
        ("But residents say the work is overdue.", True),
        ("This means the harbour will close for a month.", True),
        ("In addition, ten homes will be bought.", True),
        ("It's the third delay this year.", True),
        ('"We will not wait another decade," she said.', True),
        ("The mayor said the barrier would be finished by 2028.", False),
        ("There were five objections to the plan.", False),
        ('"We will not wait," Mayor Elena Voss said.', False),
    ],
)
def test_sentences_that_lean_on_the_one_before(sentence: str, leaning: bool) -> None:
    assert leans(sentence) is leaning


LEDE_ARTICLE = (
    "Portwick council voted on Monday to close the old swing bridge over the river. "
    "The bridge carries 9,000 cars a day between the harbour and the station. "
    "Council leader Tomas Reyne spoke to reporters afterwards. "
    "He said cracks in the deck made the old bridge unsafe to cross and that repairs to the "
    "bridge would cost the council £12m. "
    "A ferry across the river will run while a new bridge is planned. "
    "The weather was mild."
)


def test_the_lede_leads_and_a_leaning_sentence_brings_its_predecessor() -> None:
    # the most central sentence leans on the one before: it comes with it or not at all
    for n in (1, 2, 3, 4):
        sentences = [s for _, s in select(LEDE_ARTICLE, n)]
        assert sentences[0].startswith("Portwick council voted"), n
        for i, s in enumerate(sentences):
            if s.startswith("He said"):
                assert sentences[i - 1].startswith("Council leader Tomas Reyne"), n
    # four sentences: after the lede and the next best, the leaning sentence is the best
    # left, and there is room for it and the sentence it leans on
    four = [s for _, s in select(LEDE_ARTICLE, 4)]
    assert [s.split()[0] for s in four] == ["Portwick", "The", "Council", "He"]
    three = [s for _, s in select(LEDE_ARTICLE, 3)]  # no room for both: passed over
    assert not any(s.startswith("He said") for s in three) and len(three) == 3


_OPENERS = (
    "he she they it his her their its this that these those but however also and so yet"
    " meanwhile moreover instead nevertheless therefore thus".split()
)


@pytest.mark.skipif(not BBC.is_dir(), reason="../shared/eval/articles is not beside the checkout")
def test_no_summary_of_500_bbc_articles_opens_leaning_on_a_sentence_it_lacks() -> None:
    opening_badly = []
    files = sorted(BBC.glob("*.txt"))
    assert len(files) == 500
    for path in files:
        body = path.read_text(encoding="utf-8").split("\n", 2)[-1]
        for n in SENTENCES.values():
            summary = extract_summary(body, n)
            first = summary.split()[0].strip("\"'“‘(,").lower() if summary else ""
            if first in _OPENERS:
                opening_badly.append((path.name, n, summary[:60]))
    assert opening_badly == []
