"""Clean-up for model summaries, map-reduce ones above all.

A long article is summarised chunk by chunk and the chunk summaries are joined and reduced.
That leaves three faults that these functions remove:

- the same sentence, or nearly the same, from two chunks (:func:`dedupe_sentences`,
  :func:`join_chunk_summaries`);
- a sentence cut off by the generation length limit, with no full stop (:func:`drop_dangling`);
- a summary longer than what it summarises (:func:`cap_words`, capped at the article's length).

:func:`clean_summary` applies all three. None of them ever returns an empty string for a
non-empty input, and none of them rewrites a sentence: sentences are kept or dropped whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from briefgen.core.scripts import caseless, join_sentences, script_terms, word_count
from briefgen.core.sentences import split_sentences
from briefgen.core.textutil import PLAIN_WORD

NEAR_DUPLICATE = 0.8
"""Share of the shorter sentence's words found in the other for two sentences to be one."""

_TERMINAL = re.compile(r"[.!?…。！？．؟۔।][\"'”’)\]」』）]*$")


def _words(sentence: str) -> list[str]:
    if caseless(sentence):  # Arabic, Chinese ...: PLAIN_WORD would find no word in it
        return script_terms(sentence)
    return PLAIN_WORD.findall(sentence.lower())


def _is_repeat(words: list[str], earlier: list[str]) -> bool:
    if not words or not earlier:
        return words == earlier
    if words == earlier:
        return True
    shorter, longer = sorted((words, earlier), key=len)
    have = set(longer)
    shared = sum(1 for w in shorter if w in have)
    return shared / len(shorter) >= NEAR_DUPLICATE


def dedupe_sentences(sentences: Iterable[str]) -> list[str]:
    """``sentences`` without repeats: a sentence whose words are (nearly all) in an earlier one
    is dropped; when the later one is the longer, it takes the earlier one's place."""
    kept: list[str] = []
    bags: list[list[str]] = []
    for sentence in sentences:
        words = _words(sentence)
        for i, earlier in enumerate(bags):
            if _is_repeat(words, earlier):
                if len(words) > len(earlier):
                    kept[i], bags[i] = sentence, words
                break
        else:
            kept.append(sentence)
            bags.append(words)
    return kept


def ends_sentence(sentence: str) -> bool:
    """Whether ``sentence`` ends with terminal punctuation (closing quotes allowed)."""
    return bool(_TERMINAL.search(sentence.rstrip()))


def drop_dangling(sentences: Sequence[str]) -> list[str]:
    """``sentences`` without a last one that was cut off (no terminal punctuation).

    A lone sentence is kept, cut off or not: something is better than nothing.
    """
    if len(sentences) > 1 and not ends_sentence(sentences[-1]):
        return list(sentences[:-1])
    return list(sentences)


def cap_words(sentences: Sequence[str], max_words: int) -> list[str]:
    """The leading whole sentences of ``sentences`` that fit in ``max_words`` words.

    The first sentence is always kept, even when it alone is longer.
    """
    out: list[str] = []
    total = 0
    for sentence in sentences:
        n = word_count(sentence)
        if out and total + n > max_words:
            break
        out.append(sentence)
        total += n
    return out


def join_chunk_summaries(parts: Iterable[str]) -> str:
    """Chunk summaries joined into one text, with no sentence repeated across chunks and no
    chunk's cut-off last sentence in the middle."""
    sentences: list[str] = []
    for part in parts:
        sentences.extend(drop_dangling([s.text for s in split_sentences(part)]))
    return join_sentences(dedupe_sentences(sentences))


def clean_summary(text: str, article_text: str, max_words: int | None = None) -> str:
    """``text`` without repeated sentences, without a dangling last sentence, and no longer
    than ``max_words`` words nor than the article. Never empty when ``text`` is not."""
    sentences = [s.text for s in split_sentences(text)]
    if not sentences:
        return text.strip()
    sentences = drop_dangling(dedupe_sentences(sentences))
    limit = word_count(article_text)
    if max_words is not None:
        limit = min(limit, max_words)
    capped = cap_words(sentences, max(1, limit))
    if sum(word_count(s) for s in capped) > word_count(article_text) and article_text.strip():
        return article_text.strip()  # one sentence longer than the whole article
    return join_sentences(capped)
