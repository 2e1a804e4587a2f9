"""The passes of the non-English rules over one article (see :mod:`briefgen.quotes.intl`).

1. Quotations: the marks paired as for English (:mod:`briefgen.quotes.marks`: « », „ “,
   » «, “ ”, ‹ ›), and paragraphs of dialogue that open with a dash ("— Nous ne céderons
   pas, a déclaré la ministre." / "—No cederemos —dijo el ministro—."), which count only
   when a verb of speech attributes them.
2. Two parts of one quotation around its attribution (« A », a-t-il dit, « B ») are joined.
3. Attribution (:mod:`.attribution`): after the quotation, then before it in its sentence,
   then the neighbouring sentence (a sentence ending in a colon; the quotation before it
   when nothing but quotation lies between).
4. Speakers (:mod:`.resolve`) and kinds; a quotation of a few words with no attribution
   (a scare quote, a title) is left out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from briefgen.document import Quote, QuoteKind

from ..marks import MAX_QUOTES, paragraph_bounds, within_budget
from ..rank import with_scores
from .attribution import Attr, after_quote, before_quote, sentence_subject
from .lexicon import LanguageRules
from .phrases import Tokens, tokenize
from .resolve import build_book, speaker_of

_DASHES = "—–―"
_SENTENCE_END = re.compile(r"[.!?…](?=[\s»”“\"’)]*(?:\s|$))")
_INCISO = re.compile(r"\s[—–―]\s?(?=\S)")
_WORD = re.compile(r"\w+")
_WINDOW = 300
_SPACED_OPEN = re.compile(r"(?<=[«‹])[ \u00a0\u202f]+")
_SPACED_CLOSE = re.compile(r"[ \u00a0\u202f]+(?=[»›])")
_JOINER = "\u2060"
Paras = list[tuple[int, int]]


def _quotations(
    text: str, spaced: bool
) -> tuple[str, list[tuple[list[tuple[int, int]], int, int]]]:
    """The text as read and its marked quotations: (segments, opening mark, end of the
    closing mark). French « spaced » guillemets are paired as if they were « tight »."""
    tight = text
    if spaced:
        tight = _SPACED_CLOSE.sub(lambda m: _JOINER * len(m.group()), tight)
        tight = _SPACED_OPEN.sub(lambda m: _JOINER * len(m.group()), tight)
    tight, raws = within_budget(tight)
    text = text[: len(tight)]
    out = []
    for r in raws:
        segments = [_strip(text, s, e) for s, e in r.segments]
        end = r.end if r.close_mark is None else r.close_mark + 1
        out.append(([s for s in segments if s[1] > s[0]] or list(r.segments), r.open_mark, end))
    return text, out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return s, e


@dataclass
class _Q:
    segments: list[tuple[int, int]]
    open_mark: int  # where the quotation starts (its mark or dash)
    close_end: int  # just after its closing mark (or its last segment)
    attr: Attr | None = None
    dash: bool = False
    before: str = ""
    joined: bool = False
    how: str = ""
    extra: list[int] = field(default_factory=list)


def _masked(text: str, quotes: list[_Q]) -> str:
    chars = list(text)
    for q in quotes:
        for s, e in q.segments:
            chars[s:e] = " " * (e - s)
    return "".join(chars)


_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[A-ZÀ-Ý]|M|Mme|Dr|Sr|Sra|Dra|Prof|Sig|Dott|St|Nr|Abs|bzw|ca|etc)$"
)


def _ends(masked: str, start: int, stop: int) -> list[int]:
    """Where sentences end between ``start`` and ``stop`` (not after "M." or "Dr.")."""
    return [
        m.end()
        for m in _SENTENCE_END.finditer(masked, start, stop)
        if not (
            masked[m.start()] == "."
            and _ABBREVIATION.search(masked, max(0, m.start() - 6), m.start())
        )
    ]


def _sentence_start(masked: str, pos: int, floor: int) -> int:
    ends = _ends(masked, floor, pos)
    return ends[-1] if ends else floor


def _sentence_end(masked: str, pos: int, ceiling: int) -> int:
    ends = _ends(masked, pos, ceiling)
    return ends[0] if ends else ceiling


def _para(paras: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The paragraph holding ``pos`` (``(pos, pos)`` between paragraphs)."""
    k = bisect.bisect_right(paras, (pos, 1 << 62)) - 1
    if k >= 0 and paras[k][0] <= pos <= paras[k][1]:
        return paras[k]
    return (pos, pos)


def _dash_quotes(
    text: str, paras: list[tuple[int, int]], taken: list[int], rules: LanguageRules
) -> list[_Q]:
    """Paragraphs of dialogue that open with a dash and carry a verb of speech (up to the
    budget of quotations an article is read for, :data:`~briefgen.quotes.marks.MAX_QUOTES`)."""
    out: list[_Q] = []
    for pstart, pend in paras:
        if len(out) + len(taken) >= MAX_QUOTES:
            break
        k = bisect.bisect_left(taken, pstart)
        if text[pstart] not in _DASHES or (k < len(taken) and taken[k] < pend):
            continue
        body = pstart + 1
        while body < pend and text[body].isspace():
            body += 1
        found = _dash_attribution(text, body, pend, rules)
        if found is None:
            continue
        attr, cut, resume = found
        segments = [(body, _trim_end(text, body, cut))]
        while resume < pend and (text[resume] in _DASHES + ".,; " or text[resume].isspace()):
            resume += 1
        if resume < pend:
            segments.append((resume, _trim_end(text, resume, pend)))
        q = _Q([s for s in segments if s[1] > s[0]], pstart, pend, attr, dash=True, how="dash")
        out.append(q)
    return out


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;" + _DASHES):
        end -= 1
    return end


def _dash_attribution(
    text: str, body: int, pend: int, rules: LanguageRules
) -> tuple[Attr, int, int] | None:
    """The attribution inside a dialogue paragraph: between dashes (Spanish "—dijo el
    ministro—") or after a comma at a sentence's end (French ", a déclaré la ministre.");
    with where the quoted words stop and resume."""
    for m in _INCISO.finditer(text, body, pend):
        close = re.compile(rf"[{_DASHES}]|[.!?]").search(text, m.end(), pend)
        stop = close.start() if close else pend
        attr = after_quote(tokenize(text[m.start() : stop], m.start(), rules), rules)
        if attr is not None and attr.cue is not None:
            return attr, m.start(), stop + 1 if close else pend
    for m in re.finditer(",", text[body:pend]):
        at = body + m.start()
        stop = _sentence_end(text, at, pend)
        if len(_WORD.findall(text[at:stop])) > 12:
            continue
        attr = after_quote(tokenize(text[at:stop], at, rules), rules)
        if attr is not None and attr.cue is not None:
            return attr, at, stop
    return None


def _merge(
    masked: str, tw: Tokens, quotes: list[_Q], paras: Paras, rules: LanguageRules
) -> list[_Q]:
    """Join « A », a-t-il dit, « B » (one paragraph, only an attribution between)."""
    out: list[_Q] = []
    for q in quotes:
        prev = out[-1] if out else None
        if prev is not None and _splits(masked, prev, q, paras):
            attr = after_quote(tw.between(prev.close_end, q.open_mark), rules)
            if attr is not None and attr.cue is not None:
                prev.segments.extend(q.segments)
                prev.close_end = q.close_end
                prev.attr = prev.attr or attr
                prev.joined = True
                continue
        out.append(q)
    return out


def _splits(masked: str, prev: _Q, q: _Q, paras: Paras) -> bool:
    """Whether two marked quotations in one paragraph have only a short clause between."""
    if prev.dash or q.dash or _para(paras, prev.close_end) != _para(paras, q.open_mark):
        return False
    gap = masked[prev.close_end : q.open_mark].rstrip()
    if not 0 < len(_WORD.findall(gap)) <= 10 or not gap.endswith((",", ":", ".", "—")):
        return False
    return not _SENTENCE_END.search(gap.rstrip("."))


def _attribute(masked: str, tw: Tokens, q: _Q, paras: Paras, rules: LanguageRules) -> None:
    """The attribution after the quotation, else before it in its sentence."""
    pstart, pend = _para(paras, q.open_mark)
    end = _sentence_end(masked, q.close_end, min(pend, q.close_end + _WINDOW))
    q.attr = q.attr or after_quote(tw.between(q.close_end, end), rules)
    if q.attr is not None:
        q.how = q.how or "after"
        return
    start = _sentence_start(masked, q.open_mark, max(pstart, q.open_mark - _WINDOW))
    q.before = masked[start : q.open_mark]
    toks = tw.between(start, q.open_mark)
    q.attr = before_quote(toks, rules)
    if q.attr is None and q.before.rstrip().endswith(":"):
        q.attr = sentence_subject(toks, rules)  # "Hoeneß haderte mit dem Schiedsrichter:"
    if q.attr is not None:
        q.how = "before"


def _neighbour(
    masked: str, tw: Tokens, q: _Q, prev: _Q | None, paras: Paras, rules: LanguageRules
) -> None:
    """A quotation that opens its sentence: a colon-ended sentence before it, or the
    quotation before it when nothing but quotation lies between."""
    if q.before.strip(' «»„“”"') or q.dash:
        return
    pstart = _para(paras, q.open_mark)[0]
    lead = max(pstart, q.open_mark - _WINDOW)
    floor = pstart if masked[lead : q.open_mark].strip() else _para(paras, max(0, pstart - 2))[0]
    window = max(0, q.open_mark - _WINDOW)
    stop = window + len(masked[window : q.open_mark].rstrip())
    sstart = _sentence_start(masked, stop - 1, max(floor, stop - _WINDOW))
    if masked[sstart:stop].rstrip().endswith(":"):
        toks = tw.between(sstart, stop)
        q.attr = before_quote(toks, rules) or sentence_subject(toks, rules)
        q.how = "colon"
        return
    between = masked[prev.close_end : q.open_mark] if prev is not None else "x"
    if prev is not None and prev.attr is not None and not between.strip(' \n«»„“”".,'):
        q.attr, q.how = prev.attr, "prev_quote"


def _kind(text: str, q: _Q) -> QuoteKind:
    words = _WORD.findall(" ".join(text[s:e] for s, e in q.segments))
    first = text[q.segments[0][0] : q.segments[0][0] + 1]
    if len(words) < 3:
        return "fragment"
    lead = q.before.rstrip()
    if q.dash or q.joined or first.isupper() or first.isdigit() or lead.endswith(":"):
        return "full"
    return "full" if len(words) >= 8 and not lead.strip() else "fragment"


def extract(text: str, rules: LanguageRules) -> list[Quote]:
    """All quotations in ``text`` (written in ``rules``' language) with speakers, cues,
    roles and kinds, scored for key quotes; a fragment with no attribution is left out."""
    text, marked = _quotations(text, rules.spaced_guillemets)
    paras = paragraph_bounds(text)
    quotes = [_Q(segments, open_mark, end) for segments, open_mark, end in marked]
    quotes += _dash_quotes(text, paras, [q.open_mark for q in quotes], rules)
    if not quotes:
        return []
    quotes.sort(key=lambda q: q.open_mark)
    if len(quotes) >= MAX_QUOTES:  # read no further than the last quotation's paragraph
        text = text[: _para(paras, quotes[-1].close_end)[1]]
        paras = [p for p in paras if p[1] <= len(text)]
    masked = _masked(text, quotes)
    tw = Tokens(masked, rules)
    quotes = _merge(masked, tw, quotes, paras, rules)
    prev: _Q | None = None
    for q in quotes:
        _attribute(masked, tw, q, paras, rules)
        if q.attr is None:
            _neighbour(masked, tw, q, prev, paras, rules)
        prev = q
    book = build_book(tw.all, [q.attr for q in quotes], rules)
    out: list[Quote] = []
    for q in quotes:
        kind = _kind(text, q)
        if q.attr is None and kind == "fragment":
            continue  # a scare quote or a title
        speaker, role, resolved = speaker_of(q.attr, q.open_mark, book)
        words = _joined(text, q.segments)
        cue = q.attr.cue if q.attr is not None else None
        start, end = q.segments[0][0], q.segments[-1][1]
        out.append(
            Quote(words, speaker, cue, start, end, kind, speaker_role=role, resolved_from=resolved)
        )
    return with_scores(out)


def _joined(text: str, segments: list[tuple[int, int]]) -> str:
    """The words of a quotation's parts, with the full stop or comma that ended the words
    between them ("—No cederemos —dijo el ministro—. Es ..." -> "No cederemos. Es ...")."""
    parts: list[str] = []
    for k, (s, e) in enumerate(segments):
        part = text[s:e]
        if k + 1 < len(segments) and part[-1:].isalnum():
            between = text[e : segments[k + 1][0]].rstrip(' \n«»„“”"‹›')
            if between.endswith((".", ",")):
                part += between[-1]
        parts.append(part)
    return " ".join(parts)
