"""Stories from groups of articles: merged or grouped reports, quotes said once, order.

The pipeline groups articles (:mod:`briefgen.stories.dedupe`), summarises what this module says to
summarise, then turns each group into a :class:`Story` here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from briefgen.document import Article, Quote, Story, Summary, content_id
from briefgen.settings.options import Sort
from briefgen.stories.dedupe import StoryGroup, dedupe_quotes, reported_elsewhere
from briefgen.stories.perspectives import what_outlets_add
from briefgen.stories.ranking import rank_stories


def merged_article(group: StoryGroup) -> Article:
    """One article holding the primary's text and every related report's, for one summary."""
    texts = [group.primary.text, *(r.text for r in group.related)]
    text = "\n\n".join(texts)
    return replace(group.primary, id=content_id(text), text=text)


def merged_members(group: StoryGroup, summary: Summary, quotes: Sequence[Quote]) -> list[Story]:
    """The outlets' articles of a merged story, each with its near-duplicate copies and the
    quotes found in its part of the merged text (as :func:`merged_article` joins them): what
    the edition memory judges and remembers of each on its own."""
    members: list[Story] = []
    start = 0
    for article in [group.primary, *group.related]:
        end = start + len(article.text)
        if article is group.primary:
            copies = group.duplicates
        else:
            copies = group.related_duplicates.get(article.id, [])
        own = [q for q in quotes if start <= q.start < end]
        members.append(Story(article, summary, own, also=reported_elsewhere(article, copies)))
        start = end + 2  # the blank line between texts
    return members


def articles_to_summarise(
    groups: Sequence[StoryGroup], merged: dict[str, Article]
) -> list[Article]:
    articles: list[Article] = []
    for group in groups:
        if group.primary.id in merged:
            articles.append(merged[group.primary.id])
        else:
            articles.extend([group.primary, *group.related])
    return articles


def story_of(
    group: StoryGroup,
    by_id: dict[str, tuple[Summary, list[Quote]]],
    merged: dict[str, Article],
) -> Story:
    """The story of one group; quotes said twice across the group are shown once."""
    if group.primary.id in merged:
        summary, quotes = by_id[merged[group.primary.id].id]
        also = reported_elsewhere(group.primary, [*group.duplicates, *group.related])
        return Story(
            group.primary,
            summary,
            quotes,
            also=also,
            adds=what_outlets_add(group.primary, also),
            members=merged_members(group, summary, quotes),
        )
    members = [group.primary, *group.related]
    kept = {id(q) for q in dedupe_quotes([q for a in members for q in by_id[a.id][1]])}
    related = [
        _with_copies(
            a,
            by_id[a.id][0],
            [q for q in by_id[a.id][1] if id(q) in kept],
            group.related_duplicates.get(a.id, []),
        )
        for a in group.related
    ]
    summary, quotes = by_id[group.primary.id]
    story = _with_copies(
        group.primary, summary, [q for q in quotes if id(q) in kept], group.duplicates
    )
    story.related = related
    return story


def _with_copies(
    article: Article, summary: Summary, quotes: list[Quote], copies: Sequence[Article]
) -> Story:
    """One outlet's story, the other outlets that ran it, and what each of them adds."""
    also = reported_elsewhere(article, copies)
    return Story(article, summary, quotes, also=also, adds=what_outlets_add(article, also))


def sort_stories(
    stories: list[Story], order: Sort, weights: Mapping[str, float] | None = None
) -> list[Story]:
    """Stories in the requested order (stable; sections keep first-appearance order);
    ``rank`` is by importance (:mod:`briefgen.stories.ranking`), ``weights`` by source name."""
    if order == "rank":
        return rank_stories(stories, weights)
    if order == "newest":
        return sorted(
            stories,
            key=lambda s: s.article.published.timestamp() if s.article.published else float("-inf"),
            reverse=True,
        )
    if order == "source":
        return sorted(stories, key=lambda s: s.article.source.casefold())
    if order == "title":
        return sorted(stories, key=lambda s: s.article.title.casefold())
    return stories  # input: as read
