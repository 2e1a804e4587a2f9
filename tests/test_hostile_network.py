"""Hostile network, second round (issue 31): IPv6 forms of private IPv4 addresses, proxies
from the environment, and a Ray address that does not answer.

Every server is started here on 127.0.0.1 or 127.0.0.2 and stopped by the test; only those
addresses are ever connected to. Nothing of briefgen's own is mocked.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefgen.core.errors import ExitCode
from briefgen.ingest import FetchOptions, read_sources
from briefgen.ingest.guard import HostPolicy, embedded_ipv4, is_public

from .conftest import ROOT
from .test_hostile_web import OTHER, RawServer, html_page, reasons, response, routes

QUICK = FetchOptions(timeout=5, deadline=10, trust_env=False)


@pytest.fixture
def server() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(table: dict[str, bytes], host: str = "127.0.0.1") -> RawServer:
        servers.append(RawServer(host, routes(table)))
        return servers[-1]

    yield start
    for one in servers:
        one.close()


# 4. IPv6 forms of IPv4 addresses are judged by the IPv4 address they carry ---------------

PRIVATE_FORMS = {
    "64:ff9b::7f00:2": "127.0.0.2",  # NAT64, well-known prefix
    "64:ff9b::a00:1": "10.0.0.1",
    "64:ff9b:1::a00:1": "10.0.0.1",  # NAT64, local-use prefix (RFC 8215)
    "::7f00:2": "127.0.0.2",  # IPv4-compatible
    "::c0a8:101": "192.168.1.1",
    "2002:7f00:2::1": "127.0.0.2",  # 6to4
    "2002:a9fe:a9fe::": "169.254.169.254",  # 6to4 of the cloud metadata address
    "::ffff:0:7f00:2": "127.0.0.2",  # IPv4-translated (SIIT)
    "::ffff:7f00:2": "127.0.0.2",  # IPv4-mapped
    "2001:0:4136:e378:8000:63bf:80ff:fffd": "127.0.0.2",  # Teredo, client 127.0.0.2
}


@pytest.mark.parametrize("form,inside", PRIVATE_FORMS.items())
def test_ipv6_forms_of_private_ipv4_addresses_are_not_public(form: str, inside: str) -> None:
    address = ipaddress.IPv6Address(form)
    assert ipaddress.IPv4Address(inside) in embedded_ipv4(address)
    assert not is_public(address)
    assert not HostPolicy.of([]).allows_address(address)


@pytest.mark.parametrize(
    "form", ["64:ff9b::808:808", "2002:808:808::1", "::ffff:808:808", "2606:4700::1111"]
)
def test_ipv6_forms_of_public_addresses_stay_public(form: str) -> None:
    assert is_public(ipaddress.IPv6Address(form))


def test_an_allowed_network_covers_the_ipv6_forms_of_its_addresses() -> None:
    policy = HostPolicy.of(["127.0.0.0/8"])
    for form, inside in PRIVATE_FORMS.items():
        allowed = policy.allows_address(ipaddress.IPv6Address(form))
        assert allowed == inside.startswith("127."), form


def test_feed_links_to_ipv6_forms_of_private_addresses_are_refused_unfetched(
    server: Callable[..., RawServer],
) -> None:
    table: dict[str, bytes] = {}
    feed = server(table)
    links = [f"http://[{form}]:{feed.port}/secret" for form in PRIVATE_FORMS]
    items = "".join(
        f"<item><title>E{n}</title><link>{link}</link><description>t</description></item>"
        for n, link in enumerate(links)
    )
    table["/feed"] = response(
        f'<rss version="2.0"><channel><title>L</title>{items}</channel></rss>'.encode(),
        [(b"Content-Type", b"application/rss+xml")],
    )
    table["/secret"] = response(html_page("Secret", OTHER))
    got = read_sources([feed.url("/feed")], fetch_options=QUICK)
    assert got.articles == []
    why = reasons(got)
    assert set(why) == set(links)
    assert all(r.startswith("refused: ") and "allow_hosts" in r for r in why.values()), why
    assert feed.paths() == ["/feed"]  # nothing else was asked for


# 5. proxies from the environment are honoured -------------------------------------------

PROXIED = FetchOptions(timeout=5, deadline=10, trust_env=True)
PROXY_NAMES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUEST_METHOD")


def _environment(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name in PROXY_NAMES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def _feed(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>E{n}</title><link>{link}</link><description>t</description></item>"
        for n, link in enumerate(links)
    )
    return f'<rss version="2.0"><channel><title>L</title>{items}</channel></rss>'.encode()


def test_http_proxy_from_the_environment_is_used_with_the_policy_by_name(
    server: Callable[..., RawServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = server({"/secret": response(html_page("Secret", OTHER))}, "127.0.0.2")
    table: dict[str, bytes] = {}
    proxy = server(table)  # a forward proxy: it answers absolute-form requests from the table
    site, other = "http://news.example.test", "http://other.example.test"  # only it knows them
    links = [
        f"{site}/a",  # the feed's own host
        f"{other}/b",  # another host, which only the proxy can resolve
        inside.url("/secret"),  # a private address
        f"http://localhost:{inside.port}/secret",
        "http://intranet/c",  # a name of one label
        "http://db.internal/d",
    ]
    html = [(b"Content-Type", b"text/html")]
    table[f"{site}/feed"] = response(_feed(links), [(b"Content-Type", b"application/rss+xml")])
    table[f"{site}/a"] = response(html_page("Alpha"), html)
    table[f"{other}/b"] = response(html_page("Beta", OTHER), html)
    _environment(monkeypatch, HTTP_PROXY=proxy.base)
    got = read_sources([f"{site}/feed"], fetch_options=PROXIED)
    assert sorted(a.title for a in got.articles) == ["E0", "E1"], reasons(got)
    assert sorted(proxy.paths()) == [f"{site}/a", f"{site}/feed", f"{other}/b"]
    why = reasons(got)
    assert set(why) == set(links[2:])
    assert why[links[2]].startswith("refused: 127.0.0.2 is a private address")
    assert why[links[3]].startswith("refused: localhost is a local name")
    assert all(r.startswith("refused: ") and "allow_hosts" in r for r in why.values()), why
    assert inside.requests == []


def test_lowercase_http_proxy_and_no_proxy(
    server: Callable[..., RawServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    direct = server({"/p": response(html_page("Direct"))})
    proxy = server({"http://news.example.test/p": response(html_page("Proxied", OTHER))})
    _environment(monkeypatch, http_proxy=proxy.base, no_proxy="example.org,127.0.0.1")
    got = read_sources([direct.url("/p"), "http://news.example.test/p"], fetch_options=PROXIED)
    assert sorted(a.title for a in got.articles) == ["Direct", "Proxied"], reasons(got)
    assert proxy.paths() == ["http://news.example.test/p"] and direct.paths() == ["/p"]


def test_https_goes_through_https_proxy_as_a_tunnel(
    server: Callable[..., RawServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    refusal = response(b"no tunnels today", status=b"403 Forbidden")
    proxy = server({"secure.example.test:443": refusal})
    _environment(monkeypatch, HTTPS_PROXY=proxy.base)
    got = read_sources(["https://secure.example.test/news"], fetch_options=PROXIED)
    assert proxy.paths() == ["secure.example.test:443"]  # CONNECT, asked of the proxy
    assert got.articles == [] and len(got.skipped) == 1


# 7. a Ray address that does not answer fails within a bounded time ------------------------


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    "form,environment",
    [("127.0.0.1:{port}", ""), ("ray://127.0.0.1:{port}", ""), ("auto", "127.0.0.1:{port}")],
)
def test_a_ray_address_that_does_not_answer_fails_with_one_message(
    tmp_path: Path, form: str, environment: str
) -> None:
    pytest.importorskip("ray")
    port = _closed_port()
    address, ray_address = form.format(port=port), environment.format(port=port)
    command = [sys.executable, "-m", "briefgen", "batch", str(ROOT / "samples")]
    command += ["--out", str(tmp_path / "records.jsonl"), "--engine", "extractive"]
    command += ["--executor", "ray", "--ray-address", address, "--no-cache"]
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    env |= {"RAY_ADDRESS": ray_address} if ray_address else {}
    try:  # a bound on the test, not a timing: Ray retried for ever before
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=240, env=env
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"--ray-address {address}: still trying after 240 s")
    assert done.returncode == ExitCode.USAGE, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    named = f"RAY_ADDRESS {ray_address}" if ray_address else f"--ray-address {address}"
    assert len(errors) == 1 and named in errors[0], done.stderr[-2000:]
    assert "nothing answers" in errors[0]
    assert not (tmp_path / "records.jsonl").exists()
