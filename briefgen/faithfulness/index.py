"""What an article supports, indexed once for all the summary sentences checked against it."""

from __future__ import annotations

import re
from functools import cached_property

from briefgen.core.lexicon import DEMONYMS, MONTHS, WEEKDAYS
from briefgen.core.sentences import split_sentences
from briefgen.core.textutil import ASCII_WORD
from briefgen.faithfulness.names import core, phrases
from briefgen.faithfulness.normalise import bare, prepare, stem
from briefgen.faithfulness.numbers import Figure, date_words, figures, index_figures
from briefgen.faithfulness.relations import Positions


class ArticleIndex:
    """An article's words, names, figures and dates, in the forms the guard compares.

    A name is supported when it occurs in the article (case and inflection aside:
    "Democrat"/"Democrats", possessives), when its words all belong to one name of the
    article (surname-only and first-name-plus-surname mentions), or when it is a run of whole
    article names ("North Dakota Bishop John Folda"). A swapped name ("Elena Reed" when the
    article has Elena Voss and Tom Reed) is none of these.
    """

    def __init__(self, article_text: str) -> None:
        self.raw = article_text
        self.text = prepare(article_text)
        self.bare = bare(self.text)
        words = ASCII_WORD.findall(self.text)
        self.words = {stem(w) for w in words}
        self.lower_words = {w.lower() for w in words}
        self.lower_only = frozenset(w for w in words if w.islower())
        self.names = [core(t.text for t in run) for run in phrases(self.text, article=True)]
        self.names = [n for n in self.names if n]
        self.whole_names = set(self.names)
        self.surnames = {n[-1] for n in self.names} | {n[0] for n in self.names if len(n) == 1}
        self.figures = figures(self.text)
        self.values = index_figures(self.text, self.figures)
        # digits inside words count too: "MH370" supports "Flight 370"
        self.values += [float(d) for d in re.findall(r"\d+(?:\.\d+)?", self.text)]

    @cached_property
    def sentences(self) -> list[str]:
        """The article's sentences, as written."""
        return [s.text for s in split_sentences(self.raw)]

    @cached_property
    def positions(self) -> Positions:
        """The article's tokens and where each stem occurs (the relation checks)."""
        return Positions(self.text, [s.start for s in split_sentences(self.text)])

    @cached_property
    def figure_spots(self) -> list[tuple[Figure, int]]:
        """Each figure of the article and the index of its token in :attr:`positions`."""
        return [(f, self.positions.token_at(f.start)) for f in self.figures]

    @cached_property
    def date_mentions(self) -> list[tuple[str, str, int, int]]:
        """The article's weekday and month names (:func:`.numbers.date_words`)."""
        return date_words(self.text)

    @cached_property
    def date_spots(self) -> dict[str, list[int]]:
        """Each weekday and month the article names (canonical) and its token indexes."""
        out: dict[str, list[int]] = {}
        for _, canonical, start, _ in self.date_mentions:
            out.setdefault(canonical, []).append(self.positions.token_at(start))
        return out

    @cached_property
    def dates(self) -> set[str]:
        """The weekdays and months the article names (canonical forms: "sept" -> "september")."""
        return {c for _, c, _, _ in self.date_mentions} | {
            MONTHS.get(w, w) for w in self.lower_words if w in WEEKDAYS or w in MONTHS
        }

    def name_supported(self, words: list[str]) -> bool:
        """Whether the name written as ``words`` is the article's (see the class docstring)."""
        if bare(" ".join(words)) in self.bare:
            return True
        name = core(words)
        if not name:
            return True
        if len(name) == 1:
            return self._word_supported(name[0])
        if any(set(name) <= set(known) for known in self.names):
            return True
        return self._segments(name)

    def _word_supported(self, word: str) -> bool:
        """A one-word name: in the article, or a demonym of a country in it, or the other way."""
        if word in self.words:
            return True
        country = DEMONYMS.get(word)
        if country and bare(country) in self.bare:
            return True
        return any(d in self.words for d, c in DEMONYMS.items() if c == word)

    def _segments(self, name: tuple[str, ...]) -> bool:
        """Whether ``name`` is a run of whole article names (a surname counts as whole)."""
        ok = [True] + [False] * len(name)
        for end in range(1, len(name) + 1):
            for start in range(end):
                if not ok[start]:
                    continue
                piece = name[start:end]
                if piece in self.whole_names or (len(piece) == 1 and piece[0] in self.surnames):
                    ok[end] = True
                    break
        return ok[-1]

    def quote_supported(self, quoted: str) -> bool:
        """Whether the quoted words are in the article word for word (case and punctuation
        aside); an ellipsis or an editor's [bracket] joins pieces that must each be there."""
        pieces = [p for p in re.split(r"\.\.\.|…|\[[^\]]*\]", quoted) if p.strip(" .,;:!?-")]
        return all(bare(p) in self.bare for p in pieces)
