"""``Content-Encoding`` decoded step by step, so a compression bomb is never held whole.

httpx decodes each chunk it receives in one piece: 14 kB of brotli can come out as 2 GB in
one call. Here the raw body is decoded incrementally, at most ``STEP`` bytes out at a time,
so the caller can stop as soon as its size cap is passed, holding no more than the cap and
one step. ``gzip``, ``deflate`` (zlib or raw) and ``br`` (when the ``brotli`` package is
installed) are understood; any other encoding, or several stacked, is refused.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Iterator
from typing import Any

from briefgen.ingest.readers import InputRejected

_brotli: Any
try:  # the brotli package (httpx[brotli]); without it br is not asked for and refused
    _brotli = importlib.import_module("brotli")
except ImportError:  # pragma: no cover - installed with briefgen
    _brotli = None

STEP = 256 * 1024
"""The most decoded bytes one step produces."""

ACCEPT_ENCODING = "gzip, deflate, br" if _brotli is not None else "gzip, deflate"


def _looks_like_zlib(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


class Decoder:
    """One response body's decoder: ``feed`` raw chunks, then ``flush``; each yields pieces
    of at most ``STEP`` bytes."""

    def __init__(self, content_encoding: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise InputRejected(f"unsupported content encoding ({', '.join(codings)})")
        self.coding = codings[0] if codings else ""
        if self.coding in ("x-gzip",):
            self.coding = "gzip"
        if self.coding not in ("", "gzip", "deflate") and not (
            self.coding == "br" and _brotli is not None
        ):
            raise InputRejected(f"unsupported content encoding ({self.coding})")
        self._zlib: Any = None
        self._brotli: Any = _brotli.Decompressor() if self.coding == "br" and _brotli else None
        self._done = False

    def _bad(self) -> InputRejected:
        return InputRejected(f"undecodable response (damaged {self.coding} data)")

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data or self._done:
            return
        if not self.coding:
            yield data
        elif self._brotli is not None:
            yield from self._feed_brotli(data)
        else:
            yield from self._feed_zlib(data)

    def _feed_zlib(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            wbits = 31 if self.coding == "gzip" else 15 if _looks_like_zlib(data) else -15
            self._zlib = zlib.decompressobj(wbits)
        pending = data
        while pending and not self._done:
            try:
                piece = self._zlib.decompress(pending, STEP)
            except zlib.error:
                raise self._bad() from None
            pending = self._zlib.unconsumed_tail
            self._done = bool(self._zlib.eof)  # whatever follows the stream is ignored
            if piece:
                yield piece

    def _feed_brotli(self, data: bytes) -> Iterator[bytes]:
        decompressor = self._brotli
        try:
            piece = decompressor.process(data, output_buffer_limit=STEP)
            while True:
                if piece:
                    yield piece
                if decompressor.can_accept_more_data() or decompressor.is_finished():
                    break
                piece = decompressor.process(b"", output_buffer_limit=STEP)
        except _brotli.error:
            raise self._bad() from None
        self._done = bool(decompressor.is_finished())

    def flush(self) -> Iterator[bytes]:
        if self._zlib is not None and not self._done:
            try:
                rest = self._zlib.flush()
            except zlib.error:
                raise self._bad() from None
            if rest:
                yield rest
