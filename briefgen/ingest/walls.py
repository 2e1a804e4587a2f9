"""Pages that stand in front of an article: consent walls, paywalls, "enable JavaScript".

They are recognised by their content, not by their address: the text extracted from the page
is split into lines, the lines that carry a wall's wording are set aside, and when what is
left is too little to be an article (or, for a consent wall, when its vocabulary dominates),
the page is skipped with the reason. An article that merely ends with "Subscribe now" or
carries a cookie notice keeps its text: the rest of it is long enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Wall:
    kind: str  # what the reason calls it
    phrases: re.Pattern[str]
    max_rest_words: int  # at most this many words besides the wall's own lines: a wall


CONSENT = Wall(
    "a consent wall",
    re.compile(
        r"before you continue|we value your privacy|we (?:and our partners )?use cookies|"
        r"(?:accept|reject|allow|refuse) (?:all|optional|non-essential)(?: cookies)?|"
        r"manage (?:your )?(?:cookie |privacy |consent )?(?:choices|preferences|settings|options)|"
        r"(?:cookie|privacy|consent) (?:settings|preferences|choices)|our (?:\d+ )?partners|"
        r"personali[sz]ed (?:ads|advertising|content)|legitimate interest|consent to (?:the )?use",
        re.IGNORECASE,
    ),
    120,
)
PAYWALL = Wall(
    "a paywall",
    re.compile(
        r"subscribe (?:now |today )?to (?:continue|read|keep reading|unlock|get full access)|"
        r"(?:to )?continue reading,? (?:subscribe|sign in|log in|register)|"
        r"(?:this|the) (?:article|story|content|piece) is (?:only |exclusively )?"
        r"(?:for|available (?:only )?to) (?:paying )?(?:subscribers|members)|"
        r"(?:for|to) subscribers only|subscriber[- ]only|already (?:a subscriber|a member|"
        r"have an account)\?|unlock (?:this|the full|full) (?:article|story|access)|"
        r"register (?:for free )?to (?:continue|read)|start your free trial to",
        re.IGNORECASE,
    ),
    150,
)
SCRIPT = Wall(
    'a page that needs JavaScript ("enable JavaScript")',
    re.compile(
        r"(?:please )?(?:enable|turn on|activate) javascript|javascript (?:is )?(?:disabled|"
        r"required|must be enabled|is not enabled)|requires? javascript|you need to enable "
        r"javascript|(?:does not|doesn't) support javascript",
        re.IGNORECASE,
    ),
    100,
)
WALLS = (CONSENT, PAYWALL, SCRIPT)

CONSENT_WORDS = frozenset(
    "cookie cookies consent privacy personalised personalized advertising ads partners data "
    "preferences settings accept reject choices tracking vendors device".split()
)
CONSENT_SHARE = 0.08
"""A text with a consent phrase whose words are this much consent vocabulary is a wall."""

MAX_WALL_WORDS = 600
"""A text longer than this is an article, whatever wall wording it also carries."""


def wall_reason(title: str, body: str) -> str | None:
    """Why the page whose extracted text is ``body`` is a wall, or ``None`` for an article."""
    words = body.split()
    if len(words) > MAX_WALL_WORDS:
        return None
    lines = [line for line in re.split(r"\n+|(?<=[.!?])\s+", body) if line.strip()]
    for wall in WALLS:
        hits = [line for line in lines if wall.phrases.search(line)]
        if wall is CONSENT and wall.phrases.search(title):
            hits.append(title)
        if not hits:
            continue
        rest = sum(len(line.split()) for line in lines if line not in hits)
        vocabulary = sum(1 for w in words if w.strip(".,;:!?()\"'").lower() in CONSENT_WORDS)
        dominated = wall is CONSENT and vocabulary >= CONSENT_SHARE * len(words)
        if rest <= wall.max_rest_words or dominated:
            match = wall.phrases.search(hits[0])
            said = match.group(0) if match else hits[0][:60]
            return f"{wall.kind}, not an article (it says {said!r})"
    return None
