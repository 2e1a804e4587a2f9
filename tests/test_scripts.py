"""Articles in any script, end to end: word counts and sentences in Chinese, Japanese and
Arabic, language identification, and a briefing in six languages whose every story carries
its language and direction in HTML, PDF, EPUB, mail and the edition's JSON.

The articles are the hand-written ones of ``tests/data/languages`` (fiction)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.core.errors import ExitCode
from briefgen.core.scripts import direction, word_count
from briefgen.core.sentences import PYSBD_MAX_CHARS, split_sentences
from briefgen.deliver.message import render_email_html
from briefgen.document import briefing_from_json
from briefgen.ingest import read_sources
from briefgen.ingest.language import detect
from briefgen.ingest.readers import read_markdown
from briefgen.render import briefing_context
from briefgen.render.environment import template_dirs
from briefgen.summarise.chunking import chunk_text
from briefgen.summarise.extractive import extract_summary

runner = CliRunner()
LANGUAGES = Path(__file__).parent / "data" / "languages"
BRIEFING = ["en-1", "fr-1", "de-1", "es-1", "zh-1", "ar-1"]


def text_of(name: str) -> str:
    [article] = read_markdown((LANGUAGES / f"{name}.md").read_text(encoding="utf-8"), name)
    return article.text


def test_chinese_and_japanese_words_are_counted_by_characters() -> None:
    zh, ja = text_of("zh-2"), text_of("ja-2")
    assert len(zh.split()) == 3  # three paragraphs, no spaces: what briefgen counted before
    assert 50 <= word_count(zh) <= 90  # 112 Han characters at 1.5 a word
    assert word_count(ja) > 50
    sample = "The council met on Friday. It agreed."
    assert word_count(sample) == len(sample.split())  # spaced scripts: white space as before
    # an article that was "too short to summarise (3 words; at least 20)" is read
    ingested = read_sources([str(LANGUAGES / "zh-2.md")], languages=["zh"])
    assert [a.language for a in ingested.articles] == ["zh"], ingested.skipped


def test_sentences_end_at_cjk_and_arabic_stops() -> None:
    zh = "政府周二宣布了新计划。市长说：“我们会重建。”这是第三句！最后"
    assert [s.text for s in split_sentences(zh)] == [
        "政府周二宣布了新计划。",
        "市长说：“我们会重建。”",
        "这是第三句！",
        "最后",
    ]
    ar = "أعلنت الحكومة خطة جديدة. هل ستنفذ الخطة؟ نعم."
    spans = split_sentences(ar)
    assert [s.text for s in spans] == ["أعلنت الحكومة خطة جديدة.", "هل ستنفذ الخطة؟", "نعم."]
    assert all(ar[s.start : s.end] == s.text for s in spans)


def test_german_and_french_abbreviations_and_ordinals_do_not_split() -> None:
    de = "Die Arbeiten beginnen z. B. am 3. März. Dr. Weber sagte, das koste ca. 5 Mio. Euro."
    assert [s.text for s in split_sentences(de, "de")] == [
        "Die Arbeiten beginnen z. B. am 3. März.",
        "Dr. Weber sagte, das koste ca. 5 Mio. Euro.",
    ]
    assert len(split_sentences(de)) > 2  # the English rules would cut "am 3. März"
    fr = "M. Dupont a parlé à Mme Martin mardi.\n\nLe maire a dit non."
    spans = split_sentences(fr, "fr")
    assert [s.text for s in spans] == [
        "M. Dupont a parlé à Mme Martin mardi.",
        "Le maire a dit non.",
    ]
    assert all(fr[s.start : s.end] == s.text for s in spans)


def test_a_paragraph_too_long_for_pysbd_is_split_by_the_rules() -> None:
    sentence = "Die Arbeiten beginnen am 3. März. "
    long = sentence * (PYSBD_MAX_CHARS // len(sentence) + 1)
    assert split_sentences(long, "de") == split_sentences(long)  # the rules cut "3. März"
    assert [s.text for s in split_sentences(sentence * 2, "de")] == [sentence.strip()] * 2


@pytest.mark.parametrize("name", ["zh-2", "ja-1", "ar-2"])
def test_the_extractive_engine_summarises_caseless_scripts(name: str) -> None:
    text = text_of(name)
    summary = extract_summary(text, 3, name[:2])
    sentences = split_sentences(summary)
    assert len(sentences) == 3, summary
    assert all(s.text in text for s in sentences)  # verbatim sentences of the article
    if name[:2] in ("zh", "ja"):
        assert " " not in summary  # no space between Chinese or Japanese sentences


@pytest.mark.parametrize("path", sorted(LANGUAGES.glob("*-*.md")), ids=lambda p: p.stem)
def test_every_test_article_is_detected_as_its_language(path: Path) -> None:
    assert detect(text_of(path.stem)).language == path.stem.split("-")[0]


_DETECT_ALL = """
import json, sys
from pathlib import Path
from briefgen.ingest.language import detect
from briefgen.ingest.readers import read_markdown
paths = sorted(Path(sys.argv[1]).glob("*-*.md"))
texts = [next(iter(read_markdown(p.read_text("utf-8"), p.name))).text for p in paths]
print(json.dumps([[detect(t).language, detect(t).probability] for t in texts]))
"""


@pytest.mark.slow
def test_detection_does_not_depend_on_the_hash_seed() -> None:
    answers = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _DETECT_ALL, str(LANGUAGES)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=120,
        )
        answers.append(json.loads(done.stdout))
    assert answers[0] == answers[1]
    assert len(answers[0]) == 27 and all(lang for lang, _ in answers[0])


def test_direction_by_language() -> None:
    assert [direction(c) for c in ("ar", "he", "fa-IR", "zh", "fr", "")] == [
        *("rtl", "rtl", "rtl", "ltr", "ltr", ""),
    ]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A briefing of six articles, one a language, in every format but Markdown."""
    folder = tmp_path_factory.mktemp("six")
    (folder / "in").mkdir()
    for name in BRIEFING:
        shutil.copy(LANGUAGES / f"{name}.md", folder / "in" / f"{name}.md")
    args = ["build", str(folder / "in"), "--out", str(folder / "out"), "--engine", "extractive"]
    args += ["--languages", "en,fr,de,es,zh,ar", "--format", "html,pdf,json,epub", "--no-cache"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return folder / "out"


def test_a_briefing_in_six_languages_keeps_every_article(edition: Path) -> None:
    data = json.loads((edition / "latest.json").read_text(encoding="utf-8"))
    stories = data["stories"] + [r for s in data["stories"] for r in s["related"]]
    assert sorted(s["language"] for s in stories) == sorted(n[:2] for n in BRIEFING)
    assert data["skipped"] == []
    # the JSON round trip keeps each story's language
    again = briefing_from_json(data)
    assert sorted(s.article.language for s in again.all_stories) == sorted(n[:2] for n in BRIEFING)


def test_every_story_carries_its_language_and_direction_in_html(edition: Path) -> None:
    html = (edition / "latest.html").read_text(encoding="utf-8")
    tags = re.findall(r'<article class="story"[^>]*lang="([a-z]+)" dir="(rtl|ltr)"', html)
    assert sorted(tags) == sorted((n[:2], "rtl" if n[:2] == "ar" else "ltr") for n in BRIEFING)
    glance = re.findall(r'<li lang="([a-z]+)" dir="(rtl|ltr)">', html)
    assert sorted(glance) == sorted(tags)


def test_epub_and_mail_mark_right_to_left_stories(edition: Path) -> None:
    with zipfile.ZipFile(edition / "latest.epub") as book:
        chapters = "".join(
            book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml")
        )
    assert 'lang="ar" xml:lang="ar" dir="rtl"' in chapters
    assert 'lang="zh" xml:lang="zh" dir="ltr"' in chapters
    briefing = briefing_from_json(json.loads((edition / "latest.json").read_text("utf-8")))
    mail = render_email_html(briefing_context(briefing), template_dirs(None))
    # css-inline writes the attributes in its own order, the RTL rule inlined
    rtl = re.findall(r'<div class="story" dir="rtl" lang="ar" style="([^"]*)"', mail)
    assert len(rtl) == 1 and "text-align: right" in rtl[0], mail


def _story(page: str, tag: str, language: str) -> str:
    """The ``tag`` element of ``page`` whose story is in ``language``."""
    found = re.search(rf'<{tag} class="story"[^>]*lang="{language}".*?</{tag}>', page, re.S)
    assert found, page
    return found.group(0)


def test_the_pages_own_text_in_a_story_keeps_the_pages_language(tmp_path: Path) -> None:
    """ "Read the original", labels and dates inside an Arabic story are English (the
    reader's language), marked so; Markdown, which has no ``lang``, names the language."""
    (tmp_path / "in").mkdir()
    for name in ("en-1", "ar-1", "fr-1"):  # with a link and a date: the page's own text
        head, _, body = (LANGUAGES / f"{name}.md").read_text("utf-8")[4:].partition("---\n")
        dated = f"url: https://{name}.example.com/a\npublished: 2026-11-09\n"
        (tmp_path / "in" / f"{name}.md").write_text(f"---\n{head}{dated}---\n{body}", "utf-8")
    args = ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-cache"]
    args += ["--engine", "extractive", "--languages", "en,fr,ar", "--format", "html,epub,json,md"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "latest.html").read_text(encoding="utf-8")
    assert '<p class="original" lang="en" dir="ltr">' in _story(html, "article", "ar")
    assert '<p class="original">' in _story(html, "article", "en")  # no mark where not needed
    with zipfile.ZipFile(tmp_path / "out" / "latest.epub") as book:
        xhtml = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert '<p class="link" lang="en" xml:lang="en" dir="ltr">' in _story(xhtml, "article", "ar")
    data = json.loads((tmp_path / "out" / "latest.json").read_text("utf-8"))
    mail = render_email_html(briefing_context(briefing_from_json(data)), template_dirs(None))
    assert re.search(r'<p class="byline" dir="ltr" lang="en"', _story(mail, "div", "ar"))
    markdown = (tmp_path / "out" / "latest.md").read_text(encoding="utf-8")
    for name in ("Arabic", "French"):
        assert re.search(rf"^\*.* · {name}\*$", markdown, re.M), markdown
    assert "English*" not in markdown


def test_the_pdf_embeds_fonts_that_draw_chinese_and_arabic(edition: Path) -> None:
    if not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout:
        pytest.skip("no CJK font installed: make system-deps installs fonts-noto-cjk")
    reader = PdfReader(edition / "latest.pdf")
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in f for f in fonts), fonts
    assert any("Arabic" in f for f in fonts), fonts
    text = "".join(page.extract_text() for page in reader.pages)
    assert "海港小城" in text


def test_quotes_and_summarize_take_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = str(LANGUAGES / "fr-1.md")
    refused = runner.invoke(app, ["quotes", article])
    assert refused.exit_code == ExitCode.NO_INPUT
    assert "--languages en,fr" in refused.output
    assert runner.invoke(app, ["quotes", article, "--languages", "fr"]).exit_code == 0
    monkeypatch.setenv("BRIEFGEN_LANGUAGES", "fr")
    assert runner.invoke(app, ["quotes", article]).exit_code == 0
    monkeypatch.delenv("BRIEFGEN_LANGUAGES")
    args = ["summarize", str(LANGUAGES / "zh-1.md"), "--engine", "extractive", "--languages"]
    done = runner.invoke(app, [*args, "zh", "--cache-dir", str(tmp_path / "cache")])
    assert done.exit_code == 0, done.output
    assert done.stdout.strip().startswith("青湾市周五开通了首条夜间公交线路")


class Characters:
    """A counter for the tests: one token per character, as a CJK tokenizer nearly is."""

    def count(self, text: str) -> int:
        return len(text)

    def split(self, text: str, max_tokens: int) -> list[str]:
        return [text[i : i + max_tokens] for i in range(0, len(text), max_tokens)]


def test_chinese_is_chunked_at_its_full_stops() -> None:
    text = text_of("zh-3")
    chunks = chunk_text(text, Characters(), 60, language="zh")
    assert len(chunks) > 1 and all(len(c) <= 60 for c in chunks)
    assert all(c.endswith("。") for c in chunks)  # whole sentences, none cut
    assert "".join(chunks) == text.replace("\n\n", "")  # no space put between them
