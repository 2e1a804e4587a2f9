"""Speakers as a reader expects them, and the learned choice among the rules' candidates.

Every article here is written for the test (news-style sentences, invented people).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from briefgen.quotes import RULES_VERSION, extract_quotes, find_quotes
from briefgen.quotes.choose import (
    FEATURES,
    MODEL_PATH,
    RULES,
    candidates,
    load_model,
    ranking_features,
)
from briefgen.quotes.extract import rules_view

ROOT = Path(__file__).resolve().parents[1]


def _speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text)]


def _said(text: str, words: str) -> str | None:
    return next(q.speaker for q in extract_quotes(text) if words in q.text)


# never one quote from two speakers -------------------------------------------------------


def test_run_on_quotes_with_a_change_of_speaker_are_two_quotes() -> None:
    text = (
        "The council's budget was attacked from both sides on Tuesday. "
        '"We must act before the winter, not after it," said Maria Delgado. '
        '"The money is simply not there." Owen Tarrant added.'
    )
    quotes = extract_quotes(text)
    assert [(q.text.rstrip("."), q.speaker) for q in quotes] == [
        ("We must act before the winter, not after it", "Maria Delgado"),
        ("The money is simply not there", "Owen Tarrant"),
    ]


def test_each_introduced_quote_keeps_its_own_speaker() -> None:
    text = (
        'Housing minister Ada Brennick said: "We will build the homes this county needs." '
        'Opposition spokesman Tobias Wren said: "Nobody believes a word of it." '
        '"The figures were never checked." Councillor Lina Osei added: "It is a mess."'
    )
    got = _speakers(text)
    by_text = {t.split()[0]: s for t, s in got}
    assert by_text["We"] == "Ada Brennick"
    assert by_text["Nobody"] == "Tobias Wren"
    assert by_text["It"] == "Lina Osei"
    assert not any("Nobody" in t and "We will" in t for t, _ in got)
    assert all(q.speaker for q in find_quotes(text, 3) if q.key)


def test_a_split_quote_of_one_speaker_stays_one_quote() -> None:
    text = '"We will rebuild the pier," said Ada Brennick, "and we will start in May."'
    quotes = extract_quotes(text)
    assert len(quotes) == 1 and quotes[0].speaker == "Ada Brennick"


# names as a reader expects them -----------------------------------------------------------


def test_honorific_stays_with_the_name_and_never_in_the_role() -> None:
    text = (
        "Auditor General Sir Hugh Pellow said the accounts were late. "
        '"The department must do better," said Sir Hugh Pellow, the auditor general.'
    )
    quote = extract_quotes(text)[0]
    assert quote.speaker == "Sir Hugh Pellow"
    assert quote.speaker_role is not None and "Sir" not in quote.speaker_role


def test_knight_named_by_first_name_is_the_full_name() -> None:
    text = (
        "Sir Hugh Pellow published the report on Monday. "
        'Sir Hugh said "real progress" had been made.'
    )
    assert _said(text, "real progress") == "Sir Hugh Pellow"


def test_short_name_becomes_the_full_name_met_earlier() -> None:
    text = (
        "Liam Fox criticised the plan in the Commons. "
        '"It will fail, and everyone in this House knows it," said Fox.'
    )
    assert _said(text, "It will fail") == "Liam Fox"


def test_sentence_initial_word_is_not_glued_to_the_name() -> None:
    text = (
        "Dariusz Yelling runs the harbour trust. "
        'The mayor called the plan "reckless". And Yelling said "it is fine" as it stands.'
    )
    assert _said(text, "it is fine") == "Dariusz Yelling"


def test_an_adjective_before_a_name_is_never_the_speaker() -> None:
    text = (
        "Rosa Mendel made the film in Lisbon. "
        'Mendel\'s Lisbon-style musical was called "a triumph" by a local paper.'
    )
    said = _said(text, "a triumph")
    assert said is None or "style" not in said


def test_pronoun_speaker_is_the_person() -> None:
    text = (
        "Isaac Kiprono won the marathon in record time on Sunday. "
        '"I felt strong from the first mile to the last," he said.'
    )
    assert _said(text, "felt strong") == "Isaac Kiprono"


# the model: data, not code -------------------------------------------------------------------


def test_model_file_is_plain_json_with_one_weight_per_feature() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    assert len(data["weights"]) == len(data["features"])
    assert isinstance(data["intercept"], float)
    model = load_model()
    assert not model.rules_only and model.version == data["version"]
    assert model.version in RULES_VERSION


def test_model_file_ranks_candidates_with_the_rules_own_candidate_weighed_apart() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["ranker"]
    assert data["features"] == list(ranking_features())
    assert len(data["weights"]) == len(data["features"])
    crossed = [n for n in data["features"] if "*" in n]
    assert crossed and all(n.startswith("rule*") for n in crossed)
    assert load_model().rank.weights == tuple(data["weights"])


def test_pronoun_goes_to_the_person_of_its_gender() -> None:
    text = (
        "Thomas Wendt met Maria Oyelaran at the port on Friday. "
        "“The ships will sail on time,” she said. "
        "“The cranes are another matter,” he added."
    )
    assert _said(text, "ships will sail") == "Maria Oyelaran"
    assert _said(text, "cranes are") == "Thomas Wendt"


def test_a_capitalised_time_phrase_before_the_pronoun_is_not_its_person() -> None:
    text = (
        "Hanne Vosberg opened the new ward. Between Monday and Friday she told staff: "
        "“The beds are ready.”"
    )
    assert _said(text, "beds are ready") == "Hanne Vosberg"


def test_an_opening_time_or_place_phrase_is_not_the_speaker() -> None:
    text = (
        "Greta Nyland flew to Oslo on Monday. Hours later, she told reporters the plan "
        "was “dead on arrival.”\n\n"
        "Oskar Lind took the floor next. But a few days later, Lind reversed himself, "
        "telling the radio that the rules “are set and will stay.”\n\n"
        "Speaking at a town hall in Salem, New Hampshire, Lind went after Brand, "
        "calling him “a total stiff.”\n\n"
        "Early in the campaign, Nyland attacked Brand, calling him “a tired candidate.”"
    )
    assert _said(text, "dead on arrival") == "Greta Nyland"
    assert _said(text, "are set") == "Oskar Lind"
    assert _said(text, "total stiff") == "Oskar Lind"
    assert _said(text, "tired candidate") == "Greta Nyland"


def test_the_outer_speaker_of_reported_speech_is_the_source() -> None:
    text = (
        "Rep. Dana Olufsen (D-Vt.) said Brand reassured them that the party "
        "“was not going to split.”"
    )
    assert _said(text, "not going to split") == "Dana Olufsen"


def test_a_time_phrase_between_subject_and_verb_is_not_the_speaker() -> None:
    text = "Tomas Brand at the time said he had asked his team to “look into” the fees."
    assert _said(text, "look into") == "Tomas Brand"


def test_a_dateline_in_title_case_and_a_name_before_kept_asking() -> None:
    text = (
        "Lisbon (AFP) – Councillor Hilde Varga has taken a swipe at her rival, saying that "
        "“loud comments” do more harm than good.\n\n"
        "The hearing dragged on, and Sen. Rob Jansen (R-Wis.) kept asking why the office "
        "had tied the fire to “spontaneous” protests."
    )
    assert _said(text, "loud comments") == "Hilde Varga"
    assert _said(text, "spontaneous") == "Rob Jansen"


def test_a_name_by_a_cue_verb_after_a_woven_quote_is_a_candidate() -> None:
    text = (
        "Two weeks earlier, voters rejected the treaty. The rejection signals "
        "“the beginning of the end” for the European Union and for Brussels, said Gert "
        "Wildman, founder of the Freedom Party."
    )
    view = rules_view(text)
    assert view is not None and view.quotes[0].speaker is None  # the rules find no one
    names = [c.name for c in candidates(view)[0]]
    assert "Gert Wildman" in names and "European Union" in names


def test_the_model_may_differ_from_the_rules_but_keeps_their_quotes() -> None:
    text = (
        "Isaac Kiprono won the marathon in record time on Sunday. "
        '"I felt strong from the first mile to the last," he said. '
        '"Next year I want the world record." Coach Petra Lind said the win was deserved.'
    )
    mine = extract_quotes(text)
    rules = extract_quotes(text, RULES)
    assert [(q.start, q.end) for q in mine] == [(q.start, q.end) for q in rules]
    assert mine[0].speaker == "Isaac Kiprono"


CHILD = """
import sys
sys.modules["sklearn"] = None  # importing scikit-learn now fails
from briefgen.quotes import extract_quotes
from briefgen.quotes.choose import load_model
assert not load_model().rules_only
print(extract_quotes('"We are ready," said Ada Brennick.')[0].speaker)
"""


def test_quotes_need_no_training_library_at_run_time() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "Ada Brennick"


# the scorer's reading of a gold speaker (benchmarks/quotes_eval.py) --------------------------


def test_scorer_reads_names_and_leaves_descriptions_unscored() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from quotes_eval import last_name, named_speaker

    assert named_speaker("the Oregon senator") is None  # a description: not scored
    assert named_speaker("a Galt campaign aide") is None
    assert named_speaker("Galt's campaign chairman, Rina Osei") == "Osei"
    assert named_speaker("Former secretary of state Lena Marsh") == "Marsh"
    assert named_speaker("Mr. Pell of the Harbour Trust") == "Pell"
    assert named_speaker("Sen. Ada Quist (D-Ore.)") == "Quist"
    assert named_speaker("Quist herself") == "Quist"
    assert named_speaker("she") is None
    assert named_speaker("a longtime adviser to the Galt family") is None
    assert named_speaker("The senator from Oregon") is None
    assert named_speaker("Aides for Quist") == "Quist"
    assert named_speaker("Former Secretary of State Lena Marsh") == "Marsh"
    assert named_speaker("Pell of the Harbour Trust") == "Pell"
    # the reading issue 25's first figures used takes the first capitalised word it meets
    assert last_name("the Oregon senator") == "Oregon"
    assert last_name("Former secretary of state Lena Marsh") == "Former"
