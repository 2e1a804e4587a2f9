"""The reader's language (``--locale``): the chrome, the dates and the document's ``lang``
in every format; an unknown locale is an error; a locale without a catalog falls back to
English chrome with a notice; user templates keep working."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.document import briefing_from_json, briefing_to_json
from briefgen.render import render_formats, sample_briefing

from .conftest import few_samples
from .mailserver import Inbox
from .mailserver import smtp_server as server

runner = CliRunner()
DAY = "2026-11-25"  # a Wednesday
NBSP = "\u00a0"


def _build(out: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(
        app,
        ["build", *few_samples(), "-o", str(out), "--engine", "extractive", "--date", DAY, *args],
        env=env,
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fr")
    _build(out, "--locale", "fr", "--format", "html,pdf,md,epub,json")
    return out


def test_french_html_has_french_chrome_dates_and_lang(french: Path) -> None:
    html = (french / f"briefing-{DAY}.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert "mercredi 25 novembre 2026" in html
    assert '<h1 class="briefing-title">Revue de presse quotidienne</h1>' in html  # the default
    for text in ("L’essentiel", "À propos de cette revue de presse", "Moteur", "Durées"):
        assert text in html, text
    assert "Lire l’article original" in html
    assert f"«{NBSP}" in html and f"{NBSP}»" in html  # French quotation marks, not “ ”
    for english in (">At a glance<", ">About this briefing<", ">Read the original<", "<p>“"):
        assert english not in html, english


def test_the_archive_page_is_in_the_reader_language(french: Path) -> None:
    index = (french / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in index and "Flux Atom" in index
    assert "mercredi 25 novembre 2026" in index and "1 édition, de la plus récente" in index


def test_french_pdf_text_is_french(french: Path) -> None:
    text = " ".join(p.extract_text() for p in PdfReader(french / f"briefing-{DAY}.pdf").pages)
    assert "mercredi 25 novembre 2026" in text
    assert "page 1 sur" in text  # the page footer, from print.css
    assert "L’ESSENTIEL" in text.replace("'", "’")  # the heading, upper-cased by the CSS
    assert "At a glance".upper() not in text and "page 1 of" not in text


def test_french_markdown_and_epub(french: Path) -> None:
    md = (french / f"briefing-{DAY}.md").read_text(encoding="utf-8")
    assert "*mercredi 25 novembre 2026*" in md
    assert "## L’essentiel" in md and "**À propos de cette revue de presse.**" in md
    with zipfile.ZipFile(french / f"briefing-{DAY}.epub") as book:
        package = book.read("EPUB/package.opf").decode()
        nav = book.read("EPUB/nav.xhtml").decode()
        title = book.read("EPUB/title.xhtml").decode()
    assert "<dc:language>fr</dc:language>" in package
    assert 'xml:lang="fr" lang="fr"' in nav and "<h1>Sommaire</h1>" in nav
    assert "mercredi 25 novembre 2026" in title and "Réalisée par briefgen" in title


def test_the_edition_document_keeps_the_locale(french: Path) -> None:
    data = json.loads((french / f"briefing-{DAY}.json").read_text(encoding="utf-8"))
    assert data["locale"] == "fr"
    again = briefing_from_json(briefing_to_json(briefing_from_json(data)))
    assert again.locale == "fr"


@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        (
            "de",
            ["Auf einen Blick", "Donnerstag, 1. Januar 2026", "Aktualisiert", "„this is a sample“"],
        ),
        (
            "es",
            ["De un vistazo", "jueves, 1 de enero de 2026", "Actualización", "«this is a sample»"],
        ),
        ("fr", ["L’essentiel", "jeudi 1er janvier 2026", "Mise à jour", "Autres titres"]),
    ],
)
def test_html_chrome_in_german_spanish_and_french(locale: str, phrases: list[str]) -> None:
    briefing = replace(sample_briefing(), locale=locale)
    html = str(render_formats(briefing, ["html"])["html"])
    assert f'<html lang="{locale}">' in html
    for phrase in phrases:
        assert phrase in html, phrase
    assert ">At a glance<" not in html and ">More headlines<" not in html


def test_english_stays_as_it_was() -> None:
    rendered = render_formats(sample_briefing(), ["html", "md"])
    html, md = str(rendered["html"]), str(rendered["md"])
    assert '<html lang="en">' in html and "Thursday 1 January 2026" in html
    assert ">At a glance<" in html and "“this is a sample”" in html
    assert "## At a glance" in md and "generated 1 Jan 2026, 07:30" in md


@pytest.mark.parametrize(
    ("value", "code"),
    [("xx", 2), ("zz-ZZ", 2), ("fr_FR!", 2), ("french", 2), ("", 2)],
)
def test_an_unknown_or_ill_formed_locale_is_a_usage_error(
    tmp_path: Path, value: str, code: int
) -> None:
    result = runner.invoke(app, ["build", *few_samples(), "-o", str(tmp_path), "--locale", value])
    assert result.exit_code == code, result.output
    assert "--locale" in result.output and "BCP 47" in result.output
    assert not list(tmp_path.iterdir())  # nothing built


def test_a_bad_locale_in_the_config_or_environment_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "briefgen.toml"
    config.write_text('locale = "xx"\n', encoding="utf-8")
    args = ["build", *few_samples(), "-o", str(tmp_path / "out"), "--config", str(config)]
    result = runner.invoke(app, args)
    assert result.exit_code == 7, result.output
    assert "locale" in result.output and "xx" in result.output
    args = ["build", *few_samples(), "-o", str(tmp_path / "out")]
    result = runner.invoke(app, args, env={"BRIEFGEN_LOCALE": "nope-NOPE"})
    assert result.exit_code == 7, result.output
    assert "BRIEFGEN_LOCALE" in result.output


def test_the_locale_from_the_environment_and_a_regional_tag(tmp_path: Path) -> None:
    _build(tmp_path, "--format", "html", "--title", "Le Matin", env={"BRIEFGEN_LOCALE": "fr_CA"})
    html = (tmp_path / f"briefing-{DAY}.html").read_text(encoding="utf-8")
    assert '<html lang="fr-CA">' in html  # the French catalog serves fr-CA
    assert '<p class="kicker">Revue de presse</p>' in html  # a title of your own stays
    assert '<h1 class="briefing-title">Le Matin</h1>' in html
    assert "L’essentiel" in html and "mercredi 25 novembre 2026" in html


def test_a_locale_without_a_catalog_gets_english_chrome_and_a_notice(tmp_path: Path) -> None:
    output = _build(tmp_path, "--locale", "sw", "--format", "html")
    html = (tmp_path / f"briefing-{DAY}.html").read_text(encoding="utf-8")
    assert '<html lang="sw">' in html
    assert ">At a glance<" in html  # English chrome
    assert "Jumatano, 25 Novemba 2026" in html  # Swahili dates
    assert "no catalog for locale 'sw'" in output and "English" in output


def test_a_right_to_left_locale_without_a_catalog_keeps_its_english_chrome_ltr(
    tmp_path: Path,
) -> None:
    """Arabic has no catalog yet: the headings are English, so the page stays left to right
    (dir="rtl" would scramble them) while its dates are Arabic."""
    _build(tmp_path, "--locale", "ar", "--format", "html,epub")
    html = (tmp_path / f"briefing-{DAY}.html").read_text(encoding="utf-8")
    assert '<html lang="ar">' in html and not re.search(r'<[a-z][^>]* dir="rtl"', html)
    assert ">At a glance<" in html and "2026" in html and "نوفمبر" in html
    with zipfile.ZipFile(tmp_path / f"briefing-{DAY}.epub") as book:
        assert "page-progression-direction" not in book.read("EPUB/package.opf").decode()


def test_user_templates_with_and_without_translations(tmp_path: Path) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "briefing.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block colophon %}<p>Plain text, no gettext.</p>"
        '<p class="t">{% trans %}Top stories{% endtrans %} / {{ _("Fact check") }}</p>'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    (mine / "briefing.md").write_text("# {{ title }}\n\n{{ date_display }}\n", encoding="utf-8")
    out = tmp_path / "out"
    _build(out, "--locale", "de", "--format", "html,md", "--templates", str(mine))
    html = (out / f"briefing-{DAY}.html").read_text(encoding="utf-8")
    assert "<p>Plain text, no gettext.</p>" in html
    assert '<p class="t">Top-Meldungen / Faktenprüfung</p>' in html
    assert "Auf einen Blick" in html  # the default blocks it did not override
    md = (out / f"briefing-{DAY}.md").read_text(encoding="utf-8")
    assert "Mittwoch, 25. November 2026" in md


def test_the_mail_is_in_the_reader_language_and_send_keeps_it(tmp_path: Path) -> None:
    config = tmp_path / "briefgen.toml"
    inbox = Inbox()
    with server(inbox) as port:
        config.write_text(
            f'out = "out"\nformats = ["md", "json"]\nlocale = "es"\n\n[email]\n'
            f'host = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
            'from = "briefgen@example.org"\nto = ["lectora@example.org"]\nretry_wait = 0.01\n'
            "timeout = 5\n",
            encoding="utf-8",
        )
        _build(tmp_path / "out", "--config", str(config))
        again = runner.invoke(app, ["send", "--config", str(config), "--date", DAY, "--resend"])
        assert again.exit_code == 0, again.output
    assert len(inbox.messages) == 2
    for msg in inbox.messages:  # built, then re-rendered by send from the edition's JSON
        assert msg["Subject"] == "Resumen de prensa diario — miércoles, 25 de noviembre de 2026"
        alternative = msg.get_payload()[0] if msg.is_multipart() else msg
        text = alternative.get_payload()[0].get_content()
        html = alternative.get_payload()[1].get_content()
        assert "## De un vistazo" in text and "*miércoles, 25 de noviembre de 2026*" in text
        assert '<html lang="es">' in html and "Elaborado por briefgen" in html


def test_templates_context_in_a_locale() -> None:
    result = runner.invoke(app, ["templates", "context", "--locale", "de"])
    assert result.exit_code == 0, result.output
    context = json.loads(result.stdout)
    assert context["locale"] == "de" and context["date_display"] == "Donnerstag, 1. Januar 2026"
    assert context["sections"][0]["name"] == "Top-Meldungen"
    bad = runner.invoke(app, ["templates", "context", "--locale", "xx"])
    assert bad.exit_code == 2 and "--locale" in bad.output


def test_what_the_stories_and_the_run_add_is_in_the_reader_language() -> None:
    """The timeline, what another outlet adds, the translation mark, the line counting the
    headlines not listed and the run's notes are chrome too: French under --locale fr."""
    sample = replace(sample_briefing(), locale="fr")
    files = render_formats(sample, ["html", "md", "epub"])
    html, markdown, book_bytes = files["html"], files["md"], files["epub"]
    assert isinstance(html, str) and isinstance(markdown, str) and isinstance(book_bytes, bytes)
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as book:
        epub = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    for page in (html, markdown, epub):
        assert "Précédemment" in page and "qui ajoute" in page, page[:200]
        assert "Traduit (original en français)" in page
        for english in ("Earlier", "which adds", "Translated from"):
            assert english not in page, english
    for page in (html, markdown):
        assert "Les citations ne sont pas extraites des articles en coréen." in page
        assert "et 1 autre article, non listé ici" in page
        assert "Quotations are not" not in page and "not listed here" not in page
