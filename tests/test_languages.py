"""Summaries per language: which checkpoint an article's language gets, and the setting."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefgen.app.build import BuildResult
from briefgen.cache import Cache
from briefgen.cli import app
from briefgen.core.errors import BriefgenError
from briefgen.document import Summary
from briefgen.ingest import read_sources
from briefgen.settings.options import MULTILINGUAL_MODEL, BuildOptions, validated
from briefgen.summarise import resolve_engine
from briefgen.summarise.languages import model_for
from briefgen.summarise.summariser import Summariser, summary_key
from briefgen.summarise.translate import translation_model
from tests.conftest import train_tiny_marian
from tests.multilingual import ENGLISH, FRENCH, SOURCES, write_articles


def test_models_map_languages_to_checkpoints() -> None:
    options = validated(BuildOptions(model="./en-model", models="fr=./fr-model,de=hub/de"))  # type: ignore[arg-type]
    assert model_for("fr", options) == ("./fr-model", True)
    assert model_for("de-AT", options) == ("hub/de", True)
    assert model_for("en", options) == ("./en-model", True)
    assert model_for("", options) == ("./en-model", True)
    assert model_for("es", options) == (MULTILINGUAL_MODEL, False)
    anything = validated(BuildOptions(models={"*": "hub/any"}))
    assert model_for("es", anything) == ("hub/any", True)


def test_a_bad_models_value_names_the_setting() -> None:
    with pytest.raises(BriefgenError, match="models"):
        validated(BuildOptions(models="fr"))  # type: ignore[arg-type]


def test_translation_models_by_pair_language_or_convention() -> None:
    assert translation_model("fr", "en", {}) == "Helsinki-NLP/opus-mt-fr-en"
    assert translation_model("fr", "en", {"fr": "./fr"}) == "./fr"
    assert translation_model("fr", "en", {"fr-en": "./pair", "fr": "./fr"}) == "./pair"
    assert translation_model("de", "en", {"*": "./any"}) == "./any"


def _build(tmp_path: Path, **settings: object) -> tuple[dict[str, Any], BuildResult]:
    from briefgen.app.build import build

    sources = write_articles(tmp_path / "in")
    options = BuildOptions(
        sources=[str(sources)],
        languages=["en", "fr", "de"],
        formats=["json", "md"],
        out=tmp_path / "out",
        cache_dir=tmp_path / "cache",
        related="off",
        **{"engine": "abstractive", **settings},  # type: ignore[arg-type]
    )
    result = build(options)
    path = next(p for p in result.paths if p.suffix == ".json")
    return json.loads(path.read_text(encoding="utf-8")), result


def test_each_language_gets_its_model_and_a_missing_default_falls_back(
    tmp_path: Path, tiny_bart: Path, tiny_mt5: Path
) -> None:
    data, _ = _build(tmp_path, model=str(tiny_bart), models={"fr": str(tiny_mt5)})
    by_source = {s["source"]: s for s in data["stories"]}
    assert set(by_source) == set(SOURCES.values())  # every article kept
    assert by_source["Le Journal de Velmar"].get("summary_model", data["model"]) == str(tiny_mt5)
    assert by_source["Velmar Courier"].get("summary_model", data["model"]) == str(tiny_bart)
    german = by_source["Velmarer Zeitung"]
    assert german.get("summary_engine", data["engine"]) == "extractive"
    assert "German articles are summarised extractively" in data["engine_note"]
    assert MULTILINGUAL_MODEL in data["engine_note"]
    again, second = _build(tmp_path, model=str(tiny_bart), models={"fr": str(tiny_mt5)})
    assert second.cached == 3
    assert [s["summary"] for s in again["stories"]] == [s["summary"] for s in data["stories"]]


def test_translation_marks_stories_and_is_cached(
    tmp_path: Path, tiny_bart: Path, tiny_marian: Path
) -> None:
    settings = {
        "model": str(tiny_bart),
        "translate": True,
        "translation_models": {"fr": str(tiny_marian)},
    }
    data, _ = _build(tmp_path, **settings)
    by_source = {s["source"]: s for s in data["stories"]}
    french = by_source["Le Journal de Velmar"]
    assert french["translated_from"] == "fr"
    assert french["title"] != FRENCH[0]  # the model's title, not the original
    assert by_source["Velmar Courier"]["translated_from"] is None
    # German has no model here: the hub cannot be reached, so it stays German, and says so
    assert by_source["Velmarer Zeitung"]["translated_from"] is None
    assert "German articles are not translated" in data["engine_note"]
    markdown = (tmp_path / "out").glob("*.md")
    assert any("Translated from French" in p.read_text(encoding="utf-8") for p in markdown)
    again, _ = _build(tmp_path, **settings)
    assert {s["title"] for s in again["stories"]} == {s["title"] for s in data["stories"]}


def test_translation_runs_on_ctranslate2_after_converting_the_marian_model(
    tmp_path: Path, tiny_bart: Path, tiny_marian: Path
) -> None:
    settings = {
        "model": str(tiny_bart),
        "engine": "ct2",
        "quantize": "float32",
        "translate": True,
        "translation_models": {"fr": str(tiny_marian), "de": str(tiny_marian)},
    }
    data, _ = _build(tmp_path, **settings)
    by_source = {s["source"]: s for s in data["stories"]}
    assert by_source["Le Journal de Velmar"]["translated_from"] == "fr"
    assert by_source["Velmarer Zeitung"]["translated_from"] == "de"
    assert data["engine"] == "ct2" and not data["engine_note"]
    converted = [p.name for p in (tmp_path / "cache" / "ct2").iterdir()]
    assert any(name.startswith("model-float32") for name in converted)  # the Marian, converted


LITERAL = (
    "Velmar inaugurates its new bridge over the river",
    [
        "The town of Velmar inaugurated on Monday its new bridge over the river after two "
        "years of works.",
        "The mayor said that the bridge will carry four thousand cars per day and that the "
        "old ferry will be stopped at the end of the month.",
        "The engineers said that the steel deck was tested for floods and for heavy trucks.",
        "The shops near the river stayed open late for the crowd, and the town band played on "
        "the bank while the children crossed the new bridge.",
    ],
)
"""The French article in English, sentence by sentence: what the tiny model learns to write
(worded apart from the English outlet's report, as a real translation would be)."""

UNRELATED = (
    "Velmar library extends its winter opening hours",
    "The public library of Velmar will stay open until nine in the evening from December, "
    "the library board said on Tuesday. Readers asked for the change in a survey last "
    "spring, and the board found the money by closing the old reading room in the cellar. "
    "The children's corner will also open on Sunday mornings through the winter.",
)


def _paragraphed(folder: Path, name: str, title: str, paragraphs: list[str], source: str) -> None:
    """An article with one sentence a paragraph: translation works paragraph by paragraph
    (a paragraph within the model's window is one piece; see briefgen.summarise.translate),
    so the pieces the run translates are exactly the pairs the model learnt."""
    body = "\n\n".join(paragraphs)
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {title}\nsource: {source}\nurl: https://{name}.example.com/a\n"
        f"published: 2026-11-09\n---\n\n{body}\n",
        encoding="utf-8",
    )


def _sentences(text: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in text.split(". ")]


@pytest.mark.slow  # trains a tiny translation model: about 10 s
def test_a_french_report_is_translated_then_grouped_with_the_english_one(
    tmp_path: Path,
) -> None:
    """End to end with a model that really translates (the French article's sentences,
    learnt by heart): translated before grouping, the two reports are one story."""
    french = _sentences(FRENCH[1])
    assert len(french) == len(LITERAL[1])
    model = train_tiny_marian(
        tmp_path / "marian", [(FRENCH[0], LITERAL[0]), *zip(french, LITERAL[1], strict=True)]
    )
    sources = tmp_path / "in"
    sources.mkdir()
    _paragraphed(sources, "bridge-en", ENGLISH[0], _sentences(ENGLISH[1]), SOURCES["en"])
    _paragraphed(sources, "bridge-fr", FRENCH[0], french, SOURCES["fr"])
    _paragraphed(sources, "library", UNRELATED[0], _sentences(UNRELATED[1]), "Velmar Courier")
    args = ["build", str(sources), "-o", str(tmp_path / "out"), "-f", "json,md,html"]
    args += ["--languages", "en,fr", "--engine", "extractive", "--quantize", "float32"]
    args += ["--cache-dir", str(tmp_path / "cache")]
    result = CliRunner().invoke(app, [*args, "--translate", "--translation-models", f"fr={model}"])
    assert result.exit_code == 0, result.output
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert len(data["stories"]) == 2  # the bridge, in two languages, and the library
    bridge = next(s for s in data["stories"] if "bridge" in s["title"])
    reports = [bridge, *bridge["related"]]
    assert {r["source"] for r in reports} == {SOURCES["en"], SOURCES["fr"]}
    translated = next(r for r in reports if r["source"] == SOURCES["fr"])
    assert translated["translated_from"] == "fr" and translated["language"] == "en"
    assert translated["title"] == LITERAL[0]  # the model's translation
    summary = _sentences(" ".join(translated["summary"].split()))
    assert summary and set(summary) <= set(LITERAL[1])  # summarised from the translation
    for suffix in ("html", "md"):  # the related report says it is a translation
        page = next((tmp_path / "out").glob(f"*.{suffix}")).read_text(encoding="utf-8")
        assert "Translated from French" in page


def test_a_summary_made_with_another_prefix_is_not_served_from_the_cache(
    tmp_path: Path, tiny_mt5: Path, tiny_t5: Path
) -> None:
    """The task prefix is part of a summary's cache key: mT5 checkpoints once got T5's
    ``summarize: `` and no longer do, and what was cached with it is not served now."""
    spec = resolve_engine("abstractive", str(tiny_mt5))
    assert spec.prefix == "" and resolve_engine("abstractive", str(tiny_t5)).prefix
    articles = read_sources([str(write_articles(tmp_path / "in", ("fr",)))], languages=["fr"])
    article = articles.articles[0]
    before = dataclasses.replace(spec, prefix="summarize: ")  # the key as it was made then
    with Cache(tmp_path / "cache") as cache:
        stale = Summary(article.id, "Made with the old prefix.", "abstractive", str(tiny_mt5))
        cache.put_summaries({summary_key(article, before, "medium"): stale})
        summariser = Summariser(spec, cache)
        made = summariser.summarise([article], lambda n: None)
        assert summariser.cached == 0 and made[0].text != stale.text
        again = Summariser(spec, cache)
        assert again.summarise([article], lambda n: None) == made and again.cached == 1
