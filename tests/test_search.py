"""``briefgen search``: every past edition of an output folder, searched through SQLite FTS5."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from briefgen.cli import app

from .conftest import SAMPLES

runner = CliRunner()


def _build(out: Path, day: str, *names: str, briefing_args: tuple[str, ...] = ()) -> None:
    args = ["build", *(str(SAMPLES / f"{n}.md") for n in names), "--out", str(out)]
    args += ["--engine", "extractive", "--no-cache", "--format", "json,html", "--date", day]
    result = runner.invoke(app, [*args, *briefing_args])
    assert result.exit_code == 0, result.output


def _search(out: Path, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["search", *args, "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    found: list[dict[str, str]] = json.loads(result.stdout)
    return found


def test_a_story_of_the_first_day_is_found_with_its_edition(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, "2026-11-23", "flood-barrier")
    _build(out, "2026-11-24", "cup-final")
    _build(out, "2026-11-25", "markets-close")
    [hit] = _search(out, "tidal barrier")
    assert hit["date"] == "2026-11-23" and "flood barrier" in hit["title"]
    assert "[" in hit["snippet"] and hit["edition"] == "briefing-2026-11-23.html"
    assert (out / hit["edition"]).is_file()
    assert _search(out, "tidal barrier", "--since", "2026-11-24") == []
    assert _search(out, "no-such-word-anywhere") == []


def test_the_index_is_rebuilt_from_the_archive_when_damaged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, "2026-11-23", "flood-barrier", "cup-final")
    (out / ".briefgen-search.sqlite").write_bytes(b"not a database at all")
    assert [h["date"] for h in _search(out, "barrier")] == ["2026-11-23"]
    assert list(out.glob(".briefgen-search.sqlite.damaged-*"))


def test_a_date_built_again_replaces_its_stories(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, "2026-11-23", "flood-barrier")
    _build(out, "2026-11-23", "cup-final")  # the same date, built again from other articles
    assert _search(out, "barrier") == []
    assert len(_search(out, "Maddox")) == 1


def test_query_syntax_is_only_words(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, "2026-11-23", "flood-barrier")
    assert len(_search(out, 'barrier "AND OR NEAR( *')) == 0  # no error, just no match
    result = runner.invoke(app, ["search", "barrier", "--out", str(out)])
    assert result.exit_code == 0 and "2026-11-23  default" in result.output
