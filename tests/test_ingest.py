"""Reading sources: every format, directories and globs, stdin, and every kind of bad input."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from briefgen.core.errors import BriefgenError
from briefgen.ingest import read_sources

from .conftest import SAMPLES, sample_files

BODY = (
    "The harbour council voted on Tuesday to fund a flood barrier. "
    "Engineers say the structure will protect four hundred homes from winter storms. "
    "Work is due to begin in the spring and finish within three years, officials said."
)


def test_samples_are_read_with_their_front_matter() -> None:
    ingested = read_sources([str(SAMPLES)])
    assert len(ingested.articles) == len(sample_files())
    assert ingested.skipped == []
    for article in ingested.articles:
        assert article.title and article.source and article.url.startswith("https://")
        assert article.published is not None and article.author
        assert not article.text.startswith("---")


def test_txt_first_line_is_the_title(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Barrier approved\n\n{BODY}\n", encoding="utf-8")
    [article] = read_sources([str(tmp_path / "a.txt")]).articles
    assert article.title == "Barrier approved"
    assert article.text == BODY


def test_markdown_without_front_matter_takes_the_heading(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"# Barrier **approved**\n\n{BODY} See [the plan](x.pdf).")
    [article] = read_sources([str(tmp_path / "a.md")]).articles
    assert article.title == "Barrier **approved**"
    assert article.text.endswith("See the plan.")


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    page = f"""<!doctype html><html><head><title>Barrier approved | Ledger</title></head>
    <body><nav><a href="/">Home</a> <a href="/news">News</a> Subscribe now!</nav>
    <article><h1>Barrier approved</h1><p>{BODY}</p><p>{BODY.replace("harbour", "river")}</p>
    </article><footer>Copyright 2026 The Ledger. All rights reserved.</footer></body></html>"""
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    [article] = read_sources([str(tmp_path / "a.html")]).articles
    assert "Barrier approved" in article.title
    assert "four hundred homes" in article.text
    assert "Subscribe" not in article.text and "Copyright" not in article.text


def test_jsonl_one_article_a_line_and_bad_lines_are_reported(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "One", "text": BODY, "source": "Ledger", "published": "2026-11-24"}),
        "{not json",
        json.dumps({"title": "Two", "text": BODY.replace("Tuesday", "Monday")}),
        json.dumps({"title": "Empty", "text": ""}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    ingested = read_sources([str(tmp_path / "feed.jsonl")])
    assert [a.title for a in ingested.articles] == ["One", "Two"]
    assert ingested.articles[0].published is not None
    assert [s.location for s in ingested.skipped] == [
        f"{tmp_path / 'feed.jsonl'}:2",
        f"{tmp_path / 'feed.jsonl'}:4",
    ]
    assert "invalid JSON" in ingested.skipped[0].reason
    assert "empty" in ingested.skipped[1].reason


def test_stdin_is_sniffed(tmp_path: Path) -> None:
    text = f"---\ntitle: From stdin\nsource: Pipe\n---\n{BODY}\n"
    [article] = read_sources(["-"], stdin=io.BytesIO(text.encode())).articles
    assert (article.title, article.source, article.origin) == ("From stdin", "Pipe", "-")


def test_ids_are_content_hashes_and_duplicates_are_dropped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Title A\n{BODY}")
    (tmp_path / "b.txt").write_text(f"Title B\n{BODY}\n\n")
    ingested = read_sources([str(tmp_path)])
    assert len(ingested.articles) == 1
    assert "duplicate" in ingested.skipped[0].reason
    again = read_sources([str(tmp_path / "a.txt")]).articles[0]
    assert again.id == ingested.articles[0].id


def test_globs_and_directories_recurse_and_ignore_readmes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(f"A\n{BODY}")
    (tmp_path / "b.md").write_text(f"# B\n{BODY} Again.")
    (tmp_path / "README.md").write_text("# About this folder\n" + BODY + " More.")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    assert len(read_sources([str(tmp_path)]).articles) == 2
    assert len(read_sources([str(tmp_path / "**" / "*.txt")]).articles) == 1


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"---\ntitle: Nothing\n---\n\n   \n", "empty"),
        ("short.txt", b"Title\nToo short to say anything.", "too short"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
        ("latin1.txt", ("Café\n" + BODY + " Déjà vu.").encode("latin-1"), "not valid UTF-8"),
        ("huge.txt", b"word " * 2_000_000, "too large"),
        ("bad-yaml.md", b"---\ntitle: [unclosed\n---\n" + BODY.encode(), "front matter"),
        (
            "boiler.html",
            b"<html><body><nav>Home | News</nav></body></html>",
            "too short|no article",
        ),
        ("bad-date.md", b"---\npublished: 2024-02-30\n---\n" + BODY.encode(), "bad value"),
        ("utf16.txt", b"\xff\xfea\x00b", "UTF-16"),
        (
            "aliases.md",
            b"---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\ntitle: *b\n---\n" + BODY.encode(),
            "front matter",
        ),
    ],
)
def test_bad_input_is_skipped_with_a_reason_and_the_rest_is_kept(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(f"Good\n{BODY}")
    ingested = read_sources([str(tmp_path / name), str(tmp_path / "good.txt")])
    assert [a.title for a in ingested.articles] == ["Good"]
    [skipped] = ingested.skipped
    assert skipped.location == str(tmp_path / name)
    assert re.search(reason, skipped.reason)


def test_a_json_line_nested_too_deeply_is_skipped(tmp_path: Path) -> None:
    good = json.dumps({"title": "Fine", "text": BODY})
    (tmp_path / "a.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + good)
    ingested = read_sources([str(tmp_path / "a.jsonl")])
    assert [a.title for a in ingested.articles] == ["Fine"]
    assert "nested too deeply" in ingested.skipped[0].reason


def test_unreachable_url_is_skipped() -> None:
    ingested = read_sources(["http://127.0.0.1:9/nothing-listens-here"])
    assert ingested.articles == []
    assert "unreachable" in ingested.skipped[0].reason


def test_missing_path_and_unknown_format_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(BriefgenError, match="no such file"):
        read_sources([str(tmp_path / "nope.md")])
    (tmp_path / "a.docx").write_bytes(b"PK")
    with pytest.raises(BriefgenError, match=r"unknown format '\.docx'"):
        read_sources([str(tmp_path / "a.docx")])
    with pytest.raises(BriefgenError, match="no files match"):
        read_sources([str(tmp_path / "*.txt")])


@pytest.mark.parametrize("order", ["txt first", "md first"])
def test_of_two_exact_duplicates_the_copy_with_metadata_is_kept(tmp_path: Path, order: str) -> None:
    (tmp_path / "plain.txt").write_text(f"Barrier vote\n{BODY}")
    (tmp_path / "rich.md").write_text(
        "---\ntitle: Barrier vote\nsource: Harbour Ledger\nurl: https://ledger.example/b\n"
        f"published: 2026-11-30T05:40:00+00:00\nauthor: Ann Writer\n---\n{BODY}\n"
    )
    paths = ["plain.txt", "rich.md"] if order == "txt first" else ["rich.md", "plain.txt"]
    ingested = read_sources([str(tmp_path / p) for p in paths])
    [kept] = ingested.articles
    assert (kept.source, kept.author, kept.origin) == (
        "Harbour Ledger",
        "Ann Writer",
        str(tmp_path / "rich.md"),
    )
    [dropped] = ingested.exact_duplicates
    assert dropped.origin == str(tmp_path / "plain.txt")
    [skip] = ingested.skipped
    assert skip.location == str(tmp_path / "plain.txt")
    assert skip.reason == f"exact duplicate of {tmp_path / 'rich.md'}"
