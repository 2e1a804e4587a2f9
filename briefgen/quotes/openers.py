"""Openings of a sentence that are not its subject: a time phrase ("Hours later,", "A few
days later,", "Two weeks ago,") and the rest of a place that ends an introductory phrase
("Speaking in Salem, New Hampshire, Reed said"). Used by :mod:`.attribution` when it skips
the introductory phrases before a sentence's subject."""

from __future__ import annotations

from briefgen.core.lexicon import DETERMINERS, NUMBER_WORDS, PRONOUNS

from .tokens import Token, name_run_forward

__all__ = ["past_place", "time_phrase_end"]

_TIME_UNITS = frozenset(
    "seconds minutes moments hours days weeks months years decades hour day week month year".split()
)
_TIME_LEAD = frozenset("a an the few couple of several some many just only".split())


def time_phrase_end(tokens: list[Token], i: int) -> int:
    """Index after an opening time phrase and its comma ("Hours later,", "A few days
    later,", "Two weeks ago,"); 0 when ``i`` opens none."""
    k = i
    while (
        k < len(tokens)
        and k - i < 4
        and (
            tokens[k].lower in _TIME_LEAD
            or tokens[k].lower in NUMBER_WORDS
            or tokens[k].text.isdigit()
        )
    ):
        k += 1
    if k >= len(tokens) - 2 or tokens[k].lower not in _TIME_UNITS:
        return 0
    if tokens[k + 1].lower not in {"later", "ago", "earlier", "after", "before"}:
        return 0
    return k + 3 if tokens[k + 2].text == "," else 0


def past_place(tokens: list[Token], i: int) -> int:
    """After an introductory phrase ending in a place ("Speaking in Salem,"), the rest of
    the place ("New Hampshire,") when a subject follows it ("... Hampshire, Trump went")."""
    if i < 2 or not tokens[i - 2].is_cap or i >= len(tokens) or not tokens[i].is_cap:
        return i
    j = name_run_forward(tokens, i)
    if j + 1 < len(tokens) and j - i <= 3 and tokens[j].text == ",":
        nxt = tokens[j + 1]
        if (nxt.is_cap and nxt.is_word and nxt.lower not in DETERMINERS) or nxt.lower in PRONOUNS:
            return j + 1
    return i
