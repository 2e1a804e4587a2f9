"""Rendering: a Briefing to HTML, PDF, Markdown and JSON through Jinja2 templates.

The CLI calls four functions: :func:`default_templates_dir`, :func:`check_templates` (before
any model work), :func:`render_briefing` and :func:`briefing_context` (the variables the
templates see, for ``templates context``). A build publishes through
:func:`briefgen.outputs.publish_edition`, which uses :func:`render_formats` (in memory) and
:func:`stage_edition` / :func:`commit_edition` (temporaries, then every rename together).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from briefgen.atomic import Staged
from briefgen.document import Article, Briefing, Quote, RunInfo, Skipped, Story, Summary, Update
from briefgen.errors import BriefgenError, ExitCode
from briefgen.options import FORMATS, PAPERS
from briefgen.render.context import briefing_context
from briefgen.render.environment import (
    TEMPLATE_FOR_FORMAT,
    compile_tree,
    default_templates_dir,
    environment_for,
    template_dirs,
)
from briefgen.render.html import PAPER_SIZES, render_html
from briefgen.render.text import render_json, render_markdown

__all__ = [
    "FORMATS",
    "briefing_context",
    "check_templates",
    "commit_edition",
    "default_templates_dir",
    "edition_files",
    "render_briefing",
    "render_formats",
    "sample_briefing",
    "stage_edition",
]


def _check_formats(formats: Sequence[str]) -> list[str]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise BriefgenError(
            f"unknown output format: {', '.join(unknown)} (choose from {', '.join(FORMATS)})",
            ExitCode.USAGE,
        )
    return list(dict.fromkeys(formats))


def _paper(paper: str) -> str:
    size = PAPER_SIZES.get(paper.strip().lower())
    if size is None:
        raise BriefgenError(
            f"unknown paper size: {paper} (choose from {', '.join(PAPERS)})", ExitCode.USAGE
        )
    return size


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
    return Briefing(
        title="Sample briefing",
        date=date(2026, 1, 1),
        stories=[
            Story(article, summary, [quote]),
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
        ),
        headlines=[Story(headline, replace(summary, article_id="sample-3"))],
        top=1,
    )


def check_templates(templates_dir: Path | None, formats: Sequence[str]) -> None:
    """Load and compile every template ``formats`` need, then render them once on a sample.

    Run this before any model work so a typo in a template fails in a second, not after
    minutes of summarising. Raises BriefgenError(TEMPLATE) naming the file, the line and
    what is wrong (syntax errors, missing files, unknown variables).
    """
    wanted = _check_formats(formats)
    dirs = template_dirs(templates_dir)
    names = {TEMPLATE_FOR_FORMAT[f]: f for f in wanted if f in TEMPLATE_FOR_FORMAT}
    for name, fmt in names.items():
        compile_tree(environment_for(fmt, dirs), name, dirs)
    context = briefing_context(sample_briefing())
    for fmt in wanted:
        if fmt == "md":
            render_markdown(context, dirs)
        elif fmt in ("html", "pdf"):
            render_html(context, dirs, output=fmt)
        elif fmt == "epub":
            from briefgen.render.epub import render_epub

            render_epub(sample_briefing(), context, dirs)


def _read_css(css: Path | None) -> str:
    if css is None:
        return ""
    try:
        return Path(css).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefgenError(f"cannot read stylesheet {css}: {exc}", ExitCode.TEMPLATE) from exc


def render_formats(
    briefing: Briefing,
    formats: Sequence[str],
    *,
    templates_dir: Path | None = None,
    paper: str = "A4",
    css: Path | None = None,
) -> dict[str, str | bytes]:
    """Render ``briefing`` in memory to each format: ``{format: text or bytes}``.

    Template problems raise BriefgenError(TEMPLATE); nothing is written.
    """
    wanted = _check_formats(formats)
    size = _paper(paper)
    dirs = template_dirs(templates_dir)
    extra_css = _read_css(css)
    context = briefing_context(briefing)
    rendered: dict[str, str | bytes] = {}
    for fmt in wanted:
        if fmt == "html":
            rendered[fmt] = render_html(context, dirs, paper=size, extra_css=extra_css)
        elif fmt == "pdf":
            from briefgen.render.pdf import html_to_pdf

            html = render_html(context, dirs, output="pdf", paper=size, extra_css=extra_css)
            rendered[fmt] = html_to_pdf(html, dirs)
        elif fmt == "md":
            rendered[fmt] = render_markdown(context, dirs)
        elif fmt == "epub":
            from briefgen.render.epub import render_epub

            rendered[fmt] = render_epub(briefing, context, dirs)
        else:
            rendered[fmt] = render_json(briefing)
    return rendered


def edition_files(
    out_dir: Path, stem: str, rendered: Mapping[str, str | bytes]
) -> dict[Path, str | bytes]:
    """``{out_dir/<stem>.<format>: content}`` for the rendered formats."""
    return {Path(out_dir) / f"{stem}.{fmt}": data for fmt, data in rendered.items()}


def stage_edition(staged: Staged, files: Mapping[Path, str | bytes]) -> None:
    """Write every file of an edition to a temporary beside it; BriefgenError(OUTPUT) if not."""
    for path, data in files.items():
        try:
            staged.add(path, data)
        except OSError as exc:
            raise BriefgenError(
                f"cannot write {path}: {exc.strerror or exc}; no file of this edition was replaced",
                ExitCode.OUTPUT,
            ) from exc


def commit_edition(staged: Staged) -> list[Path]:
    """Rename an edition's temporaries into place; BriefgenError(OUTPUT) if that fails."""
    try:
        return staged.commit()
    except OSError as exc:
        where = exc.filename or "the output folder"
        raise BriefgenError(
            f"cannot put {where} in place: {exc.strerror or exc}", ExitCode.OUTPUT
        ) from exc


def render_briefing(
    briefing: Briefing,
    out_dir: Path,
    formats: Sequence[str],
    *,
    stem: str | None = None,
    templates_dir: Path | None = None,
    paper: str = "A4",
    css: Path | None = None,
) -> list[Path]:
    """Render ``briefing`` to ``out_dir/<stem>.<format>`` for each format; return the paths.

    ``formats`` ⊆ {html, pdf, md, json}; ``stem`` defaults to ``briefing-YYYY-MM-DD``;
    ``templates_dir`` is searched before the defaults; ``paper`` is the PDF page size
    (A4, Letter, A3, A5, Legal); ``css`` is a stylesheet added after the default one.

    Every output is rendered in memory first, then written to a temporary file beside its
    target, and only when all are written are they renamed into place: a template error
    or a failed write (disk full) replaces none of the files from the same stem. Template
    problems raise BriefgenError(TEMPLATE); write problems BriefgenError(OUTPUT). A build
    publishes through :func:`briefgen.outputs.publish_edition` instead, which also moves
    the ``latest`` links and keeps the history.
    """
    rendered = render_formats(briefing, formats, templates_dir=templates_dir, paper=paper, css=css)
    files = edition_files(out_dir, stem or f"briefing-{briefing.date:%Y-%m-%d}", rendered)
    with Staged() as staged:
        stage_edition(staged, files)
        return commit_edition(staged)
