"""The engines: abstractive on tiny BART and T5 checkpoints, extractive, and the auto fallback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.core.sentences import split_sentences
from briefgen.document import Article
from briefgen.ingest import read_sources
from briefgen.summarise import ExtractiveEngine, make_engine
from briefgen.summarise.abstractive import AbstractiveEngine
from briefgen.summarise.extractive import extract_summary

from .conftest import SAMPLES


def _samples() -> list[Article]:
    return read_sources([str(SAMPLES)]).articles


def _abstractive(path: Path, batch_size: int = 4) -> AbstractiveEngine:
    engine, note = make_engine("abstractive", str(path), batch_size=batch_size)
    assert note == ""
    assert isinstance(engine, AbstractiveEngine)
    return engine


def test_every_article_gets_a_summary_in_input_order(tiny_model: Path) -> None:
    articles = _samples()
    engine = _abstractive(tiny_model)
    summaries = engine.summarise(articles)
    assert [s.article_id for s in summaries] == [a.id for a in articles]
    assert all(s.text and s.engine == "abstractive" for s in summaries)
    assert all(s.model == str(tiny_model) for s in summaries)
    # the tiny models' random weights still depend on their input: different texts differ
    assert len({s.text for s in summaries}) > 1


def test_long_article_is_map_reduced(tiny_model: Path) -> None:
    articles = _samples()
    longest = max(articles, key=lambda a: a.word_count)
    engine = _abstractive(tiny_model)
    [summary] = engine.summarise([longest])
    assert summary.map_reduced and summary.chunks == len(engine.chunks(longest.text)) > 3
    # the final summary is one generation within the model's length limit (a word needs a token)
    assert len(summary.text.split()) <= engine.model.generation("medium")["max_length"]


def test_batched_and_one_by_one_give_the_same_greedy_output(tiny_model: Path) -> None:
    # the three shortest samples and a long one: single chunks and map-reduce rounds both
    by_length = sorted(_samples(), key=lambda a: a.word_count)
    articles = [*by_length[:3], by_length[-2]]
    batched = _abstractive(tiny_model, batch_size=8).summarise(articles)
    single = _abstractive(tiny_model, batch_size=1).summarise(articles)
    assert [s.text for s in batched] == [s.text for s in single]


def test_length_presets_scale_the_checkpoint_settings(tiny_bart: Path) -> None:
    loaded = _abstractive(tiny_bart).model
    assert loaded.generation("medium")["max_length"] == 24  # the checkpoint's own setting
    assert loaded.generation("short")["max_length"] == 12
    assert loaded.generation("long")["max_length"] == 36
    assert loaded.generation("medium")["no_repeat_ngram_size"] == 3


def test_abstractive_engine_fails_clearly_when_the_model_is_missing(tmp_path: Path) -> None:
    with pytest.raises(BriefgenError) as info:
        make_engine("abstractive", str(tmp_path / "no-model"))
    assert info.value.code == ExitCode.MODEL_UNAVAILABLE
    (tmp_path / "empty").mkdir()
    with pytest.raises(BriefgenError, match=r"no config\.json"):
        make_engine("abstractive", str(tmp_path / "empty"))
    with pytest.raises(BriefgenError, match="not in the local Hugging Face cache"):
        make_engine("abstractive", "briefgen-tests/no-such-model")


def test_auto_falls_back_to_extractive_with_a_note(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        engine, note = make_engine("auto", "briefgen-tests/no-such-model")
    assert isinstance(engine, ExtractiveEngine)
    assert "extractive" in note and "briefgen-tests/no-such-model" in note
    assert note in caplog.text


def test_extractive_summary_is_the_articles_own_sentences_in_order() -> None:
    for article in _samples():
        summary = ExtractiveEngine().summarise([article], "medium")[0]
        sentences = [s.text for s in split_sentences(summary.text)]
        assert 1 <= len(sentences) <= 3
        positions = [article.text.find(s) for s in sentences]
        assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_extractive_prefers_central_sentences_over_asides() -> None:
    text = (
        "The harbour council approved a flood barrier on Tuesday after a decade of delays. "
        "The weather was mild for the time of year. "
        "The flood barrier will protect harbour homes from storm surges, the council said. "
        "A bakery on the high street reopened. "
        "Construction of the barrier starts in spring and the council will fund it with bonds."
    )
    summary = extract_summary(text, 2)
    assert "bakery" not in summary and "weather" not in summary
    assert summary.startswith("The harbour council approved")
