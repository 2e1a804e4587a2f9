"""A summary made fit to print: cleaned up, then checked against its article."""

from __future__ import annotations

import logging
from dataclasses import replace

from briefgen.document import Article, Summary
from briefgen.faithfulness import Mode, guard
from briefgen.summarise.cleanup import clean_summary

log = logging.getLogger(__name__)


def check_summary(
    article: Article, summary: Summary, mode: Mode, model: str | None = None
) -> Summary:
    """Clean up a summary, then check it against its article with the faithfulness guard;
    with ``model`` (``--faithfulness-model``), an NLI cross-encoder checks each sentence too."""
    text = clean_summary(summary.text, article.text)
    if mode == "off":
        return replace(summary, text=text)
    nli = None
    if model:
        from briefgen.faithfulness.nli import load_checker  # loads torch: only when asked

        nli = load_checker(model)
    result = guard(article.text, text, mode, nli=nli)
    problems = [p for check in result.sentences for p in check.problems]
    if result.flagged:
        log.info(
            "%s: %d of %d summary sentences unsupported",
            article.origin,
            result.flagged,
            result.checked,
        )
    return replace(
        summary,
        text=result.text,
        checked=result.checked,
        flagged=result.flagged,
        fixed=result.fixed,
        problems=problems,
    )
