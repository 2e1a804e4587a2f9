"""Summarisation engines and how one is chosen.

The modules, in the order a run meets them:

* :mod:`~briefgen.summarise.spec`: which engine a run will get (:func:`resolve_engine`),
  known before anything loads, and loading it (:meth:`EngineSpec.load`);
* :mod:`~briefgen.summarise.summariser`: summaries from the cache where possible, else from the
  engine (:class:`Summariser`);
* :mod:`~briefgen.summarise.cleanup` tidies a summary (:mod:`briefgen.faithfulness.review`
  then checks it against its article, a stage of its own);
* the engines: :mod:`extractive`, :mod:`abstractive` (transformers) and :mod:`ct2`
  (CTranslate2, with :mod:`convert` for the conversion), sharing :mod:`model` (loading a
  checkpoint) and :mod:`base` (the engine protocol); :mod:`hub` downloads models;
  :mod:`device` decides cpu or cuda (and the GPU's half-precision types) from files.
"""

from __future__ import annotations

import logging
from pathlib import Path

from briefgen.summarise.base import LENGTHS, Engine, Length, Progress
from briefgen.summarise.extractive import ExtractiveEngine
from briefgen.summarise.model import DEFAULT_MODEL
from briefgen.summarise.spec import ENGINES, EngineChoice, EngineSpec, Loaded, resolve_engine

__all__ = [
    "DEFAULT_MODEL",
    "ENGINES",
    "LENGTHS",
    "RULES_VERSION",
    "Engine",
    "EngineChoice",
    "EngineSpec",
    "ExtractiveEngine",
    "Length",
    "Loaded",
    "Progress",
    "make_engine",
    "resolve_engine",
]

RULES_VERSION = "6"
"""The summaries' rules version, part of their cache keys: bump it when a change of chunking,
map-reduce or generation code alters what an engine writes for the same model and settings
(model output is expensive, so this is a number one raises, not a hash of the sources).
6: mT5 checkpoints lost the ``summarize: `` prefix (the key now has the prefix itself)."""


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

    :func:`resolve_engine` then :meth:`EngineSpec.load`, for callers that need no cache
    keys. ``cache_dir`` here is the folder of converted CTranslate2 models itself
    (default: ``ct2`` in the user cache). A fallback's note is logged as a warning.
    """
    spec = resolve_engine(
        engine,
        model,
        device=device,
        quantize=quantize,
        threads=threads,
        batch_size=batch_size,
        overlap=overlap,
    )
    if cache_dir is not None:
        spec = spec.with_ct2_dir(cache_dir)
    loaded = spec.load()
    if loaded.note:  # no run here to report it once a day: say it now
        logging.getLogger(__name__).warning("%s", loaded.note)
    return loaded.engine, loaded.note
