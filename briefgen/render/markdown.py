"""The Markdown briefing, from its template (``briefing.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefgen.render.environment import (
    MARKDOWN_TEMPLATE,
    markdown_environment,
    render_template,
    text_environment,
)


def render_markdown(context: dict[str, Any], dirs: Sequence[Path]) -> str:
    """Render ``briefing.md``; every value is Markdown-escaped on the way out."""
    values = dict(context)
    values.update(output="md", paper="", extra_css="")
    return render_template(
        markdown_environment(dirs, values.get("locale", "en")),
        MARKDOWN_TEMPLATE,
        values,
        dirs,
        "rendering Markdown",
    )


def render_plain_text(context: dict[str, Any], dirs: Sequence[Path]) -> str:
    """Render ``briefing.md`` as a mail's plain-text part: the same layout, the values as
    they are (no Markdown escapes, which a mail reader would show as backslashes)."""
    values = dict(context)
    values.update(output="md", paper="", extra_css="")
    return render_template(
        text_environment(dirs, values.get("locale", "en")),
        MARKDOWN_TEMPLATE,
        values,
        dirs,
        "rendering the mail's text",
    )
