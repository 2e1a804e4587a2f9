"""Issue 27's "Done when" in one briefing: articles in English, French, German, Spanish,
Chinese and Arabic, read for a French reader (``--locale fr``). Every article is kept, their
quotes carry the speakers our gold annotations name, the PDF embeds fonts for every script,
right-to-left text is marked, and the page's own text and dates are French."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefgen.cli import app

from .conftest import SAMPLES

runner = CliRunner()
GOLD = Path(__file__).parent / "data" / "quotes_intl.jsonl"
ARTICLES = ("fr-01", "de-01", "es-01", "zh-01", "ar-01")
DAY = "2026-11-25"  # a Wednesday


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    gold = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold[record["id"]] = record
    folder = tmp_path_factory.mktemp("every-language")
    (folder / "in").mkdir()
    for ident in ARTICLES:
        text = str(gold[ident]["text"])
        title = text.partition("\n")[0]  # the lede as the headline; the text stays whole
        page = f"---\ntitle: {title}\nsource: Source {ident}\n---\n{text}\n"
        (folder / "in" / f"{ident}.md").write_text(page, encoding="utf-8")
    english = (SAMPLES / "flood-barrier.md").read_text(encoding="utf-8")
    (folder / "in" / "en-01.md").write_text(english, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            *["build", str(folder / "in"), "--languages", "en,fr,de,es,zh,ar"],
            *["--locale", "fr", "--engine", "extractive", "--no-cache"],
            *["--out", str(folder / "out"), "--format", "json,html,pdf", "--date", DAY],
        ],
    )
    assert result.exit_code == 0, result.output
    return folder / "out", gold


def test_every_article_is_kept_with_its_quotes_and_their_speakers(
    edition: tuple[Path, dict[str, Any]],
) -> None:
    out, gold = edition
    data = json.loads((out / f"briefing-{DAY}.json").read_text(encoding="utf-8"))
    assert data["skipped"] == [] and data["notes"] == []
    stories = {s["language"]: s for s in data["stories"]}
    assert sorted(stories) == ["ar", "de", "en", "es", "fr", "zh"]
    assert any(q["speaker"] for q in stories["en"]["quotes"])
    for ident in ARTICLES:
        said = {q["quote"].strip(): q["speaker"] for q in gold[ident]["quotes"]}
        shown = stories[ident[:2]]["quotes"]
        assert shown, ident
        for quote in shown:  # a quotation may run on past the part the gold annotates
            words = quote["quote"].strip()
            match = [who for text, who in said.items() if text in words or words in text]
            assert match == [quote["speaker"]], (ident, quote)


def test_french_chrome_and_right_to_left_arabic(edition: tuple[Path, dict[str, Any]]) -> None:
    out, _ = edition
    html = (out / f"briefing-{DAY}.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in html
    assert "mercredi 25 novembre 2026" in html and "L’essentiel" in html
    assert ">At a glance<" not in html
    assert re.search(r'<article[^>]* lang="ar"[^>]* dir="rtl"', html)
    assert re.search(r'<article[^>]* lang="zh"[^>]* dir="ltr"', html)


def test_the_pdf_embeds_fonts_for_every_script(edition: tuple[Path, dict[str, Any]]) -> None:
    if not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout:
        pytest.skip("no CJK font installed: make system-deps installs fonts-noto-cjk")
    reader = PdfReader(edition[0] / f"briefing-{DAY}.pdf")
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in f for f in fonts) and any("Arabic" in f for f in fonts), fonts
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "mercredi 25 novembre 2026" in text
