"""The plain data that flows through the pipeline.

sources -> Article -> Summary ; Article -> Quote[] ; -> Story -> Briefing

(Inside an engine, an article too long for the model's window is cut into chunk texts,
``briefgen.summarise.chunking.chunk_text``, and summarised map-reduce; only the ``Summary``
leaves it, with ``chunks`` saying how many pieces it took.)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from briefgen.core.langnames import language_name
from briefgen.core.scripts import word_count

QuoteKind = Literal["full", "fragment"]
SkipKind = Literal["error", "duplicate", "filtered"]


def content_id(text: str) -> str:
    """A stable id for an article: a hash of its text with white space folded."""
    folded = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article, as read from a source."""

    id: str
    title: str
    text: str
    source: str = ""
    url: str = ""
    published: datetime | None = None
    author: str = ""
    section: str = ""
    origin: str = ""  # where it was read from: a path, "-" for stdin, "file.jsonl:3"
    language: str = ""
    translated_from: str = ""  # the original's language when title and text are a translation

    @property
    def word_count(self) -> int:
        """Words of the text, CJK by characters (:func:`briefgen.core.scripts.word_count`)."""
        return word_count(self.text)

    @property
    def richness(self) -> int:
        """How many metadata fields the article has (source, link, date, author, section)."""
        fields = (self.source, self.url, self.published, self.author, self.section)
        return sum(1 for value in fields if value)


@dataclass(frozen=True)
class Summary:
    """The summary of one article and how it was made."""

    article_id: str
    text: str
    engine: str
    model: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    chunks: int = 1
    map_reduced: bool = False
    checked: int = 0  # sentences the faithfulness guard checked
    flagged: int = 0  # of those, not supported by the article
    fixed: int = 0  # flagged sentences dropped or replaced (mode "fix")
    problems: list[str] = field(default_factory=list)  # why each flagged sentence was flagged


@dataclass(frozen=True)
class Quote:
    """A direct quotation found in an article.

    ``start``/``end`` are character offsets of the quoted words (without the marks)
    in ``Article.text``.
    """

    text: str
    speaker: str | None
    cue: str | None
    start: int
    end: int
    kind: QuoteKind = "full"
    key: bool = False
    score: float = 0.0
    speaker_role: str | None = None
    resolved_from: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that was not used, and why.

    ``kind``: ``error`` (unusable input), ``duplicate`` (the same text as another article),
    ``filtered`` (left out on purpose: language, ``--since``, ``--max-per-feed``).
    """

    location: str  # the input: a path, URL or feed entry, as the user would name it
    reason: str
    kind: SkipKind = "error"


@dataclass(frozen=True)
class Update:
    """What is new in a story an earlier edition (of ``since``) already carried."""

    since: date
    paragraphs: list[str] = field(default_factory=list)  # paragraphs the article did not have
    quotes: list[str] = field(default_factory=list)  # quotations it did not have


@dataclass(frozen=True)
class Earlier:
    """An earlier edition that carried a story: its date, the title then, and one line of
    what it said (the summary's first sentence)."""

    date: date
    title: str
    line: str = ""


@dataclass(frozen=True)
class Addition:
    """What another outlet's copy of a story reports that the lead article does not: its
    own sentences (facts, figures, names, quotations), in its order."""

    source: str
    url: str
    sentences: list[str] = field(default_factory=list)


@dataclass
class Story:
    """One article as it appears in the briefing.

    ``also``: near-duplicate copies of the article from other outlets ("also reported by").
    ``related``: other outlets' own reporting of the same event, each with its own summary.
    """

    article: Article
    summary: Summary
    quotes: list[Quote] = field(default_factory=list)
    also: list[Article] = field(default_factory=list)
    related: list[Story] = field(default_factory=list)
    update: Update | None = None  # set when an earlier edition carried the story
    timeline: list[Earlier] = field(default_factory=list)  # those editions, oldest first
    adds: list[Addition] = field(default_factory=list)  # what other outlets' copies add
    members: list[Story] = field(default_factory=list)  # related = "merge": see member_label


def member_label(member: Story) -> Literal["new", "update", "repeat"]:
    """The label of one outlet's article merged into a story (``related = "merge"``), judged
    on its own: ``update`` (its ``update`` says what is new), ``repeat`` (an earlier edition
    carried it unchanged: its ``timeline`` says when) or ``new``."""
    return "update" if member.update else "repeat" if member.timeline else "new"


@dataclass
class RunInfo:
    """What happened during the run: shown in the briefing's colophon."""

    engine: str
    model: str
    engine_note: str = ""
    generated_at: datetime = field(default_factory=datetime.now)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    version: str = ""
    faithfulness: str = "off"  # the guard's mode: warn, fix or off
    held_back: int = 0  # stories left out: earlier editions carried them unchanged
    held_back_since: date | None = None  # the oldest of those editions
    # languages of the articles with no quotation rules (ISO 639 codes); readers get a note
    # for each in their language, the JSON's ``notes`` the English sentences
    unquoted: list[str] = field(default_factory=list)


@dataclass
class Briefing:
    """Everything the templates receive."""

    title: str
    date: date
    stories: list[Story]
    run: RunInfo
    headlines: list[Story] = field(default_factory=list)  # beyond max_stories: titles only
    top: int = 0  # the first ``top`` stories are the Top stories block
    max_headlines: int = 0  # headlines the reader's formats list (0: all; the JSON has all)
    max_related: int = 0  # related reports shown in full per story (0: all; the JSON has all)
    locale: str = "en"  # the reader's language (BCP 47): the chrome, dates and numbers

    @property
    def all_stories(self) -> list[Story]:
        """Every story, other outlets' related reports included."""
        return [s for story in self.stories for s in (story, *story.related)]

    @property
    def sources(self) -> list[str]:
        return sorted({s.article.source for s in self.stories if s.article.source})


ItemStatus = Literal["ok", "skipped", "failed"]


@dataclass(frozen=True)
class Item:
    """One input on its way through corpus mode (``briefgen batch``), stage by stage.

    ``status``: ``ok``; ``skipped`` (the input was unusable: no ``article``, ``error`` says
    why); ``failed`` (a stage raised on it: ``error`` has the exception). The summarising
    stage adds ``summary``, its cache ``key`` and the engine's ``note``; the quotes stage
    adds the key ``quotes``.
    """

    origin: str  # where it was read from, as Article.origin ("corpus.jsonl:3")
    article: Article | None = None
    status: ItemStatus = "ok"
    error: str = ""
    summary: Summary | None = None
    quotes: tuple[Quote, ...] = ()
    key: str = ""
    note: str = ""

    @classmethod
    def of(cls, article: Article) -> Item:
        return cls(article.origin, article)

    @classmethod
    def skipped(cls, origin: str, reason: str) -> Item:
        return cls(origin, None, "skipped", reason)

    def failed(self, exc: BaseException) -> Item:
        """This item failed by ``exc``; the error says what went wrong in one line."""
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        error = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
        return replace(self, status="failed", error=error[:500])


@dataclass(frozen=True)
class SourceSpec:
    """A source with the display name and section a config file gives it (feeds, mostly)."""

    location: str  # a path, glob, "-", URL, "feed:URL" or urls.txt
    name: str = ""
    section: str = ""


# --- JSON: one schema for the edition document (``<stem>.json``) --------------------------
#
# ``Briefing.to_json`` writes the JSON output format (documented in the README) and
# ``Briefing.from_json`` reads it back: ``briefgen send`` mails what ``build`` mailed from it.
# Not stored (no template shows them): articles' full ``text`` and ``origin``,
# a summary's generation ``settings``, and a quote's ``resolved_from``. A story whose summary
# another engine made than the run's (a cached one) has ``summary_engine``/``summary_model``.

JSON_SCHEMA_VERSION = 1
Json = dict[str, Any]


def _when(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError(f"a date and time must be a string, not {value!r}")
    return datetime.fromisoformat(value)


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"{what} must be a list, not {type(value).__name__}")
    return value


def quote_to_json(quote: Quote) -> Json:
    return {
        "quote": quote.text,
        "speaker": quote.speaker,
        "speaker_role": quote.speaker_role,
        "cue": quote.cue,
        "start": quote.start,
        "end": quote.end,
        "kind": quote.kind,
        "key": quote.key,
        "score": quote.score,
    }


def quote_from_json(item: Json) -> Quote:
    kind: QuoteKind = "fragment" if item.get("kind") == "fragment" else "full"
    return Quote(
        text=str(item["quote"]),
        speaker=None if item.get("speaker") is None else str(item["speaker"]),
        cue=None if item.get("cue") is None else str(item["cue"]),
        start=int(item.get("start") or 0),
        end=int(item.get("end") or 0),
        kind=kind,
        key=bool(item.get("key")),
        score=float(item.get("score") or 0.0),
        speaker_role=None if item.get("speaker_role") is None else str(item["speaker_role"]),
    )


def story_to_json(story: Story, top: bool = False, engine: str = "", model: str = "") -> Json:
    """A story's JSON; ``engine``/``model``: the run's (a summary made otherwise says so)."""
    article, summary, update = story.article, story.summary, story.update
    own = {}
    if (summary.engine, summary.model) != (engine, model):
        own = {"summary_engine": summary.engine, "summary_model": summary.model}
    return (
        own
        | {
            "id": article.id,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": article.published.isoformat() if article.published else None,
            "author": article.author,
            "section": article.section,
            "language": article.language,
            "translated_from": article.translated_from or None,
            "summary": summary.text,
            "summary_chunks": summary.chunks,
            "map_reduced": summary.map_reduced,
            "faithfulness": {
                "checked": summary.checked,
                "flagged": summary.flagged,
                "fixed": summary.fixed,
                "problems": list(summary.problems),
            },
            "quotes": [quote_to_json(q) for q in story.quotes],
            "also_reported_by": [{"source": a.source, "url": a.url} for a in story.also],
            "related": [story_to_json(r, engine=engine, model=model) for r in story.related],
            "top": top,
            "update": None
            if update is None
            else {
                "since": update.since.isoformat(),
                "paragraphs": update.paragraphs,
                "quotes": update.quotes,
            },
            "timeline": [
                {"date": e.date.isoformat(), "title": e.title, "line": e.line}
                for e in story.timeline
            ],
            "adds": [
                {"source": a.source, "url": a.url, "sentences": a.sentences} for a in story.adds
            ],
        }
        | ({"members": [_member_to_json(m) for m in story.members]} if story.members else {})
    )


def _member_to_json(member: Story) -> Json:
    seen = (
        member.update.since
        if member.update
        else max((e.date for e in member.timeline), default=None)
    )
    return {
        "title": member.article.title,
        "source": member.article.source,
        "url": member.article.url,
        "label": member_label(member),
        "since": seen.isoformat() if seen else None,
    }


def _member_from_json(item: Json) -> Story:
    article = Article(
        id="", title=str(item.get("title") or ""), text="",
        source=str(item.get("source") or ""), url=str(item.get("url") or ""),
    )  # fmt: skip
    since = date.fromisoformat(str(item["since"])) if item.get("since") else None
    label = item.get("label")
    return Story(
        article,
        Summary("", "", ""),
        update=Update(since) if label == "update" and since else None,
        timeline=[Earlier(since, article.title)] if label == "repeat" and since else [],
    )


def _update_from_json(update: Json | None) -> Update | None:
    if update is None:
        return None
    return Update(
        date.fromisoformat(str(update["since"])),
        [str(p) for p in _list(update.get("paragraphs"), "paragraphs")],
        [str(q) for q in _list(update.get("quotes"), "quotes")],
    )


def story_from_json(item: Json, engine: str = "", model: str = "") -> Story:
    article = Article(
        id=str(item["id"]),
        title=str(item["title"]),
        text="",
        source=str(item.get("source") or ""),
        url=str(item.get("url") or ""),
        published=_when(item.get("published")),
        author=str(item.get("author") or ""),
        section=str(item.get("section") or ""),
        language=str(item.get("language") or ""),
        translated_from=str(item.get("translated_from") or ""),
    )
    checks = item.get("faithfulness") or {}
    summary = Summary(
        article.id,
        str(item.get("summary") or ""),
        str(item.get("summary_engine", engine)),
        str(item.get("summary_model", model)),
        chunks=int(item.get("summary_chunks") or 1),
        map_reduced=bool(item.get("map_reduced")),
        checked=int(checks.get("checked") or 0),
        flagged=int(checks.get("flagged") or 0),
        fixed=int(checks.get("fixed") or 0),
        problems=[str(p) for p in _list(checks.get("problems"), "problems")],
    )
    also = [
        Article(
            id="", title="", text="", source=str(a.get("source") or ""), url=str(a.get("url") or "")
        )
        for a in _list(item.get("also_reported_by"), "also_reported_by")
    ]
    return Story(
        article,
        summary,
        [quote_from_json(q) for q in _list(item.get("quotes"), "quotes")],
        also=also,
        related=[story_from_json(r, engine, model) for r in _list(item.get("related"), "related")],
        update=_update_from_json(item.get("update")),
        timeline=[
            Earlier(
                date.fromisoformat(str(e["date"])),
                str(e.get("title") or ""),
                str(e.get("line") or ""),
            )
            for e in _list(item.get("timeline"), "timeline")
        ],
        adds=[
            Addition(
                str(a.get("source") or ""),
                str(a.get("url") or ""),
                [str(x) for x in _list(a.get("sentences"), "sentences")],
            )
            for a in _list(item.get("adds"), "adds")
        ],
        members=[_member_from_json(m) for m in _list(item.get("members"), "members")],
    )


def briefing_to_json(briefing: Briefing) -> Json:
    """The edition document: ``briefing.stories`` in the order given (the first ``top``
    marked ``top``); the renderer passes them in display order."""
    run, stories = briefing.run, briefing.all_stories
    return {
        "schema": JSON_SCHEMA_VERSION,
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "locale": briefing.locale,
        "generated_at": run.generated_at.isoformat(timespec="seconds"),
        "engine": run.engine,
        "model": run.model,
        "engine_note": run.engine_note,
        "version": run.version,
        "faithfulness": {
            "mode": run.faithfulness,
            "checked": sum(s.summary.checked for s in stories),
            "flagged": sum(s.summary.flagged for s in stories),
            "fixed": sum(s.summary.fixed for s in stories),
        },
        "timings": dict(run.timings),
        "skipped": [
            {"source": s.location, "reason": s.reason, "kind": s.kind} for s in run.skipped
        ],
        "stories": [
            story_to_json(story, i < briefing.top, run.engine, run.model)
            for i, story in enumerate(briefing.stories)
        ],
        "more_headlines": [
            {
                "title": s.article.title,
                "source": s.article.source,
                "url": s.article.url,
                "language": s.article.language,
            }
            for s in briefing.headlines
        ],
        "more_headlines_listed": briefing.max_headlines,
        "related_listed": briefing.max_related,
        "held_back": run.held_back,
        "held_back_since": run.held_back_since.isoformat() if run.held_back_since else None,
        "unquoted_languages": list(run.unquoted),
        "notes": [
            f"Quotations are not extracted for {language_name(c)} articles." for c in run.unquoted
        ],
    }


def briefing_from_json(data: Json) -> Briefing:
    """The briefing an edition document holds (see :func:`briefing_to_json`); raises
    ``KeyError``, ``TypeError`` or ``ValueError`` for a document that is not one."""
    if not isinstance(data, dict):
        raise TypeError("an edition document is a JSON object")
    engine, model = str(data.get("engine") or ""), str(data.get("model") or "")
    kinds: tuple[SkipKind, ...] = ("error", "duplicate", "filtered")
    since = data.get("held_back_since")
    run = RunInfo(
        engine=engine,
        model=model,
        engine_note=str(data.get("engine_note") or ""),
        generated_at=_when(data.get("generated_at")) or datetime.now(),
        timings={str(k): float(v) for k, v in (data.get("timings") or {}).items()},
        skipped=[
            Skipped(
                str(s["source"]),
                str(s["reason"]),
                next((k for k in kinds if k == s.get("kind")), "error"),
            )
            for s in _list(data.get("skipped"), "skipped")
        ],
        version=str(data.get("version") or ""),
        faithfulness=str((data.get("faithfulness") or {}).get("mode", "off")),
        held_back=int(data.get("held_back") or 0),
        held_back_since=date.fromisoformat(since) if isinstance(since, str) and since else None,
        unquoted=[str(c) for c in _list(data.get("unquoted_languages"), "unquoted_languages")],
    )
    stories = [story_from_json(s, engine, model) for s in _list(data["stories"], "stories")]
    headlines = [
        Story(
            Article(
                id="",
                title=str(h["title"]),
                text="",
                source=str(h.get("source") or ""),
                url=str(h.get("url") or ""),
                language=str(h.get("language") or ""),
            ),
            Summary("", "", "", ""),  # a headline is its title, source and link
        )
        for h in _list(data.get("more_headlines"), "more_headlines")
    ]
    top = sum(1 for s in _list(data["stories"], "stories") if isinstance(s, dict) and s.get("top"))
    return Briefing(
        str(data["title"]),
        date.fromisoformat(str(data["date"])),
        stories,
        run,
        headlines=headlines,
        top=top,
        max_headlines=int(data.get("more_headlines_listed") or 0),
        max_related=int(data.get("related_listed") or 0),
        locale=str(data.get("locale") or "en"),
    )
