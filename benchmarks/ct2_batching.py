"""How the CTranslate2 engine's batches are formed, measured side by side in one process.

Usage: python benchmarks/ct2_batching.py [--model distilbart-cnn-12-6] [--articles 24]
                                         [--tokens 60] [--repeat 3] [--ratios 0,0.8,0.67]

One engine (``Ct2Engine``, int8, default thread layout) summarises the same articles with
each ``bucket`` ratio in turn (0: CTranslate2's own batches, sorted by length, fixed size;
r > 0: :func:`briefgen.summarise.ct2.buckets`, a batch also ends where an input is under r
times its longest), ``--repeat`` rounds, interleaved so that a change of machine load hits
every variant alike. Reports the best and median seconds of each and the ratio of the best
to the ratio-0 best, and whether the summaries are the same. Random-weight checkpoint and
forced length as in ``benchmarks/speed.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="distilbart-cnn-12-6")
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--tokens", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ratios", default="0,0.8,0.67")
    parser.add_argument("--cache-dir", type=Path, default=speed.default_cache())
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    sys.path.insert(0, str(speed.ROOT))
    from briefgen.summarise.ct2 import load_ct2_engine

    folder = speed.build_model(args.model, args.cache_dir)
    engine = load_ct2_engine(str(folder), cache_dir=args.cache_dir / "ct2")
    speed._force_length(engine.model, args.tokens)
    articles = speed._articles([str(p) for p in speed.article_paths(args.articles)])
    engine.summarise(articles[:2])  # warm up
    ratios = [float(r) for r in args.ratios.split(",")]
    times: dict[float, list[float]] = {r: [] for r in ratios}
    outputs: dict[float, list[str]] = {}
    load = [os.getloadavg()[0]]
    for _ in range(args.repeat):
        for r in ratios:
            engine.bucket = r
            t0 = time.perf_counter()
            outputs[r] = [s.text for s in engine.summarise(articles)]
            times[r].append(time.perf_counter() - t0)
        load.append(os.getloadavg()[0])
    base = min(times[ratios[0]])
    print(
        f"{args.model}, {len(articles)} articles, {args.tokens} tokens, int8, "
        f"{engine.workers}x{engine.threads_per_worker} threads; load {load}"
    )
    for r in ratios:
        best, median = min(times[r]), statistics.median(times[r])
        same = outputs[r] == outputs[ratios[0]]
        print(
            f"bucket {r:<5} best {best:7.2f} s  median {median:7.2f} s  "
            f"x ratio-0 best {base / best:5.2f}  same summaries: {same}  "
            f"runs {' '.join(f'{t:.1f}' for t in times[r])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
