"""The EPUB 3 briefing, for e-readers: a title page, one chapter per section, a nav.

The chapters come from ``epub/section.xhtml``, the title page from ``epub/title.xhtml``,
the table of contents (sections, and the stories in each) from ``epub/nav.xhtml``, the
styles from ``epub/style.css``: templates like the others, overridable the same way, with
autoescape on. The package document and the container are written here. Nothing is
fetched: the book holds text and its stylesheet only, and links point out to the articles.

Text that XML cannot hold (control characters) is dropped from the context first, and
links are percent-encoded where a URL may not carry a character as it is, so the book is
well-formed whatever the articles contained. The zip is deterministic: the same briefing
gives the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.document import Briefing
from briefgen.render.environment import html_environment, render_template
from briefgen.render.i18n import Reader, reader_for, text_direction

TEMPLATES = ("epub/title.xhtml", "epub/section.xhtml", "epub/nav.xhtml")
STYLE = "epub/style.css"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def _clean(value: Any, key: str = "") -> Any:
    """The context with XML-invalid characters removed and links made valid URLs."""
    if isinstance(value, str):
        text = _NOT_XML.sub("", value)
        return quote(text, safe="%:/?#[]@!$&'()*+,;=~") if key == "link" else text
    if isinstance(value, dict):
        return {k: _clean(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _package(briefing: Briefing, language: str, chapters: Sequence[str]) -> str:
    book_id = uuid.uuid5(uuid.NAMESPACE_URL, f"briefgen:{briefing.title}:{briefing.date}")
    moment = briefing.run.generated_at
    modified = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    items = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="style" href="style.css" media-type="text/css"/>',
        *(
            f'<item id="c{i}" href="{name}" media-type="application/xhtml+xml"/>'
            for i, name in enumerate(chapters)
        ),
    ]
    spine = [f'<itemref idref="c{i}"/>' for i in range(len(chapters))]
    rtl = text_direction(language) == "rtl"
    direction = ' page-progression-direction="rtl"' if rtl else ""
    title = escape(_clean(f"{briefing.title} — {briefing.date.isoformat()}"))
    manifest, spine_refs = "\n    ".join(items), "\n    ".join(spine)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" \
xml:lang={quoteattr(language)}>
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:{book_id}</dc:identifier>
    <dc:title>{title}</dc:title>
    <dc:language>{escape(language)}</dc:language>
    <dc:creator>briefgen</dc:creator>
    <dc:date>{briefing.date.isoformat()}</dc:date>
    <meta property="dcterms:modified">{modified}</meta>
  </metadata>
  <manifest>
    {manifest}
  </manifest>
  <spine{direction}>
    {spine_refs}
  </spine>
</package>
"""


def _chapters(context: dict[str, Any], reader: Reader) -> list[dict[str, Any]]:
    """The sections as chapters: file name and heading added to each."""
    chapters = []
    for number, section in enumerate(context["sections"], 1):
        single = len(context["sections"]) == 1
        untitled = reader.gettext("Stories") if single else reader.gettext("More")
        heading = section["name"] or untitled
        chapters.append({**section, "file": f"section-{number}.xhtml", "heading": heading})
    return chapters


def _read_style(dirs: Sequence[Path]) -> str:
    for folder in dirs:
        path = Path(folder) / STYLE
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise BriefgenError(f"template not found: {STYLE}; looked in {dirs}", ExitCode.TEMPLATE)


def render_epub(briefing: Briefing, context: dict[str, Any], dirs: Sequence[Path]) -> bytes:
    """The EPUB 3 file of ``briefing`` (``context``: its :func:`briefing_context`)."""
    reader = reader_for(context["locale"])
    env = html_environment(dirs, reader.tag)
    language = reader.tag  # the reader's language: the book's chrome is in it
    values = {**_clean(context), "language": language, "output": "epub"}
    values["chapters"] = _chapters(values, reader)

    def render(name: str, **extra: Any) -> str:
        return render_template(env, name, {**values, **extra}, dirs, "rendering the EPUB")

    files = {"EPUB/title.xhtml": render("epub/title.xhtml")}
    for chapter in values["chapters"]:
        files[f"EPUB/{chapter['file']}"] = render("epub/section.xhtml", chapter=chapter)
    files["EPUB/nav.xhtml"] = render("epub/nav.xhtml")
    files["EPUB/style.css"] = _read_style(dirs)
    chapters = ["title.xhtml", *(c["file"] for c in values["chapters"])]
    files["EPUB/package.opf"] = _package(briefing, language, chapters)
    return _zip({"META-INF/container.xml": CONTAINER, **files})


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype", stamp), "application/epub+zip")  # stored
        for name, text in files.items():
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            book.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
