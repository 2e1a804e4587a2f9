"""The CTranslate2 engine: the same model, converted once (int8 by default), run without torch.

The checkpoint is converted with ``ctranslate2.converters.TransformersConverter`` the first
time it is used and the result cached under ``~/.cache/briefgen/ct2`` (the platform's user
cache), keyed by model id, a fingerprint of its files (the content of config, generation config
and tokenizer files; name, size and modification time of weight files; for hub models the
snapshot path, which holds the revision), the quantisation and the CTranslate2 version.
Conversion writes into a temporary folder that is renamed into place, so an interrupted or
concurrent run never leaves a half-written model behind.

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

import contextlib
import dataclasses
import gc
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from briefgen.errors import BriefgenError, ExitCode
from briefgen.summarise.abstractive import Seq2SeqEngine, tidy
from briefgen.summarise.model import (
    GENERATION_KEYS,
    Seq2SeqModel,
    _resolve,
    describe_model,
    folder_fingerprint,
    load_model,
    model_folder,
)

log = logging.getLogger(__name__)

QUANTIZATIONS = ("int8", "int8_float32", "float32")
"""Weight types offered on the command line (all run on any x86-64 or ARM CPU)."""

# BART configs written by transformers 5 no longer carry these attributes, which the
# converter reads; their value for every BART checkpoint is False.
_BART_DEFAULTS = {
    "normalize_before": False,
    "add_final_layer_norm": False,
    "static_position_embeddings": False,
}
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
    """Whether CTranslate2 can be imported (it is an optional dependency)."""
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


def default_cache_dir() -> Path:
    """Where converted models are kept: ``ct2`` in briefgen's cache folder."""
    from briefgen.config import user_cache_dir

    configured = os.environ.get("BRIEFGEN_CACHE_DIR")
    return (Path(configured).expanduser() if configured else user_cache_dir()) / "ct2"


def default_threads() -> int:
    """The CPU cores this process may use (CTranslate2's own default can oversubscribe)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


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
    ) -> None:
        # ``model`` holds the tokenizer and settings; its torch weights (``model.model``) are None
        super().__init__(model, batch_size=batch_size, overlap=overlap)
        self.workers = workers
        self.threads_per_worker = threads_per_worker
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
        if suppress:
            opts["suppress_sequences"] = [tok.convert_ids_to_tokens(ids) for ids in suppress]
        return opts

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
        # translate_batch sorts by length into batches of max_batch_size itself and returns
        # results in input order
        results = self.translator.translate_batch(source, prefix, **opts)
        ids = [tok.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
        decoded = tok.batch_decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=True)
        return [tidy(text) for text in decoded]


def load_ct2_engine(
    model: Seq2SeqModel | str,
    *,
    quantize: str = "int8",
    batch_size: int = 4,
    threads: int = 0,
    cache_dir: Path | None = None,
    overlap: int = 0,
    workers: int = 0,
) -> Ct2Engine:
    """A CTranslate2 engine for ``model``, converting it on first use.

    ``model`` is a loaded :class:`Seq2SeqModel` (converted from its in-memory weights when
    no cached conversion exists) or a model id / folder. Pass the id where you can: when
    the converted model is cached, only the tokenizer and config are read and the torch
    weights are never loaded, which is what keeps a run's peak memory low.
    ``threads`` is the number of cores CTranslate2 may use (0: all available), shared out by
    :func:`thread_layout` into batches run side by side; ``workers`` > 0 overrides the
    number of side-by-side batches (the cores are then split evenly between them).

    Raises ``BriefgenError(MODEL_UNAVAILABLE)`` when CTranslate2 is missing or cannot
    convert this model (the caller can fall back to the transformers engine), and
    ``BriefgenError(USAGE)`` for an unknown ``quantize``.
    """
    if quantize not in QUANTIZATIONS:
        raise BriefgenError(
            f"unknown quantisation {quantize!r}; choose from {', '.join(QUANTIZATIONS)}",
            ExitCode.USAGE,
        )
    if not ct2_available():
        raise BriefgenError(
            "the ct2 engine needs CTranslate2: pip install ctranslate2 "
            "(or use --engine abstractive)",
            ExitCode.MODEL_UNAVAILABLE,
        )
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cpu")
    if quantize not in supported:
        raise BriefgenError(
            f"this CPU does not support {quantize} in CTranslate2 "
            f"(it supports {', '.join(sorted(supported))}); choose another --quantize",
            ExitCode.USAGE,
        )

    model_id = model if isinstance(model, str) else model.model_id
    loaded: Seq2SeqModel | None = model if isinstance(model, Seq2SeqModel) else None
    folder = model_folder(model_id)
    if folder is None and loaded is None:
        loaded = load_model(model_id)  # the usual errors; fetches from the hub if it can
        folder = model_folder(model_id)
    root = cache_dir or default_cache_dir()
    target = root / _cache_key(model_id, folder, quantize, ctranslate2.__version__, loaded)

    if not (target / "model.bin").is_file():
        if loaded is None:
            loaded = load_model(model_id)  # conversion needs the torch weights, once
        _convert(loaded, target, quantize)
    if loaded is not None and loaded.model is not None:
        generation = loaded.model.generation_config
        light = dataclasses.replace(loaded, model=None)
    else:
        if folder is None:
            _resolve(model_id)  # raises the usual message for a missing folder
            raise BriefgenError(
                f"model {model_id!r} is not in the local cache", ExitCode.MODEL_UNAVAILABLE
            )
        generation = _folder_generation_config(folder)
        light = _light_model(model_id, folder, generation)
    defaults = _generation_defaults(generation)
    del loaded
    if not isinstance(model, Seq2SeqModel):
        gc.collect()  # drop the torch weights loaded only for the conversion

    side_by_side, per_worker = thread_layout(threads)
    if workers > 0:  # as asked, the same cores split evenly
        side_by_side, per_worker = workers, max(1, side_by_side * per_worker // workers)
    translator = ctranslate2.Translator(
        str(target),
        device="cpu",
        compute_type=quantize,
        inter_threads=side_by_side,
        intra_threads=per_worker,
    )
    return Ct2Engine(
        light,
        translator,
        defaults,
        quantize=quantize,
        model_dir=target,
        batch_size=batch_size,
        overlap=overlap,
        workers=side_by_side,
        threads_per_worker=per_worker,
    )


def _cache_key(
    model_id: str,
    folder: Path | None,
    quantize: str,
    ct2_version: str,
    model: Seq2SeqModel | None,
) -> str:
    """A folder name that changes whenever the converted model would."""
    digest = hashlib.sha256()
    digest.update(f"{model_id}\0{quantize}\0{ct2_version}\0".encode())
    if folder is not None:  # config, tokenizer (the vocabulary is converted too), weights
        digest.update(folder_fingerprint(folder).encode())
    elif model is not None and model.model is not None:
        # no files to look at: fingerprint the weights themselves (slow, rare)
        digest.update(model.model.config.to_json_string().encode())
        for name, tensor in sorted(model.model.state_dict().items()):
            digest.update(name.encode())
            digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    else:
        raise BriefgenError(
            f"model {model_id!r} is not in the local cache", ExitCode.MODEL_UNAVAILABLE
        )
    local = Path(model_id).expanduser()
    name = local.resolve().name if local.is_dir() else model_id.strip("/")
    stem = "".join(c if c.isalnum() or c in "-_." else "--" for c in name)
    return f"{stem[-60:]}-{quantize}-{digest.hexdigest()[:16]}"


@contextlib.contextmanager
def _bart_attributes(config: Any) -> Iterator[None]:
    """Supply the config attributes the converter reads and transformers 5 dropped."""
    added = [k for k in _BART_DEFAULTS if not hasattr(config, k)]
    for key in added:
        setattr(config, key, _BART_DEFAULTS[key])
    try:
        yield
    finally:
        for key in added:
            with contextlib.suppress(AttributeError):
                delattr(config, key)


def _convert(model: Seq2SeqModel, target: Path, quantize: str) -> None:
    """Convert ``model``'s in-memory weights into ``target``, atomically."""
    from ctranslate2.converters import TransformersConverter

    net = model.model
    tokenizer = model.tokenizer

    class _Loaded(TransformersConverter):  # type: ignore[misc]
        """The converter, fed the model and tokenizer already in memory."""

        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return net

        def load_tokenizer(
            self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any
        ) -> Any:
            return tokenizer

    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("converting %s to CTranslate2 (%s) in %s", model.model_id, quantize, target)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".converting-") as tmp:
        config_dir = Path(tmp) / "config"
        net.config.save_pretrained(config_dir)  # the converter reads the config from disk
        out = Path(tmp) / "model"
        try:
            with _bart_attributes(net.config):
                _Loaded(str(config_dir)).convert(str(out), quantization=quantize)
        except (ValueError, NotImplementedError, AttributeError, KeyError, TypeError) as exc:
            reason = " ".join(str(exc).split())
            if len(reason) > 200:
                reason = reason[:200] + "…"
            raise BriefgenError(
                f"CTranslate2 cannot convert model {model.model_id!r} "
                f"({type(net.config).__name__}): {reason}; use --engine abstractive",
                ExitCode.MODEL_UNAVAILABLE,
            ) from None
        (out / "briefgen.json").write_text(
            json.dumps({"model": model.model_id, "quantization": quantize}, indent=2) + "\n",
            encoding="utf-8",
        )
        try:
            out.rename(target)
        except OSError:
            if not (target / "model.bin").is_file():  # not another run's finished copy
                shutil.rmtree(target, ignore_errors=True)
                out.rename(target)


def _generation_defaults(config: Any) -> dict[str, Any]:
    """The checkpoint's generation settings that ``generate()`` would fall back to."""
    return {
        key: value
        for key in (*GENERATION_KEYS, *_DECODING_KEYS)
        if (value := getattr(config, key, None)) is not None
    }


def _folder_generation_config(folder: Path) -> Any:
    """The ``GenerationConfig`` of the checkpoint in ``folder``, read once per run."""
    from transformers import GenerationConfig

    try:
        return GenerationConfig.from_pretrained(folder)
    except OSError:  # no generation_config.json: derived from config.json (imports torch)
        from transformers import AutoConfig

        return GenerationConfig.from_model_config(AutoConfig.from_pretrained(folder))


def _light_model(model_id: str, folder: Path, generation: Any) -> Seq2SeqModel:
    """A :class:`Seq2SeqModel` with tokenizer and settings but no torch weights.

    Mirrors :func:`briefgen.summarise.model.load_model` without loading the weights, and
    without importing torch where it can: transformers imports torch with its model
    configuration classes (``AutoConfig``, ``AutoTokenizer``), which costs a run about
    220 MB and a second or two. So the tokenizer comes from the checkpoint's
    ``tokenizer.json`` (the same fast tokenizer ``AutoTokenizer`` builds; ``tests/test_ct2.py``
    checks they agree) and the config is read as JSON; a checkpoint without
    ``tokenizer.json`` or ``generation_config.json`` takes the ``Auto*`` path.
    """
    return describe_model(model_id, _tokenizer(folder), _config(folder), generation)


def _tokenizer(folder: Path) -> Any:
    """The checkpoint's fast tokenizer, without importing torch when ``tokenizer.json`` exists."""
    if (folder / "tokenizer.json").is_file():
        from transformers import PreTrainedTokenizerFast
        from transformers.utils import logging as hf_logging

        level = hf_logging.get_verbosity()
        hf_logging.set_verbosity(logging.ERROR)  # "not the checkpoint's class": expected
        try:
            return PreTrainedTokenizerFast.from_pretrained(folder)
        finally:
            hf_logging.set_verbosity(level)
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(folder)


def _config(folder: Path) -> Any:
    """The attributes of ``config.json`` that :func:`describe_model` reads."""
    try:
        data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        from transformers import AutoConfig

        return AutoConfig.from_pretrained(folder)  # raises the usual message
    return SimpleNamespace(**{k: v for k, v in data.items() if isinstance(k, str)})
