"""Translating articles into the briefing's language before they are grouped and summarised.

With ``translate = true``, each article whose language is known and differs from the
briefing's is translated, title and text, by a seq2seq translation checkpoint: the one
``translation_models`` names for the pair (``fr-en``), the source language (``fr``) or any
(``*``), else ``Helsinki-NLP/opus-mt-{source}-{target}`` (MarianMT, one model per pair).
The checkpoint runs through the summarising engines' own code: :func:`resolve_engine` picks
CTranslate2 (converted once, cached like a summariser's) or transformers; the text is cut to
the model's window by paragraph and sentence (:func:`chunk_for`) and each piece generated
with the checkpoint's own settings. Translations are kept in the summaries cache.

Translating before summarising, not the summaries after, is what lets grouping see one story
in two languages as one; ``benchmarks/model_paths.py`` measures what each order costs.

A translated article gets a new id (its text changed: its summary is another), the target
language, and ``translated_from`` (the original language) for the briefing to show. An
article whose model cannot be loaded is kept in its own language, and the run's note says so.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.cache import Cache, cache_key
from briefgen.core.langnames import language_name
from briefgen.core.sentences import paragraphs
from briefgen.document import Article, content_id
from briefgen.settings.options import TRANSLATION_MODEL, EngineOptions
from briefgen.summarise.abstractive import Seq2SeqEngine, chunk_for
from briefgen.summarise.languages import language_code
from briefgen.summarise.spec import EngineSpec, spec_for

log = logging.getLogger(__name__)

RULES_VERSION = "1"
"""Part of a translation's cache key: raise it when a change here alters what is written."""


def briefing_language(options: object) -> str:
    """The language a briefing is written in: that of its ``locale`` setting where the
    options have one (``fr-CA``: ``fr``), else English."""
    locale = str(getattr(options, "locale", "") or "en")
    return language_code(locale).partition("-")[0] or "en"


def translation_model(source: str, target: str, mapping: dict[str, str]) -> str:
    """The checkpoint translating ``source`` into ``target``: ``mapping``'s entry for the
    pair, the source language or ``*``, else the opus-mt model of the pair."""
    for key in (f"{source}-{target}", source, "*"):
        if key in mapping:
            return mapping[key]
    return TRANSLATION_MODEL.format(source=source, target=target)


@dataclass
class Translated:
    """What :func:`translate_articles` did: the articles (translated where they could be),
    how many were translated, and a note for the reader about any that could not be."""

    articles: list[Article]
    translated: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        return "; ".join(self.notes)


def _engine_settings(settings: EngineOptions, model: str) -> EngineOptions:
    """The run's engine settings for a translation checkpoint (never the extractive engine)."""
    engine = settings.engine if settings.engine in ("ct2", "abstractive") else "auto"
    return dataclasses.replace(settings, model=model, engine=engine)


class _Pair:
    """One translation checkpoint, loaded on first use."""

    def __init__(self, spec: EngineSpec, target: str) -> None:
        self.spec = spec
        self.target = target
        self.engine: Seq2SeqEngine | None = None
        self.problem = ""

    def key(self, article: Article) -> str:
        return cache_key(
            "translation",
            article.id,
            rules=RULES_VERSION,
            **self.spec.cache_parts(),
            target=self.target,
        )

    def load(self) -> Seq2SeqEngine | None:
        if self.engine is None and not self.problem:
            loaded = self.spec.load()
            if isinstance(loaded.engine, Seq2SeqEngine):
                self.engine = loaded.engine
                self.spec = loaded.spec
            else:
                self.problem = loaded.note.partition(": ")[2] or "it could not be loaded"
        return self.engine

    def translate(self, articles: Sequence[Article]) -> list[tuple[str, str]]:
        """``(title, text)`` of each article in the target language."""
        assert self.engine is not None
        engine = self.engine
        pieces: list[str] = []
        layout: list[list[int]] = []  # per article: pieces in its title, then each paragraph
        for article in articles:
            parts = [article.title, *(p.text for p in paragraphs(article.text))]
            for part in parts:
                chunks = chunk_for(engine.model, part) if part.strip() else []
                layout.append([len(pieces) + k for k in range(len(chunks))])
                pieces += chunks
        settings = engine.model.generation("medium")
        done = engine.generate(pieces, settings) if pieces else []
        out: list[tuple[str, str]] = []
        at = 0
        for article in articles:
            count = 1 + len(paragraphs(article.text))
            texts = [" ".join(done[i] for i in idx) for idx in layout[at : at + count]]
            at += count
            out.append((texts[0] or article.title, "\n\n".join(t for t in texts[1:] if t)))
        return out


def translate_articles(
    articles: Sequence[Article],
    settings: EngineOptions,
    mapping: dict[str, str],
    target: str,
    cache: Cache | None,
    cache_dir: Path | None = None,
) -> Translated:
    """``articles`` with those in a known language other than ``target`` translated into it
    (see the module), in order; translations come from ``cache`` where it has them."""
    pairs: dict[str, _Pair] = {}
    wanted: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        source = language_code(article.language).partition("-")[0]
        if source and source != target and not article.translated_from:
            model = translation_model(source, target, mapping)
            if model not in pairs:
                spec = spec_for(_engine_settings(settings, model), cache_dir)
                pairs[model] = _Pair(dataclasses.replace(spec, choice="auto"), target)
            wanted.setdefault(model, []).append(i)
    result = Translated(list(articles))
    for model, indices in wanted.items():
        pair = pairs[model]
        done = _translate_with(pair, [articles[i] for i in indices], cache)
        if done is None:
            names = sorted({language_name(articles[i].language) for i in indices})
            result.notes.append(
                f"{' and '.join(names)} articles are not translated: the translation model "
                f"{model} could not be loaded ({pair.problem})"
            )
            continue
        for i, (title, text) in zip(indices, done, strict=True):
            result.articles[i] = _translated(articles[i], title, text, target)
            result.translated += 1
    return result


def _translate_with(
    pair: _Pair, articles: Sequence[Article], cache: Cache | None
) -> list[tuple[str, str]] | None:
    """Translations of ``articles`` by ``pair``: cached ones, the rest made (and cached);
    None when the model cannot be loaded."""
    keys = [pair.key(a) for a in articles] if pair.spec.cacheable else []
    hits = cache.get_translations(keys) if cache is not None and keys else {}
    if keys and all(k in hits for k in keys):
        return [hits[k] for k in keys]
    if pair.load() is None:
        return None
    keys = [pair.key(a) for a in articles]  # the loaded spec: fingerprint known now
    hits = cache.get_translations(keys) if cache is not None else {}
    missing = [a for a, k in zip(articles, keys, strict=True) if k not in hits]
    made = dict(zip([pair.key(a) for a in missing], pair.translate(missing), strict=True))
    if cache is not None and made:
        cache.put_translations(made)
    found = {**hits, **made}
    log.info("translated %d articles with %s", len(missing), pair.spec.model)
    return [found[k] for k in keys]


def _translated(article: Article, title: str, text: str, target: str) -> Article:
    return dataclasses.replace(
        article,
        id=content_id(f"{article.id} {target} {title}\n{text}"),
        title=title,
        text=text or article.text,
        language=target,
        translated_from=language_code(article.language),
    )


__all__ = ["Translated", "briefing_language", "translate_articles", "translation_model"]
