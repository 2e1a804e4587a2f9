"""A week of daily editions from one growing folder: each story once, updates marked."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path

from briefgen.app.build import build
from briefgen.settings.options import BuildOptions
from briefgen.stories.editions import EditionMemory, sketch

from .conftest import SAMPLES

NEW_PARAGRAPH = (
    "On Thursday the council confirmed that the first construction contracts had been "
    "signed with two regional firms, bringing the start of work forward by six months. "
    '"We have waited long enough for this barrier, and now the diggers are coming," the '
    "council's leader told residents gathered on the harbour wall."
)


def _options(tmp_path: Path, day: str, **changes: object) -> BuildOptions:
    options = BuildOptions(
        sources=[str(tmp_path / "in")],
        out=tmp_path / "out",
        formats=["json", "html", "md"],
        engine="extractive",
        cache_dir=tmp_path / "cache",
        date=date.fromisoformat(day),
        briefing="morning",
    )
    return dataclasses.replace(options, **changes)


def _add(tmp_path: Path, *names: str) -> None:
    (tmp_path / "in").mkdir(exist_ok=True)
    for name in names:
        shutil.copy(SAMPLES / f"{name}.md", tmp_path / "in" / f"{name}.md")


def _edition(tmp_path: Path, day: str, **changes: object) -> dict[str, object]:
    build(_options(tmp_path, day, **changes))
    data: dict[str, object] = json.loads(
        (tmp_path / "out" / f"morning-{day}.json").read_text(encoding="utf-8")
    )
    return data


def _titles(data: dict[str, object]) -> list[str]:
    stories = data["stories"]
    assert isinstance(stories, list)
    return sorted(s["title"] for s in stories)


def _title_of(name: str) -> str:
    line = next(
        x for x in (SAMPLES / f"{name}.md").read_text().splitlines() if x.startswith("title:")
    )
    return line.split(":", 1)[1].strip().strip('"')


def test_a_week_of_editions_shows_each_story_once_and_marks_updates(tmp_path: Path) -> None:
    seen: list[str] = []
    # Monday: two stories
    _add(tmp_path, "flood-barrier", "cup-final")
    monday = _edition(tmp_path, "2026-11-23")
    assert _titles(monday) == sorted([_title_of("flood-barrier"), _title_of("cup-final")])
    assert monday["held_back"] == 0
    seen += _titles(monday)
    # Tuesday: one new story; yesterday's two are held back
    _add(tmp_path, "markets-close")
    tuesday = _edition(tmp_path, "2026-11-24")
    assert _titles(tuesday) == [_title_of("markets-close")]
    assert tuesday["held_back"] == 2
    html = (tmp_path / "out" / "morning-2026-11-24.html").read_text(encoding="utf-8")
    assert "2 stories already in earlier editions (since 23 Nov 2026) left out" in html
    seen += _titles(tuesday)
    # Wednesday: the flood barrier article gains a paragraph with a quote: an update
    flood = tmp_path / "in" / "flood-barrier.md"
    flood.write_text(flood.read_text(encoding="utf-8") + "\n" + NEW_PARAGRAPH + "\n", "utf-8")
    _add(tmp_path, "measles-clinics")
    wednesday = _edition(tmp_path, "2026-11-25")
    assert _titles(wednesday) == sorted([_title_of("flood-barrier"), _title_of("measles-clinics")])
    stories = {s["title"]: s for s in wednesday["stories"]}  # type: ignore[attr-defined]
    update = stories[_title_of("flood-barrier")]["update"]
    assert update["since"] == "2026-11-23"
    assert any("construction contracts" in p for p in update["paragraphs"])
    assert stories[_title_of("measles-clinics")]["update"] is None
    assert wednesday["held_back"] == 2  # cup final, markets
    html = (tmp_path / "out" / "morning-2026-11-25.html").read_text(encoding="utf-8")
    assert "What’s new" in html and "Update <span" in html
    md = (tmp_path / "out" / "morning-2026-11-25.md").read_text(encoding="utf-8")
    assert "*Update:* **" in md and "What’s new" in md
    # Thursday: a typo fixed in the cup final is not news
    cup = tmp_path / "in" / "cup-final.md"
    cup.write_text(cup.read_text(encoding="utf-8").replace("minute", "minute ", 1), "utf-8")
    _add(tmp_path, "voting-age-bill")
    thursday = _edition(tmp_path, "2026-11-26")
    assert _titles(thursday) == [_title_of("voting-age-bill")]
    assert thursday["held_back"] == 4
    seen += _titles(thursday)
    # Friday: nothing new at all
    friday = _edition(tmp_path, "2026-11-27")
    assert friday["stories"] == [] and friday["held_back"] == 5
    html = (tmp_path / "out" / "morning-2026-11-27.html").read_text(encoding="utf-8")
    assert "Nothing new since the last edition." in html
    # each story appeared once as new (the flood barrier once more, marked as an update)
    assert len(seen) == len(set(seen)) == 4
    # Saturday with --all: everything again, nothing marked
    saturday = _edition(tmp_path, "2026-11-28", since_last=False)
    assert len(_titles(saturday)) == 5 and saturday["held_back"] == 0
    assert all(s["update"] is None for s in saturday["stories"])  # type: ignore[attr-defined]


def test_building_a_day_again_compares_with_earlier_days_only(tmp_path: Path) -> None:
    _add(tmp_path, "flood-barrier", "cup-final")
    first = _edition(tmp_path, "2026-11-23")
    again = _edition(tmp_path, "2026-11-23")  # the same day rebuilt: nothing held back
    assert _titles(again) == _titles(first) and again["held_back"] == 0
    older = _edition(tmp_path, "2026-11-20")  # a backfilled older day knows nothing later
    assert _titles(older) == _titles(first)


def test_since_last_is_off_by_default_for_an_unnamed_briefing(tmp_path: Path) -> None:
    _add(tmp_path, "flood-barrier")
    for day in ("2026-11-23", "2026-11-24"):
        result = build(_options(tmp_path, day, briefing="default"))
        assert len(result.briefing.stories) == 1 and result.briefing.run.held_back == 0
    on = build(_options(tmp_path, "2026-11-25", briefing="default", since_last=True))
    assert on.briefing.stories == [] and on.briefing.run.held_back == 1


def test_a_failing_input_is_reported_after_three_runs(tmp_path: Path) -> None:
    _add(tmp_path, "flood-barrier")
    (tmp_path / "in" / "broken.md").write_bytes(b"")  # an empty article: skipped each run
    for n, day in enumerate(("2026-11-23", "2026-11-24", "2026-11-25"), 1):
        with _capture() as lines:
            build(_options(tmp_path, day))
        failures = EditionMemory.for_run(_options(tmp_path, day)).data["failures"]
        assert [f["runs"] for f in failures.values()] == [n]
        warned = [x for x in lines if "consecutive runs" in x]
        assert len(warned) == (1 if n == 3 else 0)
    assert "broken.md has failed on 3 consecutive runs" in warned[0]


class _capture:
    """Collect briefgen's log messages for a while."""

    def __enter__(self) -> list[str]:
        import logging

        self.lines: list[str] = []
        self.handler = logging.Handler()
        self.handler.emit = lambda r: self.lines.append(r.getMessage())  # type: ignore[method-assign]
        self.logger = logging.getLogger("briefgen")
        self.logger.addHandler(self.handler)
        self.level = self.logger.level
        self.logger.setLevel(logging.INFO)
        return self.lines

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)


def test_a_damaged_memory_is_started_again(tmp_path: Path) -> None:
    path = tmp_path / "editions" / "x.sqlite"
    path.parent.mkdir(parents=True)
    path.write_text("{not sqlite")
    memory = EditionMemory(path)
    assert memory.earlier(date(2026, 1, 1)) == []
    memory.record(date(2025, 12, 31), [])
    memory.save()
    assert [p.name.split(".damaged")[0] for p in path.parent.glob("*.damaged-*")] == ["x.sqlite"]
    assert EditionMemory(path).earlier(date(2026, 1, 1)) == []  # a store again, empty


def test_the_json_memory_of_earlier_releases_is_read_in_once(tmp_path: Path) -> None:
    _add(tmp_path, "flood-barrier")
    build(_options(tmp_path, "2026-11-23"))
    store = tmp_path / "cache" / "editions" / "morning.sqlite"
    records = EditionMemory(store).earlier(date(2026, 11, 24))
    legacy = {"version": 1, "editions": {"2026-11-23": [r for _, r in records]}, "failures": {}}
    store.unlink()
    store.with_suffix(".json").write_text(json.dumps(legacy))
    again = build(_options(tmp_path, "2026-11-24"))
    assert again.briefing.stories == [] and again.briefing.run.held_back == 1
    assert not store.with_suffix(".json").exists()
    kept = EditionMemory(store).earlier(date(2026, 11, 25))  # in the store now
    assert [(when, r["keys"]) for when, r in kept] == [(w, r["keys"]) for w, r in records]


def test_a_paragraph_sketch_survives_a_small_edit() -> None:
    one = sketch(NEW_PARAGRAPH)
    edited = sketch(NEW_PARAGRAPH.replace("six months", "six  months").replace("two", "three"))
    assert len(set(one) & set(edited)) >= len(one) // 2
    assert not set(one) & set(sketch("An entirely different paragraph about football results."))


def test_positional_origins_never_identify_a_story() -> None:
    from briefgen.document import Article
    from briefgen.stories.editions import article_keys

    feed = "https://f.example/rss#entry-1"
    first = Article(id="a", title="Ferry timetable", text="x", source="Bay FM", origin=feed)
    other = Article(id="b", title="Bridge closed", text="y", source="Bay FM", origin=feed)
    assert not article_keys(first) & article_keys(other)
    line = Article(id="c", title="Ferry timetable", text="z", origin="news.jsonl:3")
    assert article_keys(first) & article_keys(line) == set()  # another source's title key
    again = Article(id="d", title="Ferry  timetable", text="w", origin="news.jsonl:7")
    assert article_keys(line) & article_keys(again)  # same title, same (empty) source


def test_skip_empty_writes_and_sends_nothing_on_a_quiet_day(tmp_path: Path) -> None:
    from briefgen.app.build import build_line

    _add(tmp_path, "flood-barrier", "cup-final")
    _edition(tmp_path, "2026-11-23", skip_empty=True)  # a day with news is built as usual
    before = sorted(p.name for p in (tmp_path / "out").iterdir())
    quiet = build(_options(tmp_path, "2026-11-24", skip_empty=True))
    assert quiet.paths == [] and quiet.briefing.run.held_back == 2
    assert build_line(quiet).endswith("-> nothing new: nothing written or sent")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == before
    noisy = build(_options(tmp_path, "2026-11-24"))  # without it: the empty edition
    assert noisy.paths[0].name == "morning-2026-11-24.json"


def test_a_page_whose_paragraphs_are_lines_gains_one_and_is_an_update(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    page = tmp_path / "in" / "harbour.txt"  # as web pages read: one paragraph a line
    lines = [
        "Harbour wall repairs begin after storm damage",
        "",
        "Work to repair the harbour wall at Saltmouth began on Monday after last month's "
        "storm tore a twelve metre gap in the old stonework near the lifeboat station.",
        "Engineers from the county council expect the repairs to take six weeks and to "
        "cost about two million pounds, paid from the emergency flood fund.",
        "Fishing boats will use the north quay while the work goes on, the harbour master "
        "said in a notice posted at the slipway on Sunday evening.",
    ]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _edition(tmp_path, "2026-11-23")
    added = (
        '"We will have the wall closed before the spring tides," said site manager Priya '
        "Lawson, who has led three similar repairs along the coast since the winter of 2019."
    )
    page.write_text("\n".join([*lines, added]) + "\n", encoding="utf-8")
    later = _edition(tmp_path, "2026-11-24")
    [story] = later["stories"]  # type: ignore[misc]
    assert story["update"]["paragraphs"] == [added]
