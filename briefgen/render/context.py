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

from briefgen.core.langnames import language_name
from briefgen.core.scripts import direction
from briefgen.core.sentences import Span, split_sentences
from briefgen.core.textutil import paragraphs as paragraphs
from briefgen.core.words import plural
from briefgen.document import Article, Briefing, Quote, Story, Update
from briefgen.stories.ranking import outlets

LEDE_LIMIT = 160
UPDATE_PARAGRAPH_LIMIT = 320
UPDATE_PARAGRAPHS = 3  # the What's new box shows at most this many
URL_DISPLAY_LIMIT = 60

_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
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


# Where a long sentence may end early, best first: after a semicolon or colon, before a
# dash or a bracket; at a comma before a conjunction; at any comma.
_CLAUSE_END = re.compile(r"[;:](?=\s)|\s(?=[—–-]\s)|\s(?=\()")
_COMMA_CLAUSE = re.compile(r",(?=\s(?:but|and|while|which|who|as|after|before|since|so)\s)")
_COMMA = re.compile(r",(?=\s)")
# Failing those, before a word that starts a clause.
_CLAUSE_WORD = re.compile(
    r"\s(?=(?:and|but|since|after|before|while|because|which|who|when|where|although|"
    r"though|until|unless|so|or)\s)"
)


def teaser(sentence: str, limit: int = LEDE_LIMIT) -> str:
    """``sentence`` when it is short enough (a third over ``limit`` still is); else cut at
    its last clause boundary within ``limit`` with an ellipsis, never mid-phrase (only a
    sentence with no such boundary at all is cut at a word)."""
    sentence = _SPACE.sub(" ", sentence).strip()
    if len(sentence) <= limit * 4 // 3:
        return sentence
    for boundary in (_CLAUSE_END, _COMMA_CLAUSE, _COMMA, _CLAUSE_WORD):
        ends = [m.start() for m in boundary.finditer(sentence[: limit - 1])]
        ends = [e for e in ends if e >= limit // 3]
        if ends:
            return sentence[: ends[-1]].rstrip(" ,;:") + "…"
    return truncate(sentence, limit)


def lede(summary: str, limit: int = LEDE_LIMIT, *, sentences: list[Span] | None = None) -> str:
    """The summary's first sentence as a teaser (see :func:`teaser`).

    ``sentences``: ``split_sentences(summary)`` when the caller already has it."""
    if sentences is None:
        sentences = split_sentences(summary)
    return teaser(sentences[0].text if sentences else summary, limit)


def body_text(
    summary: str, *, sentences: list[Span] | None = None, lede_text: str | None = None
) -> str:
    """The summary without its first sentence when At a glance shows that sentence whole
    (so the story does not start with it again); the whole summary otherwise.

    ``sentences`` and ``lede_text``: ``split_sentences(summary)`` and ``lede(summary)``
    when the caller already has them."""
    if sentences is None:
        sentences = split_sentences(summary)
    if len(sentences) < 2:
        return summary
    if lede_text is None:
        lede_text = lede(summary, sentences=sentences)
    if lede_text != _SPACE.sub(" ", sentences[0].text).strip():
        return summary
    return summary[sentences[1].start :]


def glance_lede(
    summary: str, *, sentences: list[Span] | None = None, lede_text: str | None = None
) -> str:
    """The teaser At a glance shows: none for a one-sentence summary (the story has it).

    ``sentences`` and ``lede_text``: as for :func:`body_text`."""
    if sentences is None:
        sentences = split_sentences(summary)
    if len(sentences) < 2:
        return ""
    return lede(summary, sentences=sentences) if lede_text is None else lede_text


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


def _unique_id(prefix: str, text: str, taken: set[str]) -> str:
    """``prefix`` + ``text`` made safe as an HTML id, numbered ``-2``, ``-3``... past the
    ids already ``taken`` (the new one is added to them)."""
    base = prefix + (_ANCHOR_UNSAFE.sub("-", text).strip("-") or "x")
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


def _anchor(article_id: str, taken: set[str]) -> str:
    return _unique_id("story-", article_id, taken)


def _article_fields(article: Article) -> dict[str, Any]:
    """The title, link and date fields a story and a More headlines entry share."""
    link = safe_link(article.url)
    published = article.published
    return {
        "title": _SPACE.sub(" ", article.title).strip() or "Untitled",
        "link": link,
        "link_display": url_display(link),
        "published": published.isoformat() if published else "",
        "published_display": short_datetime(published) if published else "",
        "language": article.language,
        "dir": direction(article.language),
    }


def story_context(story: Story, number: int, anchor: str, max_related: int = 0) -> dict[str, Any]:
    article, summary = story.article, story.summary
    shown = story.related[:max_related] if max_related else story.related
    fields = _article_fields(article)
    sentences = split_sentences(summary.text, article.language)
    lede_text = lede(summary.text, sentences=sentences)
    body = body_text(summary.text, sentences=sentences, lede_text=lede_text)
    return {
        "id": article.id,
        "anchor": anchor,
        "number": number,
        "title": fields["title"],
        "source": article.source,
        "author": article.author,
        "section": article.section,
        "language": article.language,
        "dir": fields["dir"],
        "translated_from": article.translated_from,
        "translated_display": (
            f"Translated from {language_name(article.translated_from)}"
            if article.translated_from
            else ""
        ),
        "url": article.url,
        "link": fields["link"],
        "link_display": fields["link_display"],
        "published": fields["published"],
        "published_display": fields["published_display"],
        "word_count": article.word_count,
        "summary": summary.text,
        "summary_paragraphs": paragraphs(summary.text),
        "body_paragraphs": paragraphs(body),
        "lede": lede_text,
        "glance_lede": glance_lede(summary.text, sentences=sentences, lede_text=lede_text),
        "outlets": outlets(story),
        "what_is_new": update_context(story.update),
        "summary_engine": summary.engine,
        "summary_model": summary.model,
        "summary_chunks": summary.chunks,
        "map_reduced": summary.map_reduced,
        "flagged": summary.flagged,
        "problems": list(summary.problems),
        "quotes": [quote_context(q) for q in shown_quotes(story)],
        **_outlets_context(story),
        "related": [
            story_context(r, number, f"{anchor}-related-{i}") for i, r in enumerate(shown, 1)
        ],
        "related_count": len(story.related),
        "related_unlisted": len(story.related) - len(shown),
    }


def _outlets_context(story: Story) -> dict[str, Any]:
    """A story's ``timeline``, and the other outlets that ran it: ``also``, ``also_only``
    (those that add nothing), ``adds`` (what the others add)."""
    adding = {(x.source, x.url) for x in story.adds}
    return {
        "timeline": [
            {
                "date": e.date.isoformat(),
                "date_display": short_datetime(e.date),
                "title": _SPACE.sub(" ", e.title).strip(),
                "line": e.line,
            }
            for e in story.timeline
        ],
        "adds": [
            {
                "source": a.source or url_display(safe_link(a.url)) or "another outlet",
                "link": safe_link(a.url),
                "sentences": list(a.sentences),
            }
            for a in story.adds
        ],
        "also": [_outlet(a) for a in story.also],
        "also_only": [_outlet(a) for a in story.also if (a.source, a.url) not in adding],
    }


def _outlet(article: Article) -> dict[str, str]:
    return {
        "source": article.source or url_display(safe_link(article.url)) or article.origin,
        "link": safe_link(article.url),
    }


def shown_quotes(story: Story) -> list[Quote]:
    """The key quotes shown with a story, each once: for an update, only those no earlier
    edition printed and the What's new paragraphs do not already hold."""
    update = story.update
    if update is None:
        return list(story.quotes)
    new = {_SPACE.sub(" ", q).strip() for q in update.quotes}
    boxed = _SPACE.sub(" ", " ".join(update.paragraphs[:UPDATE_PARAGRAPHS]))
    return [
        q
        for q in story.quotes
        if (text := _SPACE.sub(" ", q.text).strip()) in new and text not in boxed
    ]


def update_context(update: Update | None) -> dict[str, Any] | None:
    """What is new in a story an earlier edition carried; ``None`` for a new story."""
    if update is None:
        return None
    return {
        "since": update.since.isoformat(),
        "since_display": short_datetime(update.since),
        "paragraphs": [
            truncate(p, UPDATE_PARAGRAPH_LIMIT) for p in update.paragraphs[:UPDATE_PARAGRAPHS]
        ],
        "quotes": list(update.quotes),
    }


def headline_context(story: Story) -> dict[str, Any]:
    """A story listed under More headlines: title, source and link only."""
    article = story.article
    fields = _article_fields(article)
    return {
        "id": article.id,
        "title": fields["title"],
        "source": article.source,
        "section": article.section,
        "link": fields["link"],
        "link_display": fields["link_display"],
        "published": fields["published"],
        "published_display": fields["published_display"],
        "language": fields["language"],
        "dir": fields["dir"],
        "what_is_new": update_context(story.update),
    }


def _section_id(name: str, taken: set[str]) -> str:
    return _unique_id("section-", name.lower(), taken)


def group_stories(briefing: Briefing) -> list[tuple[str, list[Story]]]:
    """Stories below the Top stories block in display order, as ``(section name, stories)``
    pairs.

    When any article has a section, stories are grouped by section in order of first
    appearance, with stories that have none last (named ``""``; the context calls them
    "Other news"); otherwise one group named ``""`` holds them all in input order.
    """
    rest = briefing.stories[briefing.top :]
    grouped = any(s.article.section.strip() for s in rest)
    groups: dict[str, list[Story]] = {}
    for story in rest:
        groups.setdefault(story.article.section.strip() if grouped else "", []).append(story)
    if grouped and "" in groups:  # unsectioned stories go last
        groups[""] = groups.pop("")
    return list(groups.items())


def briefing_context(briefing: Briefing) -> dict[str, Any]:
    """The variables every template receives (all plain, JSON-able values).

    Briefing:
        ``title``: the briefing's title; ``kicker``: the line above it (``""`` when the
        title already says "briefing").
        ``date``: its date, ISO (``2026-11-25``); ``date_display``: ``Wednesday 25 November 2026``.
        ``generated_at``: when the run made it, ISO; ``generated_time``: ``HH:MM``;
        ``generated_display``: ``25 Nov 2026, 07:30``.
        ``story_count``; ``sources``: sorted source names; ``source_count``;
        ``story_count_display``, ``source_count_display``: ``1 story``, ``3 sources``.

    Stories (ranked by importance unless ``--sort`` says otherwise):
        ``stories``: every story shown in full, in display order. ``top_stories``: the first
        of them, the Top stories block (empty unless ranked and more than ``top_stories``).
        ``sections``: ``[{name, anchor, stories, top}]``: the Top stories block first
        (``top`` true, anchor ``top-stories``), then the rest by section in first-appearance
        order, stories without a section last under "Other news" (or "More stories" below
        a Top stories block); a single section with ``name == ""`` when neither applies.
        ``grouped``: whether any article has a section; ``headed``: whether sections have
        headings (grouped, or a Top stories block). ``more_headlines``: the stories beyond
        ``max_stories``, the first ``max_headlines`` of them, ``[{id, title, source, section,
        link, link_display, published, published_display, language, dir, what_is_new}]``;
        ``headline_count``: all the stories beyond ``max_stories``; ``unlisted_count``: those
        not in ``more_headlines`` (the JSON lists them). ``update_count``: stories shown as
        updates.

    Each story:
        ``id``; ``anchor``: ``story-<id>``, unique, safe as an HTML id; ``number``: 1-based,
        display order; ``title``; ``source``; ``author``; ``section``; ``language``:
        the article's detected language (``""`` when unknown); ``dir``: ``rtl`` for a
        language written right to left, ``ltr`` for any other, ``""`` when unknown;
        display order; ``title``; ``source``; ``author``; ``section``; ``language``;
        ``translated_from``: the original's language code when the story was translated
        (``translate = true``), else ``""``; ``translated_display``: "Translated from
        French", or ``""``;
        ``url``: as read, untrusted; ``link``: the url when it is http(s), else ``""`` (use
        this one for ``href``); ``link_display``: the link's host, e.g. ``news.example``;
        ``published``: ISO or ``""``; ``published_display``: ``25 Nov 2026, 09:14``;
        ``word_count``; ``summary``; ``summary_paragraphs``: list of str; ``lede``: the
        summary's first sentence, long ones cut at a clause boundary near 160 characters;
        ``glance_lede``: the teaser At a glance shows (``""`` for a one-sentence summary);
        ``body_paragraphs``: the summary without the teaser's sentence (so the story does
        not start with it again); ``outlets``: how many outlets carry the story;
        ``what_is_new``: ``None``, or for a story an earlier edition carried ``{since,
        since_display, paragraphs, quotes}``: what the article has gained (``quotes``: every
        quotation no earlier edition had); ``timeline``: the earlier editions that carried
        the story, oldest first, ``[{date, date_display, title, line}]`` (``line``: the first
        sentence of its summary then); ``summary_engine``;
        ``summary_model``; ``summary_chunks``; ``map_reduced``; ``quotes``; ``also``:
        ``[{source, link}]`` outlets that ran the same story ("also reported by"); ``also_only``:
        those of them that add nothing (the others are in ``adds``); ``adds``:
        ``[{source, link, sentences}]``, those outlets' own sentences that report what the
        story's article does not (only outlets that add something); ``related``:
        other outlets' reporting of the same event, each a story with these same fields,
        the first ``max_related`` of them; ``related_count``: all of them;
        ``related_unlisted``: those not in ``related`` (the JSON lists them);
        ``flagged``: summary sentences the faithfulness guard found unsupported (kept in the
        text in ``warn`` mode); ``problems``: why, one line each.

    Each quote (the story's chosen key quotes, in order; for an update, only the new ones
    that the What's new paragraphs do not already hold, so no quotation is printed twice):
        ``text``: without quotation marks; ``speaker``; ``speaker_role``; ``attribution``:
        ``Name, Role``, ``""`` when unattributed; ``cue``; ``kind``: ``full`` or
        ``fragment``; ``key``; ``score``; ``start``; ``end``.

    Run (the colophon):
        ``engine``, ``model``, ``engine_note``: one quiet line for readers (``""`` unless the
        run fell back or degraded); ``engine_detail``: what happened, for the colophon,
        without the operator's instructions (those are in the log and the JSON's
        ``engine_note``); ``notes``: sentences for readers about the run ("Quotations
        are not extracted for Japanese articles."); ``held_back``: stories left out
        because earlier editions
        carried them, ``held_back_since`` (ISO) and ``held_back_display`` (a sentence, or
        ``""``); ``version``, ``timings``: ``[{name, seconds, display}]`` in run order,
        ``total_seconds``, ``total_display``, ``skipped``: ``[{source, reason}]``;
        ``faithfulness``: the guard's mode (``fix``, ``warn``, ``off``); ``sentences_checked``,
        ``sentences_flagged``, ``sentences_fixed``: its counts over the whole briefing.

    At render time the templates also get ``output`` (``"html"``, ``"pdf"`` or ``"md"``),
    ``paper`` (a CSS page size such as ``A4`` or ``letter``) and ``extra_css`` (the text of
    ``--css``, or ``""``).
    """
    run = briefing.run
    top, sections, stories, grouped = _story_blocks(briefing)
    cap = briefing.max_headlines
    listed = briefing.headlines[:cap] if cap else briefing.headlines
    generated = run.generated_at
    sources = briefing.sources
    return {
        "title": briefing.title,
        "kicker": "" if "briefing" in briefing.title.casefold() else "Briefing",
        "date": briefing.date.isoformat(),
        "date_display": long_date(briefing.date),
        "generated_at": generated.isoformat(timespec="seconds"),
        "generated_time": f"{generated:%H:%M}",
        "generated_display": f"{short_datetime(generated.date())}, {generated:%H:%M}",
        "story_count": len(stories),
        "story_count_display": plural(len(stories), "story"),
        "sources": sources,
        "source_count": len(sources),
        "source_count_display": plural(len(sources), "source"),
        "grouped": grouped,
        "headed": grouped or bool(top),
        "top_stories": top,
        "sections": sections,
        "stories": stories,
        "more_headlines": [headline_context(s) for s in listed],
        "headline_count": len(briefing.headlines),
        "unlisted_count": len(briefing.headlines) - len(listed),
        "update_count": sum(1 for s in briefing.stories if s.update is not None),
        **_run_context(briefing),
    }


def _story_blocks(
    briefing: Briefing,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], bool]:
    """``(top_stories, sections, stories, grouped)``: numbered in display order."""
    taken: set[str] = set()
    stories: list[dict[str, Any]] = []

    def item(story: Story) -> dict[str, Any]:
        at = _anchor(story.article.id, taken)
        stories.append(story_context(story, len(stories) + 1, at, briefing.max_related))
        return stories[-1]

    top = [item(story) for story in briefing.stories[: briefing.top]]
    section_ids = {"top-stories"}
    sections = [{"name": "Top stories", "anchor": "top-stories", "stories": top, "top": True}]
    sections = sections if top else []
    groups = group_stories(briefing)
    grouped = groups[0][0] != "" if groups else False
    for name, members in groups:
        label = name or ("Other news" if grouped else "More stories" if top else "")
        anchor = _section_id(label, section_ids)
        items = [item(s) for s in members]
        sections.append({"name": label, "anchor": anchor, "stories": items, "top": False})
    return top, sections, stories, grouped


def reader_detail(note: str) -> str:
    """The run's note as readers get it at the end of the briefing: what happened, without
    the operator's instructions (clauses naming a command or a flag stay in the log)."""
    kept = [part for part in note.split("; ") if "`" not in part and " --" not in part]
    text = "; ".join(kept).strip()
    return text if not text or text.endswith((".", "!", "?", ")")) else text + "."


def reader_note(engine: str, note: str) -> str:
    """The one quiet line readers see when the run fell back (what happened is
    ``engine_detail``; the operator's instructions stay in the log and stderr)."""
    if not note:
        return ""
    if engine == "extractive":
        return "Summaries are extracts: no model was available."
    return "Summaries were not made as configured; see the end of the briefing."


def _run_context(briefing: Briefing) -> dict[str, Any]:
    run = briefing.run
    total = sum(run.timings.values())
    since = run.held_back_since
    return {
        "engine": run.engine,
        "model": run.model,
        "engine_note": reader_note(run.engine, run.engine_note),
        "engine_detail": reader_detail(run.engine_note),
        "notes": list(run.notes),
        "version": run.version,
        "timings": [
            {"name": name, "seconds": seconds, "display": _seconds(seconds)}
            for name, seconds in run.timings.items()
        ],
        "total_seconds": total,
        "total_display": _seconds(total),
        "skipped": [{"source": s.location, "reason": s.reason} for s in run.skipped],
        "faithfulness": run.faithfulness,
        "sentences_checked": sum(s.summary.checked for s in briefing.all_stories),
        "sentences_flagged": sum(s.summary.flagged for s in briefing.all_stories),
        "sentences_fixed": sum(s.summary.fixed for s in briefing.all_stories),
        "held_back": run.held_back,
        "held_back_since": since.isoformat() if since else "",
        "held_back_display": (
            f"{plural(run.held_back, 'story', 'stories')} already in earlier editions "
            f"(since {short_datetime(since)}) left out; build with --all to include them"
            if run.held_back and since
            else ""
        ),
    }


def _seconds(value: float) -> str:
    if value < 10:
        return f"{value:.1f} s"
    if value < 120:
        return f"{value:.0f} s"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds:02d} s"
