"""The same story from several outlets: one story, "also reported by", quotes shown once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.app.build import build
from briefgen.cli import app
from briefgen.settings.options import BuildOptions

from .conftest import SAMPLES
from .test_dedupe import OWN_REPORTING, WIRE

runner = CliRunner()


def test_a_republished_wire_story_is_one_story_with_also_reported_by(tmp_path: Path) -> None:
    original = (SAMPLES / "flood-barrier.md").read_text(encoding="utf-8")
    body = original.partition("\n---\n")[2]
    paragraphs = body.strip().split("\n\n")
    copy = (
        "---\ntitle: Flood barrier finally approved\nsource: Coastal Echo\n"
        "url: https://coastalecho.example.org/barrier\n---\n"
        + "\n\n".join(paragraphs[:-1])  # lightly edited: the last paragraph dropped
        + "\n\nSign up for our morning newsletter to get stories like this first.\n"
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(original, encoding="utf-8")
    (tmp_path / "in" / "b.md").write_text(copy, encoding="utf-8")
    (tmp_path / "in" / "c.md").write_text((SAMPLES / "cup-final.md").read_text(), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *["build", str(tmp_path / "in"), "--engine", "extractive", "--format", "json,html"],
            *["--out", str(out), "--date", "2026-11-25", "--no-cache"],
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "briefing-2026-11-25.json").read_text())
    assert len(data["stories"]) == 2
    barrier = next(s for s in data["stories"] if s["also_reported_by"])
    assert barrier["also_reported_by"] == [
        {"source": "Coastal Echo", "url": "https://coastalecho.example.org/barrier"}
    ]
    quotes = [(q["quote"], q["speaker"]) for q in barrier["quotes"]]
    assert len(quotes) == len(set(quotes))
    html = (out / "briefing-2026-11-25.html").read_text()
    assert "Also reported by" in html and "Coastal Echo" in html


def _write(folder: Path, name: str, source: str, paragraphs: list[str]) -> None:
    front = f"---\ntitle: {name}\nsource: {source}\nurl: https://{name}.example.org/\n---\n"
    (folder / f"{name}.md").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


@pytest.mark.parametrize("related", ["group", "merge"])
def test_other_outlets_reports_are_grouped_or_merged(tmp_path: Path, related: str) -> None:
    (tmp_path / "in").mkdir()
    _write(tmp_path / "in", "wire", "Newswire", WIRE)
    _write(tmp_path / "in", "own", "Bay Chronicle", OWN_REPORTING)
    result = build(
        BuildOptions(
            sources=[str(tmp_path / "in")],
            out=tmp_path / "out",
            formats=["json"],
            engine="extractive",
            related=related,
        )
    )
    [story] = result.briefing.stories
    both = {"Newswire", "Bay Chronicle"}
    if related == "group":
        assert {story.article.source, *(r.article.source for r in story.related)} == both
        assert story.summary.text and story.related[0].summary.text
    else:
        assert story.related == []
        assert {story.article.source, *(a.source for a in story.also)} == both
        # one summary drawn from both reports' text
        assert story.summary.article_id != story.article.id


def test_stories_in_another_language_are_not_related_by_its_function_words(
    tmp_path: Path,
) -> None:
    """Three different stories in six languages: the French (and the Spanish) ones share
    "les", "des", "pour", yet stay three stories each, where English function words alone
    grouped two of them."""
    data = SAMPLES.parent / "tests" / "data" / "languages"
    (tmp_path / "in").mkdir()
    for path in [
        p for lang in ("en", "fr", "de", "es", "zh", "ar") for p in data.glob(f"{lang}-*.md")
    ]:
        (tmp_path / "in" / path.name).write_text(path.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *["build", str(tmp_path / "in"), "--engine", "extractive", "--format", "json"],
            *["--out", str(out), "--date", "2026-11-25", "--languages", "en,fr,de,es,zh,ar"],
        ],
    )
    assert result.exit_code == 0, result.output
    data_out = json.loads((out / "briefing-2026-11-25.json").read_text(encoding="utf-8"))
    assert len(data_out["stories"]) == 18
    assert not any(s.get("related") for s in data_out["stories"])
