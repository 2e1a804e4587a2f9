"""The edition document: ``briefing_to_json`` and ``briefing_from_json`` are one schema.

Every field of every dataclass a briefing holds is changed, one at a time, and must come back
from a round trip through JSON text, except the few the document does not store (documented
in :mod:`briefgen.document`)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from briefgen import Briefing, Story
from briefgen.document import (
    Addition,
    Article,
    Earlier,
    Quote,
    RunInfo,
    Skipped,
    Summary,
    Update,
    briefing_from_json,
    briefing_to_json,
)

NOT_STORED = {
    Article: {"text", "origin"},
    Summary: {"settings", "article_id"},  # the article's id is the story's
    Quote: {"resolved_from"},
}


def briefing() -> Briefing:
    quote = Quote("we are ready", "Ana Ruiz", "said", 10, 22, "full", True, 2.5, "mayor")
    article = Article(
        id="a1",
        title="Harbour wall finished",
        text="",
        source="Coast News",
        url="https://coast.example/wall",
        published=datetime(2026, 11, 24, 7, 30, tzinfo=UTC),
        author="B. Writer",
        section="Local",
    )
    summary = Summary("a1", "The wall is done.", "extractive", "m", chunks=2, map_reduced=True)
    summary = dataclasses.replace(summary, checked=3, flagged=1, fixed=1, problems=["x: 9"])
    related = Story(
        dataclasses.replace(article, id="a2", title="Wall opens", source="Bay Times"),
        dataclasses.replace(summary, article_id="a2", text="It opened."),
        [dataclasses.replace(quote, key=False, kind="fragment")],
    )
    also = dataclasses.replace(article, id="", title="", source="Wire", url="https://w.example")
    also = dataclasses.replace(also, published=None, author="", section="")
    story = Story(
        article,
        summary,
        [quote],
        also=[also],
        related=[related],
        update=Update(date(2026, 11, 23), ["A new paragraph."], ["a new quote"]),
        timeline=[Earlier(date(2026, 11, 21), "Wall work begins", "Work began.")],
        adds=[Addition("Wire", "https://w.example", ["It cost 2 million pounds."])],
    )
    second = Story(
        dataclasses.replace(article, id="a3", title="Second", section=""),
        dataclasses.replace(summary, article_id="a3"),
    )
    headline = Story(
        Article(id="", title="Beyond the cap", text="", source="S", url="https://s.example"),
        Summary("", "", "", ""),  # a headline is a title, source and link
    )
    run = RunInfo(
        engine="extractive",
        model="m",
        engine_note="a note",
        generated_at=datetime(2026, 11, 25, 6, 30, 5),
        timings={"read": 0.5},
        skipped=[Skipped("x.txt", "empty"), Skipped("y.txt", "same text", "duplicate")],
        version="9.9",
        faithfulness="warn",
        held_back=2,
        held_back_since=date(2026, 11, 20),
        unquoted=["ko"],
    )
    return Briefing(
        "Morning",
        date(2026, 11, 25),
        [story, second],
        run,
        [headline],
        top=1,
        max_headlines=1,
        locale="fr",
    )


def round_trip(value: Briefing) -> Briefing:
    return briefing_from_json(json.loads(json.dumps(briefing_to_json(value))))


def test_a_briefing_survives_the_round_trip() -> None:
    assert round_trip(briefing()) == briefing()


def _changed(value: Any) -> Any:
    """Another value of the same kind."""
    if value in ("full", "fragment", "error", "duplicate"):  # Literal kinds
        return {"full": "fragment", "fragment": "full", "error": "duplicate"}.get(value, "error")
    if value is None:
        return "changed"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 7
    if isinstance(value, str):
        return value + "-changed" if value else "changed"
    if isinstance(value, datetime):
        return value.replace(year=2020)
    if isinstance(value, date):
        return value.replace(year=2020)
    if isinstance(value, list):
        return [*value, value[0]] if value else value
    if isinstance(value, dict):
        return {**value, "more": 1.0}
    return value


CASES = [
    (kind, f.name)
    for kind in (Article, Summary, Quote, Update, Earlier, Addition, RunInfo, Skipped)
    for f in dataclasses.fields(kind)
]


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k.__name__}.{n}" for k, n in CASES])
def test_every_field_is_stored_or_documented_as_not(kind: type, name: str) -> None:
    original = briefing()
    story = original.stories[0]
    holders = {
        Article: (story, "article"),
        Summary: (story, "summary"),
        Update: (story, "update"),
        RunInfo: (original, "run"),
    }
    if kind in (Earlier, Addition):  # the story's first timeline entry, first addition
        items = story.timeline if kind is Earlier else story.adds
        items[0] = dataclasses.replace(items[0], **{name: _changed(getattr(items[0], name))})
    elif kind is Quote:
        story.quotes[0] = dataclasses.replace(
            story.quotes[0], **{name: _changed(getattr(story.quotes[0], name))}
        )
    elif kind is Skipped:
        first = original.run.skipped[0]
        original.run.skipped[0] = dataclasses.replace(
            first, **{name: _changed(getattr(first, name))}
        )
    else:
        holder, attr = holders[kind]
        current = getattr(holder, attr)
        new = _changed(getattr(current, name))
        setattr(holder, attr, dataclasses.replace(current, **{name: new}))
        if (kind, name) == (Article, "id"):  # a summary belongs to its article
            story.summary = dataclasses.replace(story.summary, article_id=new)
    if original == briefing():
        pytest.skip(f"{kind.__name__}.{name}: no other value to try")
    back = round_trip(original)
    if name in NOT_STORED.get(kind, set()):
        assert back != original
    else:
        assert back == original


def test_a_document_of_the_wrong_shape_is_refused() -> None:
    data = briefing_to_json(briefing())
    for damage in ({"stories": 5}, {"date": "yesterday"}, {"title": None} | {"stories": [7]}):
        with pytest.raises((KeyError, TypeError, ValueError, AttributeError)):
            briefing_from_json({**data, **damage})


def test_the_public_api_names_what_it_exports() -> None:
    import briefgen

    assert sorted(briefgen.__all__) == sorted(dir(briefgen))
    for name in briefgen.__all__:
        assert getattr(briefgen, name) is not None
    with pytest.raises(AttributeError):
        briefgen.no_such_name  # noqa: B018
