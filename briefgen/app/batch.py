"""A whole corpus-mode run: read, summarise, find quotes, write records."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.corpus.inputs import CorpusFile, split_inputs
from briefgen.corpus.output import Sink, Tally, is_file_target
from briefgen.corpus.ray_executor import Resources
from briefgen.corpus.stages import StageConfig
from briefgen.document import Item
from briefgen.settings.options import BuildOptions, validated

__all__ = ["BatchResult", "Resources", "run_batch"]


@dataclass
class BatchResult:
    """What a batch run wrote: where, how many records of each status, how long it took."""

    out: Path
    tally: Tally
    executor: str
    seconds: float
    notes: list[str] = field(default_factory=list)


def run_batch(
    options: BuildOptions,
    out: Path,
    *,
    stdin: IO[str] | IO[bytes] | None = None,
    resources: Resources | None = None,
) -> BatchResult:
    """Records for every article of ``options.sources`` into ``out`` (a ``.jsonl`` or
    ``.parquet`` file, else a folder), with ``options.executor``; ``resources`` is the Ray
    actor pool (:class:`~briefgen.corpus.ray_executor.Resources`)."""
    from briefgen.app.build import read_inputs
    from briefgen.ingest import Ingested

    start = time.perf_counter()
    options = validated(options)
    if not options.sources:
        raise BriefgenError("no sources: name files, folders, corpora (.jsonl, .parquet) or URLs")
    config = StageConfig.of(options)
    config.spec()  # an unknown engine fails before anything is read
    split = split_inputs(options.sources)
    ingested = Ingested()
    if split.others:
        ingested = read_inputs(options, split.others, stdin)
    items = [Item.of(a) for a in ingested.articles]
    items += [Item.skipped(s.location, s.reason) for s in ingested.skipped]
    if not items and not split.corpus:
        raise BriefgenError("no usable inputs in the sources", ExitCode.NO_INPUT)
    notes = []
    if options.executor == "ray" and options.cache_dir is not None:
        notes.append(
            f"summaries cache {options.cache_dir}: honoured by every actor that can open it "
            "(a folder on each node, or one on storage all nodes share)"
        )
    tally = _execute(options, config, out, items, split.corpus, resources)
    return BatchResult(out, tally, options.executor, time.perf_counter() - start, notes)


def _execute(
    options: BuildOptions,
    config: StageConfig,
    out: Path,
    items: list[Item],
    corpus: list[CorpusFile],
    resources: Resources | None,
) -> Tally:
    if options.executor == "ray":
        from briefgen.corpus.ray_executor import run_ray

        address, pool = options.ray_address, resources or Resources()
        if not is_file_target(out):
            return run_ray(items, corpus, config, out, address=address, resources=pool)
        with Sink(out) as sink:
            run_ray(items, corpus, config, out, address=address, resources=pool, sink=sink)
        return sink.tally
    from briefgen.corpus.local import run_local

    with Sink(out) as sink:
        run_local(items, corpus, config, sink)
    return sink.tally
