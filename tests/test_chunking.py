"""Chunk budgets, counted with the tiny models' own tokenizers and the real ones in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.ingest import read_sources
from briefgen.summarise.chunking import TokenCounter, chunk_text
from briefgen.summarise.model import load_model

from .conftest import ROOT, SAMPLES, TINY_MAX_INPUT

SHARED_MODELS = ROOT.parent / "shared" / "models"


def _long_sample() -> str:
    articles = read_sources([str(SAMPLES)]).articles
    return max(articles, key=lambda a: a.word_count).text


def _words(text: str) -> list[str]:
    return text.split()


class Words:
    """A counter for the tests: one token per white-space separated word."""

    def count(self, text: str) -> int:
        return len(text.split())

    def split(self, text: str, max_tokens: int) -> list[str]:
        words = text.split()
        return [" ".join(words[i : i + max_tokens]) for i in range(0, len(words), max_tokens)]


WORDS: TokenCounter = Words()


def test_chunks_fit_the_budget_and_keep_every_word(tiny_model: Path) -> None:
    loaded = load_model(str(tiny_model))
    text = _long_sample()
    chunks = chunk_text(text, loaded.counter, loaded.budget)
    assert len(chunks) > 3
    assert all(loaded.counter.count(c) <= loaded.budget for c in chunks)
    assert _words(" ".join(chunks)) == _words(text)


def test_budget_leaves_room_for_special_tokens_and_prefix(tiny_bart: Path, tiny_t5: Path) -> None:
    bart = load_model(str(tiny_bart))
    t5 = load_model(str(tiny_t5))
    assert bart.prefix == ""
    assert bart.budget == TINY_MAX_INPUT - 2  # <s> ... </s>
    assert t5.prefix == "summarize: "
    assert t5.budget == TINY_MAX_INPUT - 1 - t5.counter.count("summarize: ")
    for loaded in (bart, t5):
        for chunk in chunk_text(_long_sample(), loaded.counter, loaded.budget):
            ids = loaded.tokenizer(loaded.prefix + chunk)["input_ids"]
            assert len(ids) <= loaded.max_input


def test_a_sentence_longer_than_the_budget_is_split_not_truncated(tiny_t5: Path) -> None:
    loaded = load_model(str(tiny_t5))
    run_on = " ".join(["the council voted and the river rose and the barrier held"] * 40) + "."
    chunks = chunk_text(run_on, loaded.counter, loaded.budget)
    assert len(chunks) > 1
    assert all(loaded.counter.count(c) <= loaded.budget for c in chunks)
    assert "".join(_words(" ".join(chunks))) == "".join(_words(run_on))


def test_overlap_repeats_trailing_sentences() -> None:
    text = " ".join(f"Sentence {i} has exactly six words." for i in range(20))
    plain = chunk_text(text, WORDS, budget=20)
    overlapped = chunk_text(text, WORDS, budget=20, overlap=6)
    assert len(overlapped) > len(plain)
    assert overlapped[1].startswith(overlapped[0].split(". ")[-1].rstrip(".")[:10])
    assert all(len(c.split()) <= 20 for c in overlapped)


def test_sentences_are_not_cut_when_they_fit() -> None:
    text = "First sentence is here. Second one follows it. Third closes the paragraph."
    chunks = chunk_text(text, WORDS, budget=9)
    assert chunks == [
        "First sentence is here. Second one follows it.",
        "Third closes the paragraph.",
    ]


def test_tiny_budget_is_refused() -> None:
    with pytest.raises(ValueError):
        chunk_text("Some text.", WORDS, budget=2)


def test_an_article_is_chunked_in_order_within_budget() -> None:
    article = read_sources([str(SAMPLES)]).articles[0]
    chunks = chunk_text(article.text, WORDS, budget=100)
    assert len(chunks) > 1
    assert all(0 < WORDS.count(c) <= 100 for c in chunks)
    assert _words(" ".join(chunks)) == _words(article.text)  # in order, nothing lost


@pytest.mark.skipif(
    not SHARED_MODELS.is_dir(), reason="../shared/models is not beside the checkout"
)
@pytest.mark.parametrize("name,window", [("distilbart-cnn-12-6", 1024), ("t5-small", 512)])
def test_real_tokenizers_budget(name: str, window: int) -> None:
    from transformers import AutoTokenizer

    from briefgen.summarise.model import HFTokenCounter

    tokenizer = AutoTokenizer.from_pretrained(SHARED_MODELS / name)
    counter = HFTokenCounter(tokenizer)
    budget = window - tokenizer.num_special_tokens_to_add()
    chunks = chunk_text(_long_sample(), counter, budget)
    assert len(chunks) >= 2
    assert all(counter.count(c) <= budget for c in chunks)
