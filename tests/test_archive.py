"""The output folder's archive: index.html (newest first, story counts) and editions.xml."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

from typer.testing import CliRunner

from briefgen.cli import app

from .conftest import few_samples

runner = CliRunner()
ATOM = "{http://www.w3.org/2005/Atom}"


def build(out: Path, day: str, *args: str) -> None:
    result = runner.invoke(
        app,
        [
            "build",
            *few_samples(),
            "-o",
            str(out),
            "-e",
            "extractive",
            "-f",
            "md,json",
            "--date",
            day,
            *args,
        ],
    )
    assert result.exit_code == 0, result.output


def test_index_lists_editions_newest_first_with_story_counts(tmp_path: Path) -> None:
    for day in ("2026-11-24", "2026-11-26", "2026-11-25"):  # built out of order
        build(tmp_path, day, "--title", "Morning <Brief>")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r'class="edition" href="briefing-(\d{4}-\d\d-\d\d)\.md"', index)
    assert dates == ["2026-11-26", "2026-11-25", "2026-11-24"]
    assert index.count("3 stories") == 3 and "Morning &lt;Brief&gt;" in index
    assert 'type="application/atom+xml"' in index
    assert not re.search(r"<script[^>]*\bsrc=|fetch\(|XMLHttpRequest|https?://", index)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert leftovers == []  # written atomically: no temporaries left


def test_the_feed_is_atom_with_one_entry_per_edition(tmp_path: Path) -> None:
    build(tmp_path, "2026-11-24")
    build(tmp_path, "2026-11-25")
    build(tmp_path, "2026-11-25")  # the same edition again: still one entry
    feed = ET.fromstring((tmp_path / "editions.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}id") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Daily Briefing — Wednesday 25 November 2026",
        "Daily Briefing — Tuesday 24 November 2026",
    ]
    for entry in entries:
        assert entry.findtext(f"{ATOM}id", "").startswith("urn:uuid:")
        assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}summary", "")[:9]
        links = {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")}
        assert links["alternate"].endswith(".md") and (tmp_path / links["alternate"]).is_file()
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2


def test_retention_drops_deleted_editions_from_the_archive(tmp_path: Path) -> None:
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        build(tmp_path, day, "--keep", "2")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "2026-11-25" in index and "2026-11-24" in index and "2026-11-23" not in index
    feed = (tmp_path / "editions.xml").read_text(encoding="utf-8")
    assert "23 November" not in feed and feed.count("<entry>") == 2


def test_briefings_sharing_a_folder_share_its_index(tmp_path: Path) -> None:
    config = tmp_path / "briefgen.toml"
    config.write_text(
        '[briefing.morning]\ntitle = "Morning"\n[briefing.evening]\ntitle = "Evening"\n',
        encoding="utf-8",
    )
    for name in ("morning", "evening"):
        build(tmp_path / "out", "2026-11-25", "--config", str(config), "--briefing", name)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "morning-2026-11-25.md" in index and "evening-2026-11-25.md" in index
    assert "<h1>Morning · Evening</h1>" in index or "<h1>Evening · Morning</h1>" in index


def test_a_title_with_non_xml_characters_keeps_the_feed_well_formed(tmp_path: Path) -> None:
    build(tmp_path, "2026-11-24", "--title", "Morning\ufffe \uffffnews\x0b\x1e")
    ET.fromstring((tmp_path / "editions.xml").read_bytes())  # parses: well-formed
    record = tmp_path / ".briefgen-editions.json"
    planted = record.read_text(encoding="utf-8").replace("Morning", "Morn\\uffffing")
    record.write_text(planted, encoding="utf-8")  # as a release before this one wrote it
    build(tmp_path, "2026-11-25")
    feed = ET.fromstring((tmp_path / "editions.xml").read_bytes())
    titles = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t.startswith("Morning news") for t in titles), titles


def test_the_index_page_searches_every_edition_without_a_server(tmp_path: Path) -> None:
    story = tmp_path / "in" / "odd.md"
    story.parent.mkdir()
    hostile = "Quay </script><script>alert(1)</script> & 'lanterns'"
    story.write_text(
        f'---\ntitle: "{hostile}"\nsource: "Ledger"\n---\n\nThe lantern festival on the '
        "quay drew four thousand people on Saturday, the organisers said after midnight, "
        "and the harbour master kept the lock gates open until two in the morning.\n"
    )
    build(tmp_path / "out", "2026-11-24")
    args = ["build", str(story), "-o", str(tmp_path / "out"), "-e", "extractive", "-f", "md"]
    result = runner.invoke(app, [*args, "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="search-index">(.*?)</script>', index)
    assert found is not None
    items = json.loads(found.group(1))
    assert {i["d"] for i in items} == {"2026-11-24", "2026-11-25"}
    odd = next(i for i in items if "lantern festival" in i["x"])
    assert odd["t"] == hostile and odd["s"] == "Ledger" and odd["e"].endswith(".md")
    assert "<script>alert(1)" not in index  # the index is JSON a script element cannot end


def _page_items(out: Path) -> list[dict[str, str]]:
    index = (out / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="search-index">(.*?)</script>', index)
    assert found is not None
    items: list[dict[str, str]] = json.loads(found.group(1))
    return items


def test_a_record_of_earlier_releases_keeps_its_search_items(tmp_path: Path) -> None:
    build(tmp_path, "2026-11-24")
    before = _page_items(tmp_path)
    record = tmp_path / ".briefgen-editions.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    for entry in data["editions"]:  # as earlier releases wrote it: the stories in the record
        del entry["found_sha"]
        entry["stories_found"] = [
            {"title": i["t"], "source": i["s"], "url": "", "text": i["x"]} for i in before
        ]
    record.write_text(json.dumps(data), encoding="utf-8")
    shutil.rmtree(tmp_path / ".briefgen-found")
    build(tmp_path, "2026-11-25")
    after = _page_items(tmp_path)
    assert [i for i in after if i["d"] == "2026-11-24"] == before
    assert {i["d"] for i in after} == {"2026-11-24", "2026-11-25"}
    assert "stories_found" not in record.read_text(encoding="utf-8")


def test_search_items_not_as_written_are_passed_over(tmp_path: Path) -> None:
    build(tmp_path, "2026-11-24")
    build(tmp_path, "2026-11-25")
    items = tmp_path / ".briefgen-found" / "briefing-2026-11-24.json"
    items.write_text('{"d": "2026-11-24", "t": "</script><script>alert(1)", "x": ""}')
    args = ["build", *few_samples(), "-o", str(tmp_path), "-e", "extractive", "-f", "md,json"]
    result = runner.invoke(app, [*args, "--date", "2026-11-26"])
    assert result.exit_code == 0 and "not the search items the archive wrote" in result.output
    assert {i["d"] for i in _page_items(tmp_path)} == {"2026-11-25", "2026-11-26"}
    assert "alert(1)" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_search_items_go_with_their_edition_and_never_through_a_link(tmp_path: Path) -> None:
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        build(tmp_path, day, "--keep", "2")
    kept = sorted(p.name for p in (tmp_path / ".briefgen-found").iterdir())
    assert kept == ["briefing-2026-11-25.json", "briefing-2026-11-26.json"]
    other = tmp_path / "other"
    other.mkdir()
    shutil.rmtree(tmp_path / ".briefgen-found")
    (tmp_path / ".briefgen-found").symlink_to(other)
    build(tmp_path, "2026-11-27", "--keep", "2")
    assert list(other.iterdir()) == []  # nothing written through the link
    assert "search-index" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_an_edition_that_lost_a_file_is_searched_in_the_files_left(tmp_path: Path) -> None:
    build(tmp_path, "2026-11-24")
    (tmp_path / "briefing-2026-11-24.md").unlink()  # the page linked the Markdown
    build(tmp_path, "2026-11-25")
    old = [i for i in _page_items(tmp_path) if i["d"] == "2026-11-24"]
    assert old and {i["e"] for i in old} == {"briefing-2026-11-24.json"}
