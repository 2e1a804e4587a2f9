"""Host names, addresses and networks as settings name them (``allow_hosts``)."""

from __future__ import annotations

import ipaddress
import re

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def ip_literal(host: str) -> Address | None:
    """``host`` as an IP address when it is one (brackets allowed), else ``None``."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


HOST_NAME = re.compile(r"^(?!-)[\w-]{1,63}(?:\.(?!-)[\w-]{1,63})*\.?$")


def host_entry(raw: str) -> Network | tuple[str, int | None]:
    """One ``allow_hosts`` entry: a network (``10.0.0.0/8``), or a host (a name or an
    address) with its port (``None``: any port). ``ValueError`` says what is wrong."""
    entry = raw.strip().lower()
    wrong = ValueError(
        f"has an entry that is not a host name, host:port, address or network: {raw!r}"
    )
    if "/" in entry:
        try:
            return ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise wrong from None
    host, sep, port = entry.rpartition(":")
    if not (sep and port.isdigit() and host and (":" not in host or host.startswith("["))):
        host, port = entry, ""
    host = host.removeprefix("[").removesuffix("]") if host.startswith("[") else host
    if ip_literal(host) is None and not HOST_NAME.match(host):
        raise wrong
    if port and not 1 <= int(port) <= 65535:
        raise wrong
    return host, int(port) if port else None
