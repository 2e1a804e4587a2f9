"""The engine protocol: every summariser takes articles and returns one summary per article."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from briefgen.document import Article, Summary
from briefgen.settings.options import LENGTHS as LENGTHS
from briefgen.settings.options import Length as Length

Progress = Callable[[int], None]
"""Called with the number of articles finished since the last call."""


class Engine(Protocol):
    """A summariser. ``summarise`` returns summaries in the order of ``articles``."""

    name: str
    model_id: str

    def summarise(
        self,
        articles: Sequence[Article],
        length: Length = "medium",
        progress: Progress | None = None,
    ) -> list[Summary]: ...
