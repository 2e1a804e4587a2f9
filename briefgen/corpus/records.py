"""The record corpus mode writes for each input (JSON Lines, Parquet): the article's fields
but its text, status, summary, faithfulness and key quotes, the same from either executor."""

from __future__ import annotations

import json
from typing import Any

from briefgen.document import Item, Quote

Record = dict[str, Any]

ARTICLE_FIELDS = (
    "id",
    "title",
    "text",
    "source",
    "url",
    "published",
    "author",
    "section",
    "language",
    "translated_from",
    "origin",
)
RECORD_FIELDS = (
    *(name for name in ARTICLE_FIELDS if name != "text"),
    "status",
    "error",
    "summary",
    "engine",
    "model",
    "chunks",
    "faithfulness",
    "quotes",
)
QUOTE_FIELDS = ("text", "speaker", "speaker_role", "cue", "kind", "start", "end", "score")


def quote_record(quote: Quote) -> dict[str, Any]:
    return {name: getattr(quote, name) for name in QUOTE_FIELDS}


def record_of(item: Item, mode: str) -> Record:
    """The output record of ``item``; ``mode``: the faithfulness guard's (``off``: none)."""
    article, summary = item.article, item.summary
    record: Record = {name: "" for name in ARTICLE_FIELDS if name != "text"}
    if article is not None:
        record.update({name: getattr(article, name) or "" for name in record})
    record["published"] = article.published.isoformat() if article and article.published else None
    record["origin"] = item.origin
    record["status"] = item.status
    record["error"] = item.error or None
    record["summary"] = summary.text if summary is not None else None
    record["engine"] = summary.engine if summary is not None else ""
    record["model"] = summary.model if summary is not None else ""
    record["chunks"] = summary.chunks if summary is not None else 0
    record["faithfulness"] = {
        "mode": mode,
        "checked": summary.checked if summary is not None else 0,
        "flagged": summary.flagged if summary is not None else 0,
        "fixed": summary.fixed if summary is not None else 0,
        "problems": list(summary.problems) if summary is not None else [],
    }
    record["quotes"] = [quote_record(q) for q in item.quotes]
    return {name: record[name] for name in RECORD_FIELDS}


def record_line(record: Record) -> str:
    """One record as a JSON line (no newline), the same from either executor."""
    return json.dumps(record, ensure_ascii=False)
