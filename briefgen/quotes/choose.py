"""The speaker of each quotation chosen among candidates by a small learned model.

The rules (:mod:`.attribution`, :mod:`.topics`, :mod:`.speakers`) propose; the model
chooses. For each quotation the candidates are the people and organisations a reader could
take for its speaker: the rules' answer, the speakers of the quotations before and after
it, the subjects of its own sentence and of the two sentences before it, and the names
mentioned nearest before and after it. Each candidate is described by a few numbers
(:data:`FEATURES`: which rule proposed it and how, where it stands, how often the article
names it and gives it quotations, what kind of name it is), and a logistic regression
trained on PolNeAR's train split (``benchmarks/train_quotes.py``, ``make train-quotes``)
scores it; the best-scored candidate is the speaker.

The model ships as ``speaker_model.json`` beside this module: its version, the feature
names, one weight per feature and the intercept (no pickle, read with the standard
library). Its version is part of the quotes' cache key (:data:`briefgen.quotes.RULES_VERSION`).
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefgen.core.lexicon import (
    ADVERBS,
    CUE_FORMS,
    DOCUMENT_NOUNS,
    FEMALE_NAMES,
    INSTRUMENT_NOUNS,
    INTRO_WORDS,
    MALE_NAMES,
    PRONOUNS,
    TIME_WORDS,
)
from briefgen.document import Quote

from .context import Found
from .speakers import Mention, NameBook, reader_name, speaker_kind, strip_possessive
from .topics import Topic

MODEL_PATH = Path(__file__).with_name("speaker_model.json")

HOWS = (
    "label", "after", "trailing", "before", "after_comma", "split", "colon", "prev_quote",
    "following", "prev_clause", "woven", "prev_subject",
)  # fmt: skip
FEATURES: tuple[str, ...] = (
    "rule",
    *(f"rule_{h}" for h in HOWS),
    "rule_cue",
    "rule_pronoun",
    "rule_fragment",
    "prev_quote",
    "next_quote",
    "prev_quote_near",
    "subject_own",
    "subject_prev1",
    "subject_prev2",
    "mention_before_1",
    "mention_before_2",
    "mention_before_3",
    "mention_after_1",
    "run_sentence_before",
    "run_sentence_before_2",
    "run_sentence_after",
    "run_prev_sentence",
    "log_dist_before",
    "log_dist_after",
    "none_before",
    "same_paragraph",
    "log_mentions",
    "log_quotes",
    "in_quote",
    "person",
    "org",
    "group",
    "full_name",
    "lower_case",
    "pronoun",
    "no_rule_speaker",
    "place_like",
    "log_cue_subject",
    "log_mid_sentence",
    "function_word",
    "lower_elsewhere",
    "known_first_name",
    "gender_match",
    "gender_clash",
    "one_word",
    "cue_near",
    "cue_near_before",
    "cue_near_after",
    "intro_word",
)


@dataclass(frozen=True)
class QuoteFilter:
    """A linear model over :data:`.keep.FEATURES` saying which spans are quotations; with
    no weights every span is kept."""

    names: tuple[str, ...] = ()
    weights: tuple[float, ...] = ()
    intercept: float = 0.0
    threshold: float = -math.inf

    def score(self, features: dict[str, float]) -> float:
        return self.intercept + sum(
            w * features.get(n, 0.0) for n, w in zip(self.names, self.weights, strict=True)
        )


@dataclass(frozen=True)
class Ranker:
    """A linear ranking of one quotation's candidates (no intercept: only the differences
    between candidates count). A name ``"a*b"`` is the product of features ``a`` and ``b``
    (:data:`CROSSED`: the rules' own candidate weighed apart)."""

    names: tuple[str, ...] = ()
    weights: tuple[float, ...] = ()

    def score(self, features: dict[str, float]) -> float:
        z = 0.0
        for n, w in zip(self.names, self.weights, strict=True):
            a, _, b = n.partition("*")
            x = features.get(a, 0.0)
            if x and b:
                x *= features.get(b, 0.0)
            z += w * x
        return z


CROSSED = "rule"
"""The feature crossed with every other one in the ranking (``rule*name``): whether the
rules proposed the candidate changes what its other features say."""


def ranking_features(names: tuple[str, ...] = FEATURES) -> tuple[str, ...]:
    """The ranker's feature names: :data:`FEATURES` and each crossed with :data:`CROSSED`."""
    return (*names, *(f"{CROSSED}*{n}" for n in names if n != CROSSED))


@dataclass(frozen=True)
class SpeakerModel:
    """A linear model over :data:`FEATURES`; with no weights it keeps the rules' choice.
    ``rank`` orders a quotation's candidates (when it has weights; otherwise the linear
    model does) and the linear model's score of the best one says how sure the choice is
    (:data:`MIN_SCORE`). ``quotes`` is the filter of spans that are not quotations
    (:mod:`.keep`)."""

    version: str
    names: tuple[str, ...] = ()
    weights: tuple[float, ...] = ()
    intercept: float = 0.0
    quotes: QuoteFilter = QuoteFilter()
    rank: Ranker = Ranker()

    @property
    def rules_only(self) -> bool:
        return not self.weights

    def score(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            w * features.get(n, 0.0) for n, w in zip(self.names, self.weights, strict=True)
        )
        return z


MIN_SCORE = -2.0
"""A quotation the rules found no speaker for gets the model's best candidate only when
its score is at least this (a log-odds: -2 is about one chance in eight). Lower guesses
are left without a speaker, so they never become key quotes; raising it to 0 costs 2
points of speaker accuracy under cross-validation."""

RULES = SpeakerModel("rules")
"""The rules alone: the speaker the cascade of rules found."""


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> SpeakerModel:
    """The shipped model (or the rules alone when no model file is there)."""
    if not path.exists():
        return RULES
    data = json.loads(path.read_text(encoding="utf-8"))
    flt = data.get("quote_filter") or {}
    rank = data.get("ranker") or {}
    return SpeakerModel(
        version=str(data["version"]),
        names=tuple(data["features"]),
        weights=tuple(float(w) for w in data["weights"]),
        intercept=float(data["intercept"]),
        quotes=QuoteFilter(
            names=tuple(flt.get("features", ())),
            weights=tuple(float(w) for w in flt.get("weights", ())),
            intercept=float(flt.get("intercept", 0.0)),
            threshold=float(flt.get("threshold", -math.inf)),
        ),
        rank=Ranker(
            names=tuple(rank.get("features", ())),
            weights=tuple(float(w) for w in rank.get("weights", ())),
        ),
    )


@dataclass
class Candidate:
    """A possible speaker for one quotation and its features."""

    name: str
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class ArticleView:
    """What the candidates are drawn from: the article, its finished quotes (the rules'
    speakers), the quotations as found, the names it mentions and its sentence subjects."""

    text: str
    paras: list[tuple[int, int]]
    quotes: list[Quote]
    found: list[Found]
    mentions: list[Mention]
    topics: list[Topic]
    book: NameBook


def _key(name: str) -> str:
    return strip_possessive(name.split()[-1]).lower() if name.split() else ""


class _Pool:
    """The candidates of one quotation being gathered, by name."""

    def __init__(self, rule_speaker: str | None, book: NameBook) -> None:
        self.rule_speaker = rule_speaker
        self.book = book
        self.by_name: dict[str, Candidate] = {}

    def add(self, name: str | None, feature: str, value: float = 1.0) -> None:
        if not name or not name.strip():
            return
        tidy = reader_name(name)
        if not tidy:
            return
        if tidy != name:
            name = self.book.normalise(tidy)
        if not feature.startswith("rule") and name != self.rule_speaker and _not_a_source(name):
            return  # descriptions and documents: the rules resolve those, not the model
        c = self.by_name.setdefault(name, Candidate(name))
        c.features[feature] = max(c.features.get(feature, 0.0), value)


@dataclass
class _Index:
    """Per-article look-ups shared by every quotation's candidates."""

    positions: dict[str, list[int]]
    spoke: Counter[str]
    mention_pos: list[int]
    topic_starts: list[int]
    run_pos: list[int]
    para_starts: list[int]
    place: dict[str, float]
    cue_subject: Counter[str]
    mid: Counter[str]
    lower_words: frozenset[str]
    cue_pos: list[int]
    cue_names: list[str]

    @classmethod
    def of(cls, view: ArticleView) -> _Index:
        positions: dict[str, list[int]] = {}
        for mention in view.mentions:
            positions.setdefault(mention.name, []).append(mention.pos)
        place, cue_subject, mid, cue_runs = _name_habits(view)
        return cls(
            positions,
            Counter(q.speaker for q in view.quotes if q.speaker),
            [m.pos for m in view.mentions],
            [t.start for t in view.topics],
            [p for p, _ in view.book.runs],
            [p[0] for p in view.paras],
            place,
            cue_subject,
            mid,
            frozenset(_LOWER_WORD.findall(view.text)),
            [p for p, _ in cue_runs],
            [n for _, n in cue_runs],
        )


def candidates(view: ArticleView) -> list[list[Candidate]]:
    """The candidates of every quotation, in quotation order."""
    idx = _Index.of(view)
    return [_quote_candidates(view, idx, k) for k in range(len(view.quotes))]


def _quote_candidates(view: ArticleView, idx: _Index, k: int) -> list[Candidate]:
    q, f = view.quotes[k], view.found[k]
    pool = _Pool(q.speaker, view.book)
    open_mark, end = f.raw.open_mark, q.end
    if q.speaker:
        pool.add(q.speaker, "rule")
        pool.add(q.speaker, f"rule_{f.how}" if f.how in HOWS else "rule")
        if q.cue:
            pool.add(q.speaker, "rule_cue")
        if q.resolved_from and q.resolved_from.lower() in PRONOUNS:
            pool.add(q.speaker, "rule_pronoun")
        if q.kind == "fragment":
            pool.add(q.speaker, "rule_fragment")
    if k > 0:
        pool.add(view.quotes[k - 1].speaker, "prev_quote")
        if open_mark - view.quotes[k - 1].end < 250:
            pool.add(view.quotes[k - 1].speaker, "prev_quote_near")
    if k + 1 < len(view.quotes):
        pool.add(view.quotes[k + 1].speaker, "next_quote")
    t = bisect.bisect_right(idx.topic_starts, open_mark) - 1
    for back, feature in enumerate(("subject_own", "subject_prev1", "subject_prev2")):
        if t - back < 0:
            break
        subj = view.topics[t - back].subject
        if subj is not None and not subj.pronoun and subj.speaker[:1].isupper():
            pool.add(view.book.normalise(subj.speaker), feature)
    _mentions(view, idx, pool, open_mark, end)
    _name_runs(view, idx.run_pos, pool, t, open_mark, end)
    pstart = view.paras[max(0, bisect.bisect_right(idx.para_starts, open_mark) - 1)][0]
    near = _cue_names(idx, open_mark, end)
    for name in near:
        pool.add(name, "cue_near")  # "... for the EU, said Geert Wilders": a speaker nearby
    for c in pool.by_name.values():
        _describe(c, idx, open_mark, end, pstart, q)
        _describe_more(c, view.book, idx, near, q)
    return list(pool.by_name.values())


def _mentions(view: ArticleView, idx: _Index, pool: _Pool, open_mark: int, end: int) -> None:
    """The three names mentioned last before the quote, and the first one after it."""
    m = bisect.bisect_left(idx.mention_pos, open_mark)
    seen: list[str] = []
    for i in range(m - 1, max(-1, m - 12), -1):
        name = view.mentions[i].name
        if name not in seen:
            seen.append(name)
            pool.add(name, f"mention_before_{len(seen)}")
        if len(seen) == 3:
            break
    m = bisect.bisect_left(idx.mention_pos, end)
    if m < len(view.mentions) and view.mentions[m].pos - end < 200:
        pool.add(view.mentions[m].name, "mention_after_1")


_FUNCTION_WORDS = frozenset(
    """there it this that these those here one some many most all both each another other
    such when while after before as if so and but or yet then now today yesterday""".split()
)
_PLACE_WORDS = frozenset("in at from to near across into outside throughout".split())


_DETERMINERS = frozenset("the a an this that these those".split())


def _not_a_source(name: str) -> bool:
    """ "The double Olympic champion", "the director": a description, not a name ("The
    Washington Post" is one); "Notes", "A statement": a document, not who issued it."""
    words = name.split()
    head = strip_possessive(words[-1]).lower()
    if head in INSTRUMENT_NOUNS or head in DOCUMENT_NOUNS:
        return True
    return words[0].lower() in _DETERMINERS and not words[-1][:1].isupper()


def _name_habits(
    view: ArticleView,
) -> tuple[dict[str, float], Counter[str], Counter[str], list[tuple[int, str]]]:
    """Per name the article writes: the share of its mentions that follow a preposition of
    place ("in New York"), how often it stands next to a cue verb ("Smith said",
    "said Smith") and how often inside a sentence; and where the names next to a cue verb
    stand."""
    after_prep: Counter[str] = Counter()
    total: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    mid: Counter[str] = Counter()
    cue_runs: list[tuple[int, str]] = []
    text = view.text
    for pos, words in view.book.runs:
        name = _run_name(view, words)
        if name is None:
            continue
        total[name] += 1
        before = text[max(0, pos - 12) : pos].split()
        if before and before[-1].lower() in _PLACE_WORDS:
            after_prep[name] += 1
        lead = text[max(0, pos - 3) : pos].rstrip()
        if lead and lead[-1] not in ".!?\"“”'‘’\n:—–-(":
            mid[name] += 1  # written with a capital inside a sentence: a name
        end = pos + len(" ".join(words))
        nxt = text[end : end + 14].split()
        if (nxt and nxt[0].strip(",.").lower() in CUE_FORMS) or (
            before and before[-1].strip(",").lower() in CUE_FORMS
        ):
            cue[name] += 1
            cue_runs.append((pos, name))
    return {n: after_prep[n] / total[n] for n in total}, cue, mid, cue_runs


def _name_runs(
    view: ArticleView,
    run_pos: list[int],
    pool: _Pool,
    t: int,
    open_mark: int,
    end: int,
) -> None:
    """Capitalised names in the quote's sentence (nearest the quote first) and in the
    sentence before it."""
    if t < 0:
        return
    runs = view.book.runs
    own = view.topics[t]
    k = bisect.bisect_left(run_pos, open_mark)
    for seen, i in enumerate(range(k - 1, max(-1, k - 3), -1)):
        pos, words = runs[i]
        if pos < own.start:
            break
        pool.add(_run_name(view, words), "run_sentence_before_2" if seen else "run_sentence_before")
    if t > 0:
        prev = view.topics[t - 1]
        i = bisect.bisect_left(run_pos, prev.start)
        if i < len(runs) and runs[i][0] < prev.end:
            pool.add(_run_name(view, runs[i][1]), "run_prev_sentence")
    k = bisect.bisect_left(run_pos, end)
    stop = view.topics[
        bisect.bisect_right([tp.start for tp in view.topics[t : t + 3]], end) - 1 + t
    ].end
    if k < len(runs) and runs[k][0] < stop:
        pool.add(_run_name(view, runs[k][1]), "run_sentence_after")


def _run_name(view: ArticleView, words: list[str]) -> str | None:
    plain = [strip_possessive(w) for w in words]
    if not plain or plain[0].lower() in PRONOUNS:
        return None
    return view.book.normalise(" ".join(plain))


def _describe(c: Candidate, idx: _Index, open_mark: int, end: int, pstart: int, q: Quote) -> None:
    """The candidate's own features: distance, frequency, kind, shape."""
    f = c.features
    pos = idx.positions.get(c.name, [])
    i = bisect.bisect_left(pos, open_mark)
    if i > 0:
        f["log_dist_before"] = math.log1p(open_mark - pos[i - 1]) / 10
        f["same_paragraph"] = float(pos[i - 1] >= pstart)
    else:
        f["none_before"] = 1.0
    j = bisect.bisect_left(pos, end)
    if j < len(pos):
        f["log_dist_after"] = math.log1p(pos[j] - end) / 10
    f["log_mentions"] = math.log1p(len(pos))
    f["log_quotes"] = math.log1p(idx.spoke.get(c.name, 0))
    f["place_like"] = idx.place.get(c.name, 0.0)
    f["log_cue_subject"] = math.log1p(idx.cue_subject.get(c.name, 0))
    f["log_mid_sentence"] = math.log1p(idx.mid.get(c.name, 0))
    first = c.name.split()[0].lower().replace("’", "'")
    contraction = first.endswith(("'s", "'re", "'ll")) and " " not in c.name
    f["function_word"] = float(first in _FUNCTION_WORDS or contraction)
    key = _key(c.name)
    f["in_quote"] = float(bool(key) and key in q.text.lower())
    kind = speaker_kind(c.name)
    f[kind] = 1.0
    f["full_name"] = float(len(c.name.split()) >= 2)
    f["lower_case"] = float(c.name[:1].islower())
    f["pronoun"] = float(c.name.lower() in PRONOUNS)
    f["no_rule_speaker"] = float(not q.speaker)


_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]*")
_NEAR = 300  # characters either side of a quotation where a name next to a cue verb counts


def _cue_names(idx: _Index, open_mark: int, end: int) -> dict[str, str]:
    """The names written next to a cue verb ("Smith said") within :data:`_NEAR`
    characters of the quotation: ``before`` or ``after`` it, the nearest kept."""
    out: dict[str, str] = {}
    i = bisect.bisect_left(idx.cue_pos, open_mark - _NEAR)
    while i < len(idx.cue_pos) and idx.cue_pos[i] < end + _NEAR:
        pos, name = idx.cue_pos[i], idx.cue_names[i]
        if not open_mark <= pos < end:
            out[name] = "before" if pos < open_mark else out.get(name, "after")
        i += 1
    return out


def _describe_more(
    c: Candidate, book: NameBook, idx: _Index, near: dict[str, str], q: Quote
) -> None:
    """Whether the candidate reads as a name (its first word is never written in lower
    case, a known first name), fits the pronoun the rules resolved, and stands next to a
    cue verb near the quotation."""
    f = c.features
    words = c.name.split()
    first = strip_possessive(words[0])
    f["lower_elsewhere"] = float(first[:1].isupper() and first.lower() in idx.lower_words)
    f["known_first_name"] = float(
        len(words) >= 2 and (first.lower() in MALE_NAMES or first.lower() in FEMALE_NAMES)
    )
    f["one_word"] = float(len(words) == 1)
    f["intro_word"] = float(first[:1].isupper() and first.lower() in _INTRO)
    want = _PRONOUN_GENDER.get((q.resolved_from or "").lower())
    if want is not None:
        gender = book.gender_of(c.name)
        if gender is None and len(words) >= 2:
            low = first.lower()
            gender = "m" if low in MALE_NAMES else "f" if low in FEMALE_NAMES else None
        f["gender_match"] = float(gender == want)
        f["gender_clash"] = float(gender is not None and gender != want)
    side = near.get(c.name)
    if side is not None:
        f["cue_near"] = 1.0
        f[f"cue_near_{side}"] = 1.0


_INTRO = ADVERBS | INTRO_WORDS | TIME_WORDS  # "Between Saturday", "Also", "Friday morning"
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


def choose(model: SpeakerModel, view: ArticleView) -> list[Quote]:
    """The quotes with the model's choice of speaker (the rules' quote when it agrees)."""
    if model.rules_only:
        return view.quotes
    out: list[Quote] = []
    order = model.rank.score if model.rank.weights else model.score
    for q, cands in zip(view.quotes, candidates(view), strict=True):
        best = max(cands, key=lambda c: order(c.features), default=None)
        if best is not None and q.speaker is None and model.score(best.features) < MIN_SCORE:
            best = None  # no attribution the rules could find: only a confident guess
        if best is None or best.name == q.speaker:
            out.append(q)
            continue
        out.append(
            Quote(
                text=q.text,
                speaker=best.name,
                cue=q.cue,
                start=q.start,
                end=q.end,
                kind=q.kind,
                speaker_role=None,
                resolved_from=None,
            )
        )
    return out
