"""Languages and scripts: language identification, word counts and sentence splitting.

Usage: python benchmarks/languages.py [--articles DIR] [--out PATH]

1. **Language identification** (``briefgen.ingest.language.detect``, py3langid) on the
   hand-written articles of ``tests/data/languages`` (English, French, German, Spanish,
   Italian, Portuguese, Chinese, Japanese, Arabic; the file name starts with the language)
   and on the 500 English BBC articles of ``../shared/eval/articles`` beside the checkout:
   accuracy, the articles left unknown or misidentified, and the lowest probability. Then
   the same texts are detected again in two fresh processes with different
   ``PYTHONHASHSEED`` values: the answers must not change.
2. **Word counts** (``briefgen.core.scripts.word_count``) against a white-space count, for
   each language of the test articles.
3. **Sentence splitting**: briefgen's rules against pysbd on the first 100 BBC articles
   (English): the share of articles split the same way, and the time each takes, as a ratio
   to the rules in the same run; and the sentences found in each test article with the
   rules and with the splitter its language gets.

Nothing from the BBC articles is written out: the results hold figures and file names only.
Prints a report and writes ``benchmarks/results/languages.json``; exits 0 whatever the
figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.core.scripts import word_count  # noqa: E402
from briefgen.core.sentences import PYSBD_LANGUAGES, split_sentences  # noqa: E402
from briefgen.ingest.language import detect  # noqa: E402
from briefgen.ingest.readers import read_markdown  # noqa: E402

TEST_ARTICLES = ROOT / "tests" / "data" / "languages"
BBC = ROOT.parent / "shared" / "eval" / "articles"


def test_articles() -> list[tuple[str, str, str]]:
    """(file name, language, text) of each hand-written test article."""
    out = []
    for path in sorted(TEST_ARTICLES.glob("*-*.md")):
        [article] = list(read_markdown(path.read_text(encoding="utf-8"), str(path)))
        out.append((path.name, path.name.split("-")[0], article.text))
    return out


def bbc_articles(folder: Path) -> list[tuple[str, str, str]]:
    return [
        (p.name, "en", p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(folder.glob("*.txt"))
    ]


def identification(texts: list[tuple[str, str, str]]) -> dict[str, object]:
    wrong, unknown, lowest = [], [], 1.0
    per_language: Counter[str] = Counter()
    right: Counter[str] = Counter()
    start = time.perf_counter()
    for name, expected, text in texts:
        found = detect(text)
        per_language[expected] += 1
        lowest = min(lowest, found.probability)
        if found.language == expected:
            right[expected] += 1
        elif found.language:
            wrong.append(f"{name}: {found.language} ({found.probability:.3f})")
        else:
            unknown.append(f"{name}: unsure, best {found.best} ({found.probability:.3f})")
    return {
        "articles": len(texts),
        "correct": sum(right.values()),
        "per_language": {k: f"{right[k]}/{n}" for k, n in sorted(per_language.items())},
        "misidentified": wrong,
        "unknown": unknown,
        "lowest_probability": round(lowest, 4),
        "seconds": round(time.perf_counter() - start, 2),
    }


_CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from briefgen.ingest.language import detect
texts = json.load(sys.stdin)
print(json.dumps([[detect(t).language, round(detect(t).probability, 6)] for t in texts]))
"""


def determinism(texts: list[str]) -> dict[str, object]:
    """The answers of two fresh processes with different hash seeds."""
    answers = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _CHILD.format(root=str(ROOT))],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=600,
        )
        answers.append(json.loads(done.stdout))
    differ = sum(1 for a, b in zip(*answers, strict=True) if a != b)
    return {"texts": len(texts), "seeds": ["1", "4242"], "answers_that_differ": differ}


def word_counts(texts: list[tuple[str, str, str]]) -> dict[str, dict[str, float]]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for _, lang, text in texts:
        row = sums[lang]
        row[0] += 1
        row[1] += len(text.split())
        row[2] += word_count(text)
    return {
        lang: {"white_space_words": round(s / n, 1), "words": round(w / n, 1)}
        for lang, (n, s, w) in sorted(sums.items())
    }


def splitting(bbc: list[tuple[str, str, str]], tests: list[tuple[str, str, str]]) -> dict:
    import pysbd

    texts = [t for _, _, t in bbc[:100]]
    segmenter = pysbd.Segmenter(language="en", clean=False)
    start = time.perf_counter()
    ours = [[s.text for s in split_sentences(t)] for t in texts]
    rules_s = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [[str(p).strip() for p in segmenter.segment(t) if str(p).strip()] for t in texts]
    pysbd_s = time.perf_counter() - start
    # compare within paragraphs: the rules always end a sentence at a blank line
    same = sum(1 for a, b in zip(ours, theirs, strict=True) if " ".join(a) == " ".join(b))
    identical = sum(1 for a, b in zip(ours, theirs, strict=True) if a == b)
    per_article = {
        name: {
            "rules": len(split_sentences(text)),
            "chosen": len(split_sentences(text, lang)),
            "splitter": "pysbd" if lang in PYSBD_LANGUAGES else "rules",
        }
        for name, lang, text in tests
    }
    return {
        "english_articles": len(texts),
        "pysbd_same_split": identical,
        "pysbd_same_text": same,
        "rules_seconds": round(rules_s, 3),
        "pysbd_time_ratio": round(pysbd_s / max(rules_s, 1e-9), 1),
        "english_sentences_rules": sum(map(len, ours)),
        "english_sentences_pysbd": sum(map(len, theirs)),
        "test_articles": per_article,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=BBC)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/languages.json")
    args = parser.parse_args()
    tests, bbc = test_articles(), bbc_articles(args.articles)
    report = {
        "identification_test_articles": identification(tests),
        "identification_bbc": identification(bbc),
        "determinism": determinism([t for _, _, t in tests + bbc]),
        "word_counts": word_counts(tests),
        "splitting": splitting(bbc, tests),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for part in ("identification_test_articles", "identification_bbc"):
        r = report[part]
        print(f"{part}: {r['correct']}/{r['articles']} correct, lowest p {r['lowest_probability']}")
        print(f"  per language: {r['per_language']}")
        for line in r["misidentified"] + r["unknown"]:
            print(f"  {line}")
    d = report["determinism"]
    print(f"determinism: {d['answers_that_differ']} of {d['texts']} answers differ across seeds")
    print("words per article (white space -> briefgen):")
    for lang, w in report["word_counts"].items():
        print(f"  {lang}: {w['white_space_words']} -> {w['words']}")
    s = report["splitting"]
    print(
        f"English splitting, {s['english_articles']} BBC articles: pysbd splits "
        f"{s['pysbd_same_split']} the same as the rules ({s['english_sentences_pysbd']} "
        f"sentences against {s['english_sentences_rules']}); pysbd takes "
        f"{s['pysbd_time_ratio']}x the rules' time"
    )
    for name, row in s["test_articles"].items():
        if row["rules"] != row["chosen"]:
            print(f"  {name}: {row['rules']} sentences by the rules, {row['chosen']} by pysbd")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
