"""The learned guard: graded features per summary sentence and the logistic model over them."""

from __future__ import annotations

import json
import math

import pytest

from briefgen.faithfulness import ArticleIndex, check_sentence, guard
from briefgen.faithfulness.check import DEFAULT_CHECKS, RULES, findings, problems_of
from briefgen.faithfulness.features import CANDIDATES, FEATURES, GROUPS, summary_features
from briefgen.faithfulness.learned import MODEL_FILE, LearnedGuard, from_json, shipped

ARTICLE = (
    "Marlow Town Council voted on Monday to close the Eastgate library in June, saving"
    " £310,000 a year. "
    "Councillor Priya Hale, who chairs the finance committee, said the building needed"
    " repairs the council could not afford. "
    "About 2,400 people signed a petition against the closure, organised by the Friends of"
    " Eastgate Library. "
    "Their spokesman, Owen Mertz, said: “A town without a library is a town that has given"
    " up.” "
    "The council said a mobile library would visit the estate twice a week from July."
)
INDEX = ArticleIndex(ARTICLE)
FAITHFUL = "About 2,400 people signed a petition against closing the Eastgate library."
INVENTED = "Angry residents marched through the rain carrying torches and banners overnight."
SENTENCES = [
    FAITHFUL,
    INVENTED,
    "The council will save £450,000 a year.",
    "Councillor Priya Marsh chairs the finance committee.",
    "Mertz called it “a betrayal of our children”.",
    "The library will close in August.",
    "The the council voted on Monday.",
    "Hale said the building needed repairs.",
]
NOVEL = LearnedGuard({"novel_share": 6.0}, -2.0, 0.0)
"""A model that flags sentences with many words the article lacks (novel share over ~0.4)."""


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("checks", [DEFAULT_CHECKS, RULES, ("name", "pairs+novel")])
def test_problems_of_the_findings_are_what_check_sentence_reports(
    sentence: str, checks: tuple[str, ...]
) -> None:
    assert problems_of(findings(INDEX, sentence), checks) == check_sentence(INDEX, sentence, checks)


def test_features_grade_what_the_article_lacks() -> None:
    article_own = "The council said a mobile library would visit the estate twice a week from July."
    found = summary_features(INDEX, [article_own, *SENTENCES])
    assert found.per_sentence[0] is None  # the article's own words: no check
    per = dict(zip(SENTENCES, found.per_sentence[1:], strict=True))
    assert set(per[FAITHFUL] or {}) == set(FEATURES)
    assert per["The council will save £450,000 a year."]["number"] == 1  # type: ignore[index]
    assert per["Councillor Priya Marsh chairs the finance committee."]["name"] == 1  # type: ignore[index]
    assert per["Mertz called it “a betrayal of our children”."]["quote"] == 1  # type: ignore[index]
    assert per["The library will close in August."]["date"] == 1  # type: ignore[index]
    assert per["The the council voted on Monday."]["garbled"] == 1  # type: ignore[index]
    faithful, invented = per[FAITHFUL] or {}, per[INVENTED] or {}
    assert faithful["novel_share"] < 0.2 < invented["novel_share"]
    assert faithful["trigram_novel"] < invented["trigram_novel"]
    assert found.summary["number"] == 1
    assert found.summary["novel_share"] == invented["novel_share"]  # the largest


DUEL = "Tom Reed beat Elena Voss in the final on Sunday. Voss cried after the match."


def test_candidates_grade_names_out_of_their_places() -> None:
    index = ArticleIndex(DUEL)
    sentences = [
        "In the final, Reed beat Voss.",
        "In the final, Voss beat Reed.",
        "After the final, Reed cried.",
    ]
    per = summary_features(index, sentences).per_sentence
    right, swapped, subject = (p or {} for p in per)
    assert right["names_swapped"] == 0 and swapped["names_swapped"] == 1
    assert right["subject_verb"] == 0 and subject["subject_verb"] == 1
    assert right["align_miss"] == 0


def test_candidates_are_measured_only_for_a_model_that_weighs_one() -> None:
    sentences = ["In the final, Voss beat Reed."]
    plain = summary_features(ArticleIndex(DUEL), sentences, wanted=("novel_share",))
    full = summary_features(ArticleIndex(DUEL), sentences)
    candidates = {f for group in CANDIDATES.values() for f in group}
    assert not candidates & set(plain.summary) and candidates <= set(full.summary)
    assert {f: full.summary[f] for f in plain.summary} == plain.summary


def test_a_summary_of_the_articles_own_words_has_no_evidence() -> None:
    own = "About 2,400 people signed a petition against the closure, organised by the Friends of"
    found = summary_features(INDEX, [f"{own} Eastgate Library."])
    assert found.per_sentence == [None]
    assert all(v == 0 for v in found.summary.values())


def test_the_model_flags_the_sentence_that_scores_over_its_threshold() -> None:
    summary = f"{FAITHFUL} {INVENTED}"
    rules_only = guard(ARTICLE, summary, "warn", learned=False)
    assert rules_only.flagged == 0
    warned = guard(ARTICLE, summary, "warn", learned=NOVEL)
    assert warned.text == summary and warned.flagged == 1
    assert [c.supported for c in warned.sentences] == [True, False]
    assert "learned check" in warned.sentences[1].problems[0]
    assert "novel_share" in warned.sentences[1].problems[0]
    fixed = guard(ARTICLE, summary, "fix", learned=NOVEL)
    assert fixed.text == FAITHFUL and fixed.fixed == 1  # no article sentence close enough


def test_a_faithful_summary_scoring_under_the_threshold_is_left_alone() -> None:
    summary = f"{FAITHFUL} Hale said the building needed repairs the council could not pay for."
    result = guard(ARTICLE, summary, "fix", learned=NOVEL)
    assert result.flagged == 0 and result.text == summary


def test_rules_flag_what_they_flag_with_or_without_the_model() -> None:
    summary = f"{FAITHFUL} The council will save £450,000 a year."
    with_model = guard(ARTICLE, summary, "warn", learned=NOVEL)
    without = guard(ARTICLE, summary, "warn", learned=False)
    assert with_model.sentences == without.sentences
    assert without.sentences[1].problems == ["number '£450,000' not in the article"]


def test_the_shipped_model_is_plain_numbers_over_known_features() -> None:
    saved = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    model = shipped()
    assert model == from_json(saved["model"])
    assert model is not None and set(model.weights) <= set(FEATURES) and model.weights
    assert math.isfinite(model.threshold) and math.isfinite(model.bias)
    assert set(model.weights) == {f for group in GROUPS.values() for f in group}
    report = saved["cross_validation"]
    assert set(report["ablation"]) == {f"-{g}" for g in GROUPS} | {f"+{g}" for g in CANDIDATES}
    chosen = report["learned_or_rules_groups_chosen_in_folds"]["groups"]
    assert len(chosen) == 5 and all(set(groups) <= set(GROUPS) for groups in chosen)
    # an empty summary feature set scores the bias: under the threshold, nothing flagged
    assert model.score({}) == model.bias < model.threshold


def test_a_model_file_with_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="weights"):
        from_json({"weights": [1.0], "bias": 0.0, "threshold": 0.0})
    with pytest.raises(ValueError, match="numbers"):
        from_json({"weights": {"novel_share": 1.0}, "bias": "high", "threshold": 0.0})
    model = LearnedGuard({"novel_share": 1.5}, -0.5, 0.25)
    assert from_json(json.loads(json.dumps(model.to_json()))) == model
