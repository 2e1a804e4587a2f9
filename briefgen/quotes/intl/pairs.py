"""Quotation marks and sentences in Chinese, Japanese and Arabic text.

The English pairing (:mod:`briefgen.quotes.marks`) reads a mark by the spaces around it;
Chinese and Japanese put no spaces around their marks, so here the marks are read by their
shape alone: “ ” 「 」 『 』 « » ‹ › and ‘ ’ open and close, a straight " opens when no
quotation is open and closes the one it opened, and a closing mark that matches no open
one (an apostrophe, "McDonald’s") is passed over. Nested quotations stay inside the outer
one; a mark left open at the end of its paragraph opens nothing (news copy closes its
quotations; a stray mark must not swallow the article).

:func:`masked` hides quoted words (marks included) so that the sentences around them can
be read for an attribution, and :func:`sentence_bounds` finds where those sentences start
and end: at 。！？ and . ! ? ؟, at line breaks, and at a quotation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..marks import MAX_QUOTES

_OPENERS = {"“": "”", "「": "」", "『": "』", "«": "»", "‹": "›", "‘": "’", "﹁": "﹂", "﹃": "﹄"}
MASK = "\ufffc"
"""What a quoted character reads as in :func:`masked` text."""
_ENDS = frozenset("。！？!?؟.\n")


@dataclass
class Marked:
    """One quotation: where its opening mark is, the quoted words (``start``..``end``, one
    segment each; two when two quotations are joined around an attribution) and the offset
    just after its closing mark."""

    open_mark: int
    segments: list[tuple[int, int]]
    close_end: int
    extra: list[int] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def quotations(text: str) -> list[Marked]:
    """The top-level quotations of ``text`` in order (up to
    :data:`~briefgen.quotes.marks.MAX_QUOTES`). A paragraph that leaves its quotation open
    continues into the next when that one opens with the same mark (the news convention
    for a quotation of several paragraphs)."""
    out: list[Marked] = []
    stack: list[str] = []
    opened = seg = 0
    segments: list[tuple[int, int]] = []
    i = 0
    while i < len(text) and len(out) < MAX_QUOTES:
        ch = text[i]
        if ch == "\n":
            nxt = _next_paragraph(text, i)
            if len(stack) == 1 and nxt < len(text) and text[nxt] == text[opened]:
                segments.append(_trimmed(text, seg, i))
                seg, i = nxt + 1, nxt + 1
                continue
            stack, segments = [], []
        elif ch in _OPENERS or (ch == '"' and (not stack or stack[-1] != '"')):
            if not stack:
                opened, seg, segments = i, i + 1, []
            stack.append(_OPENERS.get(ch, '"'))
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack and i > seg:
                out.append(Marked(opened, [*segments, _trimmed(text, seg, i)], i + 1))
        i += 1  # a closing mark of another kind ("McDonald’s" inside “...”) closes nothing
    return out


def _next_paragraph(text: str, i: int) -> int:
    """Where the paragraph after the line break at ``i`` starts."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",，、"):
        e -= 1
    return s, e


def masked(text: str, quotes: list[Marked]) -> str:
    """``text`` with every quotation, marks included, read as :data:`MASK`."""
    chars = list(text)
    for q in quotes:
        chars[q.open_mark : q.close_end] = MASK * (q.close_end - q.open_mark)
    return "".join(chars)


class Sentences:
    """Where the sentences of a masked text end (a quotation ends none, and stands as a
    boundary of the words before and after it)."""

    def __init__(self, masked_text: str) -> None:
        self.text = masked_text
        self.ends = [i for i, ch in enumerate(masked_text) if ch in _ENDS]

    def start_before(self, pos: int, past_quotes: bool = False) -> int:
        """Where the sentence holding ``pos`` starts (just after the previous end), or the
        words before ``pos`` after a quotation in it (unless ``past_quotes``)."""
        k = bisect.bisect_left(self.ends, pos)
        start = self.ends[k - 1] + 1 if k > 0 else 0
        if past_quotes:
            return start
        last_mask = self.text.rfind(MASK, start, pos)
        return last_mask + 1 if last_mask >= 0 else start

    def end_after(self, pos: int) -> int:
        """Where the sentence holding ``pos`` ends (before a quotation that follows)."""
        k = bisect.bisect_left(self.ends, pos)
        end = self.ends[k] if k < len(self.ends) else len(self.text)
        mask = self.text.find(MASK, pos, end)
        return mask if mask >= 0 else end


def paragraph_of(text: str, pos: int) -> int:
    """Where the paragraph holding ``pos`` starts."""
    return text.rfind("\n", 0, pos) + 1


_GAP = re.compile(r"[\s,，.。:：;；、\ufffc]*")


def only_punctuation(text: str) -> bool:
    """Whether ``text`` holds nothing but spaces, punctuation and quotations."""
    return _GAP.fullmatch(text) is not None
