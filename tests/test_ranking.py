"""Ranking on built inputs where the right order is clear; the Top stories block and More
headlines; teasers that end at a clause."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.render.ledes import body_text, lede, teaser

from .conftest import SAMPLES

runner = CliRunner()
DAY = "2026-11-24"


def _body(name: str) -> str:
    return (SAMPLES / f"{name}.md").read_text(encoding="utf-8").split("---", 2)[2].strip()


def _write(folder: Path, name: str, title: str, source: str, when: str, body: str) -> None:
    front = f'---\ntitle: "{title}"\nsource: "{source}"\npublished: {when}\n---\n\n'
    (folder / f"{name}.md").write_text(front + body + "\n", encoding="utf-8")


def _inputs(tmp_path: Path) -> Path:
    """A single-source story first in input order, then one story three outlets ran
    (the same wire copy, lightly edited), all on the same day."""
    folder = tmp_path / "in"
    folder.mkdir()
    markets = _body("markets-close")
    _write(
        folder, "a-single", "Stocks edge higher", "Market Daily", "2026-11-24T09:00:00Z", markets
    )
    wire = _body("flood-barrier")
    paragraphs = wire.split("\n\n")
    _write(folder, "b-wire", "Flood barrier approved", "Newswire", "2026-11-24T07:00:00Z", wire)
    edited = "SALTMOUTH (Bay Post) — " + wire
    _write(
        folder, "c-copy", "Harbour votes for barrier", "Bay Post", "2026-11-24T07:20:00Z", edited
    )
    shorter = "\n\n".join(paragraphs[:-1])
    _write(folder, "d-copy", "Barrier gets go-ahead", "Coast FM", "2026-11-24T07:40:00Z", shorter)
    return folder


def _build(tmp_path: Path, *extra: str) -> dict[str, object]:
    out = tmp_path / "out"
    folder = tmp_path / "in" if (tmp_path / "in").exists() else _inputs(tmp_path)
    args = ["build", str(folder)]
    args += ["--engine", "extractive", "--format", "json,html,md", "--out", str(out)]
    result = runner.invoke(app, [*args, "--no-cache", "--date", DAY, *extra])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads((out / f"briefing-{DAY}.json").read_text("utf-8"))
    return data


WIRE = {"Newswire", "Bay Post", "Coast FM"}


def _order(data: dict[str, object]) -> list[str]:
    """The stories' outlets in order: "wire" for the story the three outlets carry."""
    order = []
    for story in data["stories"]:  # type: ignore[attr-defined]
        outlets = {story["source"], *(a["source"] for a in story["also_reported_by"])}
        order.append("wire" if outlets == WIRE else story["source"])
    return order


def test_a_story_three_outlets_carry_beats_a_single_source_one(tmp_path: Path) -> None:
    data = _build(tmp_path)
    assert _order(data) == ["wire", "Market Daily"]


def test_input_order_and_source_weights_still_decide_when_asked(tmp_path: Path) -> None:
    assert _order(_build(tmp_path, "--sort", "input")) == ["Market Daily", "wire"]
    weighted = _build(tmp_path, "--source-weights", "Market Daily=5")
    assert _order(weighted) == ["Market Daily", "wire"]


def test_max_stories_lists_the_rest_as_more_headlines(tmp_path: Path) -> None:
    data = _build(tmp_path, "--max-stories", "1", "--top-stories", "0")
    assert _order(data) == ["wire"]
    assert data["more_headlines"] == [
        {"title": "Stocks edge higher", "source": "Market Daily", "url": "", "language": "en"}
    ]
    html = (tmp_path / "out" / f"briefing-{DAY}.html").read_text("utf-8")
    assert "More headlines" in html and "Stocks edge higher" in html
    md = (tmp_path / "out" / f"briefing-{DAY}.md").read_text("utf-8")
    assert "## More headlines\n\n- Stocks edge higher · Market Daily\n" in md


def test_the_top_stories_block_comes_first(tmp_path: Path) -> None:
    data = _build(tmp_path, "--top-stories", "1")
    assert [s["top"] for s in data["stories"]] == [True, False]  # type: ignore[attr-defined]
    html = (tmp_path / "out" / f"briefing-{DAY}.html").read_text("utf-8")
    top, more = html.index('id="top-stories"'), html.index("More stories</h2>")
    found = [html.find(f"{t}</h3>") for t in ("Flood barrier", "for barrier", "go-ahead")]
    wire = min(at for at in found if at >= 0)
    assert top < wire < more
    assert more < html.index("Stocks edge higher</h3>")


def test_the_markdown_has_a_blank_line_after_also_reported_by(tmp_path: Path) -> None:
    _build(tmp_path)
    md = (tmp_path / "out" / f"briefing-{DAY}.md").read_text("utf-8")
    line = next(x for x in md.splitlines() if x.startswith("Also reported by"))
    assert md.split(line, 1)[1].startswith("\n\n")


LONG = (
    "Ambulances in Northfield County have taken more than twice as long to reach the most "
    "critically ill patients since the county handed its emergency service to a private "
    "contractor in a deal worth many millions of pounds over ten years."
)


def test_teasers_end_at_a_clause_boundary() -> None:
    assert teaser("A short sentence.") == "A short sentence."
    cut = teaser(LONG)
    assert cut == (
        "Ambulances in Northfield County have taken more than twice as long to reach the "
        "most critically ill patients…"
    )
    commas = "Forty-one nations agreed on Saturday to create an $18bn fund to help communities "
    commas += "adapt to rising seas and stronger storms, but the world's largest emitters, "
    commas += "including three of the five biggest, declined to pledge any money at all."
    assert teaser(commas).endswith("stronger storms…")


def test_the_story_does_not_start_with_the_teaser_again() -> None:
    summary = "The council approved the plan. Work starts in spring. It will take three years."
    assert lede(summary) == "The council approved the plan."
    assert body_text(summary) == "Work starts in spring. It will take three years."
    assert body_text(LONG) == LONG  # one sentence: kept (At a glance shows no teaser then)
    assert re.search(r"\w…$", lede(LONG))


def test_max_headlines_lists_the_first_and_counts_the_rest_the_json_keeps_all(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    args = ["build", str(SAMPLES), "--engine", "extractive", "--format", "json,html,md"]
    args += ["--out", str(out), "--no-cache", "--date", DAY, "--max-stories", "2"]
    result = runner.invoke(app, [*args, "--max-headlines", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / f"briefing-{DAY}.json").read_text("utf-8"))
    headlines = data["more_headlines"]
    unlisted = len(headlines) - 3
    assert unlisted > 1 and data["more_headlines_listed"] == 3
    assert f"{len(headlines)} more headlines (3 listed)" in result.output
    md = (out / f"briefing-{DAY}.md").read_text("utf-8")
    listed = md.split("## More headlines\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert all(h["title"] in line for line, h in zip(listed[:3], headlines, strict=False))
    assert listed[3:] == [f"- and {unlisted} more stories, not listed here"]
    html = (out / f"briefing-{DAY}.html").read_text("utf-8")
    assert f"{len(headlines)} more headlines" in html
    assert f"and {unlisted} more stories, not listed here</li>" in html
    assert headlines[2]["title"] in html and headlines[3]["title"] not in html
