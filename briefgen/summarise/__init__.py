"""Summarisation engines and how one is chosen."""

from __future__ import annotations

import logging
from typing import Literal

from briefgen.errors import BriefgenError, ExitCode
from briefgen.summarise.base import LENGTHS, Engine, Length, Progress
from briefgen.summarise.extractive import ExtractiveEngine
from briefgen.summarise.model import DEFAULT_MODEL

__all__ = [
    "DEFAULT_MODEL",
    "ENGINES",
    "LENGTHS",
    "Engine",
    "EngineChoice",
    "ExtractiveEngine",
    "Length",
    "Progress",
    "make_engine",
]

log = logging.getLogger(__name__)

EngineChoice = Literal["auto", "abstractive", "extractive"]
ENGINES: tuple[EngineChoice, ...] = ("auto", "abstractive", "extractive")


def make_engine(
    engine: EngineChoice,
    model: str = DEFAULT_MODEL,
    *,
    device: str = "cpu",
    batch_size: int = 4,
    overlap: int = 0,
) -> tuple[Engine, str]:
    """The engine to use and a note for the reader when it is not the one asked for.

    ``auto`` tries the abstractive model and falls back to the extractive engine when the
    model cannot be loaded; ``abstractive`` raises ``BriefgenError`` instead.
    """
    if engine == "extractive":
        return ExtractiveEngine(), ""
    if engine not in ("auto", "abstractive"):
        raise BriefgenError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    from briefgen.summarise.abstractive import AbstractiveEngine
    from briefgen.summarise.model import load_model

    try:
        loaded = load_model(model, device=device)
    except BriefgenError as exc:
        if engine == "abstractive" or exc.code != ExitCode.MODEL_UNAVAILABLE:
            raise
        note = f"Summaries are extractive because the model could not be loaded: {exc.message}"
        log.warning("%s", note)
        return ExtractiveEngine(), note
    return AbstractiveEngine(loaded, batch_size=batch_size, overlap=overlap), ""
