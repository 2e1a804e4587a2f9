"""Each outlet's article gets its own label (new, update, held back), never its neighbour's;
what other outlets add; the timeline of a continuing story."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.app.build import build
from briefgen.deliver.message import render_email_html
from briefgen.document import Article, briefing_from_json, briefing_to_json
from briefgen.render.context import briefing_context
from briefgen.render.environment import template_dirs
from briefgen.settings.options import BuildOptions
from briefgen.stories.dedupe import group_articles
from briefgen.stories.perspectives import outlet_adds

RADCLIFFE = [
    "Paula Radcliffe has yet to tell British selectors whether she will run the marathon "
    "at the World Championships in Helsinki, where Susan Chepkemei of Kenya is her rival.",
    "The London Marathon winner, who beat Chepkemei in London in April, was named in the "
    "provisional marathon team on Monday, but the selectors have not heard from her.",
    '"We would love Paula to run the marathon in Helsinki, but the decision is hers," '
    "said the team director Dave Collins at the selection meeting in Birmingham.",
    "Radcliffe, who holds the world marathon record, is said to be weighing the Helsinki "
    "marathon against the 10,000 metres on the track at the World Championships.",
    '"She will take her time and tell us when she is ready," her agent Chris Ruddock said '
    "on Tuesday, adding that her training in the Pyrenees had gone well.",
]
CHEPKEMEI = [
    "Susan Chepkemei, who finished second to Paula Radcliffe in the London Marathon, has "
    "been banned for a year after missing a drugs test, and will miss the Helsinki marathon.",
    "The Kenyan runner was expected to challenge Radcliffe for the marathon title at the "
    "World Championships in Helsinki, the race Radcliffe has yet to commit to.",
    '"It is a heavy blow for the whole team and for Susan above all," said the Athletics '
    "Kenya chairman Isaiah Kiplagat at a news conference in Nairobi on Wednesday.",
    "Chepkemei told officials she had been at a funeral when the marathon testers called, "
    "and said the ban would rule her out of the Helsinki World Championships marathon.",
    '"She has never failed a test in her life and she never will," her manager Federico '
    "Rosa said, calling the year-long ban out of all proportion to a missed appointment.",
]


def write(folder: Path, name: str, title: str, paragraphs: list[str], **meta: str) -> Path:
    """A sample-style article: front matter, then paragraphs between blank lines."""
    folder.mkdir(parents=True, exist_ok=True)
    head = [f'title: "{title}"', *(f'{k}: "{v}"' for k, v in meta.items())]
    path = folder / f"{name}.md"
    path.write_text("---\n" + "\n".join(head) + "\n---\n\n" + "\n\n".join(paragraphs) + "\n")
    return path


def options(tmp_path: Path, day: str, **changes: Any) -> BuildOptions:
    return BuildOptions(
        sources=[str(tmp_path / "in")],
        out=tmp_path / "out",
        formats=changes.pop("formats", ["json"]),
        engine="extractive",
        cache_dir=tmp_path / "cache",
        date=date.fromisoformat(day),
        briefing="sport",
        **changes,
    )


def edition(tmp_path: Path, day: str, **changes: Any) -> dict[str, Any]:
    build(options(tmp_path, day, **changes))
    data: dict[str, Any] = json.loads((tmp_path / "out" / f"sport-{day}.json").read_text())
    return data


def _article(title: str, paragraphs: list[str], source: str = "") -> Article:
    return Article(id=title, title=title, text="\n\n".join(paragraphs), source=source)


def test_a_new_story_beside_an_unchanged_one_it_is_grouped_with_is_new(tmp_path: Path) -> None:
    radcliffe = _article("Radcliffe yet to answer GB call", RADCLIFFE)
    chepkemei = _article("Chepkemei hit by big ban", CHEPKEMEI)
    [group] = group_articles([radcliffe, chepkemei])  # related-story grouping joins them
    assert group.related
    inbox = tmp_path / "in"
    web = {"source": "Sport Desk"}
    write(inbox, "radcliffe", "Radcliffe yet to answer GB call", RADCLIFFE, **web)
    first = edition(tmp_path, "2026-12-07")
    assert [s["title"] for s in first["stories"]] == ["Radcliffe yet to answer GB call"]
    write(inbox, "chepkemei", "Chepkemei hit by big ban", CHEPKEMEI, **web)
    second = edition(tmp_path, "2026-12-08", formats=["json", "html", "md"])
    [story] = second["stories"]
    assert story["title"] == "Chepkemei hit by big ban"
    assert story["update"] is None and story["timeline"] == []  # new, not an update
    assert story["related"] == []  # its unchanged neighbour is held back, not shown
    assert second["held_back"] == 1 and second["held_back_since"] == "2026-12-07"
    html = (tmp_path / "out" / "sport-2026-12-08.html").read_text()
    assert "Radcliffe yet to answer GB call" not in html
    assert "Update" not in html.split('<main class="briefing">')[1]
    quotes = [q["quote"] for q in story["quotes"]]
    assert quotes  # and each is printed once, in HTML and Markdown alike
    for text in quotes:
        needle = text[:40].replace("'", "&#39;")
        assert html.count(needle) == 1, text
        assert (tmp_path / "out" / "sport-2026-12-08.md").read_text().count(text[:40]) == 1
    # the third day: both unchanged, both held back; an edition says so
    third = edition(tmp_path, "2026-12-09")
    assert third["stories"] == [] and third["held_back"] == 2


def test_an_update_shows_only_its_new_paragraph_and_quote_with_a_timeline(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "in"
    write(inbox, "radcliffe", "Radcliffe yet to answer GB call", RADCLIFFE[:4])
    edition(tmp_path, "2026-12-07")
    write(inbox, "radcliffe", "Radcliffe to run Helsinki marathon", RADCLIFFE)
    later = edition(tmp_path, "2026-12-09", formats=["json", "html", "md", "epub"])
    [story] = later["stories"]
    assert story["update"]["paragraphs"] == [RADCLIFFE[4]]
    assert story["update"]["since"] == "2026-12-07"
    assert [q["quote"] for q in story["quotes"]]  # every key quote stays in the data...
    assert [e["date"] for e in story["timeline"]] == ["2026-12-07"]
    assert story["timeline"][0]["title"] == "Radcliffe yet to answer GB call"
    assert story["timeline"][0]["line"].startswith("Paula Radcliffe has yet to tell")
    html = (tmp_path / "out" / "sport-2026-12-09.html").read_text()
    pulled = re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)
    assert html.count("She will take her time") == 1  # ...but is printed once: in the box
    assert not any("We would love Paula" in q for q in pulled)  # an earlier edition had it
    assert '<p class="timeline-label">Earlier</p>' in html
    back = briefing_to_json(briefing_from_json(later))  # the document keeps it all
    assert back["stories"][0]["timeline"] == story["timeline"]
    briefing = briefing_from_json(later)  # and the mail, which send makes from it
    mail = render_email_html(briefing_context(briefing), template_dirs(None))
    md = (tmp_path / "out" / "sport-2026-12-09.md").read_text()
    with zipfile.ZipFile(tmp_path / "out" / "sport-2026-12-09.epub") as book:
        epub = "".join(book.read(n).decode() for n in book.namelist() if "section" in n)
    for text in (mail, md, epub):
        assert "Earlier" in text and "Radcliffe yet to answer GB call" in text
        assert "What’s new" in text and text.count("She will take her time") == 1


def test_what_another_outlet_adds_is_its_own_new_facts_only() -> None:
    lead = _article("Chepkemei banned", CHEPKEMEI[:4], "Sport Desk")
    extra = (
        "Rosa said the athlete would lose prize money of about 250,000 dollars, and that "
        "Nike had told her the contract would be frozen until the appeal was heard."
    )
    credit = "Reporting by Jane Doe in Nairobi; editing by John Roe in London."
    copy = _article("Chepkemei banned", [*CHEPKEMEI[:4], extra, extra, credit], "Wire")
    assert outlet_adds(lead, copy) == [extra]  # once; a credit line is no news
    assert outlet_adds(lead, lead) == []  # a copy that adds nothing adds nothing
    reworded = _article(
        "Chepkemei banned",
        ["Chepkemei, second to Radcliffe in London, was banned for a year for a missed test."],
        "Other",
    )
    assert outlet_adds(lead, reworded) == []  # the same facts in other words add nothing


def test_what_outlets_add_is_shown_in_every_format(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    extra = (
        "Rosa said the athlete would lose prize money of about 250,000 dollars, and that "
        "Nike had told her the contract would be frozen until the appeal was heard."
    )
    more = [
        "Kenyan officials said the testers had called twice at her home in Iten during the "
        "week and had left a written notice with her neighbours on both occasions.",
        "The ban runs from the date of the missed test and ends in time for the autumn "
        "marathons, when Chepkemei hopes to return on the roads of Berlin and Chicago.",
    ]
    write(inbox, "a", "Chepkemei hit by big ban", [*CHEPKEMEI, *more], source="Sport Desk")
    write(inbox, "b", "Chepkemei banned for a year", [*CHEPKEMEI, extra], source="Wire")
    data = edition(tmp_path, "2026-12-08", formats=["json", "html", "md", "epub"])
    [story] = data["stories"]
    assert story["source"] == "Sport Desk"  # the most complete report leads
    assert story["adds"] == [{"source": "Wire", "url": "", "sentences": [extra]}]
    out = tmp_path / "out"
    shown = "Also reported by Wire, which adds: Rosa said the athlete would lose prize money"
    assert shown in re.sub(r"<[^>]+>", "", (out / "sport-2026-12-08.html").read_text())
    assert shown in (out / "sport-2026-12-08.md").read_text()
    with zipfile.ZipFile(out / "sport-2026-12-08.epub") as book:
        chapters = [book.read(n).decode() for n in book.namelist() if "section" in n]
    assert any(shown in c for c in chapters)


def _members(story: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {m["title"]: (m["label"], m["since"]) for m in story["members"]}


def test_merged_stories_label_each_article_on_its_own(tmp_path: Path) -> None:
    inbox, merge = tmp_path / "in", {"related": "merge"}
    write(inbox, "radcliffe", "Radcliffe yet to answer GB call", RADCLIFFE[:4], source="Desk")
    first = edition(tmp_path, "2026-12-07", **merge)
    assert [s["update"] for s in first["stories"]] == [None]
    # a new report merged with the unchanged one: shown, new, no old paragraph as news
    write(inbox, "chepkemei", "Chepkemei hit by big ban", CHEPKEMEI, source="Wire")
    second = edition(tmp_path, "2026-12-08", formats=["json", "html"], **merge)
    [story] = second["stories"]
    assert _members(story) == {
        "Radcliffe yet to answer GB call": ("repeat", "2026-12-07"),
        "Chepkemei hit by big ban": ("new", None),
    }
    assert story["update"] is None and second["held_back"] == 0
    assert [e["date"] for e in story["timeline"]] == ["2026-12-07"]  # its known part
    html = (tmp_path / "out" / "sport-2026-12-08.html").read_text()
    assert "What’s new" not in html
    # nothing changed: the whole merged story is a repeat, held back
    third = edition(tmp_path, "2026-12-09", **merge)
    assert third["stories"] == [] and third["held_back"] == 2
    # one member gains a paragraph and a quote: an update with exactly those
    write(inbox, "radcliffe", "Radcliffe yet to answer GB call", RADCLIFFE, source="Desk")
    fourth = edition(tmp_path, "2026-12-10", **merge)
    [story] = fourth["stories"]
    assert _members(story) == {
        "Radcliffe yet to answer GB call": ("update", "2026-12-08"),
        "Chepkemei hit by big ban": ("repeat", "2026-12-08"),
    }
    assert story["update"]["paragraphs"] == [RADCLIFFE[4]]
    assert story["update"]["since"] == "2026-12-08"
    assert all("Ruddock" in q or "take her time" in q for q in story["update"]["quotes"])
    assert [e["date"] for e in story["timeline"]] == ["2026-12-07", "2026-12-08"]
    back = briefing_to_json(briefing_from_json(fourth))  # the document keeps the labels
    assert back["stories"][0]["members"] == story["members"]
