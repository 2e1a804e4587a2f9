"""Cost per article of the multilingual paths beside the English one, on tiny models.

Usage: python benchmarks/model_paths.py [--rounds R] [--engine abstractive|ct2]

The tests' tiny models (``tests/conftest.py``: BART for English, mT5 for other languages,
MarianMT for translation; random weights): what this measures is the relative cost of each
path's overhead and of the number of model calls it makes, not of real checkpoints, whose
decoders are far larger. Paths, each on the tests' three articles (``tests/multilingual.py``),
no cache, models loaded before timing:

* english: the English article summarised by the English model;
* per-language: the French article summarised by the mT5;
* translate-before: the French article translated (title and every sentence), then
  summarised by the English model (what ``translate = true`` does);
* translate-after: the French article summarised by the mT5, then the summary translated.

Printed as seconds per article and as ratios to the English path of the same run.
Known flaw: ``translate_articles`` loads its translation model on every call (a build calls
it once per run), so both translate rows include one load of the tiny Marian (from the
converted folder for ct2); their difference is what the order of the two steps costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--engine", choices=("abstractive", "ct2"), default="abstractive")
    args = parser.parse_args()

    from briefgen.document import Article, content_id
    from briefgen.settings.options import EngineOptions
    from briefgen.summarise.spec import spec_for
    from briefgen.summarise.translate import translate_articles
    from tests.conftest import build_tiny_bart, build_tiny_marian, build_tiny_mt5
    from tests.multilingual import ARTICLES

    folder = Path(tempfile.mkdtemp(prefix="briefgen-bench-languages-"))
    bart = build_tiny_bart(folder / "bart")
    mt5 = build_tiny_mt5(folder / "mt5")
    marian = build_tiny_marian(folder / "marian")
    quantize = "float32" if args.engine == "ct2" else "int8"

    def engine(model: Path) -> object:
        settings = EngineOptions(model=str(model), engine=args.engine, quantize=quantize)  # type: ignore[arg-type]
        return spec_for(settings, folder / "cache").load().engine

    english_engine, mt5_engine = engine(bart), engine(mt5)
    settings = EngineOptions(engine=args.engine, quantize=quantize)  # type: ignore[arg-type]
    mapping = {"fr": str(marian)}

    def article(code: str, text: str | None = None) -> Article:
        title, body = ARTICLES[code]
        body = text or body
        return Article(content_id(body), title, body, language=code)

    def english() -> None:
        english_engine.summarise([article("en")])  # type: ignore[attr-defined]

    def per_language() -> None:
        mt5_engine.summarise([article("fr")])  # type: ignore[attr-defined]

    def before() -> None:
        done = translate_articles([article("fr")], settings, mapping, "en", None, folder)
        english_engine.summarise(done.articles)  # type: ignore[attr-defined]

    def after() -> None:
        summary = mt5_engine.summarise([article("fr")])[0]  # type: ignore[attr-defined]
        translate_articles([article("fr", summary.text)], settings, mapping, "en", None, folder)

    paths: dict[str, Callable[[], None]] = {
        "english": english,
        "per-language": per_language,
        "translate-before": before,
        "translate-after": after,
    }
    for run in paths.values():  # warm: loads and converts the translation model once
        run()
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(args.rounds):  # interleaved, so load on the machine hits all alike
        for name, run in paths.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["english"])
    print(f"engine {args.engine}, {args.rounds} rounds, median seconds per article")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:18} {median:8.3f} s  x{median / base:5.2f} of english")


if __name__ == "__main__":
    main()
