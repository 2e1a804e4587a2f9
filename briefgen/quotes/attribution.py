"""Attribution: who is quoted, by which cue verb, found by surface patterns.

No parser and no tagger: the text around a quotation is cut into word tokens
(:mod:`.tokens`) and matched against a few patterns built from a cue-verb list and the
shape of English noun phrases in news copy (:mod:`.phrases`: capitalised name runs, "the
ministry", "Netanyahu's office", pronouns):

* after the quote: ``, he said`` / ``, said Daniel Byman, a professor at ...`` /
  ``, the ministry said in a statement`` / ``, according to the police``
  (:func:`after_quote`);
* before the quote, in the same sentence: ``Smith said:`` / ``Smith told reporters that``
  (the subject right before the cue verb, or the sentence's subject when the verb has
  none, as in ``Trump added ... but warned:``; :func:`before_quote`);
* the neighbouring sentence, when the quotation's own sentence has no cue: a sentence
  ending in a colon before it, or the previous paragraph's speaker when a paragraph is
  nothing but quotation (the news convention for a speaker who goes on;
  :func:`clause_attribution`, used by :mod:`.extract`);
* no cue at all: the subject that opens the sentence (:func:`fallback_subject`).

The entry points take the piece of text to search and its offset in the article.

Limits: a subject is found only right before its verb (or at the start of the sentence);
long appositives, relative clauses and unusual word order can hide it; a capitalised
sentence-initial word is taken as part of a name.
"""

from __future__ import annotations

from briefgen.core.lexicon import (
    ADVERBS,
    AFFILIATIONS,
    CLAUSE_WORDS,
    CUE_FORMS,
    DEMONYMS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    INSTRUMENT_NOUNS,
    INTRO_WORDS,
    PRONOUNS,
    TIME_WORDS,
    WEAK_FORMS,
)

from .openers import past_place, time_phrase_end
from .phrases import (
    Attribution,
    appositive_after,
    appositive_chain,
    common_noun_phrase,
    name_ending_at,
    named_subject_appositive,
    speaker_after,
    subject_with_appositive,
)
from .tokens import (
    Token,
    Window,
    after_lower_role,
    is_cue,
    is_ly_adverb,
    is_negation,
    is_noun_like,
    is_possessive,
    name_run_back,
    name_run_forward,
    role_then_name,
    split_title,
)

__all__ = [
    "Attribution",
    "after_quote",
    "before_quote",
    "clause_attribution",
    "fallback_subject",
]


def after_quote(text: str, base: int) -> Attribution | None:
    """Attribution that follows a closing quote mark: ``, he said`` / ``said X, a ...``."""
    w = Window.of(text, base)
    i = 0
    while i < len(w) and w[i].text in ",—–-:;(―":
        i += 1
    if i >= len(w):
        return None
    if i > 0 and w[i - 1].text in "—–-―" and w[i].is_cap:
        found = _dash_signature(w, i)
        if found:
            return found
    # inverted: said X / according to X
    k = i
    while k < len(w) and w[k].lower in ADVERBS:
        k += 1
    if k < len(w) and is_cue(w[k]):
        found = speaker_after(w, k + 1, w[k].text)
        if found:
            return found
    if k + 1 < len(w) and w[k].lower == "according" and w[k + 1].lower == "to":
        return speaker_after(w, k + 2, "according to")
    # normal: X said (the subject starts the after-text)
    limit = min(len(w), i + 45)
    for c in range(i + 1, limit):
        tok = w[c]
        if tok.text in '.;:!?"“”':
            break
        if is_cue(tok):
            found = subject_before(w, c)
            if found and _starts_after_text(w, i, found.first):
                return found
            chained = appositive_chain(w, i, c)
            if chained:
                return chained
            if tok.lower in WEAK_FORMS:
                continue  # "one of the states suing": a noun after all
            break
    return None


def _starts_after_text(w: Window, i: int, first: int) -> bool:
    """Whether a subject starting at offset ``first`` begins the after-text (token ``i``),
    allowing modifiers before it: "Clinton campaign spokesman Brian Fallon said"."""
    k = i
    if k < len(w) and w[k].lower in {"and", "but", "as"}:
        k += 1  # ", as a Homeland Security memo put it"
    count = 0
    while k < len(w) and w[k].start < first:
        tok = w[k]
        if not tok.is_word or tok.lower in CLAUSE_WORDS or tok.lower in CUE_FORMS:
            return False
        count += 1
        k += 1
    return count <= 6


def _dash_signature(w: Window, i: int) -> Attribution | None:
    """``“...” ― Sonya Herridge``: a name after a dash closes the sentence."""
    j = name_run_forward(w.tokens, i)
    if j < len(w) and w[j].text not in ".,;":
        return None
    name, role = split_title(w.words(i, j))
    app = appositive_after(w, j)
    if app:
        role = f"{role}, {app}" if role else app
    return Attribution(name, None, w[i].start, role=role, np_start=w[i].start)


def before_quote(text: str, base: int) -> Attribution | None:
    """Attribution in the part of the sentence before an opening quote mark."""
    w = Window.of(text, base)
    if not w.tokens:
        return None
    for c in range(len(w) - 1, -1, -1):
        tok = w[c]
        if tok.lower == "according" and c + 1 < len(w) and w[c + 1].lower == "to":
            found = speaker_after(w, c + 2, "according to")
            if found:
                return found
            continue
        if not is_cue(tok):
            continue
        if tok.lower == "saying" and c >= 2 and w[c - 1].lower == "as" and w[c - 2].is_cap:
            quoted = name_ending_at(w, c - 2, "quoted")  # "the site quoted Ms Roe as saying"
            if quoted is not None:
                return quoted
        found = subject_before(w, c)
        if found:
            if w[-1].text != ":":
                outer = _reporter(w, found.first)
                if outer is not None:
                    return outer
            return found
        if tok.lower in WEAK_FORMS:
            continue
        if c + 1 < len(w) and (w[-1].text == ":" or tok.is_cap):
            found = speaker_after(w, c + 1, tok.text)
            if found:
                return found
        prev = w[c - 1] if c > 0 else None
        coordinated = prev is not None and (
            prev.lower in {"and", "but", "then", "also", "later", ","} or is_ly_adverb(prev)
        )
        if coordinated or tok.lower.endswith("ing"):
            subj = sentence_subject(w, c)
            if subj:
                return subj
    if w[-1].text == ":":
        return _transcript_label(w)
    return None


def _reporter(w: Window, first: int) -> Attribution | None:
    """The outer speaker of reported speech: in "Trump said ... that Clinton once described
    the deal as “the gold standard”" the quotation is Trump's report, so he is its source."""
    k = w.index_from(first)
    if k is not None and k >= 2 and is_cue(w[k - 1], strong_only=True) and w[k - 1].is_word:
        outer = subject_before(w, k - 1)  # "Meeks said Clinton reassured them that ..."
        if outer is not None and (outer.pronoun or outer.speaker[:1].isupper()):
            return outer
    if k is None or k < 2 or w[k - 1].lower != "that":
        return None
    for c in range(k - 2, max(-1, k - 14), -1):
        tok = w[c]
        if tok.text in '.;:!?"“”':
            return None
        if is_cue(tok, strong_only=True):
            outer = subject_before(w, c)
            if outer is not None and (outer.pronoun or outer.speaker[:1].isupper()):
                return outer
            return None
    return None


def _transcript_label(w: Window) -> Attribution | None:
    """A transcript label: ``PENCE: "..."`` or ``Smith:``."""
    j = len(w) - 2
    if j < 0 or not w[j].is_cap:
        return None
    i = name_run_back(w.tokens, j)
    if i != 0:
        return None
    name, role = split_title(w.words(i, j + 1))
    return Attribution(name, None, w[i].start, role=role)


def clause_attribution(text: str, base: int) -> Attribution | None:
    """Any cue with a subject in a sentence (for a neighbouring sentence)."""
    w = Window.of(text, base)
    for c, tok in enumerate(w.tokens):
        if is_cue(tok, strong_only=True):
            found = subject_before(w, c)
            if found:
                return found
    return None


def subject_before(w: Window, cue_idx: int) -> Attribution | None:
    """The subject of the cue verb at ``cue_idx``: the noun phrase right before it."""
    j = cue_idx - 1
    aspect = _ASPECT if w[cue_idx].lower.endswith("ing") else frozenset()
    while j >= 0 and (
        w[j].lower in ADVERBS or is_ly_adverb(w[j]) or is_negation(w[j]) or w[j].lower in aspect
    ):
        if w[j].lower in _BE_FORMS and _passive(w[cue_idx]):
            return None  # "Greene was also denied gold", "she was asked"
        j -= 1
    if j < 0:
        return None
    cue = w[cue_idx].text
    tok = w[j]
    if tok.lower in ("that", "which") and j == cue_idx - 1:
        return _instrument_before_relative(w, j, cue)  # "a note ... that said:"
    if tok.lower in _TIME_ENDS or (cue.endswith("ing") and not tok.is_word and tok.text != ")"):
        return sentence_subject(w, cue_idx)  # "Trump at the time said", "two weeks ago said"
    if j == cue_idx - 1 and is_possessive(tok) and tok.is_cap:
        return None  # "Mr. Obama's remarks": a noun, not a verb of speech
    if tok.text == "," and j >= 1:
        if cue.endswith("ing"):
            return sentence_subject(w, cue_idx)
        return subject_with_appositive(w, j, cue)
    if tok.lower in PRONOUNS:
        if tok.lower in ("you",):
            return None
        return Attribution(tok.text, cue, tok.start, pronoun=True)
    if tok.text == ")":
        k = j
        while k > 0 and w[k].text != "(":
            k -= 1
        if k > 0 and j - k < 8:
            return name_ending_at(w, k - 1, cue)
        return None
    if tok.is_cap and tok.is_word:
        if j == cue_idx - 1 and tok.lower in AFFILIATIONS | DEMONYMS.keys():
            return None  # "Republican claims", "Russian reports": an adjective and a noun
        found = name_ending_at(w, j, cue)
        first = w.index_from(found.first) if found else None
        if first is not None and first > 0 and w[first - 1].lower in _PLACE_BEFORE_NAME:
            return None  # "a meeting of the WSIS in Geneva agreed": a place, not the subject
        return found
    if tok.is_word and tok.lower not in CLAUSE_WORDS and cue.lower() not in WEAK_FORMS:
        return common_noun_phrase(w, j, cue)
    return None


_ASPECT = frozenset("kept keeps began begins started starts stopped stops went".split())
_TIME_ENDS = TIME_WORDS | {"time", "ago"}
_PLACE_BEFORE_NAME = frozenset("in at from near into across outside inside throughout via".split())
_BE_FORMS = frozenset({"was", "were", "is", "are", "be", "been", "being"})
_NOT_PASSIVE = frozenset({"quoted", "reported", "understood", "believed", "said"})


def _passive(cue: Token) -> bool:
    """Whether a cue after "was"/"is" makes a passive: not a progressive ("Mr Blair is
    saying") nor a report of speech ("Mr Kapor is reported as saying")."""
    return cue.lower not in _NOT_PASSIVE and not cue.lower.endswith("ing")


def _instrument_before_relative(w: Window, rel: int, cue: str) -> Attribution | None:
    """ "carried a note written on a napkin that said:": the instrument the relative clause
    hangs on ("a note"), for the resolver to give to whoever holds or issued it."""
    for k in range(rel - 1, max(-1, rel - 9), -1):
        tok = w[k]
        if tok.text in '.;:!?"“”,':
            return None
        if (
            tok.lower in INSTRUMENT_NOUNS | DOCUMENT_NOUNS
            and k > 0
            and w[k - 1].lower in DETERMINERS
        ):
            return Attribution(w.span(k - 1, k + 1), cue, w[k - 1].start)
    return None


def sentence_subject(w: Window, cue_idx: int) -> Attribution | None:
    """The sentence's subject, for a cue verb with none of its own ("... but warned:")."""
    i = _skip_intro(w.tokens)
    while i < cue_idx and not w[i].is_word:
        i += 1
    if i >= cue_idx:
        return None
    i = after_lower_role(w.tokens, i, cue_idx)  # "novelist Gore Vidal defended ..."
    tok = w[i]
    cue = w[cue_idx].text
    if tok.lower in _EXPLETIVES:
        return None  # "There have been references, such as when Cruz called him ..."
    if tok.lower in PRONOUNS and tok.lower != "you":
        return Attribution(tok.text, cue, tok.start, pronoun=True)
    appos = named_subject_appositive(w, i, cue_idx)
    if appos is not None:
        return appos
    if tok.is_cap and tok.is_word:
        j = name_run_forward(w.tokens, i)
        if j < len(w) and is_possessive(w[j - 1]):
            k = j
            while k < cue_idx and k - j < 3 and is_noun_like(w[k]):
                k += 1
            if k > j and k < cue_idx and w[k].is_cap:
                # "Hillary Clinton's campaign manager Robby Mook"
                end = name_run_forward(w.tokens, k)
                owner = w.span(i, k)
                person = " ".join(w.words(k, end))
                return Attribution(person, cue, w[k].start, role=owner, np_start=tok.start)
            if k > j:
                return Attribution(w.span(i, k), cue, tok.start)
        if j > i and (j >= len(w) or not w[j].is_cap):
            nxt = w[j] if j < len(w) else None
            if (
                nxt is not None
                and nxt.text.islower()
                and nxt.lower not in CLAUSE_WORDS | ADVERBS
                and not is_cue(nxt)
                and not nxt.text.endswith(("ed", "s"))
            ):
                return None
            words = w.words(i, j)
            if words[0].lower() in {"the", "a", "an"} and len(words) == 1:
                return None
            name, role = split_title(words)
            return Attribution(name, cue, tok.start, role=role)
    if tok.lower in DETERMINERS:
        return common_noun_phrase(w, min(cue_idx - 1, i + 3), cue)
    return None


def fallback_subject(text: str, base: int) -> Attribution | None:
    """The subject that opens the sentence, for a quote woven into it with no cue verb:
    "Trump openly admires Putin as a “strong leader”" (speaker Trump, cue None)."""
    w = Window.of(text, base)
    i = _skip_intro(w.tokens)
    i = after_lower_role(w.tokens, i)  # "presidential nominee Hillary Clinton was"
    if i >= len(w):
        return None
    tok = w[i]
    if tok.lower in PRONOUNS and tok.lower not in {"you", "it", "i", "we"}:
        if i + 1 < len(w) and w[i + 1].text.islower():
            return Attribution(tok.text, None, tok.start, pronoun=True)
        return None
    if tok.lower in {"the", "a", "an"}:
        return _determiner_subject(w, i)
    if not (tok.is_cap and tok.is_word) or tok.lower in DETERMINERS | INTRO_WORDS | _EXPLETIVES:
        return None
    person = role_then_name(w.tokens, i)
    if (
        person is not None
        and person[1] < len(w)
        and (_verb_like(w[person[1]]) or is_cue(w[person[1]]))
    ):
        k, end = person  # "Shadow home secretary David Davis welcomed ..."
        name, _ = split_title(w.words(k, end))
        return Attribution(name, None, w[k].start, role=w.span(i, k), np_start=w[i].start)
    j = name_run_forward(w.tokens, i)
    if j < len(w) and is_possessive(w[j - 1]):
        return _possessive_subject(w, i, j)
    if j >= len(w):
        return None
    if j - i >= 2 and all(t.text.isupper() for t in w.tokens[i:j]):
        return None  # an all-capitals heading, not a name
    if w[j].text == "(":  # Harry Reid (D-Nev.), ...
        while j < len(w) and w[j].text != ")":
            j += 1
        j += 1
    if j >= len(w):
        return None
    nxt = w[j]
    if nxt.text == "," or _verb_like(nxt) or is_cue(nxt):
        return _subject_name(w, i, j)
    return None


_AUXILIARIES = frozenset("is was has had will would also then has have are were".split())


def _verb_like(tok: Token) -> bool:
    return (
        tok.is_word
        and tok.text.islower()
        and (tok.lower in _AUXILIARIES or tok.lower not in CLAUSE_WORDS)
    )


def _skip_intro(tokens: list[Token]) -> int:
    """Index of the first token after an introductory phrase ("In January, ...")."""
    i = _after_dateline(tokens)
    while i < len(tokens) and tokens[i].lower in {"but", "and", "so", "yet", "however"}:
        i += 1
        if i < len(tokens) and tokens[i].text == ",":
            i += 1  # "However, Mr Negroponte has ..."
    for _ in range(3):  # "In Sweden last week, to pick up an award, Stone said"
        timed = time_phrase_end(tokens, i)
        if timed:
            i = timed  # "Hours later, she told", "A few days later, Trump said"
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if i >= len(tokens) or not _opens_intro(tokens[i], nxt):
            break
        comma = next((k for k in range(i, min(len(tokens), i + 40)) if tokens[k].text == ","), None)
        if comma is None:
            i = _intro_without_comma(tokens) if i == 0 else i
            break
        i = past_place(tokens, comma + 1)
        # "On July 6, 2015, Sanders said": the year after the date's comma
        if i + 1 < len(tokens) and tokens[i].text.isdigit() and tokens[i + 1].text == ",":
            i += 2
    while i < len(tokens) and tokens[i].lower in {"but", "and", "so", "yet", "however"}:
        i += 1
    return i


def _after_dateline(tokens: list[Token]) -> int:
    """Index after a dateline that opens a story: "LONDON (Reuters) -", "PARIS, May 3 —"."""
    k = 0
    while k < len(tokens) and k < 4 and tokens[k].is_word and tokens[k].text.isupper():
        k += 1
    if k == 0:  # "Washington (AFP) –": a place in title case, then the agency in brackets
        while k < len(tokens) and k < 3 and tokens[k].is_word and tokens[k].is_cap:
            k += 1
        if k == 0 or k >= len(tokens) or tokens[k].text != "(":
            return 0
    if k >= len(tokens) or len(tokens[0].text) < 3:
        return 0
    end = min(len(tokens), k + 8)
    dash = next((m for m in range(k, end) if tokens[m].text in "-—–―"), None)
    if dash is None or any(tokens[m].text in ".;:" for m in range(k, dash)):
        return 0
    return dash + 1


_INTRO_ADVERB_ENDS = ("ely", "sly", "bly", "gly", "tly", "arly", "ially", "nally")


_EXPLETIVES = frozenset({"there", "here"})
_INTRO_PREPOSITIONS = frozenset("in on at to into during this last".split())


def _opens_intro(tok: Token, nxt: Token | None = None) -> bool:
    """A word that opens an introductory phrase: "In January", "To win", "Hammering the
    budget" (a participle), "Friday morning" (a time word), "Conversely," (an adverb; not
    "Kelly," or "Beverly,": names end in -lly and -erly)."""
    low = tok.lower
    if low in INTRO_WORDS or low in TIME_WORDS or low == "to":
        return True
    if nxt is not None and nxt.lower in _INTRO_PREPOSITIONS and nxt.text.islower():
        # "Early in his campaign,", "Here in Columbia,", "Continuing to explain,"
        return low in _EXPLETIVES | {"early", "late"} or low.endswith("ing")
    if len(low) >= 7 and low.endswith(_INTRO_ADVERB_ENDS) and tok.text[1:].islower():
        return True
    return tok.is_word and low.endswith("ing") and len(low) > 5 and low not in CUE_FORMS


def _intro_without_comma(tokens: list[Token]) -> int:
    """ "In February 2025 she wrote": a short time phrase with no comma after it ends at
    the pronoun or name that follows it; 0 when no such phrase is found."""
    k = 1
    while k < len(tokens) and k <= 5:
        tok = tokens[k]
        if tok.lower in TIME_WORDS or tok.text.isdigit() or tok.lower in DETERMINERS:
            k += 1
            continue
        if tok.text.islower() and tok.lower in {"last", "next", "early", "late", "mid"}:
            k += 1
            continue
        break
    if k == 1 or k >= len(tokens):
        return 0
    nxt = tokens[k]
    if nxt.lower in PRONOUNS or (nxt.is_cap and nxt.is_word):
        return k
    return 0


def _determiner_subject(w: Window, i: int) -> Attribution | None:
    """ "The Republican nominee also vowed ...": a short noun phrase and a verb ("The
    director Oona Farrant spoke": the name after the role)."""
    k = after_lower_role(w.tokens, i + 1)
    if k > i + 1:
        end = name_run_forward(w.tokens, k)
        if end < len(w) and (_verb_like(w[end]) or is_cue(w[end])):
            name, _ = split_title(w.words(k, end))
            return Attribution(name, None, w[k].start, role=w.span(i, k), np_start=w[i].start)
    j = i + 1
    while j < len(w) and j - i <= 5 and w[j].is_word:
        tok = w[j]
        if _time_then_verb(w, j):
            speaker = w.span(i, j)  # "The Security Council on Friday made ..."
            return Attribution(speaker, None, w[i].start, np_start=w[i].start)
        if tok.text.islower() and (tok.lower in CLAUSE_WORDS or tok.lower in _AUXILIARIES):
            break
        if (
            tok.text.islower()
            and tok.text.endswith(("ed", "s"))
            and j > i + 1
            and (not w[j - 1].text.islower() or tok.lower.endswith("ed"))
        ):
            break
        j += 1
    if j == i + 1 or j >= len(w) or not _verb_like(w[j]):
        return None
    speaker = w.span(i, j)
    return Attribution(speaker, None, w[i].start, np_start=w[i].start)


def _possessive_subject(w: Window, i: int, j: int) -> Attribution | None:
    """ "Clinton’s campaign is seeking ...": a possessive name and its noun, then a verb."""
    k = j
    while k < len(w) and k - j < 3 and is_noun_like(w[k]) and not w[k].text.endswith("ed"):
        k += 1
    if k == j or k >= len(w) or not (_verb_like(w[k]) or is_cue(w[k])):
        return None
    return Attribution(w.span(i, k), None, w[i].start, np_start=w[i].start)


def _time_then_verb(w: Window, j: int) -> bool:
    """ "on Friday made": a time phrase between a subject and its verb."""
    if w[j].lower not in ("on", "last", "this") or j + 2 >= len(w):
        return False
    return w[j + 1].lower in TIME_WORDS and _verb_like(w[j + 2])


def _subject_name(w: Window, i: int, j: int) -> Attribution | None:
    """The name in tokens ``i`` to ``j`` (its capitalised words, a trailing party tag like
    "D-Nev" left out) as a sentence's subject."""
    words = [t.text for t in w.tokens[i:j] if t.is_word and (t.is_cap or t.lower == "of")]
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and "-" in words[k - 1] and k > 1:
        k -= 1  # a trailing party tag like D-Nev
    words = words[:k]
    if not words:
        return None
    name, role = split_title(words)  # "Laura Brownlees of Save": of Save is a role
    return Attribution(name, None, w[i].start, role=role, np_start=w[i].start)
