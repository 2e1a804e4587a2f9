"""Where corpus mode's records go: one JSON Lines or Parquet file, or a folder.

``--out FILE.jsonl`` (or ``.ndjson``) and ``--out FILE.parquet`` collect every record into
one file, written beside its final name and renamed into place when the run ends (a failed
run replaces nothing). Any other ``--out`` is a folder: the local executor writes
``records.jsonl`` there; the Ray executor lets Ray write it, a file per block.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from briefgen.core.atomic import write_temporary
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.corpus.arrow import arrow_schemas
from briefgen.corpus.records import Record, record_line

FILE_SUFFIXES = (".jsonl", ".ndjson", ".parquet")


def is_file_target(out: Path) -> bool:
    return out.suffix.lower() in FILE_SUFFIXES


@dataclass
class Tally:
    """How many records of each status were written, and by which engines."""

    statuses: Counter[str] = field(default_factory=Counter)
    engines: Counter[str] = field(default_factory=Counter)

    def add(self, records: Iterable[Record]) -> None:
        for record in records:
            self.statuses[record["status"]] += 1
            if record["engine"]:
                self.engines[record["engine"]] += 1

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


class Sink:
    """Records into one file (``FILE.jsonl``, ``FILE.parquet``) or ``DIR/records.jsonl``.

    Use as a context manager: the file takes its name only when the block ends cleanly.
    """

    def __init__(self, out: Path) -> None:
        self.path = out if is_file_target(out) else out / "records.jsonl"
        self.parquet = self.path.suffix.lower() == ".parquet"
        self.tally = Tally()
        self._tmp: Path | None = None
        self._handle: IO[str] | None = None
        self._writer: Any = None

    def __enter__(self) -> Sink:
        try:
            self._tmp = write_temporary(self.path, b"")
            if self.parquet:
                import pyarrow.parquet as pq

                self._writer = pq.ParquetWriter(self._tmp, arrow_schemas()[1])
            else:
                self._handle = self._tmp.open("w", encoding="utf-8")
        except ImportError:
            self._discard()
            raise BriefgenError("Parquet output needs pyarrow: pip install briefgen[ray]") from None
        except OSError as exc:
            self._discard()
            raise BriefgenError(f"cannot write {self.path}: {exc}", ExitCode.OUTPUT) from None
        return self

    def write(self, records: list[Record]) -> None:
        self.tally.add(records)
        if self._writer is not None:
            import pyarrow as pa

            self._writer.write_table(pa.Table.from_pylist(records, schema=arrow_schemas()[1]))
        elif self._handle is not None:
            self._handle.writelines(record_line(r) + "\n" for r in records)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
        if kind is not None or self._tmp is None:
            self._discard()
            return
        os.replace(self._tmp, self.path)

    def _discard(self) -> None:
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._tmp.unlink()
            self._tmp = None
