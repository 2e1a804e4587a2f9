"""The Python API's runs (re-exported by :mod:`briefgen`): build a briefing, read articles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from briefgen.app.build import BuildResult, read_inputs
from briefgen.app.build import build as run_build
from briefgen.document import Article, SourceSpec
from briefgen.settings.config import load_settings
from briefgen.settings.options import BuildOptions


def build(
    sources: Sequence[str | Path] = (),
    *,
    config: str | Path | None = None,
    briefing: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    **settings: Any,
) -> BuildResult:
    """Build a briefing from ``sources`` (files, folders, globs, URLs, ``feed:URL``) and
    write it; return the :class:`~briefgen.app.build.BuildResult` (the briefing, the paths
    written, how many summaries came from the cache).

    ``settings`` are the configuration keys (``out="out"``, ``formats=["html", "pdf"]``,
    ``engine="extractive"``, ``date="2026-11-25"``...), checked by the same schema as the
    config file and the flags; a wrong one raises :class:`~briefgen.core.errors.BriefgenError`.
    As on the command line, ``config`` (or ``./briefgen.toml``, then the user's config file,
    when there is one) and ``BRIEFGEN_*`` variables give the values ``settings`` leave out.
    ``progress(done, total)`` is called as articles are summarised.
    """
    flags = {"sources": [str(s) for s in sources], **settings}
    options = load_settings(Path(config) if config is not None else None, briefing, flags)
    return run_build(options, progress=progress)


def build_with(options: BuildOptions) -> BuildResult:
    """Build the briefing ``options`` describe (see :func:`briefgen.load_settings`)."""
    return run_build(options)


def read_articles(sources: Sequence[str | Path | SourceSpec], **settings: Any) -> list[Article]:
    """The articles ``build`` would read from ``sources`` (duplicates and unusable inputs
    left out), with the reading settings (``languages``, ``since``, ``offline``...)."""
    options = load_settings(None, None, settings)
    specs = [s if isinstance(s, SourceSpec) else str(s) for s in sources]
    return list(read_inputs(options, specs).articles)
