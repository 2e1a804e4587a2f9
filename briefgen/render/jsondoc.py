"""The JSON document of an edition: :func:`briefgen.document.briefing_to_json` over the
stories in display order (the Top stories block, then by section)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from briefgen.document import Briefing, briefing_to_json
from briefgen.render.context import group_stories


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
    ``more_headlines: [{title, source, url}]`` are the stories beyond ``max_stories`` (all of
    them: ``more_headlines_listed`` says how many the other formats list, 0 for all),
    ``related_listed`` says how many of each story's ``related`` (all of them here) the other
    formats show in full (0 for all), and
    ``held_back`` counts the stories left out because earlier editions carried them and
    ``held_back_since`` is the date of the oldest of those editions (ISO, or ``null``).
    :func:`briefgen.document.briefing_from_json` reads the document back.

    Dates are ISO 8601; ``published`` is ``null`` when unknown; ``timings`` maps a stage
    name to seconds. Stories are in display order (grouped by section when any article has
    one); ``url`` is exactly as read (not filtered, unlike the HTML link).
    """
    stories = [*briefing.stories[: briefing.top]]
    stories += [story for _, members in group_stories(briefing) for story in members]
    return briefing_to_json(replace(briefing, stories=stories))


def render_json(briefing: Briefing) -> str:
    return json.dumps(briefing_json(briefing), indent=2, ensure_ascii=False) + "\n"
