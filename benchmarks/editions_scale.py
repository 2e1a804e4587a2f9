"""Build time against the number of editions a briefing keeps: edition 90 against edition 2
(target: at most 1.2x), as ratios measured in the same run.

Edition N is built with the N - 1 earlier editions kept, as a briefing's daily builds
leave them: in its edition memory (the records of 60 stories each, the BBC articles of
../shared/eval/articles when present, else samples/ varied) and in its output folder
(their JSON documents, the archive record, index.html, editions.xml, the search index and
the retention history). Each size is filled once; every timed build starts from a fresh
copy of it. The sizes are timed interleaved, ``--repeat`` times; the ratios are of the
medians of wall-clock time (the best of each, and the median CPU time of this process, which
a loaded machine disturbs less, are printed too).

    .venv/bin/python benchmarks/editions_scale.py [--editions 90] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.app.build import build, read_inputs  # noqa: E402
from briefgen.document import Briefing, RunInfo, Story, Summary  # noqa: E402
from briefgen.publish.edition import publish_edition  # noqa: E402
from briefgen.settings.options import BuildOptions  # noqa: E402
from briefgen.stories.editions import EditionMemory  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "articles"
START = date(2026, 1, 1)
PER_EDITION = 60


def _options(folder: Path, sources: list[str], edition: int) -> BuildOptions:
    return BuildOptions(
        sources=sources,
        out=folder / "out",
        formats=["json"],
        engine="extractive",
        cache_dir=folder / "cache",
        briefing="bench",
        date=START + timedelta(days=edition - 1),
    )


def _fill(folder: Path, sources: list[str], edition: int, stories: list[Story]) -> None:
    """Keep the editions before ``edition`` in ``folder``: remembered and published. They
    carried stories from the 31st article on, so half of the timed build's 60 articles are
    known (held back or updates, looked up in the memory) and half are new."""
    memory = EditionMemory.for_run(_options(folder, sources, edition))
    known = stories[PER_EDITION // 2 :]
    for day in range(edition - 1):
        when = START + timedelta(days=day)
        batch = known[(day * PER_EDITION) % max(1, len(known) - PER_EDITION) :][:PER_EDITION]
        briefing = Briefing("Bench", when, batch, RunInfo("bench", ""))
        publish_edition(briefing, folder / "out", ["json"], briefing_name="bench")
        memory.record(when, batch)
    memory.save()


def _timed(filled: Path, sources: list[str], edition: int) -> tuple[float, float]:
    """One build of ``edition`` in a fresh copy of ``filled``: wall-clock and CPU seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "run"
        shutil.copytree(filled, folder, symlinks=True)
        options = _options(folder, sources, edition)
        start, cpu = time.perf_counter(), time.process_time()
        build(options)
        return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editions", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pool = [str(p) for p in sorted(DATA.glob("*.txt"))] if DATA.is_dir() else []
    sources = pool[:PER_EDITION] or [str(ROOT / "samples")]
    articles = read_inputs(BuildOptions(sources=pool or sources)).articles
    stories = [Story(a, Summary(a.id, a.text[:200], "bench")) for a in articles]
    sizes = [2, args.editions]
    times: dict[int, list[float]] = {n: [] for n in sizes}
    cpu: dict[int, list[float]] = {n: [] for n in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        filled = {n: Path(tmp) / f"kept-{n}" for n in sizes}
        for n in sizes:
            _fill(filled[n], sources, n, stories)
        for _ in range(args.repeat):
            for n in sizes:  # interleaved: both sizes see the same machine
                wall, used = _timed(filled[n], sources, n)
                times[n].append(wall)
                cpu[n].append(used)
    base, best = statistics.median(times[2]), min(times[2])
    base_cpu = statistics.median(cpu[2])
    heads = ("median s", "ratio", "best s", "ratio", "cpu s", "ratio")
    print(f"{'edition':>8} " + " ".join(f"{h:>{len(h) + 1}}" for h in heads) + "  runs")
    for n in sizes:
        median, used = statistics.median(times[n]), statistics.median(cpu[n])
        runs = " ".join(f"{t:.2f}" for t in times[n])
        print(
            f"{n:>8} {median:>9.3f} {median / base:>5.2f}x {min(times[n]):>7.3f}"
            f" {min(times[n]) / best:>5.2f}x {used:>6.3f} {used / base_cpu:>5.2f}x  {runs}"
        )
    print(f"target: edition {args.editions} at most 1.2x edition 2 (medians of wall-clock time;")
    print("CPU time, the median of this process's, is shown beside it as less sensitive to load)")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
