"""Quote finding costs work in proportion to the article, whatever its quotation marks.

Adversarial articles (sentences written for this test) made of nothing but short quoted
fragments: the work is counted as Python function calls (every token, window and rule is
one or more), so doubling the article must roughly double the count; and a 1 MB article is
read in a child process under a generous CPU-time and memory limit. No wall-clock figure
is asserted (those are in ``benchmarks/quotes_stress.py``).
"""

from __future__ import annotations

import logging
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.quotes import extract_quotes, find_quotes
from tests.calls import count_calls

ROOT = Path(__file__).resolve().parents[1]

SHAPES = {
    "said": '"We will build the bridge, said Ada Quill. ',
    "woven": 'the "plan" and ',
    "bare": '"fine" ',
    "pronoun": 'Ada Quill spoke. "Go on." She said "no". ',
    "two speakers": '"Yes," said Ada Quill. "No," Ben Ross added. It "was" fine. ',
    "open": '"Never mind the cost of it\n',
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_doubling_the_article_doubles_the_work(shape: str) -> None:
    piece = SHAPES[shape]
    small = piece * 300
    large = piece * 600
    a = count_calls(lambda: find_quotes(small))
    b = count_calls(lambda: find_quotes(large))
    assert len(extract_quotes(large)) >= len(extract_quotes(small))
    assert b / a < 2.4, f"{shape}: {a} calls for {len(small)} chars, {b} for {len(large)}"


CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, (120, 120))
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from briefgen.quotes import find_quotes
text = open(sys.argv[1], encoding="utf-8").read()
quotes = find_quotes(text)
print(len(text), len(quotes))
"""


def test_a_megabyte_of_quoted_fragments_finishes_under_a_resource_limit(tmp_path: Path) -> None:
    piece = '"We will build the bridge, said Ada Quill. "Never," the "plan" went. '
    article = tmp_path / "fragments.txt"
    article.write_text(piece * (1_000_000 // len(piece)), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(article)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    size, found = (int(x) for x in done.stdout.split())
    assert size > 990_000 and found > 100


def test_an_article_past_the_budget_is_read_up_to_it(caplog: pytest.LogCaptureFixture) -> None:
    piece = '"We will build the bridge," said Ada Quill.\n'
    text = piece * 12_000
    with caplog.at_level(logging.WARNING, logger="briefgen.quotes.marks"):
        quotes = extract_quotes(text)
    assert 100 < len(quotes) < 12_000
    assert all(q.speaker == "Ada Quill" for q in quotes)
    assert "only its first" in caplog.text
