"""Corpus mode at scale: articles per minute, local executor against Ray with 1 and 2 actors.

Usage: python benchmarks/scale.py [--articles N] [--model-articles N] [--quick]
       python benchmarks/scale.py --build 1000,3000,10000 [--rounds 2]

For each engine, the same corpus (``../shared/eval/articles``, written as one JSON Lines
file) goes through ``briefgen.app.batch.run_batch``:

* ``local``: the in-process executor (the model may use every core);
* ``ray, 1 actor`` and ``ray, 2 actors``: a local Ray cluster (127.0.0.1, no dashboard)
  already running, an actor per CPU (one thread each); the cluster's start is timed apart;
* ``ray, cold``: one run that starts and stops its own cluster, as ``briefgen batch
  --executor ray`` does with no ``--ray-address`` (what a one-off run pays).

Engines: ``extractive`` (no model: what Ray itself costs) and ``t5-small`` (real
architecture, random weights from ``../shared/models``, as in ``benchmarks/speed.py``; the
``ct2`` engine, int8, ``--length short``), when that folder is there. No summaries cache,
so every run does all the work. Prints a table; writes ``benchmarks/results/scale.json``.

``--ray-fit SMALL,LARGE``: instead, the extractive rows at two sizes and, for each
executor, the line through them: its fixed cost per run and its cost per article
(``benchmarks/results/scale-ray-fit.json``).

``--build SIZES``: instead, ``briefgen build`` (extractive, JSON, no cache) on corpora of
those sizes generated from the BBC articles (``benchmarks/mixcorpus.py``), each run a fresh
process, the sizes interleaved (``benchmarks/scale_build.py``): wall, per article, peak RSS,
stories and headlines, the related reports shown, and per stage (``render`` included), as
ratios to the first size. ``--format json,pdf`` adds the PDF's pages; ``--max-headlines N``
and ``--max-related N`` set those settings (0: every headline listed, every related report
in full, as before they existed). Writes ``benchmarks/results/scale-build.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from speed import MODELS, article_paths, build_model, default_cache  # noqa: E402

WAVE = 8  # articles per batch (and per Ray block): small corpora still keep 2 actors busy


def write_corpus(n: int, folder: Path) -> Path:
    path = folder / f"corpus-{n}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i, source in enumerate(article_paths(n)):
            title, _, body = source.read_text(encoding="utf-8").strip().partition("\n")
            # a repeated file is a new article: a number keeps its text (and id) its own
            text = f"{body.strip()}\n\n(Item {i}.)"
            out.write(json.dumps({"title": title.strip(), "text": text}) + "\n")
    return path


def run(corpus: Path, out: Path, settings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    from briefgen.app.batch import run_batch
    from briefgen.settings.options import BuildOptions

    actors = extra.pop("actors", 0)
    from briefgen.corpus.ray_executor import Resources

    options = BuildOptions(sources=[str(corpus)], cache_dir=None, wave=WAVE, **settings, **extra)
    start = time.perf_counter()
    result = run_batch(options, out, resources=Resources(actors=actors))
    seconds = time.perf_counter() - start
    ok = result.tally.statuses["ok"]
    return {"seconds": round(seconds, 2), "ok": ok, "per_min": round(ok / seconds * 60, 1)}


def bench(corpus: Path, tmp: Path, settings: dict[str, Any]) -> dict[str, Any]:
    import ray

    from briefgen.corpus.ray_executor import ray_session

    results: dict[str, Any] = {}
    results["local"] = run(corpus, tmp / "local.jsonl", settings)
    results["ray_cold"] = run(corpus, tmp / "cold.jsonl", settings, executor="ray", actors=2)
    start = time.perf_counter()
    ray.init(address="local", include_dashboard=False, _node_ip_address="127.0.0.1")
    results["cluster_start_s"] = round(time.perf_counter() - start, 2)
    try:
        with ray_session():
            for n in (1, 2):
                out = tmp / f"ray-{n}.jsonl"
                results[f"ray_{n}"] = run(corpus, out, settings, executor="ray", actors=n)
    finally:
        ray.shutdown()
    local = (tmp / "local.jsonl").read_text(encoding="utf-8")
    results["same_records"] = all(
        (tmp / name).read_text(encoding="utf-8") == local
        for name in ("cold.jsonl", "ray-1.jsonl", "ray-2.jsonl")
    )
    return results


def table(all_results: dict[str, Any]) -> str:
    rows = ["| engine | articles | executor | wall s | articles/min | vs local |"]
    rows.append("| --- | --- | --- | --- | --- | --- |")
    names = {
        "local": "local (in-process)",
        "ray_1": "ray, 1 actor (cluster up)",
        "ray_2": "ray, 2 actors (cluster up)",
        "ray_cold": "ray, 2 actors, cluster started for the run",
    }
    for engine, results in all_results.items():
        base = results["local"]["per_min"]
        for key, label in names.items():
            r = results[key]
            ratio = r["per_min"] / base if base else 0.0
            rows.append(
                f"| {engine} | {r['ok']} | {label} | {r['seconds']:.1f} | {r['per_min']:.1f} "
                f"| {ratio:.2f}× |"
            )
        rows.append(f"| {engine} | | cluster start alone | {results['cluster_start_s']:.1f} | | |")
    return "\n".join(rows)


def ray_fit(sizes: list[int]) -> int:
    """Extractive work at two corpus sizes through each executor: a line through the two
    walls gives each executor's fixed cost per run and its cost per article."""
    small, large = sizes
    load = os.getloadavg()
    walls: dict[str, dict[int, float]] = {}
    with tempfile.TemporaryDirectory(prefix="briefgen-scale-fit-") as name:
        tmp = Path(name)
        for n in (small, large):
            got = bench(write_corpus(n, tmp), tmp, {"engine": "extractive"})
            print(f"  {n} articles: {got}", flush=True)
            for key in ("local", "ray_1", "ray_2", "ray_cold"):
                walls.setdefault(key, {})[n] = got[key]["seconds"]
            walls.setdefault("cluster_start", {})[n] = got["cluster_start_s"]
    print(f"extractive, {small} and {large} articles; load average at the start {load[0]:.1f}")
    print("| executor | fixed s per run | ms per article | per article vs local |")
    print("| --- | --- | --- | --- |")
    local_per = (walls["local"][large] - walls["local"][small]) / (large - small)
    fits = {}
    for key, label in (
        ("local", "local (in-process)"),
        ("ray_1", "ray, 1 actor (cluster up)"),
        ("ray_2", "ray, 2 actors (cluster up)"),
        ("ray_cold", "ray, 2 actors, cluster started for the run"),
    ):
        per = (walls[key][large] - walls[key][small]) / (large - small)
        fixed = walls[key][small] - per * small
        fits[key] = {"fixed_s": fixed, "per_article_ms": per * 1000, "walls": walls[key]}
        print(f"| {label} | {fixed:.1f} | {per * 1000:.1f} | {per / local_per:.2f}× |")
    starts = ", ".join(f"{v:.1f}" for v in walls["cluster_start"].values())
    print(f"cluster start alone: {starts} s")
    out = ROOT / "benchmarks" / "results" / "scale-ray-fit.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"load_average_start": load, "fits": fits}, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


def build_rows(sizes: list[int], rounds: int, formats: str, caps: dict[str, int]) -> int:
    from scale_build import rows, table

    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="briefgen-scale-build-") as name:
        result = rows(sizes, rounds, Path(name), formats, caps)
    end = os.getloadavg()
    named = ", ".join(f"{k} {caps.get(k, 'default')}" for k in ("max_headlines", "max_related"))
    print(f"formats {formats}, {named}; load average {load[0]:.1f} at the start, {end[0]:.1f} end")
    print(table(result))
    out = ROOT / "benchmarks" / "results" / "scale-build.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "cores": os.cpu_count(),
        "formats": formats,
        "max_headlines": caps.get("max_headlines", "default"),
        "max_related": caps.get("max_related", "default"),
        "load_average_start": load,
        "load_average_end": end,
        "rows": {str(n): r for n, r in result.items()},
    }
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="extractive corpus size")
    parser.add_argument("--model-articles", type=int, default=40, help="t5-small corpus size")
    parser.add_argument("--quick", action="store_true", help="20 and 6 articles")
    parser.add_argument("--build", default="", help="build rows at these sizes: 1000,3000")
    parser.add_argument(
        "--ray-fit",
        default="",
        help="two sizes, e.g. 100,800: each executor's fixed cost per run and cost per "
        "article for extractive work",
    )
    parser.add_argument("--rounds", type=int, default=2, help="runs per build size")
    parser.add_argument("--format", default="json", help="build rows' formats (json)")
    parser.add_argument(
        "--max-headlines", type=int, default=None, help="build rows' max_headlines (default)"
    )
    parser.add_argument(
        "--max-related", type=int, default=None, help="build rows' max_related (default)"
    )
    args = parser.parse_args()
    if args.ray_fit:
        return ray_fit([int(n) for n in args.ray_fit.split(",")])
    if args.build:
        sizes = [int(n) for n in args.build.split(",")]
        caps = {
            k: v
            for k, v in (("max_headlines", args.max_headlines), ("max_related", args.max_related))
            if v is not None
        }
        return build_rows(sizes, args.rounds, args.format, caps)
    if args.quick:
        args.articles, args.model_articles = 20, 6
    results: dict[str, Any] = {"cores": os.cpu_count()}
    engines: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="briefgen-scale-") as name:
        tmp = Path(name)
        corpus = write_corpus(args.articles, tmp)
        engines["extractive"] = bench(corpus, tmp, {"engine": "extractive"})
        if (MODELS / "t5-small").is_dir():
            model = build_model("t5-small", default_cache())
            settings = {"engine": "ct2", "model": str(model), "length": "short"}
            warm = write_corpus(2, tmp)
            run(warm, tmp / "warm.jsonl", settings)  # converts the model once, uncounted
            engines["t5-small ct2 int8"] = bench(
                write_corpus(args.model_articles, tmp), tmp, settings
            )
    results["engines"] = engines
    print(table(engines))
    print("records identical across executors:", {k: v["same_records"] for k, v in engines.items()})
    out = ROOT / "benchmarks" / "results" / "scale.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
