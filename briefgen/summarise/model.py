"""Loading a seq2seq checkpoint (hub id or local folder) and counting tokens with its tokenizer.

Where a model comes from, in order: a local folder; the local Hugging Face cache; the hub,
but only when it can be reached (a quick connection check first, so an offline machine
fails in milliseconds instead of a minute of retries). ``HF_HUB_OFFLINE=1`` skips the hub.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlparse

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.settings.options import DEFAULT_MODEL as DEFAULT_MODEL
from briefgen.summarise.base import Length

log = logging.getLogger(__name__)

LENGTH_SCALE: dict[Length, float] = {"short": 0.5, "medium": 1.0, "long": 1.5}
GENERATION_KEYS = (
    "min_length",
    "max_length",
    "num_beams",
    "length_penalty",
    "no_repeat_ngram_size",
    "early_stopping",
)
FALLBACK_MAX_INPUT = 512


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face hub answers at all (DNS + TCP), without any retries."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        return False
    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return True  # only the proxy can tell: let the hub client try
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    host = urlparse(endpoint).hostname or "huggingface.co"
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


class HFTokenCounter:
    """Counts and cuts text with a Hugging Face tokenizer, special tokens excluded."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def count(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    def split(self, text: str, max_tokens: int) -> list[str]:
        """Cut on token boundaries, at the start of a word where possible."""
        enc = self.tokenizer(
            text, add_special_tokens=False, return_offsets_mapping=True, verbose=False
        )
        starts = [begin for begin, _ in enc["offset_mapping"]]
        pieces: list[str] = []
        first = 0
        while len(starts) - first > max_tokens:
            cut = first + max_tokens
            word_cut = next(
                (
                    k
                    for k in range(cut, first, -1)
                    if starts[k] > 0 and text[starts[k] - 1].isspace()
                ),
                cut,
            )
            piece = text[starts[first] : starts[word_cut]].strip()
            while word_cut > first + 1 and self.count(piece) > max_tokens:
                word_cut -= 1
                piece = text[starts[first] : starts[word_cut]].strip()
            pieces.append(piece)
            first = word_cut
        pieces.append(text[starts[first] :].strip() if starts else text.strip())
        return [p for p in pieces if p]


@dataclass
class Seq2SeqModel:
    """A loaded checkpoint with what briefgen needs to know about it."""

    model_id: str
    tokenizer: Any
    model: Any
    prefix: str
    max_input: int
    base_generation: dict[str, Any]
    device: str

    @property
    def counter(self) -> HFTokenCounter:
        return HFTokenCounter(self.tokenizer)

    @property
    def budget(self) -> int:
        """Tokens of article text per chunk: the window less special tokens and task prefix."""
        special = self.tokenizer.num_special_tokens_to_add(pair=False)
        prefix = self.counter.count(self.prefix) if self.prefix else 0
        return int(self.max_input - special - prefix)

    def generation(self, length: Length) -> dict[str, Any]:
        """The checkpoint's own generation settings, lengths scaled by the preset."""
        settings = dict(self.base_generation)
        scale = LENGTH_SCALE[length]
        for key in ("min_length", "max_length"):
            if settings.get(key):
                settings[key] = max(1, round(settings[key] * scale))
        if settings.get("max_length") and settings.get("min_length", 0) >= settings["max_length"]:
            settings["min_length"] = max(0, settings["max_length"] // 2)
        return settings


def _locate_model(model: str) -> tuple[str, bool]:
    """(name or path to load, whether it is a local folder); ``BriefgenError`` for a path
    that is not a model folder."""
    path = Path(model).expanduser()
    if path.exists():
        if not (path / "config.json").is_file():
            raise BriefgenError(
                f"{model}: not a model folder (it has no config.json)", ExitCode.MODEL_UNAVAILABLE
            )
        return str(path), True
    if model.startswith((".", "/", "~")) or model.count("/") > 1:
        raise BriefgenError(f"{model}: no such model folder", ExitCode.MODEL_UNAVAILABLE)
    return model, False


def _from_pretrained(name: str, local_only: bool) -> tuple[Any, Any]:
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(name, local_files_only=local_only)
    model = AutoModelForSeq2SeqLM.from_pretrained(name, local_files_only=local_only)
    return tokenizer, model


def _load_any(model: str) -> tuple[Any, Any]:
    name, is_local = _locate_model(model)
    try:
        return _from_pretrained(name, local_only=True)
    except (OSError, ValueError) as exc:
        if is_local:
            raise _unavailable(model, exc) from None
        cache_error: Exception = exc
    if not hub_reachable():
        raise _offline(model) from cache_error
    try:
        return _from_pretrained(name, local_only=False)
    except (OSError, ValueError) as exc:
        raise _unavailable(model, exc) from None


def _offline(model: str) -> BriefgenError:
    return BriefgenError(
        f"model {model!r} is not in the local Hugging Face cache and the hub cannot be "
        f"reached; run `briefgen models pull {model}` where there is a network, "
        "or pass --model PATH to a local folder",
        ExitCode.MODEL_UNAVAILABLE,
    )


def model_problem(model: str, on_disk: bool) -> BriefgenError | None:
    """Why ``model`` cannot load, found without importing torch or transformers; None when
    it may load. ``on_disk``: its files were found (:func:`model_fingerprint` is not None).

    The same errors :func:`load_model` raises for a path that is not a model folder and for
    a hub model neither cached nor reachable, in milliseconds instead of the seconds it
    takes to import torch first (and, for ``auto``, to try two engines).
    """
    try:
        _, is_local = _locate_model(model)
    except BriefgenError as exc:
        return exc
    if is_local or on_disk or hub_reachable():
        return None
    return _offline(model)


def _unavailable(model: str, exc: Exception) -> BriefgenError:
    reason = " ".join(str(exc).split())
    if len(reason) > 200:
        reason = reason[:200] + "…"
    return BriefgenError(f"cannot load model {model!r}: {reason}", ExitCode.MODEL_UNAVAILABLE)


WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")
HASHED_BYTES = 16 * 2**20  # files up to this size are fingerprinted by their content


def model_folder(model: str) -> Path | None:
    """The local folder holding ``model``'s files: the folder itself, or a hub model's
    cached snapshot; None when neither is on disk. Never touches the network."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path.resolve()
    if not hub_repo_folder(model).is_dir():  # never downloaded: no need to import the client
        return None
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(model, local_files_only=True))
    except Exception:  # not cached, or not a valid repo id: the hub client raises many types
        return None


def hub_repo_folder(model: str) -> Path:
    """Where the hub client caches ``model``'s files (whether or not it has)."""
    from huggingface_hub import constants  # a light module: the package imports lazily

    return Path(constants.HF_HUB_CACHE) / ("models--" + "--".join(model.split("/")))


def folder_fingerprint(folder: Path) -> str:
    """A hash that changes whenever the model files in ``folder`` do.

    Small files (config, generation config, tokenizer) by content; weights, too big to read
    on every run, by name, size and modification time. A hub snapshot's path holds its
    revision, and its blobs are named by their content hash.
    """
    digest = hashlib.sha256(str(folder).encode())
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        real = path.resolve()
        stat = real.stat()
        if path.name.endswith(WEIGHT_SUFFIXES) or stat.st_size > HASHED_BYTES:
            digest.update(f"{path.name}\0{real.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        else:
            digest.update(path.name.encode() + b"\0" + real.read_bytes())
    return digest.hexdigest()


def model_fingerprint(model: str) -> str | None:
    """What identifies a model's weights without loading them, or None when not on disk."""
    folder = model_folder(model)
    return folder_fingerprint(folder)[:16] if folder is not None else None


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise BriefgenError("--device cuda: no CUDA device is available", ExitCode.USAGE)
    return device


def load_model(model: str = DEFAULT_MODEL, device: str = "cpu") -> Seq2SeqModel:
    """Load a seq2seq checkpoint and its tokenizer, ready to generate on ``device``
    (on a GPU in half precision: :func:`briefgen.summarise.device.torch_dtype_name`)."""
    from briefgen.summarise.device import torch_dtype_name

    device = resolve_device(device)
    tokenizer, net = _load_any(model)
    net.eval()
    if torch_dtype_name(device) == "float16":
        net.half()
    net.to(device)
    return describe_model(model, tokenizer, net.config, net.generation_config, net, device)


def require_model_folder(model: str) -> Path:
    """``model``'s local folder (see :func:`model_folder`); ``BriefgenError`` when it is
    not on disk."""
    folder = model_folder(model)
    if folder is None:
        _locate_model(model)  # raises the usual message for a missing or bad folder
        raise BriefgenError(
            f"model {model!r} is not in the local cache", ExitCode.MODEL_UNAVAILABLE
        )
    return folder


def folder_generation_config(folder: Path) -> Any:
    """The ``GenerationConfig`` of the checkpoint in ``folder``."""
    from transformers import GenerationConfig

    try:
        return GenerationConfig.from_pretrained(folder)
    except OSError:  # no generation_config.json: derived from config.json (imports torch)
        from transformers import AutoConfig

        return GenerationConfig.from_model_config(AutoConfig.from_pretrained(folder))


def load_light_model(model_id: str, folder: Path, generation: Any) -> Seq2SeqModel:
    """A :class:`Seq2SeqModel` with tokenizer and settings but no torch weights.

    Mirrors :func:`load_model` without loading the weights, and without importing torch
    where it can: transformers imports torch with its model configuration classes
    (``AutoConfig``, ``AutoTokenizer``), which costs a run about 220 MB and a second or
    two. So the tokenizer comes from the checkpoint's ``tokenizer.json`` (the same fast
    tokenizer ``AutoTokenizer`` builds; ``tests/test_ct2.py`` checks they agree) and the
    config is read as JSON; a checkpoint without ``tokenizer.json`` or
    ``generation_config.json`` takes the ``Auto*`` path. ``generation`` is the folder's
    :func:`folder_generation_config`, read once by the caller.
    """
    return describe_model(model_id, _light_tokenizer(folder), _light_config(folder), generation)


def _light_tokenizer(folder: Path) -> Any:
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


def _light_config(folder: Path) -> Any:
    """The attributes of ``config.json`` that :func:`describe_model` reads."""
    try:
        data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        from transformers import AutoConfig

        return AutoConfig.from_pretrained(folder)  # raises the usual message
    return SimpleNamespace(**{k: v for k, v in data.items() if isinstance(k, str)})


def task_prefix(config: Any) -> str:
    """The text put before each input of a checkpoint with ``config``: its
    ``task_specific_params["summarization"]["prefix"]``, else ``summarize: `` for T5 (trained
    on prefixed tasks; mT5 was not, and its XL-Sum fine-tunes take the bare text)."""
    task = (getattr(config, "task_specific_params", None) or {}).get("summarization", {})
    prefix = str(task.get("prefix", "") or "")
    if not prefix and getattr(config, "model_type", "") == "t5":
        prefix = "summarize: "
    return prefix


def model_prefix(model: str) -> str:
    """:func:`task_prefix` of ``model`` read from its ``config.json`` without loading it;
    ``""`` when the model is not on disk (a summary's cache key then waits for the load)."""
    folder = model_folder(model)
    if folder is None or not (folder / "config.json").is_file():
        return ""
    try:
        data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return task_prefix(SimpleNamespace(**data)) if isinstance(data, dict) else ""


def describe_model(
    model_id: str,
    tokenizer: Any,
    config: Any,
    generation_config: Any,
    net: Any = None,
    device: str = "cpu",
) -> Seq2SeqModel:
    """What briefgen needs to know of a checkpoint: task prefix, window, generation settings.

    The checkpoint's ``task_specific_params["summarization"]`` win over its generation
    config, as in the old transformers summarization pipeline; T5 models get the
    ``summarize: `` prefix when they do not name one (T5 was trained on prefixed tasks; mT5
    was not, and its summarisation fine-tunes such as XL-Sum take the bare text). ``net``
    may be None (the ct2 engine needs the settings, not the torch weights).
    """
    task = (getattr(config, "task_specific_params", None) or {}).get("summarization", {})
    prefix = task_prefix(config)
    generation = {
        key: value
        for key in GENERATION_KEYS
        if (value := task.get(key, getattr(generation_config, key, None))) is not None
    }
    return Seq2SeqModel(
        model_id=model_id,
        tokenizer=tokenizer,
        model=net,
        prefix=prefix,
        max_input=_max_input(tokenizer, config),
        base_generation=generation,
        device=device,
    )


def _max_input(tokenizer: Any, config: Any) -> int:
    limits = [
        value
        for value in (
            getattr(tokenizer, "model_max_length", None),
            getattr(config, "max_position_embeddings", None),
            getattr(config, "n_positions", None),
        )
        if isinstance(value, int) and 0 < value < 1_000_000
    ]
    return min(limits) if limits else FALLBACK_MAX_INPUT
