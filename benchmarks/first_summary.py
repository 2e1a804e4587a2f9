"""Time to the first cached summary with a model, and throughput: how the waves are made.

Usage: python benchmarks/first_summary.py [--articles N] [--rounds R]

t5-small with random weights (``../shared/models``, as in ``benchmarks/speed.py``), the
``ct2`` engine, int8, ``--length short``, waves of 32; a fresh summaries cache each run. Three
settings of ``briefgen.summarise.summariser``, interleaved: ``FIRST_WAVE = 32`` in input
order (before issue 28: at 40 articles the waves are 32 and 8), ``FIRST_WAVE = 8`` in input
order (the first change) and ``FIRST_WAVE = 8`` with ``SHORTEST_FIRST`` (now). Each round
runs every setting once, the order rotated from round to round, so that no setting always
runs first (the machine may be shared, and a run may leave it warmer or busier). For each:
the model's load, the time from the start to the first progress report and to the first
summary in the cache as another connection sees it (polled every 0.1 s; and from the model's
load), and articles per minute over the whole run. Last, the ratios of each later setting to
the one before issue 28, per round and their median: the time to the first cached summary
and the throughput (above 1.00x: more articles a minute), and the CPU time the run took
(below 1.00x: less work; on a loaded machine the wall clock measures the other jobs as much
as the run, the CPU time much less so). The load average is printed with every run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from speed import MODELS, article_paths, build_model, default_cache  # noqa: E402

from briefgen.cache import Cache  # noqa: E402
from briefgen.document import Article, content_id  # noqa: E402
from briefgen.settings.options import BuildOptions  # noqa: E402
from briefgen.summarise import summariser as cached  # noqa: E402
from briefgen.summarise.spec import spec_for  # noqa: E402

WAVE = 32


def articles(n: int) -> list[Article]:
    out = []
    for k, path in enumerate(article_paths(n)):
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        text = f"{body.strip()}\n\n(Item {k}.)"
        out.append(Article(id=content_id(text), title=title.strip(), text=text))
    return out


def run(
    items: list[Article], model: Path, setting: tuple[int, bool], folder: Path
) -> dict[str, float]:
    cached.FIRST_WAVE, cached.SHORTEST_FIRST = setting
    options = BuildOptions(
        engine="ct2", model=str(model), length="short", cache_dir=default_cache() / "ct2"
    )
    marks: dict[str, float] = {}
    stop = threading.Event()
    with Cache(folder) as cache:
        summariser = cached.Summariser(
            spec_for(options),
            cache,
            length="short",
            wave=WAVE,
            on_loaded=lambda: marks.setdefault("loaded", time.perf_counter()),
        )
        keys = [cached.summary_key(a, summariser.spec, "short") for a in items]

        def watch() -> None:  # the cache as another process sees it, every 0.1 s
            with Cache(folder) as reader:
                while not stop.is_set() and not reader.get_summaries(keys):
                    time.sleep(0.1)
                marks.setdefault("first", time.perf_counter())

        def progress(n: int) -> None:
            marks.setdefault("progress", time.perf_counter())

        start = time.perf_counter()
        cpu = _cpu()
        watcher = threading.Thread(target=watch)
        watcher.start()
        summariser.summarise(items, progress)
        end = time.perf_counter()
        cpu = _cpu() - cpu
        stop.set()
        watcher.join()
    return {
        "load_s": marks["loaded"] - start,
        "first_cached_s": marks["first"] - start,
        "first_after_load_s": marks["first"] - marks["loaded"],
        "first_progress_s": marks["progress"] - start,
        "per_min": len(items) / (end - start) * 60,
        "cpu_s": cpu,
    }


def _cpu() -> float:
    """CPU seconds this process has used, every thread's (the engine's workers too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


SETTINGS = {
    "first wave 32, input order (before)": (WAVE, False),
    "first wave 8, input order": (8, False),
    "first wave 8, shortest first (now)": (8, True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not (MODELS / "t5-small").is_dir():
        print(f"no model at {MODELS / 't5-small'}; nothing measured")
        return 0
    model = build_model("t5-small", default_cache())
    items = articles(args.articles)
    labels = list(SETTINGS)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in labels}
    with tempfile.TemporaryDirectory(prefix="briefgen-first-") as name:
        run(items[:2], model, (2, False), Path(name) / "warm")  # converts the model once
        for r in range(args.rounds):
            for label in labels[r % len(labels) :] + labels[: r % len(labels)]:
                got = run(items, model, SETTINGS[label], Path(name) / f"{r}-{labels.index(label)}")
                got["load_average"] = os.getloadavg()[0]
                runs[label].append(got)
                shown = ", ".join(f"{k} {v:.1f}" for k, v in got.items())
                print(f"  round {r + 1}, {label}: {shown}", flush=True)
    print(
        f"| {args.articles} articles, t5-small ct2 int8 | model load s | first progress s "
        "| first cached s | first cached after load s | articles/min | CPU s | load average |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, got in runs.items():
        row: dict[str, Any] = {k: statistics.median(g[k] for g in got) for k in got[0]}
        loads = ", ".join(f"{g['load_average']:.1f}" for g in got)
        print(
            f"| {label} | {row['load_s']:.1f} | {row['first_progress_s']:.1f} "
            f"| {row['first_cached_s']:.1f} | {row['first_after_load_s']:.1f} "
            f"| {row['per_min']:.1f} | {row['cpu_s']:.1f} | {loads} |"
        )
    before = runs[labels[0]]
    for label in labels[1:]:
        print(f"{label}: {ratios(before, runs[label])}")
    return 0


def ratios(before: list[dict[str, float]], now: list[dict[str, float]]) -> str:
    """A setting against the one before issue 28, round by round, and the median."""
    sooner = [b["first_cached_s"] / n["first_cached_s"] for b, n in zip(before, now, strict=True)]
    rate = [n["per_min"] / b["per_min"] for b, n in zip(before, now, strict=True)]
    cpu = [n["cpu_s"] / b["cpu_s"] for b, n in zip(before, now, strict=True)]
    rounds = ", ".join(
        f"{s:.2f}x / {r:.2f}x / {c:.2f}x" for s, r, c in zip(sooner, rate, cpu, strict=True)
    )
    return (
        f"the first cached summary {statistics.median(sooner):.2f}x sooner, throughput "
        f"{statistics.median(rate):.2f}x, CPU time {statistics.median(cpu):.2f}x (median of the "
        f"rounds; per round, sooner / throughput / CPU time: {rounds})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
