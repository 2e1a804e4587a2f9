"""Checking summary sentences against an article, and the guard's modes."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.core.lexicon import GUARD_SPEECH_VERBS, GUARD_STOPWORDS, GUARD_TITLES
from briefgen.core.scripts import word_count
from briefgen.core.sentences import split_sentences
from briefgen.core.textutil import TERM_STRAIGHT_APOSTROPHE, cosine
from briefgen.faithfulness.index import ArticleIndex
from briefgen.faithfulness.names import Token as NameToken
from briefgen.faithfulness.names import core, phrases
from briefgen.faithfulness.normalise import bare, prepare, stem
from briefgen.faithfulness.numbers import (
    Figure,
    date_or_number,
    date_words,
    figure_supported,
    figures,
)
from briefgen.faithfulness.relations import (
    BIND_WINDOW,
    Token,
    anchor_context,
    garbled,
    negation_flip,
    novel_words,
    scattered,
    tokens,
    unbound,
    unmet_pairs,
)
from briefgen.settings.options import FAITHFULNESS_MODES
from briefgen.settings.options import Mode as Mode

if TYPE_CHECKING:
    from briefgen.faithfulness.nli import NLIChecker

MODES = FAITHFULNESS_MODES

REPLACE_SIMILARITY = 0.35
"""Least cosine similarity (content words) for an article sentence to stand in for a summary
sentence in ``fix`` mode; below it the sentence is dropped instead."""

_QUOTED = re.compile(r'"([^"]{1,400})"|(?:(?<=\s)|^)\'([^\']{2,200}?)\'(?=[\s.,;:!?]|$)')


@dataclass(frozen=True)
class SentenceCheck:
    """One summary sentence and what the article does not support in it."""

    sentence: str
    supported: bool
    problems: list[str] = field(default_factory=list)
    replacement: str | None = None  # fix mode: the article sentence put in its place


@dataclass(frozen=True)
class GuardResult:
    """The summary after the guard, with counts for the run metadata."""

    text: str
    checked: int
    flagged: int
    fixed: int
    sentences: list[SentenceCheck] = field(default_factory=list)
    fallback: bool = False  # fix mode: nothing survived, extractive sentences stand in


# --- checking one sentence -------------------------------------------------------------------


class Sentence:
    """One summary sentence as the checks read it, each reading made once and only when a check
    asks for it.

    ``full`` is the sentence as prepared (:func:`prepare`); ``text`` is ``full`` with its
    quotations blanked out, the text every check but :func:`_garbled` reads.
    """

    def __init__(self, index: ArticleIndex, text: str, full: str) -> None:
        self.index = index
        self.text = text
        self.full = full

    @cached_property
    def tokens(self) -> list[Token]:
        """The words and figures of :attr:`text` (:func:`.relations.tokens`)."""
        return tokens(self.text)

    @cached_property
    def full_tokens(self) -> list[Token]:
        """The words and figures of :attr:`full`, quotations included (as the article's)."""
        return tokens(self.full)

    def around(self, start: int, window: int) -> list[Token]:
        """The :attr:`tokens` within ``window`` tokens of the one at character ``start``,
        counted as the article's are (quotations included): the words a binding check may
        expect near that spot in the article, whose search reaches that far and no farther
        (a word farther away in the summary itself need not be nearer in the article)."""
        full = self.full_tokens
        if not full:
            return []
        at = min(bisect_left([t.start for t in full], start), len(full) - 1)
        low, high = full[max(0, at - window)].start, full[min(len(full) - 1, at + window)].end
        return [t for t in self.tokens if t.start >= low and t.end <= high]

    @cached_property
    def phrases(self) -> list[list[NameToken]]:
        """The capitalised runs (names) of :attr:`text` (:func:`.names.phrases`)."""
        return phrases(self.text, article=False, article_lower=self.index.lower_only)

    @cached_property
    def figures(self) -> list[Figure]:
        """The figures and number words of :attr:`text`."""
        return figures(self.text)

    @cached_property
    def dates(self) -> list[tuple[str, str, int, int]]:
        """The weekday and month names of :attr:`text` (:func:`.numbers.date_words`)."""
        return date_words(self.text)


def _quote_problems(index: ArticleIndex, text: str) -> tuple[list[str], str]:
    """Problems with the quotations in ``text``, and ``text`` with them blanked out."""
    problems: list[str] = []
    masked = list(text)
    for m in _QUOTED.finditer(text):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if not index.quote_supported(quoted):
            problems.append(f"quote '{quoted.strip()}' not in the article")
        for k in range(m.start(), m.end()):
            masked[k] = " "
    return problems, "".join(masked)


def _date_problems(index: ArticleIndex, s: Sentence) -> list[str]:
    return [
        f"date '{surface}' not in the article"
        for surface, canonical, _, _ in s.dates
        if canonical not in index.dates
    ]


def _number_problems(index: ArticleIndex, s: Sentence) -> list[str]:
    return [
        f"{date_or_number(s.text, fig)} not in the article"
        for fig in s.figures
        if not figure_supported(fig, index.values)
    ]


def _name_problems(index: ArticleIndex, s: Sentence) -> list[str]:
    problems: list[str] = []
    for run in s.phrases:
        words = [t.text for t in run]
        if not core(words):
            continue
        if not index.name_supported(words):
            named = [t for t in run if t.text.lower() not in GUARD_TITLES] or run  # "Mayor" aside
            problems.append(f"name '{s.text[named[0].start : run[-1].end]}' not in the article")
    return problems


NUMBER_NOUN = 2
"""Content words after a figure taken as what it counts."""
NUMBER_SUPPORT = 0.5
NUMBER_WINDOW = 6
"""Tokens from a figure in the article within which what it counts must occur."""
_SPEECH_STEMS = frozenset(stem(v) for v in GUARD_SPEECH_VERBS)
NAME_FOLLOWING = 1
"""A name's context may be in the sentences that mention it or in the one after each."""
NAME_SUPPORT = 0.34
"""Least share of a name's context found there."""
NAME_MISSING = 2
"""Fewer context words missing than this and a name is not flagged."""
NAME_CLAUSE = False
DATELINE = 3
"""A name among the article's first tokens (a dateline: "HARROWGATE -") goes with all of it."""


def _number_binding(index: ArticleIndex, s: Sentence) -> list[str]:
    """A figure of the article whose noun in the summary (the next words in its clause) is
    nowhere near that figure in the article: "400 died" where 400 are missing. Years aside:
    many events of a story share one."""
    problems = []
    for fig in s.figures:
        if fig.unit == 1 and 1900 <= fig.value <= 2100 and "." not in fig.surface:
            continue
        centres = [p for g, p in index.figure_spots if figure_supported(fig, [g.value])]
        near = anchor_context(
            s.around(fig.start, NUMBER_WINDOW), fig.start, fig.end, (), 0, NUMBER_NOUN, clause=True
        )
        missing = unbound(index.positions, centres, near, None, NUMBER_SUPPORT, NUMBER_WINDOW)
        if missing:
            problems.append(f"number '{fig.surface}' is not with {_listed(missing)} in the article")
    return problems


def _name_binding(index: ArticleIndex, s: Sentence) -> list[str]:
    problems = []
    for run in s.phrases:
        words = [t.text for t in run]
        name = core(words)
        if not name or not index.name_supported(words):
            continue
        centres = index.positions.where.get(name[-1], [])
        if any(c < DATELINE for c in centres):
            continue  # a dateline's place is where the whole story happened
        own = (*name, *_SPEECH_STEMS)  # anyone may say something
        near = anchor_context(s.tokens, run[0].start, run[-1].end, own, clause=NAME_CLAUSE)
        missing = unbound(index.positions, centres, near, NAME_FOLLOWING, NAME_SUPPORT)
        if len(missing) < NAME_MISSING:
            continue
        surface = s.text[run[0].start : run[-1].end]
        problems.append(f"name '{surface}' is not with {_listed(missing)} in the article")
    return problems


def _date_binding(index: ArticleIndex, s: Sentence) -> list[str]:
    problems = []
    for surface, canonical, start, end in s.dates:
        centres = index.date_spots.get(canonical, [])
        near = anchor_context(s.around(start, BIND_WINDOW), start, end)
        missing = unbound(index.positions, centres, near)
        if missing:
            problems.append(f"date '{surface}' is not with {_listed(missing)} in the article")
    return problems


def _scattered(index: ArticleIndex, s: Sentence) -> list[str]:
    apart = scattered(index.positions, s.tokens)
    return [f"words {_listed(apart)} are not together in the article"] if apart else []


def _pairs(index: ArticleIndex, s: Sentence) -> list[str]:
    pairs = unmet_pairs(index.positions, s.tokens)
    if not pairs:
        return []
    return ["words never together in the article: " + ", ".join(f"'{a} {b}'" for a, b in pairs)]


def _novel(index: ArticleIndex, s: Sentence) -> list[str]:
    novel = novel_words(index.positions, s.tokens)
    return [f"words {_listed(novel)} not in the article"] if novel else []


def _negation(index: ArticleIndex, s: Sentence) -> list[str]:
    if negation_flip(index.positions, s.tokens):
        return ["negation not as in the article"]
    return []


def _garbled(index: ArticleIndex, s: Sentence) -> list[str]:
    if bare(s.full) in index.bare:
        return []  # the article's own words, slips and all
    how = garbled(s.full)
    return [f"not a well-formed sentence ({how})"] if how else []


def _listed(words: Iterable[str]) -> str:
    return ", ".join(f"'{w}'" for w in words)


Check = Callable[[ArticleIndex, Sentence], list[str]]

BASIC_CHECKS: dict[str, Check] = {
    "date": _date_problems,
    "number": _number_problems,
    "name": _name_problems,
}
"""Checks that a fact is in the article at all (quotations are checked before these)."""
Relation = Check

RELATION_CHECKS: dict[str, Relation] = {
    "number-binding": _number_binding,
    "name-binding": _name_binding,
    "garbled": _garbled,
    "negation": _negation,
}
"""Checks that facts which are in the article fit together as they do there; each flags a
sentence alone."""
HINT_CHECKS: dict[str, Relation] = {
    "pairs": _pairs,
    "date-binding": _date_binding,
    "scattered": _scattered,
    "novel": _novel,
}
"""Weaker signs of a sentence the article does not support. Alone each flags too many faithful
paraphrases; a rule ``"a+b"`` flags a sentence when both ``a`` and ``b`` find a problem in it."""
CHECKS: tuple[str, ...] = ("quote", *BASIC_CHECKS, *RELATION_CHECKS, *HINT_CHECKS)
"""Every check, by name, in the order they run."""
HINT_PAIRS: tuple[str, ...] = tuple(f"{a}+{b}" for a, b in combinations(HINT_CHECKS, 2))
"""Every rule that flags a sentence when two hint checks agree on it."""
RULES: tuple[str, ...] = (*CHECKS, *HINT_PAIRS)
"""Every rule the guard can run: a check alone, or two hint checks agreeing."""
RULES_FILE = Path(__file__).with_name("rules.json")
"""The rules the guard runs and how they were chosen, written by
``benchmarks/faithfulness_eval.py --save`` (cross-validation on real model summaries)."""


def _chosen_rules() -> tuple[str, ...]:
    chosen = json.loads(RULES_FILE.read_text(encoding="utf-8"))["rules"]
    return tuple(r for r in RULES if r in chosen)


DEFAULT_CHECKS: tuple[str, ...] = _chosen_rules()
"""The rules the guard runs: those chosen by cross-validation (:data:`RULES_FILE`); the
others flagged too many summaries the experts found consistent for what they caught."""


def _parts(rules: Collection[str]) -> set[str]:
    return {part for rule in rules for part in rule.split("+")}


def findings(index: ArticleIndex, sentence: str) -> dict[str, list[str]]:
    """What every check (:data:`CHECKS`) finds in ``sentence``, each run alone (no check waits
    on another): the guard's evidence, which :func:`flagged_by` reads and the calibration
    counts."""
    full = prepare(sentence)
    quoted, rest = _quote_problems(index, full)
    read = Sentence(index, rest, full)
    found = {"quote": quoted}
    for name, check in {**BASIC_CHECKS, **RELATION_CHECKS, **HINT_CHECKS}.items():
        found[name] = check(index, read)
    return found


def flagged_by(found: dict[str, list[str]], rules: Collection[str]) -> list[str]:
    """The rules of ``rules`` whose checks all found a problem in ``found`` (:func:`findings`)."""
    return [r for r in rules if all(found.get(part) for part in r.split("+"))]


def check_sentence(
    index: ArticleIndex, sentence: str, checks: Collection[str] = DEFAULT_CHECKS
) -> list[str]:
    """What in ``sentence`` the article behind ``index`` does not support.

    ``checks`` names the rules to run (:data:`RULES`): a check alone, or ``"a+b"``, two hint
    checks that must both find a problem. Quotations first (then blanked out, so their words
    are not checked again as names or figures), then dates, figures and names; each problem
    once, in that order. Only a sentence with none of these problems goes on to the relation
    checks (:data:`RELATION_CHECKS`), and only one with none of those to the hints.
    """
    unknown = set(checks) - set(RULES)
    if unknown:
        raise ValueError(f"unknown checks {sorted(unknown)}; choose from {', '.join(RULES)}")
    full = prepare(sentence)
    problems, rest = _quote_problems(index, full)
    if "quote" not in checks:
        problems = []
    read = Sentence(index, rest, full)
    for name, check in BASIC_CHECKS.items():
        if name in checks:
            problems += check(index, read)
    for name, relation in RELATION_CHECKS.items():
        if name in checks and not problems:
            problems += relation(index, read)
    if not problems:
        problems = _hints(index, read, checks)
    return list(dict.fromkeys(problems))


def _hints(index: ArticleIndex, s: Sentence, rules: Collection[str]) -> list[str]:
    """The problems of the hint rules among ``rules`` that flag the sentence."""
    wanted = [r for r in rules if all(p in HINT_CHECKS for p in r.split("+"))]
    found = {n: HINT_CHECKS[n](index, s) for n in HINT_CHECKS if n in _parts(wanted)}
    return [
        p for rule in flagged_by(found, wanted) for part in rule.split("+") for p in found[part]
    ]


# --- fix -------------------------------------------------------------------------------------


def _bag(text: str) -> Counter[str]:
    return Counter(
        stem(w) for w in TERM_STRAIGHT_APOSTROPHE.findall(text.lower()) if w not in GUARD_STOPWORDS
    )


def closest_source_sentence(
    index: ArticleIndex, sentence: str, exclude: Iterable[str] = ()
) -> tuple[str, float] | None:
    """The article sentence most like ``sentence`` (content words), and how alike.

    Only sentences the extractive engine could pick are candidates (datelines cut, no page
    furniture, 3 to ``MAX_WORDS`` words), and none of ``exclude``.
    """
    # imported here, not at the top: importing briefgen.summarise also loads the model
    # engine's module, which checking a summary does not need
    from briefgen.summarise.extractive import MAX_WORDS, is_furniture, strip_dateline

    skip = {bare(e) for e in exclude}
    bag = _bag(sentence)
    best: tuple[str, float] | None = None
    for candidate in index.sentences:
        candidate = strip_dateline(candidate)
        words = word_count(candidate)
        if words < 3 or words > MAX_WORDS or is_furniture(candidate) or bare(candidate) in skip:
            continue
        sim = cosine(bag, _bag(candidate))
        if best is None or sim > best[1]:
            best = (candidate, sim)
    return best


def fold_space(text: str) -> str:
    """``text`` with every run of white space one space, none at the ends."""
    return " ".join(text.split())


def verbatim(article: str, sentence: str) -> bool:
    """Whether ``sentence`` occurs in ``article`` word for word (both :func:`fold_space`-d),
    beginning and ending at word boundaries."""
    at = article.find(sentence) if sentence else -1
    while at >= 0:
        end = at + len(sentence)
        before = article[at - 1] if at else " "
        after = article[end] if end < len(article) else " "
        if not (before.isalnum() and sentence[0].isalnum()) and not (
            after.isalnum() and sentence[-1].isalnum()
        ):
            return True
        at = article.find(sentence, at + 1)
    return False


def guard(
    article_text: str,
    summary_text: str,
    mode: Mode = "warn",
    checks: Collection[str] = DEFAULT_CHECKS,
    nli: NLIChecker | None = None,
) -> GuardResult:
    """Check ``summary_text`` against ``article_text`` and apply ``mode``.

    ``warn`` returns the text unchanged with the unsupported sentences marked; ``fix``
    replaces each with the closest article sentence (when at least
    :data:`REPLACE_SIMILARITY` alike and not already in the summary) or drops it; ``off``
    checks nothing. ``checks`` names the rules to run (:data:`CHECKS`); with ``nli``, a
    sentence the rules pass must also be entailed by the article (:mod:`.nli`). A sentence
    that is the article's own words (:func:`verbatim`, white space folded: what the
    extractive engine writes) is supported without a check.
    """
    if mode not in MODES:
        raise ValueError(f"unknown faithfulness mode {mode!r}; choose from {', '.join(MODES)}")
    if mode == "off" or not summary_text.strip():
        return GuardResult(summary_text, 0, 0, 0, [])
    sentences = [s.text for s in split_sentences(summary_text)]
    results: list[SentenceCheck] = []
    kept: list[str] = []
    article = fold_space(article_text)
    index: ArticleIndex | None = None  # built for the first sentence that needs checking
    premises: list[str] = []
    for sentence in sentences:
        problems: list[str] = []
        if not verbatim(article, fold_space(sentence)):  # the article's own words: supported
            if index is None:
                index = ArticleIndex(article_text)
                premises = nli.windows(index.sentences) if nli is not None else []
            problems = check_sentence(index, sentence, checks)
            if nli is not None and not problems:
                problems = [p for p in [nli.problem(premises, sentence)] if p]
        replacement = None
        if problems and mode == "fix" and index is not None:
            closest = closest_source_sentence(index, sentence, exclude=[*kept, *sentences])
            if closest and closest[1] >= REPLACE_SIMILARITY:
                replacement = closest[0]
        results.append(SentenceCheck(sentence, not problems, problems, replacement))
        if not problems:
            kept.append(sentence)
        elif replacement is not None:
            kept.append(replacement)
    flagged = sum(not c.supported for c in results)
    if mode == "warn":
        return GuardResult(summary_text, len(results), flagged, 0, results)
    fallback = False
    if not kept:
        from briefgen.summarise.extractive import extract_summary  # see closest_source_sentence

        kept = [extract_summary(article_text, max(1, min(len(sentences), 3)))]
        fallback = True
    text = summary_text if flagged == 0 else " ".join(k for k in kept if k)
    return GuardResult(text, len(results), flagged, flagged, results, fallback)
