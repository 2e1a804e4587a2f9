"""Damaged state files: each is moved aside with a warning and the run goes on without it,
except the sent record, where going on could e-mail an edition twice: that stops the run
before sending, with exit code 12.

One test per state file per kind of damage: a wrong type, truncation, garbage, a wrong
version. Every build here runs through the CLI on real files.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest

from briefgen.core.errors import ExitCode
from briefgen.ingest.webcache import Page, WebCache

from .faults import DAY, STEM, FaultyInbox, aside, build, build_mailed, mail_config
from .mailserver import smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")
GARBAGE = b"\x00\xff\xfe garbage \x80\x81{]"


def _memory(keys: object = None, sketches: object = None, quotes: object = None) -> dict:
    record = {"keys": ["url:x.example/a"], "title": "T", "sketches": [[1, 2]], "quotes": ["q"]}
    for name, value in (("keys", keys), ("sketches", sketches), ("quotes", quotes)):
        if value is not None:
            record[name] = value
    return {"version": 1, "editions": {"2026-11-24": [record]}, "failures": {}}


def _with_runs(runs: object) -> dict:
    data = _memory()
    data["failures"] = {"https://feed.example/rss": {"runs": runs, "reason": "HTTP 500"}}
    return data


MEMORY_DAMAGE = {
    "keys-5": json.dumps(_memory(keys=5)).encode(),
    "sketches-5": json.dumps(_memory(sketches=[5])).encode(),
    "quotes-7": json.dumps(_memory(quotes=7)).encode(),
    "runs-two": json.dumps(_with_runs("two")).encode(),
    "truncated": json.dumps(_memory())[:37].encode(),
    "garbage": GARBAGE,
    "version-2": json.dumps({**_memory(), "version": 2}).encode(),
    "no-version": json.dumps({k: v for k, v in _memory().items() if k != "version"}).encode(),
}


@pytest.mark.parametrize("damage", sorted(MEMORY_DAMAGE))
def test_a_damaged_edition_memory_is_moved_aside_and_the_run_goes_on(
    tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "cache"
    memory = cache / "editions" / "morning.json"  # the memory file of earlier releases
    memory.parent.mkdir(parents=True)
    memory.write_bytes(MEMORY_DAMAGE[damage])
    config = tmp_path / "briefgen.toml"
    config.write_text('[briefing.morning]\ntitle = "Morning"\n', encoding="utf-8")
    named = ("--config", str(config), "--briefing", "morning")
    run = build(tmp_path / "out", *named, cache=cache)
    assert run.code == 0 and run.clean, run.output
    assert str(memory) in run.output and "is damaged" in run.output
    [moved] = aside(memory.parent, "morning.json")
    assert moved.read_bytes() == MEMORY_DAMAGE[damage]  # kept for a look, not lost
    assert _remembered(cache / "editions" / "morning.sqlite") == [DAY]
    assert (tmp_path / "out" / f"morning-{DAY}.json").is_file()
    again = build(tmp_path / "out", *named, day="2026-11-26", cache=cache)
    assert again.code == 0 and "is damaged" not in again.output


def _remembered(store: Path) -> list[str]:
    from datetime import date

    from briefgen.stories.editions import EditionMemory

    return sorted({d.isoformat() for d, _ in EditionMemory(store).earlier(date(2100, 1, 1))})


def _half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _other_version(path: Path) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE meta SET value = '9' WHERE name = 'version'")


def _wrong_record(path: Path) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE records SET record = '{\"keys\": 5}'")


STORE_DAMAGE = {
    "garbage": lambda path: path.write_bytes(GARBAGE * 100),
    "truncated": _half,
    "version-9": _other_version,
}


@pytest.mark.parametrize("damage", sorted(STORE_DAMAGE))
def test_a_damaged_memory_store_is_moved_aside_and_the_run_goes_on(
    tmp_path: Path, damage: str
) -> None:
    cache, config = tmp_path / "cache", tmp_path / "briefgen.toml"
    config.write_text('[briefing.morning]\ntitle = "Morning"\n', encoding="utf-8")
    named = ("--config", str(config), "--briefing", "morning")
    assert build(tmp_path / "out", *named, day="2026-11-24", cache=cache).code == 0
    store = cache / "editions" / "morning.sqlite"
    STORE_DAMAGE[damage](store)
    run = build(tmp_path / "out", *named, cache=cache)
    assert run.code == 0 and run.clean, run.output
    assert str(store) in run.output and "is damaged" in run.output
    assert len(aside(store.parent, "morning.sqlite")) == 1  # kept for a look, not lost
    assert _remembered(store) == [DAY]  # started again from this edition
    assert "held back" not in run.output  # nothing remembered: every story shown again


def test_a_record_of_the_wrong_shape_is_passed_over(tmp_path: Path) -> None:
    cache, config = tmp_path / "cache", tmp_path / "briefgen.toml"
    config.write_text('[briefing.morning]\ntitle = "Morning"\n', encoding="utf-8")
    named = ("--config", str(config), "--briefing", "morning")
    assert build(tmp_path / "out", *named, day="2026-11-24", cache=cache).code == 0
    _wrong_record(cache / "editions" / "morning.sqlite")
    run = build(tmp_path / "out", *named, cache=cache)
    assert run.code == 0 and run.clean, run.output
    assert "passing over a record of 2026-11-24" in run.output
    assert "held back" not in run.output


def _archive(**changes: object) -> dict:
    entry: dict = {
        "briefing": "default",
        "title": "Daily Briefing",
        "date": "2026-11-24",
        "generated_at": "2026-11-24T06:00:00+00:00",
        "stories": 3,
        "headlines": ["One", "Two"],
        "files": ["briefing-2026-11-24.md"],
    }
    entry.update(changes)
    return {"version": 1, "editions": [{k: v for k, v in entry.items() if v is not None}]}


ARCHIVE_DAMAGE = {
    "stories-x": json.dumps(_archive(stories="x")).encode(),
    "stories-inf": json.dumps(_archive(stories=float("inf"))).encode(),
    "no-date": json.dumps(_archive(date=None)).encode(),
    "bad-date": json.dumps(_archive(date="yesterday")).encode(),
    "headlines-5": json.dumps(_archive(headlines=5)).encode(),
    "truncated": json.dumps(_archive())[:41].encode(),
    "garbage": GARBAGE,
    "version-9": json.dumps({**_archive(), "version": 9}).encode(),
}


@pytest.mark.parametrize("damage", sorted(ARCHIVE_DAMAGE))
def test_a_damaged_archive_record_is_moved_aside_and_the_index_rebuilt(
    tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "briefing-2026-11-24.md").write_text("# an older edition\n")
    record = out / ".briefgen-editions.json"
    record.write_bytes(ARCHIVE_DAMAGE[damage])
    run = build(out, "--no-cache")
    assert run.code == 0 and run.clean, run.output
    assert ".briefgen-editions.json" in run.output and "is damaged" in run.output
    [moved] = aside(out, ".briefgen-editions.json")
    assert moved.read_bytes() == ARCHIVE_DAMAGE[damage]
    entries = json.loads(record.read_text(encoding="utf-8"))["editions"]
    assert [e["date"] for e in entries] == [DAY]
    assert f"{STEM}.md" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "briefing-2026-11-24.md").read_text() == "# an older edition\n"
    again = build(out, "--no-cache", day="2026-11-26")  # the index is updated again
    assert again.code == 0 and "is damaged" not in again.output
    assert "briefing-2026-11-26.md" in (out / "index.html").read_text(encoding="utf-8")


def test_the_archive_record_is_never_read_through_a_link_or_a_fifo(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(_archive(title="private")))
    (out / ".briefgen-editions.json").symlink_to(secret)
    run = build(out, "--no-cache")
    assert run.code == 0 and run.clean, run.output
    assert "symbolic link" in run.output and "private" not in (out / "index.html").read_text()
    assert secret.read_text() == json.dumps(_archive(title="private"))  # left alone
    os.unlink(out / ".briefgen-editions.json")
    os.mkfifo(out / ".briefgen-editions.json")  # read_text would wait here forever
    run = build(out, "--no-cache", day="2026-11-26")
    assert run.code == 0 and run.clean and "not a regular file" in run.output, run.output


def _sent(**changes: object) -> dict:
    entry = {"to": ["reader@example.org"], "at": "2026-11-24T06:00:00+00:00", "message_id": "<m>"}
    entry.update(changes)
    return {"version": 2, "editions": {"default": {"2026-11-24": [entry]}}}


SENT_DAMAGE = {
    "edition-x": json.dumps({"default": {DAY: "x"}}).encode(),  # the layout before version 2
    "to-5": json.dumps(_sent(to=5)).encode(),
    "state-maybe": json.dumps(_sent(state="maybe")).encode(),
    "truncated": json.dumps(_sent())[:30].encode(),
    "garbage": GARBAGE,
    "version-7": json.dumps({**_sent(), "version": 7}).encode(),
}


@pytest.mark.parametrize("damage", sorted(SENT_DAMAGE))
def test_a_damaged_sent_record_stops_before_sending(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    record = out / ".briefgen-sent.json"
    record.write_bytes(SENT_DAMAGE[damage])
    inbox = FaultyInbox()
    with smtp_server(inbox) as port:  # type: ignore[arg-type]
        config = mail_config(tmp_path, port, out)
        for _ in range(2):  # every run stops the same way: never a copy
            run = build_mailed(config)
            assert run.code == ExitCode.SEND_GUARD == 12 and run.clean, run.output
            assert str(record) in run.output and "nothing was sent" in run.output
        assert inbox.messages == [] and record.read_bytes() == SENT_DAMAGE[damage]
        assert (out / f"{STEM}.md").is_file()  # the edition itself is published
        record.rename(out / "sent.old")  # what the message says to do
        run = build_mailed(config)
        assert run.code == 0, run.output
        assert build_mailed(config).code == 0
    assert len(inbox.messages) == 1


def test_the_sent_record_of_earlier_releases_is_still_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old = {"default": {DAY: [{"to": ["reader@example.org"], "at": "x", "message_id": "<m>"}]}}
    (out / ".briefgen-sent.json").write_text(json.dumps(old))
    inbox = FaultyInbox()
    with smtp_server(inbox) as port:  # type: ignore[arg-type]
        run = build_mailed(mail_config(tmp_path, port, out))
    assert run.code == 0 and run.clean, run.output
    assert inbox.messages == []


def _page(url: str) -> Page:
    return Page(url, url, "text/html", "utf-8", b"<html><p>hello</p></html>", etag='"1"')


WEB_DAMAGE = {
    "final-url-5": lambda meta: json.dumps({**meta, "final_url": 5}),
    "truncated": lambda meta: json.dumps(meta)[:20],
    "garbage": lambda meta: GARBAGE.decode("latin-1"),
    "version-3": lambda meta: json.dumps({**meta, "version": 3}),
}


@pytest.mark.parametrize("damage", sorted(WEB_DAMAGE))
def test_a_damaged_web_cache_entry_is_moved_aside_and_reads_as_absent(
    tmp_path: Path, damage: str
) -> None:
    cache = WebCache(tmp_path / "web")
    url = "https://news.example/a"
    cache.put(_page(url))
    [meta] = list(cache.root.glob("*.json"))
    assert cache.get(url) is not None
    meta.write_text(WEB_DAMAGE[damage](json.loads(meta.read_text())), encoding="latin-1")
    assert cache.get(url) is None
    assert aside(cache.root, meta.name) and not meta.exists()
    cache.put(_page(url))
    page = cache.get(url)
    assert page is not None and page.etag == '"1"'


def test_a_web_cache_entry_is_never_read_through_a_fifo(tmp_path: Path) -> None:
    cache = WebCache(tmp_path / "web")
    url = "https://news.example/a"
    cache.put(_page(url))
    [meta] = list(cache.root.glob("*.json"))
    meta.unlink()
    os.mkfifo(meta)
    assert cache.get(url) is None  # not a wait for a writer that never comes


HISTORY_DAMAGE = {
    "runs-5": json.dumps({"default": 5}).encode(),
    "list": json.dumps([{"files": ["briefing-2026-11-24.md"]}]).encode(),
    "truncated": b'{"default": [{"files": ["briefing-2026-11-24.md"',
    "garbage": GARBAGE,
}


@pytest.mark.parametrize("damage", sorted(HISTORY_DAMAGE))
def test_a_damaged_retention_history_is_moved_aside(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "briefing-2026-11-24.md").write_text("# an older edition\n")
    history = out / ".briefgen-history.json"
    history.write_bytes(HISTORY_DAMAGE[damage])
    run = build(out, "--no-cache", "--keep", "1")
    assert run.code == 0 and run.clean, run.output
    assert ".briefgen-history.json" in run.output and "is damaged" in run.output
    [moved] = aside(out, ".briefgen-history.json")
    assert moved.read_bytes() == HISTORY_DAMAGE[damage]
    assert (out / "briefing-2026-11-24.md").is_file()  # never deleted on a damaged say-so
    assert json.loads(history.read_text())["default"][0]["date"] == DAY


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage", b"12a; rm -rf /", b"4" * 40])
def test_a_lock_file_holding_anything_but_a_pid_names_the_holder_unknown(
    tmp_path: Path, content: bytes
) -> None:
    from briefgen.core.errors import BriefgenError
    from briefgen.core.locking import BriefingLock

    with BriefingLock(tmp_path, "morning") as held:
        assert held.holder() == str(os.getpid())
        held.path.write_bytes(content)
        with pytest.raises(BriefgenError) as info:
            BriefingLock(tmp_path, "morning").acquire()
    assert info.value.code == ExitCode.LOCK_BUSY
    assert "by PID unknown" in info.value.message
