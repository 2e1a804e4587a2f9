"""What a request may reach, and for how long: the SSRF policy and the total deadline.

**Where a URL may point.** A URL the user names is fetched wherever it points. A URL found
in fetched content (a feed entry's link, a redirect) is fetched only when

* it is on the same host (name and port) as the URL that listed it, or
* its host is in ``allow_hosts`` (a name, ``name:port``, an address or a network such as
  ``10.0.0.0/8``), or
* every address its name resolves to is a public one.

The check is made on the addresses actually connected to: the name is resolved once, every
address checked, and the socket connected to a checked address (``GuardedBackend``), so a
DNS answer that changes between check and connect cannot slip an internal address through.
A refusal is an ``InputRejected`` whose reason names the setting.

**How long a request may take.** ``RequestScope`` is one request's total deadline (connect,
headers and body, redirects included): a watchdog shuts down every socket the request opened
when it passes, whatever the server does, and connect timeouts never exceed the time left.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.core.hosts import Address, Network, host_entry, ip_literal
from briefgen.ingest.readers import InputRejected
from briefgen.ingest.text import shown

SETTING = "allow_hosts"


NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052, the well-known prefix
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: local use, never public
COMPATIBLE = ipaddress.IPv6Network("::/96")  # IPv4-compatible (deprecated), :: and ::1 too
TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")  # SIIT's IPv4-translated addresses
CARRIERS = (NAT64, NAT64_LOCAL, COMPATIBLE, TRANSLATED)  # the IPv4 address in the last 32 bits


def embedded_ipv4(address: Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, which a connection to it may reach:
    IPv4-mapped, 6to4, Teredo (server and client), NAT64, IPv4-compatible, IPv4-translated."""
    if isinstance(address, ipaddress.IPv4Address):
        return []
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    if any(address in carrier for carrier in CARRIERS):
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return []


def is_public(address: Address) -> bool:
    """A globally routable unicast address; an IPv6 address that carries IPv4 addresses
    (``embedded_ipv4``) is public only when every one of them is."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in NAT64_LOCAL:
            return False
        inside = embedded_ipv4(address)
        if inside:
            return all(is_public(v4) for v4 in inside)
    return address.is_global and not address.is_multicast


def host_and_port(url: str | httpx.URL) -> tuple[str, int]:
    """The host (lower case, as sent: IDNA, no brackets) and the port, the default filled in."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise InputRejected(f"invalid URL ({shown(str(exc))})") from None
    host = parsed.raw_host.decode("ascii", errors="replace").lower()
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return host, port


@dataclass(frozen=True)
class HostPolicy:
    """``allow_hosts``: the hosts and networks that links found in content may reach."""

    names: frozenset[str] = frozenset()  # "intranet.example", "127.0.0.2"
    name_ports: frozenset[tuple[str, int]] = frozenset()  # ("intranet.example", 8080)
    networks: tuple[Network, ...] = ()

    @classmethod
    def of(cls, allow_hosts: Iterable[str]) -> HostPolicy:
        """The policy of ``allow_hosts``; an entry that is none of the forms is a config
        error (never silently ignored)."""
        names: set[str] = set()
        name_ports: set[tuple[str, int]] = set()
        networks: list[Network] = []
        for raw in allow_hosts:
            if not raw.strip():
                continue
            try:
                entry = host_entry(raw)
            except ValueError as exc:
                raise BriefgenError(f"{SETTING} {exc}", ExitCode.CONFIG) from None
            if not isinstance(entry, tuple):
                networks.append(entry)
            elif entry[1] is None:
                names.add(entry[0])
            else:
                name_ports.add((entry[0], entry[1]))
        return cls(frozenset(names), frozenset(name_ports), tuple(networks))

    def allows_name(self, host: str, port: int) -> bool:
        return host in self.names or (host, port) in self.name_ports

    def allows_address(self, address: Address) -> bool:
        """Public, or in an allowed network; an IPv6 address carrying IPv4 addresses also
        when each of those is public or in an allowed network."""
        if is_public(address) or any(address in net for net in self.networks):
            return True
        inside = embedded_ipv4(address)
        return bool(inside) and all(
            is_public(v4) or any(v4 in net for net in self.networks) for v4 in inside
        )


@dataclass(frozen=True)
class Guard:
    """A request to a URL found in content: only addresses the policy allows may be reached."""

    host: str  # the URL's host, as the connection is asked for it
    policy: HostPolicy
    redirect: bool = False

    def refusal(self, address: Address) -> InputRejected:
        inside = [v4 for v4 in embedded_ipv4(address) if not is_public(v4)]
        private = not address.is_global or any(not v4.is_global for v4 in inside)
        kind = "a private" if private else "a non-public"
        carried = f", carrying {inside[0]}" if inside else ""
        if ip_literal(self.host) == address:
            what = f"{kind} address{carried}"
        else:
            which = "which " if self.redirect else ""
            what = f"{which}resolves to {kind} address ({address}{carried})"
        if self.redirect:
            what = f"it redirects to {self.host}, {what}"
        elif what.startswith("a "):
            what = f"{self.host} is {what}"
        else:
            what = f"{self.host} {what}"
        return InputRejected(f"refused: {what}; add it to {SETTING} to fetch it")

    def check(self, addresses: Sequence[Address]) -> None:
        for address in addresses:
            if not self.policy.allows_address(address):
                raise self.refusal(address)


def guard_for(
    url: str, listed_by: str | None, policy: HostPolicy, *, redirect: bool = False
) -> Guard | None:
    """The guard a request to ``url`` needs: none for a URL the user named (``listed_by`` is
    ``None``), one on the same host as its lister, or one whose host is in ``allow_hosts``."""
    if listed_by is None:
        return None
    if not re.match(r"^https?://", url, re.IGNORECASE):
        raise InputRejected(f"not an http(s) URL ({shown(url)[:200]})")
    host, port = host_and_port(url)
    if host_and_port(listed_by) == (host, port) or policy.allows_name(host, port):
        return None
    return Guard(host, policy, redirect)


def resolve(host: str, port: int) -> list[tuple[Address, Any]]:
    """Every address ``host`` resolves to, with the socket address to connect to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
    found: list[tuple[Address, Any]] = []
    for family, _, _, _, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            found.append((ipaddress.ip_address(str(sockaddr[0]).split("%")[0]), sockaddr))
    if not found:
        raise httpcore.ConnectError(f"cannot resolve {host} (no addresses)")
    return found


@dataclass
class RequestScope:
    """One request (redirects included): its guard, its deadline and the sockets it opened."""

    deadline: float  # seconds for the whole request
    guard: Guard | None = None
    started: float = field(default_factory=time.monotonic)
    expired: bool = False
    sockets: list[socket.socket] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remaining(self) -> float:
        return self.deadline - (time.monotonic() - self.started)

    def adopt(self, sock: socket.socket) -> None:
        """Watch ``sock``: a duplicate is kept, so the watchdog can shut the connection down
        even after TLS has taken the original over."""
        with self.lock:
            self.sockets.append(sock.dup())
            if self.expired:
                self._shut()

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        for sock in self.sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def release(self) -> None:
        with self.lock:
            for sock in self.sockets:
                sock.close()
            self.sockets.clear()


_current = threading.local()


def current_scope() -> RequestScope | None:
    scope: RequestScope | None = getattr(_current, "scope", None)
    return scope


@contextmanager
def request_scope(deadline: float) -> Iterator[RequestScope]:
    """Run a request under a total deadline: past it, its sockets are shut down."""
    scope = RequestScope(deadline)
    watchdog = threading.Timer(max(0.0, deadline), scope.expire)
    watchdog.daemon = True
    _current.scope = scope
    watchdog.start()
    try:
        yield scope
    finally:
        watchdog.cancel()
        _current.scope = None
        scope.release()


class GuardedBackend(httpcore.SyncBackend):
    """Connections that obey the current request's guard and deadline."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        scope = current_scope()
        if scope is not None:
            left = scope.remaining()
            if left <= 0 or scope.expired:
                raise httpcore.ConnectTimeout("the deadline passed before connecting")
            timeout = left if timeout is None else min(timeout, left)
        addresses = resolve(host, port)
        guard = scope.guard if scope is not None else None
        if guard is not None:
            guard.check([address for address, _ in addresses])
        stream: httpcore.NetworkStream | None = None
        error: Exception | None = None
        for address, sockaddr in addresses:
            try:  # connect to the very address checked, never to the name again
                stream = super().connect_tcp(
                    str(address), int(sockaddr[1]), timeout, local_address, socket_options
                )
                break
            except httpcore.ConnectError as exc:
                error = exc
        if stream is None:
            raise error or httpcore.ConnectError(f"cannot connect to {host}")
        sock: socket.socket = stream.get_extra_info("socket")
        if guard is not None:
            peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%")[0])
            if not guard.policy.allows_address(peer):
                stream.close()
                raise guard.refusal(peer)
        if scope is not None:
            scope.adopt(sock)
        return stream


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport on ``GuardedBackend``, directly or through an http(s) ``proxy``.
    No connection is kept alive between requests: each request's connections are its own,
    checked and watched."""

    def __init__(self, *, trust_env: bool, max_connections: int, proxy: str | None = None) -> None:
        super().__init__(trust_env=trust_env)
        ssl_context = httpx.create_ssl_context(trust_env=trust_env)
        if proxy is None:
            self._pool = httpcore.ConnectionPool(
                ssl_context=ssl_context,
                max_connections=max_connections,
                max_keepalive_connections=0,
                network_backend=GuardedBackend(),
            )
            return
        url = httpx.Proxy(proxy).url  # an http(s) proxy, as httpx's own transport makes it
        self._pool = httpcore.HTTPProxy(
            proxy_url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            proxy_auth=httpx.Proxy(proxy).raw_auth,
            ssl_context=ssl_context,
            max_connections=max_connections,
            max_keepalive_connections=0,
            network_backend=GuardedBackend(),
        )


LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".intranet", ".corp", ".home.arpa")


def check_by_name(guard: Guard, url: str) -> None:
    """Check a guarded URL by its host's name, for a request that goes through a proxy
    (the connection is to the proxy, so the address the proxy reaches cannot be checked):
    an address literal by the policy; ``localhost``, a name of one label or under a local
    suffix (``.internal``, ``.local``...) refused; a name by the addresses it resolves to
    here; a name that only the proxy can resolve is left to the proxy."""
    host, port = host_and_port(url)
    literal = ip_literal(host)
    if literal is not None:
        guard.check([literal])
        return
    name = host.rstrip(".")
    if "." not in name or name == "localhost" or name.endswith(LOCAL_SUFFIXES):
        raise InputRejected(f"refused: {host} is a local name; add it to {SETTING} to fetch it")
    try:
        addresses = [address for address, _ in resolve(host, port)]
    except httpcore.ConnectError:
        return
    guard.check(addresses)
