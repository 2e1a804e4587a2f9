"""Quotations in French, German, Spanish, Italian and Portuguese (briefgen.quotes.intl),
through ``find_quotes(text, language=...)``, the ``quotes`` command and ``build``.

Every text here was written for these tests; none is taken from real news.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli.main import app
from briefgen.document import Quote
from briefgen.quotes import QUOTE_LANGUAGES, extract_quotes, find_quotes, has_quote_rules
from tests.calls import count_calls

DATA = Path(__file__).resolve().parent / "data" / "quotes_intl.jsonl"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
runner = CliRunner()


def said(text: str, language: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text, language=language)]


def test_german_quote_goes_to_the_mayor_not_the_river_gauge() -> None:
    text = (
        "Das Hochwasser an der Donau steigt weiter. Der Pegel Donau zeigte 6,20 Meter.\n\n"
        "„Wir haben die Lage im Griff“, sagte Bürgermeister Hans Weber am Montag.\n\n"
        "»Die Dämme halten noch«, so Weber."
    )
    assert said(text, "de") == [
        ("Wir haben die Lage im Griff", "Hans Weber"),
        ("Die Dämme halten noch", "Hans Weber"),
    ]
    assert extract_quotes(text, language="de")[0].speaker_role == "Bürgermeister"


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", ""])
def test_french_guillemets_with_or_without_inner_spaces(space: str) -> None:
    text = (
        f"La préfète, Claire Morel, a visité la digue. «{space}Nous tiendrons{space}», "
        "a déclaré la préfète.\n\n"
        f"Le maire Jean Dupont a déclaré : «{space}La ville est prête.{space}»"
    )
    assert said(text, "fr") == [
        ("Nous tiendrons", "Claire Morel"),
        ("La ville est prête.", "Jean Dupont"),
    ]


def test_french_inversion_pronoun_and_dialogue_dash() -> None:
    text = (
        "La ministre de la Santé, Anne Roux, a présenté son plan.\n\n"
        "« Aucun service ne fermera », a-t-elle assuré.\n\n"
        "— Nous ne reculerons pas, a affirmé M. Paul Girard, le directeur de l'hôpital.\n\n"
        "— Voici la liste des services concernés"
    )
    assert said(text, "fr") == [
        ("Aucun service ne fermera", "Anne Roux"),
        ("Nous ne reculerons pas", "Paul Girard"),
    ]  # the last dash opens no dialogue: no verb of speech


def test_spanish_dashes_and_subjectless_verb() -> None:
    text = (
        "La alcaldesa, Ana Ruiz, visitó el barrio inundado.\n\n"
        "«Vamos a reconstruirlo todo», afirmó.\n\n"
        "—No dejaremos a nadie atrás —dijo el ministro del Interior, Luis Vega—. Es nuestra "
        "obligación."
    )
    quotes = extract_quotes(text, language="es")
    assert [(q.speaker, q.cue) for q in quotes] == [("Ana Ruiz", "afirmó"), ("Luis Vega", "dijo")]
    assert quotes[1].text == "No dejaremos a nadie atrás. Es nuestra obligación."


def test_italian_and_portuguese_curly_marks_and_according_to() -> None:
    italian = (
        "Il sindaco Marco Bianchi ha parlato ai giornalisti.\n\n"
        "“La città è pronta”, ha detto il sindaco.\n\n"
        "Secondo la Protezione civile, “la marea calerà domani”."
    )
    assert said(italian, "it") == [
        ("La città è pronta", "Marco Bianchi"),
        ("la marea calerà domani", "la Protezione civile"),
    ]
    portuguese = "“Precisamos de ajuda”, disse o prefeito do Porto, Rui Lopes."
    assert said(portuguese, "pt") == [("Precisamos de ajuda", "Rui Lopes")]


def test_role_named_later_and_single_guillemets_inside() -> None:
    text = (
        "« Le projet ‹ Horizon › est abandonné », a annoncé le directeur.\n\n"
        "Le directeur de l'usine, Marc Petit, a reçu les syndicats mardi."
    )
    (q,) = extract_quotes(text, language="fr-FR")
    assert (q.text, q.speaker, q.resolved_from) == (
        "Le projet ‹ Horizon › est abandonné",
        "Marc Petit",
        "le directeur",
    )


def test_scare_quotes_are_not_quotations() -> None:
    text = "Le gouvernement présente un budget « responsable » et des mesures « fortes »."
    assert extract_quotes(text, language="fr") == []


def test_languages_without_rules_give_no_quotations() -> None:
    text = 'De minister zei: "We gaan de dijk versterken voor de winter," aldus Jan de Vries.'
    assert find_quotes(text, language="nl") == []
    assert not has_quote_rules("nl") and not has_quote_rules("ja")
    assert has_quote_rules("") and has_quote_rules("en-GB") and has_quote_rules("pt-BR")
    assert {"en", "fr", "de", "es", "it", "pt"} <= QUOTE_LANGUAGES


def test_english_path_is_the_same_with_or_without_the_language() -> None:
    for path in sorted(SAMPLES.glob("*.md"))[:6]:
        text = path.read_text(encoding="utf-8")
        assert find_quotes(text) == find_quotes(text, language="en") == find_quotes(text, 3, "")


def test_key_quotes_are_marked_for_other_languages() -> None:
    text = (
        "« Nous allons reconstruire la digue avant l'hiver », a déclaré le maire Jean Dupont.\n\n"
        "« Personne ne doit approcher des berges pendant trois jours », a prévenu la préfète "
        "Claire Morel."
    )
    quotes: list[Quote] = find_quotes(text, 1, "fr")
    assert [q.key for q in quotes].count(True) == 1 and all(q.kind == "full" for q in quotes)


def _gold() -> list[dict[str, object]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def test_gold_articles_are_well_formed() -> None:
    records = _gold()
    assert {r["language"] for r in records} == {"fr", "de", "es", "it", "pt", "zh", "ar"}
    for r in records:
        text = str(r["text"])
        for q in r["quotes"]:  # type: ignore[attr-defined]
            parts = [text[s:e] for s, e in q["quote_span"]]
            assert " ".join(parts) == q["quote"], (r["id"], q)


def test_developed_gold_speakers() -> None:
    """The speakers of the developed gold articles (the held-out ones are reported by
    ``benchmarks/quotes_intl_eval.py``, not held to a figure here)."""
    right = total = 0
    for r in _gold():
        if r["split"] != "developed":
            continue
        found = extract_quotes(str(r["text"]), language=str(r["language"]))
        for q in r["quotes"]:  # type: ignore[attr-defined]
            if not q["speaker"]:
                continue
            (s, e), *_ = q["quote_span"]
            total += 1
            match = [p for p in found if p.start <= s < p.end or s <= p.start < e]
            last = q["speaker"].split()[-1]
            right += bool(match) and last in (match[0].speaker or "")
    assert total > 100 and right / total >= 0.95


def test_quotes_command_reads_a_french_article(tmp_path: Path) -> None:
    record = next(r for r in _gold() if r["id"] == "fr-02")
    path = tmp_path / "greve.md"
    path.write_text("Grève à Marseille\n\n" + str(record["text"]), encoding="utf-8")
    result = runner.invoke(app, ["quotes", str(path), "--json", "--languages", "fr"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [q["speaker"] for q in found] == ["Philippe Tabarot", "Sophie Bernard", "Sophie Bernard"]


def test_quotes_command_says_when_a_language_has_no_rules(tmp_path: Path) -> None:
    path = tmp_path / "dijk.md"
    path.write_text(
        "Dijk\n\nDe minister zei maandag dat de nieuwe dijk in de herfst wordt versterkt en "
        'dat de kosten nog niet zijn afgesproken. "We beginnen in september," zei hij.\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["quotes", str(path), "--languages", "nl"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "quotations are not extracted for Dutch articles" in result.stderr


def test_briefing_notes_languages_without_quote_rules(tmp_path: Path) -> None:
    dutch = tmp_path / "dijk.md"
    dutch.write_text(
        "Dijk versterkt\n\nDe minister zei maandag dat de nieuwe dijk in de herfst wordt "
        "versterkt en dat de kosten nog niet met de aannemers zijn afgesproken, maar dat komt "
        'nog. "We beginnen in september," zei hij tegen de verslaggevers van de krant.\n',
        encoding="utf-8",
    )
    english = sorted(SAMPLES.glob("f*.md"))[0]
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *["build", str(dutch), str(english), "--languages", "en,nl"],
            *["--engine", "extractive", "--out", str(out), "--format", "json,html"],
            *["--date", "2026-11-25"],
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "briefing-2026-11-25.json").read_text(encoding="utf-8"))
    assert data["notes"] == ["Quotations are not extracted for Dutch articles."]
    html = (out / "briefing-2026-11-25.html").read_text(encoding="utf-8")
    assert "Quotations are not extracted for Dutch articles." in html


SHAPES = {
    "fr said": ("fr", "« Nous construirons le pont », a déclaré Jean Dupont. "),
    "fr scare": ("fr", "le « plan » et le « deal » "),
    "fr dialogue": ("fr", "— Oui, a dit le maire Jean Roux.\n"),
    "fr list": ("fr", "— un point de liste\n"),
    "de said": ("de", "„Wir bauen die Brücke“, sagte Bürgermeister Hans Weber. Er „war“ froh. "),
    "es inciso": ("es", "—No cederemos —dijo el ministro Luis Vega—. Es nuestra obligación.\n"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_doubling_an_article_doubles_the_work(shape: str) -> None:
    language, piece = SHAPES[shape]
    small, large = piece * 300, piece * 600
    a = count_calls(lambda: find_quotes(small, 3, language))
    b = count_calls(lambda: find_quotes(large, 3, language))
    assert b / a < 2.4, f"{shape}: {a} calls for {len(small)} chars, {b} for {len(large)}"
