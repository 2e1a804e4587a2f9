"""The learned guard: a logistic regression over a summary's graded evidence (:mod:`.features`).

Fitted by ``benchmarks/train_guard.py`` (``make train-guard``, scikit-learn) on real model
summaries judged by experts and shipped as :data:`MODEL_FILE`: the feature names, one weight
each, a bias and a threshold. Scoring is plain Python: ``bias + sum(weight * log1p(value))``;
a summary scoring at or above the threshold is flagged, and within it the sentences whose own
score reaches the threshold (else the one scoring highest).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefgen.faithfulness.features import SummaryFeatures

MODEL_FILE = Path(__file__).with_name("guard_model.json")
"""The shipped model, written by ``benchmarks/train_guard.py``."""


@dataclass(frozen=True)
class LearnedGuard:
    """Feature weights (on ``log1p`` of each value), a bias and the flagging threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, values: Mapping[str, float]) -> float:
        """The model's log-odds that a text with these feature values is unfaithful."""
        return self.bias + sum(
            w * math.log1p(max(0.0, values.get(f, 0.0))) for f, w in self.weights.items()
        )

    def flagged(self, found: SummaryFeatures) -> list[int]:
        """The indexes of the summary's sentences the model flags: none when the summary
        scores under the threshold, else those whose own score reaches it, else the one
        scoring highest."""
        if self.score(found.summary) < self.threshold:
            return []
        scored = [(self.score(values), i) for i, values in enumerate(found.per_sentence) if values]
        if not scored:
            return []
        return [i for s, i in scored if s >= self.threshold] or [max(scored)[1]]

    def problem(self, found: SummaryFeatures, i: int) -> str:
        """What the guard reports for sentence ``i`` when the model flags it: the score and
        the features that weigh most in it."""
        values = found.per_sentence[i] or {}
        parts = sorted(
            ((w * math.log1p(max(0.0, values.get(f, 0.0))), f) for f, w in self.weights.items()),
            reverse=True,
        )
        most = ", ".join(f for part, f in parts[:3] if part > 0) or "-"
        return (
            f"unlike the article (learned check: summary scores {self.score(found.summary):+.2f}"
            f" at threshold {self.threshold:+.2f}; most from {most})"
        )

    def to_json(self) -> dict[str, object]:
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold}


def from_json(data: Mapping[str, object]) -> LearnedGuard:
    """A :class:`LearnedGuard` from the mapping :meth:`LearnedGuard.to_json` writes."""
    weights = data["weights"]
    if not isinstance(weights, dict):
        raise ValueError("the guard model's weights must be a mapping of feature to weight")
    bias, threshold = data["bias"], data["threshold"]
    if not isinstance(bias, int | float) or not isinstance(threshold, int | float):
        raise ValueError("the guard model's bias and threshold must be numbers")
    return LearnedGuard(
        {str(k): float(v) for k, v in weights.items()}, float(bias), float(threshold)
    )


@lru_cache(maxsize=1)
def shipped() -> LearnedGuard | None:
    """The model in :data:`MODEL_FILE`, or ``None`` when there is none."""
    if not MODEL_FILE.exists():
        return None
    return from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8"))["model"])
