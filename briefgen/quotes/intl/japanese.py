"""Quotations in Japanese, whose attributions follow the quotation with "と".

1. Quotations: 「 」 『 』 and the other marks, paired by shape (:mod:`.pairs`).
2. A quotation followed by "と" and a predicate ("と述べた", "と、館長の小林美咲さんは話した",
   "とも語った", "と笑顔を見せた") is attributed; its speaker is the subject marked by は or
   が in those words, else the one in its sentence before the quotation ("山田太郎市長は
   記者会見で「...」と述べた"); "と話すのは、X" names X. A source marked by "によると" before
   the quotation ("佐々木健一署長によると、「...」という") is its speaker too, and so is the
   subject of a sentence that announces the quotation ("次のように語った。「...」"), or of
   the sentence before when the quotation's own has none. "という" and "として" after a
   quotation do not attribute it (a term, a title); "としている" and "などと" do.
3. A subject is a name with the honorific or role that follows it ("森田さおり課長",
   "田中氏", "小林美咲さん"): the name is the run of kanji or katakana (kana after kanji for
   a given name) before them; "同氏", "同教授" and 彼/彼女 go to the person named last before
   the quotation, a role alone to the person named with that role, a family name alone to
   the full name the article gives ("吉田" -> "吉田翔太"); a description that names no one
   stays as written ("厚生労働省の担当者").

Limits: a quotation attributed in the next sentence ("「...」。X課長はこう述べた") is missed;
a place or a unit before a role ("潮見市長", "大西正人予報課長") may be taken into the name.
"""

from __future__ import annotations

import re

from briefgen.document import Quote

from ..rank import with_scores
from .cjk import MAX_NAMES, MAX_PHRASE, Book, Said, alternatives, find_mentions, kind_of
from .lexicon import HanRules
from .pairs import Marked, Sentences, masked, quotations

_SUBJECT = re.compile(r"(?<=[^\u3041-\u309f]|ん)[はが]")
_NAME = re.compile(r"[\u4e00-\u9fff々\u30a0-\u30ff・ー]+[\u3041-\u309f]*$")
_PARTICLES = tuple("のはがをにでともへや")
_PAREN = re.compile(r"[（(][^（()）]{0,12}[)）]")
_NOT_SAID = ("という", "といった", "として", "とする", "との", "とされ")
_CLAUSE = re.compile(r"[、，,。]")


def _subject(window: str, base: int) -> tuple[str, int] | None:
    """The subject marked by は or が in ``window`` (from its clause's start), with where
    it starts in the article."""
    start = read = 0
    for m in _SUBJECT.finditer(window):
        for c in _CLAUSE.finditer(window, read, m.start()):
            start = c.end()
        read = m.start()
        phrase = window[start : m.start()].strip()
        if phrase:
            return phrase, base + start
    return None


def person(phrase: str, rules: HanRules) -> tuple[str | None, str | None]:
    """(name, role) of a subject: honorifics and role words after the name taken off
    (only the last :data:`~.cjk.MAX_PHRASE` characters are read)."""
    phrase = _PAREN.sub("", phrase[-MAX_PHRASE:]).strip()
    role: str | None = None
    changed = True
    while changed:
        changed = False
        for word in (*rules.honorifics, *rules.titles):
            if phrase.endswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[: -len(word)], True
                role = role or (word if word in rules.titles else None)
                break
    if phrase in rules.pronouns or phrase.startswith(rules.referring) or phrase in rules.titles:
        return None, role or (phrase if phrase in rules.titles else None)
    name = _name_at_end(phrase, 0, len(phrase))
    return name, role


def _name_at_end(text: str, start: int, end: int) -> str | None:
    """The name that ends at ``end``: kanji or katakana, kana after them for a given name,
    not a particle ("五日の" is not one)."""
    found = _NAME.search(text, start, end)
    if found is None or len(found.group()) < 2 or found.group().endswith(_PARTICLES):
        return None
    return found.group()


def _after(text: str, m: Marked, sentences: Sentences) -> Said | None:
    """ "と..." after a quotation: its subject there ("と、X氏は話した", "と話すのは、X"),
    or "" when the subject is to be found before the quotation."""
    end = sentences.end_after(m.close_end)
    window = text[m.close_end : end]
    if window.startswith("などと"):
        window = window[2:]  # "「……」などと話していた"
    said = window.startswith("としている")  # "has said", not "as"
    if not window.startswith("と") or (window.startswith(_NOT_SAID) and not said):
        return None
    rest = window[1:].lstrip("も、，, ")
    cue = _CLAUSE.split(rest, maxsplit=1)[0][-8:] or "と"
    base = end - len(rest)
    if "のは、" in rest:
        k = rest.index("のは、") + 3
        return Said(rest[k:].rstrip("。 "), cue, base + k)
    found = _subject(rest, base)
    return Said(found[0], cue, found[1]) if found else Said("", cue, m.close_end)


def _before(text: str, m: Marked, sentences: Sentences) -> tuple[str, int] | None:
    """The subject of the sentence before a quotation, quotations in it passed over."""
    start = sentences.start_before(m.open_mark, past_quotes=True)
    return _subject(text[start : m.open_mark], start)


def _according(text: str, m: Marked, sentences: Sentences) -> Said | None:
    start = sentences.start_before(m.open_mark)
    window = text[start : m.open_mark].rstrip("、， ")
    for marker in ("によると", "によれば"):
        if window.endswith(marker):
            body = window[: -len(marker)]
            cut = max((c.end() for c in _CLAUSE.finditer(body)), default=0)
            return Said(body[cut:], marker, start + cut)
    return None


def _attribute(text: str, m: Marked, sentences: Sentences) -> Said | None:
    """The attribution after the quotation, its subject found there, before the quotation
    in its sentence or, failing both, in the sentence before it (the topic carries over:
    "X課長は...と説明した。「...」と強調した。"); else "によると" before it."""
    said = _after(text, m, sentences)
    if said is not None and not said.phrase:
        found = _before(text, m, sentences)
        start = sentences.start_before(m.open_mark, past_quotes=True)
        if found is None and start > 0 and text[start - 1] != "\n":
            prev = sentences.start_before(start - 1, past_quotes=True)
            found = _subject(text[prev : start - 1], prev)
        if found is not None:
            return Said(found[0], said.cue, found[1])
    return said or _according(text, m, sentences) or _announced(text, m, sentences)


def _announced(text: str, m: Marked, sentences: Sentences) -> Said | None:
    """A quotation right after a sentence that announces it: "石田康夫会頭は次のように
    語った。「……」"."""
    start = sentences.start_before(m.open_mark, past_quotes=True)
    if start == 0 or text[start : m.open_mark].strip() or text[start - 1] == "\n":
        return None
    prev = sentences.start_before(start - 1, past_quotes=True)
    sentence = text[prev : start - 1]
    if not any(w in sentence for w in ("次のように", "以下のように", "こう")):
        return None
    found = _subject(sentence, prev)
    return Said(found[0], "次のように", found[1]) if found else None


def build_book(text: str, saids: list[Said | None], rules: HanRules) -> Book:
    """The people of a masked article: named by attributions, or before a role word or an
    honorific ("小林美咲さん")."""
    book = Book()
    for s in saids:
        name, role = person(s.phrase, rules) if s is not None else (None, None)
        if s is not None and name is not None:
            book.names.add(name)
            book.mentions.append((s.pos, name))
            if role:
                book.roles.append((s.pos, role, name))
    for found in alternatives((*rules.titles, *rules.honorifics)).finditer(text):
        name = _name_at_end(text, max(0, found.start() - 10), found.start())
        if name is not None and len(book.names) < MAX_NAMES:
            book.names.add(name)
            if found.group() in rules.titles:
                book.roles.append((found.start() - len(name), found.group(), name))
    find_mentions(book, text)
    return book


def _full(name: str, book: Book) -> str:
    """A family name alone as the article's full name ("吉田" -> "吉田翔太")."""
    longer = {n for n in book.names if n != name and (n.startswith(name) or n.endswith(name))}
    return longer.pop() if len(longer) == 1 else name


def speaker_of(
    said: Said | None, pos: int, book: Book, rules: HanRules
) -> tuple[str | None, str | None, str | None]:
    """(speaker, role, resolved_from) of a quotation at ``pos``."""
    if said is None:
        return None, None, None
    name, role = person(said.phrase, rules)
    if name is not None:
        return _full(name, book), role, None
    found = book.by_role(role, pos, rules) if role else None
    back = (
        not said.phrase or said.phrase in rules.pronouns or said.phrase.startswith(rules.referring)
    )
    if found is None and back:  # "同氏", "彼女", a subject carried over
        found = book.last(pos)
    if found is None:
        return (said.phrase or None), None, None  # "厚生労働省の担当者": no one named
    return found, role, said.phrase or said.cue


def extract(text: str, rules: HanRules) -> list[Quote]:
    """All quotations in ``text`` (Japanese) with speakers, cues, roles and kinds, scored
    for key quotes; a fragment with no attribution is left out."""
    marked = quotations(text)
    if not marked:
        return []
    hidden = masked(text, marked)
    sentences = Sentences(hidden)
    saids = [_attribute(hidden, m, sentences) for m in marked]
    book = build_book(hidden, saids, rules)
    out: list[Quote] = []
    for m, said in zip(marked, saids, strict=True):
        kind = kind_of(text, m, said is not None)
        if said is None and kind == "fragment":
            continue
        speaker, role, resolved = speaker_of(said, m.open_mark, book, rules)
        cue = said.cue if said else None
        out.append(
            Quote(text[m.start : m.end], speaker, cue, m.start, m.end, kind,
                  speaker_role=role, resolved_from=resolved)
        )  # fmt: skip
    return with_scores(out)
