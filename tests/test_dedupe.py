"""Story grouping on hand-written articles: near duplicates merged, related stories grouped."""

from __future__ import annotations

from dataclasses import replace

from briefgen.document import Article, Quote, content_id
from briefgen.stories.dedupe import (
    StoryGroup,
    containment,
    dedupe_quotes,
    group_articles,
    reported_elsewhere,
    same_page,
    shingles,
)

WIRE = [
    "Kestrel Bay council voted on Tuesday to build a flood barrier across the mouth of the "
    "Wren estuary, ending ten years of argument over how to protect the old harbour town.",
    "The barrier, which will cost an estimated 40 million pounds, is designed to hold back "
    "storm surges of up to three metres and to protect about 400 homes and the fish market.",
    "Council leader Martin Hale said the vote was a turning point. \u201cThis town has been "
    "flooded three times in five years, and people have had enough,\u201d he said.",
    "Engineer Priya Nandi told councillors that construction would begin in the spring and "
    "take about three years, with the main gates installed during the second summer.",
    "Opponents argued that the barrier would spoil the view from the promenade and harm "
    "the estuary's wading birds, but their amendment was defeated by 31 votes to 9.",
    "The regional government has agreed to pay half of the cost, and the rest will come from "
    "borrowing that the council says it can repay from harbour fees over thirty years.",
]

# The same wire story as a second outlet ran it: a dateline, one paragraph dropped, a few
# words changed, a different headline and its own credits at the end.
REPUBLISHED = [
    "KESTREL BAY (Newswire) - " + WIRE[0],
    WIRE[1].replace("estimated", "expected"),
    WIRE[2].replace("he said", "he told the meeting"),
    WIRE[3],
    WIRE[5],
    "Reporting by Sam Lee; editing by Jo Park. Sign up for our morning newsletter.",
]

# A third outlet's own reporting of the same vote: different sentences, same event.
OWN_REPORTING = [
    "Councillors in Kestrel Bay have approved a flood barrier for the Wren estuary after a "
    "long and often bitter debate at the town hall on Tuesday night.",
    "Martin Hale, the council leader, called the barrier vote the most important decision "
    "the council had taken in a generation, pointing to the floods of recent winters.",
    "Residents on the harbour front, many of whom lost furniture and cars in the floods, "
    "watched from the public gallery and applauded when the result was read out.",
    "Priya Nandi, the engineer in charge, said the barrier gates would close only a few times "
    "a year, when storm surges threaten the harbour.",
]

SCHOOL = [
    "A primary school in Millbrook will reopen next month after repairs to its roof, which "
    "was damaged when an oak tree fell on it during a gale in early December.",
    "Parents have been driving their children to a neighbouring village for six weeks. The "
    "head teacher thanked the builders, who worked through the holidays to finish the job.",
    "The county said the repairs had cost less than expected because the timber frame was "
    "sound, and that the playground would be resurfaced before the summer term.",
]

MATCH = [
    "Ashford Rovers came from two goals down to beat Dunmore City 3-2 on Saturday, with "
    "striker Leon Okafor scoring twice in the last ten minutes at a packed Mill Lane.",
    "The win lifts Rovers to fourth in the table, a point behind the promotion places, while "
    "City remain in the relegation zone after a fifth defeat in six matches.",
    "Manager Ruth Barnes said her players had shown character. City's coach declined to "
    "speak to reporters after the final whistle.",
]


def art(title: str, paras: list[str], source: str) -> Article:
    text = "\n\n".join(paras)
    slug = source.lower().replace(" ", "-")
    return Article(
        id=content_id(text),
        title=title,
        text=text,
        source=source,
        url=f"https://{slug}.example/story",
        origin=slug,
    )


WIRE_A = art("Barrier approved for Wren estuary", WIRE, "Coast Wire")
COPY_A = art("Kestrel Bay says yes to flood barrier", REPUBLISHED, "Daily Gazette")
OWN_A = art("Town hall backs barrier after bitter debate", OWN_REPORTING, "Bay Chronicle")
SCHOOL_A = art("Millbrook school to reopen", SCHOOL, "County News")
MATCH_A = art("Rovers fight back to beat City", MATCH, "Sports Desk")


def titles(groups: list[StoryGroup]) -> list[list[str]]:
    return [[a.title for a in g.articles] for g in groups]


def test_a_republished_wire_story_is_merged_and_related_reporting_grouped() -> None:
    groups = group_articles([SCHOOL_A, COPY_A, MATCH_A, OWN_A, WIRE_A])
    assert [g.primary.title for g in groups] == [
        "Millbrook school to reopen",
        "Barrier approved for Wren estuary",  # the most complete text leads its story
        "Rovers fight back to beat City",
    ]
    barrier = groups[1]
    assert [d.source for d in barrier.duplicates] == ["Daily Gazette"]
    assert barrier.duplicates[0].url == "https://daily-gazette.example/story"
    assert [r.source for r in barrier.related] == ["Bay Chronicle"]
    assert groups[0].duplicates == groups[0].related == []


def test_scores_separate_copies_from_different_stories() -> None:
    wire, copy, own, school = (shingles(a.text) for a in (WIRE_A, COPY_A, OWN_A, SCHOOL_A))
    assert containment(wire, copy) > 0.6
    assert containment(wire, own) < 0.1 and containment(wire, school) < 0.05


def test_thresholds_can_turn_grouping_off() -> None:
    groups = group_articles([WIRE_A, COPY_A, OWN_A], related_threshold=None)
    assert titles(groups) == [
        ["Barrier approved for Wren estuary", "Kestrel Bay says yes to flood barrier"],
        ["Town hall backs barrier after bitter debate"],
    ]
    groups = group_articles([WIRE_A, COPY_A], near_threshold=1.01, related_threshold=None)
    assert len(groups) == 2


def test_exact_copies_and_edge_cases() -> None:
    twin = art(WIRE_A.title, WIRE, "Other Outlet")
    [group] = group_articles([WIRE_A, twin])
    assert group.primary.source == "Coast Wire" and group.duplicates[0].source == "Other Outlet"
    assert group_articles([]) == []
    [only] = group_articles([SCHOOL_A])
    assert only.primary is SCHOOL_A and only.articles == [SCHOOL_A]


def test_related_story_keeps_its_own_duplicates() -> None:
    own_copy = art("Barrier backed", [*OWN_REPORTING, "Copyright Bay Chronicle."], "Bay Radio")
    [group] = group_articles([WIRE_A, OWN_A, own_copy])
    [related] = group.related
    assert related.source == "Bay Radio"  # the longer of the two: a line more
    assert [a.source for a in group.related_duplicates[related.id]] == ["Bay Chronicle"]
    assert len(group.articles) == 3


def quote(text: str, speaker: str | None, **kw: object) -> Quote:
    return Quote(text=text, speaker=speaker, cue="said", start=0, end=len(text), **kw)  # type: ignore[arg-type]


def test_quotes_deduplicated_across_a_group() -> None:
    said = "This town has been flooded three times in five years, and people have had enough"
    quotes = [
        quote(said, "Martin Hale"),
        quote("The barrier is a turning point", "Priya Nandi"),
        quote(said.replace("enough", "enough."), "Hale", key=True, score=0.9),
        quote("flooded three times in five years", None),
        quote("The barrier is a turning point", "Martin Hale"),  # same words, another speaker
        quote(said.upper(), None),
    ]
    kept = dedupe_quotes(quotes)
    assert [(q.text, q.speaker) for q in kept] == [
        (said, "Martin Hale"),
        ("The barrier is a turning point", "Priya Nandi"),
        ("The barrier is a turning point", "Martin Hale"),
    ]
    assert kept[0].key and kept[0].score == 0.9
    assert dedupe_quotes([]) == []


def test_of_equally_complete_copies_the_one_with_metadata_leads() -> None:
    bare = Article(id=content_id("\n\n".join(WIRE)), title="Barrier", text="\n\n".join(WIRE))
    rich = replace(WIRE_A, text=WIRE_A.text + " Reporting by Coast Wire.", author="Ann Writer")
    [group] = group_articles([bare, rich])
    assert group.primary is rich and group.duplicates == [bare]
    cut = replace(WIRE_A, text="\n\n".join(WIRE[:2]), author="Ann Writer", section="Local")
    [group] = group_articles([cut, bare])  # metadata does not beat a much fuller text
    assert group.primary is bare


def test_a_page_is_never_also_reported_by_itself() -> None:
    page = replace(WIRE_A, origin="https://coast-wire.example/story")
    via_feed = replace(COPY_A, url="http://www.coast-wire.example/story/?utm_source=rss#top")
    other = COPY_A
    assert same_page(page.url, via_feed.url) and not same_page(page.url, other.url)
    assert reported_elsewhere(page, [via_feed, other, other]) == [other]
    again = replace(SCHOOL_A, url="", origin="notes/school.md")
    assert reported_elsewhere(again, [replace(again, source="x")]) == []
