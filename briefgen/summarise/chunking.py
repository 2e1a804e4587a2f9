"""Sentence-aware packing of an article into chunks that fit a model's input window.

Token counts come from a ``TokenCounter``: the model's own tokenizer in practice. Sentences
are packed greedily up to the budget; each finished chunk is counted again as a whole (BPE
merges across sentence joins can differ from the sum of the parts) and trimmed if needed.
A sentence longer than the budget is cut on token boundaries, never truncated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from briefgen.core.scripts import join_sentences
from briefgen.core.sentences import split_sentences


class TokenCounter(Protocol):
    """Counts tokens the way the model will see them, without special tokens."""

    def count(self, text: str) -> int: ...

    def split(self, text: str, max_tokens: int) -> list[str]:
        """Cut ``text`` into consecutive pieces of at most ``max_tokens`` tokens each."""
        ...


def _units(
    text: str, counter: TokenCounter, budget: int, language: str = ""
) -> list[tuple[str, int]]:
    """Sentences with their token counts; over-long sentences already cut to the budget."""
    units: list[tuple[str, int]] = []
    for span in split_sentences(text, language):
        n = counter.count(span.text)
        if n <= budget:
            units.append((span.text, n))
            continue
        for piece in counter.split(span.text, budget):
            units.append((piece, counter.count(piece)))
    return units


def pack(
    texts: Sequence[tuple[str, int]], counter: TokenCounter, budget: int, overlap: int
) -> list[str]:
    """Pack (text, tokens) units into chunk texts of at most ``budget`` tokens.

    ``overlap`` tokens' worth of trailing sentences of one chunk start the next one.
    """
    chunks: list[str] = []
    current: list[tuple[str, int]] = []
    total = 0
    i = 0
    while i < len(texts):
        text, n = texts[i]
        if current and total + n > budget:
            chunks.extend(_close(current, counter, budget))
            current = _tail(current, overlap, budget - n)
            total = sum(c for _, c in current)
        current.append((text, n))
        total += n
        i += 1
    if current:
        chunks.extend(_close(current, counter, budget))
    return chunks


def _close(units: list[tuple[str, int]], counter: TokenCounter, budget: int) -> list[str]:
    """Join units into one chunk, or more if the joined text counts over budget.

    A join can tokenise differently from the sum of its parts; then the last unit moves to a
    chunk of its own rather than being cut or dropped.
    """
    text = join_sentences([t for t, _ in units])
    if len(units) == 1 or counter.count(text) <= budget:
        return [text]
    return [*_close(units[:-1], counter, budget), units[-1][0]]


def _tail(units: list[tuple[str, int]], overlap: int, room: int) -> list[tuple[str, int]]:
    if overlap <= 0:
        return []
    kept: list[tuple[str, int]] = []
    total = 0
    for text, n in reversed(units):
        if total + n > min(overlap, room):
            break
        kept.insert(0, (text, n))
        total += n
    return kept


def chunk_text(
    text: str, counter: TokenCounter, budget: int, overlap: int = 0, language: str = ""
) -> list[str]:
    """Split ``text`` into chunk texts of at most ``budget`` tokens each; ``language`` (the
    article's, ``""`` when unknown) picks how its sentences are split."""
    if budget < 8:
        raise ValueError(f"token budget {budget} is too small to summarise anything")
    return pack(_units(text, counter, budget, language), counter, budget, overlap)
