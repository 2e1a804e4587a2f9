"""The HTML briefing: one self-contained file (CSS inlined, no scripts, no fetches)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from briefgen.render.environment import HTML_TEMPLATE, html_environment, render_template
from briefgen.settings.options import PAPERS

# the CSS @page size of each paper of the options schema, by its name in lower case
PAPER_SIZES = {p.lower(): p if p.startswith("A") else p.lower() for p in PAPERS}


def render_html(
    context: dict[str, Any],
    dirs: Sequence[Path],
    *,
    output: str = "html",
    paper: str = "A4",
    extra_css: str = "",
) -> str:
    """Render ``briefing.html``; ``output`` is ``"html"`` or ``"pdf"`` (same template).

    ``extra_css`` is the user's own stylesheet (``--css``), inlined after the defaults. It
    is trusted input from the person running briefgen, never article text.
    """
    values = dict(context)
    values.update(
        output=output,
        paper=paper,
        # A "</style" inside the user's CSS would end the style element early.
        extra_css=Markup(extra_css.replace("</", "<\\/")),
    )
    return render_template(
        html_environment(dirs, values.get("locale", "en")),
        HTML_TEMPLATE,
        values,
        dirs,
        f"rendering {output.upper()}",
    )
