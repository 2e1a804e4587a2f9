"""The plain data that flows through the pipeline.

sources -> Article -> Summary ; Article -> Quote[] ; -> Story -> Briefing

(Inside an engine, an article too long for the model's window is cut into chunk texts,
``briefgen.chunking.chunk_text``, and summarised map-reduce; only the ``Summary`` leaves it,
with ``chunks`` saying how many pieces it took.)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

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

    @property
    def word_count(self) -> int:
        return len(self.text.split())


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


@dataclass
class Briefing:
    """Everything the templates receive."""

    title: str
    date: date
    stories: list[Story]
    run: RunInfo
    headlines: list[Story] = field(default_factory=list)  # beyond max_stories: titles only
    top: int = 0  # the first ``top`` stories are the Top stories block

    @property
    def all_stories(self) -> list[Story]:
        """Every story, other outlets' related reports included."""
        return [s for story in self.stories for s in (story, *story.related)]

    @property
    def sources(self) -> list[str]:
        return sorted({s.article.source for s in self.stories if s.article.source})


@dataclass(frozen=True)
class SourceSpec:
    """A source with the display name and section a config file gives it (feeds, mostly)."""

    location: str  # a path, glob, "-", URL, "feed:URL" or urls.txt
    name: str = ""
    section: str = ""
