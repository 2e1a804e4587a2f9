"""Where a model runs, decided without importing torch or CTranslate2.

``--device auto`` is ``cuda`` when an NVIDIA GPU is visible to this process (the driver's
``/proc`` entries or device files, ``CUDA_VISIBLE_DEVICES`` not hiding them), else ``cpu``.
That is a guess from files, cheap enough for resolving the engine (which happens even when
every summary is cached); loading checks it: :func:`briefgen.summarise.ct2.load_ct2_engine`
asks CTranslate2 for its CUDA devices, :func:`briefgen.summarise.model.resolve_device` asks
torch.

On a GPU the CTranslate2 engine computes in half precision: ``--quantize int8`` runs
``int8_float16`` (int8 weights, float16 activations) and ``float32`` runs ``float16``;
:func:`compute_type` maps the flag to what CTranslate2 is given. The transformers engine
runs its weights in float16 on a GPU (:func:`torch_dtype_name`).
"""

from __future__ import annotations

import os
from pathlib import Path

CUDA_COMPUTE_TYPES = {
    "int8": "int8_float16",
    "int8_float32": "int8_float32",
    "float32": "float16",
    "float16": "float16",
    "int8_float16": "int8_float16",
}
"""``--quantize`` on a CPU -> the CTranslate2 compute type on a CUDA device."""


def cuda_visible(root: Path = Path("/")) -> bool:
    """Whether an NVIDIA GPU looks usable here, from files only (``root``: for tests)."""
    hidden = os.environ.get("CUDA_VISIBLE_DEVICES")
    if hidden is not None and hidden.strip() in ("", "-1"):
        return False
    gpus = root / "proc" / "driver" / "nvidia" / "gpus"
    try:
        if gpus.is_dir() and any(gpus.iterdir()):
            return True
    except OSError:
        pass
    return (root / "dev" / "nvidia0").exists()


def resolve(device: str, root: Path = Path("/")) -> str:
    """``device`` with ``auto`` decided: ``cuda`` when :func:`cuda_visible`, else ``cpu``."""
    if device == "auto":
        return "cuda" if cuda_visible(root) else "cpu"
    return device


def split(device: str) -> tuple[str, int]:
    """``("cuda", 1)`` for ``cuda:1``; ``("cpu", 0)`` for ``cpu``."""
    kind, _, index = device.partition(":")
    return kind, int(index) if index.isdigit() else 0


def compute_type(quantize: str, device: str) -> str:
    """The CTranslate2 compute type for ``--quantize`` on ``device`` (resolved)."""
    if split(device)[0] == "cuda":
        return CUDA_COMPUTE_TYPES.get(quantize, quantize)
    return quantize


def torch_dtype_name(device: str) -> str:
    """The weights' dtype for the transformers engine: float16 on a GPU, else float32."""
    return "float16" if split(device)[0] == "cuda" else "float32"
