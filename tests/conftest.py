"""Shared fixtures: tiny seq2seq models built from scratch, trained tokenizers, sample paths.

The tiny models are real checkpoints as far as briefgen can tell: a BART with a byte-level
BPE tokenizer and a T5 with a SentencePiece tokenizer, both trained on ``samples/`` and
saved with ``save_pretrained``; the tests load them through ``--model PATH`` exactly as a
user's local model is loaded. Their weights are random, so their text is gibberish, but
their shapes, tokenizers, special tokens and generation settings are the real thing.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the tests never reach the hub
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the CLI does: see briefgen/cli/main.py
# never the user's cache, config or crontab
os.environ["BRIEFGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefgen-test-cache-")
os.environ["BRIEFGEN_CRONTAB"] = os.path.join(tempfile.mkdtemp(prefix="briefgen-test-cron-"), "tab")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="briefgen-test-xdg-")  # --no-cache's ct2

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TINY_MAX_INPUT = 256  # small windows so the long sample needs several chunks


def few_samples() -> list[str]:
    """Three short samples: enough for a run, cheap for tests that run the model often."""
    files = sorted(sample_files(), key=lambda p: p.stat().st_size)[:3]
    return [str(p) for p in files]


def sample_files() -> list[Path]:
    files = sorted(p for p in SAMPLES.glob("*.md") if p.name.lower() != "readme.md")
    assert files, "samples/ has no articles"
    return files


def _corpus() -> Iterator[str]:
    for path in sample_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield line


def _suppress(tokenizer: object, keep: set[int]) -> list[int]:
    ids: list[int] = getattr(tokenizer, "all_special_ids", [])
    return sorted(set(ids) - keep)


def build_tiny_bart(folder: Path) -> Path:
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from tokenizers.processors import RobertaProcessing
    from transformers import (
        BartConfig,
        BartForConditionalGeneration,
        GenerationConfig,
        PreTrainedTokenizerFast,
    )

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(_corpus(), vocab_size=800, min_frequency=2, special_tokens=specials)
    bpe.post_processor = RobertaProcessing(("</s>", 2), ("<s>", 0))
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        bos_token="<s>",
        pad_token="<pad>",
        eos_token="</s>",
        unk_token="<unk>",
        mask_token="<mask>",
        model_max_length=TINY_MAX_INPUT,
    )
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=2,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=TINY_MAX_INPUT,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        init_std=0.5,  # large random weights: outputs then depend on the input
    )
    torch.manual_seed(0)
    model = BartForConditionalGeneration(config)
    model.generation_config = GenerationConfig(
        max_length=24,
        min_length=6,
        num_beams=1,
        no_repeat_ngram_size=3,
        decoder_start_token_id=2,
        bos_token_id=0,
        eos_token_id=2,
        pad_token_id=1,
        suppress_tokens=_suppress(tokenizer, keep={2}),
    )
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


# The shape every tiny T5-family model shares (T5, mT5): two encoder layers, one decoder.
TINY_T5_SHAPE: dict[str, Any] = {
    "d_model": 32,
    "d_ff": 64,
    "d_kv": 16,
    "num_layers": 2,
    "num_decoder_layers": 1,
    "num_heads": 2,
    "decoder_start_token_id": 0,
    "pad_token_id": 0,
    "eos_token_id": 1,
    "initializer_factor": 8.0,  # large random weights: outputs then depend on the input
}


def _t5_family(folder: Path, kind: str, spm_model: bytes, **config: Any) -> Path:
    """A tiny ``kind`` ("t5" or "mt5") on the SentencePiece model ``spm_model``, saved (with
    its tokenizer) as a checkpoint is; ``config`` adds to :data:`TINY_T5_SHAPE`, and a
    ``no_repeat_ngram_size`` in it goes to the generation config."""
    import torch
    from transformers import (
        GenerationConfig,
        MT5Config,
        MT5ForConditionalGeneration,
        T5Config,
        T5ForConditionalGeneration,
        T5Tokenizer,
    )

    raw = folder / "spm"
    raw.mkdir(parents=True)
    (raw / "spiece.model").write_bytes(spm_model)
    tokenizer = T5Tokenizer.from_pretrained(raw, extra_ids=0, model_max_length=TINY_MAX_INPUT)
    generation = {k: config.pop(k) for k in ("no_repeat_ngram_size",) if k in config}
    config_class, model_class = (
        (MT5Config, MT5ForConditionalGeneration)
        if kind == "mt5"
        else (T5Config, T5ForConditionalGeneration)
    )
    torch.manual_seed(0)
    model = model_class(config_class(vocab_size=len(tokenizer), **TINY_T5_SHAPE, **config))
    model.generation_config = GenerationConfig(
        max_length=20,
        min_length=6,
        num_beams=1,
        **generation,
        decoder_start_token_id=0,
        eos_token_id=1,
        pad_token_id=0,
        suppress_tokens=_suppress(tokenizer, keep={1}),
    )
    out = folder / "model"
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def build_tiny_t5(folder: Path) -> Path:
    spm_model = _sentencepiece(600, _corpus(), pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    return _t5_family(folder, "t5", spm_model)


def _multilingual_corpus() -> Iterator[str]:
    from tests.multilingual import corpus

    yield from corpus()
    yield from _corpus()


def _sentencepiece(vocab_size: int, sentences: Iterator[str], **ids: int) -> bytes:
    """A SentencePiece model trained on ``sentences``."""
    import sentencepiece as spm

    model_file = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=sentences,
        model_writer=model_file,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        minloglevel=2,
        **ids,
    )
    return model_file.getvalue()


def build_tiny_mt5(folder: Path) -> Path:
    """An mT5 (the architecture of csebuetnlp/mT5_multilingual_XLSum), saved as one is."""
    spm_model = _sentencepiece(700, _multilingual_corpus(), pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    return _t5_family(folder, "mt5", spm_model, tie_word_embeddings=False, no_repeat_ngram_size=2)


def _marian_tokenizer(folder: Path) -> Any:
    """The tokenizer of the tiny MarianMT models, as opus-mt ships one: one SentencePiece
    model for both sides, ``vocab.json``, ``<pad>`` the last id."""
    import json

    import sentencepiece as spm
    from transformers import MarianTokenizer

    raw = folder / "spm"
    raw.mkdir(parents=True)
    spm_bytes = _sentencepiece(
        600, _multilingual_corpus(), eos_id=0, unk_id=1, bos_id=-1, pad_id=-1
    )
    for name in ("source.spm", "target.spm"):
        (raw / name).write_bytes(spm_bytes)
    pieces = spm.SentencePieceProcessor(model_proto=spm_bytes)
    vocab = {pieces.id_to_piece(i): i for i in range(pieces.get_piece_size())}
    vocab["<pad>"] = len(vocab)
    (raw / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    return MarianTokenizer(
        str(raw / "source.spm"),
        str(raw / "target.spm"),
        str(raw / "vocab.json"),
        model_max_length=TINY_MAX_INPUT,
    )


def _marian(tokenizer: Any, **config: Any) -> Any:
    """A MarianMT model with random weights for ``tokenizer``, shaped by ``config``."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    pad = tokenizer.pad_token_id
    shape: dict[str, Any] = {
        "d_model": 32,
        "encoder_layers": 2,
        "decoder_layers": 1,
        "encoder_attention_heads": 2,
        "decoder_attention_heads": 2,
        "encoder_ffn_dim": 64,
        "decoder_ffn_dim": 64,
        "init_std": 0.5,
    }
    torch.manual_seed(0)
    model = MarianMTModel(
        MarianConfig(
            vocab_size=pad + 1,
            decoder_vocab_size=pad + 1,
            max_position_embeddings=TINY_MAX_INPUT,
            pad_token_id=pad,
            eos_token_id=0,
            decoder_start_token_id=pad,
            forced_eos_token_id=0,
            scale_embedding=True,
            **(shape | config),
        )
    )
    model.generation_config = GenerationConfig(
        max_length=32,
        num_beams=1,
        no_repeat_ngram_size=2,  # random weights: fewer loops of one word
        decoder_start_token_id=pad,
        eos_token_id=0,
        pad_token_id=pad,
        forced_eos_token_id=0,
        bad_words_ids=[[pad]],
    )
    return model


def build_tiny_marian(folder: Path) -> Path:
    """A MarianMT model (the architecture of Helsinki-NLP/opus-mt-*) with its tokenizer."""
    tokenizer = _marian_tokenizer(folder)
    out = folder / "model"
    _marian(tokenizer).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def train_tiny_marian(folder: Path, pairs: list[tuple[str, str]], steps: int = 400) -> Path:
    """A tiny MarianMT model that translates each ``(source, target)`` of ``pairs``: trained
    (seeded, at most ``steps`` steps) until greedy decoding gives back every target, the
    way briefgen runs it (the saved generation settings). Memorisation, not translation:
    enough to follow an article through a run that translates it."""
    import torch

    tokenizer = _marian_tokenizer(folder)
    model = _marian(
        tokenizer,
        d_model=64,
        encoder_layers=1,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        init_std=0.02,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
    )
    model.generation_config.update(max_length=TINY_MAX_INPUT // 2, no_repeat_ngram_size=0)
    sources, targets = [s for s, _ in pairs], [t for _, t in pairs]
    batch = tokenizer(sources, text_target=targets, return_tensors="pt", padding=True)
    labels = batch.pop("labels")
    labels[labels == tokenizer.pad_token_id] = -100  # padding is not learnt
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    for step in range(1, steps + 1):
        model.train()
        loss = model(**batch, labels=labels).loss
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        with torch.no_grad():  # opus-mt's <pad> row is zero: the decoder starts from it,
            model.model.shared.weight[tokenizer.pad_token_id] = 0  # CTranslate2 from zeros
        if step % 20 == 0 and loss.item() < 1.0 and _decodes(model, tokenizer, sources) == targets:
            break
    else:
        raise AssertionError(f"the tiny Marian model did not learn its {len(pairs)} pairs")
    out = folder / "model"
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def _decodes(model: Any, tokenizer: Any, sources: list[str]) -> list[str]:
    """Greedy translations of ``sources`` by ``model`` with its own generation settings."""
    import torch

    model.eval()
    with torch.no_grad():
        out = model.generate(**tokenizer(sources, return_tensors="pt", padding=True))
    decoded: list[str] = tokenizer.batch_decode(out, skip_special_tokens=True)
    return decoded


@pytest.fixture(scope="session")
def tiny_mt5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_mt5(tmp_path_factory.mktemp("tiny-mt5"))


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_bart(tmp_path_factory.mktemp("tiny-bart"))


@pytest.fixture(scope="session")
def tiny_t5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_t5(tmp_path_factory.mktemp("tiny-t5"))


@pytest.fixture(params=["bart", "t5"])
def tiny_model(request: pytest.FixtureRequest) -> Path:
    path: Path = request.getfixturevalue(f"tiny_{request.param}")
    return path


SLOW_MODULES = {"test_unattended", "test_batch", "test_ct2", "test_fast_paths", "test_epub"}
SLOW_MODULES |= {"test_faithfulness_calibrate", "test_quotes_scale", "test_disk_faults"}
SLOW_MODULES |= {
    "test_delivery_faults",
    "test_fault_campaign",
    "test_hostile_network",
    "test_hostile_web",
}
"""Test modules that start processes (crash and cron runs, Ray, the --help probes, epubcheck,
the benchmarks' calibration, resource-limited children, servers that trickle or send bombs),
mount disks, walk every SMTP
failure point or convert models: `make test-fast` (``-m "not slow"``) leaves them out."""
MODEL_FIXTURES = {"tiny_bart", "tiny_t5", "tiny_model", "tiny_mt5", "tiny_marian"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark slow what starts processes or runs a model (see ``SLOW_MODULES``)."""
    for item in items:
        module = item.module.__name__.rpartition(".")[2] if item.module else ""
        fixtures = set(getattr(item, "fixturenames", ()))
        if module in SLOW_MODULES or fixtures & MODEL_FIXTURES:
            item.add_marker(pytest.mark.slow)
