"""Quote marks: which characters open or close a quotation, and how they pair up.

The pairing is a small state machine run paragraph by paragraph (a paragraph is a run of
text between line breaks), so that a stray or missing mark can only disturb its own
paragraph: at every paragraph end the state is reset, except for the news convention of a
quotation that runs over several paragraphs (the paragraph opens a quote and does not close
it, and the next paragraph opens with a quote mark).

Each mark is classified from its neighbours ("flanking"): a mark with white space (or an
opening bracket or dash) before it and a word after it opens; a mark with a word or
punctuation before it and white space or punctuation after it closes. Curly marks are
trusted unless their neighbours clearly contradict them (``”Mr. Smith`` at the start of a
paragraph opens). Single marks are apostrophes unless they flank a word like a quote mark
does (``Iran’s``, ``’90s``, ``rock ’n’ roll`` and ``voters’`` are apostrophes); a single
quotation only counts at the top level when it is properly closed in its paragraph.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from typing import Literal

Role = Literal["open", "close", "either", "apostrophe"]

DOUBLE_MARKS = '"“”„«»″'
SINGLE_MARKS = "'‘’‚‹›"
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS
_OPEN_BEFORE = "([{—–-/"  # characters after which a mark may open a quote
_PARA_BREAK = re.compile(r"\n+")
_TAG = re.compile(r"<[^<>\n]{1,800}>")
_DECADE = re.compile(r"\d\ds?\b")
_N_BETWEEN = re.compile(r"[‘’']n[‘’']")
MAX_QUOTES = 2000
MAX_MARKS = 10_000
"""Per-article budget: an article is read up to its ``MAX_QUOTES``-th quotation or
``MAX_MARKS``-th quote-mark character (news articles hold a few dozen), so no article can
stall a run; the rest is skipped with a warning."""
log = logging.getLogger(__name__)
_MARK = re.compile("[" + re.escape(ALL_MARKS) + "`]")


@dataclass(frozen=True)
class Mark:
    """One quote-mark character in the text and what it seems to do."""

    pos: int
    char: str
    double: bool
    role: Role
    width: int = 1  # 2 for a doubled single mark used as a double one: ''old style''


@dataclass(frozen=True)
class RawQuote:
    """A quotation as found by pairing marks: the spans of its quoted words.

    ``segments`` are (start, end) offsets of the text between the marks, one per paragraph
    for a quote that runs over several paragraphs. ``marks`` are the offsets of the opening
    and closing marks of the whole quote (the closing one may be ``None`` when a quote was
    left open at the end of its paragraph and recovered).
    """

    segments: tuple[tuple[int, int], ...]
    open_mark: int
    close_mark: int | None
    double: bool

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def classify(text: str, pos: int, width: int = 1) -> Mark:
    """Classify the mark at ``pos`` from the characters around it."""
    ch = text[pos]
    before = text[pos - 1] if pos > 0 else ""
    after = text[pos + width] if pos + width < len(text) else ""
    double = ch in DOUBLE_MARKS or width == 2
    if width == 2:
        return Mark(pos, ch, True, _double_role('"', *_flanks(before, after)), width=2)
    left = (_is_space(before) or before in _OPEN_BEFORE or before in ALL_MARKS) and not _is_space(
        after
    )
    right = (
        not _is_space(before)
        and before not in _OPEN_BEFORE
        and (_is_space(after) or not after.isalnum())
    )
    if double:
        return Mark(pos, ch, True, _double_role(ch, left, right))
    return Mark(pos, ch, False, _single_role(text, pos, ch, before, after, left, right))


def _flanks(before: str, after: str) -> tuple[bool, bool]:
    """Whether a mark between ``before`` and ``after`` can open (left) or close (right)."""
    left = (_is_space(before) or before in _OPEN_BEFORE or before in ALL_MARKS) and not _is_space(
        after
    )
    right = (
        not _is_space(before)
        and before not in _OPEN_BEFORE
        and (_is_space(after) or not after.isalnum())
    )
    return left, right


def _role_by_side(
    ch: str, opening: str, closing: str, left: bool, right: bool, neither: Role
) -> Role:
    """A mark's role from its shape (curly marks say which way they face, unless the
    spacing plainly contradicts it) and else from which side touches a word."""
    if ch in opening:
        return "close" if right and not left else "open"
    if ch in closing:
        return "open" if left and not right else "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return neither


def _double_role(ch: str, left: bool, right: bool) -> Role:
    return _role_by_side(ch, "“„«", "”»", left, right, "either")


def _single_role(
    text: str, pos: int, ch: str, before: str, after: str, left: bool, right: bool
) -> Role:
    if before.isalnum() and after.isalnum():
        return "apostrophe"  # Iran’s, don’t
    if after.isdigit() and _DECADE.match(text, pos + 1, pos + 4):
        return "apostrophe"  # ’90s, '05
    if _N_BETWEEN.match(text, pos, pos + 3) or _N_BETWEEN.match(text, max(0, pos - 2), pos + 1):
        return "apostrophe"  # rock ’n’ roll
    return _role_by_side(ch, "‘‚‹", "’›", left, right, "apostrophe")


def find_marks(text: str) -> list[Mark]:
    """All quote marks in ``text`` with their roles, in order.

    Marks inside markup tags (``<tweet author="...">``) are skipped; two straight
    apostrophes or two backticks in a row (``''old style''``) are one double mark.
    """
    tags = [(m.start(), m.end()) for m in _TAG.finditer(text)]
    marks: list[Mark] = []
    t = 0
    n = len(text)
    i = 0
    for found in _MARK.finditer(text):
        if found.start() < i:
            continue
        i = found.start()
        ch = text[i]
        while t < len(tags) and tags[t][1] <= i:
            t += 1
        if t < len(tags) and tags[t][0] <= i < tags[t][1]:
            i = tags[t][1]
            continue
        if ch in "'`" and i + 1 < n and text[i + 1] == ch:
            marks.append(classify(text, i, width=2))
            i += 2
            continue
        if ch != "`":
            marks.append(classify(text, i))
        i += 1
    return marks


def budget_end(text: str, max_marks: int) -> int:
    """Where an article's reading stops so that at most ``max_marks`` quote-mark characters
    are read: the start of the paragraph holding the next one (the whole text when it has
    no more than that)."""
    found = next(itertools.islice(_MARK.finditer(text), max_marks, None), None)
    if found is None:
        return len(text)
    para = text.rfind("\n", 0, found.start()) + 1
    return para if para > 0 else found.start()


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between line breaks, white space trimmed."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for brk in [*_PARA_BREAK.finditer(text), None]:
        stop = brk.start() if brk else len(text)
        chunk = text[pos:stop]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            bounds.append((pos + lead, pos + len(chunk.rstrip())))
        if brk:
            pos = brk.end()
    return bounds


@dataclass
class _Open:
    mark: Mark
    content_start: int
    segments: list[tuple[int, int]]


def pair_marks(text: str) -> list[RawQuote]:
    """Pair the quote marks of ``text`` into quotations, in document order.

    Only top-level quotations are returned: a single-quoted passage inside a double-quoted
    one is part of the outer quotation.
    """
    marks = find_marks(text)
    paras = paragraph_bounds(text)
    quotes: list[RawQuote] = []
    carried: _Open | None = None
    mi = 0
    for pi, (pstart, pend) in enumerate(paras):
        para_marks: list[Mark] = []
        while mi < len(marks) and marks[mi].pos < pend:
            if marks[mi].pos >= pstart:
                para_marks.append(marks[mi])
            mi += 1
        next_start = paras[pi + 1][0] if pi + 1 < len(paras) else None
        carried = _pair_paragraph(text, para_marks, pstart, pend, carried, next_start, quotes)
    doubles = sum(q.double for q in quotes)
    if doubles >= len(quotes) - doubles:
        # double marks are the article's style: single-marked top-level passages are
        # headline or scare quotes, or apostrophes that looked like marks
        quotes = [q for q in quotes if q.double]
    quotes.sort(key=lambda q: q.start)
    return quotes


def _opens_paragraph(text: str, pos: int | None, family: str) -> bool:
    """Whether the paragraph at ``pos`` opens with a double mark of the same family."""
    if pos is None or pos >= len(text):
        return False
    width = 2 if text[pos : pos + 2] in ("''", "``") else 1
    if text[pos] not in DOUBLE_MARKS and width == 1:
        return False
    mark = classify(text, pos, width)
    return mark.role in ("open", "either") and _family(mark) == family


def _family(mark: Mark) -> str:
    if mark.width == 2 or mark.char in '"″':
        return "straight"
    return "guillemet" if mark.char in "«»" else "curly"


def _pair_paragraph(
    text: str,
    marks: list[Mark],
    pstart: int,
    pend: int,
    carried: _Open | None,
    next_start: int | None,
    out: list[RawQuote],
) -> _Open | None:
    """Pair the marks of one paragraph; return a quote that continues into the next."""
    outer: _Open | None = carried
    if carried is not None and marks and marks[0].double and marks[0].pos == pstart:
        carried.content_start = marks[0].pos + marks[0].width  # the continuation's mark
        marks = marks[1:]
    nested: Mark | None = None  # a double quotation of another family inside the outer one
    inner: _Open | None = None  # a single quotation (nested or top level)
    for mark in marks:
        if mark.double:
            if outer is None:
                if mark.role in ("open", "either"):
                    outer, inner = _Open(mark, mark.pos + mark.width, []), None
                continue
            same = _family(mark) == _family(outer.mark)
            if nested is not None and _family(mark) == _family(nested):
                nested = mark if mark.role == "open" else None  # keep a stray's latest
                continue
            if mark.role == "open" and not same:
                nested = mark
                continue
            if mark.role in ("close", "either"):
                _emit(text, outer, mark.pos, mark.pos, out)
                outer, inner, nested = None, None, None
            elif mark.role == "open":
                # a second opener: the first was a stray or lost its closing mark
                # (a quote carried from the paragraph before keeps its segments: "A. "B.)
                seg_text = text[outer.content_start : mark.pos].rstrip()
                if seg_text.endswith((".", "!", "?", "…")):
                    _emit(text, outer, mark.pos, None, out)
                elif outer.segments:
                    _emit(text, outer, outer.content_start, None, out)
                outer, inner = _Open(mark, mark.pos + mark.width, []), None
            continue
        if mark.role == "apostrophe":
            continue
        if inner is None:
            if mark.role == "open":
                inner = _Open(mark, mark.pos + 1, [])
            continue
        if mark.role in ("close", "either"):
            if outer is None:
                _emit(text, inner, mark.pos, mark.pos, out)
            inner = None
    if outer is None:
        return None
    if _opens_paragraph(text, next_start, _family(outer.mark)):
        outer.segments.append(_trim(text, outer.content_start, pend))
        return outer
    if outer.segments or _looks_like_lost_close(text, outer.mark.pos, pend):
        _emit(text, outer, pend, None, out)
    return None


def _looks_like_lost_close(text: str, open_pos: int, pend: int) -> bool:
    """An opening mark left open at a paragraph end: keep it when it opens a sentence."""
    i = open_pos
    while i > 0 and text[i - 1].isspace():
        i -= 1  # (the white space before this mark: each stretch is walked once)
    body = text[open_pos + 1 : pend].strip()
    if len(body.split()) < 3:
        return False
    return i == 0 or text[i - 1] in ":," or text[open_pos - 1] == "\n"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space, and a comma left before the closing mark, from a quoted span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def _emit(text: str, quote: _Open, end: int, close_mark: int | None, out: list[RawQuote]) -> None:
    seg = _trim(text, quote.content_start, end)
    segments = [s for s in (*quote.segments, seg) if s[1] > s[0]]
    if not segments:
        return
    out.append(RawQuote(tuple(segments), quote.mark.pos, close_mark, quote.mark.double))


def within_budget(text: str) -> tuple[str, list[RawQuote]]:
    """The part of ``text`` that is read (:data:`MAX_MARKS`, :data:`MAX_QUOTES`) and its
    paired quotations."""
    end = budget_end(text, MAX_MARKS)
    raws = pair_marks(text[:end])
    if len(raws) > MAX_QUOTES:
        end = raws[MAX_QUOTES].open_mark
        raws = raws[:MAX_QUOTES]
    if end < len(text):
        log.warning(
            "quotes: an article of %d characters holds more quotation marks than one "
            "article is read for; only its first %d characters are searched for quotes",
            len(text),
            end,
        )
    return text[:end], raws
