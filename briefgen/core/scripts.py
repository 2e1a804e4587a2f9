"""What writing systems change in counting and layout: words in scripts written without
spaces, letters without case, and the direction of a language's text.

**Counting words.** Chinese and Japanese are written without spaces between words, so a
white-space count calls a whole paragraph one word. :func:`word_count` counts a run of
Han ideographs or kana written without spaces as
``characters / CJK_CHARS_PER_WORD`` words, and every other white-space separated piece as
one word, so the same limits (``MIN_WORDS`` of an article, an extractive sentence's
length) mean about the same amount of text in every script. Thai, Lao, Khmer and Burmese,
also written without spaces, count the same way.

**Case.** Arabic, Hebrew, the CJK scripts, Devanagari and Thai have no capital letters:
:func:`caseless` tells callers whose rules lean on capitals (a sentence starts with one;
prose has lower-case words) to leave those rules out.

**Direction.** :func:`direction` is ``rtl`` for languages written right to left (Arabic,
Hebrew, Persian, Urdu ...), ``ltr`` for any other known language and ``""`` for none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

CJK_CHARS_PER_WORD = 1.5
"""Characters of a CJK run that count as one word: a Chinese word is one to two characters
(1.5 on average in news text); Japanese runs a little longer, so its texts count slightly
more words than their English translation would, never fewer."""

_UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u2e80-\u2fdf"  # CJK radicals
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u31f0-\u31ff"  # katakana extensions
    "\u3400-\u4dbf\u4e00-\u9fff"  # Han
    "\uf900-\ufaff"  # Han compatibility
    "\U00020000-\U0003134f"  # Han extensions
)
_UNSPACED_RUN = re.compile(f"[{_UNSPACED}]+")
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "iw"})
"""ISO 639 codes of languages written right to left."""


def word_count(text: str) -> int:
    """Words in ``text``: white-space separated pieces, with runs of a script written
    without spaces counted at ``CJK_CHARS_PER_WORD`` characters a word (at least one)."""
    if not _UNSPACED_CHAR.search(text):
        return len(text.split())
    count = 0.0
    for piece in text.split():
        runs = _UNSPACED_RUN.findall(piece)
        if not runs:
            count += 1
            continue
        count += sum(max(1.0, len(run) / CJK_CHARS_PER_WORD) for run in runs)
        if _UNSPACED_RUN.sub("", piece).strip(".,;:!?()[]«»\"'“”‘’。、，！？：；「」『』（）"):
            count += 1  # a Latin word or a number beside the run: "iPhone发布"
    return math.ceil(count)


def unspaced_runs(text: str) -> list[str]:
    """The runs of ``text`` in scripts written without spaces ("政府周二宣布")."""
    return _UNSPACED_RUN.findall(text)


_UNICODE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def script_terms(text: str) -> list[str]:
    """Index terms of ``text`` in any script, lower-cased: pairs of characters (bigrams,
    the usual index terms of text without spaces) in Chinese and Japanese runs, words
    elsewhere."""
    lower = text.lower()
    runs = _UNSPACED_RUN.findall(lower)
    terms = [run[i : i + 2] for run in runs for i in range(max(1, len(run) - 1))]
    for piece in _UNICODE_WORD.findall(_UNSPACED_RUN.sub(" ", lower)):
        terms.append(piece)
    return terms


def unspaced_share(text: str) -> float:
    """The share of ``text``'s letters that belong to scripts written without spaces."""
    letters = sum(1 for ch in text if ch.isalpha())
    return len(_UNSPACED_CHAR.findall(text)) / letters if letters else 0.0


def join_sentences(sentences: Sequence[str]) -> str:
    """Sentences as one text: with no space between them in Chinese and Japanese (more than
    half of the letters in scripts written without spaces), with one elsewhere."""
    text = " ".join(sentences)
    return "".join(sentences) if unspaced_share(text) > 0.5 else text


def caseless(text: str) -> bool:
    """Whether most of ``text``'s letters have no case (Arabic, Hebrew, CJK, Devanagari
    ...): rules that look for capitals or lower-case words do not apply to it."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    cased = sum(1 for ch in letters if ch.isupper() or ch.islower())
    return cased < len(letters) / 2


def direction(language: str) -> str:
    """``rtl`` or ``ltr`` for a language code (``ar``, ``fr-CA``); ``""`` when none."""
    if not language:
        return ""
    return "rtl" if language.lower().split("-")[0] in RTL_LANGUAGES else "ltr"
