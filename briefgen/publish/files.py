"""Writing an edition's files all or nothing: each to a temporary beside its target, then
every rename together (:class:`briefgen.core.atomic.Staged`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from briefgen.core.atomic import Staged
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.document import Briefing
from briefgen.publish.names import output_stem
from briefgen.render import render_formats


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


def _checked(key: str, value: object) -> Any:
    """``value`` as the options schema's ``key`` takes it; BriefgenError(USAGE) if it is not."""
    from briefgen.settings.options import Context, Invalid, schema

    try:
        return schema()[key].type.validate(value, Context())
    except Invalid as exc:
        raise BriefgenError(f"{key} {exc}", ExitCode.USAGE) from None


def write_briefing(
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
    publishes through :func:`briefgen.publish.edition.publish_edition` instead, which also moves
    the ``latest`` links and keeps the history.
    """
    wanted, size = _checked("formats", list(formats)), _checked("paper", paper)
    rendered = render_formats(briefing, wanted, templates_dir=templates_dir, paper=size, css=css)
    files = edition_files(out_dir, stem or output_stem("", briefing.date, "default"), rendered)
    with Staged() as staged:
        stage_edition(staged, files)
        return commit_edition(staged)
