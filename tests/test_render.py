"""The rendering layer: real templates, real files, real PDFs (read back with pypdf)."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.document import Article, Briefing, Quote, RunInfo, Skipped, Story, Summary
from briefgen.publish.files import write_briefing
from briefgen.render import (
    briefing_context,
    check_templates,
    default_templates_dir,
    render_formats,
    sample_briefing,
)
from briefgen.render.pdf import make_url_fetcher

ENGINE_NOTE = "Summaries are extractive: model example/tiny-bart could not be loaded (offline)."
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="file:///etc/passwd">',
]


def article(n: int, title: str, section: str = "", **extra: Any) -> Article:
    fields: dict[str, Any] = {
        "id": f"art{n}",
        "title": title,
        "text": f"Body of article {n}. It is long enough to be an article.",
        "source": extra.pop("source", f"Source {n % 2}"),
        "url": extra.pop("url", f"https://news.example/{n}"),
        "published": datetime(2026, 11, 25, 8, n),
        "author": extra.pop("author", f"Writer {n}"),
        "section": section,
    }
    fields.update(extra)
    return Article(**fields)


def story(art: Article, summary: str, quotes: list[Quote] | None = None) -> Story:
    return Story(art, Summary(art.id, summary, "abstractive", "example/tiny-bart"), quotes or [])


def quote(text: str, speaker: str | None = "Elena Voss", role: str | None = None) -> Quote:
    return Quote(text, speaker, "said", 10, 10 + len(text), key=True, score=0.8, speaker_role=role)


def run_info(note: str = "") -> RunInfo:
    return RunInfo(
        engine="abstractive",
        model="example/tiny-bart",
        engine_note=note,
        generated_at=datetime(2026, 11, 25, 7, 30),
        timings={"ingest": 0.5, "summarise": 42.0},
        skipped=[Skipped("feeds/empty.xml", "the feed has no items")],
        version="9.9.9",
    )


TITLES = [
    "Council approves new ferry timetable",
    "Rail fares rise in January",
    "Harbour museum wins design prize",
]


def sectioned_briefing() -> Briefing:
    stories = [
        story(
            article(1, TITLES[0], "Local"),
            "The council approved a winter ferry timetable on Tuesday. Crossings run every "
            "twenty minutes.\n\nThe change starts in December.",
            [quote("We listened to every commuter who wrote to us", role="Mayor of Harbourside")],
        ),
        story(
            article(2, TITLES[1], "Business"),
            "Regulated fares will rise by 4.2% on 2 January. Season tickets cost more.",
            [quote("Passengers are paying more for less", "Priya Raman", "campaigner")],
        ),
        story(
            article(3, TITLES[2], "Local"),
            "The harbour museum won a national design prize for its timber extension.",
        ),
    ]
    return Briefing("The Test Briefing", date(2026, 11, 25), stories, run_info(ENGINE_NOTE))


def flat_briefing() -> Briefing:
    stories = [
        story(article(4, "Zeta story comes first", ""), "Zeta happened. Then more."),
        story(article(5, "Alpha story comes second", ""), "Alpha happened."),
    ]
    return Briefing("Flat Briefing", date(2026, 11, 26), stories, run_info())


def hostile_briefing() -> Briefing:
    bad = " ".join(HOSTILE)
    art = article(
        6,
        f"Hostile headline {HOSTILE[0]}",
        source=f"Evil {HOSTILE[1]}",
        author=HOSTILE[2],
        url="javascript:alert(1)",
    )
    return Briefing(
        f"Briefing {HOSTILE[0]}",
        date(2026, 11, 27),
        [story(art, f"Summary text {bad}.", [quote(f"Quoted {bad}", HOSTILE[1], HOSTILE[2])])],
        run_info(note=f"note {HOSTILE[0]}"),
    )


class Tags(HTMLParser):
    """Every start tag and its attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


def outline_titles(path: Path) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(PdfReader(path).outline)
    return titles


class Keep(logging.Handler):
    """Keeps the warnings of a few loggers, whatever the test run's logging set-up."""

    def __init__(self, *names: str) -> None:
        super().__init__(level=logging.WARNING)
        self.names = names
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> Keep:
        for name in self.names:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.names:
            logging.getLogger(name).removeHandler(self)


LOGGERS = ("briefgen.render.pdf", "weasyprint")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    with Keep(*LOGGERS) as kept:
        paths = write_briefing(sectioned_briefing(), out, ["html", "pdf", "md", "json"])
    # The default templates lay out without a single WeasyPrint warning (no unknown CSS).
    assert [r.getMessage() for r in kept.records] == []
    return {p.suffix[1:]: p for p in paths}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("hostile")
    with Keep(*LOGGERS) as kept:
        paths = write_briefing(hostile_briefing(), out, ["html", "pdf", "md", "json"])
    return {"paths": {p.suffix[1:]: p for p in paths}, "records": kept.records}


# --- the four formats -------------------------------------------------------------------


def test_writes_every_format_under_the_default_stem(outputs: dict[str, Path]) -> None:
    assert sorted(outputs) == ["html", "json", "md", "pdf"]
    for fmt, path in outputs.items():
        assert path.name == f"briefing-2026-11-25.{fmt}"
        assert path.stat().st_size > 0
    assert not list(outputs["html"].parent.glob("*.part"))


def test_html_has_masthead_stories_quotes_and_links(outputs: dict[str, Path]) -> None:
    html = outputs["html"].read_text(encoding="utf-8")
    doc = parse(html)
    text = " ".join(doc.text)
    assert "The Test Briefing" in text
    assert "Wednesday 25 November 2026" in text
    assert "3 stories from 2 sources" in re.sub(r"\s+", " ", text)
    for title in TITLES:
        assert title in text
    assert "We listened to every commuter who wrote to us" in text
    assert "Mayor of Harbourside" in text
    assert ENGINE_NOTE in text
    assert "feeds/empty.xml" in text and "9.9.9" in text

    ids = {attrs.get("id") for _, attrs in doc.tags}
    hrefs = [attrs.get("href") for tag, attrs in doc.tags if tag == "a"]
    for n in (1, 2, 3):
        assert f"story-art{n}" in ids
        assert f"#story-art{n}" in hrefs
        assert f"https://news.example/{n}" in hrefs

    tags = {tag for tag, _ in doc.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "style" in tags
    assert 'name="viewport"' in html and "prefers-color-scheme" in html


def test_stories_grouped_by_section_in_first_appearance_order(outputs: dict[str, Path]) -> None:
    html = outputs["html"].read_text(encoding="utf-8")
    positions = [html.index(f'id="story-art{n}"') for n in (1, 3, 2)]
    assert positions == sorted(positions)  # Local: 1, 3; then Business: 2
    assert html.index(">Local</h2>") < html.index(">Business</h2>")


def test_without_sections_stories_keep_input_order(tmp_path: Path) -> None:
    (path,) = write_briefing(flat_briefing(), tmp_path, ["html"])
    html = path.read_text(encoding="utf-8")
    assert html.index("Zeta story") < html.index("Alpha story")
    assert "section-title" not in html.split("</style>")[1]
    assert "About these summaries" not in html  # no engine note, no notice
    ctx = briefing_context(flat_briefing())
    assert not ctx["grouped"]
    assert ctx["stories"][0]["title"].startswith("Zeta")


def test_pdf_has_titles_page_numbers_and_outline(outputs: dict[str, Path]) -> None:
    text = pdf_text(outputs["pdf"])
    for title in TITLES:
        assert title in text
    assert "page 1 of" in text
    outline = outline_titles(outputs["pdf"])
    for title in TITLES:
        assert title in outline
    assert "Local" in outline and "Business" in outline
    assert "The Test Briefing" not in outline  # the masthead is not a bookmark


def test_pdf_paper_sizes(outputs: dict[str, Path], tmp_path: Path) -> None:
    a4 = PdfReader(outputs["pdf"]).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    (letter_pdf,) = write_briefing(flat_briefing(), tmp_path, ["pdf"], paper="Letter")
    letter = PdfReader(letter_pdf).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_markdown(outputs: dict[str, Path]) -> None:
    md = outputs["md"].read_text(encoding="utf-8")
    assert md.startswith("# The Test Briefing\n")
    assert "## At a glance" in md
    assert "## Local" in md and "### Council approves new ferry timetable" in md
    assert "> “We listened to every commuter who wrote to us”" in md
    assert "> — Elena Voss, Mayor of Harbourside" in md
    assert "[Read the original](https://news.example/1)" in md
    assert "feeds/empty.xml" in md and "**About this briefing.**" in md


def test_json_structure(outputs: dict[str, Path]) -> None:
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert data["title"] == "The Test Briefing"
    assert data["date"] == "2026-11-25"
    assert data["generated_at"] == "2026-11-25T07:30:00"
    assert data["engine_note"] == ENGINE_NOTE
    assert data["timings"] == {"ingest": 0.5, "summarise": 42.0}
    assert data["skipped"] == [
        {"source": "feeds/empty.xml", "reason": "the feed has no items", "kind": "error"}
    ]
    assert [s["id"] for s in data["stories"]] == ["art1", "art3", "art2"]
    first = data["stories"][0]
    assert set(first) == {
        "id", "title", "source", "url", "published", "author", "section", "language",
        "summary", "summary_chunks", "map_reduced", "quotes", "also_reported_by", "related",
        "faithfulness", "top", "update",  # top, update: added by the since-last editions
        "timeline", "adds",  # the editions before; what other outlets' copies add
        "translated_from",  # the original's language of a translated story, else null
    }  # fmt: skip
    assert first["translated_from"] is None
    assert set(first["quotes"][0]) == {
        "quote", "speaker", "speaker_role", "cue", "start", "end", "kind", "key", "score",
    }  # fmt: skip
    assert first["quotes"][0]["speaker_role"] == "Mayor of Harbourside"


def test_context_is_json_able_and_documented() -> None:
    ctx = briefing_context(sectioned_briefing())
    json.dumps(ctx)
    doc = briefing_context.__doc__ or ""
    first = ctx["stories"][0]
    for name in [*ctx, *first, *first["quotes"][0]]:
        assert f"``{name}``" in doc, name
    assert ctx["stories"][0]["lede"] == "The council approved a winter ferry timetable on Tuesday."


# --- safety ---------------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_html(hostile: dict[str, Any]) -> None:
    html = hostile["paths"]["html"].read_text(encoding="utf-8")
    doc = parse(html)
    tags = [tag for tag, _ in doc.tags]
    assert "script" not in tags and "img" not in tags
    assert "<script>" not in html and "<img" not in html
    text = "".join(doc.text)
    for snippet in HOSTILE:
        assert snippet in text  # shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    hrefs = [a.get("href") for tag, a in doc.tags if tag == "a"]
    assert not any(h and h.startswith("javascript:") for h in hrefs)  # non-http url: no link


def test_hostile_text_embeds_nothing_in_pdf(hostile: dict[str, Any]) -> None:
    reader = PdfReader(hostile["paths"]["pdf"])
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        subtypes = [xobjects[name].get_object().get("/Subtype") for name in xobjects]
        assert "/Image" not in subtypes
    assert "root:" not in pdf_text(hostile["paths"]["pdf"])
    assert "<script>alert(1)</script>" in pdf_text(hostile["paths"]["pdf"])
    assert [r.getMessage() for r in hostile["records"]] == []  # nothing fetched or refused


def test_hostile_text_is_inert_in_markdown(hostile: dict[str, Any]) -> None:
    md = hostile["paths"]["md"].read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<", md)  # every < is backslash-escaped: no raw HTML
    assert r"\<script\>alert(1)\</script\>" in md
    assert "javascript:" not in md


def test_url_fetcher_allows_only_data_and_template_files(tmp_path: Path) -> None:
    inside = tmp_path / "logo.svg"
    inside.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    fetcher = make_url_fetcher([tmp_path])
    fetcher.fetch("data:text/plain,hello").close()
    fetcher.fetch(inside.as_uri()).close()
    for url in (
        "file:///etc/passwd",
        (tmp_path / ".." / "elsewhere.txt").as_uri(),
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5
    assert fetcher.fetched == ["data:text/plain,hello", inside.as_uri()]


def test_importing_render_does_not_import_weasyprint() -> None:
    code = "import sys, briefgen.render; print('weasyprint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# --- user templates -----------------------------------------------------------------------


def test_default_templates_dir_holds_the_templates() -> None:
    root = default_templates_dir()
    for name in ("base.html", "briefing.html", "briefing.md", "briefing.css", "print.css"):
        assert (root / name).is_file()
    check_templates(None, ["html", "pdf", "md", "json"])


def test_user_file_replaces_the_default(tmp_path: Path) -> None:
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.md").write_text("Only {{ title }} today\n", encoding="utf-8")
    check_templates(user, ["md"])
    (path,) = write_briefing(flat_briefing(), tmp_path / "out", ["md"], templates_dir=user)
    assert path.read_text(encoding="utf-8") == "Only Flat Briefing today\n"


def test_user_template_extends_base_and_overrides_blocks(tmp_path: Path) -> None:
    user = tmp_path / "tpl"
    user.mkdir()
    (user / "briefing.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block colophon %}<footer>Made by the night desk</footer>{% endblock %}\n"
        "{% block quote %}<q class='mine'>{{ quote.text }}</q>{% endblock %}\n",
        encoding="utf-8",
    )
    check_templates(user, ["html", "pdf"])
    (path,) = write_briefing(sectioned_briefing(), tmp_path / "out", ["html"], templates_dir=user)
    html = path.read_text(encoding="utf-8")
    assert "Made by the night desk" in html and "About this briefing" not in html
    assert "<q class='mine'>Passengers are paying more for less</q>" in html
    assert "The Test Briefing" in html and "At a glance" in html  # the rest is the default


def test_extra_css_is_inlined(tmp_path: Path) -> None:
    css = tmp_path / "house.css"
    css.write_text(":root { --accent: #8b0000; }", encoding="utf-8")
    (path,) = write_briefing(flat_briefing(), tmp_path, ["html"], css=css)
    assert "--accent: #8b0000" in path.read_text(encoding="utf-8")


def broken(tmp_path: Path, source: str, name: str = "briefing.html") -> Path:
    user = tmp_path / "broken"
    user.mkdir(exist_ok=True)
    (user / name).write_text(source, encoding="utf-8")
    return user


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    user = broken(tmp_path, '{% extends "base.html" %}\n{% block masthead %}\n{% if %}\n')
    with pytest.raises(BriefgenError) as caught:
        check_templates(user, ["html"])
    error = caught.value
    assert error.code == ExitCode.TEMPLATE
    assert str(user / "briefing.html") in error.message and "line 3" in error.message
    assert "\n" not in error.message
    with pytest.raises(BriefgenError) as again:
        write_briefing(flat_briefing(), tmp_path / "out", ["html"], templates_dir=user)
    assert again.value.code == ExitCode.TEMPLATE and "line 3" in again.value.message


def test_syntax_error_in_an_overridden_partial_is_found_before_rendering(tmp_path: Path) -> None:
    user = broken(tmp_path, "body { color: red; }\n{% endif %}\n", name="print.css")
    with pytest.raises(BriefgenError) as caught:
        check_templates(user, ["pdf"])
    assert "print.css" in caught.value.message and "line 2" in caught.value.message


def test_unknown_variable_names_file_and_line(tmp_path: Path) -> None:
    user = broken(
        tmp_path,
        '{% extends "base.html" %}\n{% block colophon %}\n<p>{{ no_such_thing }}</p>\n'
        "{% endblock %}\n",
    )
    with pytest.raises(BriefgenError) as caught:
        check_templates(user, ["html"])
    message = caught.value.message
    assert caught.value.code == ExitCode.TEMPLATE
    assert str(user / "briefing.html") in message and "line 3" in message
    assert "no_such_thing" in message


def test_missing_templates_dir_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(BriefgenError) as caught:
        check_templates(tmp_path / "nope", ["html"])
    assert caught.value.code == ExitCode.TEMPLATE


# --- writing ------------------------------------------------------------------------------


def test_failed_render_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = write_briefing(flat_briefing(), out, ["html", "md"], stem="today")
    before = {p: p.read_bytes() for p in good}
    user = broken(tmp_path, "{{ title }\n", name="briefing.md")
    with pytest.raises(BriefgenError):
        write_briefing(flat_briefing(), out, ["html", "md"], stem="today", templates_dir=user)
    assert {p: p.read_bytes() for p in good} == before
    assert sorted(p.name for p in out.iterdir()) == ["today.html", "today.md"]


def test_unwritable_output_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(BriefgenError) as caught:
        write_briefing(flat_briefing(), blocker / "out", ["json"])
    assert caught.value.code == ExitCode.OUTPUT


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"formats": ["docx"]}, ExitCode.USAGE), ({"paper": "B7"}, ExitCode.USAGE)],
)
def test_bad_options(tmp_path: Path, kwargs: dict[str, Any], code: ExitCode) -> None:
    options: dict[str, Any] = {"formats": ["html"], **kwargs}
    formats = options.pop("formats")
    with pytest.raises(BriefgenError) as caught:
        write_briefing(flat_briefing(), tmp_path, formats, **options)
    assert caught.value.code == code


def test_missing_include_names_the_template_that_uses_it(tmp_path: Path) -> None:
    user = broken(
        tmp_path,
        '{% extends "base.html" %}\n{% block notice %}\n{% include "gone.html" %}\n'
        "{% endblock %}\n",
    )
    with pytest.raises(BriefgenError) as caught:
        check_templates(user, ["html"])
    message = caught.value.message
    assert caught.value.code == ExitCode.TEMPLATE
    assert "gone.html" in message and str(user / "briefing.html") in message


def test_a_long_line_in_the_colophon_wraps_inside_the_page_margin(tmp_path: Path) -> None:
    """The run's notes (one sentence per language without quotation rules) are one long line:
    it wraps at the page's right margin (22 mm on A4) instead of running past it."""
    run = replace(sample_briefing().run, unquoted=["ar", "zh"])
    pdf = render_formats(replace(sample_briefing(), run=run, locale="fr"), ["pdf"])["pdf"]
    assert isinstance(pdf, bytes)
    (tmp_path / "b.pdf").write_bytes(pdf)
    subprocess.run(["pdftotext", "-bbox", str(tmp_path / "b.pdf")], check=True)
    boxes = (tmp_path / "b.html").read_text(encoding="utf-8")
    word = r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"'
    right = [float(x) for x in re.findall(word, boxes)]
    assert right and "chinois" in boxes
    assert max(right) <= 595.28 - 22 * 72 / 25.4 + 0.5  # A4 width less the right margin
