"""An edition already built, read back from its JSON document (for ``briefgen send``).

The JSON output (:func:`briefgen.render.text.briefing_json`) holds everything the
templates show: titles, sources, links, summaries, quotes, sections, the colophon. Only
the articles' full texts are not in it, and no template shows them.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from briefgen.document import Article, Briefing, Quote, RunInfo, Skipped, Story, Summary
from briefgen.errors import BriefgenError, ExitCode


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _quote(item: dict[str, Any]) -> Quote:
    return Quote(
        text=str(item.get("quote", "")),
        speaker=item.get("speaker"),
        cue=item.get("cue"),
        start=int(item.get("start") or 0),
        end=int(item.get("end") or 0),
        kind="fragment" if item.get("kind") == "fragment" else "full",
        key=bool(item.get("key")),
        score=float(item.get("score") or 0.0),
        speaker_role=item.get("speaker_role"),
    )


def _story(item: dict[str, Any], engine: str, model: str) -> Story:
    article = Article(
        id=str(item.get("id", "")),
        title=str(item.get("title", "")),
        text="",
        source=str(item.get("source", "")),
        url=str(item.get("url", "")),
        published=_time(item.get("published")),
        author=str(item.get("author", "")),
        section=str(item.get("section", "")),
    )
    checks = item.get("faithfulness") or {}
    summary = Summary(
        article.id,
        str(item.get("summary", "")),
        engine,
        model,
        chunks=int(item.get("summary_chunks") or 1),
        map_reduced=bool(item.get("map_reduced")),
        checked=int(checks.get("checked") or 0),
        flagged=int(checks.get("flagged") or 0),
        fixed=int(checks.get("fixed") or 0),
        problems=[str(p) for p in checks.get("problems") or []],
    )
    also = [
        Article(id="", title="", text="", source=str(a.get("source", "")), url=str(a.get("url")))
        for a in item.get("also_reported_by") or []
    ]
    related = [_story(r, engine, model) for r in item.get("related") or []]
    quotes = [_quote(q) for q in item.get("quotes") or []]
    return Story(article, summary, quotes, also=also, related=related)


def read_edition(path: Path) -> Briefing:
    """The briefing of the edition whose JSON document is ``path``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        engine, model = str(data.get("engine", "")), str(data.get("model", ""))
        run = RunInfo(
            engine=engine,
            model=model,
            engine_note=str(data.get("engine_note", "")),
            generated_at=_time(data.get("generated_at")) or datetime.now(),
            timings={str(k): float(v) for k, v in (data.get("timings") or {}).items()},
            skipped=[Skipped(str(s["source"]), str(s["reason"])) for s in data.get("skipped", [])],
            version=str(data.get("version", "")),
            faithfulness=str((data.get("faithfulness") or {}).get("mode", "off")),
        )
        stories = [_story(s, engine, model) for s in data["stories"]]
        return Briefing(str(data["title"]), date.fromisoformat(data["date"]), stories, run)
    except FileNotFoundError:
        raise BriefgenError(
            f"{path}: no such edition; `briefgen send` reads the edition's JSON, so keep "
            "json in formats for briefings you e-mail (or build it again)",
            ExitCode.NO_INPUT,
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BriefgenError(f"{path}: not a briefgen edition ({exc})", ExitCode.NO_INPUT) from None
