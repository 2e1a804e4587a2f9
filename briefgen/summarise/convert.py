"""Converting a checkpoint to CTranslate2, once, into a cache keyed by what it was made from.

A converted model lives in a folder named by :func:`conversion_name`: model id, a
fingerprint of its files (the content of config, generation config and tokenizer files;
name, size and modification time of weight files; for hub models the snapshot path, which
holds the revision), the quantisation and the CTranslate2 version, so any change of these
is a new conversion. :func:`convert` writes into a temporary folder that is renamed into
place, so an interrupted or concurrent run never leaves a half-written model behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.summarise.model import Seq2SeqModel, folder_fingerprint, load_model, model_folder

log = logging.getLogger(__name__)

# BART configs written by transformers 5 no longer carry these attributes, which the
# converter reads; their value for every BART checkpoint is False.
_BART_DEFAULTS = {
    "normalize_before": False,
    "add_final_layer_norm": False,
    "static_position_embeddings": False,
}


def default_cache_dir() -> Path:
    """Where converted models are kept when a run names no cache folder (``--no-cache``):
    ``ct2`` in the user cache folder."""
    from briefgen.settings.config import user_cache_dir

    return user_cache_dir() / "ct2"


def converted_model(
    model: Seq2SeqModel | str, quantize: str, cache_dir: Path | None, ct2_version: str
) -> tuple[Path, Seq2SeqModel | None, Path | None]:
    """``(folder of the converted model, loaded model or None, checkpoint folder or None)``.

    Converts ``model`` on first use (loading its torch weights when only an id is given);
    when the conversion is cached and ``model`` is an id, nothing is loaded. The checkpoint
    folder is None only for a loaded model that has no files on disk.
    """
    model_id = model if isinstance(model, str) else model.model_id
    loaded = model if isinstance(model, Seq2SeqModel) else None
    folder = model_folder(model_id)
    if folder is None and loaded is None:
        loaded = load_model(model_id)  # the usual errors; fetches from the hub if it can
        folder = model_folder(model_id)
    root = cache_dir or default_cache_dir()
    target = root / conversion_name(model_id, folder, quantize, ct2_version, loaded)
    if not (target / "model.bin").is_file():
        if loaded is None:
            loaded = load_model(model_id)  # conversion needs the torch weights, once
        convert(loaded, target, quantize)
    return target, loaded, folder


def conversion_name(
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


def convert(model: Seq2SeqModel, target: Path, quantize: str) -> None:
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
