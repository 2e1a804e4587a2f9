"""Fetching a web page named as a source (plain HTTP(S); one page is one article)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from briefgen import __version__
from briefgen.ingest.readers import MAX_INPUT_BYTES, InputRejected

TIMEOUT_S = 20.0
USER_AGENT = f"briefgen/{__version__} (+https://github.com/briefgen/briefgen)"


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.IGNORECASE))


def fetch_html(url: str) -> str:
    """Download ``url`` and return its HTML as text, or raise ``InputRejected`` with the reason."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            ctype = response.headers.get_content_type()
            if ctype not in ("text/html", "application/xhtml+xml"):
                raise InputRejected(f"not an HTML page ({ctype})")
            raw = response.read(MAX_INPUT_BYTES + 1)
            charset: str | None = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        raise InputRejected(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputRejected(f"unreachable ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise InputRejected(f"unreachable ({exc})") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputRejected(f"page larger than {MAX_INPUT_BYTES / 1e6:.0f} MB")
    if not charset:
        meta = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.IGNORECASE)
        charset = meta.group(1).decode("ascii") if meta else "utf-8"
    try:
        text: str = raw.decode(charset, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    return text
