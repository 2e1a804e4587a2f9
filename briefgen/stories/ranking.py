"""Editorial judgement: which stories matter most, and how many the briefing shows in full.

A story's importance comes from signals the run already has:

- **outlets**: how many outlets carry it (its own, near-duplicate copies, other outlets'
  related reports), the strongest signal: a story three outlets ran beats one outlet's;
- **recency**: hours before the newest article of the run (a day old counts half);
- **length**: longer reporting counts a little more (logarithmically);
- **quotes**: key quotes found, up to three;
- **weight**: the user's ``source_weights`` for the story's outlet (1 when not named),
  multiplying the rest.

The order is stable: stories that score the same keep their input order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefgen.document import Article, Story

OUTLET_POINTS = 2.0  # per outlet beyond the first
RECENCY_POINTS = 1.0  # for the newest story, halving a day later
LENGTH_POINTS = 0.5  # for a 1,000-word story
QUOTE_POINTS = 0.25  # per key quote, up to three


def _outlet(article: Article) -> str:
    return (article.source or article.url or article.origin or article.id).strip().casefold()


def outlets(story: Story) -> int:
    """How many distinct outlets carry ``story`` (copies and related reports included)."""
    members = [story.article, *story.also]
    for related in story.related:
        members += [related.article, *related.also]
    return len({_outlet(a) for a in members})


def _timestamp(article: Article) -> float | None:
    return article.published.timestamp() if article.published else None


def _weight(story: Story, weights: Mapping[str, float]) -> float:
    folded = {name.casefold(): value for name, value in weights.items()}
    return folded.get(story.article.source.strip().casefold(), 1.0)


def score(story: Story, newest: float | None, weights: Mapping[str, float]) -> float:
    """The story's importance (see the module's docstring); higher comes first."""
    points = 1.0 + OUTLET_POINTS * (outlets(story) - 1)
    stamp = _timestamp(story.article)
    if newest is not None and stamp is not None:
        age_days = max(0.0, newest - stamp) / 86400
        points += RECENCY_POINTS / (1.0 + age_days)
    words = max(1, story.article.word_count)
    points += LENGTH_POINTS * min(1.5, math.log10(words) / 3)
    points += QUOTE_POINTS * min(3, sum(1 for q in story.quotes if q.key) or len(story.quotes))
    return points * _weight(story, weights)


def rank_stories(
    stories: Sequence[Story], weights: Mapping[str, float] | None = None
) -> list[Story]:
    """``stories`` most important first (stable)."""
    stamps = [t for t in (_timestamp(s.article) for s in stories) if t is not None]
    newest = max(stamps) if stamps else None
    scores = {id(s): score(s, newest, weights or {}) for s in stories}
    return sorted(stories, key=lambda s: -scores[id(s)])


@dataclass
class Selection:
    """What the briefing shows: ``stories`` in full (the first ``top`` of them in the Top
    stories block) and ``headlines``, listed by title only ("More headlines")."""

    stories: list[Story]
    headlines: list[Story]
    top: int


def select_stories(
    stories: Sequence[Story], *, max_stories: int, top: int, ranked: bool
) -> Selection:
    """The first ``max_stories`` in full (0: all), the rest as headlines; a Top stories
    block of ``top`` only when the order is by rank and there are more stories than that."""
    full = list(stories[:max_stories]) if max_stories else list(stories)
    rest = list(stories[len(full) :])
    block = min(top, len(full)) if ranked and len(full) > top else 0
    return Selection(full, rest, block)
