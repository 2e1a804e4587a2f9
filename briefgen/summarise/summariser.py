"""Summaries from the cache where possible, else from the engine: :class:`Summariser`, what
``build`` and ``summarize`` (:mod:`briefgen.app.summarize`) use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from briefgen.cache import Cache, cache_key
from briefgen.document import Article, Summary
from briefgen.summarise import RULES_VERSION
from briefgen.summarise.base import Engine, Length, Progress, SummaryReport
from briefgen.summarise.spec import EngineSpec, Loaded

FIRST_WAVE = 8
"""Articles in the first wave of a model run: its summaries reach the progress bar and the
cache within seconds of the model loading (a full wave of 32 took 12-20 s with t5-small);
8 is two full batches of the ``ct2`` engine's 4, one per worker."""

SHORTEST_FIRST = True
"""Missing articles go to the engine in waves shortest first (ties in input order): the first
wave is the quickest to summarise (one-chunk articles: one ``generate`` call, no map-reduce
round), and articles of like length share a wave, so the engine's batches pad less; the
summaries come back in input order."""

CacheSource = Callable[[], Cache | None]
"""The cache for the calling thread (SQLite connections stay on the thread that opened them)."""


def summary_key(article: Article, spec: EngineSpec, length: Length) -> str:
    """The cache key of ``article``'s summary by the engine of ``spec`` at ``length``."""
    return cache_key(
        "summary", article.id, rules=RULES_VERSION, **spec.cache_parts(), length=length
    )


def waves(articles: Sequence[Article], wave: int) -> list[Sequence[Article]]:
    """``articles`` in waves of at most ``wave``: the first of at most :data:`FIRST_WAVE`,
    the rest in as few waves as ``wave`` allows, of equal size (no small last wave: the
    engine's batches stay full)."""
    first = min(wave, FIRST_WAVE)
    out = [articles[:first]] if articles else []
    rest = len(articles) - first
    if rest <= 0:
        return out
    count = -(-rest // wave)
    bounds = [first + rest * k // count for k in range(count + 1)]
    out += [articles[a:b] for a, b in pairwise(bounds)]
    return out


class Summariser:
    """Summaries for articles: from the cache where possible, else from the engine.

    The model is loaded only when some summary is missing from the cache, and once for the
    summariser's life. Missing articles are summarised shortest first (:data:`SHORTEST_FIRST`)
    in waves of ``wave`` at most (the first of :data:`FIRST_WAVE`, see :func:`waves`); each
    wave is batched by the engine and cached as soon as it is done. ``cache`` is a cache,
    ``None``, or a function giving the calling thread's cache. ``on_loaded`` is called once the
    engine is loaded, before any article is summarised (the pipeline's crash tests pause there).
    """

    def __init__(
        self,
        spec: EngineSpec,
        cache: Cache | CacheSource | None,
        *,
        length: Length = "medium",
        wave: int = 32,
        on_loaded: Callable[[], None] | None = None,
    ) -> None:
        self.spec = spec
        self._cache: CacheSource = cache if callable(cache) else (lambda: cache)
        self.length: Length = length
        self.wave = max(1, wave)
        self.on_loaded = on_loaded
        self.engine: Engine | None = None
        self.note = ""
        self.cached = 0  # summaries taken from the cache in the last call
        self._loaded: Loaded | None = None

    def _lookup(self, articles: Sequence[Article]) -> tuple[dict[str, str], dict[str, Summary]]:
        keys = {a.id: summary_key(a, self.spec, self.length) for a in articles}
        cache = self._cache()
        if cache is None or not self.spec.cacheable:
            return keys, {}
        return keys, cache.get_summaries(keys.values())

    def _load(self) -> Loaded:
        if self._loaded is None:
            self._loaded = self.spec.load()
        return self._loaded

    def summarise(self, articles: Sequence[Article], progress: Progress) -> list[Summary]:
        keys, hits = self._lookup(articles)
        if len(hits) == len(articles):
            self.cached = len(articles)
            progress(len(articles))
            return [hits[keys[a.id]] for a in articles]
        engine, self.note, loaded_spec = self._load()
        self.engine = engine
        if loaded_spec.cache_parts() != self.spec.cache_parts():
            # the engine we got is a fallback, or the model only now arrived on disk
            self.spec = loaded_spec
            keys, hits = self._lookup(articles)
        missing = [a for a in articles if keys[a.id] not in hits]
        if SHORTEST_FIRST:
            missing.sort(key=lambda a: len(a.text))
        self.cached = len(articles) - len(missing)
        if self.cached:
            progress(self.cached)
        if self.on_loaded is not None:
            self.on_loaded()
        found = dict(hits)
        for batch in waves(missing, self.wave):
            fresh = engine.summarise(batch, self.length, progress=progress)
            new = {keys[a.id]: s for a, s in zip(batch, fresh, strict=True)}
            cache = self._cache()
            if cache is not None:
                cache.put_summaries(new)
            found.update(new)
        return [found[keys[a.id]] for a in articles]

    @property
    def engine_name(self) -> str:
        return self.engine.name if self.engine is not None else self.spec.engine

    @property
    def report(self) -> SummaryReport:
        model = self.engine.model_id if self.engine is not None else ""
        return SummaryReport(self.engine_name, model, self.note, self.cached, bool(self.engine))


__all__ = ["Summariser", "summary_key"]
