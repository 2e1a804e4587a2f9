"""Quotations in Chinese, whose words are written without spaces between them.

1. Quotations: “ ” 「 」 『 』 and straight marks, paired by shape (:mod:`.pairs`).
2. Attribution: the clause right after the quotation when it ends with a verb of speech
   ("“...”，他说。", "“...”农业农村局局长孙国平周三在新闻发布会上说。"), else the clause
   right before it that does ("市长王建国周一表示：“...”", "据冯小军介绍，“...”",
   "刘海涛告诉记者：“...”", "罗晓宁补充道"), else a pronoun before a colon ("她的建议很简单：
   “...”"), else the next paragraph when it only says who spoke ("……王建国这样说。"). The
   speaker is the text before the verb, from the start of its clause: words that open a
   clause ("据", "不过", a time word) are dropped from its front, and it ends at the first
   time word, preposition or adverb ("周一", "在", "对", "还"); "住在大埔的陈先生" is read
   from after its "的".
3. A speaker's phrase is a role and a name: the name is what follows the last role word
   ("南岭大学教授黄志远" -> 黄志远, role 南岭大学教授); a phrase that is only a role
   ("该局局长") or that refers back ("这位老人") goes to the person named with that role, or
   named last; "他" and "她" go to the person named last before the quotation.
4. "“A，”赵立新说，“B。”" is one quotation, and so is one that runs over paragraphs
   (:mod:`.pairs`); a quotation with no attribution that follows an
   attributed one with only punctuation between (the next paragraph of a long quotation)
   has its speaker; a short phrase in marks with no attribution (a term, a title) is left
   out.

Limits: a name is cut out of a run of characters by role words, time words, prepositions
and verbs, and one longer than four characters is cut to three; outside attributions only
a run after a role word that starts with a common family name (or holds "·", a foreign
name) is taken for a name. Nothing tells 他 from 她 but the order.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from briefgen.document import Quote, QuoteKind

from ..rank import with_scores
from .lexicon import HanRules
from .pairs import MASK, Marked, Sentences, masked, only_punctuation, quotations

MAX_PHRASE = 60
"""Characters before a verb read for its speaker (a role and a name take twenty or so)."""
MAX_NAMES = 500
"""People an article's book holds at most (news articles name a few dozen)."""
_CLAUSE = re.compile(r"[，,；;：:。！？!?\n]")
_LEAD = " \u3000，,：:、"
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff·•・]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WRITTEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_SO = ("这样", "這樣", "如是", "如此", "这么", "這麼")
_STOPS = ("。", "！", "？", "!", "?")


@dataclass(frozen=True)
class Said:
    """An attribution: the speaker's phrase as written, its verb and where it starts."""

    phrase: str
    cue: str
    pos: int


@dataclass
class _Q:
    marked: Marked
    said: Said | None = None
    how: str = ""


@dataclass
class Book:
    """The people an article names: (offset, name) mentions and (offset, role, name)."""

    names: set[str] = field(default_factory=set)
    mentions: list[tuple[int, str]] = field(default_factory=list)
    roles: list[tuple[int, str, str]] = field(default_factory=list)

    def last(self, pos: int) -> str | None:
        """The person named last before ``pos`` (``mentions`` sorted)."""
        k = bisect.bisect_left(self.mentions, (pos, ""))
        return self.mentions[k - 1][1] if k > 0 else None

    def by_role(self, role: str, pos: int, rules: HanRules) -> str | None:
        """The person named nearest ``pos`` with the role word ``role`` ends with (among
        the 60 roles either side of it; ``roles`` sorted)."""
        head = _last_title(role, rules)[1]
        k = bisect.bisect_left(self.roles, (pos, "", ""))
        near = self.roles[max(0, k - 60) : k + 60]
        found = [(p <= pos, -abs(p - pos), name) for p, r, name in near if r.endswith(head)]
        return max(found)[2] if head and found else None


def verb_at_end(clause: str, rules: HanRules) -> tuple[int, str] | None:
    """Where the verb of speech that ends ``clause`` starts (someone told may follow it:
    "告诉记者"), and the verb; None when the clause does not end with one."""
    for obj in ("", *rules.objects):
        if obj and not clause.endswith(obj):
            continue
        body = clause[: len(clause) - len(obj)]
        if body.endswith("道") and not body.endswith(rules.verbs):
            body = body[:-1]  # "补充道", "笑道"
        for verb in rules.verbs:
            if body.endswith(verb) and len(body) > len(verb):
                return len(body) - len(verb), verb
    return None


def _after(text: str, start: int, end: int, rules: HanRules) -> Said | None:
    """The attribution in the clause after a quotation: "，他说。"."""
    window = text[start:end]
    lead = len(window) - len(window.lstrip(_LEAD))
    clause = _CLAUSE.split(window[lead:], maxsplit=1)[0].rstrip()
    follows = window[lead + len(clause) :].lstrip()[:1]
    if follows in ("：", ":"):
        return None  # "她还说：" leads into the next quotation
    found = verb_at_end(clause, rules)
    if found is None:
        return None
    return _said(clause[: found[0]], found[1], start + lead, rules)


def _next_paragraph(
    text: str, close_end: int, sentences: Sentences, rules: HanRules
) -> Said | None:
    """The paragraph after a quotation that ends its own, when it only says who spoke it:
    "青湾市市长王建国在人代会上这样说。"."""
    k = close_end
    while k < len(text) and text[k].isspace():
        k += 1
    if k == close_end or "\n" not in text[close_end:k]:
        return None
    clause = text[k : sentences.end_after(k)].rstrip()
    found = verb_at_end(clause, rules)
    if found is None or not clause[: found[0]].endswith(_SO):
        return None
    subject = clause[: found[0]]
    return _said(subject[: -len(next(w for w in _SO if subject.endswith(w)))], found[1], k, rules)


def _before(text: str, start: int, end: int, rules: HanRules) -> Said | None:
    """The attribution in the clause before a quotation: "王建国周一表示："."""
    colon = text[start:end].rstrip().endswith(("：", ":"))
    window = text[start:end].rstrip(_LEAD + "\n")
    cut = max((m.end() for m in _CLAUSE.finditer(window)), default=0)
    found = verb_at_end(window[cut:], rules)
    if found is None:
        pronoun = window[cut : cut + 2].lstrip()[:1]
        if colon and pronoun in rules.pronouns:  # "她的建议很简单：“……”"
            return Said(pronoun, "：", start + cut)
        return None
    return _said(window[cut : cut + found[0]], found[1], start + cut, rules)


def _said(subject: str, cue: str, pos: int, rules: HanRules) -> Said | None:
    """The speaker's phrase in the words before a verb (``pos``: where they start; only
    the last :data:`MAX_PHRASE` characters are read)."""
    if len(subject) > MAX_PHRASE:
        pos, subject = pos + len(subject) - MAX_PHRASE, subject[-MAX_PHRASE:]
    phrase, offset = trim_subject(subject, rules)
    if not phrase or not _HAN.search(phrase):
        return None
    return Said(phrase, cue, pos + offset)


def trim_subject(subject: str, rules: HanRules) -> tuple[str, int]:
    """The speaker in ``subject``: words that open a clause dropped from its front, cut at
    the first time word, preposition or adverb; with where it starts in ``subject``."""
    offset = 0
    changed = True
    while changed:
        changed = False
        bare = subject.lstrip(_LEAD)
        offset += len(subject) - len(bare)
        subject = bare
        for word in (*rules.openers, *rules.times):
            if subject.startswith(word) and len(subject) > len(word):
                subject, offset, changed = subject[len(word) :], offset + len(word), True
                break
    changed = True
    while changed:  # "韩志强回应" of "韩志强回应说"
        changed = False
        for verb in rules.verbs:
            if subject.endswith(verb) and len(subject) > len(verb):
                subject, changed = subject[: -len(verb)], True
                break
    cut = _first_cut(subject, rules)
    k = subject.rfind("的")
    if cut < 2 and k > cut and len(subject) - k > 2:  # "住在大埔的陳先生": who lives there
        subject, offset = subject[k + 1 :], offset + k + 1
        cut = _first_cut(subject, rules)
    return subject[:cut].rstrip(_LEAD), offset


def _first_cut(phrase: str, rules: HanRules, start: int = 1) -> int:
    cut = len(phrase)
    for word in (*rules.times, *rules.cuts):
        k = phrase.find(word, start)
        if 0 < k < cut:
            cut = k
    return cut


def _last_title(phrase: str, rules: HanRules) -> tuple[int, str]:
    """Where the last role word in ``phrase`` ends (0 for none), and that word."""
    best, word = 0, ""
    for title in rules.titles:
        k = phrase.rfind(title)
        if k >= 0 and k + len(title) > best:
            best, word = k + len(title), title
    return best, word


@functools.lru_cache(maxsize=32)
def alternatives(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches any of ``words`` (longest first)."""
    return re.compile("|".join(re.escape(w) for w in words))


def _name_in(run: str, rules: HanRules) -> str | None:
    """The name a run of characters after a role word starts with."""
    cut = alternatives((*rules.times, *rules.cuts, *rules.verbs)).search(run, 2)
    if cut is not None:
        run = run[: cut.start()]
    if "·" in run and len(run) <= 12:
        return run
    if run[:1] not in rules.surnames or len(run) < 2:
        return None  # "市民注意安全": a role word before a phrase that names no one
    return run if len(run) <= 4 else run[:3]


def build_book(text: str, saids: list[Said | None], rules: HanRules) -> Book:
    """The people of a masked article: named by its attributions, or after a role word."""
    book = Book()
    for s in saids:
        if s is not None:
            name, role = split_phrase(s.phrase, rules)
            if name is not None:
                book.names.add(name)
                book.mentions.append((s.pos, name))
                if role:
                    book.roles.append((s.pos, role, name))
    titles = alternatives(rules.titles)
    for m in titles.finditer(text):
        run = _RUN.match(text, m.end(), m.end() + 12)
        if run is None or titles.match(text, m.end()) or len(book.names) >= MAX_NAMES:
            continue
        name = _name_in(run.group(), rules)
        if name is not None:
            book.names.add(name)
            book.roles.append((m.start(), m.group(), name))
    find_mentions(book, text)
    return book


def find_mentions(book: Book, text: str) -> None:
    """Every place the article names one of its people, in one pass over the text."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(book.names, key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    for i, ch in enumerate(text):
        for name in by_first.get(ch, ()):
            if text.startswith(name, i):
                book.mentions.append((i, name))
                break
    book.mentions.sort()
    book.roles.sort()


def split_phrase(phrase: str, rules: HanRules) -> tuple[str | None, str | None]:
    """(name, role) of a speaker's phrase: the name after its last role word ("该协会秘书长
    邱文华" names 邱文华; "该局长" and "这位老人" name no one)."""
    if phrase in rules.pronouns:
        return None, None
    end, _ = _last_title(phrase, rules)
    if phrase.startswith(rules.referring) and (end == 0 or end == len(phrase)):
        return None, None
    rest = phrase[end:].lstrip("、，, ")
    role = phrase[:end] or None
    if not rest:
        return None, role
    if len(rest) > 4 and "·" not in rest and rest[0] in rules.surnames:
        rest = rest[:3]
    return rest, role


def speaker_of(
    said: Said | None, pos: int, book: Book, rules: HanRules
) -> tuple[str | None, str | None, str | None]:
    """(speaker, role, resolved_from) of a quotation at ``pos``."""
    if said is None:
        return None, None, None
    name, role = split_phrase(said.phrase, rules)
    if name is not None:
        return name, role, None
    if said.phrase in rules.pronouns or (said.phrase.startswith(rules.referring) and role is None):
        person = book.last(pos)
        return (person, None, said.phrase) if person else (None, None, None)
    person = book.by_role(said.phrase, pos, rules) or book.last(pos)
    if person is not None:
        return person, said.phrase, said.phrase
    return said.phrase, None, None


def _attribute(quotes: list[_Q], text: str, sentences: Sentences, rules: HanRules) -> None:
    prev: _Q | None = None
    for q in quotes:
        m = q.marked
        q.said = _after(text, m.close_end, sentences.end_after(m.close_end), rules)
        q.said = q.said or _next_paragraph(text, m.close_end, sentences, rules)
        q.how = "after" if q.said else ""
        if q.said is None:
            q.said = _before(text, sentences.start_before(m.open_mark), m.open_mark, rules)
            q.how = "before" if q.said else ""
        if q.said is None and prev is not None and prev.said and _next_to(prev, q, sentences):
            q.said, q.how = prev.said, "continued"
        prev = q


def _next_to(prev: _Q, q: _Q, sentences: Sentences) -> bool:
    """Whether only punctuation lies between two quotations, or only the attribution that
    follows the first ("“A。”陈志明说。\n\n“B。”")."""
    start = prev.marked.close_end
    if prev.how == "after":
        start = min(sentences.end_after(start) + 1, q.marked.open_mark)
    return only_punctuation(sentences.text[start : q.marked.open_mark])


def _merge(quotes: list[_Q], text: str, rules: HanRules) -> list[_Q]:
    """“A，”赵立新说，“B。”: one quotation around its attribution."""
    out: list[_Q] = []
    for q in quotes:
        prev = out[-1] if out else None
        if prev is not None and prev.how == "after" and prev.said is not None:
            gap = text[prev.marked.close_end : q.marked.open_mark]
            short = len(gap) <= 24 and "\n" not in gap
            if (
                short
                and gap.rstrip().endswith(("，", ",", "："))
                and _after(text, prev.marked.close_end, q.marked.open_mark, rules) is not None
            ):
                prev.marked.segments.extend(q.marked.segments)
                prev.marked.close_end = q.marked.close_end
                continue
        out.append(q)
    return out


def kind_of(text: str, m: Marked, introduced: bool) -> QuoteKind:
    """A fragment: fewer than six characters and no sentence end, or woven into a sentence
    (characters right before and after its marks) when nothing ``introduced`` it."""
    body = "".join(text[s:e] for s, e in m.segments)
    if len(_WRITTEN.findall(body)) < 6 and len(body.split()) < 3 and not body.endswith(_STOPS):
        return "fragment"
    before = text[m.open_mark - 1 : m.open_mark]
    after = text[m.close_end : m.close_end + 1]
    woven = bool(_WRITTEN.match(before)) and bool(_WRITTEN.match(after)) and not introduced
    return "fragment" if woven else "full"


def extract(text: str, rules: HanRules) -> list[Quote]:
    """All quotations in ``text`` (Chinese) with speakers, cues, roles and kinds, scored
    for key quotes; a fragment with no attribution is left out."""
    quotes = [_Q(m) for m in quotations(text)]
    if not quotes:
        return []
    hidden = masked(text, [q.marked for q in quotes])
    sentences = Sentences(hidden)
    _attribute(quotes, hidden, sentences, rules)
    quotes = _merge(quotes, hidden, rules)
    book = build_book(hidden, [q.said for q in quotes], rules)
    out: list[Quote] = []
    for q in quotes:
        kind = kind_of(text, q.marked, q.how == "before")
        if q.said is None and kind == "fragment":
            continue
        speaker, role, resolved = speaker_of(q.said, q.marked.open_mark, book, rules)
        words = _joined(text, q.marked.segments)
        cue = q.said.cue if q.said else None
        out.append(
            Quote(words, speaker, cue, q.marked.start, q.marked.end, kind, speaker_role=role,
                  resolved_from=resolved)
        )  # fmt: skip
    return with_scores(out)


def _joined(text: str, segments: list[tuple[int, int]]) -> str:
    parts = []
    for k, (s, e) in enumerate(segments):
        comma = k + 1 < len(segments) and text[e : e + 1] in ("，", ",")
        parts.append(text[s:e] + ("，" if comma else ""))
    return "".join(parts)


__all__ = [
    "MASK",
    "MAX_NAMES",
    "MAX_PHRASE",
    "Book",
    "Said",
    "alternatives",
    "extract",
    "find_mentions",
    "kind_of",
    "split_phrase",
    "trim_subject",
    "verb_at_end",
]
