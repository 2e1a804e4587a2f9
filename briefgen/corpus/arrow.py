"""The Arrow boundary of the Ray executor: an :class:`~briefgen.document.Item` as a flat row of
strings and back (Ray moves Arrow tables between workers, and flat string rows keep every
block the same shape), and the Arrow schemas of rows and of records. Nothing else in
briefgen sees a row."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

from briefgen.corpus.records import ARTICLE_FIELDS, RECORD_FIELDS
from briefgen.document import Article, Item, ItemStatus, Summary

Row = dict[str, str]

ROW_FIELDS = ("status", "error", *ARTICLE_FIELDS, "summary", "key", "note")
"""``summary``: the :class:`Summary` as JSON; ``key``: its cache key; ``note``: why the engine
is a fallback. Quotes are found after the last row boundary, so a row has none."""

STATUSES: tuple[ItemStatus, ...] = ("ok", "skipped", "failed")


def item_row(item: Item) -> Row:
    """``item`` as a row (its quotes left out)."""
    row = {name: "" for name in ROW_FIELDS}
    if item.article is not None:
        for name in ARTICLE_FIELDS:
            value = getattr(item.article, name)
            row[name] = value.isoformat() if isinstance(value, datetime) else str(value or "")
    summary = item.summary
    row.update(status=item.status, error=item.error, origin=item.origin, key=item.key)
    row["note"] = item.note
    row["summary"] = (
        json.dumps(dataclasses.asdict(summary), ensure_ascii=False, sort_keys=True)
        if summary is not None
        else ""
    )
    return row


def row_item(row: Row) -> Item:
    """The item a row holds."""
    article = None
    if row["id"] or row["text"]:
        values: dict[str, Any] = {name: row[name] for name in ARTICLE_FIELDS}
        values["published"] = datetime.fromisoformat(row["published"]) if row["published"] else None
        article = Article(**values)
    status: ItemStatus = "failed"  # a row from nowhere we know
    for known in STATUSES:
        if known == row["status"]:
            status = known
    summary = Summary(**json.loads(row["summary"])) if row["summary"] else None
    return Item(row["origin"], article, status, row["error"], summary, (), row["key"], row["note"])


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
