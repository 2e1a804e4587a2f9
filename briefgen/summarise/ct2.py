"""The CTranslate2 engine: the same model, converted once (int8 by default), run without torch.

The checkpoint is converted with ``ctranslate2.converters.TransformersConverter`` the first
time it is used and the result cached under ``~/.cache/briefgen/ct2`` (the platform's user
cache, or ``ct2`` in a run's cache folder): see :mod:`briefgen.summarise.convert`. A run on
a cached conversion loads no torch weights (:func:`briefgen.summarise.model.load_light_model`).

Chunking and map-reduce are shared with the transformers engine
(:func:`briefgen.summarise.abstractive.map_reduce`); only the forward step differs. The
Hugging Face generation settings are mapped to ``Translator.translate_batch`` arguments so
both engines decode the same way: on a float32 model greedy outputs are identical
(``tests/test_ct2.py``), and int8 outputs agree on most tokens (``benchmarks/speed.py``).

Settings mapping (HF -> CTranslate2), measured on these machines:

* ``num_beams`` -> ``beam_size``; ``length_penalty``, ``no_repeat_ngram_size`` and
  ``repetition_penalty`` keep their names; ``early_stopping`` -> ``patience=1`` (stop when
  ``beam_size`` hypotheses are finished, which is HF's ``early_stopping=True``).
* ``max_length`` counts the decoder start token in HF and not in CTranslate2:
  ``max_decoding_length = max_length - 1`` (``min_length`` likewise); ``max_new_tokens`` and
  ``min_new_tokens`` map one to one. ``forced_eos_token_id`` (HF forces the end token at the
  last step) takes one more token off ``max_decoding_length``.
* ``forced_bos_token_id`` -> ``target_prefix`` (it counts towards the length in both).
* ``suppress_tokens`` and ``bad_words_ids`` -> ``suppress_sequences``.
* ``begin_suppress_tokens``, sampling and other settings have no CTranslate2 counterpart used
  here; they are logged once and ignored (no summarisation checkpoint we know sets them).

Settings not given by the engine come from the checkpoint's ``generation_config.json``, as
``generate()`` does.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.summarise import device as devices
from briefgen.summarise.abstractive import Seq2SeqEngine, tidy
from briefgen.summarise.convert import converted_model
from briefgen.summarise.model import (
    GENERATION_KEYS,
    Seq2SeqModel,
    folder_generation_config,
    load_light_model,
    require_model_folder,
)

log = logging.getLogger(__name__)

QUANTIZATIONS = ("int8", "int8_float32", "float32")
"""Weight types offered on the command line (all run on any x86-64 or ARM CPU)."""
CUDA_QUANTIZATIONS = ("int8_float16", "float16")
"""Compute types for a GPU (``--quantize int8`` / ``float32`` there; see
:mod:`briefgen.summarise.device`)."""
_STORED = {"int8_float16": "int8", "float16": "float32"}  # conversion each loads from

# generation_config.json keys that decoding depends on, besides GENERATION_KEYS
_DECODING_KEYS = (
    "min_new_tokens",
    "max_new_tokens",
    "forced_bos_token_id",
    "forced_eos_token_id",
    "suppress_tokens",
    "bad_words_ids",
    "repetition_penalty",
    "begin_suppress_tokens",
    "do_sample",
)
_HANDLED = frozenset({*GENERATION_KEYS, *_DECODING_KEYS} - {"begin_suppress_tokens", "do_sample"})


def ct2_available() -> bool:
    """Whether CTranslate2 is installed (it is an optional dependency), without importing
    it: resolving the engine must stay cheap, and a fully cached run never loads it."""
    import importlib.util

    try:
        return importlib.util.find_spec("ctranslate2") is not None
    except (ImportError, ValueError):
        return False


def default_threads() -> int:
    """The CPU cores this process may use (CTranslate2's own default can oversubscribe)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


BUCKET_RATIO = 0.0
"""Default of :func:`load_ct2_engine`'s ``bucket`` (see :func:`buckets`)."""

MAX_WORKERS = 4
"""At most this many batches run side by side (each worker holds its own activations)."""


def thread_layout(threads: int = 0) -> tuple[int, int]:
    """``(workers, threads_per_worker)`` for a budget of ``threads`` (0: one per core).

    CTranslate2 can run several batches at once (``inter_threads``, sharing one copy of the
    weights) or spread one batch over several cores (``intra_threads``). Decoding multiplies
    small matrices, which split badly across cores, so side-by-side batches win: on 2 cores,
    2 workers of 1 thread summarise about 1.4 times as many articles a minute as 1 worker of
    2 threads (``benchmarks/speed.py``). Up to ``MAX_WORKERS`` workers; cores beyond that
    are shared out as threads per worker.
    """
    budget = threads if threads > 0 else default_threads()
    workers = min(budget, MAX_WORKERS)
    return workers, max(1, budget // workers)


class Ct2Engine(Seq2SeqEngine):
    """Summaries written by a CTranslate2-converted seq2seq model."""

    name = "ct2"

    def __init__(
        self,
        model: Seq2SeqModel,
        translator: Any,
        generation_defaults: dict[str, Any],
        *,
        quantize: str,
        model_dir: Path,
        batch_size: int = 4,
        overlap: int = 0,
        workers: int = 1,
        threads_per_worker: int = 1,
        bucket: float = 0.0,
    ) -> None:
        # ``model`` holds the tokenizer and settings; its torch weights (``model.model``) are None
        super().__init__(model, batch_size=batch_size, overlap=overlap)
        self.workers = workers
        self.threads_per_worker = threads_per_worker
        self.bucket = bucket  # > 0: batches by length ratio (:func:`buckets`); 0: CTranslate2's
        self.translator = translator
        self.generation_defaults = generation_defaults
        self.quantize = quantize
        self.model_dir = model_dir
        self._warned: set[str] = set()

    def options(self, settings: dict[str, Any]) -> dict[str, Any]:
        """``translate_batch`` keyword arguments for HF generation ``settings``."""
        merged = {**self.generation_defaults, **settings}
        ignored = sorted(
            k
            for k, v in merged.items()
            if k not in _HANDLED and v not in (None, False, [], 0) and k not in self._warned
        )
        for key in ignored:
            log.info("CTranslate2 engine ignores the generation setting %s=%r", key, merged[key])
            self._warned.add(key)
        tok = self.model.tokenizer
        forced_eos = merged.get("forced_eos_token_id") is not None
        opts: dict[str, Any] = {
            "beam_size": int(merged.get("num_beams") or 1),
            "patience": 1.0,
            "length_penalty": float(merged.get("length_penalty", 1.0)),
            "no_repeat_ngram_size": int(merged.get("no_repeat_ngram_size") or 0),
            "repetition_penalty": float(merged.get("repetition_penalty") or 1.0),
            "max_input_length": 0,  # chunks are already within the window
            "batch_type": "examples",
        }
        if merged.get("max_new_tokens"):
            longest = int(merged["max_new_tokens"])
        else:
            longest = int(merged.get("max_length") or 20) - 1  # HF counts the start token
        if merged.get("min_new_tokens"):
            shortest = int(merged["min_new_tokens"])
        else:
            shortest = max(0, int(merged.get("min_length") or 0) - 1)
        longest -= int(forced_eos)  # HF spends the last step on the forced end token
        opts["max_decoding_length"] = max(1, longest)
        opts["min_decoding_length"] = max(0, min(shortest, opts["max_decoding_length"]))
        suppress = [[i] for i in merged.get("suppress_tokens") or []]
        suppress += [list(ids) for ids in merged.get("bad_words_ids") or []]
        sequences = [tok.convert_ids_to_tokens(ids) for ids in suppress]
        # a token the converted model does not have cannot be generated: MarianMT's <pad>,
        # which its checkpoints suppress, is left out of the CTranslate2 vocabulary
        known = self.vocabulary
        sequences = [s for s in sequences if known is None or all(t in known for t in s)]
        if sequences:
            opts["suppress_sequences"] = sequences
        return opts

    @functools.cached_property
    def vocabulary(self) -> frozenset[str] | None:
        """The converted model's target tokens; None when its files do not say."""
        for name in ("target_vocabulary.json", "shared_vocabulary.json"):
            path = self.model_dir / name
            if path.is_file():
                try:
                    return frozenset(json.loads(path.read_text(encoding="utf-8")))
                except (OSError, ValueError, TypeError):
                    return None
        return None

    def generate(self, texts: Sequence[str], settings: dict[str, Any]) -> list[str]:
        """Summaries of ``texts`` (each already within budget), in the same order."""
        if not texts:
            return []
        tok = self.model.tokenizer
        encoded = tok(
            [self.model.prefix + t for t in texts],
            truncation=True,
            max_length=self.model.max_input,
        )["input_ids"]
        source = [tok.convert_ids_to_tokens(ids) for ids in encoded]
        opts = self.options(settings)
        # enough batches to keep every worker busy: 5 chunks on 2 workers are batches of 3
        # and 2, not 4 and 1
        opts["max_batch_size"] = max(1, min(self.batch_size, -(-len(source) // self.workers)))
        bos = {**self.generation_defaults, **settings}.get("forced_bos_token_id")
        prefix = None
        if bos is not None:
            prefix = [[tok.convert_ids_to_tokens(int(bos))]] * len(source)
        if self.bucket > 0:
            results = self._bucketed(source, prefix, opts)
        else:
            # translate_batch sorts by length into batches of max_batch_size itself and
            # returns results in input order
            results = self.translator.translate_batch(source, prefix, **opts)
        ids = [tok.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
        decoded = tok.batch_decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=True)
        return [tidy(text) for text in decoded]

    def _bucketed(
        self, source: list[list[str]], prefix: list[list[str]] | None, opts: dict[str, Any]
    ) -> list[Any]:
        """``translate_batch`` results in input order, batches formed by :func:`buckets`
        and queued together, so the workers take them side by side."""
        size = int(opts.pop("max_batch_size"))
        groups = buckets([len(s) for s in source], size, self.bucket)
        pending = [
            self.translator.translate_batch(
                [source[i] for i in group],
                None if prefix is None else [prefix[i] for i in group],
                max_batch_size=len(group),
                asynchronous=True,
                **opts,
            )
            for group in groups
        ]
        results: list[Any] = [None] * len(source)
        for group, answers in zip(groups, pending, strict=True):
            for i, answer in zip(group, answers, strict=True):
                results[i] = answer.result()
        return results


def buckets(lengths: Sequence[int], size: int, ratio: float) -> list[list[int]]:
    """Indices of ``lengths`` in batches of at most ``size``, longest first; a batch also
    ends where the next input is shorter than ``ratio`` times its longest (0: never), so
    that short inputs are not padded to a long one's length."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and len(groups[-1]) < size and lengths[i] >= ratio * lengths[groups[-1][0]]:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def load_ct2_engine(
    model: Seq2SeqModel | str,
    *,
    quantize: str = "int8",
    batch_size: int = 4,
    threads: int = 0,
    cache_dir: Path | None = None,
    overlap: int = 0,
    workers: int = 0,
    device: str = "cpu",
    bucket: float = BUCKET_RATIO,
) -> Ct2Engine:
    """A CTranslate2 engine for ``model``, converting it on first use.

    ``model`` is a loaded :class:`Seq2SeqModel` (converted from its in-memory weights when
    no cached conversion exists) or a model id / folder. Pass the id where you can: when
    the converted model is cached, only the tokenizer and config are read and the torch
    weights are never loaded, which is what keeps a run's peak memory low.
    ``threads`` is the number of cores CTranslate2 may use (0: all available), shared out by
    :func:`thread_layout` into batches run side by side; ``workers`` > 0 overrides the
    number of side-by-side batches (the cores are then split evenly between them).
    ``cache_dir`` holds the converted models (default:
    :func:`briefgen.summarise.convert.default_cache_dir`). ``device`` ``cuda`` (or
    ``cuda:N``) runs on a GPU: ``quantize`` is then a CUDA compute type (``int8_float16``,
    ``float16``; see :func:`briefgen.summarise.device.compute_type`), one worker.

    Raises ``BriefgenError(MODEL_UNAVAILABLE)`` when CTranslate2 is missing or cannot
    convert this model (the caller can fall back to the transformers engine), and
    ``BriefgenError(USAGE)`` for an unknown ``quantize``.
    """
    kind, index = devices.split(device)
    ctranslate2 = _ctranslate2(quantize, kind, index)
    # CTranslate2 converts the weights to the compute type on load: one conversion per
    # weight type (a CUDA half-precision type loads the matching CPU conversion)
    stored = _STORED.get(quantize, quantize)
    target, loaded, folder = converted_model(model, stored, cache_dir, ctranslate2.__version__)
    model_id = model if isinstance(model, str) else model.model_id
    light, generation = _settings_model(model_id, loaded, folder)
    del loaded
    if not isinstance(model, Seq2SeqModel):
        gc.collect()  # drop the torch weights loaded only for the conversion
    side_by_side, per_worker = thread_layout(threads)
    if workers > 0:  # as asked, the same cores split evenly
        side_by_side, per_worker = workers, max(1, side_by_side * per_worker // workers)
    if kind == "cuda":  # one stream on the GPU; the CPU threads only feed it
        side_by_side, per_worker = max(1, workers), 1
    translator = ctranslate2.Translator(
        str(target),
        device=kind,
        device_index=index,
        compute_type=quantize,
        inter_threads=side_by_side,
        intra_threads=per_worker,
    )
    return Ct2Engine(
        light,
        translator,
        _generation_defaults(generation),
        quantize=quantize,
        model_dir=target,
        batch_size=batch_size,
        overlap=overlap,
        workers=side_by_side,
        threads_per_worker=per_worker,
        bucket=bucket,
    )


def _ctranslate2(quantize: str, kind: str = "cpu", index: int = 0) -> Any:
    """The ``ctranslate2`` module, once ``quantize`` is known to run on this device."""
    if quantize not in (*QUANTIZATIONS, *CUDA_QUANTIZATIONS):
        raise BriefgenError(
            f"unknown quantisation {quantize!r}; choose from {', '.join(QUANTIZATIONS)}",
            ExitCode.USAGE,
        )
    try:
        import ctranslate2
    except ImportError:
        raise BriefgenError(
            "the ct2 engine needs CTranslate2: pip install ctranslate2 "
            "(or use --engine abstractive)",
            ExitCode.MODEL_UNAVAILABLE,
        ) from None

    if kind == "cuda" and ctranslate2.get_cuda_device_count() <= index:
        raise BriefgenError(
            f"--device {kind}:{index}: CTranslate2 sees no such CUDA device "
            f"({ctranslate2.get_cuda_device_count()} found); use --device cpu",
            ExitCode.MODEL_UNAVAILABLE,
        )
    supported = ctranslate2.get_supported_compute_types(kind, index)
    if quantize not in supported:
        raise BriefgenError(
            f"this {kind.upper()} does not support {quantize} in CTranslate2 "
            f"(it supports {', '.join(sorted(supported))}); choose another --quantize",
            ExitCode.USAGE,
        )
    return ctranslate2


def _settings_model(
    model_id: str, loaded: Seq2SeqModel | None, folder: Path | None
) -> tuple[Seq2SeqModel, Any]:
    """``(model without torch weights, generation config)`` for the engine.

    From the loaded model when there is one, else read from the checkpoint's folder
    without loading any weights.
    """
    if loaded is not None and loaded.model is not None:
        return dataclasses.replace(loaded, model=None), loaded.model.generation_config
    if folder is None:
        folder = require_model_folder(model_id)
    generation = folder_generation_config(folder)  # read once: settings and defaults
    return load_light_model(model_id, folder, generation), generation


def _generation_defaults(config: Any) -> dict[str, Any]:
    """The checkpoint's generation settings that ``generate()`` would fall back to."""
    return {
        key: value
        for key in (*GENERATION_KEYS, *_DECODING_KEYS)
        if (value := getattr(config, key, None)) is not None
    }
