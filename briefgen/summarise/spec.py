"""Which engine a run will use, decided before anything is loaded.

:func:`resolve_engine` turns the user's choice (``auto``, ``ct2``, ``abstractive``,
``extractive``) and settings into an :class:`EngineSpec`: the engine's name, the model and
its fingerprint, the quantisation. That is everything a summary's cache key needs, so the
cache can be read before any model is loaded; :meth:`EngineSpec.load` then loads the
engine, falling back (``auto`` only) from CTranslate2 to transformers to the extractive
engine, and returns the spec of the engine it actually loaded so the caller can re-key.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.summarise import device as devices
from briefgen.summarise.base import Engine
from briefgen.summarise.extractive import ExtractiveEngine
from briefgen.summarise.model import (
    DEFAULT_MODEL,
    model_fingerprint,
    model_prefix,
    model_problem,
)

log = logging.getLogger(__name__)

from briefgen.settings.options import ENGINES as ENGINES  # noqa: E402
from briefgen.settings.options import EngineChoice as EngineChoice  # noqa: E402
from briefgen.settings.options import EngineOptions  # noqa: E402

EngineName = Literal["ct2", "abstractive", "extractive"]
"""An engine that can actually run (``auto`` resolves to one of these)."""


class Loaded(NamedTuple):
    """What :meth:`EngineSpec.load` returns."""

    engine: Engine
    note: str  # for the reader when the engine is a fallback, else ""
    spec: EngineSpec  # the spec of ``engine``: differs from the loaded spec after a fallback


@dataclass(frozen=True)
class EngineSpec:
    """An engine, resolved but not loaded.

    ``model``, ``fingerprint``, ``quantize`` and ``overlap`` are empty ("" or 0) where the
    engine does not use them (the extractive engine uses none; only ct2 uses ``quantize``).
    ``fingerprint`` is None while a model is not on disk (a hub model not downloaded yet):
    then nothing can be looked up in the cache until it is loaded.
    """

    engine: EngineName
    choice: EngineChoice  # what was asked for: ``auto`` may fall back when loading
    model: str = ""
    fingerprint: str | None = ""
    quantize: str = ""
    overlap: int = 0
    device: str = "cpu"
    batch_size: int = 4
    threads: int = 0
    ct2_dir: Path | None = None  # converted models; None: ``ct2`` in the user cache
    prefix: str = ""  # the text put before each input (``summarize: `` for T5), from the config

    @property
    def cacheable(self) -> bool:
        """Whether summaries can be looked up now (the model's files are known)."""
        return self.fingerprint is not None

    def with_ct2_dir(self, folder: Path) -> EngineSpec:
        """This spec with converted CTranslate2 models kept in ``folder``."""
        return dataclasses.replace(self, ct2_dir=folder)

    def cache_parts(self) -> dict[str, Any]:
        """The parts of a summary's cache key that come from the engine."""
        return {
            "engine": self.engine,
            "model": self.model,
            "fingerprint": self.fingerprint,
            "quantize": self.quantize,
            "overlap": self.overlap,
            "prefix": self.prefix,  # code decides it (T5 but not mT5): a change must miss
        }

    def load(self) -> Loaded:
        """The engine, loaded; ``auto`` falls back to transformers, then to extractive.

        ``ct2`` and ``abstractive`` raise ``BriefgenError`` instead of falling back.
        """
        if self.engine == "extractive":
            return Loaded(ExtractiveEngine(), "", self)
        # a model that cannot load is known from its files in milliseconds: before torch or
        # CTranslate2 is imported, and without trying each engine in turn
        problem = model_problem(self.model, on_disk=self.fingerprint is not None)
        if problem is not None:
            if self.choice != "auto":
                raise problem
            return self._fall_back(problem)
        if self.engine == "ct2":
            try:
                return Loaded(self._load_ct2(), "", self)
            except BriefgenError as exc:
                if self.choice == "ct2" or exc.code != ExitCode.MODEL_UNAVAILABLE:
                    raise
                log.info("CTranslate2 engine unavailable (%s); trying transformers", exc.message)
            return self._as("abstractive", quantize="").load()
        try:
            engine = self._load_transformers()
        except BriefgenError as exc:
            if self.choice == "abstractive" or exc.code != ExitCode.MODEL_UNAVAILABLE:
                raise
            return self._fall_back(exc)
        return Loaded(engine, "", self._as("abstractive"))

    def _fall_back(self, exc: BriefgenError) -> Loaded:
        """The extractive engine, with a note saying why (``auto`` only)."""
        note = f"Summaries are extractive because the model could not be loaded: {exc.message}"
        log.info("%s", note)  # the run reports it, once (see briefgen.app.build)
        return Loaded(ExtractiveEngine(), note, _extractive(self.choice))

    def _as(self, engine: EngineName, **changes: Any) -> EngineSpec:
        """This spec for ``engine``, with the fingerprint read again if it was unknown (a
        load can download the model)."""
        fingerprint, prefix = self.fingerprint, self.prefix
        if fingerprint is None:
            fingerprint, prefix = model_fingerprint(self.model), model_prefix(self.model)
        return dataclasses.replace(
            self, engine=engine, fingerprint=fingerprint, prefix=prefix, **changes
        )

    def _load_ct2(self) -> Engine:
        from briefgen.summarise.ct2 import load_ct2_engine

        engine = load_ct2_engine(
            self.model,
            quantize=self.quantize,
            device=self.device,
            batch_size=self.batch_size,
            threads=self.threads,
            overlap=self.overlap,
            cache_dir=self.ct2_dir,
        )
        return engine

    def _load_transformers(self) -> Engine:
        from briefgen.summarise.abstractive import AbstractiveEngine
        from briefgen.summarise.model import load_model

        if self.threads > 0:
            import torch

            torch.set_num_threads(self.threads)
        loaded = load_model(self.model, device=self.device)
        return AbstractiveEngine(loaded, batch_size=self.batch_size, overlap=self.overlap)


def _extractive(choice: EngineChoice) -> EngineSpec:
    return EngineSpec(engine="extractive", choice=choice)


def resolve_engine(
    choice: EngineChoice,
    model: str = DEFAULT_MODEL,
    *,
    device: str = "cpu",
    quantize: str = "int8",
    threads: int = 0,
    batch_size: int = 4,
    overlap: int = 0,
    cache_dir: Path | None = None,
) -> EngineSpec:
    """The engine ``choice`` resolves to when everything loads, without loading anything.

    ``auto`` is ``ct2`` when CTranslate2 is installed, else ``abstractive``. ``device``
    ``auto`` is decided here from files (:mod:`briefgen.summarise.device`); on a GPU the
    ct2 weight type is its half-precision counterpart (``int8`` -> ``int8_float16``), which
    is part of the cache key.
    ``threads`` (0: one per core) is how many CPU threads the model may use (torch's
    intra-op threads; for CTranslate2, shared out by ``ct2.thread_layout``). ``cache_dir``
    is briefgen's cache folder: converted CTranslate2 models go in its ``ct2`` folder
    (None: ``ct2`` in the user cache).
    """
    if choice == "extractive":
        return _extractive(choice)
    engine: EngineName = "abstractive" if choice == "auto" else choice
    if choice == "auto":
        from briefgen.summarise.ct2 import ct2_available

        engine = "ct2" if ct2_available() else "abstractive"
    device = devices.resolve(device)
    return EngineSpec(
        engine=engine,
        choice=choice,
        model=model,
        fingerprint=model_fingerprint(model),
        prefix=model_prefix(model),
        quantize=devices.compute_type(quantize, device) if engine == "ct2" else "",
        overlap=overlap,
        device=device,
        batch_size=batch_size,
        threads=threads,
        ct2_dir=cache_dir / "ct2" if cache_dir is not None else None,
    )


def spec_for(settings: EngineOptions, cache_dir: Path | None = None) -> EngineSpec:
    """The engine spec of a run's engine settings (see :func:`resolve_engine`); ``cache_dir``:
    briefgen's cache folder (converted models go in its ``ct2`` folder)."""
    return resolve_engine(
        settings.engine,
        settings.model,
        device=settings.device,
        quantize=settings.quantize,
        threads=settings.threads,
        batch_size=settings.batch_size,
        overlap=settings.overlap,
        cache_dir=cache_dir,
    )
