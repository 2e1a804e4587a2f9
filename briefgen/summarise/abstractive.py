"""The abstractive engine: a Hugging Face seq2seq model, batched, map-reduce for long articles.

Preprocess (chunking to the model's token budget), forward (``generate`` on batches of
chunks from all articles, longest first so padding is small) and postprocess (decode, join)
are separate steps, as in transformers' own pipelines.

An article longer than one chunk is summarised map-reduce: each chunk is summarised, the
chunk summaries are joined and summarised again, and so on until one summary is left. In
those rounds the output length is capped at half the input budget, so any two partial
summaries fit one window and every round at least halves the number of pieces.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from briefgen.document import Article, Summary
from briefgen.summarise.base import Length, Progress
from briefgen.summarise.chunking import chunk_text
from briefgen.summarise.model import Seq2SeqModel

log = logging.getLogger(__name__)

MAX_ROUNDS = 8

Generate = Callable[[Sequence[str], dict[str, Any]], list[str]]
"""An engine's forward step: summaries of texts (each within budget), in the same order."""


class Seq2SeqEngine:
    """What every model engine shares: chunking and map-reduce around its ``generate``."""

    name = "seq2seq"

    def __init__(self, model: Seq2SeqModel, batch_size: int = 4, overlap: int = 0) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.model = model
        self.model_id = model.model_id
        self.batch_size = batch_size
        self.overlap = overlap

    def generate(self, texts: Sequence[str], settings: dict[str, Any]) -> list[str]:
        """Summaries of ``texts`` (each already within budget), in the same order."""
        raise NotImplementedError

    def summarise(
        self,
        articles: Sequence[Article],
        length: Length = "medium",
        progress: Progress | None = None,
    ) -> list[Summary]:
        return map_reduce(
            articles,
            self.model,
            self.generate,
            engine=self.name,
            length=length,
            overlap=self.overlap,
            progress=progress,
        )


class AbstractiveEngine(Seq2SeqEngine):
    """Summaries written by a seq2seq model run by transformers."""

    name = "abstractive"

    def chunks(self, text: str, overlap: int | None = None) -> list[str]:
        """``text`` cut to the model's input budget."""
        return chunk_for(self.model, text, self.overlap if overlap is None else overlap)

    def generate(self, texts: Sequence[str], settings: dict[str, Any]) -> list[str]:
        """Summaries of ``texts`` (each already within budget), in the same order."""
        import torch

        tok = self.model.tokenizer
        counter = self.model.counter
        order = sorted(range(len(texts)), key=lambda i: -counter.count(texts[i]))
        results: list[str] = [""] * len(texts)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            inputs = tok(
                [self.model.prefix + texts[i] for i in batch],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.model.max_input,
            ).to(self.model.device)
            with torch.inference_mode():
                output = self.model.model.generate(**inputs, **settings)
            decoded = tok.batch_decode(
                output, skip_special_tokens=True, clean_up_tokenization_spaces=True
            )
            for i, text in zip(batch, decoded, strict=True):
                results[i] = tidy(text)
        return results


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")


def tidy(generated: str) -> str:
    """Generated text on one line, without control characters or replacement marks."""
    return " ".join(_CONTROL.sub(" ", generated).split())


def chunk_for(model: Seq2SeqModel, text: str, overlap: int = 0, language: str = "") -> list[str]:
    """``text`` (in ``language``, ``""`` when unknown) cut to ``model``'s input budget."""
    return chunk_text(text, model.counter, model.budget, overlap, language)


def reduce_settings(model: Seq2SeqModel, settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` for map-reduce rounds: output capped at half the input budget."""
    reduced = dict(settings)
    cap = max(8, model.budget // 2 - 2)
    if reduced.get("max_length", cap) > cap:
        reduced["max_length"] = cap
        reduced["min_length"] = min(reduced.get("min_length", 0), cap // 2)
    return reduced


def map_reduce(
    articles: Sequence[Article],
    model: Seq2SeqModel,
    generate: Generate,
    *,
    engine: str,
    length: Length = "medium",
    overlap: int = 0,
    progress: Progress | None = None,
) -> list[Summary]:
    """One summary per article: chunk, ``generate`` in batches, reduce long articles.

    ``generate`` is the engine's forward step (transformers or CTranslate2); everything
    else (chunking, the map-reduce rounds, the settings recorded) is shared, so engines
    differ only in how they run the model.
    """
    settings = model.generation(length)
    reduced = reduce_settings(model, settings)

    pending = {a.id: chunk_for(model, a.text, overlap, a.language) for a in articles}
    first_chunks = {aid: len(c) for aid, c in pending.items()}
    finished: dict[str, str] = {}
    for round_no in range(1, MAX_ROUNDS + 1):
        if not pending:
            break
        single = [(aid, c[0]) for aid, c in pending.items() if len(c) == 1]
        multi = [(aid, t) for aid, c in pending.items() if len(c) > 1 for t in c]
        outputs: dict[str, list[str]] = {aid: [] for aid in pending}
        for group, gen in ((single, settings), (multi, reduced)):
            if group:
                texts = generate([t for _, t in group], gen)
                for (aid, _), out in zip(group, texts, strict=True):
                    outputs[aid].append(out)
        pending = {}
        for aid, outs in outputs.items():
            if len(outs) == 1:
                finished[aid] = outs[0]
                if progress:
                    progress(1)
            else:
                pieces = chunk_for(model, " ".join(outs), overlap=0)
                if len(pieces) < len(outs):
                    pending[aid] = pieces
                    continue
                # The partial summaries re-tokenise longer than they were generated (a
                # model that writes odd bytes): another round would not shrink them.
                log.warning("article %s: map-reduce stopped shrinking; partial summaries kept", aid)
                finished[aid] = " ".join(outs)
                if progress:
                    progress(1)
        log.debug("map-reduce round %d: %d articles still reducing", round_no, len(pending))
    for aid, rest in pending.items():  # not converged: keep every partial summary
        log.warning("article %s did not reduce to one summary in %d rounds", aid, MAX_ROUNDS)
        finished[aid] = " ".join(rest)

    return [
        Summary(
            article_id=a.id,
            text=finished[a.id],
            engine=engine,
            model=model.model_id,
            settings=settings if first_chunks[a.id] == 1 else reduced,
            chunks=first_chunks[a.id],
            map_reduced=first_chunks[a.id] > 1,
        )
        for a in articles
    ]
