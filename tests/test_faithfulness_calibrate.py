"""Choosing the guard's rules and an NLI threshold by cross-validation (folds by article)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.core.errors import BriefgenError
from briefgen.faithfulness import calibrate as cv
from briefgen.faithfulness.check import DEFAULT_CHECKS, RULES, RULES_FILE
from briefgen.faithfulness.nli import SETTINGS_FILE, THRESHOLD, NLIChecker, calibrated_threshold
from tests.test_faithfulness_relations import _build_tiny_nli

ROOT = Path(__file__).resolve().parents[1]


def _rows(articles: int = 20) -> list[cv.Judged]:
    """Per article: 4 consistent summaries and 2 inconsistent ones. Rule "sure" flags every
    inconsistent one and no consistent one; "loose" flags every inconsistent one and one
    consistent summary in every article; "never" flags nothing."""
    rows = []
    for a in range(articles):
        art = f"article-{a}"
        for i in range(4):
            rows.append(cv.Judged(art, False, frozenset({"loose"} if i == 0 else set()), 0.5))
        for _ in range(2):
            rows.append(cv.Judged(art, True, frozenset({"sure", "loose"}), -0.5))
    return rows


def test_folds_keep_an_article_whole_and_are_balanced() -> None:
    articles = [f"a{i}" for i in range(23)]
    fold_of = cv.folds(articles + articles)  # every summary of an article in one fold
    assert set(fold_of) == set(articles) and set(fold_of.values()) == set(range(5))
    sizes = [list(fold_of.values()).count(k) for k in range(5)]
    assert max(sizes) - min(sizes) <= 1
    assert cv.folds(list(reversed(articles))) == fold_of  # not the file's order


def test_cross_validation_keeps_the_precise_rule_and_drops_the_loose_one() -> None:
    rows = _rows()
    result = cv.cross_validate(rows, ["sure", "loose", "never"])
    assert len(result.folds) == 5
    assert all(f.rules == ("sure",) for f in result.folds)
    assert (result.recall, result.false_flags, result.worst_false) == (1.0, 0.0, 0.0)
    assert result.met


def test_a_check_pays_only_when_the_guard_is_worse_without_it() -> None:
    rows = _rows()
    full = cv.cross_validate(rows, ["sure", "loose"])
    assert cv.pays(full, cv.cross_validate(rows, cv.without(["sure", "loose"], "sure")))
    less = cv.cross_validate(rows, cv.without(["sure", "loose"], "loose"))
    assert not cv.pays(full, less)  # "loose" is never chosen: without it nothing changes
    assert cv.pays(full, less, free=True)
    assert cv.without(["a", "b", "a+b", "b+c"], "a") == ["b", "b+c"]


def test_the_nli_threshold_separates_the_scores_within_the_false_flag_target() -> None:
    rows = _rows()
    assert -0.5 < cv.pick_threshold(rows) < 0.5
    assert cv.cross_validate(rows, ["never"], nli=True).recall == 1.0
    # scores that cannot separate: the threshold flags nothing rather than good summaries
    mixed = [cv.Judged(r.article, r.inconsistent, r.flags, 0.0) for r in rows]
    threshold = cv.pick_threshold(mixed)
    assert not any(cv.flag(r, (), threshold) for r in mixed)


def test_a_model_threshold_keeps_false_flags_within_the_target_counting_the_rules() -> None:
    # 40 consistent summaries scored 0..39 (none flagged by the rules), 10 inconsistent ones
    scored = [(float(s), False, False) for s in range(40)]
    scored += [(float(s), True, False) for s in range(30, 40)]
    t = cv.score_threshold(scored, 0.05)  # 2 false flags allowed: 38 and 39
    assert 37 < t <= 38
    # the rules flag one consistent summary: one false flag left for the model
    ruled = [(s, bad, base or (not bad and s == 0.0)) for s, bad, base in scored]
    assert 38 < cv.score_threshold(ruled, 0.05) <= 39
    # the rules alone over the target: the model may flag nothing; no false flag wanted: none
    assert cv.score_threshold([(s, bad, not bad) for s, bad, _ in scored], 0.05) == math.inf
    assert cv.score_threshold(scored, 0.0) > 39
    assert cv.score_threshold([(1.0, True, False)], 0.03) == -math.inf  # nothing to flag falsely


def test_the_shipped_rules_are_known_and_the_guard_runs_them() -> None:
    saved = json.loads(RULES_FILE.read_text())
    assert set(saved["rules"]) <= set(RULES) and tuple(saved["rules"]) == DEFAULT_CHECKS
    assert saved["cross_validation"]["false_flag_pct"] <= 100 * cv.TARGET_FALSE


def _dev_file(path: Path) -> Path:
    """Six small articles written for this test, each with a faithful and a wrong summary."""
    lines = []
    for i, town in enumerate(("Arden", "Belmoor", "Corrick", "Dunvale", "Esterby", "Farrow")):
        article = (
            f"The council of {town} approved {10 + i} new homes on Monday. "
            f"Mayor Iris Calloway said the homes would be ready by spring. "
            f"Builders in {town} welcomed the plan after a long wait."
        )
        good = f"The council of {town} approved {10 + i} new homes on Monday."
        bad = f"Mayor Tom Hadley said {40 + i} homes in {town} would be ready by spring."
        for system, summary, score in (("good", good, 5.0), ("bad", bad, 2.0)):
            lines.append(
                json.dumps(
                    {"id": town, "system": system, "article": article, "summary": summary}
                    | {"consistency": score}
                )
            )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_benchmark_calibrates_an_nli_model_in_one_command(tmp_path: Path) -> None:
    labels = {0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}
    model = _build_tiny_nli(tmp_path / "nli", labels)
    assert calibrated_threshold(str(model)) == THRESHOLD  # not calibrated yet
    script = ROOT / "benchmarks" / "faithfulness_eval.py"
    data = _dev_file(tmp_path / "dev.jsonl")
    args = ["--data", str(data), "--out", str(tmp_path / "r.json"), "--nli-model", str(model)]
    out = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    assert "guard + NLI model" in out and f"wrote {model / SETTINGS_FILE}" in out
    saved = json.loads((model / SETTINGS_FILE).read_text())["threshold"]
    assert f"NLI threshold chosen on the whole file: {saved:.4f}" in out
    assert NLIChecker(str(model)).threshold == saved
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["nli"]["threshold"] == saved and len(report["nli"]["folds"]) == 5
    (model / SETTINGS_FILE).write_text("{}")
    with pytest.raises(BriefgenError, match="not a calibration file"):
        calibrated_threshold(str(model))
