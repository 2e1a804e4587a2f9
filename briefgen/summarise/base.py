"""The protocols of summarising: an :class:`Engine` makes summaries; a :class:`Summarising`
(the local :class:`~briefgen.summarise.summariser.Summariser`, the Ray one of
:mod:`briefgen.corpus.ray_executor`) takes them from the cache where it can, has an engine
make the rest, and says what it did in a :class:`SummaryReport`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SummaryReport:
    """What a :class:`Summarising` did in its last call.

    ``engine``/``model``: the engine that made (or, all cached, would have made) the
    summaries; ``note``: for the reader when that engine is a fallback; ``cached``: summaries
    taken from the cache; ``model_loaded``: whether an engine was loaded at all.
    """

    engine: str
    model: str = ""
    note: str = ""
    cached: int = 0
    model_loaded: bool = False


class Summarising(Protocol):
    """Summaries for articles, in order, from the cache or an engine; ``report`` after."""

    def summarise(self, articles: Sequence[Article], progress: Progress) -> list[Summary]: ...

    @property
    def report(self) -> SummaryReport: ...
