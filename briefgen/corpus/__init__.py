"""Corpus mode (``briefgen batch``): one JSON record per article, no briefing.

The same ingestion, engines, summaries cache, faithfulness guard and quote finding as
``build``, for corpora too large for one briefing, in-process or on a Ray cluster:

* :mod:`~briefgen.corpus.inputs`: which sources are JSON Lines / Parquet corpora, read row
  by row wherever the work runs; the rest is read by :func:`briefgen.ingest.read_sources`;
* :mod:`~briefgen.corpus.records`: the rows between stages and the output records;
* :mod:`~briefgen.corpus.stages`: summarising (stateful: one engine) and quotes (stateless);
* :mod:`~briefgen.corpus.local` and :mod:`~briefgen.corpus.ray_executor`: the executors;
  the latter also has :class:`~briefgen.corpus.ray_executor.RaySummariser` for ``build``;
* :mod:`~briefgen.corpus.output`: one file or a folder of records;
* :mod:`~briefgen.app.batch`: :func:`run_batch`, a whole run;
* :mod:`~briefgen.cli.batch`: the ``briefgen batch`` command.

Nothing here imports Ray, nor any model code, until a run needs it.
"""
