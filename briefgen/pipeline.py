"""The whole run: read sources, summarise, find quotes, assemble and render a briefing.

One direction, plain data between stages. The run holds a per-briefing lock, takes
summaries and quotes from the cache where it can (loading no model at all when every
summary is cached), writes every output atomically, and only then moves ``latest.*``
and applies retention.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any, cast

from briefgen import __version__
from briefgen.cache import Cache, cache_key
from briefgen.cleanup import clean_summary
from briefgen.dedupe import StoryGroup, dedupe_quotes, group_articles
from briefgen.document import Article, Briefing, Quote, RunInfo, Skipped, Story, Summary, content_id
from briefgen.errors import BriefgenError, ExitCode
from briefgen.faithfulness import MODES, Mode, guard
from briefgen.ingest import SourceSpec, read_sources
from briefgen.locking import BriefingLock
from briefgen.outputs import output_stem, record_and_prune, update_latest
from briefgen.quotes import RULES_VERSION as QUOTE_RULES
from briefgen.quotes import find_quotes
from briefgen.render import check_templates, render_briefing
from briefgen.summarise import (
    DEFAULT_MODEL,
    Engine,
    EngineChoice,
    Length,
    make_engine,
    preferred_engine,
)
from briefgen.summarise import RULES_VERSION as SUMMARY_RULES
from briefgen.summarise.model import model_fingerprint

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf", "md", "json")


@dataclass
class BuildOptions:
    """Everything ``build`` needs; the CLI fills it from flags, environment and config."""

    sources: Sequence[str | SourceSpec]
    out_dir: Path = Path("out")
    formats: Sequence[str] = ("html", "pdf")
    title: str = "Daily Briefing"
    date: date = field(default_factory=date.today)
    model: str = DEFAULT_MODEL
    engine: EngineChoice = "auto"
    length: Length = "medium"
    quotes: int = 3
    batch_size: int = 4
    overlap: int = 0
    device: str = "cpu"
    templates: Path | None = None
    css: Path | None = None
    paper: str = "A4"
    sort: str = "input"  # input, newest, source, title
    name: str = ""  # "": briefing-{date:%Y-%m-%d}, or {briefing}-{date:%Y-%m-%d} when named
    briefing: str = "default"
    cache_dir: Path | None = None  # None: no cache, no lock file
    keep: int = 0
    wait: float = 0.0
    since: timedelta | None = None  # feed entries newer than this only
    max_per_feed: int | None = None
    languages: Sequence[str] | None = None  # None: English only
    offline: bool = False
    related: str = "group"  # other outlets' reports of one event: group, merge, off
    faithfulness: str = "fix"  # warn, fix or off
    quantize: str = "int8"  # the ct2 engine's weights: int8, int8_float32, float32
    threads: int = 0  # CPU threads for the model; 0: one per core
    # articles summarised per wave: each wave's summaries reach the cache (and the progress
    # bar) when it ends, so an interrupted run keeps all but the wave in progress
    wave: int = 32


@dataclass
class BuildResult:
    briefing: Briefing
    paths: list[Path]
    cached: int = 0  # summaries taken from the cache
    model_loaded: bool = False  # False when every summary came from the cache


class Stopwatch:
    """Named wall-clock timings for the colophon."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(time.perf_counter() - start, 3)


def _checkpoint(stage: str) -> None:
    """``BRIEFGEN_DEBUG_PAUSE=<stage>`` stops here for a while: crash tests kill the run then."""
    if os.environ.get("BRIEFGEN_DEBUG_PAUSE") == stage:
        print(f"briefgen: debug: paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("BRIEFGEN_DEBUG_PAUSE_S", "30")))


class Summariser:
    """Summaries for articles: from the cache where possible, else from the engine.

    The model is loaded only when some summary is missing from the cache. Missing articles
    are summarised in waves of ``BuildOptions.wave``; each wave is batched by the engine
    and cached as soon as it is done.
    """

    def __init__(self, options: BuildOptions, cache: Cache | None) -> None:
        self.options = options
        self.cache = cache
        self.engine: Engine | None = None
        self.note = ""
        self.cached = 0
        self._fingerprint: str | None = None

    def _model_fingerprint(self, engine: str) -> str | None:
        """The model's fingerprint ("" for the extractive engine), read once it is known."""
        if engine == "extractive":
            return ""
        if self._fingerprint is None:  # unknown until on disk: a download can make it known
            self._fingerprint = model_fingerprint(self.options.model)
        return self._fingerprint

    def _key(self, article: Article, engine: str, fingerprint: str | None) -> str:
        o = self.options
        model = o.model if engine != "extractive" else ""
        return cache_key(
            "summary",
            article.id,
            rules=SUMMARY_RULES,
            engine=engine,
            quantize=o.quantize if engine == "ct2" else "",
            model=model,
            fingerprint=fingerprint if engine != "extractive" else "",
            length=o.length,
            overlap=o.overlap if engine != "extractive" else 0,
        )

    def _lookup(self, articles: Sequence[Article], engine: str) -> tuple[dict[str, str], Any]:
        fingerprint = self._model_fingerprint(engine)
        keys = {a.id: self._key(a, engine, fingerprint) for a in articles}
        if self.cache is None or fingerprint is None:
            return keys, {}
        return keys, self.cache.get_summaries(keys.values())

    def summarise(
        self, articles: Sequence[Article], progress: Callable[[int], None]
    ) -> list[Summary]:
        o = self.options
        first_choice = preferred_engine(o.engine, o.device)
        keys, hits = self._lookup(articles, first_choice)
        looked_up = (first_choice, self._model_fingerprint(first_choice))
        if len(hits) == len(articles):
            self.cached = len(articles)
            progress(len(articles))
            return [hits[keys[a.id]] for a in articles]
        engine, self.note = make_engine(
            o.engine,
            o.model,
            device=o.device,
            batch_size=o.batch_size,
            overlap=o.overlap,
            quantize=o.quantize,
            threads=o.threads,
            cache_dir=o.cache_dir / "ct2" if o.cache_dir is not None else None,
        )
        self.engine = engine
        if looked_up != (engine.name, self._model_fingerprint(engine.name)):
            # the engine we got is a fallback, or the model only now arrived on disk
            keys, hits = self._lookup(articles, engine.name)
        missing = [a for a in articles if keys[a.id] not in hits]
        self.cached = len(articles) - len(missing)
        if self.cached:
            progress(self.cached)
        _checkpoint("summarise")
        found = dict(hits)
        wave = max(1, o.wave)
        for start in range(0, len(missing), wave):
            batch = missing[start : start + wave]
            fresh = engine.summarise(batch, o.length, progress=progress)
            new = {keys[a.id]: s for a, s in zip(batch, fresh, strict=True)}
            if self.cache is not None:
                self.cache.put_summaries(new)
            found.update(new)
        return [found[keys[a.id]] for a in articles]

    @property
    def engine_name(self) -> str:
        return self.engine.name if self.engine is not None else "abstractive"


class QuoteFinder:
    """Key quotes for every article, found in a worker thread while the model runs.

    Quote finding is pure Python and the model releases the GIL while it computes, so the
    two overlap. The cache is read and written on the calling thread only (SQLite
    connections stay on the thread that opened them).
    """

    def __init__(self, articles: Sequence[Article], n: int, cache: Cache | None) -> None:
        self.articles = articles
        self.cache = cache
        self.keys = {a.id: cache_key("quotes", a.id, rules=QUOTE_RULES, n=n) for a in articles}
        self.hits = cache.get_quotes(self.keys.values()) if cache is not None else {}
        missing = [a for a in articles if self.keys[a.id] not in self.hits]
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefgen-quotes")
        self._future = self._pool.submit(self._find, missing, n)

    def _find(self, missing: Sequence[Article], n: int) -> dict[str, list[Quote]]:
        found: dict[str, list[Quote]] = {}
        for article in missing:
            if self._stop.is_set():  # the run was interrupted: stop between articles
                break
            found[self.keys[article.id]] = [q for q in find_quotes(article.text, n) if q.key]
        return found

    def cancel(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def result(self) -> list[list[Quote]]:
        try:
            new = self._future.result()
        finally:
            self._pool.shutdown()
        if self.cache is not None and new:
            self.cache.put_quotes(new)
        found = {**self.hits, **new}
        return [found[self.keys[a.id]] for a in self.articles]


def _warm_renderer(formats: Sequence[str]) -> None:
    """Import WeasyPrint (about a second) in the background while the model runs."""
    if "pdf" in formats:
        with contextlib.suppress(Exception):  # rendering itself reports any real problem
            import weasyprint  # noqa: F401


def _lock_name(options: BuildOptions, stem: str) -> str:
    """Named briefings lock by name; ad-hoc builds by what they write, so unrelated ones
    into different folders do not wait for each other."""
    if options.briefing != "default":
        return options.briefing
    target = str((options.out_dir / stem).absolute())
    return "default-" + hashlib.sha256(target.encode()).hexdigest()[:12]


def build(
    options: BuildOptions,
    stdin: IO[str] | IO[bytes] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the briefing and write it in every requested format.

    ``progress(done, total)`` is called as articles are summarised.
    """
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise BriefgenError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    if not options.formats:
        raise BriefgenError("no output format given; choose from " + ", ".join(FORMATS))
    if options.quotes < 0:
        raise BriefgenError("--quotes must be 0 or more")
    if options.faithfulness not in MODES:
        raise BriefgenError(
            f"--faithfulness {options.faithfulness!r}: choose from {', '.join(MODES)}"
        )
    sort_stories([], options.sort)  # an unknown order fails here, before any model work
    if not options.sources:
        raise BriefgenError(
            "no sources: name files, folders or URLs, or set `sources` in the config"
        )
    stem = output_stem(options.name, options.date, options.briefing)
    check_templates(options.templates, options.formats)

    lock = (
        BriefingLock(options.cache_dir, _lock_name(options, stem), options.wait)
        if options.cache_dir is not None
        else nullcontext()
    )
    with lock:
        cache = Cache(options.cache_dir).open() if options.cache_dir is not None else None
        try:
            return _build(options, stem, cache, stdin, progress)
        finally:
            if cache is not None:
                cache.close()


def _build(
    options: BuildOptions,
    stem: str,
    cache: Cache | None,
    stdin: IO[str] | IO[bytes] | None,
    progress: Callable[[int, int], None] | None,
) -> BuildResult:
    watch = Stopwatch()
    with watch("read"):
        ingested = read_sources(
            options.sources,
            stdin=stdin,
            cache_dir=options.cache_dir,
            offline=options.offline,
            since=options.since,
            max_per_feed=options.max_per_feed,
            languages=options.languages,
        )
    if not ingested.articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in ingested.skipped[:3])
        raise BriefgenError(
            "no usable articles in the sources" + (f" ({reasons})" if reasons else ""),
            ExitCode.NO_INPUT,
        )
    with watch("group"):
        groups = group_articles(
            ingested.articles + ingested.exact_duplicates,
            related_threshold=2.0 if options.related == "off" else RELATED_THRESHOLD,
        )
    merge = options.related == "merge"
    merged = {g.primary.id: _merged(g) for g in groups if merge and g.related}
    articles = _articles_to_summarise(groups, merged)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(articles))

    summariser = Summariser(options, cache)
    quote_finder = QuoteFinder(articles, options.quotes, cache)  # runs beside the model
    warming = threading.Thread(target=_warm_renderer, args=(options.formats,), daemon=True)
    warming.start()
    try:
        with watch("summarise"):
            summaries = summariser.summarise(articles, advance)
    except BaseException:
        quote_finder.cancel()
        raise
    with watch("check"):
        summaries = [
            check_summary(a, s, options.faithfulness)
            for a, s in zip(articles, summaries, strict=True)
        ]
    with watch("quotes (wait)"):
        quotes = quote_finder.result()
    by_id = {a.id: (s, q) for a, s, q in zip(articles, summaries, quotes, strict=True)}
    stories = sort_stories([_story(g, by_id, merged) for g in groups], options.sort)
    engine = summariser.engine
    briefing = Briefing(
        title=options.title,
        date=options.date,
        stories=stories,
        run=RunInfo(
            engine=summaries[0].engine if summaries else summariser.engine_name,
            model=engine.model_id if engine is not None else summaries[0].model,
            engine_note=summariser.note,
            timings=watch.timings,
            skipped=ingested.skipped,
            version=__version__,
            faithfulness=options.faithfulness,
        ),
    )
    _checkpoint("render")
    with watch("render"):
        paths = render_briefing(
            briefing,
            options.out_dir,
            options.formats,
            stem=stem,
            templates_dir=options.templates,
            paper=options.paper,
            css=options.css,
        )
    update_latest(paths)
    record_and_prune(options.out_dir, options.briefing, paths, options.keep)
    log.info("render took %.1f s", watch.timings["render"])
    return BuildResult(briefing, paths, cached=summariser.cached, model_loaded=engine is not None)


def check_summary(article: Article, summary: Summary, mode: str) -> Summary:
    """Clean up a summary, then check it against its article with the faithfulness guard."""
    if mode not in MODES:
        raise BriefgenError(f"--faithfulness {mode!r}: choose from {', '.join(MODES)}")
    text = clean_summary(summary.text, article.text)
    if mode == "off":
        return replace(summary, text=text)
    result = guard(article.text, text, cast(Mode, mode))
    problems = [p for check in result.sentences for p in check.problems]
    if result.flagged:
        log.info(
            "%s: %d of %d summary sentences unsupported",
            article.origin,
            result.flagged,
            result.checked,
        )
    return replace(
        summary,
        text=result.text,
        checked=result.checked,
        flagged=result.flagged,
        fixed=result.fixed,
        problems=problems,
    )


RELATED_THRESHOLD = 0.23  # TF-IDF cosine; measured in benchmarks/dedupe_eval.py


def _merged(group: StoryGroup) -> Article:
    """One article holding the primary's text and every related report's, for one summary."""
    texts = [group.primary.text, *(r.text for r in group.related)]
    text = "\n\n".join(texts)
    return replace(group.primary, id=content_id(text), text=text)


def _articles_to_summarise(
    groups: Sequence[StoryGroup], merged: dict[str, Article]
) -> list[Article]:
    articles: list[Article] = []
    for group in groups:
        if group.primary.id in merged:
            articles.append(merged[group.primary.id])
        else:
            articles.extend([group.primary, *group.related])
    return articles


def _story(
    group: StoryGroup,
    by_id: dict[str, tuple[Summary, list[Quote]]],
    merged: dict[str, Article],
) -> Story:
    """The story of one group; quotes said twice across the group are shown once."""
    if group.primary.id in merged:
        summary, quotes = by_id[merged[group.primary.id].id]
        return Story(group.primary, summary, quotes, also=[*group.duplicates, *group.related])
    members = [group.primary, *group.related]
    kept = {id(q) for q in dedupe_quotes([q for a in members for q in by_id[a.id][1]])}
    related = [
        Story(
            a,
            by_id[a.id][0],
            [q for q in by_id[a.id][1] if id(q) in kept],
            also=list(group.related_duplicates.get(a.id, [])),
        )
        for a in group.related
    ]
    summary, quotes = by_id[group.primary.id]
    return Story(
        group.primary,
        summary,
        [q for q in quotes if id(q) in kept],
        also=list(group.duplicates),
        related=related,
    )


def sort_stories(stories: list[Story], order: str) -> list[Story]:
    """Stories in the requested order (stable; sections keep first-appearance order)."""
    if order == "newest":
        return sorted(
            stories,
            key=lambda s: s.article.published.timestamp() if s.article.published else float("-inf"),
            reverse=True,
        )
    if order == "source":
        return sorted(stories, key=lambda s: s.article.source.casefold())
    if order == "title":
        return sorted(stories, key=lambda s: s.article.title.casefold())
    if order != "input":
        raise BriefgenError(f"--sort {order!r}: choose from input, newest, source, title")
    return stories


def real_skips(skipped: Sequence[Skipped]) -> list[Skipped]:
    """Skipped inputs that were errors (not duplicates, not left out on purpose)."""
    return [s for s in skipped if s.kind == "error"]
