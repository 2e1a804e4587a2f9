"""An optional learned check: a natural-language-inference model scores each summary sentence.

The SummaC zero-shot method (Laban et al., TACL 2022): the article is cut into windows of
:data:`WINDOW` consecutive sentences (stride one); every window is a premise and the summary
sentence the hypothesis; the sentence's score is the best, over windows, of the entailment
probability minus the contradiction probability. A sentence scoring under the threshold
(:data:`THRESHOLD`) is unsupported, whatever the rules found.

Any cross-encoder that ``AutoModelForSequenceClassification`` loads will do (an MNLI- or
ANLI-trained RoBERTa, DeBERTa, BART ...): the entailment and contradiction labels are found
by name in the model's ``id2label`` (the MNLI order contradiction/neutral/entailment when the
labels are unnamed). Needs ``torch`` and ``transformers``, which the model engine needs too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefgen.core.errors import BriefgenError

WINDOW = 2
"""Article sentences in one premise."""
THRESHOLD = 0.0
"""Scores (entailment minus contradiction, -1 to 1) under this make a sentence unsupported,
for a model that has not been calibrated (no :data:`SETTINGS_FILE` in its folder)."""
SETTINGS_FILE = "briefgen-nli.json"
"""In the model's folder: ``{"threshold": T}``, the threshold chosen for this model by
cross-validation on judged summaries (``benchmarks/faithfulness_eval.py --nli-model FOLDER
--save``)."""
BATCH = 16
"""Premise/hypothesis pairs per model call."""
MAX_TOKENS = 512


def _labels(id2label: dict[int, str]) -> tuple[int, int]:
    """The indexes of the entailment and contradiction labels."""
    names = {i: str(label).lower() for i, label in id2label.items()}
    entail = [i for i, n in names.items() if n.startswith("entail")]
    contra = [i for i, n in names.items() if n.startswith("contradict")]
    if entail and contra:
        return entail[0], contra[0]
    if len(names) == 3:
        return 2, 0  # MNLI order: contradiction, neutral, entailment
    raise BriefgenError(
        f"the NLI model's labels {sorted(names.values())} name no entailment and contradiction"
    )


class NLIChecker:
    """An NLI cross-encoder, loaded once, scoring summary sentences against an article."""

    def __init__(self, model: str, threshold: float | None = None, device: str = "cpu") -> None:
        try:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - transformers is a dependency
            raise BriefgenError("--faithfulness-model needs transformers") from exc
        try:
            self.tokenizer: Any = AutoTokenizer.from_pretrained(model)
            self.model: Any = AutoModelForSequenceClassification.from_pretrained(model)
        except (OSError, ValueError) as exc:
            raise BriefgenError(f"--faithfulness-model {model!r}: cannot load it ({exc})") from exc
        self.model.eval().to(device)
        self.device = device
        self.threshold = calibrated_threshold(model) if threshold is None else threshold
        self.entail, self.contra = _labels(dict(self.model.config.id2label))

    def windows(self, sentences: Sequence[str]) -> list[str]:
        """The premises: every run of :data:`WINDOW` consecutive article sentences."""
        if len(sentences) <= WINDOW:
            return [" ".join(sentences)] if sentences else []
        return [" ".join(sentences[i : i + WINDOW]) for i in range(len(sentences) - WINDOW + 1)]

    def score(self, premises: Sequence[str], hypothesis: str) -> float:
        """Best entailment minus contradiction over ``premises`` for ``hypothesis``."""
        import torch

        best = -1.0
        for i in range(0, len(premises), BATCH):
            batch = list(premises[i : i + BATCH])
            inputs = self.tokenizer(
                batch,
                [hypothesis] * len(batch),
                truncation="only_first",
                max_length=min(MAX_TOKENS, getattr(self.tokenizer, "model_max_length", MAX_TOKENS)),
                padding=True,
                return_tensors="pt",
            ).to(self.device)
            with torch.no_grad():
                probs = self.model(**inputs).logits.softmax(-1)
            margin = probs[:, self.entail] - probs[:, self.contra]
            best = max(best, float(margin.max()))
        return best

    def problem(self, premises: Sequence[str], sentence: str) -> str | None:
        """Why ``sentence`` is unsupported by the premises, or ``None`` when it is supported."""
        if not premises:
            return None
        value = self.score(premises, sentence)
        if value >= self.threshold:
            return None
        return f"not entailed by the article (NLI score {value:.2f})"


def calibrated_threshold(model: str) -> float:
    """The threshold saved in the model's folder (:data:`SETTINGS_FILE`), else
    :data:`THRESHOLD`."""
    settings = Path(model) / SETTINGS_FILE
    if not settings.is_file():
        return THRESHOLD
    try:
        value = json.loads(settings.read_text(encoding="utf-8"))["threshold"]
        return float(value)
    except (ValueError, KeyError, TypeError) as exc:
        raise BriefgenError(
            f"{settings}: not a calibration file ({exc}); delete it or rerun "
            "benchmarks/faithfulness_eval.py --nli-model FOLDER --save"
        ) from exc


@lru_cache(maxsize=2)
def load_checker(model: str, device: str = "cpu") -> NLIChecker:
    """The :class:`NLIChecker` for ``model``, loaded once per process."""
    return NLIChecker(model, device=device)
