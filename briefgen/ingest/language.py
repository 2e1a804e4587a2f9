"""Which language an article is written in: py3langid, a maintained fork of langid.py
whose model (a naive Bayes classifier over byte n-grams, 140 languages) ships inside the
package, so nothing is downloaded.

The detector answers only when it is sure: a text with fewer than :data:`MIN_LETTERS`
letters, or whose most probable language has a probability under :data:`MIN_PROBABILITY`,
gives ``""`` (unknown), and an article of unknown language is kept. The answer depends on
the text alone (no hashing, no randomness: the same text gives the same language in every
process). Measured by ``benchmarks/languages.py``: every one of the 500 English BBC articles
of the shared evaluation set detected as English, and every article of
``tests/data/languages`` (English, French, German, Spanish, Italian, Portuguese, Chinese,
Japanese, Arabic) as its own language.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefgen.core.langnames import language_name

MIN_LETTERS = 10
"""Fewer letters than this and the detector says nothing."""

MIN_PROBABILITY = 0.9
"""The most probable language must have at least this probability (of all 140)."""

FOLDED = {"wuu": "zh", "yue": "zh", "arz": "ar", "ary": "ar", "zxx": ""}
"""Varieties the model tells apart that a briefing does not: Wu and Cantonese written in Han
characters count as Chinese, Egyptian and Moroccan Arabic as Arabic (news in Chinese or
Arabic is close enough to both to split the probability between them); ``zxx`` (no
language: code, numbers) counts as unknown."""

SAMPLE_CHARS = 20000
"""Only the start of a long text is read: its language is settled long before."""

_LOCK = threading.Lock()
_IDENTIFIER: list[Any] = []


@dataclass(frozen=True)
class Detection:
    """A detected language (``""`` when unsure), its probability, and the language the
    classifier found most probable, sure or not."""

    language: str
    probability: float = 0.0
    best: str = ""


def _load() -> Any:
    """py3langid's classifier with probabilities normalised, its model unpacked in memory.

    (py3langid's own loader unpacks the model, 68 MB, into a temporary file: on a full disk,
    or under a limit on file sizes, the run would fail before it wrote anything.) Should a
    later py3langid lay its model out otherwise, its own loader is used."""
    import io
    import lzma

    import numpy as np
    from py3langid import modelio
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        with lzma.open(MODEL_DIR / MODEL_FILE) as packed:
            unpacked = io.BytesIO(packed.read())
        with np.load(unpacked, allow_pickle=False) as data:
            return LanguageIdentifier(
                np.asarray(data["ptc"]),
                np.asarray(data["pc"]),
                data["classes"].tolist(),
                modelio._to_array(data["nextmove"]),
                data["out_feat"].tolist(),
                norm_probs=True,
                tk_row=modelio._to_array(data["nextmove_row"]),
            )
    except (AttributeError, KeyError, TypeError):
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _identifier() -> Any:
    """The classifier, loaded once (about two seconds) the first time a text is detected."""
    with _LOCK:
        if not _IDENTIFIER:
            _IDENTIFIER.append(_load())
        return _IDENTIFIER[0]


def detect(text: str) -> Detection:
    """Detect the language of ``text``; ``Detection("")`` when unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
        return Detection("")
    folded: dict[str, float] = {}
    for code, probability in _identifier().rank(sample):
        code = FOLDED.get(str(code), str(code))
        folded[code] = folded.get(code, 0.0) + float(probability)
    code, probability = max(folded.items(), key=lambda kv: (kv[1], kv[0]))
    if probability < MIN_PROBABILITY or not code:
        return Detection("", probability, code)
    return Detection(code, probability, code)


def rejection(text: str, allowed: Sequence[str]) -> tuple[str, str | None]:
    """The detected language of ``text`` and the reason to skip it (``None``: keep it).

    ``allowed`` are language codes (``en``, ``fr`` ...); an article whose language cannot be
    told is kept.
    """
    found = detect(text).language
    wanted = {code.lower().split("-")[0] for code in allowed}
    if not found or found in wanted:
        return found, None
    listed = ",".join(sorted({*wanted, found}))
    return found, (
        f"in {language_name(found)} ({found}), not in the chosen languages; "
        f"use --languages {listed} with a multilingual model to include it"
    )
