"""What makes an input an article of the run, for ``build`` and corpus mode alike: the file
names a folder's listing passes over, and :func:`accept` (clean metadata, then the
language rules)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from briefgen.document import Article
from briefgen.ingest.language import rejection
from briefgen.ingest.readers import clean_metadata

IGNORED_NAMES = frozenset({"readme", "license", "licence", "changelog", "contributing"})
"""File stems a folder's listing leaves out (a project's own files, not articles)."""


def accept(article: Article, languages: Sequence[str]) -> tuple[Article, str | None]:
    """``article`` with clean metadata and its detected language, and ``None``; or, when
    it is in none of ``languages`` (empty: English), the reason it is left out."""
    article = clean_metadata(article)
    language, reason = rejection(article.text, list(languages) or ["en"])
    if reason is None and language and not article.language:
        article = replace(article, language=language)
    return article, reason
