"""The same story from several outlets: one story, "also reported by", quotes shown once."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from briefgen.cli import app

from .conftest import SAMPLES

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
