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

from briefgen.core.langnames import foreign_language_name, language_name
from briefgen.core.scripts import direction
from briefgen.core.sentences import split_sentences
from briefgen.core.textutil import paragraphs as paragraphs
from briefgen.document import Article, Briefing, Quote, Story, Update
from briefgen.render.i18n import Reader, reader_for, text_direction
from briefgen.render.ledes import body_text, glance_lede, lede, truncate
from briefgen.stories.ranking import outlets

UPDATE_PARAGRAPH_LIMIT = 320
UPDATE_PARAGRAPHS = 3  # the What's new box shows at most this many
URL_DISPLAY_LIMIT = 60

_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_SPACE = re.compile(r"\s+")


def long_date(day: date, locale: str = "en") -> str:
    """``Wednesday 25 November 2026`` (``mercredi 25 novembre 2026`` for ``fr``)."""
    return reader_for(locale).long_date(day)


def short_datetime(moment: date | datetime, locale: str = "en") -> str:
    """``25 Nov 2026`` or ``25 Nov 2026, 09:14`` when a time of day is known."""
    return reader_for(locale).short_datetime(moment)


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


def _article_fields(article: Article, reader: Reader) -> dict[str, Any]:
    """The title, link and date fields a story and a More headlines entry share."""
    link = safe_link(article.url)
    published = article.published
    return {
        "title": _SPACE.sub(" ", article.title).strip() or reader.gettext("Untitled"),
        "link": link,
        "link_display": url_display(link),
        "published": published.isoformat() if published else "",
        "published_display": reader.short_datetime(published) if published else "",
        "language": article.language,
        "dir": direction(article.language),
    }


def story_context(
    story: Story, number: int, anchor: str, reader: Reader | None = None, max_related: int = 0
) -> dict[str, Any]:
    reader = reader or Reader()
    article, summary = story.article, story.summary
    shown = story.related[:max_related] if max_related else story.related
    fields = _article_fields(article, reader)
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
        "language_display": foreign_language_name(article.language, reader.tag),
        "translated_display": (
            reader.gettext(
                "Translated from %(language)s",
                language=language_name(article.translated_from, reader.tag),
            )
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
        "what_is_new": update_context(story.update, reader),
        "summary_engine": summary.engine,
        "summary_model": summary.model,
        "summary_chunks": summary.chunks,
        "map_reduced": summary.map_reduced,
        "flagged": summary.flagged,
        "problems": list(summary.problems),
        "quotes": [quote_context(q) for q in shown_quotes(story)],
        **_outlets_context(story, reader),
        "related": [
            story_context(r, number, f"{anchor}-related-{i}", reader)
            for i, r in enumerate(shown, 1)
        ],
        "related_count": len(story.related),
        "related_unlisted": len(story.related) - len(shown),
    }


def _outlets_context(story: Story, reader: Reader) -> dict[str, Any]:
    """A story's ``timeline``, and the other outlets that ran it: ``also``, ``also_only``
    (those that add nothing), ``adds`` (what the others add)."""
    adding = {(x.source, x.url) for x in story.adds}
    return {
        "timeline": [
            {
                "date": e.date.isoformat(),
                "date_display": reader.short_datetime(e.date),
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


def update_context(update: Update | None, reader: Reader | None = None) -> dict[str, Any] | None:
    """What is new in a story an earlier edition carried; ``None`` for a new story."""
    if update is None:
        return None
    return {
        "since": update.since.isoformat(),
        "since_display": (reader or Reader()).short_datetime(update.since),
        "paragraphs": [
            truncate(p, UPDATE_PARAGRAPH_LIMIT) for p in update.paragraphs[:UPDATE_PARAGRAPHS]
        ],
        "quotes": list(update.quotes),
    }


def headline_context(story: Story, reader: Reader | None = None) -> dict[str, Any]:
    """A story listed under More headlines: title, source and link only."""
    reader = reader or Reader()
    article = story.article
    fields = _article_fields(article, reader)
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
        "what_is_new": update_context(story.update, reader),
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
        ``locale``: the reader's language, a BCP 47 tag (``en``, ``fr``, ``pt-BR``) for
        ``<html lang>``; ``locale_dir``: ``ltr`` or ``rtl``. Every ``*_display`` value, and
        the section names, are in that language (``_()`` and ``{% trans %}`` translate the
        templates' own text).
        ``date``: its date, ISO (``2026-11-25``); ``date_display``: ``Wednesday 25 November 2026``.
        ``generated_at``: when the run made it, ISO; ``generated_time``: ``07:30``;
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
        French", or ``""``; ``language_display``: "French" where not the reader's language;
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
        are not extracted for Korean articles."); ``held_back``: stories left out
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
    reader = reader_for(briefing.locale)
    top, sections, stories, grouped = _story_blocks(briefing, reader)
    cap = briefing.max_headlines
    listed = briefing.headlines[:cap] if cap else briefing.headlines
    generated = run.generated_at
    sources = briefing.sources
    kicker = reader.gettext("Briefing")
    title = briefing.title.casefold()
    return {
        "title": briefing.title,
        "kicker": "" if "briefing" in title or kicker.casefold() in title else kicker,
        "locale": reader.tag,
        "locale_dir": text_direction(reader.tag),
        "date": briefing.date.isoformat(),
        "date_display": reader.long_date(briefing.date),
        "generated_at": generated.isoformat(timespec="seconds"),
        "generated_time": reader.time(generated),
        "generated_display": reader.gettext(
            "%(date)s, %(time)s",
            date=reader.short_date(generated.date()),
            time=reader.time(generated),
        ),
        "story_count": len(stories),
        "story_count_display": reader.ngettext("%(num)s story", "%(num)s stories", len(stories)),
        "sources": sources,
        "source_count": len(sources),
        "source_count_display": reader.ngettext("%(num)s source", "%(num)s sources", len(sources)),
        "grouped": grouped,
        "headed": grouped or bool(top),
        "top_stories": top,
        "sections": sections,
        "stories": stories,
        "more_headlines": [headline_context(s, reader) for s in listed],
        "headline_count": len(briefing.headlines),
        "unlisted_count": len(briefing.headlines) - len(listed),
        "update_count": sum(1 for s in briefing.stories if s.update is not None),
        **_run_context(briefing, reader),
    }


def _story_blocks(
    briefing: Briefing, reader: Reader
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], bool]:
    """``(top_stories, sections, stories, grouped)``: numbered in display order. Section
    names are in the reader's language, anchors from the English ones (stable links)."""
    taken: set[str] = set()
    stories: list[dict[str, Any]] = []

    def item(story: Story) -> dict[str, Any]:
        at = _anchor(story.article.id, taken)
        stories.append(story_context(story, len(stories) + 1, at, reader, briefing.max_related))
        return stories[-1]

    top = [item(story) for story in briefing.stories[: briefing.top]]
    section_ids = {"top-stories"}
    name = reader.gettext("Top stories")
    sections = [{"name": name, "anchor": "top-stories", "stories": top, "top": True}]
    sections = sections if top else []
    groups = group_stories(briefing)
    grouped = groups[0][0] != "" if groups else False
    for name, members in groups:
        label = name or ("Other news" if grouped else "More stories" if top else "")
        anchor = _section_id(label, section_ids)
        shown = name or _unnamed(label, reader)
        items = [item(s) for s in members]
        sections.append({"name": shown, "anchor": anchor, "stories": items, "top": False})
    return top, sections, stories, grouped


def _unnamed(label: str, reader: Reader) -> str:
    """The heading of the stories without a section, in the reader's language."""
    if label == "Other news":
        return reader.gettext("Other news")
    return reader.gettext("More stories") if label else ""


def reader_detail(note: str) -> str:
    """The run's note as readers get it at the end of the briefing: what happened, without
    the operator's instructions (clauses naming a command or a flag stay in the log)."""
    kept = [part for part in note.split("; ") if "`" not in part and " --" not in part]
    text = "; ".join(kept).strip()
    return text if not text or text.endswith((".", "!", "?", ")")) else text + "."


def reader_note(engine: str, note: str, reader: Reader | None = None) -> str:
    """The one quiet line readers see when the run fell back (what happened is
    ``engine_detail``; the operator's instructions stay in the log and stderr)."""
    reader = reader or Reader()
    if not note:
        return ""
    if engine == "extractive":
        return reader.gettext("Summaries are extracts: no model was available.")
    return reader.gettext("Summaries were not made as configured; see the end of the briefing.")


def stage_name(name: str, reader: Reader) -> str:
    """A run stage's name in the reader's language (a name it does not know as it is)."""
    names = {
        "read": reader.gettext("read"),
        "group": reader.gettext("group"),
        "summarise": reader.gettext("summarise"),
        "check": reader.gettext("check"),
        "quotes (wait)": reader.gettext("quotes (wait)"),
        "render": reader.gettext("render"),
    }
    return names.get(name, name)


def _run_context(briefing: Briefing, reader: Reader) -> dict[str, Any]:
    run = briefing.run
    total = sum(run.timings.values())
    since = run.held_back_since
    return {
        "engine": run.engine,
        "model": run.model,
        "engine_note": reader_note(run.engine, run.engine_note, reader),
        "engine_detail": reader_detail(run.engine_note),
        "notes": [
            reader.gettext(
                "Quotations are not extracted for %(language)s articles.",
                language=language_name(code, reader.tag),
            )
            for code in run.unquoted
        ],
        "version": run.version,
        "timings": [
            {
                "name": stage_name(name, reader),
                "seconds": seconds,
                "display": reader.seconds(seconds),
            }
            for name, seconds in run.timings.items()
        ],
        "total_seconds": total,
        "total_display": reader.seconds(total),
        "skipped": [{"source": s.location, "reason": s.reason} for s in run.skipped],
        "faithfulness": run.faithfulness,
        "sentences_checked": sum(s.summary.checked for s in briefing.all_stories),
        "sentences_flagged": sum(s.summary.flagged for s in briefing.all_stories),
        "sentences_fixed": sum(s.summary.fixed for s in briefing.all_stories),
        "held_back": run.held_back,
        "held_back_since": since.isoformat() if since else "",
        "held_back_display": (
            reader.ngettext(
                "%(num)s story already in earlier editions (since %(since)s) left out; "
                "build with --all to include it",
                "%(num)s stories already in earlier editions (since %(since)s) left out; "
                "build with --all to include them",
                run.held_back,
                since=reader.short_datetime(since),
            )
            if run.held_back and since
            else ""
        ),
    }
