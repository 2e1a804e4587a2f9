"""Summarisation engines and how one is chosen."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from briefgen.errors import BriefgenError, ExitCode
from briefgen.summarise.base import LENGTHS, Engine, Length, Progress
from briefgen.summarise.extractive import ExtractiveEngine
from briefgen.summarise.model import DEFAULT_MODEL

__all__ = [
    "DEFAULT_MODEL",
    "ENGINES",
    "LENGTHS",
    "RULES_VERSION",
    "Engine",
    "EngineChoice",
    "ExtractiveEngine",
    "Length",
    "Progress",
    "make_engine",
    "preferred_engine",
]

log = logging.getLogger(__name__)

RULES_VERSION = "2"
"""The summaries' rules version, part of their cache keys: bump it when a change of chunking,
map-reduce or generation code alters what an engine writes for the same model and settings
(model output is expensive, so this is a number one raises, not a hash of the sources)."""

EngineChoice = Literal["auto", "ct2", "abstractive", "extractive"]
ENGINES: tuple[EngineChoice, ...] = ("auto", "ct2", "abstractive", "extractive")


def preferred_engine(engine: EngineChoice, device: str = "cpu") -> str:
    """The engine ``engine`` resolves to when everything loads (for cache look-ups)."""
    if engine == "auto":
        from briefgen.summarise.ct2 import ct2_available

        return "ct2" if device == "cpu" and ct2_available() else "abstractive"
    return engine


def make_engine(
    engine: EngineChoice,
    model: str = DEFAULT_MODEL,
    *,
    device: str = "cpu",
    batch_size: int = 4,
    overlap: int = 0,
    quantize: str = "int8",
    threads: int = 0,
    cache_dir: Path | None = None,
) -> tuple[Engine, str]:
    """The engine to use and a note for the reader when it is not the one asked for.

    ``auto`` tries CTranslate2 (on the CPU, when it is installed), then the transformers
    engine, then falls back to the extractive engine when the model cannot be loaded at
    all; ``ct2`` and ``abstractive`` raise ``BriefgenError`` instead of falling back.
    ``threads`` (0: one per core) is how many CPU threads the model may use (torch's
    intra-op threads; for CTranslate2, shared out by ``ct2.thread_layout``);
    ``cache_dir`` holds converted CTranslate2 models (default: ``ct2`` in the user cache).
    """
    if engine == "extractive":
        return ExtractiveEngine(), ""
    if engine not in ENGINES:
        raise BriefgenError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if preferred_engine(engine, device) == "ct2":
        from briefgen.summarise.ct2 import load_ct2_engine

        if device != "cpu":
            raise BriefgenError("the ct2 engine runs on the CPU; use --engine abstractive")
        try:
            return (
                load_ct2_engine(
                    model,
                    quantize=quantize,
                    batch_size=batch_size,
                    threads=threads,
                    overlap=overlap,
                    cache_dir=cache_dir,
                ),
                "",
            )
        except BriefgenError as exc:
            if engine == "ct2" or exc.code != ExitCode.MODEL_UNAVAILABLE:
                raise
            log.info("CTranslate2 engine unavailable (%s); trying transformers", exc.message)
    from briefgen.summarise.abstractive import AbstractiveEngine
    from briefgen.summarise.model import load_model

    if threads > 0:
        import torch

        torch.set_num_threads(threads)
    try:
        loaded = load_model(model, device=device)
    except BriefgenError as exc:
        if engine == "abstractive" or exc.code != ExitCode.MODEL_UNAVAILABLE:
            raise
        note = f"Summaries are extractive because the model could not be loaded: {exc.message}"
        log.warning("%s", note)
        return ExtractiveEngine(), note
    return AbstractiveEngine(loaded, batch_size=batch_size, overlap=overlap), ""
