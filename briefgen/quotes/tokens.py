"""Word tokens, the window of text they come from, and capitalised name runs.

The attribution rules (:mod:`.phrases`, :mod:`.attribution`) never parse: they cut the text
around a quotation into :class:`Token` objects with article offsets and look at a few
tokens at a time. A :class:`Window` holds one such piece of text with its tokens, so a
rule takes the window and the token indices it is looking at.

Names are found as runs of capitalised words ("Daniel Byman", "Association of Flight
Attendants", "Mr. Morgan of the Sierra Club"); :func:`split_title` separates a leading
title or role from the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.core.lexicon import (
    ADVERBS,
    AFFILIATIONS,
    CLAUSE_WORDS,
    CUE_FORMS,
    DETERMINERS,
    INTRO_WORDS,
    NAME_CONNECTORS,
    ORG_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    TIME_WORDS,
    TITLES,
    WEAK_FORMS,
)
from briefgen.core.sentences import ABBREVIATIONS

# Latin-1 symbols and C1 controls stay inside a word: they are what mojibake leaves of an
# accented letter ("FranÃ\x83Â§ois"); no-break space and guillemets are not among them.
_MOJIBAKE = "\u0080-\u009f\u00a1-\u00aa\u00ac-\u00ba\u00bc-\u00bf"
# Combining marks (decomposed text: "A" + U+0303) stay inside their word too.
_COMBINING = "\u0300-\u036f"
_TOKEN = re.compile(rf"[\w$£€][\w’'.\-&{_MOJIBAKE}{_COMBINING}]*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    """A word or punctuation character, with its offsets in the article."""

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


@dataclass(frozen=True)
class Window:
    """A piece of the article (``text``, which starts at offset ``base``) and its tokens.

    Token offsets are article offsets; :meth:`span` maps token ranges back into ``text``.
    ``window[k]`` is token ``k`` and ``len(window)`` the number of tokens.
    """

    text: str
    tokens: list[Token]
    base: int

    @classmethod
    def of(cls, text: str, base: int) -> Window:
        """The window over ``text`` (which starts at article offset ``base``), tokenized."""
        return cls(text, tokenize(text, base), base)

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, k: int) -> Token:
        return self.tokens[k]

    def span(self, i: int, j: int) -> str:
        """Text of tokens ``i`` to ``j`` (exclusive) as written, spaces and all."""
        return self.text[self.tokens[i].start - self.base : self.tokens[j - 1].end - self.base]

    def words(self, i: int, j: int) -> list[str]:
        """The texts of tokens ``i`` to ``j`` (exclusive)."""
        return [t.text for t in self.tokens[i:j]]

    def index_from(self, offset: int) -> int | None:
        """Index of the first token that starts at or after article offset ``offset``."""
        return next((n for n, t in enumerate(self.tokens) if t.start >= offset), None)


def is_cue(tok: Token, strong_only: bool = False) -> bool:
    """Whether ``tok`` is a verb of speech (lower case: "States" and "Post" are names)."""
    low = tok.lower
    if low not in CUE_FORMS or not (tok.text.islower() or tok.text in ("Said", "Says")):
        return False
    return not (strong_only and low in WEAK_FORMS)


def is_possessive(tok: Token) -> bool:
    """ "Netanyahu’s", "voters'": a word with a possessive ending."""
    return tok.text.endswith(("’s", "'s", "s’", "s'")) and len(tok.text) > 2


def is_title(tok: Token) -> bool:
    """A capitalised title or role word: "President", "Dr.", "Minister"."""
    return tok.is_cap and tok.lower.rstrip(".") in TITLES


def is_negation(tok: Token) -> bool:
    """ "not", "didn't", "won’t": skipped between a subject and its verb."""
    return tok.lower == "not" or tok.lower.endswith(("n't", "n’t"))


def is_ly_adverb(tok: Token) -> bool:
    """A lower-case word ending in "-ly" ("angrily"), taken as an adverb."""
    return tok.text.islower() and tok.text.endswith("ly") and len(tok.text) > 4


def is_noun_like(tok: Token) -> bool:
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


def name_run_back(tokens: list[Token], j: int) -> int:
    """Index of the first token of the capitalised run that ends at token ``j``."""
    i = j
    while i - 1 >= 0:
        prev = tokens[i - 1]
        if prev.is_cap and prev.is_word and prev.lower not in PRONOUNS:
            if is_possessive(prev):
                break
            i -= 1
        elif prev.lower in NAME_CONNECTORS and i - 2 >= 0 and tokens[i - 2].is_cap:
            i -= 1
        elif prev.lower == "of" and i - 2 >= 0 and tokens[i - 2].is_cap and tokens[i].is_cap:
            i -= 1  # Association of Flight Attendants, Secretary of State John Kerry
        elif prev.lower == "for" and i - 2 >= 0 and is_title(tokens[i - 2]) and tokens[i].is_cap:
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
            if is_possessive(tok):
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


def _role_word(tok: Token) -> bool:
    low = tok.lower.rstrip(".")
    return tok.is_word and (low in TITLES or low in ROLE_NOUNS or is_possessive(tok))


def _person_start(tok: Token) -> bool:
    low = tok.lower.rstrip(".")
    return (
        tok.is_cap
        and tok.is_word
        and low not in TITLES
        and low not in ROLE_NOUNS
        and low not in PRONOUNS
        and low not in TIME_WORDS
        and low not in INTRO_WORDS
        and not is_possessive(tok)
    )


def _noun_before_full_name(tokens: list[Token], k: int) -> bool:
    """ "Manchester United winger Cristiano Ronaldo": a lower-case noun then a name of two
    or more capitalised words (a first name and a surname) ends a role."""
    tok = tokens[k]
    if not (tok.text.islower() and tok.is_word) or tok.lower in CLAUSE_WORDS:
        return False
    end = k + 1
    while end < len(tokens) and tokens[end].is_cap and tokens[end].is_word:
        end += 1
    return end - (k + 1) >= 2


def _in_role_phrase(tok: Token) -> bool:
    """A word that may stand in a role before a name: capitalised, a connector, or a
    lower-case noun (not a function word, cue verb or adverb)."""
    if (tok.is_cap and tok.is_word) or tok.lower in ("and", "&", "of", "for", "the"):
        return True
    if not (tok.text.islower() and tok.is_word) or tok.lower in CLAUSE_WORDS:
        return False
    return tok.lower not in CUE_FORMS and tok.lower not in ADVERBS


def after_lower_role(tokens: list[Token], i: int, limit: int | None = None) -> int:
    """Index of the name after lower-case role words at token ``i`` ("novelist Gore
    Vidal", "presidential nominee Hillary Clinton"): up to three lower-case words, the last
    a title or role noun, then a capitalised word; ``i`` itself when there are none."""
    stop = len(tokens) if limit is None else min(limit, len(tokens))
    k = i
    while k < stop and k - i < 3 and tokens[k].text.islower() and _in_role_phrase(tokens[k]):
        k += 1
        if _role_word(tokens[k - 1]) and k < stop and _person_start(tokens[k]):
            return k
    return i


def role_then_name(tokens: list[Token], i: int, limit: int = 10) -> tuple[int, int] | None:
    """The person named after a role that starts at token ``i``: "Russian oil official
    Sergei Oganesyan", "Economic and Fiscal Policy Minister Heizo Takenaka", "Sky
    Networks' Sophie Turner Laing", "Clinton press secretary Brian Fallon". Returns the
    token range of the name, or None when the capitalised run at ``i`` is itself the name
    (it is not followed by a role word, a lower-case noun or "and").

    The role is a run of capitalised words, lower-case nouns and "and"/"of"/"for"/"&"
    whose last word is a title, a role noun or a possessive; the name is the capitalised
    run after it.
    """
    j = name_run_forward(tokens, i)
    if j >= len(tokens) or j == i:
        return None
    nxt = tokens[j]
    poss = is_possessive(tokens[j - 1])
    lower_next = nxt.text.islower() and nxt.is_word and nxt.lower not in CLAUSE_WORDS
    if not (poss or lower_next or nxt.lower in ("and", "&")):
        return None
    best = None
    k = i
    while k + 1 < len(tokens) and k - i < limit:
        tok = tokens[k]
        if (_role_word(tok) or _noun_before_full_name(tokens, k)) and _person_start(tokens[k + 1]):
            end = k + 1
            while end < len(tokens) and tokens[end].is_cap and tokens[end].is_word:
                end += 1
            after = tokens[end] if end < len(tokens) else None
            if after is None or not (after.text.islower() and _role_word(after)):
                best = k + 1
                break  # else "Worker's Union general secretary Tony Woodley": go on
        if not _in_role_phrase(tok):
            break
        k += 1
    if best is None:
        return None
    end = best
    while end < len(tokens) and tokens[end].is_cap and tokens[end].is_word:
        end += 1
        if is_possessive(tokens[end - 1]):
            return None
    return best, end


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
        elif k == 0 and len(words) >= 3 and w.lower() in ROLE_NOUNS:
            last_title = k  # "Runner Pia Sorensen", "Striker Tom Vesk"
    if last_title < 0:
        return " ".join(words), None
    if words[last_title].lower().rstrip(".") in KNIGHTLY:
        # "Auditor General Sir John Bourn": the honorific stays with the name
        role_words = words[:last_title]
        return " ".join(words[last_title:]), " ".join(role_words) if role_words else None
    role = " ".join(words[: last_title + 1])
    name = " ".join(words[last_title + 1 :])
    return name, role


KNIGHTLY = frozenset({"sir", "dame", "lord", "lady", "baroness", "baron"})
"""Honorifics that are part of a name as a reader knows it ("Sir John Bourn")."""


def _org_like(words: list[str]) -> bool:
    return any(w.lower() in ORG_WORDS for w in words)
