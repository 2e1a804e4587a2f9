"""Build rows for ``benchmarks/scale.py --build``: ``briefgen build`` on generated corpora.

Each run is a fresh process (``python benchmarks/scale_build.py --child FOLDER OUT``) so that
its peak RSS is its own: extractive engine, JSON output, no cache. Sizes are run in rounds,
interleaved (every size once, then every size again), since the machine may be shared.
Rows: wall, per article, peak RSS and the build's own stage timings, with ratios to the
first size's row.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def child(folder: Path, out: Path) -> None:
    from briefgen.app.build import build
    from briefgen.settings.options import BuildOptions

    start = time.perf_counter()
    result = build(
        BuildOptions(
            sources=[str(folder)], out=out, formats=["json"], engine="extractive", cache_dir=None
        )
    )
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    timings = dict(result.briefing.run.timings)
    stories = len(result.briefing.stories)
    print(
        json.dumps(
            {"wall": wall, "peak_mb": peak_kib / 1024, "timings": timings, "stories": stories}
        )
    )


def run_once(folder: Path, out: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(folder), str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def rows(sizes: list[int], rounds: int, tmp: Path) -> dict[int, dict[str, Any]]:
    from mixcorpus import write

    folders = {n: write(n, tmp) for n in sizes}
    runs: dict[int, list[dict[str, Any]]] = {n: [] for n in sizes}
    for r in range(rounds):
        for n in sizes:
            got = run_once(folders[n], tmp / f"out-{n}-{r}")
            print(f"  round {r + 1}, {n} articles: {got['wall']:.1f} s, {got['peak_mb']:.0f} MB")
            runs[n].append(got)
    result: dict[int, dict[str, Any]] = {}
    for n, got in runs.items():
        stages = sorted({s for g in got for s in g["timings"]})
        result[n] = {
            "wall": statistics.median(g["wall"] for g in got),
            "walls": [round(g["wall"], 1) for g in got],
            "peak_mb": max(g["peak_mb"] for g in got),
            "stages": {s: statistics.median(g["timings"].get(s, 0.0) for g in got) for s in stages},
            "stories": got[0]["stories"],
        }
    return result


def table(result: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(result)
    base = result[sizes[0]]
    per_base = base["wall"] / sizes[0]
    stages = sorted({s for r in result.values() for s in r["stages"]})
    head = "| articles | wall s (runs) | ms/article | × per-article | peak RSS MB | "
    head += " | ".join(f"{s} s" for s in stages) + " |"
    lines = [head, "|" + " --- |" * (5 + len(stages))]
    for n in sizes:
        r = result[n]
        per = r["wall"] / n
        cells = " | ".join(
            f"{r['stages'][s]:.1f} ({r['stages'][s] / max(base['stages'].get(s, 0), 1e-9):.1f}×)"
            for s in stages
        )
        lines.append(
            f"| {n} | {r['wall']:.1f} ({', '.join(map(str, r['walls']))}) | {per * 1000:.1f} "
            f"| {per / per_base:.2f}× | {r['peak_mb']:.0f} | {cells} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
