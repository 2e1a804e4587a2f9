"""The output folder's archive: ``index.html`` listing the editions, ``editions.xml`` (Atom).

Every publish records its edition in ``.briefgen-editions.json`` (briefing, title, date,
story count, headlines, files, and for search each story's title, outlet and the start of
its summary, as the JSON text the page holds: written once, joined on every build) and
rewrites both pages from that record, atomically, under the output
folder's lock. Editions whose files retention has deleted drop out. The index lists every
briefing's editions in the folder, newest first, with their story counts and links to each
format, and searches their stories in the page itself (the index held in the page as JSON,
a few lines of script: no server, works from ``file://``, fetches nothing); the feed lets a
feed reader subscribe to the briefing itself. Both are made from the record only and name
nothing outside the folder.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired, TypedDict
from xml.etree import ElementTree as ET

from briefgen.core.atomic import write_atomic
from briefgen.core.errors import BriefgenError
from briefgen.core.statefile import ISO_DATE, ISO_MOMENT, NOT_NEGATIVE, load_state
from briefgen.core.textutil import xml_chars
from briefgen.document import Briefing, Story
from briefgen.publish import found

log = logging.getLogger(__name__)

RECORD = ".briefgen-editions.json"
VERSION = 1
INDEX = "index.html"
FEED = "editions.xml"
TEMPLATE = "archive.html"
HEADLINES = 5
SEARCH_TEXT = 300  # characters of each summary the index page's search holds
FORMAT_NAMES = {"html": "HTML", "pdf": "PDF", "epub": "EPUB", "md": "Markdown", "json": "JSON"}
ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "epub": "application/epub+zip",
    "md": "text/markdown",
    "json": "application/json",
}


class Findable(TypedDict):
    """A story of an edition as the index page's search sees it (records of earlier
    releases hold these; they are turned into ``found`` when read)."""

    title: str
    source: str
    url: str
    text: str  # the start of its summary, and its key quotes


class ArchiveEntry(TypedDict):
    """One edition in the record, as :func:`_entry` writes it."""

    briefing: str
    title: str
    date: Annotated[str, ISO_DATE]
    generated_at: NotRequired[Annotated[str, ISO_MOMENT]]
    stories: Annotated[int, NOT_NEGATIVE]
    headlines: list[str]
    files: list[str]
    found_sha: NotRequired[str]  # of its search items' file (briefgen.publish.found)
    found: NotRequired[str]  # those items in the record itself (an earlier form)
    stories_found: NotRequired[list[Findable]]  # earlier releases' form of ``found``


class ArchiveFile(TypedDict):
    """The record's schema, checked on every read; files of earlier releases have no
    version."""

    version: NotRequired[Literal[1]]
    editions: list[ArchiveEntry]


def _entry(briefing: Briefing, name: str, paths: Sequence[Path]) -> tuple[dict[str, Any], str]:
    """The record's entry of an edition, and its search items (:func:`_found`)."""
    entry = {
        "briefing": name,
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "generated_at": briefing.run.generated_at.astimezone().isoformat(timespec="seconds"),
        "stories": len(briefing.stories),
        "headlines": [s.article.title for s in briefing.stories[:HEADLINES]],
        "files": [p.name for p in paths],
    }
    found = [_findable(s) for s in [*briefing.all_stories, *briefing.headlines]]
    return entry, _found(entry, found)


def _findable(story: Story) -> dict[str, str]:
    return {
        "title": story.article.title,
        "source": story.article.source,
        "url": story.article.url,
        "text": _findable_text(story),
    }


def _findable_text(story: Story) -> str:
    """What the index page searches in a story besides its title: the start of its
    summary and of its key quotes."""
    parts = [_cut(story.summary.text, SEARCH_TEXT), *(_cut(q.text, 120) for q in story.quotes)]
    return " ".join(p for p in parts if p)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _found(entry: dict[str, Any], stories: Sequence[Mapping[str, Any]]) -> str:
    """An edition's items for the index page's search, ``{d: date, t: title, s: source,
    x: text, e: the edition's file}`` each, as JSON text written once when the edition is
    recorded (:mod:`briefgen.publish.found`; the page joins the editions' texts)."""
    links = _links(entry)
    main = next((x for x in links if x["label"] == "HTML"), links[0] if links else None)
    items = [
        {
            "d": str(entry.get("date")),
            "t": str(item.get("title", "")),
            "s": str(item.get("source", "")),
            "x": str(item.get("text", "")),
            "e": main["href"] if main else "",
        }
        for item in stories
    ]
    return ",".join(json.dumps(i, sort_keys=True) for i in items)


class FoundItems:
    """The index page's search items of every listed edition, newest first: their JSON
    texts, joined only when the page is rendered (``search_index | tojson``)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = [t for t in texts if t]

    def __bool__(self) -> bool:
        return bool(self.texts)

    def __iter__(self) -> Iterator[dict[str, str]]:  # for a template that walks the items
        return iter(json.loads(f"[{','.join(self.texts)}]"))

    def json(self) -> str:
        return f"[{','.join(self.texts)}]"


def _dumps(value: Any, **kwargs: Any) -> str:
    """``tojson``'s serialiser: :class:`FoundItems` as the JSON it holds, the rest as usual."""
    return value.json() if isinstance(value, FoundItems) else json.dumps(value, **kwargs)


def search_index(folder: Path, entries: list[dict[str, Any]]) -> FoundItems:
    """The stories of the listed editions for the index page's search, newest first."""
    return FoundItems([found.load(folder, e) for e in entries])


def _upgrade(data: Any) -> Any:
    """A record of earlier releases: each entry's ``stories_found`` turned into ``found``."""
    editions = data.get("editions") if isinstance(data, dict) else None
    for entry in editions if isinstance(editions, list) else []:
        old = entry.pop("stories_found", None) if isinstance(entry, dict) else None
        if isinstance(old, list) and isinstance(entry.get("files"), list):
            entry["found"] = _found(entry, [x for x in old if isinstance(x, dict)])
    return data


def _read(folder: Path) -> list[dict[str, Any]]:
    """The editions recorded so far; none when the record is missing or damaged (a damaged
    one is moved aside with a warning, and the index starts again from this edition)."""
    data = load_state(folder / RECORD, ArchiveFile, "archive", logger=log, upgrade=_upgrade)
    return [dict(e) for e in data["editions"]] if data is not None else []


def _present(folder: Path, entry: dict[str, Any]) -> dict[str, Any] | None:
    """``entry`` with only the files still in the folder (its search items then link to one
    of those), its items in their own file; None when no file is left."""
    files = [f for f in entry["files"] if isinstance(f, str) and "/" not in f]
    files = [f for f in files if (folder / f).is_file() and not f.startswith(".")]
    if not files:
        return None
    if files == entry["files"] and "found" not in entry:
        return entry
    text = str(entry["found"]) if "found" in entry else found.load(folder, entry)
    moved = {**entry, "files": files}
    if files != entry["files"]:
        try:
            items = json.loads(f"[{text}]")
            text = _found(
                moved, [{"title": i["t"], "source": i["s"], "text": i["x"]} for i in items]
            )
        except (ValueError, TypeError, KeyError):
            text = ""
    return _settled(folder, moved, text)


def _settled(folder: Path, entry: dict[str, Any], text: str) -> dict[str, Any]:
    """``entry`` with its search items ``text`` in their file and its digest in the entry."""
    entry = {k: v for k, v in entry.items() if k not in ("found", "found_sha")}
    sha = found.save(folder, entry, text)
    return {**entry, "found_sha": sha} if sha else entry


def _newest_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        entries, key=lambda e: (str(e.get("date")), str(e.get("generated_at"))), reverse=True
    )


def update_archive(
    folder: Path,
    briefing: Briefing,
    name: str,
    paths: Sequence[Path],
    templates: Path | None = None,
) -> None:
    """Record this edition and rewrite ``index.html`` and ``editions.xml``.

    Called by :func:`briefgen.publish.edition.publish_edition` under the folder's lock, after the
    edition is in place: a failure here is logged, never fatal (the edition is published).
    """
    folder = Path(folder)
    new, text = _entry(briefing, name, paths)
    new = _settled(folder, new, text)
    same = (name, new["date"])
    recorded = _read(folder)
    kept = [e for e in recorded if (e.get("briefing"), e.get("date")) != same]
    present = [(e, _present(folder, e)) for e in [new, *kept]]
    listed = [e for _, e in present if e is not None]
    gone = [e for e in recorded if (e.get("briefing"), e.get("date")) == same]
    gone += [e for e, now in present if now is None]
    names = {found.name_of(e) for e in listed}
    for entry in gone:  # editions no longer listed: their search items go
        if found.name_of(entry) not in names:
            found.forget(folder, entry)
    entries = _newest_first(listed)
    try:
        index = render_index(entries, templates, briefing.locale, folder)
        record = {"version": VERSION, "editions": entries}
        write_atomic(folder / RECORD, json.dumps(record, separators=(",", ":"), allow_nan=False))
        write_atomic(folder / INDEX, index)
        write_atomic(folder / FEED, render_feed(entries, folder.resolve().name))
    except (OSError, BriefgenError) as exc:
        log.warning("archive: cannot update %s: %s", folder / INDEX, exc)


def _links(entry: dict[str, Any]) -> list[dict[str, str]]:
    by_ext = {f.rpartition(".")[2]: f for f in entry["files"]}
    return [{"href": by_ext[x], "label": FORMAT_NAMES[x]} for x in FORMAT_NAMES if x in by_ext]


def _display(entry: dict[str, Any], locale: str = "en") -> dict[str, Any]:
    from briefgen.render.context import long_date

    try:
        shown = long_date(date.fromisoformat(str(entry["date"])), locale)
    except ValueError:
        shown = str(entry.get("date"))
    return {**entry, "date_display": shown, "links": _links(entry)}


def render_index(
    entries: list[dict[str, Any]],
    templates: Path | None = None,
    locale: str = "en",
    folder: Path | None = None,
) -> str:
    """``index.html``: ``archive.html`` rendered with ``editions`` (newest first), its
    chrome and dates in ``locale`` (the latest run's)."""
    from briefgen.render.environment import html_environment, render_template, template_dirs
    from briefgen.render.i18n import reader_for, text_direction

    dirs = template_dirs(templates)
    locale = reader_for(locale).tag
    editions = [_display(e, locale) for e in entries]
    titles = list(dict.fromkeys(str(e.get("title", "")) for e in entries))
    values = {
        "editions": editions,
        "titles": titles,
        "feed": FEED,
        "search_index": search_index(folder, entries) if folder else FoundItems([]),
    }
    values |= {"locale": locale, "locale_dir": text_direction(locale)}
    environment = html_environment(dirs, locale)
    environment.policies["json.dumps_function"] = _dumps
    return render_template(environment, TEMPLATE, values, dirs, "rendering the index")


def _moment(entry: dict[str, Any]) -> str:
    try:
        return datetime.fromisoformat(str(entry["generated_at"])).astimezone().isoformat()
    except (KeyError, ValueError):
        return f"{entry.get('date')}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    """A child element; text and attributes keep only what XML 1.0 allows, whatever an
    archive record written by an earlier release holds."""
    clean = {key: xml_chars(value) for key, value in attrs.items()}
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", clean)
    if text:
        element.text = xml_chars(text)
    return element


def render_feed(entries: list[dict[str, Any]], folder_name: str) -> str:
    """``editions.xml``: an Atom feed with one entry per edition, links relative to it."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    titles = list(dict.fromkeys(str(e.get("title", "")) for e in entries))
    _sub(feed, "title", " · ".join(titles) or "Briefings")
    _sub(feed, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'briefgen:' + folder_name)}")
    _sub(feed, "updated", max((_moment(e) for e in entries), default="1970-01-01T00:00:00Z"))
    _sub(feed, "link", rel="self", href=FEED)
    _sub(feed, "link", rel="alternate", type="text/html", href=INDEX)
    _sub(_sub(feed, "author"), "name", "briefgen")
    _sub(feed, "generator", "briefgen")
    for entry in entries:
        _feed_entry(feed, entry, folder_name)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _feed_entry(feed: ET.Element, entry: dict[str, Any], folder_name: str) -> None:
    item = _sub(feed, "entry")
    name, day = str(entry.get("briefing")), str(entry.get("date"))
    _sub(item, "title", f"{entry.get('title')} — {_display(entry)['date_display']}")
    _sub(item, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{folder_name}/{name}/{day}')}")
    _sub(item, "updated", _moment(entry))
    links = _links(entry)
    main = next((x for x in links if x["label"] == "HTML"), links[0] if links else None)
    for link in links:
        rel = "alternate" if link is main else "enclosure"
        kind = MEDIA_TYPES[link["href"].rpartition(".")[2]]
        _sub(item, "link", rel=rel, type=kind, href=link["href"], title=link["label"])
    headlines = [str(h) for h in entry.get("headlines") or []]
    count = int(entry.get("stories") or 0)
    text = f"{count} {'story' if count == 1 else 'stories'}"
    _sub(item, "summary", text + (": " + "; ".join(headlines) if headlines else ""))
