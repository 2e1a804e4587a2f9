"""A publisher's name from a feed's channel title: "Harbour Ledger - Top stories" is
"Harbour Ledger", "World news | The Guardian" is "The Guardian", "Reuters: Top News" is
"Reuters".

The title is cut at the separators feeds put between a site's name and a tagline or section
(`` - ``, ``|``, ``:``, ``»``, ``>``, ``·``); the part that spells the site's host name
(``harbourledger.example``) wins, else the first part that is not made only of section and
tagline words ("Top stories", "Latest news", "World"); a title made only of such words
names no site (``""``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SEPARATORS = re.compile(r"\s*[|»>·•]\s*|\s+[-–—]\s+|:\s+")
_FEED_SUFFIX = re.compile(r"\s+(?:rss|atom)(?:\s+feeds?)?$|\s+(?:news\s*)?feeds?$", re.I)
GENERIC_WORDS = frozenset(
    """a all and articles breaking business comment culture economy edition editor's en
    english entertainment environment feed feeds from front headlines health home homepage
    in international just latest live local main most national new news of on opinion page
    picks politics popular recent rss science section sport sports stories story tech
    technology the today today's top uk updates us world""".split()
)
"""Words of a section or tagline; a part made only of these is not the site's name."""


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def host_core(url: str) -> str:
    """The distinctive part of a URL's host: ``feeds.harbour-ledger.co.uk`` is ``harbourledger``."""
    host = (urlsplit(url).hostname or "").lower()
    labels = [label for label in host.split(".") if label and label != "www"]
    while len(labels) > 1 and (len(labels[-1]) <= 3 or labels[-1] in ("example", "local")):
        labels.pop()
    return _squash(labels[-1]) if labels and not labels[-1].isdigit() else ""


def _generic(part: str) -> bool:
    words = re.findall(r"[\w']+", part.casefold())
    return not words or all(w in GENERIC_WORDS for w in words)


def site_name(title: str, *urls: str) -> str:
    """The site's name in a channel title; ``urls`` (the channel's link, the feed's address)
    say which part names the site when one spells its host."""
    title = " ".join(title.split())
    parts = [p.strip() for p in _SEPARATORS.split(title) if p and p.strip()]
    if not parts:
        return ""
    cores = {core for core in (host_core(url) for url in urls) if len(core) >= 3}
    for part in parts:
        squashed = _squash(part)
        if squashed and any(core in squashed or squashed in core for core in cores):
            return _FEED_SUFFIX.sub("", part) or part
    named = [p for p in parts if not _generic(p)]
    if not named:
        return ""  # "Top stories" names no site: the caller falls back to the host
    return _FEED_SUFFIX.sub("", named[0]) or named[0]
