"""Build time against the size of the edition memory: edition 90 of a briefing against
edition 2 (target: at most 1.2x), as ratios measured in the same run.

The memory is filled with the records of earlier editions of 60 stories each (the BBC
articles of ../shared/eval/articles when present, else samples/ varied), then the same
build is timed with 1 and with 89 earlier editions remembered, interleaved, best of 3.

    .venv/bin/python benchmarks/editions_scale.py [--editions 90] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.app.build import build, read_inputs  # noqa: E402
from briefgen.document import Story, Summary  # noqa: E402
from briefgen.settings.options import BuildOptions  # noqa: E402
from briefgen.stories.editions import EditionMemory  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "articles"
START = date(2026, 1, 1)


def _fill(options: BuildOptions, earlier: int, stories: list[Story]) -> None:
    """Remember ``earlier`` editions before START + earlier days, 60 stories each."""
    memory = EditionMemory.for_run(options)
    for day in range(earlier):
        batch = stories[(day * 60) % max(1, len(stories) - 60) :][:60]
        memory.record(START + timedelta(days=day), batch)
    memory.save()


def _timed(folder: Path, sources: list[str], earlier: int, stories: list[Story]) -> float:
    options = BuildOptions(
        sources=sources,
        out=folder / "out",
        formats=["json"],
        engine="extractive",
        cache_dir=folder / "cache",
        briefing="bench",
        date=START + timedelta(days=earlier),
    )
    _fill(options, earlier, stories)
    start = time.perf_counter()
    build(options)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editions", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pool = [str(p) for p in sorted(DATA.glob("*.txt"))] if DATA.is_dir() else []
    sources = pool[:60] or [str(ROOT / "samples")]
    articles = read_inputs(BuildOptions(sources=pool or sources)).articles
    stories = [Story(a, Summary(a.id, a.text[:200], "bench")) for a in articles]
    stories = [replace(s) for s in stories]
    best = {2: float("inf"), args.editions: float("inf")}
    for _ in range(args.repeat):
        for n in best:  # interleaved: both sizes see the same machine
            with tempfile.TemporaryDirectory() as tmp:
                best[n] = min(best[n], _timed(Path(tmp), sources, n - 1, stories))
    base = best[2]
    print(f"{'edition':>8} {'build s':>8} {'ratio':>6}")
    for n, seconds in best.items():
        print(f"{n:>8} {seconds:>8.2f} {seconds / base:>6.2f}x")
    print(f"target: edition {args.editions} at most 1.2x edition 2")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
