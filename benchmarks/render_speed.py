"""PDF render time for long briefings (10, 100, 500 stories), WeasyPrint being the slow part.

Stories are the real articles in ../shared/eval/articles/ with extractive summaries and
their key quotes, so the pages look like a real briefing. The HTML render time is printed
beside the PDF time as the in-run baseline. Target: a 100-story PDF in under 30 s.

    .venv/bin/python benchmarks/render_speed.py [--sizes 10,100,500] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from briefgen.document import Briefing, RunInfo, Story
from briefgen.ingest import read_sources
from briefgen.publish.files import write_briefing
from briefgen.quotes import find_quotes
from briefgen.summarise import ExtractiveEngine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "articles"
RESULTS = ROOT / "benchmarks" / "results"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,500")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"render_speed: {args.data} not found; skipping", file=sys.stderr)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    articles = read_sources([str(args.data)]).articles
    summaries = ExtractiveEngine().summarise(articles[: max(sizes)])
    stories = [
        Story(a, s, [q for q in find_quotes(a.text, 3) if q.key])
        for a, s in zip(articles, summaries, strict=False)
    ]
    rows = []
    print(f"{'stories':>8} {'pages':>6} {'html s':>8} {'pdf s':>8} {'pdf/html':>9}")
    for n in sizes:
        briefing = Briefing(
            "Render benchmark", date(2026, 11, 25), stories[:n], RunInfo("extractive", "")
        )
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            write_briefing(briefing, Path(tmp), ["html"])
            html_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            [pdf] = write_briefing(briefing, Path(tmp), ["pdf"])
            pdf_s = time.perf_counter() - t0
            pages = len(PdfReader(pdf).pages)
        rows.append({"stories": len(stories[:n]), "pages": pages, "html_s": html_s, "pdf_s": pdf_s})
        print(
            f"{len(stories[:n]):>8} {pages:>6} {html_s:>8.2f} {pdf_s:>8.2f} {pdf_s / html_s:>9.0f}x"
        )
    hundred = [r for r in rows if r["stories"] == 100]
    if hundred:
        verdict = "met" if hundred[0]["pdf_s"] < 30 else "MISSED"
        print(f"target: 100-story PDF under 30 s: {verdict} ({hundred[0]['pdf_s']:.1f} s)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "render_speed.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
