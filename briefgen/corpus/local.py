"""The local executor: every stage in this process, one wave of articles at a time.

The same stages as on Ray (:mod:`briefgen.corpus.stages`) in the same order, so the same
articles give the same records; memory stays bounded by a wave, whatever the corpus size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from briefgen.corpus.inputs import CorpusFile, read_corpus_file
from briefgen.corpus.output import Sink
from briefgen.corpus.records import record_of
from briefgen.corpus.stages import StageConfig, SummariseStage, quote_stage
from briefgen.document import Item


def all_items(
    items: Sequence[Item], corpus: Sequence[CorpusFile], config: StageConfig
) -> Iterator[Item]:
    """The items read on the driver, then every corpus file's, in order."""
    yield from items
    for item in corpus:
        for chunk in read_corpus_file(item, config.languages):
            yield from chunk


def waves(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    wave: list[Item] = []
    for item in items:
        wave.append(item)
        if len(wave) >= size:
            yield wave
            wave = []
    if wave:
        yield wave


def run_local(
    items: Sequence[Item], corpus: Sequence[CorpusFile], config: StageConfig, sink: Sink
) -> None:
    """Every item through the stages in this process, each wave written as it is done."""
    stage = SummariseStage(config)
    mode = config.faithfulness or "off"
    try:
        for wave in waves(all_items(items, corpus, config), max(1, config.wave)):
            sink.write([record_of(item, mode) for item in quote_stage(stage(wave), config)])
    finally:
        stage.close()
