"""The Ray executor: corpus mode as a Ray Dataset, summaries on a pool of actors.

The dataset starts as work items (``from_items``): the items read on the driver, a wave
per item, and the corpus files, which Ray workers read in a stateless map (so a bad row
is a record, not a failed read), a block per wave. Summarising is ``map_batches`` over an
actor pool: each actor loads the engine once and keeps it (``num_cpus`` and ``num_gpus``
per actor);
quotes and records are a stateless map. Records are collected into one file, or written by
Ray into a folder (``write_json``). :class:`RaySummariser` is the same summarising stage for
``build --executor ray``, with :meth:`Summariser.summarise`'s contract.

Ray is imported here only, when a run asks for it (``pip install briefgen[ray]``).
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefgen.cache import Cache
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.corpus.arrow import arrow_schemas, item_row, row_item
from briefgen.corpus.inputs import CorpusFile, read_corpus_file
from briefgen.corpus.output import Sink, Tally
from briefgen.corpus.records import record_of
from briefgen.corpus.stages import StageConfig, SummariseStage, quote_stage
from briefgen.document import Article, Item, Summary
from briefgen.settings.options import BuildOptions
from briefgen.summarise.base import Length, Progress, SummaryReport
from briefgen.summarise.languages import LanguageSummariser

log = logging.getLogger(__name__)

PASSED_ENV = (
    "TRANSFORMERS_VERBOSITY",
    "HF_HUB_DISABLE_PROGRESS_BARS",
    "HF_HUB_OFFLINE",
    "HF_HOME",
    "TOKENIZERS_PARALLELISM",
    "OMP_WAIT_POLICY",
)
"""Environment variables the workers get from the driver (the CLI's quiet defaults)."""

CONNECT_TIMEOUT_S = 10.0
"""How long a Ray address may take to accept a connection before the run gives up."""

JOIN_SETTINGS = {
    "RAY_gcs_server_port_wait_time_s": "1",  # one attempt to reach the cluster, not twenty
    "RAY_py_gcs_connect_timeout_s": "10",  # each attempt: 10 s, not 30
}
"""Ray's own settings for joining a cluster, unless the environment sets them: an address
that accepts a connection but where Ray cannot join fails in about 20 s, not 14 minutes."""

BLOCK_BYTES = 1
"""Ray Data's target block size: tiny, so that every table a stage makes is a block."""

ROWS_PER_FILE = 10_000
"""Records per file Ray writes into an ``--out`` folder (at least; blocks are small)."""

LIGHT_CPUS = 0
"""CPUs reserved for a reading or quotes task: none, so that they run beside an actor pool
that holds every CPU (reserving one would deadlock them) and borrow what the model leaves;
at most as many such tasks at once as there are actors (``_light``)."""


@dataclass(frozen=True)
class Resources:
    """The actor pool: ``actors`` (0: as many as the cluster's CPUs, or GPUs, allow),
    ``cpus`` per actor (0: ``--threads``, else 1) and ``gpus`` per actor (0: one on CUDA)."""

    actors: int = 0
    cpus: float = 0
    gpus: float = 0

    def resolved(self, config: StageConfig, cluster: dict[str, float]) -> Resources:
        engine = config.engine_options
        cpus = self.cpus or float(engine.threads or 1)
        gpus = self.gpus or (1.0 if engine.device.startswith("cuda") else 0.0)
        actors = self.actors
        if actors <= 0:
            by_cpu = int(cluster.get("CPU", 1) // cpus)
            actors = min(by_cpu, int(cluster.get("GPU", 0) // gpus)) if gpus else by_cpu
        return Resources(max(1, actors), cpus, gpus)


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise BriefgenError(
            "--executor ray needs Ray: pip install 'briefgen[ray]'", ExitCode.USAGE
        ) from None
    return ray


def _endpoint(address: str) -> tuple[str, int] | None:
    """The host and port an address names (``HOST:PORT``, ``ray://HOST:PORT``; ``auto``
    through ``RAY_ADDRESS``), or ``None`` when it names none (Ray finds the cluster)."""
    text = os.environ.get("RAY_ADDRESS", "").strip() or address.strip()  # Ray's own order
    host, sep, port = text.removeprefix("ray://").rpartition(":")
    if not (sep and host and port.isdigit()):
        return None
    return host.strip("[]"), int(port)


def check_answers(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Raise :class:`BriefgenError` (exit 2) unless something accepts a TCP connection at
    the host and port ``address`` names within ``timeout`` seconds: Ray itself would retry
    a silent address for ever."""
    endpoint = _endpoint(address)
    if endpoint is None:
        return
    env = os.environ.get("RAY_ADDRESS", "").strip()
    named = f"RAY_ADDRESS {env} (Ray prefers it)" if env else f"--ray-address {address}"
    try:
        with socket.create_connection(endpoint, timeout=timeout):
            pass
    except OSError as exc:
        why = exc.strerror or str(exc) or type(exc).__name__
        raise BriefgenError(
            f"{named}: nothing answers there ({why}; waited at most "
            f"{timeout:g} s); start the cluster (ray start --head) or correct the address",
            ExitCode.USAGE,
        ) from None


@contextmanager
def ray_session(address: str = "") -> Iterator[Any]:
    """Ray, connected: to ``address`` (``auto``, ``HOST:6379``, ``ray://HOST:10001``), or to a
    cluster started on 127.0.0.1 for the run and stopped after it. A session already open
    in this process is used as it is and left open. An address where nothing answers is an
    error within ``CONNECT_TIMEOUT_S`` (``check_answers``)."""
    if address:
        check_answers(address)
        for name, value in JOIN_SETTINGS.items():
            os.environ.setdefault(name, value)
    ray = _import_ray()
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = True  # records in input order
    # a block per batch a map returns or yields, not 128 MB of them: the actors take work a
    # block at a time, so a corpus file read as one block would keep all but one idle
    context.target_max_block_size = BLOCK_BYTES
    if ray.is_initialized():
        yield ray
        return
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    settings: dict[str, Any] = {
        "runtime_env": {"env_vars": env},
        "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if address:
        try:
            ray.init(address=address, **settings)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BriefgenError(f"--ray-address {address}: cannot join: {message}") from None
    else:
        ray.init(address="local", include_dashboard=False, _node_ip_address="127.0.0.1", **settings)
    try:
        yield ray
    finally:
        ray.shutdown()


def _read_files(batch: Any, languages: Sequence[str], wave: int) -> Iterator[Any]:
    """The rows of each work item: items read on the driver (``rows``, as JSON rows) or a
    corpus file's, a table (and so a block: see ``ray_session``) per wave."""
    for work in batch.to_pylist():
        if work["rows"]:
            yield from _tables([row_item(r) for r in json.loads(work["rows"])], wave)
            continue
        corpus = CorpusFile(work["path"], work["label"])
        for chunk in read_corpus_file(corpus, languages):
            yield from _tables(chunk, wave)


class SummariseActor:
    """One actor of the pool: a :class:`SummariseStage` on Arrow batches."""

    def __init__(self, config: StageConfig) -> None:
        self.stage = SummariseStage(config)
        self.schema = arrow_schemas()[0]

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        done = self.stage([row_item(r) for r in batch.to_pylist()])
        return pa.Table.from_pylist([item_row(i) for i in done], schema=self.schema)


def _quotes(batch: Any, config: StageConfig) -> Any:
    import pyarrow as pa

    items = quote_stage([row_item(r) for r in batch.to_pylist()], config)
    records = [record_of(i, config.faithfulness or "off") for i in items]
    return pa.Table.from_pylist(records, schema=arrow_schemas()[1])


def _tables(items: Sequence[Item], wave: int) -> list[Any]:
    """``items`` as Arrow tables of rows, a wave each: a block each, spread over the actors."""
    import pyarrow as pa

    size = max(1, wave)
    schema = arrow_schemas()[0]
    rows = [item_row(i) for i in items]
    return [
        pa.Table.from_pylist(list(rows[i : i + size]), schema=schema)
        for i in range(0, len(rows), size)
    ]


def _light(ray: Any, config: StageConfig, resources: Resources) -> dict[str, Any]:
    """How a stateless stage runs: no reserved CPU, as many tasks at once as actors."""
    pool = resources.resolved(config, ray.cluster_resources())
    return {"num_cpus": LIGHT_CPUS, "compute": ray.data.TaskPoolStrategy(size=pool.actors)}


def summarised(ray: Any, ds: Any, config: StageConfig, resources: Resources) -> Any:
    """``ds``'s rows summarised by an actor pool."""
    pool = resources.resolved(config, ray.cluster_resources())
    log.info("summarising on %d actor(s) of %g CPU, %g GPU", pool.actors, pool.cpus, pool.gpus)
    engine = config.engine_options
    engine = replace(engine, threads=engine.threads or max(1, int(pool.cpus)))
    config = replace(config, engine_options=engine)
    return ds.map_batches(
        SummariseActor,
        fn_constructor_args=(config,),
        compute=ray.data.ActorPoolStrategy(size=pool.actors),
        num_cpus=pool.cpus,
        num_gpus=pool.gpus or None,
        batch_size=max(1, config.wave),
        batch_format="pyarrow",
    )


def corpus_dataset(
    ray: Any,
    items: Sequence[Item],
    corpus: Sequence[CorpusFile],
    config: StageConfig,
    resources: Resources,
) -> Any:
    """The records of every item and corpus file, as a (lazy) Ray Dataset."""
    size = max(1, config.wave)
    rows = [item_row(i) for i in items]
    work = [
        {"path": "", "label": "", "rows": json.dumps(rows[i : i + size])}
        for i in range(0, len(rows), size)
    ]
    work += [{**c.item(), "rows": ""} for c in corpus]
    ds = ray.data.from_items(work, override_num_blocks=max(1, len(work)))
    ds = ds.map_batches(
        _read_files,
        fn_args=(config.languages, config.wave),
        batch_size=1,
        batch_format="pyarrow",
        **_light(ray, config, resources),
    )
    ds = summarised(ray, ds, config, resources)
    return ds.map_batches(
        _quotes,
        fn_args=(config,),
        batch_size=max(1, config.wave),
        batch_format="pyarrow",
        **_light(ray, config, resources),
    )


def run_ray(
    items: Sequence[Item],
    corpus: Sequence[CorpusFile],
    config: StageConfig,
    out: Path,
    *,
    address: str = "",
    resources: Resources | None = None,
    sink: Sink | None = None,
) -> Tally:
    """Every item through the stages on Ray; records into ``sink``, else written by Ray into
    the folder ``out``."""
    with ray_session(address) as ray:
        ds = corpus_dataset(ray, items, corpus, config, resources or Resources())
        if sink is not None:
            for batch in ds.iter_batches(batch_format="pyarrow", batch_size=None):
                sink.write(batch.to_pylist())
            return sink.tally
        out.mkdir(parents=True, exist_ok=True)
        ds = ds.materialize()  # counted below without running the stages twice
        ds.write_json(str(out.absolute()), min_rows_per_file=ROWS_PER_FILE, force_ascii=False)
        tally = Tally()
        for batch in ds.select_columns(["status", "engine"]).iter_batches(batch_format="pyarrow"):
            tally.add(batch.to_pylist())
        return tally


class RaySummariser:
    """:meth:`Summariser.summarise` with the model work on a Ray actor pool (``build
    --executor ray``): summaries from the run's cache on the driver where possible, the
    missing ones made by actors and cached on the driver as they arrive, so the cache
    folder need not be shared. Summaries come back unchecked, as from a ``Summariser``.
    """

    def __init__(
        self,
        config: StageConfig,
        cache: Cache | None,
        *,
        address: str = "",
        resources: Resources | None = None,
    ) -> None:
        self.length: Length = config.engine_options.length
        # build translated its articles before grouping them: the actors only summarise
        self.config = replace(config, faithfulness=None, use_cache=False, translate=False)
        self.spec = config.spec()
        # each article's cache key, by its language's checkpoint as the actors summarise it
        # (nothing is loaded on the driver)
        self.languages = LanguageSummariser(
            config.engine_options, None, cache_dir=config.cache_dir, length=self.length
        )
        self.cache = cache
        self.address = address
        self.resources = resources or Resources()
        self.note = ""
        self.cached = 0  # summaries taken from the cache in the last call
        self.model_loaded = False  # whether the last call had the actors load a model

    @classmethod
    def for_build(cls, options: BuildOptions, cache: Cache | None) -> RaySummariser:
        """The summariser ``build --executor ray`` uses in place of a ``Summariser``."""
        return cls(StageConfig.of(options), cache, address=options.ray_address)

    @property
    def engine_name(self) -> str:
        return self.spec.engine

    @property
    def report(self) -> SummaryReport:
        """The actors' engines stay on the actors: no model name here (the summaries have it)."""
        return SummaryReport(self.engine_name, "", self.note, self.cached, self.model_loaded)

    def summarise(self, articles: Sequence[Article], progress: Progress) -> list[Summary]:
        keys = {a.id: self.languages.key(a) for a in articles}
        hits: dict[str, Summary] = {}
        if self.cache is not None:
            known = [keys[a.id] for a in articles if self.languages.spec_of(a).cacheable]
            hits = self.cache.get_summaries(known)
        missing = [a for a in articles if keys[a.id] not in hits]
        self.cached = len(articles) - len(missing)
        self.model_loaded = bool(missing)
        if self.cached:
            progress(self.cached)
        found = {a.id: hits[keys[a.id]] for a in articles if keys[a.id] in hits}
        if missing:
            found.update(self._on_ray(missing, progress))
        return [found[a.id] for a in articles]

    def _on_ray(self, articles: Sequence[Article], progress: Progress) -> dict[str, Summary]:
        found: dict[str, Summary] = {}
        with ray_session(self.address) as ray:
            ds = ray.data.from_arrow(_tables([Item.of(a) for a in articles], self.config.wave))
            ds = summarised(ray, ds, self.config, self.resources)
            for batch in ds.iter_batches(batch_format="pyarrow", batch_size=None):
                done = [row_item(r) for r in batch.to_pylist()]
                bad = next((i for i in done if i.status != "ok" or i.summary is None), None)
                if bad is not None:
                    raise BriefgenError(f"{bad.origin}: summarising failed: {bad.error}")
                new = {i.key: i.summary for i in done if i.summary is not None}
                if self.cache is not None:
                    self.cache.put_summaries(new)
                found.update({i.article.id: new[i.key] for i in done if i.article is not None})
                self.note = self.note or next((i.note for i in done if i.note), "")
                progress(len(done))
        return found
