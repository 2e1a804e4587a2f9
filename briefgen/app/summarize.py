"""``briefgen summarize``'s run: checked summaries of a few articles, made and cached
exactly as ``build`` makes them."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from briefgen.cache import Cache
from briefgen.document import Article, Summary
from briefgen.faithfulness.review import check_summary
from briefgen.settings.options import BuildOptions
from briefgen.summarise.spec import spec_for
from briefgen.summarise.summariser import Summariser

log = logging.getLogger(__name__)


def summarise_articles(articles: Sequence[Article], options: BuildOptions) -> list[Summary]:
    """Checked summaries of ``articles``, in order, as ``build`` would make them with
    ``options``: the same engine spec, cache (``options.cache_dir``, None: none; converted
    CTranslate2 models in its ``ct2`` folder) and faithfulness check."""
    spec = spec_for(options, options.cache_dir)
    cache_dir, length, faithfulness = options.cache_dir, options.length, options.faithfulness
    cache = Cache(cache_dir).open() if cache_dir is not None else None
    summariser = Summariser(spec, cache, length=length)
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
