"""``--format epub``: an EPUB 3 with the sections and stories in its table of contents, the
quotes and the links; well-formed whatever the articles hold; valid by epubcheck."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

from .conftest import SAMPLES

runner = CliRunner()
XHTML = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("epub")
    result = runner.invoke(
        app,
        [
            "build",
            str(SAMPLES),
            "-o",
            str(out),
            "--engine",
            "extractive",
            "--format",
            "epub,json",
            "--date",
            "2026-11-25",
            "--title",
            "Reader's <Briefing>",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_epub_is_a_well_formed_epub3(book: Path) -> None:
    with zipfile.ZipFile(book / "briefing-2026-11-25.epub") as epub:
        first = epub.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert epub.read("mimetype") == b"application/epub+zip"
        for name in epub.namelist():
            if name.endswith((".xhtml", ".opf", ".xml")):
                ET.fromstring(epub.read(name))  # well-formed XML, every file
        package = ET.fromstring(epub.read("EPUB/package.opf"))
        assert package.get("version") == "3.0"
        title = package.find(".//{http://purl.org/dc/elements/1.1/}title")
        assert title is not None and title.text == "Reader's <Briefing> — 2026-11-25"


def test_the_toc_lists_sections_and_their_stories(book: Path) -> None:
    data = json.loads((book / "briefing-2026-11-25.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(book / "briefing-2026-11-25.epub") as epub:
        nav = ET.fromstring(epub.read("EPUB/nav.xhtml"))
        toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(f"{OPS}type") == "toc")
        sections = toc.findall(f"{XHTML}ol/{XHTML}li")[1:]  # after the title page
        names = [li.find(f"{XHTML}a").text for li in sections]  # type: ignore[union-attr]
        headings = [
            ET.fromstring(epub.read(f"EPUB/{li.find(f'{XHTML}a').get('href')}"))  # type: ignore[union-attr]
            .find(f".//{XHTML}h1")
            .text  # type: ignore[union-attr]
            for li in sections
        ]
        assert len(names) > 3 and names == headings  # one chapter per section, in order
        stories = {a.text for li in sections for a in li.findall(f"{XHTML}ol//{XHTML}a")}
        assert stories == {s["title"] for s in data["stories"]}
        for li in sections:  # every story link lands on an element of that id
            for a in li.findall(f".//{XHTML}ol//{XHTML}a"):
                file, _, anchor = a.get("href", "").partition("#")
                page = epub.read(f"EPUB/{file}").decode()
                assert f'id="{anchor}"' in page


def test_the_chapters_hold_the_quotes_and_the_links(book: Path) -> None:
    data = json.loads((book / "briefing-2026-11-25.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(book / "briefing-2026-11-25.epub") as epub:
        text = "".join(
            epub.read(n).decode() for n in epub.namelist() if n.startswith("EPUB/section-")
        )
    quotes = [q["quote"] for s in data["stories"] for q in s["quotes"]]
    assert quotes and all(q.replace("'", "&#39;").replace('"', "&#34;") in text for q in quotes)
    links = [s["url"] for s in data["stories"] if s["url"].startswith("http")]
    assert links and all(f'href="{u}"' in text for u in links)
    assert "<script" not in text and "src=" not in text


def test_hostile_article_text_stays_inert_and_well_formed(tmp_path: Path) -> None:
    article = tmp_path / "bad.md"
    article.write_text(
        "---\ntitle: <script>alert(1)</script> Tab & co\n"
        "url: https://example.com/a b?q=<x>&r=é\n---\n\n"
        + "The council said “we will <b>not</b> wait\x0b” on Monday. \x01"
        * 8,
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["build", str(article), "-o", str(tmp_path / "out"), "-e", "extractive", "-f", "epub"]
    )
    assert result.exit_code == 0, result.output
    [path] = (tmp_path / "out").glob("briefing-*.epub")
    with zipfile.ZipFile(path) as epub:
        pages = [epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml")]
    assert pages
    for page in pages:
        ET.fromstring(page)
        assert "<script>" not in page and "<b>" not in page


def _epubcheck() -> list[str] | None:
    jar = Path("/usr/share/java/epubcheck.jar")
    if shutil.which("java") and jar.is_file():
        return ["java", "-XX:TieredStopAtLevel=1", "-jar", str(jar)]
    return None


@pytest.mark.skipif(
    _epubcheck() is None,
    reason="epubcheck is not installed (Debian: apt-get install epubcheck; `make system-deps`)",
)
def test_epubcheck_finds_no_error(book: Path) -> None:
    command = _epubcheck()
    assert command is not None
    done = subprocess.run(
        [*command, str(book / "briefing-2026-11-25.epub")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No errors or warnings detected" in done.stdout
