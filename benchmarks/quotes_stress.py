"""Quote finding on adversarial articles: seconds and peak memory as the article grows.

Usage: python benchmarks/quotes_stress.py [--sizes 32000,312000,1000000] [--articles DIR]

First, the cost on ordinary news: ``find_quotes`` on each of the 500 BBC articles in
``../shared/eval/articles`` (median, 90th percentile and slowest, in milliseconds), with
the shipped speaker model and with the rules alone (the baseline, measured in the same
run; target of issue 25: a median of 10 ms or less).

Then the adversarial articles.

Each article is nothing but short quoted fragments (sentences written for this benchmark,
in the shapes of issue 31: ``"..., said John Smith.`` runs, scare-quoted words, bare
quoted words, quotes left open at paragraph ends), read by ``find_quotes`` in a child
process of its own so that its peak resident memory (``ru_maxrss``) is its own. Printed
per shape and size: seconds, peak RSS, and seconds per 100 KB as a ratio to the smallest
size of the same shape (1.0 everywhere = linear). The issue's target: a 1 MB article under
5 s and 300 MB. It reports; it does not assert.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SHAPES = {
    "said John Smith": '"We will build the bridge by spring, said John Smith. ',
    "scare quotes": 'the "plan" and the "deal" ',
    "bare words": '"fine" ',
    "open at para end": '"Never mind the cost of it all\n',
    "run-on speakers": '"Yes," said Ann Lee. "No," Bob Ray added. It "was" fine. ',
}

CHILD = """
import json, resource, sys, time
from briefgen.quotes import find_quotes
piece, size = sys.argv[1], int(sys.argv[2])
text = piece * (size // len(piece))
t0 = time.perf_counter()
quotes = find_quotes(text)
seconds = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"chars": len(text), "quotes": len(quotes), "seconds": seconds, "rss_mb": rss}))
"""

BASE_CHILD = """
import json, resource, sys
from briefgen.quotes import find_quotes
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_one(piece: str, size: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, piece, str(size)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def per_article(folder: Path) -> None:
    """Milliseconds per article of ``find_quotes`` on the articles in ``folder``."""
    import statistics
    import time

    sys.path.insert(0, str(ROOT))
    from briefgen.ingest.readers import read_txt
    from briefgen.quotes import find_quotes
    from briefgen.quotes.choose import RULES, load_model
    from briefgen.quotes.extract import extract_quotes

    texts = []
    for path in sorted(folder.glob("*.txt")):
        texts.extend(a.text for a in read_txt(path.read_text(encoding="utf-8"), path.name))
    find_quotes(texts[0])  # imports and the model file loaded once, as in a run
    rows = {}
    for name, model in (("rules (baseline)", RULES), ("model", load_model())):
        times = []
        for text in texts:
            t0 = time.perf_counter()
            extract_quotes(text, model)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        rows[name] = times
    base = statistics.median(rows["rules (baseline)"])
    print(f"find quotes on {len(texts)} articles of {folder}: ms per article")
    print(f"{'':<18} {'median':>8} {'p90':>8} {'max':>8} {'median ratio':>13}")
    for name, times in rows.items():
        med = statistics.median(times)
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"{name:<18} {med:>8.2f} {p90:>8.2f} {times[-1]:>8.2f} {med / base:>13.2f}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--sizes", default="32000,312000,1000000", help="article sizes in chars")
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "eval" / "articles")
    args = ap.parse_args(argv)
    if args.articles.is_dir():
        per_article(args.articles)
    sizes = [int(s) for s in args.sizes.split(",")]
    base = subprocess.run(
        [sys.executable, "-c", BASE_CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    idle = json.loads(base.stdout)["rss_mb"]
    print(f"peak RSS of a child that only imports briefgen.quotes: {idle:.0f} MB")
    print(
        f"{'shape':<18} {'chars':>9} {'quotes':>7} {'seconds':>8} {'peak MB':>8}"
        f" {'s/100KB ratio':>14}"
    )
    for name, piece in SHAPES.items():
        first: float | None = None
        for size in sizes:
            r = run_one(piece, size)
            per = r["seconds"] / r["chars"] * 100_000
            first = per if first is None else first
            print(
                f"{name:<18} {r['chars']:>9.0f} {r['quotes']:>7.0f} {r['seconds']:>8.3f} "
                f"{r['rss_mb']:>8.0f} {per / first:>14.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
