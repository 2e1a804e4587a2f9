"""The Markdown briefing (from a template) and the JSON document (a fixed structure)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefgen.document import Briefing, Story
from briefgen.render.context import group_stories
from briefgen.render.environment import MARKDOWN_TEMPLATE, markdown_environment, render_template

JSON_SCHEMA_VERSION = 1


def render_markdown(context: dict[str, Any], dirs: Sequence[Path]) -> str:
    """Render ``briefing.md``; every value is Markdown-escaped on the way out."""
    values = dict(context)
    values.update(output="md", paper="", extra_css="")
    return render_template(
        markdown_environment(dirs), MARKDOWN_TEMPLATE, values, dirs, "rendering Markdown"
    )


def _story_json(story: Story, top: bool = False) -> dict[str, Any]:
    article, summary = story.article, story.summary
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
        "section": article.section,
        "summary": summary.text,
        "summary_chunks": summary.chunks,
        "map_reduced": summary.map_reduced,
        "faithfulness": {
            "checked": summary.checked,
            "flagged": summary.flagged,
            "fixed": summary.fixed,
            "problems": list(summary.problems),
        },
        "quotes": [
            {
                "quote": q.text,
                "speaker": q.speaker,
                "speaker_role": q.speaker_role,
                "cue": q.cue,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "key": q.key,
                "score": q.score,
            }
            for q in story.quotes
        ],
        "also_reported_by": [{"source": a.source, "url": a.url} for a in story.also],
        "related": [_story_json(r) for r in story.related],
        "top": top,
        "update": _update_json(story),
    }


def _update_json(story: Story) -> dict[str, Any] | None:
    if story.update is None:
        return None
    u = story.update
    return {"since": u.since.isoformat(), "paragraphs": u.paragraphs, "quotes": u.quotes}


def briefing_json(briefing: Briefing) -> dict[str, Any]:
    """The JSON output: a stable structure, documented here and in the README.

    ``{schema, title, date, generated_at, engine, model, engine_note, version, timings,
    faithfulness: {mode, checked, flagged, fixed},
    skipped: [{source, reason}], stories: [{id, title, source, url, published, author,
    section, summary, summary_chunks, map_reduced, faithfulness: {checked, flagged, fixed,
    problems}, quotes: [{quote, speaker, speaker_role,
    cue, start, end, kind, key, score}], also_reported_by: [{source, url}], related: [story]}],
    skipped: [{source, reason, kind}]}``

    Each story also has ``top`` (in the Top stories block) and ``update`` (``null``, or
    ``{since, paragraphs, quotes}``: what is new since an earlier edition carried it);
    ``more_headlines: [{title, source, url}]`` are the stories beyond ``max_stories`` and
    ``held_back`` counts the stories left out because earlier editions carried them.

    Dates are ISO 8601; ``published`` is ``null`` when unknown; ``timings`` maps a stage
    name to seconds. Stories are in display order (grouped by section when any article has
    one); ``url`` is exactly as read (not filtered, unlike the HTML link).
    """
    stories = [_story_json(story, True) for story in briefing.stories[: briefing.top]]
    stories += [_story_json(story) for _, members in group_stories(briefing) for story in members]
    run = briefing.run
    return {
        "schema": JSON_SCHEMA_VERSION,
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "generated_at": run.generated_at.isoformat(timespec="seconds"),
        "engine": run.engine,
        "model": run.model,
        "engine_note": run.engine_note,
        "version": run.version,
        "faithfulness": {
            "mode": run.faithfulness,
            "checked": sum(s.summary.checked for s in briefing.all_stories),
            "flagged": sum(s.summary.flagged for s in briefing.all_stories),
            "fixed": sum(s.summary.fixed for s in briefing.all_stories),
        },
        "timings": dict(run.timings),
        "skipped": [
            {"source": s.location, "reason": s.reason, "kind": s.kind} for s in run.skipped
        ],
        "stories": stories,
        "more_headlines": [
            {"title": s.article.title, "source": s.article.source, "url": s.article.url}
            for s in briefing.headlines
        ],
        "held_back": run.held_back,
    }


def render_json(briefing: Briefing) -> str:
    return json.dumps(briefing_json(briefing), indent=2, ensure_ascii=False) + "\n"
