"""Which quoted spans are quotations: a learned filter for scare quotes, titles and terms.

Quote marks also set off titles ("on “Fox News Sunday”"), terms ("a so-called “flash
estimate”") and scare quotes ("the “reform”"), which nobody said. For each span the
rules found, a logistic regression over a few numbers (:data:`FEATURES`: its length and
shape, the word before it, whether the rules found a speaker and how, whether it runs on
inside the writer's sentence) gives the odds that it is a quotation; spans below
:attr:`QuoteFilter.threshold` are left out. Fitted with the speaker model by
``benchmarks/train_quotes.py`` on PolNeAR train, where scare quotes and titles are not
annotated, and shipped in the same JSON file (``quote_filter``).
"""

from __future__ import annotations

import math
import re

from briefgen.document import Quote

from .choose import HOWS, ArticleView, QuoteFilter

FEATURES: tuple[str, ...] = (
    "fragment",
    "log_words",
    "one_word",
    "two_words",
    "speaker",
    "cue",
    *(f"how_{h}" for h in HOWS),
    "starts_upper",
    "ends_sentence",
    "title_case",
    "term_verb_before",
    "determiner_before",
    "preposition_before",
    "runs_on",
    "in_brackets",
    "continued",
    "log_quotes",
    "capital_share",
    "short_no_speaker",
    "short_lower",
    "possessive_before",
    "title_no_speaker",
)
_TERM_VERBS = frozenset(
    "called calls calling dubbed dubs termed labeled labelled named titled so-called "
    "nicknamed branded described describes describing".split()
)
_DETERMINERS = frozenset("the a an this that his her its their our your my".split())
_PREPOSITIONS = frozenset("of on in for about from with to at by as".split())
_SMALL = frozenset("a an the of and or for to in on at by with is are be as".split())
_WORD = re.compile(r"[\w’'-]+")


def quote_features(view: ArticleView, k: int, q: Quote) -> dict[str, float]:
    """The features of the ``k``-th span of ``view`` (``q``: the finished quote)."""
    f = view.found[k]
    text = view.text
    words = _WORD.findall(q.text)
    n = len(words)
    before = text[max(0, f.raw.open_mark - 30) : f.raw.open_mark].split()
    prev = before[-1].lower().strip(",;:") if before else ""
    end = q.end
    if f.close_mark is not None:
        end = f.close_mark + (2 if text[f.close_mark : f.close_mark + 2] in ("''", "``") else 1)
    after = text[end : end + 2]
    feats: dict[str, float] = {
        "fragment": float(q.kind == "fragment"),
        "log_words": math.log1p(n),
        "one_word": float(n == 1),
        "two_words": float(n == 2),
        "speaker": float(bool(q.speaker)),
        "cue": float(bool(q.cue)),
        "starts_upper": float(q.text[:1].isupper()),
        "ends_sentence": float(q.text.rstrip().endswith((".", "!", "?", "…", ","))),
        "title_case": float(n >= 2 and all(w[:1].isupper() for w in words)),
        "term_verb_before": float(prev in _TERM_VERBS),
        "determiner_before": float(prev in _DETERMINERS),
        "preposition_before": float(prev in _PREPOSITIONS),
        "runs_on": float(after[:1] == " " and after[1:2].isalpha() and after[1:2].islower()),
        "in_brackets": float(text[max(0, f.raw.open_mark - 1) : f.raw.open_mark] == "("),
        "continued": float(f.continued),
        "log_quotes": math.log1p(len(view.quotes)),
        "possessive_before": float(prev.endswith(("'s", "’s"))),
    }
    content = [w for w in words if w.lower() not in _SMALL]
    share = sum(w[:1].isupper() for w in content) / len(content) if content else 0.0
    feats["capital_share"] = share
    short = n <= 3
    feats["short_no_speaker"] = float(short and not q.speaker)
    feats["short_lower"] = float(short and q.text[:1].islower())
    feats["title_no_speaker"] = float(share >= 0.6 and n <= 7 and not q.speaker)
    if f.how in HOWS and q.speaker:
        feats[f"how_{f.how}"] = 1.0
    return feats


def keep(flt: QuoteFilter, view: ArticleView, quotes: list[Quote]) -> list[Quote]:
    """The quotes that ``flt`` takes for quotations (all of them for a filter without
    weights)."""
    if not flt.weights:
        return quotes
    return [
        q for k, q in enumerate(quotes) if flt.score(quote_features(view, k, q)) >= flt.threshold
    ]
