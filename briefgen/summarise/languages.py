"""Summaries per language: each article goes to the checkpoint its language is mapped to.

The ``models`` setting maps languages to checkpoints (``*``: any language not named);
English articles (and articles of unknown language) use ``model``, other languages
:data:`MULTILINGUAL_MODEL` unless ``models`` names one. Articles are grouped by the
checkpoint they get; each group is a :class:`~briefgen.summarise.summariser.Summariser` of
its own, so the summaries cache, the waves, CTranslate2 conversion and the fallback to the
extractive engine work exactly as for one model. A run whose articles all map to one
checkpoint is the one-model run it always was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from briefgen.cache import Cache
from briefgen.core.langnames import language_name
from briefgen.document import Article, Summary
from briefgen.settings.options import MULTILINGUAL_MODEL, EngineOptions
from briefgen.summarise.base import Length, Progress, SummaryReport
from briefgen.summarise.spec import EngineSpec, spec_for
from briefgen.summarise.summariser import CacheSource, Summariser, summary_key


def language_code(language: str) -> str:
    """``language`` as the key ``models`` uses: lower case, ``""`` when unknown."""
    return language.strip().lower().replace("_", "-")


def model_for(language: str, settings: EngineOptions) -> tuple[str, bool]:
    """``(checkpoint, named)`` for articles in ``language``: ``named`` is False for the
    built-in default of non-English languages (:data:`MULTILINGUAL_MODEL`), which falls back
    to the extractive engine when it is missing whatever engine was asked for."""
    code = language_code(language)
    for key in (code, code.partition("-")[0]):
        if key and key in settings.models:
            return settings.models[key], True
    if code.partition("-")[0] in ("", "en"):
        return settings.model, True
    if "*" in settings.models:
        return settings.models["*"], True
    return MULTILINGUAL_MODEL, False


def _names(codes: Sequence[str]) -> str:
    names = sorted({language_name(c) for c in codes})
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class LanguageSummariser:
    """Summaries by each language's checkpoint (see the module): a
    :class:`~briefgen.summarise.base.Summarising`, one :class:`Summariser` per checkpoint."""

    def __init__(
        self,
        settings: EngineOptions,
        cache: Cache | CacheSource | None,
        *,
        cache_dir: Path | None = None,
        length: Length = "medium",
        wave: int = 32,
        on_loaded: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self._cache = cache
        self._cache_dir = cache_dir
        self.length: Length = length
        self.wave = wave
        self.on_loaded = on_loaded
        self.parts: dict[str, Summariser] = {}  # by checkpoint, in the order first met
        self._languages: dict[str, list[str]] = {}  # the languages each checkpoint served
        self._named: dict[str, bool] = {}

    def spec(self, model: str, named: bool) -> EngineSpec:
        """The engine spec for ``model``: the run's engine settings with that checkpoint."""
        spec = spec_for(dataclasses.replace(self.settings, model=model), self._cache_dir)
        if not named and spec.engine != "extractive":
            spec = dataclasses.replace(spec, choice="auto")  # a default: falls back, never fails
        return spec

    def _part(self, model: str, named: bool) -> Summariser:
        if model not in self.parts:
            self.parts[model] = Summariser(
                self.spec(model, named),
                self._cache,
                length=self.length,
                wave=self.wave,
                on_loaded=self.on_loaded,
            )
            self._named[model] = named
        return self.parts[model]

    def _assign(self, article: Article) -> str:
        """The checkpoint that summarises ``article``, its part made and its language noted."""
        model, named = model_for(article.language, self.settings)
        self._part(model, named)
        served = self._languages.setdefault(model, [])
        code = language_code(article.language) or "en"
        if code not in served:
            served.append(code)
        return model

    def spec_of(self, article: Article) -> EngineSpec:
        """The engine spec that summarises ``article``: its checkpoint's (once loaded, the
        spec of the engine that loaded, as :class:`Summariser` keeps it)."""
        return self.parts[self._assign(article)].spec

    def key(self, article: Article) -> str:
        """The summaries cache key of ``article``'s summary (see :func:`summary_key`)."""
        return summary_key(article, self.spec_of(article), self.length)

    def summarise(self, articles: Sequence[Article], progress: Progress) -> list[Summary]:
        groups: dict[str, list[int]] = {}
        for i, article in enumerate(articles):
            groups.setdefault(self._assign(article), []).append(i)
        found: list[Summary | None] = [None] * len(articles)
        for model, indices in groups.items():  # one checkpoint's articles, in its waves
            made = self.parts[model].summarise([articles[i] for i in indices], progress)
            for i, summary in zip(indices, made, strict=True):
                found[i] = summary
        return [s for s in found if s is not None]

    def _note(self, model: str) -> str:
        part = self.parts[model]
        if not part.note or (len(self.parts) == 1 and self._named[model]):
            return part.note
        languages = _names(self._languages.get(model, []))
        if self._named[model]:
            return f"{languages} articles: {part.note[0].lower()}{part.note[1:]}"
        return (
            f"{languages} articles are summarised extractively: the multilingual model "
            f"{model}, the default for languages other than English, is not on this machine; "
            f"run `briefgen models pull {model}` where there is a network, "
            "or name a model for them with --models LANG=PATH"
        )

    @property
    def note(self) -> str:
        return "; ".join(n for model in self.parts if (n := self._note(model)))

    @property
    def report(self) -> SummaryReport:
        if not self.parts:
            return Summariser(spec_for(self.settings, self._cache_dir), None).report
        # the run's engine is that of the main model where it ran, else of the first met
        first = self.parts.get(self.settings.model) or next(iter(self.parts.values()))
        return SummaryReport(
            first.engine_name,
            first.report.model,
            self.note,
            sum(p.cached for p in self.parts.values()),
            any(p.engine is not None for p in self.parts.values()),
        )


__all__ = ["LanguageSummariser", "language_code", "model_for"]
