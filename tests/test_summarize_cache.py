"""`briefgen summarize` on the same path as `build`: the config's cache folder for the
summaries cache and the CTranslate2 conversion, the config's overlap, and a re-run served
from the cache without loading a model."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.app.summarize import summarise_articles
from briefgen.cli import app
from briefgen.document import Article
from briefgen.ingest import read_sources
from briefgen.settings.options import BuildOptions
from briefgen.summarise import resolve_engine
from briefgen.summarise.summariser import Summariser, summary_key

from .conftest import SAMPLES

runner = CliRunner()


def _config(tmp_path: Path, model: Path, **extra: object) -> Path:
    lines = [f'model = "{model}"', f'cache_dir = "{tmp_path / "cache"}"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in extra.items()]
    path = tmp_path / "briefgen.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _zero_out(path: Path) -> None:
    """Overwrite a file with zeros, keeping its size and modification time."""
    stat = path.stat()
    path.write_bytes(bytes(stat.st_size))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _summaries_cached(cache: Path) -> int:
    with sqlite3.connect(cache / "cache.sqlite") as db:
        row = db.execute("SELECT count(*) FROM entries WHERE kind = 'summary'").fetchone()
    return int(row[0])


def test_summarize_uses_the_configs_cache_dir_and_a_rerun_is_cached(
    tmp_path: Path, tiny_bart: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("ctranslate2")
    # BRIEFGEN_CACHE_DIR would win over the config file; the user cache is a temp folder
    monkeypatch.delenv("BRIEFGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    model = tmp_path / "model"
    shutil.copytree(tiny_bart, model)
    config = _config(tmp_path, model, overlap=16)
    sample = str(SAMPLES / "flood-barrier.md")
    args = ["summarize", sample, "--config", str(config), "--json", "--quantize", "float32"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["engine"] == "ct2"
    cache = tmp_path / "cache"
    converted = [p for p in (cache / "ct2").iterdir() if (p / "model.bin").is_file()]
    assert len(converted) == 1  # the conversion went into <cache_dir>/ct2
    assert not (tmp_path / "user-cache").exists()  # and nothing into the user cache
    assert _summaries_cached(cache) == 1

    # break every weights file (same size and time, so the model's fingerprint holds):
    # a run that loaded a model now could not produce this summary
    for weights in [*model.glob("*.safetensors"), *converted[0].glob("model.bin")]:
        _zero_out(weights)
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout) == json.loads(first.stdout)
    # the cached summary is the one made with the config's overlap
    article = read_sources([sample]).articles[0]
    spec = resolve_engine("auto", str(model), quantize="float32", overlap=16)
    other = resolve_engine("auto", str(model), quantize="float32", overlap=0)
    assert summary_key(article, spec, "medium") != summary_key(article, other, "medium")
    with sqlite3.connect(cache / "cache.sqlite") as db:
        keys = {k for (k,) in db.execute("SELECT key FROM entries WHERE kind = 'summary'")}
    assert keys == {summary_key(article, spec, "medium")}


def _articles() -> list[Article]:
    return read_sources([str(SAMPLES)]).articles[:3]


def test_summarize_and_build_share_summaries(tmp_path: Path) -> None:
    """The library function behind `summarize` writes the keys a build reads."""
    articles = _articles()
    options = BuildOptions(engine="extractive", faithfulness="off", cache_dir=tmp_path)
    summaries = summarise_articles(articles, options)
    assert [s.article_id for s in summaries] == [a.id for a in articles]
    assert _summaries_cached(tmp_path) == len(articles)
    from briefgen.cache import Cache

    with Cache(tmp_path) as cache:
        summariser = Summariser(resolve_engine("extractive"), cache)
        again = summariser.summarise(articles, lambda n: None)
    assert summariser.cached == len(articles) and summariser.engine is None
    assert [s.text for s in again] == [s.text for s in summaries]


def test_the_extractive_spec_keys_on_no_model_settings() -> None:
    spec = resolve_engine("extractive", "some/model", quantize="int8", overlap=30)
    assert spec.cache_parts() == {
        "engine": "extractive",
        "model": "",
        "fingerprint": "",
        "quantize": "",
        "overlap": 0,
        "prefix": "",
    }
    abstractive = resolve_engine("abstractive", "briefgen-tests/absent", quantize="int8")
    assert abstractive.cache_parts()["quantize"] == ""  # only ct2 keys on the weight type
    assert not abstractive.cacheable  # a model not on disk: nothing to look up yet


def test_a_fallback_returns_the_spec_it_loaded() -> None:
    spec = resolve_engine("auto", "briefgen-tests/no-such-model")
    loaded = spec.load()
    assert loaded.engine.name == "extractive" and "extractive" in loaded.note
    assert loaded.spec.engine == "extractive" and loaded.spec.cacheable
    assert loaded.spec.cache_parts() != spec.cache_parts()


def test_the_first_wave_is_small_and_cached_before_the_rest_are_made(tmp_path: Path) -> None:
    from briefgen.cache import Cache
    from briefgen.summarise.summariser import FIRST_WAVE, waves

    articles = read_sources([str(SAMPLES)]).articles
    assert len(articles) > FIRST_WAVE + 1
    assert [len(w) for w in waves(articles[:10], 3)] == [3, 2, 2, 3]
    assert [len(w) for w in waves(articles[:10], 32)] == [FIRST_WAVE, 10 - FIRST_WAVE]
    assert [len(w) for w in waves(articles[:4], 32)] == [4]
    assert waves([], 32) == []
    with Cache(tmp_path) as cache:
        summariser = Summariser(resolve_engine("extractive"), cache)
        keys = [summary_key(a, summariser.spec, "medium") for a in articles]
        cached_when_done: list[int] = []  # summaries in the cache as each article is done

        def progress(n: int) -> None:
            cached_when_done.append(len(cache.get_summaries(keys)))

        summariser.summarise(articles, progress)
    # the first wave was in the cache while the next article was being summarised
    assert cached_when_done[: FIRST_WAVE + 1] == [0] * FIRST_WAVE + [FIRST_WAVE]
    assert len(cached_when_done) == len(articles)


def test_missing_articles_go_shortest_first_and_come_back_in_input_order(tmp_path: Path) -> None:
    from briefgen.cache import Cache
    from briefgen.summarise.summariser import FIRST_WAVE

    articles = read_sources([str(SAMPLES)]).articles
    shortest = sorted(articles, key=lambda a: len(a.text))[:FIRST_WAVE]
    assert shortest != articles[:FIRST_WAVE]  # the input order is not already by length
    with Cache(tmp_path) as cache:
        summariser = Summariser(resolve_engine("extractive"), cache)
        by_key = {summary_key(a, summariser.spec, "medium"): a.id for a in articles}
        first_cached: list[set[str]] = []  # the articles in the cache once any is

        def progress(n: int) -> None:
            got = cache.get_summaries(by_key)
            if got and not first_cached:
                first_cached.append({by_key[k] for k in got})

        summaries = summariser.summarise(articles, progress)
    assert first_cached == [{a.id for a in shortest}]
    assert [s.article_id for s in summaries] == [a.id for a in articles]
