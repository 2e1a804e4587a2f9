"""The memory of past editions: what a briefing already carried, and which inputs keep failing.

Each briefing keeps one SQLite file in the cache folder, ``<cache>/editions/<briefing>.sqlite``
(an ad-hoc build: ``default-<hash of its output folder>.sqlite``), with one record per
outlet's article of each of its last 90 editions, indexed by key
(:mod:`briefgen.stories.memorystore`)::

    {"keys": [...], "title": ..., "line": ..., "sketches": [[...]], "quotes": [...]}

A build reads only the records that share a key with its own articles, so its cost does not
grow with the number of editions remembered. The JSON memory file of earlier releases
(``<briefing>.json``) is read in by the first build that finds it, then removed.

Each outlet's article an edition carried has a record (a story's related reports have their
own), known by the article's and its near-duplicate copies' links, the files they were read
from and their content ids (``keys``); ``line`` is the first sentence of its summary then,
for the timeline of a later edition. Its paragraphs are remembered as small sketches (the
lowest hashes of their three-word runs), its key quotations as folded text: enough to tell,
on a later day, whether the article has new paragraphs or new quotes without keeping the
text itself.

With ``since_last`` on (the default for named briefings), an article an edition of an earlier
date carried is left out, or shown as an *update* (with its timeline) when it changed
substantially; each article of a group is judged on its own, never by its neighbours. Building
a date again replaces that date's record; building an older date compares with the dates
before it only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired, TypedDict

from briefgen.core.sentences import split_sentences
from briefgen.core.statefile import ISO_DATE, NOT_NEGATIVE, load_state
from briefgen.document import Article, Briefing, Earlier, Skipped, Story, Update, member_label
from briefgen.settings.options import BuildOptions, cross_checked
from briefgen.stories.dedupe import reported_elsewhere
from briefgen.stories.memorystore import MemoryStore, Unusable
from briefgen.stories.perspectives import what_outlets_add
from briefgen.stories.ranking import Selection, select_stories

log = logging.getLogger(__name__)

KEEP_EDITIONS = 90  # records of older editions are forgotten
SKETCH = 16  # hashes kept per paragraph
NEW_WORDS = 25  # new paragraphs must hold this many words together to make an update
MIN_PARAGRAPH_WORDS = 6  # shorter paragraphs (bylines, captions) never count as new
LINE_LIMIT = 200  # characters of a summary's first sentence kept for the timeline
FAILING_RUNS = 3  # an input failing on this many consecutive runs gets a warning of its own


class StoryRecord(TypedDict):
    """What an edition carried of one story (see :func:`story_record`)."""

    keys: list[str]
    title: NotRequired[str]
    line: NotRequired[str]  # the summary's first sentence, for a later edition's timeline
    sketches: list[list[int]]
    quotes: list[str]


Dated = tuple[date, dict[str, Any]]


class Failure(TypedDict):
    runs: Annotated[int, NOT_NEGATIVE]
    reason: str


class RunState(TypedDict):
    """The run state the memory keeps beside its records."""

    failures: dict[str, Failure]
    notices: NotRequired[dict[str, Annotated[str, ISO_DATE]]]  # a run's note: its first day


class MemoryFile(TypedDict):
    """The JSON memory file of earlier releases, checked when it is read in once."""

    version: Literal[1]
    editions: dict[str, list[StoryRecord]]
    failures: dict[str, Failure]
    notices: NotRequired[dict[str, Annotated[str, ISO_DATE]]]  # a run's note: its first day


_WORD = re.compile(r"\w+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def sketch(paragraph: str) -> list[int]:
    """The lowest :data:`SKETCH` hashes of the paragraph's three-word runs."""
    words = _words(paragraph)
    runs = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    return sorted(zlib.crc32(r.encode()) for r in runs if r)[:SKETCH]


def paragraphs(text: str) -> list[str]:
    """An article's paragraphs, one definition for every reader: blocks between blank lines
    (files, feeds), or its lines when it has no blank line (web pages, whose readers put one
    ``<p>`` on each line)."""
    blocks = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    if len(blocks) > 1:
        return blocks
    return [line.strip() for line in text.splitlines() if line.strip()]


def _quote_key(text: str) -> str:
    return " ".join(_words(text))[:160]


def _url_key(url: str) -> str:
    folded = re.sub(r"^[a-z]+://(www\.)?", "", url.strip().lower()).split("#")[0]
    return folded.rstrip("/")


# Origins that name a position, not an article: a feed's n-th entry, a JSONL file's n-th line.
_POSITIONAL = re.compile(r"#entry-\d+$|:\d+$")


def article_keys(article: Article) -> set[str]:
    """How later runs recognise the article: its content id, its link, the file it was read
    from; where neither link nor file names it (stdin, a feed entry without a link, a JSONL
    line), its title and source."""
    keys = {f"id:{article.id}"}
    if article.url.strip():
        keys.add(f"url:{_url_key(article.url)}")
    if article.origin and article.origin != "-" and not _POSITIONAL.search(article.origin):
        keys.add(f"from:{article.origin}")
    elif not article.url.strip() and article.title.strip():
        keys.add(f"title:{' '.join(_words(article.source))}|{' '.join(_words(article.title))}")
    return keys


def _members(story: Story) -> list[Story]:
    """Each outlet's article of a story: the lead and its related reports, or the articles
    merged into it (``related = "merge"``)."""
    return list(story.members) if story.members else [story, *story.related]


def own_keys(story: Story) -> set[str]:
    """The keys of one outlet's article and its near-duplicate copies (not the related
    reports grouped with it: each of those is judged on its own)."""
    return set().union(*(article_keys(a) for a in (story.article, *story.also)))


def _line(summary: str) -> str:
    """The summary's first sentence, cut near :data:`LINE_LIMIT` characters."""
    spans = split_sentences(summary)
    text = " ".join((spans[0].text if spans else summary).split())
    return text if len(text) <= LINE_LIMIT else text[: LINE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def story_record(story: Story) -> dict[str, Any]:
    """What an edition carried of one outlet's article (related reports have their own)."""
    return {
        "keys": sorted(own_keys(story)),
        "title": story.article.title,
        "line": _line(story.summary.text),
        "sketches": [sketch(p) for p in paragraphs(story.article.text)],
        "quotes": sorted({_quote_key(q.text) for q in story.quotes}),
    }


def _is_new(paragraph: str, seen: set[int]) -> bool:
    if len(_words(paragraph)) < MIN_PARAGRAPH_WORDS:
        return False
    hashes = sketch(paragraph)
    return sum(h in seen for h in hashes) < len(hashes) / 2


def what_is_new(story: Story, earlier: Sequence[dict[str, Any]], since: date) -> Update | None:
    """The story's update against the ``earlier`` records of it; ``None``: nothing much new."""
    seen = {h for r in earlier for s in r.get("sketches", []) for h in s}
    quoted = {q for r in earlier for q in r.get("quotes", [])}
    fresh = [p for p in paragraphs(story.article.text) if _is_new(p, seen)]
    quotes = [q.text for q in story.quotes if _quote_key(q.text) not in quoted]
    if sum(len(_words(p)) for p in fresh) < NEW_WORDS and not quotes:
        return None
    return Update(since=since, paragraphs=fresh, quotes=quotes)


def timeline(matches: Sequence[tuple[date, dict[str, Any]]]) -> list[Earlier]:
    """The earlier editions that carried a story, oldest first, one entry a date."""
    by_day: dict[date, dict[str, Any]] = {}
    for when, record in matches:  # newest first: a date's first record is kept
        by_day.setdefault(when, record)
    return [
        Earlier(when, str(r.get("title") or ""), str(r.get("line") or ""))
        for when, r in sorted(by_day.items())
    ]


def _judge(story: Story, matches: Sequence[tuple[date, dict[str, Any]]]) -> Story | None:
    """One article: as it is when no earlier edition carried it; an update with its
    timeline when it changed; ``None`` (held back) when it did not."""
    if not matches:
        return story
    update = what_is_new(story, [r for _, r in matches], matches[0][0])
    if update is None:
        return None
    return replace(story, update=update, timeline=timeline(matches))


def _merged(story: Story, judged: Sequence[tuple[Story, Story | None, list[Dated]]]) -> Story:
    """A merged story (``related = "merge"``) with a member shown: each member keeps its own
    label (an unchanged one a ``repeat`` with its timeline). The story is new when a member
    is new (an unchanged or updated member never makes it an update); else an update with
    exactly its updated members' new paragraphs and quotes. Its timeline: every earlier
    edition that carried one of its members."""
    members = [j or replace(m, timeline=timeline(found)) for m, j, found in judged]
    matches = sorted((x for _, _, found in judged for x in found), key=lambda x: x[0], reverse=True)
    story = replace(_led(story, members), members=members, timeline=timeline(matches))
    updates = [m.update for m in members if m.update is not None]
    if any(not found for _, _, found in judged) or not updates:
        return story
    update = Update(
        since=max(u.since for u in updates),
        paragraphs=[p for u in updates for p in u.paragraphs],
        quotes=list(dict.fromkeys(q for u in updates for q in u.quotes)),
    )
    return replace(story, update=update)


def _led(story: Story, members: Sequence[Story]) -> Story:
    """A merged story led by its first article that is not a repeat, as a grouped story is
    by its first report shown (its other outlets and what they add worked out again)."""
    lead = next(m for m in members if member_label(m) != "repeat")
    if lead.article is story.article:
        return story
    others = [a for m in members if m is not lead for a in (m.article, *m.also)]
    also = reported_elsewhere(lead.article, [*lead.also, *others])
    return replace(
        story, article=lead.article, also=also, adds=what_outlets_add(lead.article, also)
    )


@dataclass
class Filtered:
    """The stories a since-last edition shows, and how many it held back (since when)."""

    stories: list[Story]
    held_back: int = 0
    since: date | None = None


def since_last_on(options: BuildOptions) -> bool:
    """``--since-last``/``--all``; the schema made it on for named briefings when unset."""
    return bool(cross_checked(options).since_last)


def memory_name(options: BuildOptions) -> str:
    """The name a briefing's memory file and run lock share: a named briefing's own name; for
    the default briefing, one per output folder (whatever the date), so that two runs that
    share a memory never run at once, and unrelated runs into other folders never wait."""
    if options.briefing != "default":
        return options.briefing
    target = str(Path(options.out).absolute())
    return "default-" + hashlib.sha256(target.encode()).hexdigest()[:12]


class EditionMemory:
    """The briefing's memory (:mod:`briefgen.stories.memorystore`); without a cache folder it
    remembers nothing. What a run records is written by :meth:`save`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.store = MemoryStore(path, StoryRecord, RunState) if path is not None else None
        self.data: dict[str, Any] = {"failures": {}}
        self.pending: dict[str, list[dict[str, Any]]] = {}  # records of dates not yet saved
        self.legacy: Path | None = None  # a memory file of version 1, read in once
        if self.store is not None and self.store.exists():
            self.data |= self.store.state()
        elif path is not None and path.with_suffix(".json").exists():
            self._read_legacy(path.with_suffix(".json"))

    def _read_legacy(self, path: Path) -> None:
        """Take in the JSON memory file of earlier releases; :meth:`save` removes it."""
        self.legacy = path
        old = _load(path)
        self.data |= {k: old[k] for k in ("failures", "notices") if k in old}
        self.pending = {d: list(r) for d, r in old.get("editions", {}).items()}
        self.pending = {d: self.pending[d] for d in sorted(self.pending)[-KEEP_EDITIONS:]}

    @classmethod
    def for_run(cls, options: BuildOptions) -> EditionMemory:
        if options.cache_dir is None:
            return cls(None)
        return cls(Path(options.cache_dir) / "editions" / f"{memory_name(options)}.sqlite")

    def _dated(self, rows: Iterable[tuple[str, dict[str, Any]]]) -> list[Dated]:
        found: list[tuple[date, int, dict[str, Any]]] = []
        for n, (iso, record) in enumerate(rows):
            with contextlib.suppress(ValueError):
                found.append((date.fromisoformat(iso), n, record))
        found.sort(key=lambda x: (-x[0].toordinal(), x[1]))  # newest first, then written order
        return [(when, record) for when, _, record in found]

    def _pending_before(self, day: date) -> list[tuple[str, dict[str, Any]]]:
        iso = day.isoformat()
        return [(d, r) for d, records in self.pending.items() if d < iso for r in records]

    def earlier(self, day: date) -> list[Dated]:
        """Records of editions dated before ``day``, newest first."""
        stored = self.store.before(day.isoformat()) if self.store is not None else []
        rows = [(d, r) for _, d, r in stored if d not in self.pending]
        return self._dated([*rows, *self._pending_before(day)])

    def sharing(self, keys: set[str], day: date) -> list[Dated]:
        """The records of editions dated before ``day`` that carry any of ``keys``, newest
        first: looked up by key, the rest never read."""
        stored = self.store.sharing(keys, day.isoformat()) if self.store is not None else []
        rows = [(d, r) for _, d, r in stored if d not in self.pending]
        new = [(d, r) for d, r in self._pending_before(day) if keys & set(r.get("keys", []))]
        return self._dated([*rows, *new])

    def filter(self, stories: Sequence[Story], day: date) -> Filtered:
        """``stories`` less the articles already briefed; changed ones marked as updates.

        Each outlet's article of a story (the lead and every related report) is judged on
        its own keys: a new report grouped with one already briefed is new, and leads the
        story when the lead is held back."""
        wanted = {k for story in stories for m in _members(story) for k in own_keys(m)}
        earlier = self.sharing(wanted, day)
        by_key: dict[str, list[int]] = {}  # key: the earlier records that carry it, in order
        for i, (_, record) in enumerate(earlier):
            for key in record.get("keys", []):
                by_key.setdefault(key, []).append(i)
        kept: list[Story] = []
        held, since = 0, None
        for story in stories:
            judged: list[tuple[Story, Story | None, list[Dated]]] = []
            for member in _members(story):
                hits = sorted({i for key in own_keys(member) for i in by_key.get(key, ())})
                matches = [earlier[i] for i in hits]  # newest first, as ``earlier`` gives them
                judged.append((member, _judge(replace(member, related=[]), matches), matches))
            shown = [j for _, j, _ in judged if j is not None]
            if story.members and shown:
                kept.append(_merged(story, judged))
                continue
            if shown:
                kept.append(replace(shown[0], related=shown[1:]))
            for _, _, matches in (j for j in judged if j[1] is None):
                held += 1
                oldest = min(when for when, _ in matches)
                since = oldest if since is None else min(since, oldest)
        return Filtered(kept, held, since)

    def record(self, day: date, stories: Iterable[Story]) -> None:
        """Remember what the edition of ``day`` carried (replacing an earlier build of it):
        one record per outlet's article."""
        self.pending[day.isoformat()] = [story_record(m) for s in stories for m in _members(s)]

    def seen_before(self, note: str, day: date) -> bool:
        """Whether ``note`` (a problem of the run, such as a model that cannot be loaded)
        was reported on a day before ``day``; a new one is remembered from ``day``."""
        notices = self.data.get("notices")
        notices = notices if isinstance(notices, dict) else {}
        first = str(notices.setdefault(note, day.isoformat()))
        self.data["notices"] = {k: notices[k] for k in sorted(notices)[-50:]}
        return first < day.isoformat()

    def note_failures(self, skipped: Sequence[Skipped]) -> list[str]:
        """Count consecutive failed runs per input; warn about those failing for a while."""
        before = self.data.get("failures")
        before = before if isinstance(before, dict) else {}
        now: dict[str, dict[str, Any]] = {}
        for item in skipped:
            if item.kind != "error" or item.location in now:
                continue
            old = before.get(item.location)
            runs = (old.get("runs", 0) if isinstance(old, dict) else 0) + 1
            now[item.location] = {"runs": runs, "reason": item.reason}
        self.data["failures"] = now
        warnings = [
            f"{source} has failed on {f['runs']} consecutive runs (last: {f['reason']})"
            for source, f in now.items()
            if f["runs"] >= FAILING_RUNS
        ]
        for line in warnings:
            log.warning("%s", line)
        return warnings

    def save(self) -> None:
        """Write what this run recorded and its state (a legacy memory file is then removed)."""
        if self.store is None:
            return
        state: dict[str, Any] = {k: self.data[k] for k in ("failures", "notices") if k in self.data}
        try:
            self.store.write(self.pending, state, KEEP_EDITIONS)
        except Unusable as exc:  # the edition is out; only tomorrow's diff suffers
            log.warning("cannot remember this edition in %s: %s", self.path, exc)
            return
        self.pending = {}
        if self.legacy is not None:
            with contextlib.suppress(OSError):
                self.legacy.unlink()
            self.legacy = None


@dataclass
class EditionPlan:
    """What this edition shows, from the ranked stories and the memory of earlier ones."""

    memory: EditionMemory
    filtered: Filtered
    selection: Selection

    @property
    def shown(self) -> dict[str, Any]:
        """The :class:`Briefing` fields beyond its stories: headlines and the top block."""
        return {"headlines": self.selection.headlines, "top": self.selection.top}

    def remember(self, briefing: Briefing, skipped: Sequence[Skipped]) -> None:
        """After publishing: record what the edition carried, count failing inputs, save."""
        self.memory.record(briefing.date, [*briefing.stories, *briefing.headlines])
        self.memory.note_failures(skipped)
        self.memory.save()


def plan_edition(options: BuildOptions, ranked: Sequence[Story]) -> EditionPlan:
    """Stories left out or marked as updates (``since_last``), then split at ``max_stories``."""
    memory = EditionMemory.for_run(options)
    on = since_last_on(options)
    filtered = memory.filter(ranked, options.date) if on else Filtered(list(ranked))
    if filtered.held_back:
        log.info("%d stories held back: earlier editions carried them", filtered.held_back)
    selection = select_stories(
        filtered.stories,
        max_stories=options.max_stories,
        top=options.top_stories,
        ranked=options.sort == "rank",
    )
    return EditionPlan(memory, filtered, selection)


def _load(path: Path) -> dict[str, Any]:
    """The memory in ``path``; ``{}`` when there is none, or it is damaged (then moved aside
    with a warning: the edition is built as if it were the first)."""
    data = load_state(path, MemoryFile, "the memory of editions", logger=log)
    return dict(data) if data is not None else {}
