"""Words for people to read: counted nouns (``1 story``, ``3 stories``)."""

from __future__ import annotations

_IRREGULAR = {"story": "stories", "entry": "entries", "was": "were", "is": "are"}


def plural(count: int, word: str, many: str = "") -> str:
    """``count`` and ``word``, plural unless ``count`` is 1: ``plural(1, "story")`` is
    ``1 story``, ``plural(2, "older entry", "older entries")`` is ``2 older entries``."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or _IRREGULAR.get(word, word + 's')}"
