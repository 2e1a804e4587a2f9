"""The template context: a Briefing turned into plain dicts, lists and strings.

Everything here is JSON-able, so the same structure can be printed for template authors.
Nothing here is escaped: escaping is the template engine's job (autoescape for HTML, the
``md`` finaliser for Markdown), so every value is the raw, untrusted text of the articles.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from briefgen.document import Briefing, Quote, Story
from briefgen.sentences import split_sentences

LEDE_LIMIT = 160
URL_DISPLAY_LIMIT = 60

_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SPACE = re.compile(r"\s+")


def long_date(day: date) -> str:
    """``Wednesday 25 November 2026`` (English names whatever the locale)."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_datetime(moment: date | datetime) -> str:
    """``25 Nov 2026`` or ``25 Nov 2026, 09:14`` when a time of day is known."""
    text = f"{moment.day} {_MONTHS[moment.month - 1][:3]} {moment.year}"
    if isinstance(moment, datetime) and (moment.hour, moment.minute) != (0, 0):
        text += f", {moment:%H:%M}"
    return text


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def safe_link(url: str) -> str:
    """``url`` when it is an absolute http(s) URL with a host, else ``""`` (never a link)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return ""
    return url


def url_display(url: str, limit: int = URL_DISPLAY_LIMIT) -> str:
    """A short readable form of a link: its host without ``www.``, cut at ``limit``."""
    if not url:
        return ""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return truncate(host, limit, words=False)


def truncate(text: str, limit: int, *, words: bool = True) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary, with an ellipsis."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if words and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def lede(summary: str, limit: int = LEDE_LIMIT) -> str:
    """The first sentence of a summary, truncated sensibly."""
    sentences = split_sentences(summary)
    first = sentences[0].text if sentences else summary
    return truncate(first, limit)


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, inner white space folded."""
    parts = (_SPACE.sub(" ", p).strip() for p in _PARAGRAPH_BREAK.split(text))
    return [p for p in parts if p]


def attribution(quote: Quote) -> str:
    """``Elena Voss, Mayor of Harbourside``; ``""`` when the speaker is unknown."""
    if not quote.speaker:
        return ""
    if quote.speaker_role:
        return f"{quote.speaker}, {quote.speaker_role}"
    return quote.speaker


def quote_context(quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "speaker": quote.speaker or "",
        "speaker_role": quote.speaker_role or "",
        "attribution": attribution(quote),
        "cue": quote.cue or "",
        "kind": quote.kind,
        "key": quote.key,
        "score": quote.score,
        "start": quote.start,
        "end": quote.end,
    }


def _anchor(article_id: str, taken: set[str]) -> str:
    base = "story-" + (_ANCHOR_UNSAFE.sub("-", article_id).strip("-") or "x")
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


def story_context(story: Story, number: int, anchor: str) -> dict[str, Any]:
    article, summary = story.article, story.summary
    link = safe_link(article.url)
    return {
        "id": article.id,
        "anchor": anchor,
        "number": number,
        "title": _SPACE.sub(" ", article.title).strip() or "Untitled",
        "source": article.source,
        "author": article.author,
        "section": article.section,
        "language": article.language,
        "url": article.url,
        "link": link,
        "link_display": url_display(link),
        "published": article.published.isoformat() if article.published else "",
        "published_display": short_datetime(article.published) if article.published else "",
        "word_count": article.word_count,
        "summary": summary.text,
        "summary_paragraphs": paragraphs(summary.text),
        "lede": lede(summary.text),
        "summary_engine": summary.engine,
        "summary_model": summary.model,
        "summary_chunks": summary.chunks,
        "map_reduced": summary.map_reduced,
        "flagged": summary.flagged,
        "problems": list(summary.problems),
        "quotes": [quote_context(q) for q in story.quotes],
        "also": [
            {
                "source": a.source or url_display(safe_link(a.url)) or a.origin,
                "link": safe_link(a.url),
            }
            for a in story.also
        ],
        "related": [
            story_context(r, number, f"{anchor}-related-{i}")
            for i, r in enumerate(story.related, 1)
        ],
    }


def _section_id(name: str, taken: set[str]) -> str:
    base = "section-" + (_ANCHOR_UNSAFE.sub("-", name.lower()).strip("-") or "x")
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


def group_stories(briefing: Briefing) -> list[tuple[str, list[Story]]]:
    """Stories in display order, as ``(section name, stories)`` pairs.

    When any article has a section, stories are grouped by section in order of first
    appearance, with stories that have none last (named ``""``; the context calls them
    "Other news"); otherwise one group named ``""`` holds them all in input order.
    """
    grouped = any(s.article.section.strip() for s in briefing.stories)
    groups: dict[str, list[Story]] = {}
    for story in briefing.stories:
        groups.setdefault(story.article.section.strip() if grouped else "", []).append(story)
    if grouped and "" in groups:  # unsectioned stories go last
        groups[""] = groups.pop("")
    return list(groups.items())


def briefing_context(briefing: Briefing) -> dict[str, Any]:
    """The variables every template receives (all plain, JSON-able values).

    Briefing:
        ``title``: the briefing's title.
        ``date``: its date, ISO (``2026-11-25``); ``date_display``: ``Wednesday 25 November 2026``.
        ``generated_at``: when the run made it, ISO; ``generated_time``: ``HH:MM``;
        ``generated_display``: ``25 Nov 2026, 07:30``.
        ``story_count``; ``sources``: sorted source names; ``source_count``.

    Stories:
        ``stories``: every story in display order (grouped by section when ``grouped``).
        ``sections``: ``[{name, anchor, stories}]`` in first-appearance order, stories
        without a section last under "Other news"; a single section with ``name == ""``
        when no article has a section. ``grouped``: whether any article has a section.

    Each story:
        ``id``; ``anchor``: ``story-<id>``, unique, safe as an HTML id; ``number``: 1-based,
        display order; ``title``; ``source``; ``author``; ``section``; ``language``;
        ``url``: as read, untrusted; ``link``: the url when it is http(s), else ``""`` (use
        this one for ``href``); ``link_display``: the link's host, e.g. ``news.example``;
        ``published``: ISO or ``""``; ``published_display``: ``25 Nov 2026, 09:14``;
        ``word_count``; ``summary``; ``summary_paragraphs``: list of str; ``lede``: the
        summary's first sentence, at most 160 characters; ``summary_engine``;
        ``summary_model``; ``summary_chunks``; ``map_reduced``; ``quotes``; ``also``:
        ``[{source, link}]`` outlets that ran the same story ("also reported by"); ``related``:
        other outlets' reporting of the same event, each a story with these same fields;
        ``flagged``: summary sentences the faithfulness guard found unsupported (kept in the
        text in ``warn`` mode); ``problems``: why, one line each.

    Each quote (the story's chosen key quotes, in order):
        ``text``: without quotation marks; ``speaker``; ``speaker_role``; ``attribution``:
        ``Name, Role``, ``""`` when unattributed; ``cue``; ``kind``: ``full`` or
        ``fragment``; ``key``; ``score``; ``start``; ``end``.

    Run (the colophon):
        ``engine``, ``model``, ``engine_note`` (``""`` unless the run fell back or degraded:
        show it), ``version``, ``timings``: ``[{name, seconds, display}]`` in run order,
        ``total_seconds``, ``total_display``, ``skipped``: ``[{source, reason}]``;
        ``faithfulness``: the guard's mode (``fix``, ``warn``, ``off``); ``sentences_checked``,
        ``sentences_flagged``, ``sentences_fixed``: its counts over the whole briefing.

    At render time the templates also get ``output`` (``"html"``, ``"pdf"`` or ``"md"``),
    ``paper`` (a CSS page size such as ``A4`` or ``letter``) and ``extra_css`` (the text of
    ``--css``, or ``""``).
    """
    run = briefing.run
    taken: set[str] = set()
    groups = group_stories(briefing)
    grouped = groups[0][0] != "" if groups else False

    sections: list[dict[str, Any]] = []
    stories: list[dict[str, Any]] = []
    section_ids: set[str] = set()
    for name, members in groups:
        items = []
        for story in members:
            item = story_context(story, len(stories) + 1, _anchor(story.article.id, taken))
            items.append(item)
            stories.append(item)
        label = name or ("Other news" if grouped else "")
        sections.append(
            {"name": label, "anchor": _section_id(label, section_ids), "stories": items}
        )

    total = sum(run.timings.values())
    generated = run.generated_at
    return {
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "date_display": long_date(briefing.date),
        "generated_at": generated.isoformat(timespec="seconds"),
        "generated_time": f"{generated:%H:%M}",
        "generated_display": f"{short_datetime(generated.date())}, {generated:%H:%M}",
        "story_count": len(stories),
        "sources": briefing.sources,
        "source_count": len(briefing.sources),
        "grouped": grouped,
        "sections": sections,
        "stories": stories,
        "engine": run.engine,
        "model": run.model,
        "engine_note": run.engine_note,
        "version": run.version,
        "timings": [
            {"name": name, "seconds": seconds, "display": _seconds(seconds)}
            for name, seconds in run.timings.items()
        ],
        "total_seconds": total,
        "total_display": _seconds(total),
        "skipped": [{"source": s.source, "reason": s.reason} for s in run.skipped],
        "faithfulness": run.faithfulness,
        "sentences_checked": sum(s.summary.checked for s in briefing.all_stories),
        "sentences_flagged": sum(s.summary.flagged for s in briefing.all_stories),
        "sentences_fixed": sum(s.summary.fixed for s in briefing.all_stories),
    }


def _seconds(value: float) -> str:
    if value < 10:
        return f"{value:.1f} s"
    if value < 120:
        return f"{value:.0f} s"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds:02d} s"
