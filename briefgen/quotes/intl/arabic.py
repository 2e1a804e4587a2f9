"""Quotations in Arabic.

1. Quotations: « », “ ” and straight marks, paired by shape (:mod:`.pairs`); the text is
   read in its logical order, so right-to-left needs nothing of its own.
2. Attribution: after the quotation, a verb of speech and its subject ("«...»، قال وزير
   التجارة يوسف الخطيب") or a verb alone ("«...»، أضافت."); "بحسب" and its source; else
   before it in its sentence, the last verb of speech with the subject after it (verb
   first: "وقال رئيس البلدية خالد المنصوري إن «...»", "صرح ... بأن «...»") or before it
   ("أما الباحث أحمد السيد فقال: «...»"), a comma's appositive taking the name ("قال صاحب
   مطعم في السوق القديم، فادي عيسى: «...»", "أكد رئيس النقابة، وائل الشريف، أن"); the
   source of "نقلت ... عن الوزير قوله إن"; present tense ("يقول") and participles ("وأضاف
   مؤكدا أن") count as verbs, a title in marks inside the attribution ("لـ«الجريدة» بأن")
   is read past, and the object of "وصف ... بأنه" is not the speaker. Verbs carry "و" or
   "ف" in front and "ت" at the end in the feminine ("وقالت"); a speaker ends at a
   preposition, a time word, "إن"/"أن", a relative or punctuation.
3. A speaker's phrase is a role and a name: the name starts at a known first name, else
   after the last role word and its complement ("وزير التجارة يوسف الخطيب"); a phrase with
   no role word is a name ("الخطيب"). Short names become the article's full names; a role
   alone ("الوزيرة") goes to the person named with that role; a verb with no subject
   ("وأضاف:", "وقالت:") to the person of the verb's gender named last before it.
4. A quotation with no attribution that follows an attributed one with only punctuation
   between has its speaker; a short phrase in marks with no attribution is left out.

Limits: names are told from other words by first names and by role words, since Arabic
has no capitals; a name with neither, after a role's complement, may take the complement
with it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from briefgen.document import Quote, QuoteKind

from ..rank import with_scores
from .lexicon import ArabicRules
from .pairs import MASK, Marked, Sentences, masked, only_punctuation, quotations

_TOKEN = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+|[^\w\s]")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Tok:
    """A word or punctuation character, its offset, and ``key``: without diacritics."""

    text: str
    start: int
    key: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


def tokenize(text: str, base: int = 0) -> list[Tok]:
    return [
        Tok(m.group(), m.start() + base, _MARKS.sub("", m.group())) for m in _TOKEN.finditer(text)
    ]


@dataclass(frozen=True)
class Said:
    """An attribution: the speaker's tokens (none for a verb alone), the verb, the gender the
    verb gives ("m", "f" or None) and where it was found."""

    phrase: tuple[Tok, ...]
    cue: str | None
    gender: str | None
    pos: int


def verb_gender(tok: Tok, rules: ArabicRules) -> str | None:
    """ "m" or "f" when ``tok`` is a verb of speech ("وقالت" -> "f"), else None."""
    key = tok.key
    if key in rules.participles:
        return "m"
    if key.endswith("ة") and key[:-1] + "ا" in rules.participles:
        return "f"
    for form in (key, key[1:] if key[:1] in "وف" and len(key) > 3 else ""):
        if form in rules.verbs:
            return "m"
        if form in rules.feminine_verbs or (form.endswith("ت") and form[:-1] in rules.verbs):
            return "f"
    return None


def bare(key: str) -> str:
    """A word without the article: "الوزيرة" -> "وزيرة"."""
    return key[2:] if key.startswith("ال") and len(key) > 3 else key


def is_title(tok: Tok, rules: ArabicRules) -> bool:
    return bare(tok.key) in rules.titles


def first_name_gender(tok: Tok, rules: ArabicRules) -> str | None:
    if tok.key in rules.male_names:
        return "m"
    if tok.key in rules.female_names:
        return "f"
    return None


def _ends_phrase(tok: Tok, rules: ArabicRules) -> bool:
    return (
        not tok.is_word
        or tok.key in rules.stops
        or tok.key in rules.intros
        or tok.key in rules.reported
        or verb_gender(tok, rules) is not None
    )


def read_phrase(toks: list[Tok], i: int, rules: ArabicRules) -> int:
    """One past the last token of the speaker's phrase that starts at ``i`` (through "في"
    and its object when a role or a first name follows: "النائب في البرلمان عادل الخوري")."""
    j = i
    while j < len(toks) and j - i < 12:
        if toks[j].key == "في" and j > i and j + 2 < len(toks):
            after = toks[j + 2]
            if is_title(after, rules) or first_name_gender(after, rules) is not None:
                j += 2
                continue
        if _ends_phrase(toks[j], rules):
            break
        j += 1
    return j


def split_phrase(
    phrase: tuple[Tok, ...], rules: ArabicRules
) -> tuple[str | None, str | None, str | None]:
    """(name, role, gender) of a speaker's phrase: the name starts at a known first name,
    else after the last role word and its complement ("وزير التجارة", "أستاذ علم النفس")."""
    if not phrase:
        return None, None, None
    for k, tok in enumerate(phrase):
        gender = first_name_gender(tok, rules)
        if gender is not None and (k > 0 or len(phrase) > 1):
            return _name(phrase, k), _text(phrase[:k]) or None, gender
    titles = [k for k, t in enumerate(phrase) if is_title(t, rules)]
    gender = _title_gender(phrase, titles)
    if not titles:
        return (_text(phrase), None, None) if len(phrase) <= 4 else (None, _text(phrase), None)
    k = titles[-1] + 1
    if k + 1 < len(phrase) and not _definite(phrase[k]) and _definite(phrase[k + 1]):
        k += 2  # "أستاذ علم النفس": a noun and its definite complement
    while k < len(phrase) and (_definite(phrase[k]) or phrase[k].key in rules.connectors):
        k += 2 if phrase[k].key in rules.connectors else 1
    if k >= len(phrase):
        return None, _text(phrase), gender
    return _name(phrase, k), _text(phrase[:k]), gender


def _definite(tok: Tok) -> bool:
    """A word with the article: "الصحة", "للميناء" (to the port)."""
    return tok.key.startswith(("ال", "لل"))


_COMPOUND = frozenset("عبد أبو أبي بن ابن آل".split())


def _name(phrase: tuple[Tok, ...], k: int) -> str:
    """The name that starts at ``k``: a first name and a family name, each of two words
    after "عبد", "أبو", "بن" ("كريم عبد الله"); "دينا مراد" of "دينا مراد شككت"."""
    e = k
    for _ in range(2):
        if e >= len(phrase) or not phrase[e].is_word:
            break
        e += 2 if phrase[e].key in _COMPOUND and e + 1 < len(phrase) else 1
    return _text(phrase[k:e])


def _title_gender(phrase: tuple[Tok, ...], titles: list[int]) -> str | None:
    if not titles:
        return None
    return "f" if phrase[titles[0]].key.endswith("ة") else "m"


def _text(toks: tuple[Tok, ...]) -> str:
    return " ".join(t.text for t in toks)


@dataclass
class Book:
    """The people of one article: full names by their last words, genders, roles, and
    (offset, name) mentions."""

    rules: ArabicRules
    full: dict[str, str] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)
    roles: list[tuple[int, str, str]] = field(default_factory=list)
    mentions: list[tuple[int, str]] = field(default_factory=list)

    def learn(self, name: str, role: str | None, gender: str | None, pos: int) -> str:
        words = name.split()
        if len(words) >= 2:
            for k in range(1, len(words)):
                self.full.setdefault(" ".join(words[k:]), name)
            self.full.setdefault(words[0], name)
        name = self.normalise(name)
        if gender is not None:
            self.gender.setdefault(name, gender)
        if role:
            self.roles.append((pos, role, name))
        self.mentions.append((pos, name))
        return name

    def normalise(self, name: str) -> str:
        return self.full.get(name, name)

    def last(self, pos: int, want: str | None) -> str | None:
        """The person named last before ``pos`` whose gender does not differ from ``want``."""
        k = bisect.bisect_left(self.mentions, (pos, ""))
        for i in range(k - 1, max(-1, k - 60), -1):
            name = self.mentions[i][1]
            if want is not None and self.gender.get(name) not in (None, want):
                continue
            return name
        return None

    def by_role(self, role: str, pos: int) -> str | None:
        """The person named nearest ``pos`` with a role word of ``role`` (among the 60
        roles either side of it; ``roles`` sorted)."""
        heads = {bare(w) for w in role.split()} & self.rules.titles
        k = bisect.bisect_left(self.roles, (pos, "", ""))
        found = [
            (p <= pos, -abs(p - pos), name)
            for p, r, name in self.roles[max(0, k - 60) : k + 60]
            if heads & {bare(w) for w in r.split()}
        ]
        return max(found)[2] if found else None


def build_book(text: str, toks: list[Tok], saids: list[Said | None], rules: ArabicRules) -> Book:
    """The people of a masked article: those its attributions name, and runs of words that
    start with a known first name (with the role words before them)."""
    book = Book(rules)
    for s in saids:
        if s is not None and s.phrase:
            name, role, gender = split_phrase(s.phrase, rules)
            if name is not None:
                book.learn(name, role, gender or s.gender, s.pos)
    k = 0
    while k < len(toks):
        gender = first_name_gender(toks[k], rules)
        if gender is None:
            k += 1
            continue
        e = k + 1
        while e < len(toks) and e - k < 4 and not _ends_phrase(toks[e], rules):
            if is_title(toks[e], rules):
                break
            e += 1
        if e - k >= 2:
            name = _name(tuple(toks[k:e]), 0)
            book.learn(name, _role_before(toks, k, rules), gender, toks[k].start)
            e = k + len(name.split())
        k = e
    for i, tok in enumerate(toks):  # every place a name is written, by one or two words
        pair = f"{tok.text} {toks[i + 1].text}" if i + 1 < len(toks) else ""
        name = book.full.get(pair) or book.full.get(tok.text)
        if name is not None:
            book.mentions.append((tok.start, name))
    book.mentions.sort()
    book.roles.sort()
    return book


def _role_before(toks: list[Tok], k: int, rules: ArabicRules) -> str | None:
    """The role words right before a name: "رئيس البلدية" of "رئيس البلدية خالد المنصوري"."""
    found = None
    j = k - 1
    while j >= 0 and k - j <= 5 and toks[j].is_word and toks[j].key not in rules.stops:
        if is_title(toks[j], rules):
            found = j
        j -= 1
    return _text(tuple(toks[found:k])) if found is not None else None


def _according(tok: Tok, rules: ArabicRules) -> bool:
    key = tok.key
    return key in rules.according or (key[:1] == "و" and key[1:] in rules.according)


def after(toks: list[Tok], rules: ArabicRules) -> Said | None:
    """The attribution right after a quotation: "، قال وزير التجارة يوسف الخطيب"."""
    i = 0
    while i < len(toks) and (not toks[i].is_word or toks[i].key in rules.openers):
        i += 1  # "، بهذه الكلمات علق الوزير"
    if i >= len(toks) or toks[-1].text in (":", "：") or toks[-1].key in rules.intros:
        return None  # these words lead into the next quotation
    if _according(toks[i], rules):
        j = read_phrase(toks, i + 1, rules)
        return Said(tuple(toks[i + 1 : j]), None, None, toks[i].start) if j > i + 1 else None
    gender = verb_gender(toks[i], rules)
    if gender is None:
        return None
    j = read_phrase(toks, i + 1, rules)
    return Said(tuple(toks[i + 1 : j]), toks[i].text, gender, toks[i].start)


def before(toks: list[Tok], rules: ArabicRules) -> Said | None:
    """The attribution in the words of a sentence before its quotation: they end with ":"
    or "إن"/"أن", and hold a verb of speech or "بحسب"."""
    if not toks or not (toks[-1].text in (":", "：") or toks[-1].key in rules.intros):
        return None
    for v in range(len(toks) - 1, -1, -1):
        if toks[v].key in rules.reported:
            return _reported(toks, v, rules)
        gender = verb_gender(toks[v], rules)
        if gender is not None:
            return _verb_before(toks, v, gender, rules)
        if _according(toks[v], rules):
            j = read_phrase(toks, v + 1, rules)
            return Said(tuple(toks[v + 1 : j]), None, None, toks[v].start) if j > v + 1 else None
    return None


def _reported(toks: list[Tok], v: int, rules: ArabicRules) -> Said | None:
    """ "عن وزير الطاقة سمير بركات قوله إن": the source after "عن"."""
    a = max((k for k in range(v) if toks[k].key == "عن"), default=-1)
    if a < 0 or read_phrase(toks, a + 1, rules) != v:
        return None
    return Said(tuple(toks[a + 1 : v]), toks[v].text, rules.reported[toks[v].key], toks[a].start)


def _appositive(toks: list[Tok], j: int, rules: ArabicRules) -> tuple[Tok, ...]:
    """A name after a comma that ends the words before a quotation: "، فادي عيسى:",
    "، وائل الشريف، أن"."""
    for c in range(j, len(toks) - 1):
        if toks[c].text not in ("،", ","):
            continue
        e = read_phrase(toks, c + 1, rules)
        app = tuple(toks[c + 1 : e])
        if app and all(not t.is_word for t in toks[e:-1]) and split_phrase(app, rules)[0]:
            return app
    return ()


def _verb_before(toks: list[Tok], v: int, gender: str, rules: ArabicRules) -> Said:
    """The speaker of the verb at ``v``: after it, with a comma's appositive ("، فادي
    عيسى:"), else the subject before it, else none (the verb's gender resolves it)."""
    cue = toks[v].text
    j = read_phrase(toks, v + 1, rules)
    phrase = tuple(toks[v + 1 : j])
    key = toks[v].key
    if phrase and (key in rules.object_verbs or key[1:] in rules.object_verbs):
        phrase = phrase[:-1]  # "وصف المشروع بأنه": the object, not the speaker
    if phrase:
        phrase += _appositive(toks, j, rules)
        return Said(phrase, cue, gender, phrase[0].start)
    a = 0
    while a < v and (not toks[a].is_word or toks[a].key in rules.openers | rules.intros):
        a += 1
    subject = tuple(toks[a:v])
    if subject and all(not _ends_phrase(t, rules) for t in subject) and len(subject) <= 9:
        return Said(subject, cue, gender, subject[0].start)
    return Said((), cue, gender, toks[v].start)


def speaker_of(
    said: Said | None, pos: int, book: Book
) -> tuple[str | None, str | None, str | None]:
    """(speaker, role, resolved_from) of a quotation at ``pos`` with attribution ``said``."""
    if said is None:
        return None, None, None
    if not said.phrase:
        person = book.last(pos, said.gender)
        return (person, None, said.cue) if person else (None, None, None)
    name, role, gender = split_phrase(said.phrase, book.rules)
    if name is not None:
        return book.normalise(name), role, None
    text = _text(said.phrase)
    person = book.by_role(text, pos)
    if person is None and said.cue is not None:
        person = book.last(pos, gender or said.gender)
    return (person, text, text) if person else (text, None, None)


@dataclass
class _Q:
    marked: Marked
    said: Said | None = None
    after: bool = False


def _attribute(quotes: list[_Q], text: str, rules: ArabicRules) -> None:
    sentences = Sentences(text)
    prev: _Q | None = None
    for q in quotes:
        m = q.marked
        q.said = after(
            tokenize(text[m.close_end : sentences.end_after(m.close_end)], m.close_end), rules
        )
        q.after = q.said is not None
        if q.said is None:
            start = sentences.start_before(m.open_mark)
            q.said = before(tokenize(text[start : m.open_mark], start), rules)
        if q.said is None:  # past a title in marks: "صرح ... لـ«الجريدة» بأن «...»"
            start = sentences.start_before(m.open_mark, past_quotes=True)
            words = tokenize(text[start : m.open_mark], start)
            q.said = before([t for t in words if t.text != MASK], rules)
        if q.said is None and prev is not None and prev.said and _next_to(prev, q, sentences):
            q.said = prev.said
        prev = q


def _next_to(prev: _Q, q: _Q, sentences: Sentences) -> bool:
    """Whether only punctuation lies between two quotations, or only the attribution that
    follows the first ("«A»، قال الوزير.\n\n«B»")."""
    start = prev.marked.close_end
    if prev.after:
        start = min(sentences.end_after(start) + 1, q.marked.open_mark)
    return only_punctuation(sentences.text[start : q.marked.open_mark])


def _kind(text: str, q: _Q) -> QuoteKind:
    n = len(_WORD.findall(" ".join(text[s:e] for s, e in q.marked.segments)))
    if n < 3 or (q.said is None and n < 8):
        return "fragment"
    return "full"


def extract(text: str, rules: ArabicRules) -> list[Quote]:
    """All quotations in ``text`` (Arabic) with speakers, cues, roles and kinds, scored for
    key quotes; a fragment with no attribution is left out."""
    quotes = [_Q(m) for m in quotations(text)]
    if not quotes:
        return []
    hidden = masked(text, [q.marked for q in quotes])
    _attribute(quotes, hidden, rules)
    book = build_book(hidden, tokenize(hidden), [q.said for q in quotes], rules)
    out: list[Quote] = []
    for q in quotes:
        kind = _kind(text, q)
        if q.said is None and kind == "fragment":
            continue
        speaker, role, resolved = speaker_of(q.said, q.marked.open_mark, book)
        s, e = q.marked.start, q.marked.end
        cue = q.said.cue if q.said else None
        out.append(
            Quote(text[s:e], speaker, cue, s, e, kind, speaker_role=role, resolved_from=resolved)
        )
    return with_scores(out)
