"""Words for people to read: counted nouns (``1 story``, ``3 stories``), a build's line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.pipeline import BuildResult

_IRREGULAR = {"story": "stories", "entry": "entries", "was": "were", "is": "are"}


def plural(count: int, word: str, many: str = "") -> str:
    """``count`` and ``word``, plural unless ``count`` is 1: ``plural(1, "story")`` is
    ``1 story``, ``plural(2, "older entry", "older entries")`` is ``2 older entries``."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or _IRREGULAR.get(word, word + 's')}"


def build_line(result: BuildResult) -> str:
    """The one summary line of a build: ``12 stories (extractive; 2 inputs skipped) -> ...``."""
    from briefgen.pipeline import real_skips

    briefing, run = result.briefing, result.briefing.run
    skipped = real_skips(run.skipped)
    notes = [run.engine]
    if result.cached:
        notes[0] += f", {result.cached} from cache"
    if briefing.headlines:
        notes.append(f"{plural(len(briefing.headlines), 'more headline')} listed")
    if run.held_back:
        notes.append(f"{plural(run.held_back, 'story', 'stories')} held back since last")
    if skipped:
        notes.append(f"{plural(len(skipped), 'input')} skipped")
    written = ", ".join(str(p) for p in result.paths)
    return f"{plural(len(briefing.stories), 'story')} ({'; '.join(notes)}) -> {written}"
