"""Corpus mode (`briefgen batch`): inputs, records, failures, and the two executors agreeing.

The Ray tests share one local cluster (127.0.0.1, no dashboard, two CPUs), started once for
the module and stopped at its end; each keeps its inputs small.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefgen.app.batch import run_batch
from briefgen.cache import Cache
from briefgen.cli import app
from briefgen.corpus.inputs import split_inputs
from briefgen.corpus.records import RECORD_FIELDS
from briefgen.ingest import read_sources
from briefgen.settings.options import BuildOptions
from tests.conftest import SAMPLES, few_samples


def _corpus(folder: Path, n: int = 4) -> Path:
    """``n`` sample articles as JSON Lines, then a bad line and a too-short article."""
    articles = read_sources([str(p) for p in sorted(SAMPLES.glob("*.md"))]).articles[:n]
    path = folder / "corpus.jsonl"
    lines = [
        json.dumps({"title": a.title, "text": a.text, "source": a.source, "url": a.url})
        for a in articles
    ]
    lines += ["{not json", json.dumps({"title": "short", "text": "too short"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _options(sources: list[str], **changes: Any) -> BuildOptions:
    values: dict[str, Any] = {"engine": "extractive", "cache_dir": None, **changes}
    return BuildOptions(sources=sources, **values)


def _records(path: Path) -> list[dict[str, Any]]:
    files = sorted(path.glob("*.json*")) if path.is_dir() else [path]
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    return [json.loads(line) for line in lines if line.strip()]


def test_plan_splits_corpora_from_other_sources(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.parquet").write_bytes(b"")
    (tmp_path / "c.md").write_text("# c\n")
    (tmp_path / "README.md").write_text("ignored\n")
    plan = split_inputs([str(tmp_path), "https://example.com/feed", str(SAMPLES)])
    assert [Path(c.path).name for c in plan.corpus] == ["a.jsonl", "b.parquet"]
    assert plan.others == [str(tmp_path / "c.md"), "https://example.com/feed", str(SAMPLES)]


def test_local_records_for_every_input(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    corpus = _corpus(tmp_path)
    rows = [json.loads(line) for line in corpus.read_text().splitlines()[:2]]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "more.parquet")
    sources = [str(corpus), str(tmp_path / "more.parquet"), few_samples()[0]]
    result = run_batch(_options(sources), tmp_path / "out.jsonl")
    records = _records(tmp_path / "out.jsonl")
    assert result.tally.total == len(records) == 1 + 6 + 2
    assert all(list(r) == list(RECORD_FIELDS) for r in records)
    by_status = {s: [r for r in records if r["status"] == s] for s in ("ok", "skipped")}
    assert len(by_status["ok"]) == 7 and len(by_status["skipped"]) == 2
    assert {r["origin"].rsplit(":", 1)[-1] for r in by_status["skipped"]} == {"5", "6"}
    assert "invalid JSON" in by_status["skipped"][0]["error"]
    ok = by_status["ok"][0]
    assert ok["summary"] and ok["engine"] == "extractive" and ok["faithfulness"]["mode"] == "warn"
    quotes = [q for r in by_status["ok"] for q in r["quotes"]]
    assert quotes and any(q["speaker"] for q in quotes) and all(q["text"] for q in quotes)
    assert any(r["origin"].endswith("more.parquet:2") for r in records)


def test_a_failing_engine_is_reported_per_record(tmp_path: Path) -> None:
    options = _options(few_samples()[:2], engine="abstractive", model=str(tmp_path / "none"))
    result = run_batch(options, tmp_path / "out.jsonl")
    records = _records(tmp_path / "out.jsonl")
    assert result.tally.statuses["failed"] == len(records) == 2
    assert all(r["error"] and r["summary"] is None for r in records)


def test_cli_batch_writes_records_and_says_so(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, n=2)
    out = tmp_path / "records"
    result = CliRunner().invoke(
        app, ["batch", str(corpus), "--out", str(out), "-e", "extractive", "--no-cache"]
    )
    assert result.exit_code == 10, result.output  # two inputs were skipped
    assert "4 records (2 ok, 2 skipped, 0 failed; extractive; local" in result.output
    assert len(_records(out / "records.jsonl")) == 4


# ---- Ray: one local cluster for the module -------------------------------------------------


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        log_to_driver=False,
    )
    try:
        yield ray
    finally:
        ray.shutdown()


def _both(sources: list[str], tmp_path: Path, **changes: Any) -> tuple[list[Any], list[Any]]:
    from briefgen.corpus.ray_executor import Resources

    run_batch(_options(sources, **changes), tmp_path / "local.jsonl")
    run_batch(
        _options(sources, executor="ray", **changes),
        tmp_path / "ray.jsonl",
        resources=Resources(actors=2),
    )
    return _records(tmp_path / "local.jsonl"), _records(tmp_path / "ray.jsonl")


def test_ray_gives_the_local_records_extractive(ray_cluster: Any, tmp_path: Path) -> None:
    sources = [str(_corpus(tmp_path, n=6)), few_samples()[0]]
    local, on_ray = _both(sources, tmp_path)
    assert len(local) == 9 and local == on_ray  # same records, in the same order
    from briefgen.corpus.ray_executor import Resources

    out = tmp_path / "by-ray"
    result = run_batch(_options(sources, executor="ray"), out, resources=Resources(actors=1))
    assert result.tally.statuses == {"ok": 7, "skipped": 2}
    written = _records(out)  # Ray's own files, one per block
    assert sorted(json.dumps(r, sort_keys=True) for r in written) == sorted(
        json.dumps(r, sort_keys=True) for r in local
    )


def test_ray_gives_the_local_records_tiny_model_and_shares_the_cache(
    ray_cluster: Any, tiny_bart: Path, tmp_path: Path
) -> None:
    from briefgen.corpus.ray_executor import Resources

    cache_dir = tmp_path / "cache"
    sources = few_samples()
    settings = {"engine": "abstractive", "model": str(tiny_bart), "threads": 1}
    run_batch(_options(sources, **settings), tmp_path / "local.jsonl")
    local = _records(tmp_path / "local.jsonl")
    assert [r["status"] for r in local] == ["ok"] * 3
    options = _options(sources, executor="ray", cache_dir=cache_dir, **settings)
    run_batch(options, tmp_path / "ray.jsonl", resources=Resources(actors=2))
    on_ray = _records(tmp_path / "ray.jsonl")
    assert on_ray == local and {r["model"] for r in on_ray} == {str(tiny_bart)}
    # resumable: the actors filled the shared cache, and a later run reads it
    with Cache(cache_dir) as cache:
        assert cache.stats().summaries == 3
    run_batch(_options(sources, cache_dir=cache_dir, **settings), tmp_path / "again.jsonl")
    assert _records(tmp_path / "again.jsonl") == local


def test_ray_summariser_keeps_the_summariser_contract(
    ray_cluster: Any, tiny_bart: Path, tmp_path: Path
) -> None:
    from briefgen.corpus.ray_executor import RaySummariser, Resources
    from briefgen.corpus.stages import StageConfig
    from briefgen.summarise.summariser import Summariser

    articles = read_sources(few_samples()).articles
    from briefgen.settings.options import EngineOptions

    engine = EngineOptions(engine="abstractive", model=str(tiny_bart), threads=1)
    config = StageConfig(engine_options=engine)
    expected = Summariser(config.spec(), None).summarise(articles, lambda n: None)
    done: list[int] = []
    with Cache(tmp_path / "cache") as cache:
        summariser = RaySummariser(config, cache, resources=Resources(actors=1))
        assert summariser.summarise(articles, done.append) == expected
        assert sum(done) == len(articles) and summariser.model_loaded
        again = summariser.summarise(articles, done.append)
        assert again == expected and summariser.cached == len(articles)
        assert not summariser.model_loaded


def test_build_with_the_ray_executor_gives_the_local_briefing(
    ray_cluster: Any, tiny_bart: Path, tmp_path: Path
) -> None:
    from briefgen.app.build import build
    from briefgen.settings.options import BuildOptions

    def briefing(executor: str, name: str) -> list[tuple[str, str]]:
        options = BuildOptions(
            sources=few_samples(),
            out=tmp_path / name,
            formats=["json"],
            engine="abstractive",
            model=str(tiny_bart),
            threads=1,
            executor=executor,
            cache_dir=tmp_path / f"cache-{name}",
        )
        result = build(options)
        assert result.model_loaded
        return [(s.article.title, s.summary.text) for s in result.briefing.stories]

    assert briefing("ray", "ray") == briefing("local", "local")


def test_batch_and_ray_give_each_language_its_model_and_translate(
    ray_cluster: Any, tiny_bart: Path, tiny_mt5: Path, tiny_marian: Path, tmp_path: Path
) -> None:
    """``models`` and ``translate`` in corpus mode, on either executor, as in ``build``: the
    German article translated (then summarised by the English model), the French one, whose
    translation model is not on this machine, summarised by its own checkpoint."""
    from briefgen.corpus.ray_executor import Resources
    from tests.multilingual import SOURCES, write_articles

    sources = [str(write_articles(tmp_path / "in"))]
    settings = {
        "engine": "abstractive",
        "model": str(tiny_bart),
        "models": {"fr": str(tiny_mt5)},
        "translate": True,
        "translation_models": {"de": str(tiny_marian)},
        "languages": ["en", "fr", "de"],
        "threads": 1,
    }
    run_batch(_options(sources, **settings), tmp_path / "local.jsonl")
    local = {r["source"]: r for r in _records(tmp_path / "local.jsonl")}
    english, french, german = (local[SOURCES[code]] for code in ("en", "fr", "de"))
    assert (english["model"], english["translated_from"]) == (str(tiny_bart), "")
    assert (french["model"], french["language"]) == (str(tiny_mt5), "fr")
    assert (german["model"], german["language"], german["translated_from"]) == (
        str(tiny_bart),
        "en",
        "de",
    )
    options = _options(sources, executor="ray", **settings)
    run_batch(options, tmp_path / "ray.jsonl", resources=Resources(actors=1))
    assert _records(tmp_path / "ray.jsonl") == _records(tmp_path / "local.jsonl")
