"""The faithfulness guard: every summary sentence must be supported by its article.

Abstractive models invent: a wrong name, a number that is not in the article, a quote nobody
said. :func:`guard` checks each sentence of a summary for four kinds of fact and reports
those the article does not support:

names
    Runs of capitalised words ("Elena Voss", "Bank of England", "Grand Forks") that do not
    start a sentence, plus a capitalised first word when it is followed by another capitalised
    word, a possessive or a speech verb ("Voss said", "Voss's plan"). A sentence-initial word
    alone is ambiguous without a dictionary ("Officials said" / "Voss said"), so only those
    cues make it a name. Titles ("Mayor", "Dr", "President") are not the name: "Mayor Voss"
    is supported by "Mayor Elena Voss" and by "Elena Voss". A name is supported when it
    occurs in the article (case and inflection aside: "Democrat"/"Democrats", possessives),
    when its words all belong to one name of the article (surname-only and
    first-name-plus-surname mentions), or when it is a run of whole article names ("North
    Dakota Bishop John Folda"). A swapped name ("Elena Reed" when the article has Elena Voss
    and Tom Reed) is none of these. "U.S."/"US"/"United States" and a few such pairs are one
    name.
numbers
    Figures, money, percentages, years, times and number words ("three", "a dozen"; "one"
    is too often not a number to check). Values are compared, not strings: "$5m", "5
    million" and "5,000,000" are one number, and a figure rounded in the summary ("42%") is
    supported by the precise one ("41.7%"), never the other way round.
dates
    Weekday and month names ("Thursday", "Sept."); the day of a date is a number.
quotes
    Words in quotation marks must appear in the article word for word (case and punctuation
    aside; an ellipsis may join two pieces).

These are rules, not a model: no NER library on the package index runs without a separate
model download, and the rules are measured in ``benchmarks/quality.py`` (flag rate on human
reference summaries and on the engine's output) and ``tests/test_faithfulness.py``.

Modes: ``off`` checks nothing; ``warn`` reports and leaves the text alone; ``fix`` drops an
unsupported sentence, or replaces it with the closest sentence of the article when one is
close enough and not already in the summary, and never returns an empty summary (the article's
best extractive sentences stand in when nothing survives).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from briefgen.sentences import ABBREVIATIONS, split_sentences

Mode = Literal["warn", "fix", "off"]
MODES: tuple[Mode, ...] = ("warn", "fix", "off")

REPLACE_SIMILARITY = 0.35
"""Least cosine similarity (content words) for a source sentence to stand in for a summary
sentence in ``fix`` mode; below it the sentence is dropped instead."""


@dataclass(frozen=True)
class SentenceCheck:
    """One summary sentence and what the article does not support in it."""

    sentence: str
    supported: bool
    problems: list[str] = field(default_factory=list)
    replacement: str | None = None  # fix mode: the source sentence put in its place


@dataclass(frozen=True)
class GuardResult:
    """The summary after the guard, with counts for the run metadata."""

    text: str
    checked: int
    flagged: int
    fixed: int
    sentences: list[SentenceCheck] = field(default_factory=list)
    fallback: bool = False  # fix mode: nothing survived, extractive sentences stand in


# --- vocabulary ------------------------------------------------------------------------------

TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister brother
    president vice prime minister chancellor secretary senator sen rep representative congressman
    congresswoman governor gov mayor councillor councilor judge justice chief officer inspector
    detective sergeant sgt lieutenant lt captain capt colonel col general gen major maj admiral
    commissioner superintendent supt constable pc bishop archbishop pope king queen prince princess
    duke duchess earl ambassador coach manager chairman chairwoman chair ceo director deputy
    """.split()
)
CONNECTORS = frozenset(
    "of de del della der di da la le van von bin al el du the and for on".split()
)
# Capitalised words that are not names when they start a sentence or stand alone.
COMMON = frozenset(
    """
    a an the this that these those it its he she they we you i his her their our your my
    there here then when where while after before as at by for from in into of on to with
    and but or nor so yet if because although though since until unless also however
    meanwhile instead still now today yesterday tomorrow tonight earlier later last next
    more most many much some several few both each every all any no not one two three
    what which who whom whose why how according despite during over under about around
    officials police authorities experts critics researchers scientists residents
    mr mrs ms dr former ex first new last official team breaking watch read click
    tv cctv dna id ok am pm gmt bst est
    """.split()
)
# Demonyms are supported by their country and the other way round.
DEMONYMS = {
    "american": "us", "british": "uk", "brit": "uk", "holland": "netherlands",
    "english": "england", "scottish": "scotland",
    "welsh": "wales", "irish": "ireland", "french": "france", "german": "germany",
    "spanish": "spain", "italian": "italy", "portuguese": "portugal", "dutch": "netherlands",
    "belgian": "belgium", "swiss": "switzerland", "austrian": "austria", "swedish": "sweden",
    "norwegian": "norway", "danish": "denmark", "finnish": "finland", "polish": "poland",
    "greek": "greece", "turkish": "turkey", "russian": "russia", "ukrainian": "ukraine",
    "chinese": "china", "japanese": "japan", "korean": "korea", "indian": "india",
    "pakistani": "pakistan", "afghan": "afghanistan", "iranian": "iran", "iraqi": "iraq",
    "syrian": "syria", "israeli": "israel", "palestinian": "palestine", "egyptian": "egypt",
    "saudi": "saudi arabia", "african": "africa", "nigerian": "nigeria", "kenyan": "kenya",
    "australian": "australia", "canadian": "canada", "mexican": "mexico",
    "brazilian": "brazil", "argentine": "argentina", "european": "europe", "asian": "asia",
}  # fmt: skip
SPEECH = frozenset(
    """
    said says say told tells added adds asked asks warned warns argued argues claimed claims
    insisted insists wrote writes explained explains noted notes stated states announced
    announces confirmed confirms denied denies admitted admits revealed reveals
    """.split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = {
    "january": "january", "jan": "january", "february": "february", "feb": "february",
    "march": "march", "mar": "march", "april": "april", "apr": "april", "may": "may",
    "june": "june", "jun": "june", "july": "july", "jul": "july", "august": "august",
    "aug": "august", "september": "september", "sep": "september", "sept": "september",
    "october": "october", "oct": "october", "november": "november", "nov": "november",
    "december": "december", "dec": "december",
}  # fmt: skip
# Months that are also ordinary words count as dates only next to a number.
AMBIGUOUS_MONTHS = frozenset("march mar may jun jan sep dec".split())

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
}  # fmt: skip
INDEX_ONLY_NUMBER_WORDS = {"one": 1, "a hundred": 100, "a thousand": 1000, "half": 0.5}
SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9,
    "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}  # fmt: skip

# One name, several spellings: each is rewritten to the first before any check.
ALIASES: list[tuple[str, tuple[str, ...]]] = [
    ("US", ("United States of America", "United States", "U.S.A.", "U.S.A", "USA", "U.S.", "U.S")),
    ("UK", ("United Kingdom", "Great Britain", "Britain", "U.K.", "U.K")),
    ("UN", ("United Nations", "U.N.", "U.N")),
    ("EU", ("European Union", "E.U.", "E.U")),
]

# --- normalisation ---------------------------------------------------------------------------

_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})
_ALIAS_RES = [
    (re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(v) for v in variants) + r")(?![\w])"), name)
    for name, variants in ALIASES
]
_ACRONYM = re.compile(r"\b((?:[A-Z]\.){2,})")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_BARE = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")


def _prepare(text: str) -> str:
    """Quotes folded to straight ones, aliases to one spelling, acronyms without dots."""
    text = text.translate(_QUOTE_FOLD)
    for pattern, name in _ALIAS_RES:
        text = pattern.sub(name, text)
    return _ACRONYM.sub(lambda m: m.group(1).replace(".", ""), text)


def _stem(word: str) -> str:
    """A light stemmer, the same on both sides: case, possessive and common endings off."""
    w = word.lower().strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    return w


def _bare(text: str) -> str:
    """Lower case, every run of non-alphanumerics one space: for word-for-word matching."""
    return " " + _BARE.sub(" ", _POSSESSIVE.sub("", text.lower())).strip() + " "


# --- numbers ---------------------------------------------------------------------------------

_NUM = re.compile(
    r"(?<![\w.])(?P<cur>[$£€¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?:(?P<ord>st|nd|rd|th)\b)?"
    r"(?:\s?(?P<scale>k|m|mn|bn|tn|million|billion|trillion|thousand)\b)?"
    r"(?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b)?",
    re.IGNORECASE,
)
_NUM_WORD = re.compile(
    r"\b(?P<word>" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s(?P<scale>thousand|million|billion|trillion))?\b",
    re.IGNORECASE,
)
_INDEX_NUM_WORD = re.compile(
    r"\b(?:a|one)\s(?P<scale>hundred|thousand|million|billion|trillion)\b|\bone\b|\bhalf\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


@dataclass(frozen=True)
class Figure:
    """A number in a text: what it says, its value and the precision it was written to."""

    surface: str
    value: float
    unit: float  # the value of one in its last written digit: "4.2bn" -> 1e8
    start: int
    end: int


def _figures(text: str) -> list[Figure]:
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in _TIME.finditer(text):  # "22:00", "9.30" as times are not decimals
        if ":" in m.group(0):
            taken.append(m.span())
    for m in _NUM.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        digits = m.group("num").replace(",", "")
        dec = m.group("dec") or ""
        scale_word = (m.group("scale") or "").lower()
        scale = SCALES.get(scale_word, 1.0)
        value = float(digits + dec) * scale
        unit = scale * (10.0 ** -(len(dec) - 1) if dec else 1.0)
        surface = m.group(0).strip()
        out.append(Figure(surface, value, unit, m.start(), m.end()))
    for m in _NUM_WORD.finditer(text):
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        value = NUMBER_WORDS[m.group("word").lower()] * scale
        out.append(Figure(m.group(0), value, scale, m.start(), m.end()))
    return out


def _index_figures(text: str) -> list[float]:
    values = [f.value for f in _figures(text)]
    for m in _INDEX_NUM_WORD.finditer(text):
        word = m.group(0).lower()
        if word == "half":
            values.append(0.5)
        elif m.group("scale"):
            values.append(SCALES.get(m.group("scale").lower(), 100.0))
        else:
            values.append(1.0)
    for m in _TIME.finditer(text):
        if ":" in m.group(0):
            values.extend(float(p) for p in m.group(0).split(":"))
    # "5 million" also says 5; a percentage "41.7%" also reads 41.7 either way
    for f in _figures(text):
        if f.unit >= 1e3 and f.value >= 1e3:
            mantissa = float(re.sub(r"[^\d.]", "", f.surface.split()[0].rstrip("kmbtnKMBTN")) or 0)
            values.append(mantissa)
    return values


def _figure_supported(fig: Figure, values: Iterable[float]) -> bool:
    for v in values:
        if math.isclose(v, fig.value, rel_tol=1e-9, abs_tol=1e-9):
            return True
        # the summary rounded the article's figure: round it to the summary's last digit
        if fig.unit > 0 and abs(v - fig.value) <= fig.unit / 2 + 1e-9 and v != 0:
            return True
    return False


# --- names -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    initial: bool  # starts a sentence, or follows an opening quote, bracket or colon


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        gap = text[prev_end : m.start()]
        before = gap.strip()
        initial = not out or (bool(before) and before[-1] in '.!?:;"(—–[') or before == "-"
        if out and before == "." and _abbreviation(out[-1].text):
            initial = out[-1].initial and out[-1].text.lower() in COMMON
        if out and "\n" in gap:
            initial = True
        out.append(_Token(m.group(0), m.start(), m.end(), initial))
        prev_end = m.end()
    return out


def _abbreviation(word: str) -> bool:
    """A word that a full stop follows without ending the sentence: "Dr.", "J.", "Sept."."""
    lower = word.lower()
    return (len(word) == 1 and word.isupper()) or lower in TITLES or lower in ABBREVIATIONS


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and not (len(word) == 1 and word in "AI")


def _phrases(
    text: str, *, article: bool, source_lower: frozenset[str] = frozenset()
) -> list[list[_Token]]:
    """Runs of capitalised words (names), joined across connectors like "of"."""
    tokens = _tokens(text)
    runs: list[list[_Token]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not _is_capitalised(tok.text):
            i += 1
            continue
        run = [tok]
        j = i + 1
        while j < len(tokens):
            gap = text[run[-1].end : tokens[j].start].strip()
            if gap not in ("", "'s", "-") and not (gap == "." and _abbreviation(run[-1].text)):
                break
            nxt = tokens[j]
            if _is_capitalised(nxt.text) and not nxt.initial:
                run.append(nxt)
                j += 1
            elif (
                nxt.text.lower() in CONNECTORS
                and j + 1 < len(tokens)
                and _is_capitalised(tokens[j + 1].text)
                and text[nxt.end : tokens[j + 1].start].strip() == ""
                and nxt.text.lower() not in ("and", "the", "on", "for")
            ):
                run.extend([nxt, tokens[j + 1]])
                j += 2
            else:
                break
        i = j
        if run[0].initial and not article:
            after = text[run[-1].end : run[-1].end + 3]
            nxt_word = tokens[j].text.lower() if j < len(tokens) else ""
            cue = after.startswith(("'s", "’s")) or nxt_word in SPEECH
            if len(run) == 1 and not cue:
                continue
            first = run[0].text.lower()
            if first in COMMON or (len(run) > 1 and first in source_lower):
                run = run[1:]  # "Swimmer Mallory Weggemann", "Former Lakers star"
        while run and run[0].text.lower() in COMMON | CONNECTORS:
            run = run[1:]
        if run:
            runs.append(run)
    return runs


def _name_part(word: str) -> str:
    """The name in a hyphenated word: "Ex-Chelsea" -> "Chelsea", "Panama-registered" -> "Panama"."""
    if "-" not in word:
        return word
    parts = [p for p in word.split("-") if p and p[0].isupper() and p.lower() != "ex"]
    if len(parts) == len(word.split("-")):
        return word  # "Eccleston-Todd", "Pierre-Antoine"
    return "-".join(parts)


def _core(words: Iterable[str]) -> tuple[str, ...]:
    out = []
    for word in words:
        w = _name_part(word)
        lower = w.lower()
        if (
            len(w) < 2
            or lower in TITLES
            or lower in CONNECTORS
            or lower in WEEKDAYS
            or lower.rstrip(".") in MONTHS
            or lower in COMMON
        ):
            continue
        out.append(_stem(w))
    return tuple(out)


# --- the article's facts ---------------------------------------------------------------------


class Source:
    """What an article supports, indexed once for all the sentences checked against it."""

    def __init__(self, article_text: str) -> None:
        self.raw = article_text
        self.text = _prepare(article_text)
        self.bare = _bare(self.text)
        self.words = {_stem(w) for w in _WORD.findall(self.text)}
        self.lower_words = {w.lower() for w in _WORD.findall(self.text)}
        self.lower_only = frozenset(w for w in _WORD.findall(self.text) if w.islower())
        self.names = [_core(t.text for t in run) for run in _phrases(self.text, article=True)]
        self.names = [n for n in self.names if n]
        self.whole_names = set(self.names)
        self.surnames = {n[-1] for n in self.names} | {n[0] for n in self.names if len(n) == 1}
        self.values = _index_figures(self.text)
        # digits inside words count too: "MH370" supports "Flight 370"
        self.values += [float(d) for d in re.findall(r"\d+(?:\.\d+)?", self.text)]

    @cached_property
    def sentences(self) -> list[str]:
        return [s.text for s in split_sentences(self.raw)]

    def name_supported(self, words: list[str]) -> bool:
        if _bare(" ".join(words)) in self.bare:
            return True
        core = _core(words)
        if not core:
            return True
        if len(core) == 1:
            word = core[0]
            if word in self.words:
                return True
            country = DEMONYMS.get(word)
            if country and _bare(country) in self.bare:
                return True
            return any(d in self.words for d, c in DEMONYMS.items() if c == word)
        if any(set(core) <= set(name) for name in self.names):
            return True
        return self._segments(core)

    def _segments(self, core: tuple[str, ...]) -> bool:
        """Whether ``core`` is a run of whole article names (a surname counts as whole)."""
        ok = [True] + [False] * len(core)
        for end in range(1, len(core) + 1):
            for start in range(end):
                if not ok[start]:
                    continue
                piece = core[start:end]
                if piece in self.whole_names or (len(piece) == 1 and piece[0] in self.surnames):
                    ok[end] = True
                    break
        return ok[-1]

    def quote_supported(self, quoted: str) -> bool:
        # an ellipsis or an editor's [bracket] joins pieces that must each be in the article
        pieces = [p for p in re.split(r"\.\.\.|…|\[[^\]]*\]", quoted) if p.strip(" .,;:!?-")]
        return all(_bare(p) in self.bare for p in pieces)


# --- checking one sentence -------------------------------------------------------------------

_QUOTED = re.compile(r'"([^"]{1,400})"|(?:(?<=\s)|^)\'([^\']{2,200}?)\'(?=[\s.,;:!?]|$)')


def _date_words(text: str) -> list[tuple[str, str, int, int]]:
    """(surface, canonical, start, end) for weekday and month names in ``text``."""
    out = []
    for m in re.finditer(r"\b([A-Z][a-z]{2,8})\b\.?", text):
        word = m.group(1).lower()
        if word in WEEKDAYS:
            out.append((m.group(1), word, m.start(), m.end(1)))
        elif word in MONTHS:
            if word in AMBIGUOUS_MONTHS:
                near = text[max(0, m.start() - 6) : m.end() + 6]
                if not re.search(r"\d", near):
                    continue
            out.append((m.group(1), MONTHS[word], m.start(), m.end(1)))
    return out


_MONTH_NAME = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_BEFORE = re.compile(r"\b(" + _MONTH_NAME + r")\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"^\s+(?:of\s+)?(" + _MONTH_NAME + r")\b", re.IGNORECASE)


def _date_or_number(text: str, fig: Figure) -> str:
    """How a problem figure is named: "date 'March 4'" next to a month, else "number '4'"."""
    before = _MONTH_BEFORE.search(text[: fig.start])
    if before and before.group(1)[0].isupper():
        return f"date '{text[before.start() : fig.end].strip()}'"
    after = _MONTH_AFTER.match(text[fig.end :])
    if after and after.group(1)[0].isupper():
        return f"date '{text[fig.start : fig.end + after.end()].strip()}'"
    return f"number '{fig.surface}'"


def check_sentence(source: Source, sentence: str) -> list[str]:
    """What in ``sentence`` the article behind ``source`` does not support."""
    text = _prepare(sentence)
    problems: list[str] = []
    masked = list(text)
    for m in _QUOTED.finditer(text):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if not source.quote_supported(quoted):
            problems.append(f"quote '{quoted.strip()}' not in the article")
        for k in range(m.start(), m.end()):
            masked[k] = " "
    rest = "".join(masked)

    dates = _date_words(rest)
    source_dates = {c for _, c, _, _ in _date_words(source.text)} | {
        MONTHS.get(w, w) for w in source.lower_words if w in WEEKDAYS or w in MONTHS
    }
    for surface, canonical, _, _ in dates:
        if canonical not in source_dates:
            problems.append(f"date '{surface}' not in the article")

    for fig in _figures(rest):
        if not _figure_supported(fig, source.values):
            problems.append(f"{_date_or_number(rest, fig)} not in the article")

    for run in _phrases(rest, article=False, source_lower=source.lower_only):
        words = [t.text for t in run]
        if not _core(words):
            continue
        if not source.name_supported(words):
            named = [t for t in run if t.text.lower() not in TITLES] or run  # "Mayor" aside
            problems.append(f"name '{rest[named[0].start : run[-1].end]}' not in the article")
    return list(dict.fromkeys(problems))


# --- fix -------------------------------------------------------------------------------------

_CONTENT = re.compile(r"[a-z0-9][a-z0-9'-]*")
_STOP = frozenset(
    "a an the of to in on at for by with from and or but is are was were be been has have had "
    "it its this that he she they his her their said says will would as not".split()
)


def _bag(text: str) -> Counter[str]:
    return Counter(_stem(w) for w in _CONTENT.findall(text.lower()) if w not in _STOP)


def _similarity(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(c * b.get(t, 0) for t, c in a.items())
    na = math.sqrt(sum(c * c for c in a.values()))
    nb = math.sqrt(sum(c * c for c in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def closest_source_sentence(
    source: Source, sentence: str, exclude: Iterable[str] = ()
) -> tuple[str, float] | None:
    """The article sentence most like ``sentence`` (content words), and how alike."""
    from briefgen.summarise.extractive import MAX_WORDS, is_furniture, strip_dateline

    skip = {_bare(e) for e in exclude}
    bag = _bag(sentence)
    best: tuple[str, float] | None = None
    for candidate in source.sentences:
        candidate = strip_dateline(candidate)
        words = len(candidate.split())
        if words < 3 or words > MAX_WORDS or is_furniture(candidate) or _bare(candidate) in skip:
            continue
        sim = _similarity(bag, _bag(candidate))
        if best is None or sim > best[1]:
            best = (candidate, sim)
    return best


def guard(article_text: str, summary_text: str, mode: Mode = "fix") -> GuardResult:
    """Check ``summary_text`` against ``article_text`` and apply ``mode``.

    ``warn`` returns the text unchanged with the unsupported sentences marked; ``fix``
    replaces each with the closest article sentence (when at least
    :data:`REPLACE_SIMILARITY` alike and not already in the summary) or drops it; ``off``
    checks nothing.
    """
    if mode not in MODES:
        raise ValueError(f"unknown faithfulness mode {mode!r}; choose from {', '.join(MODES)}")
    if mode == "off" or not summary_text.strip():
        return GuardResult(summary_text, 0, 0, 0, [])
    source = Source(article_text)
    sentences = [s.text for s in split_sentences(summary_text)]
    checks: list[SentenceCheck] = []
    kept: list[str] = []
    for sentence in sentences:
        problems = check_sentence(source, sentence)
        replacement = None
        if problems and mode == "fix":
            closest = closest_source_sentence(source, sentence, exclude=[*kept, *sentences])
            if closest and closest[1] >= REPLACE_SIMILARITY:
                replacement = closest[0]
        checks.append(SentenceCheck(sentence, not problems, problems, replacement))
        if not problems:
            kept.append(sentence)
        elif replacement is not None:
            kept.append(replacement)
    flagged = sum(not c.supported for c in checks)
    if mode == "warn":
        return GuardResult(summary_text, len(checks), flagged, 0, checks)
    fallback = False
    if not kept:
        from briefgen.summarise.extractive import extract_summary

        kept = [extract_summary(article_text, max(1, min(len(sentences), 3)))]
        fallback = True
    text = summary_text if flagged == 0 else " ".join(k for k in kept if k)
    return GuardResult(text, len(checks), flagged, flagged, checks, fallback)


def flag_rate(pairs: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """(flagged, checked) sentences over ``(article, summary)`` pairs, in ``warn`` mode."""
    flagged = checked = 0
    for article, summary in pairs:
        result = guard(article, summary, "warn")
        flagged += result.flagged
        checked += result.checked
    return flagged, checked
