"""The stages of corpus mode, on lists of :class:`~briefgen.document.Item`, the same code
whichever executor runs them (the Ray executor turns rows into items at its Arrow boundary).

* :class:`SummariseStage`: stateful; loads each engine once (on a Ray actor, once per actor)
  and summarises batches of items through
  :class:`~briefgen.summarise.languages.LanguageSummariser` (each language's checkpoint, the
  ``models`` setting), the summaries cache read and written as in ``build``, after
  translating them where ``translate`` is on; then the faithfulness guard.
* :func:`quote_stage`: stateless; the key quotes of each item.

A failure is confined to the rows it concerns: a batch whose summarising raises is done
again article by article, and an article that still fails is a ``failed`` record saying why.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.cache import Cache
from briefgen.document import Article, Item, Summary
from briefgen.settings.options import BuildOptions, EngineOptions, Mode, engine_options
from briefgen.summarise.languages import LanguageSummariser
from briefgen.summarise.spec import EngineSpec, spec_for
from briefgen.summarise.translate import briefing_language, translate_articles

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StageConfig:
    """What the stages need, small and picklable (it travels to every Ray actor).

    ``faithfulness`` None: summaries are left unchecked (``build`` checks them itself).
    ``cache_dir``: the summaries cache (unless ``use_cache`` is off) and converted models.
    """

    engine_options: EngineOptions = dataclasses.field(default_factory=EngineOptions)
    wave: int = 32
    faithfulness: Mode | None = "warn"
    faithfulness_model: str = ""  # an NLI cross-encoder that checks sentences too
    quotes: int = 3
    cache_dir: Path | None = None
    languages: tuple[str, ...] = ("en",)
    use_cache: bool = True
    translate: bool = False  # articles in another language than ``locale``'s translated first
    translation_models: dict[str, str] = dataclasses.field(default_factory=dict)
    locale: str = "en"

    @classmethod
    def of(cls, options: BuildOptions, **changes: Any) -> StageConfig:
        """The stages' settings from a run's options."""
        names = [f.name for f in dataclasses.fields(cls) if hasattr(options, f.name)]
        values = {name: getattr(options, name) for name in names}
        values["languages"] = tuple(values["languages"]) or ("en",)
        values["engine_options"] = engine_options(options)
        return cls(**{**values, **changes})

    def spec(self) -> EngineSpec:
        """The engine, resolved (not loaded)."""
        return spec_for(self.engine_options, self.cache_dir)


def _ignore(done: int) -> None:
    """No progress to show from inside a stage."""


class SummariseStage:
    """Summaries for batches of rows; each checkpoint's engine for the life of the stage."""

    def __init__(self, config: StageConfig) -> None:
        self.config = config
        self.folder = config.cache_dir if config.use_cache else None
        self.caches: dict[int, Cache] = {}
        self.translation_note = ""
        self.summariser = LanguageSummariser(
            config.engine_options,
            self._thread_cache,
            cache_dir=config.cache_dir,
            length=config.engine_options.length,
            wave=config.wave,
        )

    def _thread_cache(self) -> Cache | None:
        """The cache for the calling thread (SQLite connections stay on the thread that
        opened them, and a Ray actor may be called on another thread than it was made on)."""
        if self.folder is None:
            return None
        here = threading.get_ident()
        if here not in self.caches:
            self.caches[here] = Cache(self.folder).open()
        return self.caches[here]

    def __call__(self, items: Sequence[Item]) -> list[Item]:
        todo = [i for i, item in enumerate(items) if item.status == "ok" and item.article]
        articles = self._translated([a for i in todo if (a := items[i].article) is not None])
        out = list(items)
        for i, article, made in zip(todo, articles, self._summaries(articles), strict=True):
            out[i] = self._finish(replace_article(items[i], article), article, made)
        return out

    def _translated(self, articles: list[Article]) -> list[Article]:
        """``articles``, those in another language translated when ``translate`` is on
        (translations cached as ``build`` caches them); a model that cannot load, or a
        translation that fails, leaves the articles as they are, and the items' note says so."""
        if not self.config.translate or not articles:
            return articles
        config = self.config
        try:
            done = translate_articles(
                articles,
                config.engine_options,
                config.translation_models,
                briefing_language(config),
                self._thread_cache(),
                config.cache_dir,
            )
        except Exception as exc:  # the rows are still summarised, in their own language
            log.warning("translating a batch of %d failed: %s", len(articles), exc)
            self.translation_note = f"articles are not translated: {exc}"
            return articles
        self.translation_note = done.note
        return done.articles

    def _summaries(self, articles: Sequence[Article]) -> list[Summary | Exception]:
        if not articles:
            return []
        try:
            return list(self.summariser.summarise(articles, _ignore))
        except Exception:
            log.warning("a batch of %d failed; summarising it article by article", len(articles))
        found: list[Summary | Exception] = []
        for article in articles:
            try:
                found.extend(self.summariser.summarise([article], _ignore))
            except Exception as exc:
                log.warning("%s: summarising failed: %s", article.origin, exc)
                found.append(exc)
        return found

    def _finish(self, item: Item, article: Article, made: Summary | Exception) -> Item:
        if isinstance(made, Exception):
            return item.failed(made)
        try:
            key = self.summariser.key(article)
            if self.config.faithfulness is not None:
                from briefgen.faithfulness.review import check_summary

                nli = self.config.faithfulness_model or None
                made = check_summary(article, made, self.config.faithfulness, nli)
            note = "; ".join(n for n in (self.summariser.note, self.translation_note) if n)
            return dataclasses.replace(item, summary=made, key=key, note=note)
        except Exception as exc:
            return item.failed(exc)

    def close(self) -> None:
        """Close this thread's cache (another thread's connection closes with its process)."""
        cache = self.caches.pop(threading.get_ident(), None)
        if cache is not None:
            cache.close()


def replace_article(item: Item, article: Article) -> Item:
    """``item`` with ``article`` (its translation) in place of its own."""
    return item if item.article is article else dataclasses.replace(item, article=article)


def quote_stage(items: Sequence[Item], config: StageConfig) -> list[Item]:
    """``items`` with each article's key quotes."""
    from briefgen.quotes import find_quotes

    out: list[Item] = []
    for item in items:
        if item.status == "ok" and item.article is not None:
            try:
                found = find_quotes(item.article.text, config.quotes, item.article.language)
                item = dataclasses.replace(item, quotes=tuple(q for q in found if q.key))
            except Exception as exc:
                item = item.failed(exc)
        out.append(item)
    return out
