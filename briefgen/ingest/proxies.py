"""Proxies from the environment, as curl and urllib read them: ``HTTP_PROXY`` /
``http_proxy``, ``HTTPS_PROXY`` / ``https_proxy``, ``ALL_PROXY`` and ``NO_PROXY`` (names,
``.domain`` suffixes, addresses, ``*``). Only ``http://`` and ``https://`` proxies are used;
another kind (``socks5://``) is passed over with a warning, and those URLs are fetched directly.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import urllib.request
from collections.abc import Mapping
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


def environment_proxies(trust_env: bool) -> dict[str, str]:
    """The proxies the environment names, by scheme (``no``: the ``NO_PROXY`` list)."""
    if not trust_env:
        return {}
    found: dict[str, str] = {}
    for scheme, proxy in urllib.request.getproxies().items():
        if scheme == "no":
            found[scheme] = proxy
        elif scheme in ("http", "https", "all") and proxy:
            proxy = proxy if "://" in proxy else f"http://{proxy}"
            if urlsplit(proxy).scheme.lower() in ("http", "https"):
                found[scheme] = proxy
            else:
                log.warning("%s proxy %s passed over: only http(s) proxies are used", scheme, proxy)
    return found


def proxy_for(url: str, proxies: Mapping[str, str]) -> str | None:
    """The proxy a request to ``url`` goes through, or ``None`` to connect directly."""
    parts = urlsplit(url)
    proxy = proxies.get(parts.scheme.lower()) or proxies.get("all")
    if not proxy:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    if any(_bypasses(entry, host, port) for entry in proxies.get("no", "").split(",")):
        return None
    return proxy


def _bypasses(entry: str, host: str, port: int) -> bool:
    """Whether a ``NO_PROXY`` entry names ``host``: ``*``, a name and its subdomains
    (``example.org``, ``.example.org``), an address, a network (``10.0.0.0/8``); a name or
    an IPv4 address may carry a ``:port``."""
    entry = entry.strip().lower()
    if entry == "*" or (entry and entry.strip("[]") == host):
        return True
    if "/" in entry:
        try:
            return ipaddress.ip_address(host) in ipaddress.ip_network(entry, strict=False)
        except ValueError:
            return False
    named = re.fullmatch(r"(\[[^\]]*\]|[^:]+)(?::(\d+))?", entry)
    if named is None or (named.group(2) and int(named.group(2)) != port):
        return False
    name = named.group(1).strip("[]").lstrip("*").lstrip(".").rstrip(".")
    return bool(name) and (host == name or host.endswith("." + name))
