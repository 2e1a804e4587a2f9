"""HTML to PDF through WeasyPrint, with a URL fetcher that fetches almost nothing.

WeasyPrint is imported inside the functions: importing it takes a good part of a second,
and ``briefgen --help`` must stay fast.

The briefing's HTML is self-contained (its CSS is inlined and article text is escaped), so
a normal render asks the fetcher for nothing. The fetcher is the second line of defence:
it serves ``data:`` URIs and files under the template folders (a user's logo or font), and
refuses, and logs, everything else: http, https, ftp, and files anywhere else on disk.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from briefgen.core.errors import BriefgenError, ExitCode

log = logging.getLogger(__name__)


def allowed_file(url: str, roots: Sequence[Path]) -> bool:
    """Whether a ``file:`` URL names a file inside one of ``roots`` (after resolving links)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return False
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve()
    except (OSError, ValueError):
        return False
    return any(path.is_relative_to(root.resolve()) for root in roots)


def make_url_fetcher(roots: Sequence[Path]) -> Any:
    """A WeasyPrint ``URLFetcher`` that allows only ``data:`` and files under ``roots``.

    Refused URLs are logged (warning, logger ``briefgen.render.pdf``) and listed in the
    fetcher's ``refused`` attribute; WeasyPrint then leaves the resource out.
    """
    from weasyprint.urls import URLFetcher

    class SafeURLFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(timeout=5, allowed_protocols={"data", "file"}, fail_on_errors=False)
            self.roots = [Path(r) for r in roots]
            self.refused: list[str] = []
            self.fetched: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data" or (scheme == "file" and allowed_file(url, self.roots)):
                self.fetched.append(url)
                return super().fetch(url, headers)
            self.refused.append(url)
            shown = url if len(url) <= 200 else url[:200] + "…"
            log.warning(
                "refused to fetch %s: only data: URIs and template files are allowed", shown
            )
            raise ValueError(f"briefgen does not fetch {shown}")

    return SafeURLFetcher()


def html_to_pdf(html: str, dirs: Sequence[Path], *, fetcher: Any = None) -> bytes:
    """Lay out ``html`` and return the PDF's bytes.

    Relative URLs resolve against the first template folder (the user's, when given).
    """
    import weasyprint

    fetcher = fetcher if fetcher is not None else make_url_fetcher(dirs)
    base_url = dirs[0].as_uri() + "/"
    try:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        pdf = document.write_pdf()
    except Exception as exc:  # WeasyPrint fails on odd markup a template can produce
        raise BriefgenError(
            f"cannot lay out the PDF: {type(exc).__name__}: {exc}", ExitCode.TEMPLATE
        ) from exc
    assert isinstance(pdf, bytes)
    return pdf
