"""The orchestration of quote extraction: the passes of :mod:`briefgen.quotes` over one article.

:func:`extract_quotes` pairs the marks (:mod:`.marks`), joins split quotes, finds each
quotation's attribution (:mod:`.attribution`: its own sentence, then the neighbouring one,
then the sentence's subject), resolves speakers across the article (:mod:`.speakers`) and
scores the quotes (:mod:`.rank`). Sentence and paragraph geometry, with quoted words masked
so a cue inside a quotation is never taken for the writer's, lives in :class:`Context`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace

from briefgen.core.lexicon import (
    AFFILIATIONS,
    DEMONYMS,
    PLURAL_HEADS,
    PRONOUNS,
    TIME_WORDS,
)
from briefgen.document import Quote

from .attribution import after_quote, before_quote, clause_attribution, fallback_subject
from .choose import ArticleView, SpeakerModel, choose, load_model
from .context import WINDOW_QUOTES, Context, Found
from .intl import base_code, extract_other
from .keep import keep
from .marks import within_budget
from .phrases import Attribution
from .rank import classify_kind, pick_keys, with_scores
from .speakers import (
    Mention,
    NameBook,
    person_mentions,
    reader_name,
    role_without_honorific,
    speaker_kind,
    strip_possessive,
)
from .tokens import Window
from .topics import Resolver, sentence_topics

__all__ = ["extract_quotes", "find_quotes", "key_quotes"]

_SPLIT_GAP_WORDS = 45


def _end_of(ctx: Context, q: Found) -> int:
    """Offset just after a quote: after its closing mark, or its last segment's end when
    it was left open (a stray mark or a lost closing one)."""
    if q.close_mark is None:
        return q.segments[-1][1]
    return _mark_end(ctx.text, q.close_mark)


def _mark_end(text: str, pos: int) -> int:
    """Offset just after the quote mark at ``pos`` (two characters for '' or ``)."""
    return pos + 2 if text[pos : pos + 2] in ("''", "``") else pos + 1


def _merge_split(ctx: Context, found: list[Found]) -> list[Found]:
    """Join “First part,” she said, “second part.” into one quotation.

    Two double-marked quotes in one paragraph are joined when the text between them is an
    attribution (found by :func:`after_quote`) and nothing else: one clause, no sentence
    break inside it, no "that" (which would start reported speech), ending in a comma, full
    stop, colon or dash just before the second quote.
    """
    merged: list[Found] = []
    for q in found:
        prev = merged[-1] if merged else None
        if prev is not None and prev.close_mark is not None and _is_split(ctx, prev, q):
            gap_start = _mark_end(ctx.text, prev.close_mark)
            attr = after_quote(ctx.masked[gap_start : q.raw.open_mark], gap_start)
            same = prev.attribution is None or (
                attr is not None and prev.attribution.speaker == attr.speaker
            )
            gap = ctx.masked[gap_start : q.raw.open_mark]
            if attr is not None and _own_sentence_after(ctx, prev, attr, gap, gap_start):
                attr = None
            own = _own_attribution(ctx, q)
            if attr is not None and own is not None and own.speaker != attr.speaker:
                attr = None  # “A,” he said. “B,” said Lewis-Francis: two speakers
            if attr is not None and _introduces_next(ctx, prev, attr, gap):
                attr = None  # X said: “A.” Y said: “B.”: two speakers
            if attr is not None and same:
                prev.segments.extend(q.segments)
                prev.close_mark = q.close_mark
                # "An IAAF statement said: “A.” The statement continued: “B.”": the first
                # part's own attribution, before the quote, names the speaker best
                first = before_quote(*ctx.before(prev)) if prev.attribution is None else None
                prev.how = prev.how if prev.attribution else "split"
                prev.attribution = prev.attribution or first or attr
                prev.continued = True
                continue
        merged.append(q)
    return merged


def _introduces_next(ctx: Context, prev: Found, attr: Attribution, gap: str) -> bool:
    """Whether the words between two quotes (“A.” Tim Collins said: “B.”) introduce the
    second one for another speaker: they end in a colon after a quote that ended its
    sentence, and name someone other than the first quote's own speaker."""
    if not gap.rstrip().endswith(":") or prev.close_mark is None:
        return False
    inside = ctx.text[prev.segments[-1][0] : prev.close_mark].rstrip()
    if not inside.endswith((".", "!", "?", "…")) or attr.pronoun:
        return False
    if not attr.speaker[:1].isupper() or attr.speaker.split()[0].lower() in {"the", "a", "an"}:
        return False  # "The statement continued:": the same source going on
    first = before_quote(*ctx.before(prev))
    if first is None:
        return True  # X: “...” “A.” Y added: “B.”: A goes on X's words (news copy)
    return strip_possessive(first.speaker.split()[-1]) != strip_possessive(attr.speaker.split()[-1])


def _own_attribution(ctx: Context, q: Found) -> Attribution | None:
    """The attribution right after a quote's closing mark, if it has one."""
    if q.close_mark is None or not _closes_clause(ctx, q):
        return None
    after, apos = ctx.after(q)
    return after_quote(after, apos) or _trailing_attribution(ctx, q)


def _trailing_attribution(ctx: Context, q: Found) -> Attribution | None:
    """“... not there.” Phil Wills added. : after a quote that ends its sentence, a
    sentence of nothing but a speaker and a cue verb (eight words at most) is its
    attribution."""
    if q.close_mark is None:
        return None
    inside = ctx.text[q.segments[-1][0] : q.close_mark].rstrip()
    if not inside.endswith((".", "!", "?", "…")):
        return None
    pos = _mark_end(ctx.text, q.close_mark)
    sentence = ctx.masked[pos : min(ctx.sentence_end(pos), ctx.window_end(pos))]
    if not sentence.rstrip().endswith(".") or len(sentence.split()) > 8:
        return None
    found = after_quote(sentence, pos)
    return found if found is not None and found.cue is not None else None


def _is_split(ctx: Context, prev: Found, q: Found) -> bool:
    if not (prev.raw.double and q.raw.double) or prev.close_mark is None:
        return False
    if ctx.para_of(prev.close_mark) != ctx.para_of(q.raw.open_mark):
        return False
    gap_start = _mark_end(ctx.text, prev.close_mark)
    gap = ctx.masked[gap_start : q.raw.open_mark]
    words = [w.lower() for w in re.findall(r"[\w’']+", gap)]
    if not words or len(words) > _SPLIT_GAP_WORDS or "that" in words:
        return False
    if not gap.rstrip().endswith((",", ".", ":", "—", "–")):
        return False
    inner_end = gap_start + len(gap.rstrip()) - 1
    k = bisect.bisect_right(ctx.ends, gap_start)
    return not (k < len(ctx.ends) and ctx.ends[k] < inner_end)


def _closes_clause(ctx: Context, q: Found) -> bool:
    """Whether the quote ends its clause (“...,” he said) rather than running on inside the
    writer's sentence (“the gold standard” of trade deals)."""
    if q.close_mark is None:
        return True
    inside = ctx.text[q.segments[-1][0] : q.close_mark].rstrip()
    end = _mark_end(ctx.text, q.close_mark)
    after = ctx.text[end : end + 2].lstrip(" ")
    return inside.endswith((",", ".", "!", "?", "…", "—", "–", "-", ":", ";")) or after.startswith(
        (",", "—", "–", "―", "-", ":", "(")
    )


_LABEL = re.compile(r"([A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,2}):\s")


def _attribution_in_sentence(ctx: Context, q: Found) -> Attribution | None:
    start = q.segments[0][0]
    label = _LABEL.match(ctx.text, start, q.segments[0][1])
    if label:  # a transcript: "PENCE: Well, look, ..."
        q.how = "label"
        return Attribution(label.group(1), None, start, np_start=start)
    found = None
    if _closes_clause(ctx, q):
        after, apos = ctx.after(q)
        found = after_quote(after, apos)
        if found is not None and _own_sentence_after(ctx, q, found, after, apos):
            found = None
        if found and not found.pronoun:
            q.how = "after"
            return found
        trailing = _trailing_attribution(ctx, q) if found is None else None
        if trailing is not None:
            q.how = "trailing"
            return trailing
    before, bpos = ctx.before(q)
    named = before_quote(before, bpos)
    if named and (found is None or (not named.pronoun and named.cue)):
        q.how = "before"
        return named  # "X said that “...,” but he added" -> X
    if found:
        q.how = "after"
        return found
    # "A cashier who “steals” is held accountable, Warren said."
    after, apos = ctx.after(q)
    comma = after.rfind(",")
    q.how = "after_comma"
    if comma >= 0 and len(after[comma:].split()) <= 10:
        return after_quote(after[comma:], apos + comma)
    return None


_ADJUNCT_STARTS = frozenset(
    "in at on during after before to from as while when with via outside inside later".split()
)


def _own_sentence_after(ctx: Context, q: Found, found: Attribution, after: str, apos: int) -> bool:
    """ "... fantastic.” Campbell agreed receiving the honour capped off a difficult year":
    after a quote that ends its sentence, a subject and verb with a clause of their own
    (more than four words after the verb, no comma) start the next sentence; they are not
    the quote's attribution (“... fantastic.” Campbell said on Friday. is)."""
    if q.close_mark is None or found.cue is None:
        return False
    inside = ctx.text[q.segments[-1][0] : q.close_mark].rstrip()
    if not inside.endswith((".", "!", "?", "…")):
        return False
    if found.pronoun and found.speaker.islower():
        return False  # “...?” he asked in a webcast ...: the sentence goes on
    w = Window.of(after, apos)
    cue_at = next(
        (k for k, t in enumerate(w.tokens) if t.start > found.pos and t.text == found.cue), None
    )
    if cue_at is None:
        return False  # inverted order: said Campbell
    rest = w.tokens[cue_at + 1 :]
    if rest and (rest[0].lower in _ADJUNCT_STARTS or rest[0].lower in TIME_WORDS):
        return False  # “...” Smith said in a webcast on Friday ...: where and when
    words = 0
    for tok in rest:
        if not tok.is_word:
            break
        words += 1
    return words > 4


def _subject_of_woven_quote(ctx: Context, q: Found) -> Attribution | None:
    """The sentence's subject, for a quote woven into a sentence without a cue verb."""
    before, bpos = ctx.before(q)
    if not before.strip(" \"“”'‘’«»—–-"):
        return None
    found = fallback_subject(before, bpos)
    if found is not None and not found.pronoun and not _name_shaped(ctx, found.speaker):
        return None
    return found


def _previous_sentence(ctx: Context, q: Found) -> tuple[str, int] | None:
    """The sentence before a quote that opens its own sentence (in its paragraph, or the
    last one of the paragraph before), quoted words masked; None when the quote is woven
    into a sentence."""
    before, bpos = ctx.before(q)
    if before.strip(" \"“”'‘’«»—–-"):
        return None
    prev_end = bpos
    pstart = ctx.para_of(q.raw.open_mark)[0]
    if bpos <= pstart:
        prev = ctx.prev_para(q.raw.open_mark)
        if prev is None:
            return None
        prev_end = prev[1]
    sstart = max(ctx.sentence_start(max(0, prev_end - 1)), ctx.window_start(prev_end))
    return ctx.masked[sstart:prev_end].rstrip(), sstart


def _following_quote(ctx: Context, found: list[Found], k: int) -> Attribution | None:
    """ "A. "B," said X.: a quote that runs straight into the next one (nothing but space
    between them, as when paragraph breaks are lost) has the next one's speaker."""
    q = found[k]
    stop = min(len(found), k + 1 + WINDOW_QUOTES)
    while k + 1 < stop:
        nxt = found[k + 1]
        between = ctx.text[_end_of(ctx, q) : nxt.raw.open_mark]
        if between.strip() or not nxt.raw.double:
            return None
        if nxt.attribution is not None:
            return nxt.attribution
        q, k = nxt, k + 1
    return None


def _previous_subject(ctx: Context, q: Found) -> Attribution | None:
    """A quote standing as its own sentence, with no cue anywhere near, after a sentence
    about a named person: "Greene believes he lost the race. “In my semi-final ...”" is
    Greene's (the news convention of a quote that follows its speaker's paragraph)."""
    prev = _previous_sentence(ctx, q)
    text = ctx.text[q.segments[0][0] : q.segments[0][0] + 1]
    if prev is None or not text.isupper() or prev[0].endswith("?"):
        return None
    found = fallback_subject(*prev)
    if found is not None and found.pronoun and found.speaker.lower() in ("he", "she"):
        return found  # "He plans to ... “In China they spend ...”"
    if found is None or found.pronoun or speaker_kind(found.speaker) != "person":
        return None
    if not found.speaker[:1].isupper() or not _name_shaped(ctx, found.speaker):
        return None
    return found


def _name_shaped(ctx: Context, speaker: str) -> bool:
    """Whether a speaker found at a sentence start looks like a name: two or more
    capitalised words, or one that the article also writes with a capital inside a
    sentence ("Stronger", "Also", "Libertarian" at a sentence start are not names)."""
    words = speaker.split()
    if len(words) >= 2:
        return True
    word = strip_possessive(words[0]) if words else ""
    if not word or word.lower() in AFFILIATIONS or word.lower() in DEMONYMS:
        return False
    if word.lower() in PLURAL_HEADS:
        return True  # "Protesters marching ... chanted “...”"
    if word not in ctx.shaped:
        inside = re.compile(rf"[\w,;] {re.escape(word)}\b")
        ctx.shaped[word] = inside.search(ctx.text) is not None
    return ctx.shaped[word]


def _attribution_from_neighbour(
    ctx: Context, q: Found, done: list[Found], following: Attribution | None = None
) -> Attribution | None:
    """Attribution from a neighbouring sentence, for a quote whose sentence has none:
    a colon-ended sentence before it, the quote before it (nothing but quotation between),
    the quote it runs into (``following``), a cue in the sentence before it."""
    prev = _previous_sentence(ctx, q)
    if prev is None:
        return None
    prev_sentence, sstart = prev
    if prev_sentence.endswith(":"):
        found = before_quote(prev_sentence, sstart) or fallback_subject(prev_sentence, sstart)
        if found:
            q.how = "colon"
            return found
    # the same speaker going on: the last quote before this one, in this paragraph or the
    # one before it, when nothing but quotation lies between
    last = next(
        (
            d
            for d in itertools.islice(reversed(done), WINDOW_QUOTES)
            if _end_of(ctx, d) <= q.raw.open_mark
        ),
        None,
    )
    if last is not None and last.attribution is not None:
        between = ctx.masked[_end_of(ctx, last) : q.raw.open_mark]
        if _only_attribution_or_nothing(between):
            q.how = "prev_quote"
            return last.attribution
    if following is not None:
        q.how = "following"
        return following
    found = clause_attribution(prev_sentence, sstart)
    if found and not prev_sentence.endswith("?"):
        q.how = "prev_clause"
        return found
    return None


def _only_attribution_or_nothing(between: str) -> bool:
    stripped = between.strip(" \n\"“”'‘’,.:;—–-")
    if not stripped:
        return True
    return len(stripped.split()) <= 12 and after_quote(between, 0) is not None


def _subject_for_pronoun(a: Attribution, subject: Attribution | None, book: NameBook) -> str | None:
    """The subject that opens the pronoun's own sentence, when it fits the pronoun:
    "The council ... pledged sanctions against what it called “...”" -> the council."""
    if subject is None or subject.pronoun or subject.first >= a.pos:
        return None
    want = PRONOUNS.get(a.speaker.lower())
    kind = speaker_kind(subject.speaker)
    name = book.normalise(subject.speaker)
    if want in ("m", "f") and kind == "person" and book.gender_of(name) in (None, want):
        return name
    if (want == "n" and kind == "org") or (want == "p" and kind in ("org", "group")):
        return name
    return None


_AGE_OR_WHO = re.compile(r",\s+(?:\d{1,3},|who\b)")


def _sentence_bounds(ctx: Context) -> list[int]:
    starts = [p[0] for p in ctx.paras]
    return sorted({*ctx.ends, *starts, *(p[1] for p in ctx.paras)})


def _reported_speakers(ctx: Context) -> list[Attribution]:
    """Named subjects of cue verbs in every sentence, quoted or not ("Dr Okoye-Stewart
    said it would open ...") and names followed by an age or "who" ("Kezia Harrowgate,
    19,"): people a later "he" or "she" may refer to."""
    found: list[Attribution] = []
    for a, b in itertools.pairwise(_sentence_bounds(ctx)):
        sentence = ctx.masked[a:b]
        if not sentence.strip():
            continue
        attr = clause_attribution(sentence, a)
        if (
            attr is not None
            and not attr.pronoun
            and attr.speaker[:1].isupper()
            and attr.speaker.split()[0].lower() not in {"the", "a", "an", "its", "their"}
        ):
            found.append(attr)
    for pos, words in ctx.book.runs:
        end = pos + len(" ".join(words))
        if len(words) <= 4 and _AGE_OR_WHO.match(ctx.text, end):
            found.append(Attribution(" ".join(words), None, pos))
    return found


def _assign_speakers(ctx: Context, quotes: list[Found], book: NameBook) -> ArticleView:
    """The finished quotes by the rules: each quotation's speaker as a full name (short
    mentions normalised, pronouns resolved against the article's people and organisations),
    with its cue, role and kind; with what the speaker model draws its candidates from."""
    text = ctx.text
    named = [q.attribution for q in quotes if q.attribution and not q.attribution.pronoun]
    named += _reported_speakers(ctx)
    surnames = {strip_possessive(a.speaker.split()[-1]) for a in named if a.speaker.split()}
    spans = sorted(seg for q in quotes for seg in q.segments)
    mentions: list[Mention] = [
        m  # a name inside a quotation is not one a later "he" can mean
        for m in person_mentions(text, book, surnames)
        if not _inside_span(spans, m.pos)
    ]
    for named_attr in named:
        full = book.normalise(named_attr.speaker)
        mention_kind = speaker_kind(named_attr.speaker, book)
        mentions.append(Mention(named_attr.pos, full, mention_kind, book.gender_of(full)))
    mentions.sort(key=lambda m: m.pos)
    topics = sentence_topics(
        ctx.masked, _sentence_bounds(ctx), [(q.raw.open_mark, q.attribution) for q in quotes]
    )
    resolver = Resolver(book, topics, mentions, ctx.masked)
    out: list[Quote] = []
    for q in quotes:
        quote_text = _join_segments(text, q.segments)
        start, end = q.segments[0][0], q.segments[-1][1]
        attr = q.attribution
        speaker: str | None = None
        cue: str | None = None
        role: str | None = None
        resolved_from: str | None = None
        if attr is not None:
            cue = attr.cue
            own = _subject_for_pronoun(attr, q.subject, book) if attr.pronoun else None
            speaker, role, resolved_from = resolver.speaker(attr, own)
            tidy = reader_name(speaker)
            if tidy != speaker:  # "And Yelling" -> "Yelling" -> "Hayley Yelling"
                speaker = book.normalise(tidy) if tidy else None
                role = role if tidy else None
            role = role_without_honorific(role)
        kind = classify_kind(quote_text, q.before, q.continued)
        out.append(
            Quote(
                text=quote_text,
                speaker=speaker,
                cue=cue,
                start=start,
                end=end,
                kind=kind,
                speaker_role=role,
                resolved_from=resolved_from,
            )
        )
    return ArticleView(text, ctx.paras, out, quotes, mentions, topics, book)


def _inside_span(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``spans`` (sorted, not overlapping)."""
    k = bisect.bisect_right(spans, (pos, 1 << 60)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _join_segments(text: str, segments: list[tuple[int, int]]) -> str:
    """The words of a split quote without the attribution between its parts.

    ``“We will rebuild,” she said. “Tonight we begin.”`` reads ``We will rebuild. Tonight we
    begin.``: the comma that closed the first part becomes a full stop when the attribution
    between the parts ended its sentence; otherwise the parts run on with the comma.
    """
    parts: list[str] = []
    for k, (s, e) in enumerate(segments):
        part = text[s:e]
        if k < len(segments) - 1:
            between = text[e : segments[k + 1][0]]
            if text[e : e + 1] == ",":
                part += ","
            if part.endswith(",") and between.rstrip(" \n“”\"‘’'`«»").endswith("."):
                part = part[:-1] + "."
        parts.append(part)
    return " ".join(parts)


def rules_view(text: str) -> ArticleView | None:
    """The quotations of ``text`` with the rules' speakers, and the candidates' sources
    (:class:`.choose.ArticleView`); None when it has no quotation. For training and
    measuring the speaker model; :func:`extract_quotes` is the entry point."""
    text, raws = within_budget(text)
    if not raws:
        return None
    ctx = Context(text, raws)
    found = [Found(r, list(r.segments), r.close_mark) for r in raws]
    found = _merge_split(ctx, found)
    for q in found:
        q.before, bpos = ctx.before(q)
        q.subject = fallback_subject(q.before, bpos) if q.before.strip() else None
        if q.attribution is None:
            q.attribution = _attribution_in_sentence(ctx, q)
    done: list[Found] = []
    for k, q in enumerate(found):
        if q.attribution is None:
            q.attribution = _attribution_from_neighbour(
                ctx, q, done, _following_quote(ctx, found, k)
            )
        if q.attribution is None:
            q.how = "woven"
            q.attribution = _subject_of_woven_quote(ctx, q)
        if q.attribution is None:
            q.how = "prev_subject"
            q.attribution = _previous_subject(ctx, q)
        done.append(q)
    book = NameBook(text)
    ctx.book = book
    return _assign_speakers(ctx, found, book)


def extract_quotes(text: str, model: SpeakerModel | None = None, language: str = "") -> list[Quote]:
    """All quotations in ``text``, in document order, with speakers, cues and kinds.

    ``start``/``end`` are offsets of the quoted words (marks excluded); for a split or
    multi-paragraph quotation they run from the first segment's start to the last
    segment's end and ``text`` holds the segments joined by a space. ``key`` is False and
    ``score`` is the key-quote score (0 for fragments); use :func:`find_quotes` to mark
    key quotes. See the module docstring for the method and its limits.

    The speaker is the one the shipped model (:mod:`.choose`) picks among the rules'
    candidates; ``model`` overrides it (:data:`.choose.RULES` keeps the rules' choice).

    ``language`` is the article's (``Article.language``, ISO 639-1): English or ``""``
    (unknown) take the English rules; French, German, Spanish, Italian, Portuguese, Chinese
    and Arabic their own (:mod:`.intl`); any other language gives no quotations
    (:func:`.intl.has_quote_rules`).
    """
    if base_code(language) not in ("", "en"):
        return extract_other(text, language)
    view = rules_view(text)
    if view is None:
        return []
    model = model or load_model()
    return with_scores(keep(model.quotes, view, choose(model, view)))


def key_quotes(quotes: list[Quote], n: int) -> list[Quote]:
    """Up to ``n`` key quotes, in document order.

    Only full quotes are candidates. Each is scored (attributed to a named speaker beats a
    resolved pronoun beats none; 12-45 words beats shorter or longer; a complete sentence
    scores higher; questions lower); the best are taken one speaker at a time, skipping
    near-duplicates (60% shared words), and a speaker is repeated only when there are not
    enough distinct ones. Scores already on the quotes are used as they are.
    """
    if n <= 0:
        return []
    scored = [q if q.score else replace(q, score=0.0) for q in quotes]
    if all(q.score == 0.0 for q in scored):
        scored = with_scores(scored)
    return [scored[i] for i in pick_keys(scored, n)]


def find_quotes(text: str, n: int = 3, language: str = "") -> list[Quote]:
    """:func:`extract_quotes` with the ``n`` key quotes flagged ``key=True``; ``language``
    as there."""
    quotes = extract_quotes(text, language=language)
    keys = set(pick_keys(quotes, n)) if n > 0 else set()
    return [replace(q, key=True) if i in keys else q for i, q in enumerate(quotes)]
