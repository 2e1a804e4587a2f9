"""A large corpus generated from the BBC evaluation articles, for the build-at-scale rows.

Every article is made the same way at every size, so that per-article costs compare across
sizes: 15 % are near duplicates of an earlier article (a paragraph dropped, a dateline and a
credit line added: a wire story republished); the others mix a run of about a third of the
paragraphs of each of three articles, with a letter dropped from a fifth of the longer
words (so that two mixes of one run share few five-word sequences: no two are near
duplicates by construction, but many share a subject). (Words replaced by random words
instead make sentences that crash quote extraction: ``quotes/topics.py`` with an empty
subject.) Seeded: the same corpus for
the same size. The files are written to a temporary folder, never into the repository.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "eval" / "articles"
NEAR_SHARE = 0.15
EDIT_RATE = 0.2
SOURCES = ["Coast Wire", "Daily Gazette", "Bay Chronicle", "County News", "Metro Desk"]


def load(data: Path = ARTICLES) -> list[tuple[str, list[str]]]:
    """(headline, paragraphs) of every article with at least three paragraphs."""
    out = []
    for path in sorted(data.glob("*.txt")):
        headline, _, body = (
            path.read_text(encoding="utf-8", errors="replace").strip().partition("\n")
        )
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
        if headline.strip() and len(paragraphs) >= 3:
            out.append((headline.strip(), paragraphs))
    return out


def _edit(rng: random.Random, paragraph: str) -> str:
    words = paragraph.split()
    for k, word in enumerate(words):
        if len(word) > 3 and rng.random() < EDIT_RATE:
            cut = rng.randrange(1, len(word) - 1)
            words[k] = word[:cut] + word[cut + 1 :]  # a typo: a letter dropped
    return " ".join(words)


def _mix(rng: random.Random, bases: list[tuple[str, list[str]]], k: int) -> tuple[str, list[str]]:
    picked = rng.sample(bases, 3)
    paragraphs: list[str] = []
    for _, paras in picked:
        run = max(1, len(paras) // 3)
        start = rng.randrange(0, len(paras) - run + 1)
        paragraphs += [_edit(rng, p) for p in paras[start : start + run]]
    return f"{picked[0][0]} ({k})", paragraphs


def _copy(rng: random.Random, title: str, paragraphs: list[str]) -> tuple[str, list[str]]:
    paras = list(paragraphs)
    if len(paras) > 2:
        paras.pop(rng.randrange(1, len(paras)))
    paras[0] = "LONDON (Newswire) - " + paras[0]
    return f"UPDATE 1-{title}", [*paras, "Reporting by Jane Doe; editing by John Roe."]


def generate(n: int, seed: int = 28) -> list[tuple[str, list[str]]]:
    """``n`` (headline, paragraphs) articles (see the module's note)."""
    rng = random.Random(seed)
    bases = load()
    made: list[tuple[str, list[str]]] = []
    for k in range(n):
        if made and rng.random() < NEAR_SHARE:
            made.append(_copy(rng, *rng.choice(made)))
        else:
            made.append(_mix(rng, bases, k))
    return made


def write(n: int, folder: Path, seed: int = 28) -> Path:
    """The corpus of ``n`` articles as Markdown files in ``folder``/corpus-``n``."""
    out = folder / f"corpus-{n}"
    out.mkdir(parents=True, exist_ok=True)
    for k, (title, paragraphs) in enumerate(generate(n, seed)):
        source = SOURCES[k % len(SOURCES)]
        slug = source.lower().replace(" ", "-")
        front = f"---\ntitle: {title!r}\nsource: {source}\nurl: https://{slug}.example/{k}\n---\n"
        (out / f"a{k:05d}.md").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return out
