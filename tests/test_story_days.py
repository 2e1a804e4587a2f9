"""Editions day after day from a news site on loopback: every label right.

Three days through the CLI (the issue's measure), then a month of generated feeds with
known truth: new, updated by a paragraph, updated by a quote, unchanged, removed and back,
a new story on a familiar person, quiet days.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

from .newssite import NewsSite, Page, news_site
from .test_story_labels import CHEPKEMEI, RADCLIFFE

runner = CliRunner()

HARBOUR = [
    "Work to repair the harbour wall at Saltmouth began on Monday after last month's storm "
    "tore a twelve metre gap in the old stonework near the lifeboat station.",
    "Engineers from the county council expect the repairs to take six weeks and to cost "
    "about two million pounds, paid from the emergency flood fund.",
    "Fishing boats will use the north quay while the work goes on, the harbour master said "
    "in a notice posted at the slipway on Sunday evening.",
    "The lifeboat crew will launch from the beach at Gull Point until the wall is finished, "
    "which adds about ten minutes to a call-out in rough weather.",
]
HARBOUR_NEW = (
    '"We will have the wall closed before the spring tides," said the site manager Priya '
    "Lawson, who has led three similar repairs along the coast since the winter of 2019."
)


def _config(site: NewsSite, tmp_path: Path) -> Path:
    """A named briefing of the site's feed, its output and cache in ``tmp_path``."""
    path = tmp_path / "briefgen.toml"
    path.write_text(
        f'[briefing.loop]\nsources = ["{site.feed}"]\nout = "out"\ncache_dir = "cache"\n'
        'engine = "extractive"\nformats = ["json", "html"]\n'
    )
    return path


def _build(site: NewsSite, tmp_path: Path, day: str, *extra: str) -> Any:
    config = _config(site, tmp_path)
    args = ["build", "--config", str(config), "--briefing", "loop", "--date", day, *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result


def _edition(tmp_path: Path, day: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / "out" / f"loop-{day}.json").read_text())
    return data


def _articles(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every outlet's article the edition shows: stories and their related reports."""
    return [a for s in data["stories"] for a in (s, *s["related"])]


def test_three_days_of_a_loopback_site(tmp_path: Path) -> None:
    with news_site() as site:
        site.stories = {
            "harbour": Page("Harbour wall repairs begin", HARBOUR),
            "radcliffe": Page("Radcliffe yet to answer GB call", RADCLIFFE),
        }
        _build(site, tmp_path, "2026-12-07", "--skip-empty")
        first = _edition(tmp_path, "2026-12-07")
        assert sorted(a["title"] for a in _articles(first)) == [
            "Harbour wall repairs begin",
            "Radcliffe yet to answer GB call",
        ]
        # day 2: the harbour page gains a paragraph; a new story on a familiar person
        site.stories["harbour"] = Page("Harbour wall repairs begin", [*HARBOUR, HARBOUR_NEW])
        site.stories["chepkemei"] = Page("Chepkemei hit by big ban", CHEPKEMEI)
        _build(site, tmp_path, "2026-12-08", "--skip-empty")
        second = {a["title"]: a for a in _articles(_edition(tmp_path, "2026-12-08"))}
        assert sorted(second) == ["Chepkemei hit by big ban", "Harbour wall repairs begin"]
        harbour = second["Harbour wall repairs begin"]
        assert harbour["update"]["paragraphs"] == [HARBOUR_NEW]  # only what it gained
        assert [(e["date"], e["title"]) for e in harbour["timeline"]] == [
            ("2026-12-07", "Harbour wall repairs begin")
        ]
        assert second["Chepkemei hit by big ban"]["update"] is None  # new, on its own
        assert _edition(tmp_path, "2026-12-08")["held_back"] == 1  # Radcliffe, unchanged
        html = (tmp_path / "out" / "loop-2026-12-08.html").read_text()
        assert "Earlier" in html and "Radcliffe yet to answer GB call" not in html
        # day 3: nothing changed; --skip-empty writes nothing
        before = sorted(p.name for p in (tmp_path / "out").iterdir())
        quiet = _build(site, tmp_path, "2026-12-09", "--skip-empty")
        assert "nothing new: nothing written or sent" in quiet.output
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == before
    args = ["search", "Radcliffe GB call", "--config", str(tmp_path / "briefgen.toml")]
    found = runner.invoke(app, [*args, "--briefing", "loop", "--json"])
    assert found.exit_code == 0, found.output
    hits = [(h["date"], h["title"]) for h in json.loads(found.output)]
    assert ("2026-12-07", "Radcliffe yet to answer GB call") in hits


# --- a month ------------------------------------------------------------------------------

TOWNS = (
    "Ashby Wold", "Brackenmoor", "Coldharbour", "Dunmere", "Elmstead Quay", "Fallowfield",
    "Greyhaven", "Hollin Cross", "Ivybridge End", "Juniper Vale", "Kestrel Bay", "Larkspur",
    "Millbrook Sands", "Nettlecombe", "Oakhurst Fen", "Pennyworth", "Quarry Lane",
    "Rookwood", "Saltmarsh Hythe", "Thornbury Reach", "Upperdale", "Vexford", "Wrenfield",
    "Yarrow Point", "Zennor Gap", "Amberleigh", "Birchanger", "Cinderford Row", "Dovecote",
    "Eskmouth",
)  # fmt: skip
THINGS = (
    ("library", "reading room", "books"), ("ferry", "crossing", "passengers"),
    ("bakery", "oven", "loaves"), ("observatory", "telescope", "visitors"),
    ("orchard", "cider press", "apples"), ("lido", "diving board", "swimmers"),
    ("tram depot", "sheds", "trams"), ("brass band", "bandstand", "players"),
    ("vineyard", "cellar", "bottles"), ("football club", "stand", "supporters"),
    ("bridge", "span", "vehicles"), ("market hall", "stalls", "traders"),
    ("hospital ward", "theatre", "patients"), ("chess club", "tournament", "players"),
    ("allotments", "greenhouses", "growers"), ("cinema", "projector", "viewers"),
    ("lighthouse", "lantern", "ships"), ("museum", "gallery", "exhibits"),
    ("skate park", "ramps", "skaters"), ("fire station", "engine", "firefighters"),
    ("canal", "locks", "narrowboats"), ("zoo", "aviary", "penguins"),
    ("windmill", "sails", "millers"), ("choir", "cathedral", "singers"),
    ("harbour crane", "jib", "containers"), ("dairy", "parlour", "cows"),
    ("rowing club", "boathouse", "rowers"), ("airfield", "runway", "gliders"),
    ("quarry", "crusher", "lorries"), ("theatre", "stage", "actors"),
)  # fmt: skip
PEOPLE = (
    "Marta Okonkwo", "Tobias Wren", "Ines Calloway", "Rufus Adeyemi", "Greta Lindqvist",
    "Omar Haddad", "Petra Nowak", "Felix Ashdown", "Leila Moradi", "Hugo Fairbairn",
    "Sana Qureshi", "Milo Brennan", "Aoife Delaney", "Kasper Holm", "Nia Pryce",
    "Dmitri Volkov", "Esme Thornton", "Jonah Mbeki", "Clara Ruiz", "Ewan McAllister",
    "Yuki Tanaka", "Beatrix Hale", "Idris Bello", "Freya Sørensen", "Luca Moretti",
    "Hana Kovač", "Arlo Penhaligon", "Zara Ellison", "Teodor Marin", "Olwen Price",
)  # fmt: skip


def fresh(day: int) -> Page:
    """The day's own new story: a town, a place and a person no other day has."""
    town, person = TOWNS[day - 1], PEOPLE[day - 1]
    place, part, people = THINGS[day - 1]
    n = 100 + 37 * day
    return Page(
        f"{town} {place} to reopen after {day + 2} months",
        [
            f"The {place} in {town} will reopen on Saturday after {day + 2} months of repairs "
            f"to its {part}, {person} told {n} {people} gathered outside on Friday morning.",
            f"{person} said the {part} had cost {day * 11} thousand pounds to mend, a bill "
            f"shared by {town} parish and a grant from the {place} trust of {2000 + day}.",
            f"Volunteers in {town} painted the {part} over {day + 3} weekends, and {n // 2} "
            f"{people} signed up as members of the {place} before its reopening.",
            f"The first {people} to arrive at the {place} on Saturday will be met by {person}, "
            f"who has run the {place} of {town} for {day + 6} years.",
        ],
    )


FAMILIAR = Page("Radcliffe yet to answer GB call", RADCLIFFE)  # unchanged all month
ON_A_FAMILIAR_PERSON = Page("Chepkemei hit by big ban", CHEPKEMEI)  # arrives on day 12
GROWING = [*HARBOUR, HARBOUR_NEW]  # the harbour story gains a paragraph on day 5 ...
LATER = (  # ... and another on day 20
    "On Thursday the county council said the repaired wall had passed its first inspection, "
    "and the lifeboat crew will move back to the station slipway at the end of the month."
)
QUOTED = [  # gains a short quoted paragraph on day 8
    "The Ashby Wold bus depot will close for good in March after the operator lost its "
    "contract to run the town's routes, the county transport office confirmed on Monday.",
    "About forty drivers and mechanics work at the depot, which opened in 1961 and still "
    "houses the last two double-deck buses of the old corporation fleet.",
    "The new operator plans to run the routes from its own garage at Brackenmoor, eleven "
    "miles away, with a fleet of twenty electric single-deck buses.",
]
QUOTE = "We never had a chance to bid for our own routes, and that hurts"
QUOTE_PARAGRAPH = f'"{QUOTE}," said the depot manager Alan Frost.'
AWAY = [  # removed on days 4 to 9, back unchanged on day 10
    "The Dunmere swing bridge will stay shut to road traffic for another fortnight while "
    "engineers replace the hydraulic rams that turn it, the canal trust said.",
    "Drivers face a nine mile detour through Fallowfield, and the trust has asked lorry "
    "firms to plan their routes around the closure until the bridge opens again.",
    "Boats can still pass through the channel beneath the bridge, which the trust opens "
    "by hand three times a day at high water for the moorings upstream.",
]
QUIET = {15, 25}  # no new story: the edition is not built (skip_empty)


def month_day(n: int) -> tuple[dict[str, Page], dict[str, str]]:
    """The site on day ``n`` of the month and the truth: each slug's label that day."""
    site: dict[str, Page] = {"familiar": FAMILIAR}
    truth = {"familiar": "new" if n == 1 else "held"}
    site["harbour"] = Page(
        "Harbour wall repairs begin",
        HARBOUR if n < 5 else GROWING if n < 20 else [*GROWING, LATER],
    )
    truth["harbour"] = {1: "new", 5: "update", 20: "update"}.get(n, "held")
    if n >= 3:
        site["depot"] = Page(
            "Ashby Wold bus depot to close", QUOTED if n < 8 else [*QUOTED, QUOTE_PARAGRAPH]
        )
        truth["depot"] = {3: "new", 8: "update"}.get(n, "held")
    if n in (2, 3) or n >= 10:
        site["bridge"] = Page("Dunmere bridge shut for two more weeks", AWAY)
        truth["bridge"] = "new" if n == 2 else "held"
    if n >= 12:
        site["chepkemei"] = ON_A_FAMILIAR_PERSON
        truth["chepkemei"] = "new" if n == 12 else "held"
    for d in (n - 1, n):  # each day's own story stays on the site a second day
        if d >= 1 and d not in QUIET:
            site[f"fresh-{d}"] = fresh(d)
            truth[f"fresh-{d}"] = "new" if d == n else "held"
    return site, truth


def _label(article: dict[str, Any]) -> str:
    return "update" if article["update"] else "new"


@pytest.mark.slow
def test_a_month_of_editions_labels_every_story_right(tmp_path: Path) -> None:
    start = date(2026, 11, 1)
    with news_site() as site:
        for n in range(1, 31):
            day = (start + timedelta(days=n - 1)).isoformat()
            site.stories, truth = month_day(n)
            result = _build(site, tmp_path, day, "--skip-empty", "--format", "json")
            written = tmp_path / "out" / f"loop-{day}.json"
            if n in QUIET:
                assert "nothing new" in result.output and not written.exists(), day
                continue
            data = json.loads(written.read_text())
            slugs = {site.url(s): s for s in site.stories}
            shown = {slugs[a["url"]]: _label(a) for a in _articles(data)}
            held = sorted(s for s, label in truth.items() if label == "held")
            assert shown == {s: x for s, x in truth.items() if x != "held"}, day
            assert data["held_back"] == len(held), (day, held)
            _check_updates(n, {slugs[a["url"]]: a for a in _articles(data)})


def _check_updates(n: int, articles: dict[str, dict[str, Any]]) -> None:
    """What each update shows, and the editions before it."""
    if n == 5:
        assert articles["harbour"]["update"]["paragraphs"] == [HARBOUR_NEW]
        assert [e["date"] for e in articles["harbour"]["timeline"]] == ["2026-11-01"]
    if n == 20:
        assert articles["harbour"]["update"]["paragraphs"] == [LATER]
        assert articles["harbour"]["update"]["since"] == "2026-11-05"
        dates = [e["date"] for e in articles["harbour"]["timeline"]]
        assert dates == ["2026-11-01", "2026-11-05"]
    if n == 8:
        assert articles["depot"]["update"]["quotes"] == [QUOTE]
        assert [e["date"] for e in articles["depot"]["timeline"]] == ["2026-11-03"]


def _merged_labels(data: dict[str, Any]) -> dict[str, str]:
    """Each article's label by its link; an article merged into a shown story unchanged
    (``repeat``) counts as held."""
    labels: dict[str, str] = {}
    for story in data["stories"]:
        for m in story.get("members", []):
            labels[m["url"]] = "held" if m["label"] == "repeat" else m["label"]
        if "members" not in story:
            labels |= {a["url"]: _label(a) for a in (story, *story["related"])}
    return labels


@pytest.mark.slow
def test_a_month_of_merged_editions_labels_every_article_right(tmp_path: Path) -> None:
    start, merged = date(2026, 11, 1), 0
    with news_site() as site:
        for n in range(1, 31):
            day = (start + timedelta(days=n - 1)).isoformat()
            site.stories, truth = month_day(n)
            args = ("--skip-empty", "--format", "json", "--related", "merge")
            _build(site, tmp_path, day, *args)
            if n in QUIET:
                continue
            data = json.loads((tmp_path / "out" / f"loop-{day}.json").read_text())
            merged += sum("members" in s for s in data["stories"])
            for story in (s for s in data["stories"] if "members" in s):  # led by news
                lead = next(m for m in story["members"] if m["url"] == story["url"])
                assert lead["label"] != "repeat", (day, story["title"])
            slugs = {site.url(s): s for s in site.stories}
            shown = {slugs[url]: label for url, label in _merged_labels(data).items()}
            assert {s: x for s, x in shown.items() if x != "held"} == {
                s: x for s, x in truth.items() if x != "held"
            }, day
            assert all(truth[s] == "held" for s, x in shown.items() if x == "held"), day
            held = [s for s, x in truth.items() if x == "held" and s not in shown]
            assert data["held_back"] == len(held), (day, held)
    assert merged  # the familiar person's two stories were merged on some day
