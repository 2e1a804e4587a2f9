"""The CTranslate2 engine on the tiny BART and T5 checkpoints: parity, caching, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ctranslate2", reason="CTranslate2 is not installed (pip install ctranslate2)")

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.document import Article
from briefgen.ingest import read_sources
from briefgen.summarise import ct2
from briefgen.summarise.abstractive import AbstractiveEngine
from briefgen.summarise.base import Length
from briefgen.summarise.ct2 import Ct2Engine, ct2_available, load_ct2_engine
from briefgen.summarise.model import Seq2SeqModel, load_model

from .conftest import ROOT, SAMPLES


def _samples() -> list[Article]:
    return read_sources([str(SAMPLES)]).articles


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ct2-cache")


def test_ct2_is_available() -> None:
    assert ct2_available()


TIE = 1e-4  # logits closer than this are a tie that float32 rounding may break either way


class _Scores:
    """What the transformers model's ``generate`` calls wrote, with each step's scores.

    The tie check must look at the very run that wrote the reference output: the
    reference engine generates in padded batches, and padding moves logits by float32
    rounding (about 1e-6), which can break an exact tie one way in a batch and the other
    way alone. So ``generate`` is wrapped while the reference runs, and every input row is
    recorded with its output ids and the scores of every step.
    """

    def __init__(self, loaded: Seq2SeqModel) -> None:
        self.net = loaded.model
        self.rows: dict[tuple[int, ...], tuple[list[int], list[Any]]] = {}
        self.settings: dict[str, dict[str, Any]] = {}  # each text's generation settings

    def __enter__(self) -> _Scores:
        original = self.net.generate

        def generate(**kwargs: Any) -> Any:
            out = original(**kwargs, output_scores=True, return_dict_in_generate=True)
            for row, (ids, mask) in enumerate(
                zip(kwargs["input_ids"], kwargs["attention_mask"], strict=True)
            ):
                key = tuple(ids[mask.bool()].tolist())
                steps = [step[row] for step in out.scores]
                self.rows[key] = (out.sequences[row].tolist()[1:], steps)  # no start token
            return out.sequences

        self.net.generate = generate
        return self

    def __exit__(self, *exc: object) -> None:
        del self.net.generate  # the class's own method again


def _divergence_is_a_tie(
    loaded: Seq2SeqModel, engine: Ct2Engine, text: str, scores: _Scores
) -> bool:
    """Whether the recorded transformers output for ``text`` and the CT2 engine's greedy
    output part at a step where the transformers run's top logits tie."""
    tok = loaded.tokenizer
    ids = tok(loaded.prefix + text, truncation=True, max_length=loaded.max_input)["input_ids"]
    hf_ids, steps = scores.rows[tuple(ids)]
    settings = scores.settings[text]
    source = [tok.convert_ids_to_tokens(ids)]
    bos = engine.generation_defaults.get("forced_bos_token_id")
    prefix = [[tok.convert_ids_to_tokens(bos)]] if bos is not None else None
    options = {**engine.options(settings), "max_batch_size": 1}
    [result] = engine.translator.translate_batch(source, prefix, **options)
    ct_ids = tok.convert_tokens_to_ids(result.hypotheses[0])
    # where CT2's output ends, its next token is the end token
    ct_ids = [*ct_ids, tok.eos_token_id]
    step = next(i for i, (a, b) in enumerate(zip(hf_ids, ct_ids, strict=False)) if a != b)
    return abs(float(steps[step][hf_ids[step]] - steps[step][ct_ids[step]])) < TIE


def _reference(
    loaded: Seq2SeqModel, batch_size: int = 3
) -> tuple[AbstractiveEngine, list[tuple[list[str], dict[str, Any], list[str]]]]:
    """The transformers engine, its ``generate`` calls traced into the returned list."""
    reference_engine = AbstractiveEngine(loaded, batch_size=batch_size)
    calls: list[tuple[list[str], dict[str, Any], list[str]]] = []
    forward = reference_engine.generate

    def traced(texts: Sequence[str], settings: dict[str, Any]) -> list[str]:
        out = forward(texts, settings)
        calls.append((list(texts), dict(settings), out))
        return out

    reference_engine.generate = traced  # type: ignore[method-assign]
    return reference_engine, calls


def _assert_parity(
    loaded: Seq2SeqModel, engine: Ct2Engine, articles: list[Article], length: Length
) -> None:
    """The CT2 engine's greedy outputs equal the transformers engine's.

    Every ``generate`` call of the transformers engine is replayed on the CT2 engine with
    the same inputs; an output may differ only where the transformers run's two best
    logits tie (seen once in ~200 generations: 8.8883219 against 8.8883209), and where no
    output differs the final summaries must be identical too.
    """
    reference_engine, calls = _reference(loaded)
    with _Scores(loaded) as scores:
        reference = reference_engine.summarise(articles, length)
    scores.settings = {t: settings for texts, settings, _ in calls for t in texts}
    generations = ties = 0
    for texts, settings, expected in calls:
        got = engine.generate(texts, settings)
        for text, want, have in zip(texts, expected, got, strict=True):
            generations += 1
            if want != have:
                assert _divergence_is_a_tie(loaded, engine, text, scores), (want, have)
                ties += 1
    assert ties <= max(1, generations // 20)
    summaries = engine.summarise(articles, length)
    assert all(s.engine == "ct2" and s.model == loaded.model_id for s in summaries)
    # same chunking and map-reduce, same settings recorded
    assert [(s.chunks, s.map_reduced, s.settings) for s in summaries] == [
        (s.chunks, s.map_reduced, s.settings) for s in reference
    ]
    if ties == 0:
        assert [s.text for s in summaries] == [s.text for s in reference]


def test_greedy_float32_output_equals_the_transformers_engine(
    tiny_model: Path, cache: Path
) -> None:
    articles = _samples()
    loaded = load_model(str(tiny_model))
    assert loaded.base_generation["num_beams"] == 1  # greedy
    engine = load_ct2_engine(loaded, quantize="float32", batch_size=3, cache_dir=cache)
    _assert_parity(loaded, engine, articles, "medium")
    summaries = engine.summarise(articles)
    assert any(s.map_reduced for s in summaries) and len({s.text for s in summaries}) > 1


@pytest.mark.parametrize("length", ["short", "long"])
def test_parity_holds_for_other_lengths_forced_tokens_and_new_token_limits(
    tiny_bart: Path, cache: Path, length: Length
) -> None:
    articles = _samples()[:4]
    loaded = load_model(str(tiny_bart))
    generation = loaded.model.generation_config
    generation.forced_bos_token_id = 0  # as distilbart-cnn's checkpoint does
    generation.forced_eos_token_id = 2
    generation.suppress_tokens = [t for t in generation.suppress_tokens if t != 0]
    engine = load_ct2_engine(loaded, quantize="float32", cache_dir=cache)
    assert engine.generation_defaults["forced_bos_token_id"] == 0
    _assert_parity(loaded, engine, articles, length)

    texts = [a.text[:300] for a in articles]
    fixed = {"num_beams": 1, "min_new_tokens": 9, "max_new_tokens": 9}
    got = engine.generate(texts, fixed)
    with _Scores(loaded) as scores:
        want = AbstractiveEngine(loaded).generate(texts, fixed)
    scores.settings = dict.fromkeys(texts, fixed)
    for text, a, b in zip(texts, want, got, strict=True):
        assert a == b or _divergence_is_a_tie(loaded, engine, text, scores)


def test_generation_settings_map_to_translate_batch_options(tiny_bart: Path, cache: Path) -> None:
    engine = load_ct2_engine(str(tiny_bart), quantize="float32", cache_dir=cache)
    tok = engine.model.tokenizer
    opts = engine.options(
        {
            "num_beams": 4,
            "length_penalty": 2.0,
            "no_repeat_ngram_size": 3,
            "min_length": 56,
            "max_length": 142,
            "early_stopping": True,
            "forced_eos_token_id": 2,
        }
    )
    assert opts["beam_size"] == 4 and opts["length_penalty"] == 2.0
    assert opts["no_repeat_ngram_size"] == 3 and opts["patience"] == 1.0
    # HF counts the decoder start token; the forced end token takes the last step
    assert (opts["min_decoding_length"], opts["max_decoding_length"]) == (55, 140)
    assert opts["max_input_length"] == 0
    # the checkpoint's suppress_tokens become one-token suppressed sequences
    suppressed = engine.generation_defaults["suppress_tokens"]
    assert opts["suppress_sequences"] == [[tok.convert_ids_to_tokens(i)] for i in suppressed]
    new = engine.options({"min_new_tokens": 60, "max_new_tokens": 60})
    assert (new["min_decoding_length"], new["max_decoding_length"]) == (60, 60)


def test_int8_runs_and_has_its_own_cache_entry(tiny_t5: Path, cache: Path) -> None:
    articles = _samples()[:3]
    f32 = load_ct2_engine(str(tiny_t5), quantize="float32", cache_dir=cache)
    int8 = load_ct2_engine(str(tiny_t5), quantize="int8", cache_dir=cache)
    assert f32.model_dir != int8.model_dir and int8.quantize == "int8"
    summaries = int8.summarise(articles)
    assert [s.article_id for s in summaries] == [a.id for a in articles]
    assert all(s.text and s.engine == "ct2" for s in summaries)


def test_conversion_is_cached_and_a_cached_model_needs_no_torch(
    tiny_model: Path, tmp_path: Path
) -> None:
    first = load_ct2_engine(str(tiny_model), quantize="float32", cache_dir=tmp_path)
    assert (first.model_dir / "model.bin").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [first.model_dir.name]  # no temp folders
    assert first.model.model is None  # the engine keeps no torch weights

    # a fresh process finds the conversion and never imports torch (nor converts again)
    probe = "\n".join(
        [
            "import json, sys",
            "from pathlib import Path",
            "from briefgen.ingest import read_sources",
            "from briefgen.summarise.ct2 import load_ct2_engine",
            f"e = load_ct2_engine({str(tiny_model)!r}, quantize='float32',",
            f"                    cache_dir=Path({str(tmp_path)!r}))",
            f"articles = read_sources([{str(SAMPLES)!r}]).articles[:2]",
            "print(json.dumps({'dir': str(e.model_dir), 'torch': 'torch' in sys.modules,",
            "    'prefix': e.model.prefix, 'max_input': e.model.max_input,",
            "    'summary': e.summarise(articles)[1].text}))",
        ]
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["dir"] == str(first.model_dir) and not seen["torch"]
    assert [p.name for p in tmp_path.iterdir()] == [first.model_dir.name]
    assert (seen["prefix"], seen["max_input"]) == (first.model.prefix, first.model.max_input)
    assert seen["summary"] == first.summarise(_samples()[:2])[1].text


def test_the_light_tokenizer_is_the_one_transformers_loads(tiny_model: Path, cache: Path) -> None:
    from transformers import AutoTokenizer

    engine = load_ct2_engine(str(tiny_model), quantize="float32", cache_dir=cache)
    light, full = engine.model.tokenizer, AutoTokenizer.from_pretrained(tiny_model)
    texts = [a.text for a in _samples()] + ["Odd “quotes” — 3.5% <b>tags</b> é ü 日本 \x00"]
    a = light(texts, truncation=True, max_length=engine.model.max_input)["input_ids"]
    b = full(texts, truncation=True, max_length=engine.model.max_input)["input_ids"]
    assert a == b
    assert light.batch_decode(a, skip_special_tokens=True) == full.batch_decode(
        b, skip_special_tokens=True
    )
    assert light.all_special_tokens == full.all_special_tokens
    assert light.model_max_length == full.model_max_length


def test_changed_weights_get_a_new_conversion(tiny_bart: Path, tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(tiny_bart, copy)
    cache = tmp_path / "cache"
    before = load_ct2_engine(str(copy), quantize="float32", cache_dir=cache).model_dir
    weights = copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes())  # same bytes, new mtime: treat as changed
    after = load_ct2_engine(str(copy), quantize="float32", cache_dir=cache).model_dir
    assert before != after


def test_unconvertible_model_raises_model_unavailable(tiny_bart: Path, tmp_path: Path) -> None:
    import torch
    from transformers import AutoTokenizer, PLBartConfig, PLBartForConditionalGeneration

    tokenizer = AutoTokenizer.from_pretrained(tiny_bart)
    config = PLBartConfig(
        vocab_size=len(tokenizer),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=128,
    )
    torch.manual_seed(0)
    folder = tmp_path / "plbart"
    PLBartForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    loaded = load_model(str(folder))
    with pytest.raises(BriefgenError) as info:
        load_ct2_engine(loaded, cache_dir=tmp_path / "cache")
    assert info.value.code == ExitCode.MODEL_UNAVAILABLE
    assert "CTranslate2 cannot convert" in info.value.message
    assert "--engine abstractive" in info.value.message
    assert not any((tmp_path / "cache").iterdir())  # nothing half-written left behind


def test_bad_quantisation_and_missing_model_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(BriefgenError) as info:
        load_ct2_engine("anything", quantize="int3", cache_dir=tmp_path)
    assert info.value.code == ExitCode.USAGE and "int8" in info.value.message
    with pytest.raises(BriefgenError) as info:
        load_ct2_engine(str(tmp_path / "no-model"), cache_dir=tmp_path)
    assert info.value.code == ExitCode.MODEL_UNAVAILABLE


def test_engine_satisfies_the_protocol(tiny_t5: Path, cache: Path) -> None:
    from briefgen.summarise import Engine

    engine: Engine = load_ct2_engine(str(tiny_t5), quantize="float32", cache_dir=cache)
    assert isinstance(engine, Ct2Engine) and engine.name == "ct2"
    assert engine.model_id == str(tiny_t5)
    assert engine.generate([], {}) == []
    done: list[int] = []
    engine.summarise(_samples()[:2], progress=done.append)
    assert sum(done) == 2
    assert isinstance(engine.model, Seq2SeqModel)


def test_threads_are_shared_out_as_side_by_side_batches() -> None:
    assert ct2.thread_layout(1) == (1, 1)
    assert ct2.thread_layout(2) == (2, 1)
    assert ct2.thread_layout(4) == (4, 1)
    assert ct2.thread_layout(8) == (4, 2)
    assert ct2.thread_layout(16) == (4, 4)
    workers, per_worker = ct2.thread_layout(0)
    assert workers * per_worker <= ct2.default_threads()


def test_side_by_side_workers_write_the_same_summaries_as_one(tiny_bart: Path, cache: Path) -> None:
    articles = _samples()
    loaded = load_model(str(tiny_bart))
    one = load_ct2_engine(loaded, quantize="float32", threads=1, cache_dir=cache)
    two = load_ct2_engine(loaded, quantize="float32", threads=2, workers=2, cache_dir=cache)
    assert (one.workers, two.workers) == (1, 2)
    assert [s.text for s in two.summarise(articles)] == [s.text for s in one.summarise(articles)]


def test_buckets_keep_similar_lengths_together() -> None:
    lengths = [512, 95, 498, 97, 205, 489, 492]
    assert ct2.buckets(lengths, 4, 0.0) == [[0, 2, 6, 5], [4, 3, 1]]  # sorted, fixed size
    # a batch ends where the next input is under 0.8 of its longest
    assert ct2.buckets(lengths, 4, 0.8) == [[0, 2, 6, 5], [4], [3, 1]]
    assert ct2.buckets([], 4, 0.8) == []
    assert sorted(i for g in ct2.buckets(lengths, 2, 0.5) for i in g) == list(range(7))


def test_bucketed_batches_write_the_same_summaries(tiny_model: Path, cache: Path) -> None:
    articles = _samples()
    loaded = load_model(str(tiny_model))
    plain = load_ct2_engine(loaded, quantize="float32", threads=2, cache_dir=cache, bucket=0)
    bucketed = load_ct2_engine(loaded, quantize="float32", threads=2, cache_dir=cache, bucket=0.9)
    assert bucketed.bucket == 0.9
    want = [s.text for s in plain.summarise(articles)]
    assert [s.text for s in bucketed.summarise(articles)] == want
