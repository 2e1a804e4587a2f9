"""The Python API (``import briefgen``): the same run as ``briefgen build``, from code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import briefgen

from .conftest import few_samples


def test_build_from_python_writes_the_briefing_and_returns_it(tmp_path: Path) -> None:
    result = briefgen.build(
        few_samples(),
        out=tmp_path / "out",
        formats=["json", "md"],
        engine="extractive",
        date="2026-11-25",
        cache_dir=tmp_path / "cache",
    )
    assert isinstance(result, briefgen.BuildResult)
    assert [p.name for p in result.paths] == ["briefing-2026-11-25.json", "briefing-2026-11-25.md"]
    data = json.loads(result.paths[0].read_text(encoding="utf-8"))
    titles = [s.article.title for s in result.briefing.stories]
    assert [s["title"] for s in data["stories"]] == titles and len(titles) == len(few_samples())
    assert all(isinstance(s, briefgen.Story) for s in result.briefing.stories)
    # every stage's time, rendering included (the briefing's own stop before it)
    assert "render" in result.timings and "render" not in data["timings"]
    assert data["timings"].items() <= result.timings.items()


def test_settings_are_checked_by_the_schema(tmp_path: Path) -> None:
    with pytest.raises(briefgen.BriefgenError) as caught:
        briefgen.build(few_samples(), out=tmp_path, formats=["html"], engine="no-such-engine")
    assert caught.value.code == briefgen.ExitCode.USAGE
    assert "engine" in caught.value.message


def test_read_articles_and_find_quotes() -> None:
    articles = briefgen.read_articles(few_samples())
    assert all(isinstance(a, briefgen.Article) and a.text for a in articles)
    quotes = [q for a in articles for q in briefgen.find_quotes(a.text, 3)]
    assert quotes and all(isinstance(q, briefgen.Quote) for q in quotes)
