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

relations
    A sentence whose facts are all in the article goes on to checks of how they fit
    together (:mod:`~briefgen.faithfulness.relations`): a figure counting another noun than
    in the article, a name with words the article never puts near it (a wrong role), a
    garbled sentence; and weaker signs that flag only in pairs (``"pairs+novel"``: word
    pairs no article sentence has, words scattered across the article, many words not in it).

Which of these rules run (:data:`~briefgen.faithfulness.check.DEFAULT_CHECKS`) is chosen by
cross-validation on real model summaries judged by experts
(:mod:`~briefgen.faithfulness.calibrate`, ``benchmarks/faithfulness_eval.py --save``) and
read from ``rules.json``.

learned
    Beside the rules, a logistic regression over graded evidence per sentence
    (:mod:`~briefgen.faithfulness.features`: how many facts the article lacks, how many new
    words, word pairs and triples) flags the sentences of a summary it scores as unlike its
    article (:mod:`~briefgen.faithfulness.learned`; fitted by ``benchmarks/train_guard.py``
    and shipped as ``guard_model.json``).

The rules are not a model: no NER library on the package index runs without a separate
model download, and the rules are measured in ``benchmarks/faithfulness_eval.py`` (real model
summaries judged by experts, every check alone), ``benchmarks/quality.py`` (flag rate on human
reference summaries and on the engine's output) and ``tests/test_faithfulness.py``.

Modes: ``off`` checks nothing; ``warn`` (the default) reports and leaves the text alone,
so a false flag harms no correct summary; ``fix`` drops an
unsupported sentence, or replaces it with the closest sentence of the article when one is
close enough and not already in the summary, and never returns an empty summary (the article's
best extractive sentences stand in when nothing survives).

The package, in the order it builds up:

- :mod:`~briefgen.faithfulness.normalise`: both sides in one form (quotes, aliases, stems);
- :mod:`~briefgen.faithfulness.numbers`: figures and dates, and when one supports another;
- :mod:`~briefgen.faithfulness.names`: capitalised phrases and the core of a name;
- :mod:`~briefgen.faithfulness.relations`: where words occur, and the relation checks;
- :mod:`~briefgen.faithfulness.index`: :class:`ArticleIndex`, what one article supports;
- :mod:`~briefgen.faithfulness.check`: the checks, the rules and :func:`check_sentence`;
- :mod:`~briefgen.faithfulness.features`: graded evidence per sentence, for the learned check;
- :mod:`~briefgen.faithfulness.learned`: the learned check's model (plain Python);
- :mod:`~briefgen.faithfulness.modes`: the modes and :func:`guard`;
- :mod:`~briefgen.faithfulness.nli`: the optional NLI model (``--faithfulness-model``);
- :mod:`~briefgen.faithfulness.calibrate`: choosing the rules and an NLI threshold by
  cross-validation.

Its word lists (titles, months, number words, aliases ...) are in :mod:`briefgen.core.lexicon`.
"""

from __future__ import annotations

from briefgen.faithfulness.check import MODES, Mode, check_sentence
from briefgen.faithfulness.index import ArticleIndex
from briefgen.faithfulness.modes import (
    REPLACE_SIMILARITY,
    GuardResult,
    SentenceCheck,
    closest_source_sentence,
    guard,
)

__all__ = [
    "MODES",
    "REPLACE_SIMILARITY",
    "ArticleIndex",
    "GuardResult",
    "Mode",
    "SentenceCheck",
    "check_sentence",
    "closest_source_sentence",
    "guard",
]
