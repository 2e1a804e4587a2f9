"""Rendering: a Briefing to HTML, PDF, Markdown, JSON and EPUB through Jinja2 templates.

Pure: :func:`render_formats` turns a briefing into ``{format: text or bytes}`` in memory and
writes nothing (writing, names and ``latest`` are :mod:`briefgen.publish`'s). Each format is
one row of :data:`RENDERERS`. :func:`check_templates` compiles and tries every template a
run needs before any model work; :func:`briefing_context` gives the variables the templates
see (``templates context``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.document import (
    Addition,
    Article,
    Briefing,
    Earlier,
    Quote,
    RunInfo,
    Skipped,
    Story,
    Summary,
    Update,
)
from briefgen.render.context import briefing_context
from briefgen.render.environment import (
    TEMPLATE_FOR_FORMAT,
    compile_tree,
    default_templates_dir,
    environment_for,
    template_dirs,
)
from briefgen.render.html import PAPER_SIZES, render_html
from briefgen.render.jsondoc import render_json
from briefgen.render.markdown import render_markdown
from briefgen.settings.options import FORMATS, Format, Paper

__all__ = [
    "FORMATS",
    "RENDERERS",
    "Look",
    "briefing_context",
    "check_templates",
    "default_templates_dir",
    "render_formats",
    "sample_briefing",
]


@dataclass(frozen=True)
class Look:
    """What a renderer needs besides the briefing: the template folders (the user's first),
    the PDF's CSS page size, and the user's extra stylesheet."""

    dirs: list[Path]
    paper: str = "A4"
    extra_css: str = ""


Renderer = Callable[[Briefing, dict[str, Any], Look], str | bytes]


def _html(briefing: Briefing, context: dict[str, Any], look: Look) -> str:
    return render_html(context, look.dirs, paper=look.paper, extra_css=look.extra_css)


def _pdf(briefing: Briefing, context: dict[str, Any], look: Look) -> bytes:
    from briefgen.render.pdf import html_to_pdf

    html = render_html(context, look.dirs, output="pdf", paper=look.paper, extra_css=look.extra_css)
    return html_to_pdf(html, look.dirs)


def _markdown(briefing: Briefing, context: dict[str, Any], look: Look) -> str:
    return render_markdown(context, look.dirs)


def _json(briefing: Briefing, context: dict[str, Any], look: Look) -> str:
    return render_json(briefing)


def _epub(briefing: Briefing, context: dict[str, Any], look: Look) -> bytes:
    from briefgen.render.epub import render_epub

    return render_epub(briefing, context, look.dirs)


RENDERERS: dict[str, Renderer] = {
    "html": _html,
    "pdf": _pdf,
    "md": _markdown,
    "json": _json,
    "epub": _epub,
}
"""Every output format and the function that renders it (one row per format of the options
schema's ``FORMATS``)."""


def sample_briefing() -> Briefing:
    """A small briefing with every field filled, for checking templates without a model."""
    article = Article(
        id="sample",
        title="Sample headline",
        text="Someone said “this is a sample”. It is.",
        source="Sample Source",
        url="https://example.com/sample",
        published=datetime(2026, 1, 1, 9, 0),
        author="A. Writer",
        section="Sample",
    )
    quote = Quote(
        text="this is a sample",
        speaker="Someone",
        cue="said",
        start=14,
        end=30,
        key=True,
        speaker_role="Sample role",
    )
    summary = Summary("sample", "A sample summary. It has two sentences.", "sample", "sample-model")
    second = replace(article, id="sample-2", title="Sample update", section="")
    update = Update(date(2025, 12, 31), ["A new paragraph."], ["a new quote"])
    headline = replace(article, id="sample-3", title="Sample headline beyond max_stories")
    other = replace(article, id="sample-4", source="Other Source", url="https://example.org/s")
    first = Story(
        article,
        summary,
        [quote],
        also=[other],
        timeline=[Earlier(date(2025, 12, 30), "Sample headline, earlier", "What it said.")],
        adds=[Addition(other.source, other.url, ["A fact only the other outlet reports."])],
    )
    second = replace(second, translated_from="fr")
    return Briefing(
        title="Sample briefing",
        date=date(2026, 1, 1),
        stories=[
            first,
            Story(second, replace(summary, article_id="sample-2"), [], update=update),
        ],
        run=RunInfo(
            engine="sample",
            model="sample-model",
            engine_note="A sample note.",
            generated_at=datetime(2026, 1, 1, 7, 30),
            timings={"summarise": 1.0},
            skipped=[Skipped("x.txt", "empty")],
            version="0",
            held_back=1,
            held_back_since=date(2025, 12, 31),
            unquoted=["ko"],
        ),
        headlines=[
            Story(replace(headline, id=f"sample-{i}"), replace(summary, article_id=f"sample-{i}"))
            for i in (3, 5)
        ],
        top=1,
        max_headlines=1,
    )


def check_templates(
    templates_dir: Path | None, formats: Sequence[Format], locale: str = "en"
) -> None:
    """Load and compile every template ``formats`` need, then render them once on a sample
    (in ``locale``, so a translation that breaks a template fails here too).

    Run this before any model work so a typo in a template fails in a second, not after
    minutes of summarising. Raises BriefgenError(TEMPLATE) naming the file, the line and
    what is wrong (syntax errors, missing files, unknown variables).
    """
    wanted = list(dict.fromkeys(formats))
    dirs = template_dirs(templates_dir)
    names = {TEMPLATE_FOR_FORMAT[f]: f for f in wanted if f in TEMPLATE_FOR_FORMAT}
    for name, fmt in names.items():
        compile_tree(environment_for(fmt, dirs), name, dirs)
    sample = replace(sample_briefing(), locale=locale)
    context = briefing_context(sample)
    for fmt in wanted:
        if fmt == "pdf":  # the template only: WeasyPrint would take a second for nothing
            render_html(context, dirs, output="pdf")
        else:
            RENDERERS[fmt](sample, context, Look(dirs))


def _read_css(css: Path | None) -> str:
    if css is None:
        return ""
    try:
        return Path(css).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefgenError(f"cannot read stylesheet {css}: {exc}", ExitCode.TEMPLATE) from exc


def render_formats(
    briefing: Briefing,
    formats: Sequence[Format],
    *,
    templates_dir: Path | None = None,
    paper: Paper = "A4",
    css: Path | None = None,
) -> dict[str, str | bytes]:
    """Render ``briefing`` in memory to each format: ``{format: text or bytes}``.

    ``formats`` and ``paper`` are taken as the options schema validated them. Template
    problems raise BriefgenError(TEMPLATE); nothing is written.
    """
    wanted = list(dict.fromkeys(formats))
    look = Look(template_dirs(templates_dir), PAPER_SIZES[paper.lower()], _read_css(css))
    context = briefing_context(briefing)
    return {fmt: RENDERERS[fmt](briefing, context, look) for fmt in wanted}
