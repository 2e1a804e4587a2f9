"""The inputs of corpus mode: what ``build`` reads, plus JSON Lines and Parquet corpora.

:func:`split_inputs` splits the sources into *corpus files* (``.jsonl``, ``.ndjson`` and
``.parquet`` files, named or found in folders and globs) and everything else, which
:func:`briefgen.ingest.read_sources` reads as for ``build`` (text, Markdown, HTML, URLs,
feeds, stdin). A corpus file is read row by row wherever the work runs (:func:`read_corpus_file`,
on a Ray worker with ``--executor ray``), with no size cap, each row made an article by
the same rules as ``build``'s JSON Lines reader: a bad row is a skipped record naming
``file:row``, never the end of the file.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.document import Item, SourceSpec
from briefgen.ingest.accept import IGNORED_NAMES, accept
from briefgen.ingest.readers import MAX_INPUT_BYTES, READERS, InputRejected, article_from_record
from briefgen.ingest.text import shown

CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".parquet")
CHUNK = 512  # rows read from a corpus file before they are handed on


@dataclass(frozen=True)
class CorpusFile:
    """A JSON Lines or Parquet file: ``path`` absolute (workers open it), ``label`` as named."""

    path: str
    label: str

    def item(self) -> dict[str, str]:
        return {"path": self.path, "label": self.label}


@dataclass
class InputSplit:
    corpus: list[CorpusFile] = field(default_factory=list)
    others: list[str | SourceSpec] = field(default_factory=list)  # for read_sources


def _listed(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            wanted = path.suffix.lower() in (*READERS, *CORPUS_SUFFIXES)
            if wanted and not name.startswith(".") and path.stem.lower() not in IGNORED_NAMES:
                found.append(path)
    return sorted(found)


def _add(split: InputSplit, path: Path) -> None:
    if path.suffix.lower() in CORPUS_SUFFIXES and path.is_file():
        split.corpus.append(CorpusFile(str(path.absolute()), shown(str(path))))
    else:
        split.others.append(str(path))


def split_inputs(sources: Sequence[str | SourceSpec]) -> InputSplit:
    """Corpus files apart from the sources ``read_sources`` reads; a folder or glob that
    holds both is split file by file."""
    split = InputSplit()
    for source in sources:
        location = source.location if isinstance(source, SourceSpec) else source
        if location == "-" or ":" in location.split("/")[0] or location.startswith("//"):
            split.others.append(source)  # stdin, URLs, feeds
            continue
        matches = [Path(p) for p in sorted(glob.glob(location, recursive=True))]
        if not any(ch in location for ch in "*?["):
            matches = [Path(location)]
        if not matches or not all(p.exists() for p in matches):
            split.others.append(source)  # read_sources says what is wrong with it
            continue
        for match in matches:
            listed = _listed(match) if match.is_dir() else [match]
            if match.is_dir() and not any(p.suffix.lower() in CORPUS_SUFFIXES for p in listed):
                split.others.append(source if len(matches) == 1 else str(match))
                continue
            for path in listed:
                _add(split, path)
    return split


def record_article(record: Any, where: str, languages: Sequence[str]) -> Item:
    """One corpus row (a JSON object, a Parquet row) as an article's item, or a skipped one:
    the fields and checks of build's JSON Lines reader, then its metadata and language rules."""
    try:
        article = article_from_record(record, where)
    except InputRejected as exc:
        return Item.skipped(shown(where), shown(str(exc)))
    article, reason = accept(article, languages)
    return Item.of(article) if reason is None else Item.skipped(article.origin, reason)


def _jsonl_records(path: str, label: str) -> Iterator[tuple[Any, str]]:
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{label}:{number}"
            if not raw.strip():
                continue
            if len(raw) > MAX_INPUT_BYTES:  # build's cap on one input
                yield InputRejected(f"too large ({len(raw) / 1e6:.1f} MB)"), where
                continue
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                yield json.loads(text), where
            except UnicodeDecodeError as exc:
                yield InputRejected(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})"), where
            except json.JSONDecodeError as exc:
                yield InputRejected(f"invalid JSON ({exc.msg} at column {exc.colno})"), where
            except RecursionError:
                yield InputRejected("JSON nested too deeply"), where


def _parquet_records(path: str, label: str) -> Iterator[tuple[Any, str]]:
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=CHUNK):
        for record in batch.to_pylist():
            number += 1
            yield record, f"{label}:{number}"


def read_corpus_file(item: CorpusFile, languages: Sequence[str]) -> Iterator[list[Item]]:
    """A corpus file's items, ``CHUNK`` at a time; a file that cannot be read at all is one
    skipped item."""
    reader = _parquet_records if item.path.lower().endswith(".parquet") else _jsonl_records
    chunk: list[Item] = []
    try:
        for record, where in reader(item.path, item.label):
            if isinstance(record, InputRejected):
                chunk.append(Item.skipped(shown(where), str(record)))
            else:
                chunk.append(record_article(record, where, languages))
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
    except ImportError:
        chunk.append(Item.skipped(item.label, "Parquet needs pyarrow: pip install briefgen[ray]"))
    except Exception as exc:  # unreadable file, damaged Parquet: say so and go on
        chunk.append(Item.skipped(item.label, f"unreadable ({type(exc).__name__}: {exc})"[:300]))
    if chunk:
        yield chunk
