"""Build rows for ``benchmarks/scale.py --build``: ``briefgen build`` on generated corpora.

Each run is a fresh process (``python benchmarks/scale_build.py --child FOLDER OUT FORMATS
CAPS``) so that its peak RSS is its own: extractive engine, no cache, JSON output unless
``formats`` says otherwise (with ``pdf``, the rows also give the PDF's pages). ``caps``
(``CAPS`` as JSON) sets ``max_headlines`` and ``max_related`` where it names them (the
settings' defaults otherwise). Sizes are run in rounds,
interleaved (every size once, then every size again), since the machine may be shared.
Rows: wall, per article, peak RSS, the related reports shown in full (of all those under the
stories in full) and the build's own stage timings (``BuildResult.timings``: every stage,
``render`` included), with ratios to the first size's row.
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


def child(folder: Path, out: Path, formats: list[str], caps: dict[str, int]) -> None:
    from briefgen.app.build import build
    from briefgen.settings.options import BuildOptions

    start = time.perf_counter()
    options = BuildOptions(
        sources=[str(folder)], out=out, formats=formats, engine="extractive", cache_dir=None, **caps
    )
    result = build(options)
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    briefing = result.briefing
    got = {"wall": wall, "peak_mb": peak_kib / 1024, "timings": dict(result.timings)}
    got.update(stories=len(briefing.stories), headlines=len(briefing.headlines))
    related = [len(s.related) for s in briefing.stories]
    cap = briefing.max_related
    got.update(related=sum(related), related_shown=sum(min(n, cap) if cap else n for n in related))
    pdf = next((p for p in result.paths if p.suffix == ".pdf"), None)
    if pdf is not None:
        from pypdf import PdfReader

        got["pages"] = len(PdfReader(pdf).pages)
    print(json.dumps(got))


def run_once(
    folder: Path, out: Path, formats: str = "json", caps: dict[str, int] | None = None
) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(folder), str(out)]
    cmd += [formats, json.dumps(caps or {})]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def rows(
    sizes: list[int],
    rounds: int,
    tmp: Path,
    formats: str = "json",
    caps: dict[str, int] | None = None,
) -> dict[int, dict[str, Any]]:
    from mixcorpus import write

    folders = {n: write(n, tmp) for n in sizes}
    runs: dict[int, list[dict[str, Any]]] = {n: [] for n in sizes}
    for r in range(rounds):
        for n in sizes:
            got = run_once(folders[n], tmp / f"out-{n}-{r}", formats, caps)
            pages = f", {got['pages']} PDF pages" if "pages" in got else ""
            print(
                f"  round {r + 1}, {n} articles: {got['wall']:.1f} s, {got['peak_mb']:.0f} MB"
                f"{pages}",
                flush=True,
            )
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
            "headlines": got[0]["headlines"],
            "related": f"{got[0]['related_shown']} of {got[0]['related']}",
            **({"pages": got[0]["pages"]} if "pages" in got[0] else {}),
        }
    return result


def table(result: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(result)
    base = result[sizes[0]]
    per_base = base["wall"] / sizes[0]
    stages = sorted({s for r in result.values() for s in r["stages"]})
    pages = all("pages" in r for r in result.values())
    head = "| articles | wall s (runs) | ms/article | × per-article | peak RSS MB | "
    head += "stories + headlines | related shown | " + ("PDF pages | " if pages else "")
    head += " | ".join(f"{s} s" for s in stages) + " |"
    lines = [head, "|" + " --- |" * (7 + pages + len(stages))]
    for n in sizes:
        r = result[n]
        per = r["wall"] / n
        cells = " | ".join(
            f"{r['stages'][s]:.1f} ({r['stages'][s] / max(base['stages'].get(s, 0), 1e-9):.1f}×)"
            for s in stages
        )
        shown = f"{r['stories']} + {r['headlines']} | {r['related']} | "
        shown += f"{r['pages']} | " if pages else ""
        lines.append(
            f"| {n} | {r['wall']:.1f} ({', '.join(map(str, r['walls']))}) | {per * 1000:.1f} "
            f"| {per / per_base:.2f}× | {r['peak_mb']:.0f} | {shown}{cells} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4].split(","), json.loads(sys.argv[5]))
