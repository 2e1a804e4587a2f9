"""The extractive engine: no model, ranks the article's own sentences.

Three steps, each a textbook choice rather than a fit to any evaluation set:

1. Candidates. The article is split into sentences
   (:func:`briefgen.core.sentences.split_sentences`).
   Sentences that are not prose are passed over: very short or very long ones, those that are
   mostly quotation, page furniture ("Last updated at 14:02", "By . Staff Reporter .",
   time stamps), photo captions ("Royal duties: The Queen ...", "Smith (left) and ...") and
   anything with fewer than four lower-case words (headlines, bylines, captions in title
   case); so are questions ("Bored of your commute?"), which open features but state
   nothing. A wire dateline ("LONDON (Reuters) -", "(CNN) --") is cut from the front of a
   sentence, so every candidate is still a verbatim piece of the article.
2. Relevance. Each candidate is scored by its centrality (cosine similarity of its TF-IDF
   vector to the article's centroid, the classic centroid method, Radev et al. 2004; each
   sentence's vector is scaled to unit length first, so one long sentence does not pull
   the centroid its way, and compared with the centroid of the other sentences, so its own
   words do not count for it) plus a bonus for leading position, which news writing earns
   (the inverted pyramid):
   ``0.55 * centrality + 0.45 / (1 + position / 2)``.
3. Selection. Sentences are picked greedily by maximal marginal relevance (Carbonell &
   Goldstein 1998) with ``lambda = 0.8``: a sentence that repeats one already chosen (a photo
   caption restating the lead, a recap paragraph) loses to one that adds something, while
   sentences that merely share the story's topic, as every sentence of a short article does,
   are not pushed aside for asides (0.7 let "The weather was mild" into a five-sentence
   story). A near-repeat (cosine 0.6 or more to a chosen sentence) is never chosen, nor,
   while anything else is left, an aside that shares no content word with the rest of the
   article. The chosen sentences are returned in article order.
4. Reading order. The lede (the first candidate that stands on its own) is chosen first, so
   it leads the summary, as it leads the story. A sentence that leans on the one before it
   (:func:`leans`: it opens with a pronoun or connective, "He", "This", "But", "However",
   or hands a quotation to "she said") comes with that sentence when both fit, and is passed
   over otherwise: a summary never opens mid-thought.

Falls back to the article's first sentences when nothing qualifies (a very short text).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.core.lexicon import CUE_FORMS, EXTRACTIVE_STOPWORDS
from briefgen.core.scripts import (
    caseless,
    join_sentences,
    script_terms,
    unspaced_runs,
    word_count,
)
from briefgen.core.sentences import split_sentences
from briefgen.core.textutil import LOWER_WORD, TERM, cosine, norm
from briefgen.document import Article, Summary
from briefgen.summarise.base import Length, Progress

SENTENCES: dict[Length, int] = {"short": 2, "medium": 3, "long": 5}

CENTRALITY_WEIGHT = 0.55
"""Weight of centrality in a sentence's relevance; the rest is the position prior."""
MMR_LAMBDA = 0.8
"""Relevance against novelty in selection (1.0 would ignore redundancy)."""
NEAR_DUPLICATE = 0.6
"""Cosine similarity at which a sentence is a near-repeat of one already chosen: never chosen."""
MIN_WORDS = 6
MAX_WORDS = 80
MIN_LOWER_WORDS = 4
MAX_QUOTED_SHARE = 0.6

_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
# "LONDON, England (Reuters) -- ", "(CNN) -- ", "WASHINGTON (AP) — "
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .,'’-]{0,60}\s)?\((?:CNN|AP|Reuters|AFP|UPI|PA|Bloomberg)\)"
    r"\s*(?:--|—|–|-)\s*"
)
# A photo caption: a short label and a colon ("Royal duties: The Queen waves ..."), or a
# pointer into the picture ("Smith (left) and Jones", "Smith, pictured, ..."). Captions restate
# the story, so centrality favours them, but they describe a picture, not the news.
_CAPTION_LABEL = re.compile(r"^([A-Z][\w’'.&-]*(?: [a-z][\w’'.&-]*){0,3}):\s+[A-Z0-9]")
_AUXILIARIES = frozenset(
    "is are was were be been has have had will would can could may might must should do does"
    " did".split()
)
_PICTURE_POINTER = re.compile(
    r"\((?:pictured|left|right|centre|center|above|below|top|bottom|inset|far left|far right|"
    r"file photo|file picture)\)"
    r"|, (?:pictured|left|right|centre|center|far left|far right|second left|second right|"
    r"above|below),"
    r"|\bpictured (?:with|here|above|below|left|right|centre|center|together|alongside)\b"
    r"|\b(?:pictured|seen) (?:on|in) the (?:left|right)\b",
    re.IGNORECASE,
)
LEANING_OPENERS = frozenset(
    "he she they it his her their its him them this that these those such both but however"
    " also and so yet still meanwhile moreover furthermore instead nevertheless nonetheless"
    " therefore thus then besides otherwise likewise similarly additionally indeed"
    " consequently hence or nor another here it's that's he's she's they're they've they'd"
    " he'd she'd there's".split()
)
"""First words that lean on the sentence before: pronouns, demonstratives, connectives."""
LEANING_PHRASES = (
    "in addition",
    "as a result",
    "on the other hand",
    "in contrast",
    "at the same time",
    "even so",
    "the latter",
    "the former",
    "the move ",
)
"""Openings of more than one word that lean on the sentence before."""
_OPENING = re.compile(r"^[\"“‘'(\s]*([A-Za-z]+(?:['’][a-z]+)?)")
_PRONOUN_SPEAKER = re.compile(
    r"[,.!?][\"”’']\s+(?:he|she|they|it)\s+(?:said|says|added|told|asked|explained|insisted|"
    r"claimed|argued|continued|went on|wrote|tweeted|warned|admitted)\b"
)
_FURNITURE = re.compile(
    r"^(?:published:|updated:|last updated at\b|click here\b|read more:|scroll down\b|"
    r"pictured:|photo:|image:|video:)|\d{1,2}:\d{2}\s*(?:EST|GMT|BST|UTC)\b|\s\|\s",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """A sentence worth considering: where it is, its text and its relevance."""

    position: int  # index among the article's sentences
    text: str
    score: float
    vector: dict[str, float]
    norm: float
    centrality: float  # 0.0: shares no content word with the rest of the article


def _terms(text: str, language: str = "") -> list[str]:
    """A sentence's terms: lower-case words less stop words; in a language other than
    English, words of any script; in Chinese and Japanese, pairs of characters (bigrams, the
    usual index terms of text without spaces)."""
    if language in ("", "en") and not unspaced_runs(text):
        lower = text.lower()
        return [w for w in TERM.findall(lower) if w not in EXTRACTIVE_STOPWORDS and len(w) > 1]
    return [t for t in script_terms(text) if len(t) > 1 and t not in EXTRACTIVE_STOPWORDS]


def _quoted_share(sentence: str) -> float:
    quoted = sum(len(m) for m in _QUOTED.findall(sentence))
    return quoted / max(1, len(sentence))


def strip_dateline(sentence: str) -> str:
    """``sentence`` without a leading wire dateline such as ``LONDON (Reuters) -``."""
    stripped = _DATELINE.sub("", sentence, count=1)
    return stripped if stripped else sentence


def is_caption(sentence: str) -> bool:
    """Whether ``sentence`` reads as a photo caption rather than a sentence of the story.

    A label of at most four words in sentence case and a colon ("Royal duties: The Queen
    ...", not the title "Bridget Jones: The Edge of Reason was ..."), unless the label holds
    a speech verb ("Smith said: ...") or is a clause ("The vote was close: 12 ..."); or a
    pointer into the picture: "(left)", ", pictured,", "pictured with".
    """
    label = _CAPTION_LABEL.match(sentence)
    if label and not any(
        w.lower() in CUE_FORMS or w.lower() in _AUXILIARIES for w in label.group(1).split()
    ):
        return True
    return bool(_PICTURE_POINTER.search(sentence))


def is_furniture(sentence: str) -> bool:
    """Whether ``sentence`` is page furniture: a time stamp, "Last updated at", "Click here",
    a photo caption (:func:`is_caption`)."""
    return bool(_FURNITURE.search(sentence)) or is_caption(sentence)


def is_question(sentence: str) -> bool:
    """Whether ``sentence`` asks rather than tells ("Bored of your commute?"): prose, but a
    summary is made of statements."""
    return sentence.rstrip(" \"'’”)」』）").endswith(("?", "？", "؟"))


def is_prose(sentence: str) -> bool:
    """Whether ``sentence`` reads as a sentence of the story (not a byline, stamp or heading)."""
    words = word_count(sentence)
    if words < MIN_WORDS or words > MAX_WORDS:
        return False
    if is_furniture(sentence):
        return False
    # a script without case (Arabic, CJK ...) has no lower-case words to tell prose by
    if not caseless(sentence) and len(LOWER_WORD.findall(sentence)) < MIN_LOWER_WORDS:
        return False
    return _quoted_share(sentence) <= MAX_QUOTED_SHARE


def candidate_sentences(text: str, language: str = "") -> list[tuple[int, str]]:
    """``(position, sentence)`` for every sentence of ``text`` that :func:`is_prose`.

    Datelines are stripped; ``position`` is the index in ``split_sentences(text, language)``.
    """
    out = []
    for i, span in enumerate(split_sentences(text, language)):
        sentence = strip_dateline(span.text)
        if is_prose(sentence):
            out.append((i, sentence))
    return out


def _centrality(unit: dict[str, float], centroid: dict[str, float], centroid_sq: float) -> float:
    """Cosine of the unit vector ``unit`` to the centroid of the *other* sentences (the
    article's centroid less ``unit``, whose squared length is ``centroid_sq``): a
    sentence's own vote would otherwise make every aside of a short article look central."""
    if not unit:
        return 0.0
    own = sum(w * centroid[t] for t, w in unit.items())
    # term by term, so that a term no other sentence has adds exactly nothing
    shared = sum(w * (centroid[t] - w) for t, w in unit.items())
    others_sq = centroid_sq - 2 * own + 1.0
    return shared / math.sqrt(others_sq) if others_sq > 1e-12 else 0.0


def _candidates(
    text: str, centrality_weight: float = CENTRALITY_WEIGHT, language: str = ""
) -> list[Candidate]:
    spans = split_sentences(text, language)
    sentences = [strip_dateline(s.text) for s in spans]
    bags = [Counter(_terms(s, language)) for s in sentences]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(spans)
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    vectors = [{t: c * idf[t] for t, c in bag.items()} for bag in bags]
    norms = [norm(vec) or 1.0 for vec in vectors]
    units = [
        {t: w / length for t, w in vec.items()} for vec, length in zip(vectors, norms, strict=True)
    ]
    centroid: dict[str, float] = {}
    for unit in units:  # each sentence one vote, however long it is
        for t, w in unit.items():
            centroid[t] = centroid.get(t, 0.0) + w
    centroid_sq = sum(w * w for w in centroid.values())
    out: list[Candidate] = []
    for i, sentence in enumerate(sentences):
        if not is_prose(sentence) or is_question(sentence):
            continue
        centrality = _centrality(units[i], centroid, centroid_sq)
        position = 1.0 / (1.0 + i / 2.0)
        score = centrality_weight * centrality + (1 - centrality_weight) * position
        out.append(Candidate(i, sentence, score, vectors[i], norms[i], centrality))
    return out


def rank_sentences(text: str, language: str = "") -> list[tuple[float, int, str]]:
    """(score, position, sentence) for every sentence worth considering, best first.

    The score is relevance alone; :func:`extract_summary` also weighs redundancy.
    """
    ranked = [(c.score, c.position, c.text) for c in _candidates(text, language=language)]
    ranked.sort(key=lambda r: (-r[0], r[1]))
    return ranked


def leans(sentence: str) -> bool:
    """Whether ``sentence`` leans on the one before it: it opens with a pronoun or connective
    ("He said ...", "But ...", "However, ...", "This means ...", "In addition, ...") or hands
    a quotation to a pronoun ('"We will appeal," she said.'), whose referent is elsewhere."""
    opening = _OPENING.match(sentence)
    if opening and opening.group(1).lower().replace("’", "'") in LEANING_OPENERS:
        return True
    if any(sentence.lower().startswith(p) for p in LEANING_PHRASES):
        return True
    return bool(_PRONOUN_SPEAKER.search(sentence))


def select(
    text: str,
    sentences: int,
    mmr_lambda: float = MMR_LAMBDA,
    centrality_weight: float = CENTRALITY_WEIGHT,
    language: str = "",
) -> list[tuple[int, str]]:
    """``(position, sentence)`` of the ``sentences`` sentences chosen, in article order.

    The lede (the first candidate that does not lean on a sentence before it, :func:`leans`)
    is chosen first: it leads the story's summary. The rest are chosen by MMR. A sentence that
    leans on its predecessor comes with that predecessor when both fit and the predecessor
    is a candidate that stands on its own, and is passed over otherwise. An aside that shares
    no content word with the rest of the article ("The weather was mild") is chosen only
    when no other candidate is left."""
    pool = _candidates(text, centrality_weight, language)
    by_position = {c.position: c for c in pool}
    overlap = {id(c): 0.0 for c in pool}  # each candidate's highest cosine to a chosen one
    chosen: list[Candidate] = []
    taken: set[int] = set()

    def take(c: Candidate) -> None:
        chosen.append(c)
        taken.add(c.position)
        for other in pool:
            if other is not c:
                sim = cosine(other.vector, c.vector, other.norm, c.norm)
                overlap[id(other)] = max(overlap[id(other)], sim)

    lede = next((c for c in pool if not leans(c.text)), None)
    while pool and len(chosen) < sentences:

        def mmr(c: Candidate) -> tuple[bool, bool, float, int]:
            relevance = mmr_lambda * c.score - (1 - mmr_lambda) * overlap[id(c)]
            return c is lede, c.centrality > 0, relevance, -c.position

        best = max(pool, key=mmr)
        pool.remove(best)
        if leans(best.text) and best.position - 1 not in taken:
            before = by_position.get(best.position - 1)
            if before is None or before not in pool or len(chosen) + 2 > sentences:
                continue  # passed over: its referent would not be in the summary
            if leans(before.text) and before.position - 1 not in taken:
                continue
            pool.remove(before)
            take(before)
        take(best)
        pool = [c for c in pool if overlap[id(c)] < NEAR_DUPLICATE]
    chosen.sort(key=lambda c: c.position)
    return [(c.position, c.text) for c in chosen]


def extract_summary(text: str, sentences: int, language: str = "") -> str:
    """The ``sentences`` best sentences of ``text``, in their original order (``language``:
    the article's, which picks how sentences are split and words counted)."""
    chosen = select(text, sentences, language=language)
    if not chosen:
        chosen = list(enumerate(s.text for s in split_sentences(text, language)[:sentences]))
    return join_sentences([s for _, s in chosen])


class ExtractiveEngine:
    """Summaries made of the article's own best sentences; needs no model."""

    name = "extractive"
    model_id = ""

    def summarise(
        self,
        articles: Sequence[Article],
        length: Length = "medium",
        progress: Progress | None = None,
    ) -> list[Summary]:
        summaries = []
        for article in articles:
            summaries.append(
                Summary(
                    article_id=article.id,
                    text=extract_summary(article.text, SENTENCES[length], article.language),
                    engine=self.name,
                    settings={"sentences": SENTENCES[length]},
                )
            )
            if progress:
                progress(1)
        return summaries
