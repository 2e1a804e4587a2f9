"""Sentence and paragraph geometry for one article, with quoted words masked.

:class:`Context` tells where each sentence and paragraph of an article starts and ends
(a sentence end inside a quotation, after an abbreviation or in "“Why?” she asked" is not
one), and gives the text before and after a quotation with every quotation's words blanked
out, so a cue verb inside a quotation is never taken for the writer's. The text a rule
reads around one quotation is bounded (:data:`WINDOW_CHARS`, :data:`WINDOW_QUOTES`), so
that no pass over an article is quadratic in its number of quote marks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefgen.core.lexicon import CUE_FORMS, TITLES
from briefgen.core.sentences import ABBREVIATIONS

from .marks import RawQuote, paragraph_bounds
from .phrases import Attribution
from .speakers import NameBook

__all__ = ["WINDOW_CHARS", "WINDOW_QUOTES", "Context", "Found"]

# A quoted question or exclamation followed by its attribution: "?” Vitter demanded".
_QUESTION_CUES = "|".join(sorted((f for f in CUE_FORMS if not f.endswith("ing")), key=len)[::-1])
_SPEECH_AFTER_QUESTION = re.compile(
    r"[!?][\"”’']\s+(?:[A-Z][\w.’'-]*\s+){1,4}(?:" + _QUESTION_CUES + r")\b"
    r"|[!?][\"”’']\s+(?:he|she|they)\s"
)
_END = re.compile(r"[.!?…]+[\"'”’)\]»]*(?=\s+(?:''|``|[\"'“‘(\[«])?[A-Z0-9])")

# Bounds on the text one quote's attribution is looked for in, so that no pass is
# quadratic in the number of quote marks: at most this many characters either side, and
# never past the marks of the quotes this many places before or after it.
WINDOW_CHARS = 1200
WINDOW_QUOTES = 6


@dataclass
class Found:
    """A quotation being built: its marks, segments, context and attribution."""

    raw: RawQuote
    segments: list[tuple[int, int]]
    close_mark: int | None
    attribution: Attribution | None = None
    continued: bool = False  # joined from a split quote
    before: str = ""  # the sentence before the opening mark (other quotes masked)
    subject: Attribution | None = None  # the subject that opens the quote's sentence
    how: str = ""  # which rule found the attribution (a feature of the speaker model)


class Context:
    """Sentence and paragraph geometry for one article, with quoted words masked."""

    def __init__(self, text: str, raws: list[RawQuote]) -> None:
        self.text = text
        chars = list(text)
        for q in raws:
            for s, e in q.segments:
                for k in range(s, e):
                    if not chars[k].isspace():
                        chars[k] = " "
        self.masked = "".join(chars)
        self.book: NameBook = NameBook("")
        self.paras = paragraph_bounds(text)
        self.para_starts = [p[0] for p in self.paras]
        contents = sorted(
            (q.open_mark, q.close_mark if q.close_mark is not None else q.end) for q in raws
        )
        ends: list[int] = []
        for m in _END.finditer(text):
            if self._inside(contents, m.start(), m.end()) or self._abbreviation(m):
                continue
            if _SPEECH_AFTER_QUESTION.match(text, m.start()):
                continue  # “Why not?” Vitter demanded. is one sentence
            ends.append(m.end())
        self.ends = ends
        self.opens = [q.open_mark for q in raws]
        self.closes = sorted(q.close_mark if q.close_mark is not None else q.end for q in raws)
        self.shaped: dict[str, bool] = {}

    @staticmethod
    def _inside(contents: list[tuple[int, int]], start: int, end: int) -> bool:
        k = bisect.bisect_right(contents, (start, 1 << 60)) - 1
        if k < 0:
            return False
        open_mark, close_mark = contents[k]
        return open_mark < start < close_mark and end <= close_mark

    def _abbreviation(self, m: re.Match[str]) -> bool:
        if not m.group(0).startswith(".") or len(m.group(0).rstrip("\"'”’)]»")) != 1:
            return False
        i = m.start()
        while (
            i > 0 and m.start() - i < 40 and (self.text[i - 1].isalnum() or self.text[i - 1] == ".")
        ):
            i -= 1
        word = self.text[i : m.start()].lower()
        initials = all(len(part) == 1 for part in word.split("."))  # G.K. Butterfield
        return word in ABBREVIATIONS or word in TITLES or initials

    def para_of(self, pos: int) -> tuple[int, int]:
        k = max(0, bisect.bisect_right(self.para_starts, pos) - 1)
        return self.paras[k]

    def prev_para(self, pos: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self.para_starts, pos) - 1
        return self.paras[k - 1] if k >= 1 else None

    def sentence_start(self, pos: int) -> int:
        pstart = self.para_of(pos)[0]
        k = bisect.bisect_right(self.ends, pos) - 1
        return max(pstart, self.ends[k]) if k >= 0 else pstart

    def sentence_end(self, pos: int) -> int:
        pend = self.para_of(pos)[1]
        k = bisect.bisect_right(self.ends, pos)
        return min(pend, self.ends[k]) if k < len(self.ends) else pend

    def window_start(self, pos: int) -> int:
        """The earliest offset a look back from ``pos`` may reach (:data:`WINDOW_CHARS`,
        :data:`WINDOW_QUOTES`)."""
        k = bisect.bisect_left(self.opens, pos) - WINDOW_QUOTES
        return max(pos - WINDOW_CHARS, self.opens[k] if k >= 0 else 0, 0)

    def window_end(self, pos: int) -> int:
        """The furthest offset a look ahead from ``pos`` may reach."""
        k = bisect.bisect_right(self.closes, pos) + WINDOW_QUOTES
        limit = self.closes[k] if k < len(self.closes) else len(self.text)
        return min(pos + WINDOW_CHARS, limit, len(self.text))

    def before(self, quote: Found) -> tuple[str, int]:
        pos = quote.raw.open_mark
        start = max(self.sentence_start(pos), self.window_start(pos))
        return self.masked[start:pos], start

    def after(self, quote: Found) -> tuple[str, int]:
        if quote.close_mark is None:
            return "", quote.segments[-1][1]
        pos = quote.close_mark + 1
        while pos < len(self.text) and self.text[pos] in "'`":
            pos += 1  # the second character of a '' mark
        end = min(self.sentence_end(pos - 1), self.window_end(pos))
        return self.masked[pos:end], pos
