"""The local executor: every stage in this process, one wave of articles at a time.

The same stages as on Ray (:mod:`briefgen.corpus.stages`) in the same order, so the same
articles give the same records; memory stays bounded by a wave, whatever the corpus size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from briefgen.corpus.inputs import CorpusFile, read_corpus_file
from briefgen.corpus.output import Sink
from briefgen.corpus.records import Row
from briefgen.corpus.stages import StageConfig, SummariseStage, quote_stage


def all_rows(
    rows: Sequence[Row], corpus: Sequence[CorpusFile], config: StageConfig
) -> Iterator[Row]:
    """The rows read on the driver, then every corpus file's, in order."""
    yield from rows
    for item in corpus:
        for chunk in read_corpus_file(item, config.languages):
            yield from chunk


def waves(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    wave: list[Row] = []
    for row in rows:
        wave.append(row)
        if len(wave) >= size:
            yield wave
            wave = []
    if wave:
        yield wave


def run_local(
    rows: Sequence[Row], corpus: Sequence[CorpusFile], config: StageConfig, sink: Sink
) -> None:
    """Every row through the stages in this process, each wave written as it is done."""
    stage = SummariseStage(config)
    try:
        for wave in waves(all_rows(rows, corpus, config), max(1, config.wave)):
            sink.write(quote_stage(stage(wave), config))
    finally:
        stage.close()
