"""The whole run: read sources, summarise, find quotes, assemble and render a briefing.

One direction, plain data between stages. The run holds a per-briefing lock, takes
summaries and quotes from the cache where it can (loading no model at all when every
summary is cached), writes every output atomically, and only then moves ``latest.*``
and applies retention.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from briefgen import __version__
from briefgen.cache import Cache, cache_key, open_cache
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.core.locking import BriefingLock
from briefgen.core.logs import NOTICE
from briefgen.core.words import plural
from briefgen.corpus.ray_executor import RaySummariser  # imports no ray until used
from briefgen.deliver import deliver_built, mail_note
from briefgen.document import Article, Briefing, Quote, RunInfo, Skipped, SourceSpec, Summary
from briefgen.faithfulness.review import check_summary
from briefgen.ingest import Ingested, read_sources
from briefgen.publish.edition import Edition, publish_edition
from briefgen.publish.names import output_stem
from briefgen.quotes import RULES_VERSION as QUOTE_RULES
from briefgen.quotes import find_quotes, has_quote_rules
from briefgen.quotes.intl import base_code
from briefgen.render import check_templates
from briefgen.render.environment import template_time_limit
from briefgen.render.i18n import catalog_note, reader_for
from briefgen.settings.options import BuildOptions, validated
from briefgen.stories.assemble import articles_to_summarise, merged_article, sort_stories, story_of
from briefgen.stories.dedupe import RELATED_THRESHOLD, StoryGroup, group_articles
from briefgen.stories.editions import EditionPlan, memory_name, plan_edition
from briefgen.summarise.base import Summarising
from briefgen.summarise.languages import LanguageSummariser
from briefgen.summarise.translate import briefing_language, translate_articles

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    briefing: Briefing
    paths: list[Path]
    cached: int = 0  # summaries taken from the cache
    model_loaded: bool = False  # False when every summary came from the cache
    mailed: str = ""  # to whom it was e-mailed, or why not (briefgen.deliver.mail_note)
    timings: dict[str, float] = dataclasses.field(default_factory=dict)  # every stage, render too


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


def _summariser(options: BuildOptions, cache: Cache | None) -> Summarising:
    """The run's summariser: the engine resolved (not loaded) from ``options``; with
    ``executor = "ray"``, actors on a Ray cluster (the cache stays with this process)."""
    if options.executor == "ray":
        return RaySummariser.for_build(options, cache)
    pause = functools.partial(_checkpoint, "summarise")  # crash tests stop the run here
    return LanguageSummariser(
        options,
        cache,
        cache_dir=options.cache_dir,
        length=options.length,
        wave=options.wave,
        on_loaded=pause,
    )


def _quotes_key(article: Article, n: int) -> str:
    """The cache key of an article's key quotes (its language in it when not English)."""
    lang = base_code(article.language)
    extra = {"language": lang} if lang not in ("", "en") else {}
    return cache_key("quotes", article.id, rules=QUOTE_RULES, n=n, **extra)


def unquoted_languages(articles: Sequence[Article]) -> list[str]:
    """The languages the briefing has articles in but no quotation rules for (readers get
    a note for each: "Quotations are not extracted for Korean articles.")."""
    return sorted({base_code(a.language) for a in articles if not has_quote_rules(a.language)})


class QuoteFinder:
    """Key quotes for every article, found in a worker thread while the model runs.

    Quote finding is pure Python and the model releases the GIL while it computes, so the
    two overlap. The cache is read and written on the calling thread only (SQLite
    connections stay on the thread that opened them).
    """

    def __init__(self, articles: Sequence[Article], n: int, cache: Cache | None) -> None:
        self.articles = articles
        self.cache = cache
        self.keys = {a.id: _quotes_key(a, n) for a in articles}
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
            quotes = find_quotes(article.text, n, article.language)
            found[self.keys[article.id]] = [q for q in quotes if q.key]
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


def build(
    options: BuildOptions,
    stdin: IO[str] | IO[bytes] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the briefing and write it in every requested format.

    ``progress(done, total)`` is called as articles are summarised.
    """
    options = validated(options)
    if not options.sources:
        raise BriefgenError(
            "no sources: name files, folders or URLs, or set `sources` in the config"
        )
    if options.templates is not None and not options.templates.is_dir():
        raise BriefgenError(f"templates {options.templates}: no such folder", ExitCode.TEMPLATE)
    if options.css is not None and not options.css.is_file():
        raise BriefgenError(f"css {options.css}: no such file")
    stem = output_stem(options.name, options.date, options.briefing)
    with template_time_limit(options.template_timeout):
        check_templates(options.templates, options.formats, options.locale)
        if note := catalog_note(options.locale):
            log.log(NOTICE, "%s", note)
        lock = (
            BriefingLock(options.cache_dir, memory_name(options), options.wait)
            if options.cache_dir is not None
            else nullcontext()
        )
        with lock:
            cache = open_cache(options.cache_dir) if options.cache_dir is not None else None
            try:
                return _build(options, stem, cache, stdin, progress)
            finally:
                if cache is not None:
                    cache.close()


def merged_articles(groups: list[StoryGroup]) -> dict[str, Article]:
    """``related = "merge"``: each group with related reports as one article, by its lead's id."""
    return {g.primary.id: merged_article(g) for g in groups if g.related}


def _build(
    options: BuildOptions,
    stem: str,
    cache: Cache | None,
    stdin: IO[str] | IO[bytes] | None,
    progress: Callable[[int, int], None] | None,
) -> BuildResult:
    watch = Stopwatch()
    ingested, translated = _read_translated(options, stdin, cache, watch)
    with watch("group"):
        groups = group_articles(
            ingested.articles + ingested.exact_duplicates,
            related_threshold=None if options.related == "off" else RELATED_THRESHOLD,
        )
    merged = merged_articles(groups) if options.related == "merge" else {}
    articles = articles_to_summarise(groups, merged)
    summariser = _summariser(options, cache)
    summaries, quotes = _summaries_and_quotes(options, cache, articles, summariser, watch, progress)
    by_id = {a.id: (s, q) for a, s, q in zip(articles, summaries, quotes, strict=True)}
    stories = sort_stories(
        [story_of(g, by_id, merged) for g in groups], options.sort, options.source_weights
    )
    plan = plan_edition(options, stories)  # since the last edition; max_stories
    report = summariser.report
    note = "; ".join(n for n in (report.note, translated) if n)
    _tell(note, plan, options)
    run = RunInfo(
        engine=summaries[0].engine if summaries else report.engine,
        model=report.model or (summaries[0].model if summaries else ""),
        engine_note=note,
        timings=dict(watch.timings),  # as at render: the mail shows what the files show
        skipped=ingested.skipped,
        version=__version__,
        faithfulness=options.faithfulness,
        held_back=plan.filtered.held_back,
        held_back_since=plan.filtered.since,
        unquoted=unquoted_languages(ingested.articles),
    )
    briefing = _briefing(options, plan, run)
    if options.skip_empty and not briefing.stories and not briefing.headlines:
        log.info("nothing new since the last edition: nothing written or sent (skip_empty)")
        return BuildResult(briefing, [], cached=report.cached, model_loaded=report.model_loaded)
    edition = _render(briefing, options, stem, watch)
    plan.remember(briefing, ingested.skipped)  # what it carried (even if e-mail fails)
    mailed = deliver_built(options, edition)  # e-mail it once when asked; exit 11 if it fails
    return BuildResult(
        briefing,
        edition.paths,
        cached=report.cached,
        model_loaded=report.model_loaded,
        mailed=mail_note(mailed),
        timings=dict(watch.timings),
    )


def _render(briefing: Briefing, options: BuildOptions, stem: str, watch: Stopwatch) -> Edition:
    """The edition's files, timed as ``render``."""
    _checkpoint("render")
    with watch("render"):
        edition = publish_edition(
            briefing,
            options.out,
            options.formats,
            pattern=options.name,
            briefing_name=options.briefing,
            stem=stem,
            keep=options.keep,
            templates_dir=options.templates,
            paper=options.paper,
            css=options.css,
        )
    log.info("render took %.1f s", watch.timings["render"])
    return edition


def _briefing(options: BuildOptions, plan: EditionPlan, run: RunInfo) -> Briefing:
    """The edition: the stories the plan shows, the run, in the reader's language (the
    default title too)."""
    title, stories = reader_for(options.locale).title(options.title), plan.selection.stories
    return Briefing(
        title,
        options.date,
        stories,
        run,
        **plan.shown,
        max_headlines=options.max_headlines,
        max_related=options.max_related,
        locale=options.locale,
    )


def _tell(note: str, plan: EditionPlan, options: BuildOptions) -> None:
    """A run's note (a model that could not be loaded) once a day for cron: a warning the
    first day the briefing meets it, a notice (not shown under ``--quiet``) after that."""
    if note:
        again = plan.memory.seen_before(note, options.date)
        log.log(NOTICE if again else logging.WARNING, "%s", note)


def read_inputs(
    options: BuildOptions,
    sources: Sequence[str | SourceSpec] | None = None,
    stdin: IO[str] | IO[bytes] | None = None,
) -> Ingested:
    """Read ``sources`` (default: the options' own) with the run's reading settings: cache,
    offline, feed limits, languages and the address policy."""
    return read_sources(
        options.sources if sources is None else sources,
        stdin=stdin,
        cache_dir=options.cache_dir,
        offline=options.offline,
        since=options.since,
        max_per_feed=options.max_per_feed or None,
        languages=options.languages,
        allow_hosts=options.allow_hosts,
    )


def _read(options: BuildOptions, stdin: IO[str] | IO[bytes] | None) -> Ingested:
    """The run's articles; none at all is an error that names the first reasons."""
    ingested = read_inputs(options, stdin=stdin)
    if not ingested.articles:
        reasons = "; ".join(f"{s.location}: {s.reason}" for s in ingested.skipped[:3])
        raise BriefgenError(
            "no usable articles in the sources" + (f" ({reasons})" if reasons else ""),
            ExitCode.NO_INPUT,
        )
    return ingested


def _read_translated(
    options: BuildOptions,
    stdin: IO[str] | IO[bytes] | None,
    cache: Cache | None,
    watch: Stopwatch,
) -> tuple[Ingested, str]:
    """The run's articles, translated when ``translate`` is on, and a note about any that
    could not be."""
    with watch("read"):
        ingested = _read(options, stdin)
    if not options.translate:
        return ingested, ""
    with watch("translate"):
        return _translate(options, ingested, cache)


def _translate(
    options: BuildOptions, ingested: Ingested, cache: Cache | None
) -> tuple[Ingested, str]:
    """``ingested`` with articles in other languages than the briefing's translated into it
    (``translate = true``), and a note about any that could not be."""
    every = [*ingested.articles, *ingested.exact_duplicates]
    target = briefing_language(options)
    done = translate_articles(
        every, options, options.translation_models, target, cache, options.cache_dir
    )
    if done.translated:
        log.info("%s translated into %s", plural(done.translated, "article"), target)
    kept = len(ingested.articles)
    return (
        dataclasses.replace(
            ingested, articles=done.articles[:kept], exact_duplicates=done.articles[kept:]
        ),
        done.note,
    )


def _summaries_and_quotes(
    options: BuildOptions,
    cache: Cache | None,
    articles: Sequence[Article],
    summariser: Summarising,
    watch: Stopwatch,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[Summary], list[list[Quote]]]:
    """Checked summaries and key quotes of ``articles``: quotes are found (and WeasyPrint
    imported) in worker threads while the model runs."""
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(articles))

    quote_finder = QuoteFinder(articles, options.quotes, cache)
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
            check_summary(a, s, options.faithfulness, options.faithfulness_model)
            for a, s in zip(articles, summaries, strict=True)
        ]
    with watch("quotes (wait)"):
        quotes = quote_finder.result()
    return summaries, quotes


def real_skips(skipped: Sequence[Skipped]) -> list[Skipped]:
    """Skipped inputs that were errors (not duplicates, not left out on purpose)."""
    return [s for s in skipped if s.kind == "error"]


def build_line(result: BuildResult) -> str:
    """The one summary line of a build: ``12 stories (extractive; 2 inputs skipped) -> ...``."""
    briefing, run = result.briefing, result.briefing.run
    skipped = real_skips(run.skipped)
    notes = [run.engine]
    if result.cached:
        notes[0] += f", {result.cached} from cache"
    if briefing.headlines:
        shown, cap = len(briefing.headlines), briefing.max_headlines
        listed = f" ({cap} listed)" if 0 < cap < shown else " listed"
        notes.append(f"{plural(shown, 'more headline')}{listed}")
    if run.held_back:
        notes.append(f"{plural(run.held_back, 'story', 'stories')} held back since last")
    if skipped:
        notes.append(f"{plural(len(skipped), 'input')} skipped")
    written = ", ".join(str(p) for p in result.paths) or "nothing new: nothing written or sent"
    mailed = f"; {result.mailed}" if result.mailed else ""
    return f"{plural(len(briefing.stories), 'story')} ({'; '.join(notes)}) -> {written}{mailed}"
