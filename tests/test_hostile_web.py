"""Hostile input: servers that lie, trickle and bomb, links to internal hosts, broken text,
damaged caches and files that are not files (issue 13).

Every server here is started by the test on 127.0.0.1 or 127.0.0.2 (a raw socket server, so
that it can send what no well-behaved server would) and stopped by it; every loop is
bounded in count and time. Nothing of briefgen's own is mocked: real sockets, real files,
real SQLite.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import resource
import socket
import sqlite3
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cache import Cache, cache_key
from briefgen.cli import app
from briefgen.core.errors import ExitCode
from briefgen.document import Summary
from briefgen.ingest import FetchOptions, read_sources
from briefgen.ingest.text import clean_field, shown, valid_unicode
from briefgen.ingest.webcache import WebCache

from .conftest import ROOT

TEXT = (
    "The harbour council voted on Tuesday to fund a flood barrier across the mouth of the "
    "estuary, ending a decade of argument about how to protect the old town. Engineers say "
    "the structure will protect four hundred homes and the fish market from winter storms, "
    "which have flooded the quayside three times since 2019. Work is due to begin in the "
    "spring and finish within three years, officials said."
)
OTHER = (
    "A primary school in the valley will reopen next month after repairs to its roof, which "
    "was damaged by a falling tree during the storms of early December. Parents had been "
    "driving their children to a neighbouring village for six weeks, and the head teacher "
    "thanked the builders, who worked through the holiday to finish the job on time."
)


def html_page(title: str, text: str = TEXT) -> bytes:
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>"
    ).encode()


def response(
    body: bytes, headers: Sequence[tuple[bytes, bytes]] = (), status: bytes = b"200 OK"
) -> bytes:
    head = [b"HTTP/1.1 " + status, b"Connection: close", b"Content-Length: %d" % len(body)]
    head += [name + b": " + value for name, value in headers]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


Handler = Callable[["RawServer", socket.socket, str, bytes], None]


class RawServer:
    """A raw HTTP/1.1 server on ``host``: each request's path and head go to ``handler``,
    which writes whatever bytes it likes (lying headers, trickles, bombs) to the socket."""

    def __init__(self, host: str, handler: Handler) -> None:
        self.handler = handler
        self.listener = socket.create_server((host, 0))
        self.listener.settimeout(0.1)
        self.base = f"http://{host}:{self.listener.getsockname()[1]}"
        self.port = self.listener.getsockname()[1]
        self.requests: list[tuple[str, bytes]] = []
        self.sent = 0  # pieces a trickling handler has sent so far
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            head = b""
            with contextlib.suppress(OSError):
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    data = conn.recv(4096)
                    if not data:
                        return
                    head += data
            if b"\r\n\r\n" not in head:
                return
            path = head.split(b" ", 2)[1].decode("latin-1")
            self.requests.append((path, head))
            with contextlib.suppress(OSError):
                self.handler(self, conn, path, head)

    def sleep(self, seconds: float) -> bool:
        """Wait, unless the test is over; True when it is."""
        return self.stopping.wait(seconds)

    def close(self) -> None:
        self.stopping.set()
        self.listener.close()
        self.thread.join(5)


@pytest.fixture
def serve() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Handler, host: str = "127.0.0.1") -> RawServer:
        servers.append(RawServer(host, handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def routes(table: dict[str, bytes]) -> Handler:
    def handler(server: RawServer, conn: socket.socket, path: str, head: bytes) -> None:
        conn.sendall(table.get(path, response(b"not found", status=b"404 Not Found")))

    return handler


QUICK = FetchOptions(timeout=5, deadline=10, trust_env=False)


def reasons(ingested: object) -> dict[str, str]:
    return {s.location: s.reason for s in ingested.skipped}  # type: ignore[attr-defined]


# 1. validators that are not plain ASCII; cache clear clears every cache ----------------


def test_a_non_ascii_etag_is_not_kept_and_the_next_run_works(
    serve: Callable[..., RawServer], tmp_path: Path
) -> None:
    body = html_page("Barrier approved")
    lying = [(b"Content-Type", b"text/html"), (b"ETag", b'"caf\xe9-\xff"')]
    server = serve(routes({"/page": response(body, lying)}))
    for _ in range(3):
        ingested = read_sources([server.url("/page")], cache_dir=tmp_path, fetch_options=QUICK)
        assert [a.title for a in ingested.articles] == ["Barrier approved"]
    assert len(server.requests) == 3
    assert all(b"if-none-match" not in head.lower() for _, head in server.requests)


def test_a_stored_bad_validator_is_ignored(serve: Callable[..., RawServer], tmp_path: Path) -> None:
    server = serve(routes({"/page": response(html_page("Fresh"), [(b"ETag", b'"v2"')])}))
    url = server.url("/page")
    cache = WebCache.in_cache_dir(tmp_path)
    cache.root.mkdir(parents=True)
    meta_path, body_path = cache._paths(url)
    body_path.write_bytes(html_page("Stale"))
    meta = {"url": url, "final_url": url, "content_type": "text/html", "charset": None}
    meta |= {"etag": '"caf\u00e9\udcff"', "last_modified": "Tue,\x1b 01 Dec", "fetched_at": ""}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    ingested = read_sources([url], cache_dir=tmp_path, fetch_options=QUICK)
    assert [a.title for a in ingested.articles] == ["Fresh"]
    [(_, head)] = server.requests
    assert b"if-none-match" not in head.lower() and b"if-modified-since" not in head.lower()


def test_cache_clear_clears_the_summaries_and_the_page_cache(
    serve: Callable[..., RawServer], tmp_path: Path
) -> None:
    server = serve(routes({"/page": response(html_page("Kept"), [(b"ETag", b'"v1"')])}))
    read_sources([server.url("/page")], cache_dir=tmp_path, fetch_options=QUICK)
    with Cache(tmp_path) as cache:
        key = cache_key("summary", "abc", rules="1")
        cache.put_summaries({key: Summary("abc", "A summary.", "extractive")})
    assert list((tmp_path / "web").iterdir())
    result = CliRunner().invoke(app, ["cache", "clear", "--cache-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"removed 1 summary and quote entries from {tmp_path / Cache.FILE}" in result.stdout
    assert f"removed 1 cached web pages from {tmp_path / 'web'}" in result.stdout
    assert not [p for p in (tmp_path / "web").iterdir()]
    with Cache(tmp_path) as cache:
        assert cache.get_summaries([key]) == {}


# 2. compression bombs: decoded incrementally, never more than the cap held --------------


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    import brotli  # type: ignore[import-untyped]

    zeros = bytes(16 << 20)
    packer = brotli.Compressor(quality=5, lgwin=24)
    br = b"".join(packer.process(zeros) for _ in range(128)) + packer.finish()  # 2 GiB
    squeezer = zlib.compressobj(6, zlib.DEFLATED, 31)
    gz = b"".join(squeezer.compress(zeros) for _ in range(32)) + squeezer.flush()  # 512 MiB
    return {"br": br, "gzip": gz}


PEAK_CHILD = """
import json, sys
from briefgen.ingest import FetchOptions, read_sources
from briefgen.ingest.text import clean_field, shown, valid_unicode
got = read_sources(sys.argv[1:], fetch_options=FetchOptions(trust_env=False))
print(json.dumps({"titles": [a.title for a in got.articles],
                  "skipped": {s.location: s.reason for s in got.skipped}}))
"""


def _peak_rss(urls: list[str]) -> tuple[int, dict[str, object]]:
    """Read ``urls`` in a fresh process: its peak resident memory (bytes) and what it read."""
    child = subprocess.Popen(
        [sys.executable, "-c", PEAK_CHILD, *urls], cwd=ROOT, stdout=subprocess.PIPE
    )
    timer = threading.Timer(60, child.kill)
    timer.start()
    try:
        assert child.stdout is not None
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    finally:
        timer.cancel()
    assert child.returncode == 0, out
    return usage.ru_maxrss * 1024, json.loads(out)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_compression_bomb_is_refused_holding_no_more_than_the_cap(
    serve: Callable[..., RawServer], bombs: dict[str, bytes], encoding: str
) -> None:
    bomb = response(
        bombs[encoding], [(b"Content-Type", b"text/html"), (b"Content-Encoding", encoding.encode())]
    )
    good = response(html_page("Good page"), [(b"Content-Type", b"text/html")])
    server = serve(routes({"/bomb": bomb, "/good": good}))
    baseline, _ = _peak_rss([server.url("/good")])
    peak, got = _peak_rss([server.url("/bomb"), server.url("/good")])
    assert got["titles"] == ["Good page"]
    skipped = got["skipped"]
    assert isinstance(skipped, dict)
    assert skipped[server.url("/bomb")].startswith("response too large (over 8 MB")
    assert peak - baseline < 40_000_000, f"peak {peak / 1e6:.0f} MB, baseline {baseline / 1e6:.0f}"


def test_gzip_and_deflate_within_the_cap_are_read(serve: Callable[..., RawServer]) -> None:
    body = html_page("Squeezed")
    deflated = zlib.compress(body)
    server = serve(
        routes(
            {
                "/gz": response(gzip.compress(body), [(b"Content-Encoding", b"gzip")]),
                "/deflate": response(deflated, [(b"Content-Encoding", b"deflate")]),
                "/zstd": response(b"\x28\xb5\x2f\xfd", [(b"Content-Encoding", b"zstd")]),
            }
        )
    )
    got = read_sources([server.url(p) for p in ("/gz", "/deflate", "/zstd")], fetch_options=QUICK)
    assert [a.url for a in got.articles] == [server.url("/gz")]  # deflate: an exact duplicate
    assert "zstd" in reasons(got)[server.url("/zstd")]


# 3. one total deadline per request, whatever the server does ----------------------------


def _trickle_headers(server: RawServer, conn: socket.socket, path: str, head: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for n in range(40):  # one header line every 0.5 s: each read well within the timeout
        if server.sleep(0.5):
            return
        conn.sendall(b"X-Trickle-%d: yes\r\n" % n)
        server.sent += 1


def _trickle_body(server: RawServer, conn: socket.socket, path: str, head: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(10):  # a byte, then a long wait just under the read timeout
        conn.sendall(b"<")
        server.sent += 1
        if server.sleep(4):
            return


@pytest.mark.parametrize("trickle", [_trickle_headers, _trickle_body])
def test_a_trickling_server_is_cut_off_at_the_total_deadline(
    serve: Callable[..., RawServer], trickle: Handler
) -> None:
    server = serve(trickle)
    options = FetchOptions(timeout=5, deadline=1.5, trust_env=False)
    got = read_sources([server.url("/slow")], fetch_options=options)
    # no read ever times out (each piece comes well within 5 s), so only the total deadline
    # can have ended it: after 1.5 s of a trickle of 20 or 40 s, a piece every 0.5 or 4 s
    sent = server.sent
    assert sent <= (5 if trickle is _trickle_headers else 1), sent
    assert reasons(got)[server.url("/slow")] == "too slow (no full answer in 1.5 s)"


# 4. links found in fetched content never reach internal hosts ---------------------------


def _feed(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Entry {n}</title><link>{link}</link><description>Teaser</description></item>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def test_feed_links_to_internal_hosts_are_refused(serve: Callable[..., RawServer]) -> None:
    secret = response(html_page("Secret", OTHER), [(b"Content-Type", b"text/html")])
    inside = serve(routes({"/secret": secret}), "127.0.0.2")
    beside = serve(routes({"/secret": secret}))  # 127.0.0.1, another port
    table: dict[str, bytes] = {}
    feed_server = serve(routes(table))
    to_inside = response(b"", [(b"Location", inside.url("/secret").encode())], b"302 Found")
    table |= {
        "/local": response(html_page("Local"), [(b"Content-Type", b"text/html")]),
        "/moved": to_inside,
    }
    links = [
        feed_server.url("/local"),
        inside.url("/secret"),
        f"http://2130706433:{beside.port}/secret",
        f"http://x@127.0.0.1:{beside.port}/secret",
        f"http://localhost:{beside.port}/secret",
        feed_server.url("/moved"),
    ]
    table["/feed"] = response(_feed(links), [(b"Content-Type", b"application/rss+xml")])
    got = read_sources([feed_server.url("/feed")], fetch_options=QUICK)
    assert [a.title for a in got.articles] == ["Entry 0"]
    refused = reasons(got)
    assert set(refused) == set(links[1:])
    assert refused[inside.url("/secret")] == (
        "refused: 127.0.0.2 is a private address; add it to allow_hosts to fetch it"
    )
    assert refused[links[5]] == (
        "refused: it redirects to 127.0.0.2, a private address; add it to allow_hosts to fetch it"
    )
    assert refused[links[4]].startswith("refused: localhost resolves to a private address (")
    assert all("allow_hosts" in reason for reason in refused.values()), refused
    assert inside.requests == [] and beside.requests == []  # nothing was sent to them
    assert feed_server.paths().count("/moved") == 1

    allowed = read_sources(
        [feed_server.url("/feed")], fetch_options=QUICK, allow_hosts=["127.0.0.2"]
    )
    assert {a.title for a in allowed.articles} == {"Entry 0", "Entry 1"}
    assert inside.paths() == ["/secret", "/secret"]  # the link, and the redirect to it
    assert set(reasons(allowed)) == set(links[2:5]) | {links[5]}  # a duplicate of entry 1


def test_a_url_the_user_names_is_fetched_wherever_it_points(
    serve: Callable[..., RawServer],
) -> None:
    inside = serve(routes({"/p": response(html_page("Inside"))}), "127.0.0.2")
    got = read_sources([inside.url("/p")], fetch_options=QUICK)
    assert [a.title for a in got.articles] == ["Inside"]


@pytest.mark.parametrize("form", ["{host}", "{host}:{port}", "{host}/32", "127.0.0.0/8", "x:1"])
def test_allow_hosts_takes_a_name_a_port_or_a_network(
    serve: Callable[..., RawServer], form: str
) -> None:
    inside = serve(routes({"/secret": response(html_page("Secret", OTHER))}), "127.0.0.2")
    table: dict[str, bytes] = {}
    feed_server = serve(routes(table))
    table["/feed"] = response(_feed([inside.url("/secret")]), [(b"Content-Type", b"text/xml")])
    allow = form.format(host="127.0.0.2", port=inside.port)
    got = read_sources([feed_server.url("/feed")], fetch_options=QUICK, allow_hosts=[allow])
    assert [a.title for a in got.articles] == ([] if allow == "x:1" else ["Entry 0"])
    assert len(inside.requests) == (0 if allow == "x:1" else 1)


def test_names_are_shown_with_control_characters_escaped() -> None:
    assert shown("a\x1b[2K\rb\nc\udcff\u202e") == "a\\x1b[2K\\x0db\\x0ac\\xff\\u202e"
    assert shown("café – ok") == "café – ok"
    assert valid_unicode("\ud83d\ude00 \ud800") == "\U0001f600 \ufffd"
    assert clean_field(" Ann\x1b[31m\n Writer\x85 ") == "Ann[31m Writer"


# 5, 6. text is valid Unicode and free of control characters at ingestion ---------------


def test_lone_surrogates_and_control_characters_are_cleaned_everywhere(
    tmp_path: Path,
) -> None:
    record = {
        "title": "Barrier \ud800 approved\x1b[31m red",
        "text": TEXT + " \udfff end\x07.",
        "source": "Ledger\x1b]0;pwned\x07",
        "author": "Ann\u0085 Writer\ud83d",
        "section": "Local\x00",
        "url": "https://example.com/\x1b",
    }
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text(json.dumps(record) + "\n", encoding="utf-8")
    forged = tmp_path / "x\x1b[2K\rbriefgen: error: forged\n.md"
    forged.write_text("too short", encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(jsonl), str(forged), "--engine", "extractive", "--no-cache"]
    result = CliRunner().invoke(
        app, [*args, "--format", "md,html", "--out", str(out), "--date", "2026-11-25"]
    )
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert "\x1b" not in result.stderr and "\r" not in result.stderr
    assert not any(
        line.startswith("briefgen: error: forged") for line in result.stderr.splitlines()
    )
    assert "\\x1b" in result.stderr  # the name is shown, escaped
    written = sorted(p for p in out.iterdir() if p.suffix in (".md", ".html"))
    assert {p.suffix for p in written} == {".html", ".md"}
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert not any(ch in text for ch in "\x1b\x07\x00\x85"), path.name
        assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text), path.name
        assert "Barrier" in text and "approved" in text


# 7. damaged caches are misses, a foreign schema is rebuilt ------------------------------


def test_damaged_cache_values_are_misses_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good, bad_json, bad_shape, bad_type = (cache_key("summary", n, rules="1") for n in "abcd")
    with Cache(tmp_path) as cache:
        cache.put_summaries({k: Summary(k, "Fine.", "extractive") for k in (good, bad_json)})
    db = sqlite3.connect(tmp_path / Cache.FILE)
    with db:
        db.execute('UPDATE entries SET value = \'{"text": "cut off\' WHERE key = ?', (bad_json,))
        db.execute("INSERT INTO entries VALUES (?, 'summary', '[1, 2]', 0)", (bad_shape,))
        db.execute("INSERT INTO entries VALUES (?, 'summary', x'00ff', 0)", (bad_type,))
        db.execute("INSERT INTO entries VALUES ('q', 'quotes', '[{\"text\": 5}]', 0)")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    with Cache(tmp_path) as cache:
        got = cache.get_summaries([good, bad_json, bad_shape, bad_type])
        assert list(got) == [good]
        assert cache.get_quotes(["q"]) == {}
        cache.get_summaries([bad_json])
    assert len([r for r in caplog.records if "unreadable" in r.getMessage()]) == 1


def test_a_cache_table_of_another_schema_is_rebuilt(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / Cache.FILE)
    with db:
        db.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, blob BLOB)")
        db.execute("INSERT INTO entries (blob) VALUES (x'00')")
    db.close()
    key = cache_key("summary", "abc", rules="1")
    with Cache(tmp_path) as cache:
        assert cache.get_summaries([key]) == {}
        cache.put_summaries({key: Summary("abc", "Kept.", "extractive")})
    with Cache(tmp_path) as cache:
        assert cache.get_summaries([key])[key].text == "Kept."
        assert cache.stats().summaries == 1


def test_a_damaged_web_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = WebCache.in_cache_dir(tmp_path)
    cache.root.mkdir(parents=True)
    url = "http://127.0.0.1:9/page"
    meta_path, body_path = cache._paths(url)
    body_path.write_bytes(html_page("Cached"))
    for meta in (
        {"url": url, "final_url": url, "content_type": "text/html", "charset": 5},
        {"url": url, "final_url": ["x"], "content_type": "text/html", "charset": None},
        [url],
    ):
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
        got = read_sources([url], cache_dir=tmp_path, offline=True)
        assert reasons(got) == {url: "offline, and not in the page cache"}


# 8. folder entries that are not readable files ------------------------------------------


def test_folder_entries_that_are_not_files_are_skipped_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Barrier approved\n" + TEXT, encoding="utf-8")
    (folder / "loop.md").symlink_to("loop.md")
    (folder / "dangling.md").symlink_to("nowhere.md")
    (folder / "device.md").symlink_to("/dev/null")
    os.mkfifo(folder / "pipe.md")
    denied = folder / "proc.md"
    denied.symlink_to("/proc/1/cwd")  # EACCES even for root in a container
    try:
        denied.stat()
        denied.unlink()  # stat-able here: the other entries still make the point
    except PermissionError:
        pass
    got = read_sources([str(folder)])
    assert [a.title for a in got.articles] == ["Barrier approved"]
    why = reasons(got)
    assert why[str(folder / "loop.md")].startswith("cannot read (symbolic link loop")
    assert why[str(folder / "dangling.md")] == "cannot read (a broken symbolic link)"
    assert why[str(folder / "device.md")] == "not a regular file (a character device)"
    assert why[str(folder / "pipe.md")] == "not a regular file (a named pipe)"
    if denied.is_symlink():
        assert why[str(denied)] == "cannot read (Permission denied)"


def test_a_fifo_named_on_the_command_line_is_skipped(tmp_path: Path) -> None:
    fifo = tmp_path / "news.md"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("Barrier approved\n" + TEXT, encoding="utf-8")
    got = read_sources([str(fifo), str(good)])
    assert [a.title for a in got.articles] == ["Barrier approved"]
    assert reasons(got)[str(fifo)].startswith("not a regular file (a named pipe)")


# 9. standard input is capped like a file ------------------------------------------------

STDIN_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from briefgen.ingest import read_sources
got = read_sources(["-"])
print([s.reason for s in got.skipped])
"""


def test_standard_input_is_capped_like_a_file() -> None:
    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run(
            [sys.executable, "-c", STDIN_CHILD],
            cwd=ROOT,
            stdin=zeros,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)),
        )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "too large (over 8 MB; the limit is 8 MB)" in done.stdout
