"""Story grouping at scale: only the pairs that can match are compared, with the results of
comparing every pair (a brute-force reference written here from the public measures)."""

from __future__ import annotations

import random
from itertools import combinations

from briefgen.document import Article, content_id
from briefgen.stories.dedupe import (
    NEAR_THRESHOLD,
    RELATED_THRESHOLD,
    GroupingWork,
    StoryGroup,
    containment,
    cosine,
    group_articles,
    shingles,
    tfidf_vectors,
)

COMMON = (
    "the council and its officers met on the morning of the meeting to agree a plan for "
    "the town with residents who said they would respond later this week"
).split()
TRAILER = "Sign up for our morning newsletter to get the day's top stories in your inbox."


def topic_words(rng: random.Random, topic: int, count: int) -> list[str]:
    """Words of one made-up subject (its own vocabulary), mixed with common ones."""
    own = [f"{chr(97 + topic % 26)}{topic}v{k}" for k in range(40)]
    return [rng.choice(own) if rng.random() < 0.7 else rng.choice(COMMON) for _ in range(count)]


def article(k: int, title: str, body: list[str]) -> Article:
    text = " ".join(body) + "\n\n" + TRAILER
    return Article(id=content_id(f"{k}:{text}"), title=title, text=text, source=f"Outlet {k}")


def corpus(n: int, seed: int = 5) -> list[Article]:
    """``n`` articles: most on a subject of their own, some copies cut or extended, some
    other reports on an earlier article's subject."""
    rng = random.Random(seed)
    made: list[Article] = []
    topics: list[int] = []
    for k in range(n):
        roll = rng.random()
        if made and roll < 0.15:  # a near duplicate: the end cut, a line added
            j = rng.randrange(len(made))
            words = made[j].text.split()
            body = [*words[: int(len(words) * rng.uniform(0.7, 0.95))], "(Updated.)"]
            made.append(article(k, made[j].title + " (update)", body))
            topics.append(topics[j])
            continue
        topic = topics[rng.randrange(len(topics))] if made and roll < 0.3 else k
        made.append(article(k, f"Story {topic}", topic_words(rng, topic, rng.randint(60, 160))))
        topics.append(topic)
    return made


def reference(articles: list[Article], result: list[StoryGroup]) -> list[list[list[str]]]:
    """Every pair compared, as the grouping is specified: near-duplicate clusters closed
    transitively; each cluster (with the primary ``result`` chose) joins the earlier group
    with the best mean cosine to its primary if that reaches the threshold."""
    sets = [shingles(a.text) for a in articles]
    root = list(range(len(articles)))

    def find(i: int) -> int:
        while root[i] != i:
            i = root[i]
        return i

    for i, j in combinations(range(len(articles)), 2):
        if containment(sets[i], sets[j]) >= NEAR_THRESHOLD:
            a, b = find(i), find(j)
            root[max(a, b)] = min(a, b)
    clusters: dict[int, list[int]] = {}
    for i in range(len(articles)):
        clusters.setdefault(find(i), []).append(i)
    heads = {a.id for g in result for a in [g.primary, *g.related]}
    primary = {r: next(i for i in m if articles[i].id in heads) for r, m in clusters.items()}
    vectors = tfidf_vectors(articles)
    groups: list[list[int]] = []
    for r in sorted(clusters):
        v = vectors[primary[r]]
        scores = [sum(cosine(v, vectors[primary[o]]) for o in g) / len(g) for g in groups]
        best = max(range(len(groups)), key=lambda g: (scores[g], -g), default=-1)
        if best >= 0 and scores[best] >= RELATED_THRESHOLD:
            groups[best].append(r)
        else:
            groups.append([r])
    return [[sorted(articles[i].id for i in clusters[r]) for r in g] for g in groups]


def shape(result: list[StoryGroup]) -> list[list[list[str]]]:
    out = []
    for g in result:
        heads = [(g.primary, g.duplicates)]
        heads += [(r, g.related_duplicates.get(r.id, [])) for r in g.related]
        out.append([sorted(a.id for a in [h, *d]) for h, d in heads])
    return out


def test_grouping_gives_what_comparing_every_pair_gives() -> None:
    articles = corpus(160)
    result = group_articles(articles)
    expected = reference(articles, result)
    assert shape(result) == expected
    assert any(len(g) > 1 for g in expected) and any(len(c) > 1 for g in expected for c in g)


def test_work_grows_linearly_not_with_the_number_of_pairs() -> None:
    # Articles of distinct text that all end with the same newsletter plug and share common
    # words: comparing every pair would be n(n-1)/2 comparisons.
    for n in (200, 800):
        articles = [
            article(k, f"Story {k}", topic_words(random.Random(k), k, 120)) for k in range(n)
        ]
        work = GroupingWork()
        result = group_articles(articles, work=work)
        assert len(result) == n  # every article its own story
        assert work.pairs_compared <= n
        assert work.groups_scored + work.postings_read <= 2 * n


def test_near_duplicates_found_among_many_are_the_copies() -> None:
    articles = corpus(600, seed=11)
    work = GroupingWork()
    result = group_articles(articles, related_threshold=None, work=work)
    assert work.pairs_compared <= 2 * len(articles)
    merged = [c for c in shape(result) if len(c[0]) > 1]
    assert merged and all(len(g) == 1 for g in shape(result))
    assert sum(len(g.duplicates) for g in result) >= 0.1 * len(articles)
