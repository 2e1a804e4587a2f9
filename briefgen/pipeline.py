"""The whole run: read sources, summarise, find quotes, assemble and render a briefing."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from briefgen import __version__
from briefgen.document import Briefing, RunInfo, Story
from briefgen.errors import BriefgenError, ExitCode
from briefgen.ingest import read_sources
from briefgen.quotes import find_quotes
from briefgen.render import check_templates, render_briefing
from briefgen.summarise import DEFAULT_MODEL, EngineChoice, Length, make_engine

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf", "md", "json")


@dataclass
class BuildOptions:
    """Everything ``build`` needs; the CLI fills it from its flags."""

    sources: Sequence[str]
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


@dataclass
class BuildResult:
    briefing: Briefing
    paths: list[Path]


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
    if options.quotes < 0:
        raise BriefgenError("--quotes must be 0 or more")
    check_templates(options.templates, options.formats)
    watch = Stopwatch()

    with watch("read"):
        ingested = read_sources(options.sources, stdin=stdin)
    if not ingested.articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in ingested.skipped[:3])
        raise BriefgenError(
            "no usable articles in the sources" + (f" ({reasons})" if reasons else ""),
            ExitCode.NO_INPUT,
        )
    articles = ingested.articles

    with watch("load model"):
        engine, note = make_engine(
            options.engine,
            options.model,
            device=options.device,
            batch_size=options.batch_size,
            overlap=options.overlap,
        )

    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(articles))

    with watch("summarise"):
        summaries = engine.summarise(articles, options.length, progress=advance)
    with watch("quotes"):
        stories = [
            Story(a, s, [q for q in find_quotes(a.text, options.quotes) if q.key])
            for a, s in zip(articles, summaries, strict=True)
        ]

    briefing = Briefing(
        title=options.title,
        date=options.date,
        stories=stories,
        run=RunInfo(
            engine=engine.name,
            model=engine.model_id,
            engine_note=note,
            timings=watch.timings,
            skipped=ingested.skipped,
            version=__version__,
        ),
    )
    with watch("render"):
        paths = render_briefing(
            briefing,
            options.out_dir,
            options.formats,
            templates_dir=options.templates,
            paper=options.paper,
            css=options.css,
        )
    log.info("render took %.1f s", watch.timings["render"])
    return BuildResult(briefing, paths)
