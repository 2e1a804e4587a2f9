"""briefgen: turn a pile of news articles into a daily briefing.

The Python API, for running briefgen from your own code (a notebook, an Airflow task)::

    import briefgen

    result = briefgen.build(["samples/"], out="out", formats=["html", "json"])
    for story in result.briefing.stories:
        print(story.article.title, "-", story.summary.text)

:func:`build` takes the same settings as ``briefgen build`` (the keys of the configuration
file, validated by the same schema) and runs the same pipeline; :func:`load_settings` gives
the :class:`BuildOptions` for a config file and a named briefing, which :func:`build_with`
runs. :func:`read_articles` reads sources as ``build`` does and :func:`find_quotes` finds an
article's quotations. Errors a user can cause raise :class:`BriefgenError`, whose ``code`` is
the command line's exit code.

The names are imported when first used, so ``import briefgen`` is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

_EXPORTS = {
    "build": "briefgen.app.api",
    "build_with": "briefgen.app.api",
    "read_articles": "briefgen.app.api",
    "load_settings": "briefgen.settings.config",
    "find_quotes": "briefgen.quotes",
    "BuildOptions": "briefgen.settings.options",
    "BuildResult": "briefgen.app.build",
    "Briefing": "briefgen.document",
    "Story": "briefgen.document",
    "Article": "briefgen.document",
    "Summary": "briefgen.document",
    "Quote": "briefgen.document",
    "Skipped": "briefgen.document",
    "BriefgenError": "briefgen.core.errors",
    "ExitCode": "briefgen.core.errors",
}

__all__ = [
    "Article",
    "BriefgenError",
    "Briefing",
    "BuildOptions",
    "BuildResult",
    "ExitCode",
    "Quote",
    "Skipped",
    "Story",
    "Summary",
    "__version__",
    "build",
    "build_with",
    "find_quotes",
    "load_settings",
    "read_articles",
]

if TYPE_CHECKING:
    from briefgen.app.api import build, build_with, read_articles
    from briefgen.app.build import BuildResult
    from briefgen.core.errors import BriefgenError, ExitCode
    from briefgen.document import Article, Briefing, Quote, Skipped, Story, Summary
    from briefgen.quotes import find_quotes
    from briefgen.settings.config import load_settings
    from briefgen.settings.options import BuildOptions


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
