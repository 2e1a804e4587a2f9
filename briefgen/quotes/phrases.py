"""Speaker noun phrases: names, common noun phrases and appositives around a cue verb.

Each rule looks at a :class:`~.tokens.Window` and the token indices next to a cue verb and
returns an :class:`Attribution` (the speaker as written, its role, where it starts) or
``None``:

* a name ending right before the verb, with the titles and lower-case role words before
  it: "campaign spokesman Jason Miller said" (:func:`name_ending_at`);
* a common noun phrase: "the ministry", "Netanyahu's office", "One delegate from a
  Pacific state" (:func:`common_noun_phrase`);
* a subject separated from its verb by appositives: "Daniel Byman, a professor at
  Georgetown University, said" (:func:`subject_with_appositive`,
  :func:`appositive_chain`), or named by one: "The minister, Hana Berg, said"
  (:func:`named_subject_appositive`);
* the speaker after the verb in inverted order: "said Daniel Byman, a professor at ..."
  (:func:`speaker_after`, :func:`appositive_after`).
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.core.lexicon import (
    CLAUSE_WORDS,
    CUE_FORMS,
    DETERMINERS,
    ORG_WORDS,
    PLURAL_HEADS,
    PRONOUNS,
    ROLE_NOUNS,
    TIME_WORDS,
    TITLES,
)

from .tokens import (
    Window,
    is_cue,
    is_negation,
    is_noun_like,
    is_possessive,
    name_run_back,
    name_run_forward,
    role_then_name,
    split_title,
)


@dataclass(frozen=True)
class Attribution:
    """A speaker as written in the text, with its cue and where it was found."""

    speaker: str
    cue: str | None
    pos: int  # offset of the speaker in the article
    role: str | None = None
    pronoun: bool = False
    np_start: int = -1  # offset of the whole noun phrase, titles included

    @property
    def first(self) -> int:
        return self.np_start if self.np_start >= 0 else self.pos


def name_ending_at(w: Window, j: int, cue: str) -> Attribution | None:
    """The capitalised name that ends at token ``j``, its titles moved to ``role``."""
    i = name_run_back(w.tokens, j)
    if i > j:
        return None
    words = w.words(i, j + 1)
    if words and words[0].lower() == "the" and len(words) == 1:
        return None
    name, role = split_title(words)
    if not name:
        return None
    lead = _role_before(w, i)
    if lead:
        role = f"{lead} {role}" if role else lead
    start = w[i].start + (len(" ".join(words)) - len(name) if role else 0)
    return Attribution(name, cue, start, role=role, np_start=w[i].start)


def _role_before(w: Window, i: int) -> str | None:
    """Lower-case words that describe the name after them: "campaign spokesman Jason Miller"."""
    k = i
    while k - 1 >= 0 and i - k < 4:
        prev = w[k - 1]
        if prev.is_word and prev.text.islower() and prev.lower in TITLES:
            k -= 1
        else:
            break
    if k == i:
        return None
    return " ".join(w.words(k, i))


def common_noun_phrase(w: Window, j: int, cue: str) -> Attribution | None:
    """A common noun phrase ending at token ``j``: "the ministry", "Netanyahu's office"."""
    k = j
    while k >= 0 and j - k < 6:
        tok = w[k]
        if tok.lower in PRONOUNS or is_negation(tok):
            break
        if tok.lower in DETERMINERS:
            if k > 0 and w[k - 1].lower in _PLACE_PREPOSITIONS:
                return None  # "Protesters marching through the streets chanted": a place
            return _phrase(w, _head_phrase_start(w, k), j, cue)
        if is_possessive(tok) and tok.is_cap:
            i = name_run_back(w.tokens, k)
            return _phrase(w, i, j, cue)
        if tok.is_cap and tok.is_word and k < j:
            i = name_run_back(w.tokens, k)
            m = i
            while m > 0 and i - m < 3 and is_noun_like(w[m - 1]):
                m -= 1  # "The double Olympic champion"
            if m > 0 and w[m - 1].lower in DETERMINERS:
                i = m
            if i > 0 and w[i - 1].lower in DETERMINERS:
                i = _head_phrase_start(w, i - 1)  # "a Pacific state"
            return _phrase(w, i, j, cue)
        if not tok.is_word or tok.lower in CLAUSE_WORDS or (k < j and tok.lower in CUE_FORMS):
            break
        k -= 1
    head = w[j].lower
    first = k + 1
    if head in PLURAL_HEADS and j - first < 3:
        return _phrase(w, first, j, cue)
    return None


_NP_PREPOSITIONS = frozenset({"from", "of", "at", "in", "with", "for"})
# Prepositions before a place or path, never before a speaker.
_PLACE_PREPOSITIONS = frozenset(
    "through into across over under around along toward towards past onto via inside".split()
)
# Prepositions that end a speaker's noun phrase ("the director behind JFK" is the director).
_NP_STOP = frozenset(
    "behind beside besides near across around among along alongside beyond like unlike via".split()
)


def _head_phrase_start(w: Window, d: int) -> int:
    """Start of a noun phrase whose determiner is token ``d``, taking in the head noun
    phrase it modifies: "a Pacific state" -> "One delegate from a Pacific state"."""
    if d < 2 or w[d - 1].lower not in _NP_PREPOSITIONS:
        return d
    k = d - 2
    while k >= 0 and d - k <= 5:
        tok = w[k]
        if tok.lower in DETERMINERS:
            return k
        if not is_noun_like(tok):
            break
        k -= 1
    return d


def _phrase(w: Window, i: int, j: int, cue: str) -> Attribution:
    """Tokens ``i`` to ``j`` (inclusive) as the speaker."""
    return Attribution(w.span(i, j + 1), cue, w[i].start)


def subject_with_appositive(w: Window, comma: int, cue: str) -> Attribution | None:
    """``Daniel Byman, a professor at Georgetown University, said`` (one or more
    appositives between the name and the verb; ``comma`` is the one before the verb)."""
    commas = [comma]
    k = comma - 1
    while k > 0 and comma - k < 45:
        if w[k].text in '.;:!?"“”':
            break
        if w[k].text == ",":
            commas.append(k)
        k -= 1
    for c in commas[1:]:
        found = _name_before_comma(w, c, cue)
        if found is not None:
            role = w.span(c + 1, comma)
            named = _name_in_appositive(w, c + 1, comma)
            if named is not None and _is_descriptive(found.speaker):
                # "The minister, Hana Berg, said" / "Her co-author, Professor Tomasz
                # Whiteley of the University of Caldmoor, added": the name is the speaker
                name, title = named
                return Attribution(
                    name,
                    cue,
                    w[c + 1].start,
                    role=f"{found.speaker}, {title}" if title else found.speaker,
                    np_start=found.first,
                )
            return Attribution(
                found.speaker,
                cue,
                found.pos,
                role=role,
                pronoun=found.pronoun,
                np_start=found.first,
            )
    return None


_DESCRIPTIVE_HEADS = frozenset(
    "the a an his her its their our my one another each both either neither".split()
)


def _is_descriptive(phrase: str) -> bool:
    """A phrase that describes a speaker without naming one: "The minister", "Her
    co-author", "One of them", "Dunmore’s chief paramedic"."""
    words = phrase.split()
    if not words:
        return False
    if words[0].lower() in _DESCRIPTIVE_HEADS or not words[0][:1].isupper():
        return True
    poss = next((k for k, word in enumerate(words) if word.endswith(("’s", "'s"))), None)
    return poss is not None and poss + 1 < len(words) and words[poss + 1].islower()


def _name_in_appositive(w: Window, i: int, comma: int) -> tuple[str, str | None] | None:
    """Name and title of an appositive that is a name: ", Professor Ann Lee of X," """
    if i >= comma or not (w[i].is_cap and w[i].is_word):
        return None
    if w[i].lower in PRONOUNS or w[i].lower in DETERMINERS:
        return None
    j = name_run_forward(w.tokens, i)
    if j != comma:
        return None
    words = w.words(i, j)
    if any(word.lower() in ORG_WORDS for word in words[:2]):
        return None
    name, title = split_title(words)
    if title is not None and title.lower().rstrip(".") in ("mr", "mrs", "ms", "miss"):
        title = None
    return (name, title) if name else None


def _name_before_comma(w: Window, c: int, cue: str) -> Attribution | None:
    """The noun phrase that ends just before the comma at token ``c``, if it starts a clause."""
    name_end = c - 1
    if name_end >= 0 and w[name_end].text == ")":
        while name_end > 0 and w[name_end].text != "(":
            name_end -= 1
        name_end -= 1
    if name_end < 0:
        return None
    tok = w[name_end]
    if tok.lower in PRONOUNS and tok.lower != "you":
        return Attribution(tok.text, cue, tok.start, pronoun=True)
    if tok.is_cap and tok.is_word:
        found = name_ending_at(w, name_end, cue)
        if found and not _starts_clause(w, found.first):
            return None
        return found
    if (
        tok.lower in ("them", "us", "those")
        and name_end >= 2
        and w[name_end - 1].lower == "of"
        and w[name_end - 2].lower in DETERMINERS
    ):
        # "One of them, Mr Alan Dewhurst-Pike, said"
        found = _phrase(w, name_end - 2, name_end, cue)
        return found if _starts_clause(w, found.first) else None
    if tok.is_word:
        found = common_noun_phrase(w, name_end, cue)
        if found and _starts_clause(w, found.first):
            return found
    return None


def _starts_clause(w: Window, first: int) -> bool:
    """Whether the phrase starting at offset ``first`` opens its clause."""
    idx = w.index_from(first) or 0
    steps = 0
    while idx > 0 and steps < 5:
        prev = w[idx - 1]
        if not prev.is_word or prev.lower in CLAUSE_WORDS or prev.lower in CUE_FORMS:
            break
        idx -= 1  # modifiers: "Democratic nominee Hillary Clinton"
        steps += 1
    if idx == 0:
        return True
    prev = w[idx - 1]
    return prev.text in ',;:—–("“”' or prev.lower in {"and", "but", "while", "as"}


def speaker_after(w: Window, i: int, cue: str) -> Attribution | None:
    """The speaker named from token ``i`` on, after its cue (inverted order: "said Daniel
    Byman, ..." / "according to the police")."""
    if i >= len(w):
        return None
    tok = w[i]
    if tok.lower in PRONOUNS and tok.lower != "you":
        return Attribution(tok.text, cue, tok.start, pronoun=True)
    if tok.lower in TIME_WORDS:
        return None
    lead = i
    while (
        lead < len(w)
        and lead - i < 4
        and (w[lead].is_word or (w[lead].text in "/-" and lead > i))
        and not w[lead].is_cap
        and w[lead].lower not in CLAUSE_WORDS | DETERMINERS
    ):
        lead += 1  # "said 9/11 widow Terry Strada"
    if lead > i and lead < len(w) and w[lead].is_cap and w[lead].is_word:
        found = speaker_after(w, lead, cue)
        if found and not found.pronoun:
            modifier = w.span(i, lead)
            lead_role = f"{modifier}, {found.role}" if found.role else modifier
            return Attribution(found.speaker, cue, found.pos, role=lead_role, np_start=tok.start)
    if tok.is_cap and tok.is_word:
        return _name_after(w, i, cue)
    if tok.lower in DETERMINERS and tok.lower not in {"that", "this", "those", "these"}:
        j = i + 1
        while (
            j < len(w)
            and j - i < 6
            and w[j].is_word
            and (w[j].lower not in CLAUSE_WORDS or w[j].lower == "of")
            and w[j].lower not in _NP_STOP
        ):
            j += 1
        if j > i + 1:
            named = _named_after_role(w, i, j, cue)
            return named or Attribution(w.span(i, j), cue, tok.start)
    return None


def _named_after_role(w: Window, i: int, j: int, cue: str) -> Attribution | None:
    """ "said a spokeswoman for the hotel group, Mirela Dancu": a role (tokens ``i`` to
    ``j`` and a short "for/of/at ..." phrase) and the name in the appositive after it."""
    k = j
    while k < len(w) and k - j < 6 and (w[k].is_word or w[k].text in "&'’"):
        if w[k].lower in _NP_STOP:
            return None
        k += 1
    if k >= len(w) or w[k].text != "," or k + 1 >= len(w):
        return None
    named = _name_in_appositive_end(w, k + 1)
    if named is None:
        return None
    name, start = named
    return Attribution(name, cue, start, role=w.span(i, k), np_start=w[i].start)


def _name_in_appositive_end(w: Window, i: int) -> tuple[str, int] | None:
    """A name from token ``i`` to the clause's end (a full stop, comma or the end)."""
    if not (w[i].is_cap and w[i].is_word) or w[i].lower in PRONOUNS or w[i].lower in DETERMINERS:
        return None
    end = name_run_forward(w.tokens, i)
    if end - i < 2 or (end < len(w) and w[end].text not in ".,;"):
        return None
    name, _ = split_title(w.words(i, end))
    return name, w[i].start


def _name_after(w: Window, i: int, cue: str) -> Attribution:
    """The capitalised name starting at token ``i``, with the appositive after it as role;
    a possessive name takes the nouns after it: "said Netanyahu's office"."""
    tok = w[i]
    person = role_then_name(w.tokens, i)
    if person is not None:
        k = person[0]
        found = _name_after(w, k, cue)
        lead = w.span(i, k)
        lead = f"{lead}, {found.role}" if found.role else lead
        return Attribution(found.speaker, cue, found.pos, role=lead, np_start=tok.start)
    j = name_run_forward(w.tokens, i)
    words = w.words(i, j)
    if words and is_possessive(w[j - 1]):
        k = j
        while k < len(w) and k - j < 3 and is_noun_like(w[k]):
            k += 1
        return Attribution(w.span(i, k), cue, tok.start)
    name, role = split_title(words)
    if role is not None and role.startswith("of ") and j < len(w) and is_noun_like(w[j]):
        k = j
        while k < len(w) and k - j < 5 and w[k].is_word and w[k].lower not in CLAUSE_WORDS:
            k += 1  # "Mira Kell of IT firm Dunmore": the role goes on past "of IT"
        role = f"{role} {w.span(j, k)}"
        j = k
    app: str | None = appositive_after(w, j)
    if app:
        role = f"{role}, {app}" if role else app
    offset = len(" ".join(words)) - len(name)
    return Attribution(name, cue, tok.start + offset, role=role)


def appositive_after(w: Window, j: int) -> str | None:
    """ ", a professor at Georgetown University" after a name, up to the clause's end."""
    if j >= len(w) or w[j].text != ",":
        return None
    k = j + 1
    if k >= len(w):
        return None
    first = w[k]
    if not (
        first.lower in DETERMINERS
        or first.lower in TITLES
        or first.lower in ROLE_NOUNS
        or first.is_cap
    ):
        return None  # ", head of IT at Dunmore Council" is a role too
    if first.text.endswith("ing") or first.lower in CLAUSE_WORDS - {"the"}:
        return None
    end = k
    while end < len(w):
        tok = w[end]
        if tok.text in '.;:!?"“”—':
            break
        if tok.text == "," and end + 1 < len(w):
            nxt = w[end + 1]
            if nxt.text.endswith("ing") or nxt.lower in {"and", "but", "according", "as"}:
                break
            if is_cue(nxt):
                break
        end += 1
    if end == k or end == len(w):
        return None  # "According to Dr X, the outbreak “...”": a clause, not an appositive
    role = w.span(k, end).rstrip(", ")
    return role or None


def appositive_chain(w: Window, i: int, cue_idx: int) -> Attribution | None:
    """``Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said``:
    a name at token ``i`` and everything up to the comma before the cue as its role."""
    if cue_idx < 2 or w[cue_idx - 1].text != "," or not w[i].is_cap:
        return None
    j = name_run_forward(w.tokens, i)
    if j >= cue_idx or w[j].text != ",":
        return None
    name, role = split_title(w.words(i, j))
    appos = w.span(j + 1, cue_idx - 1)
    role = f"{role}, {appos}" if role else appos
    return Attribution(name, w[cue_idx].text, w[i].start, role=role, np_start=w[i].start)


def named_subject_appositive(w: Window, i: int, cue_idx: int) -> Attribution | None:
    """ "One of them, Mr Alan Dewhurst-Pike, said ... but warned": the named appositive of
    a descriptive subject that starts at token ``i``."""
    c1 = next((k for k in range(i + 1, min(cue_idx, i + 12)) if w[k].text == ","), None)
    if c1 is None:
        return None
    c2 = next((k for k in range(c1 + 1, min(cue_idx, c1 + 10)) if w[k].text == ","), None)
    if c2 is None:
        return None
    phrase = w.span(i, c1)
    named = _name_in_appositive(w, c1 + 1, c2)
    if named is None or not _is_descriptive(phrase):
        return None
    name, title = named
    role = f"{phrase}, {title}" if title else phrase
    return Attribution(name, w[cue_idx].text, w[c1 + 1].start, role=role, np_start=w[i].start)
