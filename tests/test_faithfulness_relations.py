"""The guard's relation checks and the optional NLI checker, on hand-written sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.document import Article, Summary
from briefgen.faithfulness import ArticleIndex, check_sentence, guard
from briefgen.faithfulness.check import CHECKS, DEFAULT_CHECKS
from briefgen.faithfulness.relations import garbled

ARTICLE = (
    "KESTONBURY - The blaze destroyed 40 homes in the valley on Monday night. "
    "Fire chief Arlo Pemberton praised the crews who fought it until dawn. "
    "The cause of the fire is not yet known, the county said. "
    "Residents were moved to a school hall, where volunteers served hot meals. "
    "Later, officials said 12 firefighters were hurt while tackling the flames. "
    "Mira Castellan, who runs the hall, said families would stay there for a week."
)
SOURCE = ArticleIndex(ARTICLE)


def _problems(sentence: str, *checks: str) -> list[str]:
    return check_sentence(SOURCE, sentence, checks or DEFAULT_CHECKS)


def test_a_figure_moved_to_another_noun_is_flagged() -> None:
    assert _problems("The blaze hurt 40 firefighters.", "number-binding") == [
        "number '40' is not with 'firefighter' in the article"
    ]
    assert _problems("The blaze destroyed 40 homes in the valley.", "number-binding") == []
    assert _problems("Some 12 firefighters were hurt.", "number-binding") == []


def test_a_name_in_the_wrong_role_is_flagged() -> None:
    problems = _problems(
        "Mira Castellan praised the crews who fought it until dawn.", "name-binding"
    )
    assert problems == [
        "name 'Mira Castellan' is not with 'prais', 'crew', 'fought' in the article"
    ]
    assert _problems("Fire chief Arlo Pemberton praised the crews.", "name-binding") == []
    # a dateline's place goes with the whole story
    assert _problems("Volunteers served hot meals in Kestonbury.", "name-binding") == []


def test_garbled_sentences_are_flagged() -> None:
    assert garbled("The crews fought the the fire.") == "word 'the' repeated"
    assert garbled("The of the fire is not known.") == "'the of'"
    assert garbled("Families would stay in the.") == "ends on 'the'"
    assert garbled("Roma beat Napoli in Serie a on Saturday.") is None  # a lower-cased name
    assert _problems("The crews fought the the fire.") == [
        "not a well-formed sentence (word 'the' repeated)"
    ]


def test_a_negation_flip_is_found_when_asked() -> None:
    assert _problems("The cause of the fire is known, the county said.", "negation") == [
        "negation not as in the article"
    ]
    assert _problems("The cause of the fire is not known.", "negation") == []
    assert "negation" in CHECKS and "negation" not in DEFAULT_CHECKS


def test_weak_hints_flag_only_together() -> None:
    fused = "Volunteers served the crews who fought the blaze until dawn in the valley."
    pairs = _problems(fused, "pairs")
    assert pairs and pairs[0].startswith("words never together in the article")
    # a rule "a+b" flags only when both hints find a problem in the sentence
    assert _problems(fused, "pairs+novel") == []
    invented = "Arsonists torched stables as crews fought the blaze until dawn in the valley."
    both = _problems(invented, "pairs+novel")
    assert [p.split(":")[0].split(" '")[0] for p in both] == [
        "words never together in the article",
        "words",
    ]


def test_many_words_not_in_the_article_are_a_hint() -> None:
    invented = "Arsonists torched the stables, investigators suspect."
    assert _problems(invented, "novel") == [
        "words 'arsonist', 'torch', 'stabl', 'investigator', 'suspect' not in the article"
    ]
    assert _problems("The blaze destroyed homes.", "novel") == []


def test_faithful_sentences_pass_every_default_check() -> None:
    for sentence in (
        "The blaze destroyed 40 homes in the valley on Monday night.",
        "Arlo Pemberton praised the crews.",
        "Officials said 12 firefighters were hurt.",
        "Castellan said families would stay in the hall for a week.",
    ):
        assert _problems(sentence) == [], sentence


def test_unknown_checks_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown checks"):
        check_sentence(SOURCE, "The blaze destroyed 40 homes.", ("spelling",))


# --- the optional NLI checker ------------------------------------------------------------------


def _build_tiny_nli(folder: Path, labels: dict[int, str]) -> Path:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(
        ARTICLE.lower().split(". "), trainers.WordLevelTrainer(special_tokens=specials)
    )
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)],
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=128,
    )
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=128,
        num_labels=len(labels),
        id2label=labels,
        label2id={v: k for k, v in labels.items()},
    )
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_nli(tmp_path_factory: pytest.TempPathFactory) -> Path:
    labels = {0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}
    return _build_tiny_nli(tmp_path_factory.mktemp("tiny-nli"), labels)


def test_nli_checker_scores_sentences_against_article_windows(tiny_nli: Path) -> None:
    from briefgen.faithfulness.nli import NLIChecker, load_checker

    checker = load_checker(str(tiny_nli))
    assert isinstance(checker, NLIChecker) and (checker.entail, checker.contra) == (0, 2)
    premises = checker.windows(SOURCE.sentences)
    assert len(premises) == len(SOURCE.sentences) - 1  # two sentences a window, stride one
    score = checker.score(premises, "The blaze destroyed 40 homes.")
    assert -1.0 <= score <= 1.0
    # a threshold no score reaches: every sentence the rules pass is unsupported
    strict = NLIChecker(str(tiny_nli), threshold=1.01)
    summary = "The blaze destroyed 40 homes in the valley. Arlo Pemberton praised the crews."
    result = guard(ARTICLE, summary, "warn", nli=strict)
    assert result.flagged == 2
    assert all(
        p[0].startswith("not entailed by the article")
        for p in (c.problems for c in result.sentences)
    )
    lenient = NLIChecker(str(tiny_nli), threshold=-1.01)
    assert guard(ARTICLE, summary, "warn", nli=lenient).flagged == 0


def test_check_summary_loads_the_model_named_by_the_setting(tiny_nli: Path) -> None:
    from briefgen.faithfulness.review import check_summary

    article = Article(id="a", title="Fire", text=ARTICLE, source="test")
    summary = Summary(
        article_id="a", text="The blaze destroyed 40 homes in the valley.", engine="x"
    )
    checked = check_summary(article, summary, "warn", str(tiny_nli))
    assert checked.checked == 1 and checked.text == summary.text


def test_nli_labels_are_found_by_name_or_mnli_order(tmp_path: Path) -> None:
    from briefgen.core.errors import BriefgenError
    from briefgen.faithfulness.nli import _labels

    assert _labels({0: "contradiction", 1: "neutral", 2: "entailment"}) == (2, 0)
    assert _labels({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}) == (2, 0)
    with pytest.raises(BriefgenError):
        _labels({0: "LABEL_0", 1: "LABEL_1"})
