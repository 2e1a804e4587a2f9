"""Reading one feed of very many tiny entries: the time per entry should not grow with the
feed (issue 31: 10,000 entries took 12.4 s, 100,000 never finished).

Each feed (tiny RSS items, the largest about 6 MB, under the 8 MB cap) is served from
127.0.0.1 by a server started here and read with ``read_sources``, as a run reads it. The
smallest size is the in-run baseline: each size is printed with its time per entry as a
ratio to the baseline's. Target: 100,000 entries in under 10 s. Plain RSS 2.0 is read by
``briefgen.ingest.plainrss``, plain Atom 1.0 (``--kind atom``) by ``briefgen.ingest.plainatom``;
each Atom entry's id (``urn:...``) is its link.

    .venv/bin/python benchmarks/feed_scale.py [--sizes 10000,100000] [--kind rss|atom]
"""

from __future__ import annotations

import argparse
import http.server
import logging
import threading
import time

from briefgen.ingest import FetchOptions, read_sources


def feed(n: int, kind: str = "rss") -> bytes:
    if kind == "atom":
        entries = "".join(
            f"<entry><title>t{i}</title><id>urn:{i}</id><summary>d{i}</summary></entry>"
            for i in range(n)
        )
        return (
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{entries}</feed>'.encode()
        )
    items = "".join(
        f"<item><title>t{i}</title><description>d{i}</description></item>" for i in range(n)
    )
    return f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


def serve(bodies: dict[str, bytes]) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = bodies.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--kind", choices=["rss", "atom"], default="rss")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    logging.disable(logging.WARNING)  # one "skipped" line per entry otherwise
    bodies = {f"/{n}": feed(n, args.kind) for n in sizes}
    server = serve(bodies)
    options = FetchOptions(deadline=600, timeout=600, max_bytes=8_000_000, trust_env=False)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    baseline = 0.0
    print("entries   MB     seconds  us/entry  ratio to the first")
    try:
        for n in sizes:
            started = time.perf_counter()
            got = read_sources([f"{base}/{n}"], fetch_options=options)
            took = time.perf_counter() - started
            assert len(got.skipped) == n, (n, len(got.skipped))  # each entry too short
            per = took / n * 1e6
            baseline = baseline or per
            mb = len(bodies[f"/{n}"]) / 1e6
            print(f"{n:>7}  {mb:5.1f}  {took:9.2f}  {per:8.1f}  {per / baseline:6.2f}")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
