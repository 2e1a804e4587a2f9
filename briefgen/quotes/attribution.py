"""Attribution: who is quoted, by which cue verb, found by surface patterns.

No parser and no tagger: the text around a quotation is cut into word tokens and matched
against a few patterns built from a cue-verb list and the shape of English noun phrases in
news copy (capitalised name runs, "the ministry", "Netanyahu's office", pronouns):

* after the quote: ``, he said`` / ``, said Daniel Byman, a professor at ...`` /
  ``, the ministry said in a statement`` / ``, according to the police``;
* before the quote, in the same sentence: ``Smith said:`` / ``Smith told reporters that``
  (the subject right before the cue verb, or the sentence's subject when the verb has
  none, as in ``Trump added ... but warned:``);
* the neighbouring sentence, when the quotation's own sentence has no cue: a sentence
  ending in a colon before it, or the previous paragraph's speaker when a paragraph is
  nothing but quotation (the news convention for a speaker who goes on).

Limits: a subject is found only right before its verb (or at the start of the sentence);
long appositives, relative clauses and unusual word order can hide it; a capitalised
sentence-initial word is taken as part of a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.lexicon import (
    ADVERBS,
    AFFILIATIONS,
    CLAUSE_WORDS,
    CUE_FORMS,
    DETERMINERS,
    INTRO_WORDS,
    NAME_CONNECTORS,
    ORG_WORDS,
    PLURAL_HEADS,
    PRONOUNS,
    TIME_WORDS,
    TITLES,
    WEAK_FORMS,
)

from ..sentences import ABBREVIATIONS

# Latin-1 symbols and C1 controls stay inside a word: they are what mojibake leaves of an
# accented letter ("FranÃ\x83Â§ois"); no-break space and guillemets are not among them.
_MOJIBAKE = "\u0080-\u009f\u00a1-\u00aa\u00ac-\u00ba\u00bc-\u00bf"
_TOKEN = re.compile(rf"[\w$£€][\w’'.\-&{_MOJIBAKE}]*|[^\w\s]")
_APOSTROPHES = "’'"


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


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


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens with article offsets; a sentence-final period is split off."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(0), m.start() + offset
        closing = text[m.end() : m.end() + 1] in (")", ",")
        if len(word) > 1 and word.endswith(".") and not (closing or _keeps_period(word)):
            tokens.append(Token(word[:-1], start, start + len(word) - 1))
            tokens.append(Token(".", start + len(word) - 1, start + len(word)))
        elif len(word) > 1 and word[-1] in "-’'" and word[-2] not in "sS":
            tokens.append(Token(word[:-1], start, start + len(word) - 1))
        else:
            tokens.append(Token(word, start, start + len(word)))
    return tokens


def _keeps_period(word: str) -> bool:
    core = word[:-1]
    if core.lower() in ABBREVIATIONS or core.lower() + "." in TITLES:
        return True
    if len(core) == 1 and core.isupper():
        return True  # an initial
    return "." in core  # U.S., D.C.


def is_cue(tok: Token, strong_only: bool = False) -> bool:
    """Whether ``tok`` is a verb of speech (lower case: "States" and "Post" are names)."""
    low = tok.lower
    if low not in CUE_FORMS or not (tok.text.islower() or tok.text in ("Said", "Says")):
        return False
    return not (strong_only and low in WEAK_FORMS)


def _base(tok: Token) -> str:
    """A token without a possessive ending."""
    t = tok.text
    for suffix in ("’s", "'s", "’", "'"):
        if t.endswith(suffix) and len(t) > len(suffix):
            return t[: -len(suffix)]
    return t


def _is_possessive(tok: Token) -> bool:
    return tok.text.endswith(("’s", "'s", "s’", "s'")) and len(tok.text) > 2


def name_run_back(tokens: list[Token], j: int) -> int:
    """Index of the first token of the capitalised run that ends at token ``j``."""
    i = j
    while i - 1 >= 0:
        prev = tokens[i - 1]
        if prev.is_cap and prev.is_word and prev.lower not in PRONOUNS:
            if _is_possessive(prev):
                break
            i -= 1
        elif prev.lower in NAME_CONNECTORS and i - 2 >= 0 and tokens[i - 2].is_cap:
            i -= 1
        elif prev.lower == "of" and i - 2 >= 0 and tokens[i - 2].is_cap and tokens[i].is_cap:
            i -= 1  # Association of Flight Attendants, Secretary of State John Kerry
        elif prev.lower == "for" and i - 2 >= 0 and _is_title(tokens[i - 2]) and tokens[i].is_cap:
            i -= 1  # Minister for Democratic Reform Tomas Reyes-Halloran
        elif (
            prev.lower == "the"
            and i - 3 >= 0
            and tokens[i - 2].lower == "of"
            and tokens[i - 3].is_cap
        ):
            i -= 2  # Mr. Morgan of the Sierra Club
        elif prev.text == '"' and i - 2 >= 0 and tokens[i - 2].is_cap:
            i -= 1  # a nickname in quotes: Marcia "Cia" Price
        else:
            break
    while i < j and (
        (tokens[i].lower in DETERMINERS and tokens[i].lower != "the")
        or tokens[i].lower in INTRO_WORDS
        or tokens[i].lower in TIME_WORDS
    ):
        i += 1
    return i


def name_run_forward(tokens: list[Token], i: int) -> int:
    """Index one past the capitalised run that starts at token ``i``."""
    j = i
    while j < len(tokens):
        tok = tokens[j]
        if tok.is_cap and tok.is_word:
            j += 1
            if _is_possessive(tok):
                break
        elif (tok.lower in NAME_CONNECTORS and j + 1 < len(tokens) and tokens[j + 1].is_cap) or (
            tok.lower == "of" and j > i and j + 1 < len(tokens) and tokens[j + 1].is_cap
        ):
            j += 1
        elif (
            tok.lower == "of"
            and j > i
            and j + 2 < len(tokens)
            and tokens[j + 1].lower == "the"
            and tokens[j + 2].is_cap
        ):
            j += 2
        else:
            break
    return j


def _is_title(tok: Token) -> bool:
    return tok.is_cap and tok.lower.rstrip(".") in TITLES


def split_title(words: list[str]) -> tuple[str, str | None]:
    """Split "Iranian President Masoud Pezeshkian" into name and role ("Iranian President");
    "Mr. Morgan of the Sierra Club" into "Mr. Morgan" and "of the Sierra Club";
    "Minister for Democratic Reform Tomas Reyes-Halloran" into the last two words and the
    title; a party or affiliation word before a name ("Democratic Jo Smith") is a role."""
    while words and words[-1].lower() in ("of", "the"):
        words = words[:-1]
    if "for" in words[1:-2] and words[0].lower().rstrip(".") in TITLES:
        return " ".join(words[-2:]), " ".join(words[:-2])
    if len(words) >= 3 and words[0].lower() in AFFILIATIONS and words[1].lower() not in TITLES:
        name, role = split_title(words[1:])
        return name, f"{words[0]} {role}" if role else words[0]
    if "of" in words[1:]:
        at = words.index("of", 1)
        head = words[:at]
        if head and head[-1].lower() not in TITLES and not _org_like(head):
            name, role = split_title(head)
            tail = " ".join(words[at:])
            return name, f"{role}, {tail}" if role else tail
    last_title = -1
    for k, w in enumerate(words[:-1]):
        if w.lower().rstrip(".") in TITLES or w.lower() in TITLES:
            last_title = k
    if last_title < 0:
        return " ".join(words), None
    role = " ".join(words[: last_title + 1])
    name = " ".join(words[last_title + 1 :])
    return name, role


def _org_like(words: list[str]) -> bool:
    return any(w.lower() in ORG_WORDS for w in words)


def _span_text(text: str, tokens: list[Token], i: int, j: int, base: int) -> str:
    """Text of tokens[i:j] as written in the article (``text`` starts at ``base``)."""
    return text[tokens[i].start - base : tokens[j - 1].end - base]


def subject_before(text: str, tokens: list[Token], cue_idx: int, base: int) -> Attribution | None:
    """The subject of the cue verb at ``cue_idx``: the noun phrase right before it."""
    j = cue_idx - 1
    while j >= 0 and (tokens[j].lower in ADVERBS or _is_adverb(tokens[j]) or _negation(tokens[j])):
        j -= 1
    if j < 0:
        return None
    cue = tokens[cue_idx].text
    tok = tokens[j]
    if tok.lower in TIME_WORDS or (cue.endswith("ing") and not tok.is_word):
        return sentence_subject(text, tokens, cue_idx, base)
    if j == cue_idx - 1 and _is_possessive(tok) and tok.is_cap:
        return None  # "Mr. Obama's remarks": a noun, not a verb of speech
    if tok.text == "," and j >= 1:
        if cue.endswith("ing"):
            return sentence_subject(text, tokens, cue_idx, base)
        return _appositive_subject(text, tokens, j, cue, base)
    if tok.lower in PRONOUNS:
        if tok.lower in ("you",):
            return None
        return Attribution(tok.text, cue, tok.start, pronoun=True)
    if tok.text == ")":
        k = j
        while k > 0 and tokens[k].text != "(":
            k -= 1
        if k > 0 and j - k < 8:
            return _name_at(text, tokens, k - 1, cue, base, role_suffix=None)
        return None
    if tok.is_cap and tok.is_word:
        return _name_at(text, tokens, j, cue, base, role_suffix=None)
    if tok.is_word and tok.lower not in CLAUSE_WORDS and cue.lower() not in WEAK_FORMS:
        return _common_np(text, tokens, j, cue, base)
    return None


def _is_noun_like(tok: Token) -> bool:
    """A lower-case word that may be part of a noun phrase (not a verb of speech or a
    function word)."""
    return (
        tok.text.islower()
        and tok.is_word
        and tok.lower not in CLAUSE_WORDS
        and tok.lower not in CUE_FORMS
        and tok.lower not in DETERMINERS
        and tok.lower not in ADVERBS
    )


def _negation(tok: Token) -> bool:
    """ "not", "didn't", "won’t": skipped between a subject and its verb."""
    return tok.lower == "not" or tok.lower.endswith(("n't", "n’t"))


def _is_adverb(tok: Token) -> bool:
    return tok.text.islower() and tok.text.endswith("ly") and len(tok.text) > 4


def _name_at(
    text: str, tokens: list[Token], j: int, cue: str, base: int, role_suffix: str | None
) -> Attribution | None:
    i = name_run_back(tokens, j)
    if i > j:
        return None
    words = [t.text for t in tokens[i : j + 1]]
    if words and words[0].lower() == "the" and len(words) == 1:
        return None
    name, role = split_title(words)
    if not name:
        return None
    lead = _role_before(tokens, i)
    if lead:
        role = f"{lead} {role}" if role else lead
    if role_suffix:
        role = role_suffix
    start = tokens[i].start + (len(" ".join(words)) - len(name) if role else 0)
    return Attribution(name, cue, start, role=role, np_start=tokens[i].start)


def _role_before(tokens: list[Token], i: int) -> str | None:
    """Lower-case words that describe the name after them: "campaign spokesman Jason Miller"."""
    k = i
    while k - 1 >= 0 and i - k < 4:
        prev = tokens[k - 1]
        if prev.is_word and prev.text.islower() and prev.lower in TITLES:
            k -= 1
        else:
            break
    if k == i:
        return None
    return " ".join(t.text for t in tokens[k:i])


def _common_np(text: str, tokens: list[Token], j: int, cue: str, base: int) -> Attribution | None:
    """A common noun phrase ending at token ``j``: "the ministry", "Netanyahu's office"."""
    k = j
    while k >= 0 and j - k < 6:
        tok = tokens[k]
        if tok.lower in PRONOUNS or _negation(tok):
            break
        if tok.lower in DETERMINERS:
            return _np(text, tokens, _np_head_start(tokens, k), j, cue, base)
        if _is_possessive(tok) and tok.is_cap:
            i = name_run_back(tokens, k)
            return _np(text, tokens, i, j, cue, base)
        if tok.is_cap and tok.is_word and k < j:
            i = name_run_back(tokens, k)
            if i > 0 and tokens[i - 1].lower in DETERMINERS:
                i = _np_head_start(tokens, i - 1)  # "a Pacific state"
            return _np(text, tokens, i, j, cue, base)
        if not tok.is_word or tok.lower in CLAUSE_WORDS or (k < j and tok.lower in CUE_FORMS):
            break
        k -= 1
    head = tokens[j].lower
    first = k + 1
    if head in PLURAL_HEADS and j - first < 3:
        return _np(text, tokens, first, j, cue, base)
    return None


_NP_PREPOSITIONS = frozenset({"from", "of", "at", "in", "with", "for"})


def _np_head_start(tokens: list[Token], d: int) -> int:
    """Start of a noun phrase whose determiner is token ``d``, taking in the head noun
    phrase it modifies: "a Pacific state" -> "One delegate from a Pacific state"."""
    if d < 2 or tokens[d - 1].lower not in _NP_PREPOSITIONS:
        return d
    k = d - 2
    while k >= 0 and d - k <= 5:
        tok = tokens[k]
        if tok.lower in DETERMINERS:
            return k
        if not _is_noun_like(tok):
            break
        k -= 1
    return d


def _np(text: str, tokens: list[Token], i: int, j: int, cue: str, base: int) -> Attribution:
    return Attribution(_span_text(text, tokens, i, j + 1, base), cue, tokens[i].start)


def _appositive_subject(
    text: str, tokens: list[Token], comma: int, cue: str, base: int
) -> Attribution | None:
    """``Daniel Byman, a professor at Georgetown University, said`` (one or more
    appositives between the name and the verb)."""
    commas = [comma]
    k = comma - 1
    while k > 0 and comma - k < 45:
        if tokens[k].text in '.;:!?"“”':
            break
        if tokens[k].text == ",":
            commas.append(k)
        k -= 1
    for c in commas[1:]:
        found = _name_before_comma(text, tokens, c, cue, base)
        if found is not None:
            role = _span_text(text, tokens, c + 1, comma, base)
            named = _named_appositive(text, tokens, c + 1, comma, base)
            if named is not None and _descriptive(found.speaker):
                # "The minister, Hana Berg, said" / "Her co-author, Professor Tomasz
                # Whiteley of the University of Caldmoor, added": the name is the speaker
                name, title = named
                return Attribution(
                    name,
                    cue,
                    tokens[c + 1].start,
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


def _descriptive(phrase: str) -> bool:
    """A phrase that describes a speaker without naming one: "The minister", "Her
    co-author", "One of them", "Dunmore’s chief paramedic"."""
    words = phrase.split()
    if not words:
        return False
    if words[0].lower() in _DESCRIPTIVE_HEADS or not words[0][:1].isupper():
        return True
    poss = next((k for k, w in enumerate(words) if w.endswith(("’s", "'s"))), None)
    return poss is not None and poss + 1 < len(words) and words[poss + 1].islower()


def _named_appositive(
    text: str, tokens: list[Token], i: int, comma: int, base: int
) -> tuple[str, str | None] | None:
    """Name and title of an appositive that is a name: ", Professor Ann Lee of X," """
    if i >= comma or not (tokens[i].is_cap and tokens[i].is_word):
        return None
    if tokens[i].lower in PRONOUNS or tokens[i].lower in DETERMINERS:
        return None
    j = name_run_forward(tokens, i)
    if j != comma:
        return None
    words = [t.text for t in tokens[i:j]]
    if any(w.lower() in ORG_WORDS for w in words[:2]):
        return None
    name, title = split_title(words)
    if title is not None and title.lower().rstrip(".") in ("mr", "mrs", "ms", "miss"):
        title = None
    return (name, title) if name else None


def _name_before_comma(
    text: str, tokens: list[Token], c: int, cue: str, base: int
) -> Attribution | None:
    """The noun phrase that ends just before the comma at token ``c``, if it starts a clause."""
    name_end = c - 1
    if name_end >= 0 and tokens[name_end].text == ")":
        while name_end > 0 and tokens[name_end].text != "(":
            name_end -= 1
        name_end -= 1
    if name_end < 0:
        return None
    tok = tokens[name_end]
    if tok.lower in PRONOUNS and tok.lower != "you":
        return Attribution(tok.text, cue, tok.start, pronoun=True)
    if tok.is_cap and tok.is_word:
        found = _name_at(text, tokens, name_end, cue, base, role_suffix=None)
        if found and not _starts_clause(tokens, found.first):
            return None
        return found
    if (
        tok.lower in ("them", "us", "those")
        and name_end >= 2
        and tokens[name_end - 1].lower == "of"
        and tokens[name_end - 2].lower in DETERMINERS
    ):
        # "One of them, Mr Alan Dewhurst-Pike, said"
        found = _np(text, tokens, name_end - 2, name_end, cue, base)
        return found if _starts_clause(tokens, found.first) else None
    if tok.is_word:
        found = _common_np(text, tokens, name_end, cue, base)
        if found and _starts_clause(tokens, found.first):
            return found
    return None


def _starts_clause(tokens: list[Token], first: int) -> bool:
    """Whether the phrase starting at offset ``first`` opens its clause."""
    idx = next((n for n, t in enumerate(tokens) if t.start >= first), 0)
    steps = 0
    while idx > 0 and steps < 5:
        prev = tokens[idx - 1]
        if not prev.is_word or prev.lower in CLAUSE_WORDS or prev.lower in CUE_FORMS:
            break
        idx -= 1  # modifiers: "Democratic nominee Hillary Clinton"
        steps += 1
    if idx == 0:
        return True
    prev = tokens[idx - 1]
    return prev.text in ',;:—–("“”' or prev.lower in {"and", "but", "while", "as"}


def np_after(text: str, tokens: list[Token], i: int, cue: str, base: int) -> Attribution | None:
    """The noun phrase that starts at token ``i`` (inverted order: "said Daniel Byman, ...")."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.lower in PRONOUNS and tok.lower != "you":
        return Attribution(tok.text, cue, tok.start, pronoun=True)
    if tok.lower in TIME_WORDS:
        return None
    lead = i
    while (
        lead < len(tokens)
        and lead - i < 4
        and (tokens[lead].is_word or (tokens[lead].text in "/-" and lead > i))
        and not tokens[lead].is_cap
        and tokens[lead].lower not in CLAUSE_WORDS | DETERMINERS
    ):
        lead += 1  # "said 9/11 widow Terry Strada"
    if lead > i and lead < len(tokens) and tokens[lead].is_cap and tokens[lead].is_word:
        found = np_after(text, tokens, lead, cue, base)
        if found and not found.pronoun:
            modifier = _span_text(text, tokens, i, lead, base)
            lead_role = f"{modifier}, {found.role}" if found.role else modifier
            return Attribution(found.speaker, cue, found.pos, role=lead_role, np_start=tok.start)
    if tok.is_cap and tok.is_word:
        j = name_run_forward(tokens, i)
        words = [t.text for t in tokens[i:j]]
        if words and _is_possessive(tokens[j - 1]):
            # "said Netanyahu's office"
            k = j
            while k < len(tokens) and k - j < 3 and _is_noun_like(tokens[k]):
                k += 1
            return Attribution(_span_text(text, tokens, i, k, base), cue, tok.start)
        name, role = split_title(words)
        app: str | None = _appositive_after(text, tokens, j, base)
        if app:
            role = f"{role}, {app}" if role else app
        offset = len(" ".join(words)) - len(name)
        return Attribution(name, cue, tok.start + offset, role=role)
    if tok.lower in DETERMINERS and tok.lower not in {"that", "this", "those", "these"}:
        j = i + 1
        while (
            j < len(tokens)
            and j - i < 6
            and tokens[j].is_word
            and (tokens[j].lower not in CLAUSE_WORDS or tokens[j].lower == "of")
        ):
            j += 1
        if j > i + 1:
            return Attribution(_span_text(text, tokens, i, j, base), cue, tok.start)
    return None


def _appositive_after(text: str, tokens: list[Token], j: int, base: int) -> str | None:
    """ ", a professor at Georgetown University" after a name, up to the clause's end."""
    if j >= len(tokens) or tokens[j].text != ",":
        return None
    k = j + 1
    if k >= len(tokens):
        return None
    first = tokens[k]
    if not (first.lower in DETERMINERS or first.lower in TITLES or first.is_cap):
        return None
    if first.text.endswith("ing") or first.lower in CLAUSE_WORDS - {"the"}:
        return None
    end = k
    while end < len(tokens):
        tok = tokens[end]
        if tok.text in '.;:!?"“”—':
            break
        if tok.text == "," and end + 1 < len(tokens):
            nxt = tokens[end + 1]
            if nxt.text.endswith("ing") or nxt.lower in {"and", "but", "according", "as"}:
                break
            if is_cue(nxt):
                break
        end += 1
    if end == k or end == len(tokens):
        return None  # "According to Dr X, the outbreak “...”": a clause, not an appositive
    role = _span_text(text, tokens, k, end, base).rstrip(", ")
    return role or None


def after_quote(text: str, base: int) -> Attribution | None:
    """Attribution that follows a closing quote mark: ``, he said`` / ``said X, a ...``."""
    tokens = tokenize(text, base)
    i = 0
    while i < len(tokens) and tokens[i].text in ",—–-:;(―":
        i += 1
    if i >= len(tokens):
        return None
    if i > 0 and tokens[i - 1].text in "—–-―" and tokens[i].is_cap:
        found = _dash_signature(text, tokens, i, base)
        if found:
            return found
    # inverted: said X / according to X
    k = i
    while k < len(tokens) and tokens[k].lower in ADVERBS:
        k += 1
    if k < len(tokens) and is_cue(tokens[k]):
        found = np_after(text, tokens, k + 1, tokens[k].text, base)
        if found:
            return found
    if k + 1 < len(tokens) and tokens[k].lower == "according" and tokens[k + 1].lower == "to":
        return np_after(text, tokens, k + 2, "according to", base)
    # normal: X said (the subject starts the after-text)
    limit = min(len(tokens), i + 45)
    for c in range(i + 1, limit):
        tok = tokens[c]
        if tok.text in '.;:!?"“”':
            break
        if is_cue(tok):
            found = subject_before(text, tokens, c, base)
            if found and _starts_phrase(tokens, i, found.first):
                return found
            chained = _appositive_chain(text, tokens, i, c, base)
            if chained:
                return chained
            if tok.lower in WEAK_FORMS:
                continue  # "one of the states suing": a noun after all
            break
    return None


def _starts_phrase(tokens: list[Token], i: int, first: int) -> bool:
    """Whether a subject starting at offset ``first`` begins the after-text (token ``i``),
    allowing modifiers before it: "Clinton campaign spokesman Brian Fallon said"."""
    k = i
    if k < len(tokens) and tokens[k].lower in {"and", "but"}:
        k += 1
    count = 0
    while k < len(tokens) and tokens[k].start < first:
        tok = tokens[k]
        if not tok.is_word or tok.lower in CLAUSE_WORDS or tok.lower in CUE_FORMS:
            return False
        count += 1
        k += 1
    return count <= 6


def _appositive_chain(
    text: str, tokens: list[Token], i: int, cue_idx: int, base: int
) -> Attribution | None:
    """``Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said``."""
    if cue_idx < 2 or tokens[cue_idx - 1].text != "," or not tokens[i].is_cap:
        return None
    j = name_run_forward(tokens, i)
    if j >= cue_idx or tokens[j].text != ",":
        return None
    words = [t.text for t in tokens[i:j]]
    name, role = split_title(words)
    appos = _span_text(text, tokens, j + 1, cue_idx - 1, base)
    role = f"{role}, {appos}" if role else appos
    return Attribution(
        name, tokens[cue_idx].text, tokens[i].start, role=role, np_start=tokens[i].start
    )


def _dash_signature(text: str, tokens: list[Token], i: int, base: int) -> Attribution | None:
    """``“...” ― Sonya Herridge``: a name after a dash closes the sentence."""
    j = name_run_forward(tokens, i)
    if j < len(tokens) and tokens[j].text not in ".,;":
        return None
    name, role = split_title([t.text for t in tokens[i:j]])
    app = _appositive_after(text, tokens, j, base)
    if app:
        role = f"{role}, {app}" if role else app
    return Attribution(name, None, tokens[i].start, role=role, np_start=tokens[i].start)


def fallback_subject(text: str, base: int) -> Attribution | None:
    """The subject that opens the sentence, for a quote woven into it with no cue verb:
    "Trump openly admires Putin as a “strong leader”" (speaker Trump, cue None)."""
    tokens = tokenize(text, base)
    i = _skip_intro(tokens)
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.lower in PRONOUNS and tok.lower not in {"you", "it", "i", "we"}:
        if i + 1 < len(tokens) and tokens[i + 1].text.islower():
            return Attribution(tok.text, None, tok.start, pronoun=True)
        return None
    if tok.lower in {"the", "a", "an"}:
        return _determiner_subject(text, tokens, i, base)
    if not (tok.is_cap and tok.is_word) or tok.lower in DETERMINERS or tok.lower in INTRO_WORDS:
        return None
    j = name_run_forward(tokens, i)
    if j >= len(tokens) or _is_possessive(tokens[j - 1]):
        return None
    if j - i >= 2 and all(t.text.isupper() for t in tokens[i:j]):
        return None  # an all-capitals heading, not a name
    if tokens[j].text == "(":  # Harry Reid (D-Nev.), ...
        while j < len(tokens) and tokens[j].text != ")":
            j += 1
        j += 1
    if j >= len(tokens):
        return None
    nxt = tokens[j]
    if nxt.text == "," or _verb_like(nxt):
        return _fallback_name(tokens, i, j)
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
    i = 0
    if tokens and tokens[0].lower in INTRO_WORDS:
        comma = next((k for k, tok in enumerate(tokens[:40]) if tok.text == ","), None)
        if comma is not None:
            i = comma + 1
            # "On July 6, 2015, Sanders said": the year after the date's comma
            if i + 1 < len(tokens) and tokens[i].text.isdigit() and tokens[i + 1].text == ",":
                i += 2
        else:
            i = _intro_without_comma(tokens)
    while i < len(tokens) and tokens[i].lower in {"but", "and", "so", "yet", "however"}:
        i += 1
    return i


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


def _determiner_subject(text: str, tokens: list[Token], i: int, base: int) -> Attribution | None:
    """ "The Republican nominee also vowed ...": a short noun phrase and a verb."""
    j = i + 1
    while j < len(tokens) and j - i <= 5 and tokens[j].is_word:
        tok = tokens[j]
        if tok.text.islower() and (tok.lower in CLAUSE_WORDS or tok.lower in _AUXILIARIES):
            break
        if (
            tok.text.islower()
            and tok.text.endswith(("ed", "s"))
            and j > i + 1
            and (not tokens[j - 1].text.islower() or tok.lower.endswith("ed"))
        ):
            break
        j += 1
    if j == i + 1 or j >= len(tokens) or not _verb_like(tokens[j]):
        return None
    speaker = _span_text(text, tokens, i, j, base)
    return Attribution(speaker, None, tokens[i].start, np_start=tokens[i].start)


def _fallback_name(tokens: list[Token], i: int, j: int) -> Attribution | None:
    words = [t.text for t in tokens[i:j] if t.is_word and t.is_cap]
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and "-" in words[k - 1] and k > 1:
        k -= 1  # a trailing party tag like D-Nev
    words = words[:k]
    if not words:
        return None
    name, role = split_title(words)
    return Attribution(name, None, tokens[i].start, role=role, np_start=tokens[i].start)


def _lead_allowance(tokens: list[Token], i: int) -> int:
    """How far into the after-text a subject may start (after an opening "and")."""
    if i < len(tokens) and tokens[i].lower in {"and", "but"} and i + 1 < len(tokens):
        return tokens[i + 1].start - tokens[i].start
    return 0


def before_quote(text: str, base: int) -> Attribution | None:
    """Attribution in the part of the sentence before an opening quote mark."""
    tokens = tokenize(text, base)
    if not tokens:
        return None
    for c in range(len(tokens) - 1, -1, -1):
        tok = tokens[c]
        if tok.lower == "according" and c + 1 < len(tokens) and tokens[c + 1].lower == "to":
            found = np_after(text, tokens, c + 2, "according to", base)
            if found:
                return found
            continue
        if not is_cue(tok):
            continue
        found = subject_before(text, tokens, c, base)
        if found:
            if tokens[-1].text != ":":
                outer = _reporter(text, tokens, found.first, base)
                if outer is not None:
                    return outer
            return found
        if tok.lower in WEAK_FORMS:
            continue
        if c + 1 < len(tokens) and (tokens[-1].text == ":" or tok.is_cap):
            found = np_after(text, tokens, c + 1, tok.text, base)
            if found:
                return found
        prev = tokens[c - 1] if c > 0 else None
        coordinated = prev is not None and (
            prev.lower in {"and", "but", "then", "also", "later", ","} or _is_adverb(prev)
        )
        if coordinated or tok.lower.endswith("ing"):
            subj = sentence_subject(text, tokens, c, base)
            if subj:
                return subj
    if tokens[-1].text == ":":
        return _label(text, tokens, base)
    return None


def _reporter(text: str, tokens: list[Token], first: int, base: int) -> Attribution | None:
    """The outer speaker of reported speech: in "Trump said ... that Clinton once described
    the deal as “the gold standard”" the quotation is Trump's report, so he is its source."""
    k = next((n for n, t in enumerate(tokens) if t.start >= first), None)
    if k is None or k < 2 or tokens[k - 1].lower != "that":
        return None
    for c in range(k - 2, max(-1, k - 14), -1):
        tok = tokens[c]
        if tok.text in '.;:!?"“”':
            return None
        if is_cue(tok, strong_only=True):
            outer = subject_before(text, tokens, c, base)
            if outer is not None and (outer.pronoun or outer.speaker[:1].isupper()):
                return outer
            return None
    return None


def sentence_subject(text: str, tokens: list[Token], cue_idx: int, base: int) -> Attribution | None:
    """The sentence's subject, for a cue verb with none of its own ("... but warned:")."""
    i = _skip_intro(tokens)
    while i < cue_idx and not tokens[i].is_word:
        i += 1
    if i >= cue_idx:
        return None
    tok = tokens[i]
    cue = tokens[cue_idx].text
    if tok.lower in PRONOUNS and tok.lower != "you":
        return Attribution(tok.text, cue, tok.start, pronoun=True)
    appos = _subject_appositive(text, tokens, i, cue_idx, base)
    if appos is not None:
        return appos
    if tok.is_cap and tok.is_word:
        j = name_run_forward(tokens, i)
        if j < len(tokens) and _is_possessive(tokens[j - 1]):
            k = j
            while k < cue_idx and k - j < 3 and _is_noun_like(tokens[k]):
                k += 1
            if k > j and k < cue_idx and tokens[k].is_cap:
                # "Hillary Clinton's campaign manager Robby Mook"
                end = name_run_forward(tokens, k)
                owner = _span_text(text, tokens, i, k, base)
                person = " ".join(t.text for t in tokens[k:end])
                return Attribution(person, cue, tokens[k].start, role=owner, np_start=tok.start)
            if k > j:
                return Attribution(_span_text(text, tokens, i, k, base), cue, tok.start)
        if j > i and (j >= len(tokens) or not tokens[j].is_cap):
            nxt = tokens[j] if j < len(tokens) else None
            if (
                nxt is not None
                and nxt.text.islower()
                and nxt.lower not in CLAUSE_WORDS | ADVERBS
                and not is_cue(nxt)
                and not nxt.text.endswith(("ed", "s"))
            ):
                return None
            words = [t.text for t in tokens[i:j]]
            if words[0].lower() in {"the", "a", "an"} and len(words) == 1:
                return None
            name, role = split_title(words)
            return Attribution(name, cue, tok.start, role=role)
    if tok.lower in DETERMINERS:
        return _common_np(text, tokens, min(cue_idx - 1, i + 3), cue, base)
    return None


def _subject_appositive(
    text: str, tokens: list[Token], i: int, cue_idx: int, base: int
) -> Attribution | None:
    """ "One of them, Mr Alan Dewhurst-Pike, said ... but warned": the named appositive of
    a descriptive subject."""
    c1 = next((k for k in range(i + 1, min(cue_idx, i + 8)) if tokens[k].text == ","), None)
    if c1 is None:
        return None
    c2 = next((k for k in range(c1 + 1, min(cue_idx, c1 + 10)) if tokens[k].text == ","), None)
    if c2 is None:
        return None
    phrase = _span_text(text, tokens, i, c1, base)
    named = _named_appositive(text, tokens, c1 + 1, c2, base)
    if named is None or not _descriptive(phrase):
        return None
    name, title = named
    role = f"{phrase}, {title}" if title else phrase
    return Attribution(
        name, tokens[cue_idx].text, tokens[c1 + 1].start, role=role, np_start=tokens[i].start
    )


def _label(text: str, tokens: list[Token], base: int) -> Attribution | None:
    """A transcript label: ``PENCE: "..."`` or ``Smith:``."""
    j = len(tokens) - 2
    if j < 0 or not tokens[j].is_cap:
        return None
    i = name_run_back(tokens, j)
    if i != 0:
        return None
    words = [t.text for t in tokens[i : j + 1]]
    name, role = split_title(words)
    return Attribution(name, None, tokens[i].start, role=role)


def clause_attribution(text: str, base: int) -> Attribution | None:
    """Any cue with a subject in a sentence (for a neighbouring sentence)."""
    tokens = tokenize(text, base)
    for c, tok in enumerate(tokens):
        if is_cue(tok, strong_only=True):
            found = subject_before(text, tokens, c, base)
            if found:
                return found
    return None
