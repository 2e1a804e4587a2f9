"""The Hugging Face hub: downloading models into its local cache and listing what it holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.summarise.model import hub_reachable

WANTED = ["*.json", "*.model", "*.safetensors", "*.txt", "*.py"]


@dataclass(frozen=True)
class CachedModel:
    repo_id: str
    size_mb: float
    modified: datetime


def pull(model: str) -> str:
    """Download ``model`` (config, tokenizer, safetensors weights) and return its cache folder."""
    from huggingface_hub import snapshot_download

    if not hub_reachable():
        raise BriefgenError(
            "the Hugging Face hub cannot be reached (no network, or HF_HUB_OFFLINE is set)",
            ExitCode.MODEL_UNAVAILABLE,
        )
    try:
        path = snapshot_download(model, allow_patterns=WANTED)
        has_weights = any(p.endswith(".safetensors") for p in _files(path))
        if not has_weights:  # older checkpoints ship only PyTorch .bin weights
            path = snapshot_download(model, allow_patterns=[*WANTED, "pytorch_model*.bin"])
    except Exception as exc:  # the hub client raises many error types
        raise BriefgenError(
            f"cannot download {model!r}: {exc}", ExitCode.MODEL_UNAVAILABLE
        ) from None
    return str(path)


def _files(folder: str) -> list[str]:
    from pathlib import Path

    return [p.name for p in Path(folder).iterdir()]


def cached_models() -> list[CachedModel]:
    """Models in the local Hugging Face cache, newest first."""
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        info = scan_cache_dir()
    except CacheNotFound:
        return []
    rows = [
        CachedModel(
            repo.repo_id, repo.size_on_disk / 1e6, datetime.fromtimestamp(repo.last_modified)
        )
        for repo in info.repos
        if repo.repo_type == "model"
    ]
    return sorted(rows, key=lambda r: r.modified, reverse=True)
