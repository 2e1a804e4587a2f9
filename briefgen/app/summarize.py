"""``briefgen summarize``'s run: checked summaries of a few articles, made and cached
exactly as ``build`` makes them."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from briefgen.cache import Cache
from briefgen.document import Article, Summary
from briefgen.faithfulness.review import check_summary
from briefgen.settings.options import BuildOptions
from briefgen.summarise.languages import LanguageSummariser

log = logging.getLogger(__name__)


def summarise_articles(articles: Sequence[Article], options: BuildOptions) -> list[Summary]:
    """Checked summaries of ``articles``, in order, as ``build`` would make them with
    ``options``: the same engine specs (one per article language's model), cache
    (``options.cache_dir``, None: none; converted CTranslate2 models in its ``ct2`` folder)
    and faithfulness check."""
    cache_dir, length, faithfulness = options.cache_dir, options.length, options.faithfulness
    cache = Cache(cache_dir).open() if cache_dir is not None else None
    summariser = LanguageSummariser(options, cache, cache_dir=cache_dir, length=length)
    try:
        summaries = summariser.summarise(articles, _ignore)
        if summariser.note:
            log.warning("%s", summariser.note)
    finally:
        if cache is not None:
            cache.close()
    model = options.faithfulness_model
    return [
        check_summary(a, s, faithfulness, model) for a, s in zip(articles, summaries, strict=True)
    ]


def _ignore(done: int) -> None:
    """No progress to show."""
