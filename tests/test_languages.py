"""Summaries per language: which checkpoint an article's language gets, and the setting."""

from __future__ import annotations

import pytest

from briefgen.core.errors import BriefgenError
from briefgen.settings.options import MULTILINGUAL_MODEL, BuildOptions, validated
from briefgen.summarise.languages import model_for
from briefgen.summarise.translate import translation_model


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
