"""The rows that flow through corpus mode, and the record written for each article.

Between stages an article travels as a flat *row* of strings (:data:`ROW_FIELDS`), the same
in-process and on Ray: ``status`` (``ok``, ``skipped``: the input was unusable, ``failed``:
a stage failed on it), ``error`` (why, for the last two) and the article's fields;
the summarising stage adds ``summary`` (the checked :class:`Summary` as JSON), its cache
``key`` and the engine's ``note``. The last
stage turns a row into the output *record* (:data:`RECORD_FIELDS`), which drops the text.
Flat string rows keep Ray's Arrow blocks the same shape whatever a batch holds.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from briefgen.document import Article, Quote, Skipped, Summary

Row = dict[str, str]
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
    "origin",
)
ROW_FIELDS = ("status", "error", *ARTICLE_FIELDS, "summary", "key", "note")
"""``key``: the summary's cache key; ``note``: why the engine is a fallback (for ``build``)."""
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


def article_row(article: Article) -> Row:
    """An article as a row, ready to summarise."""
    row = {name: "" for name in ROW_FIELDS}
    row["status"] = "ok"
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        row[name] = value.isoformat() if isinstance(value, datetime) else str(value or "")
    return row


def skipped_row(origin: str, reason: str) -> Row:
    """An input that gave no article, as a row that goes straight to the output."""
    row = {name: "" for name in ROW_FIELDS}
    row.update(status="skipped", error=reason, origin=origin)
    return row


def skipped_rows(skipped: Sequence[Skipped]) -> list[Row]:
    return [skipped_row(s.location, s.reason) for s in skipped]


def failed(row: Row, exc: BaseException) -> Row:
    """``row`` marked as failed by ``exc``; the error says what went wrong in one line."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    error = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return {**row, "status": "failed", "error": error[:500]}


def row_article(row: Row) -> Article:
    """The article a row holds."""
    published = datetime.fromisoformat(row["published"]) if row["published"] else None
    values: dict[str, Any] = {name: row[name] for name in ARTICLE_FIELDS}
    values["published"] = published
    return Article(**values)


def summary_json(summary: Summary) -> str:
    return json.dumps(dataclasses.asdict(summary), ensure_ascii=False, sort_keys=True)


def summary_from_json(text: str) -> Summary:
    return Summary(**json.loads(text))


def quote_record(quote: Quote) -> dict[str, Any]:
    return {name: getattr(quote, name) for name in QUOTE_FIELDS}


def make_record(row: Row, quotes: Sequence[Quote], mode: str) -> Record:
    """The output record of a row: its article's fields, summary, faithfulness and quotes."""
    summary = summary_from_json(row["summary"]) if row["summary"] else None
    record: Record = {name: row[name] for name in RECORD_FIELDS if name in row}
    record["published"] = row["published"] or None
    record["error"] = row["error"] or None
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
    record["quotes"] = [quote_record(q) for q in quotes]
    return {name: record[name] for name in RECORD_FIELDS}


def record_line(record: Record) -> str:
    """One record as a JSON line (no newline), the same from either executor."""
    return json.dumps(record, ensure_ascii=False)


def arrow_schemas() -> tuple[Any, Any]:
    """The Arrow schemas of rows and of records (pyarrow, which Ray brings, is needed only
    here and for Parquet)."""
    import pyarrow as pa

    rows = pa.schema([(name, pa.string()) for name in ROW_FIELDS])
    text = pa.string()
    quote = pa.struct(
        [
            ("text", text),
            ("speaker", text),
            ("speaker_role", text),
            ("cue", text),
            ("kind", text),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("score", pa.float64()),
        ]
    )
    faithfulness = pa.struct(
        [
            ("mode", text),
            ("checked", pa.int64()),
            ("flagged", pa.int64()),
            ("fixed", pa.int64()),
            ("problems", pa.list_(text)),
        ]
    )
    types = {"chunks": pa.int64(), "faithfulness": faithfulness, "quotes": pa.list_(quote)}
    records = pa.schema([(name, types.get(name, text)) for name in RECORD_FIELDS])
    return rows, records
