"""The message catalogs: every piece of fixed text in the templates and the template context
is in every language's catalog, translated with the same placeholders, and the compiled
``.mo`` files the package ships say what their ``.po`` sources say (``make locales``)."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from briefgen.render.i18n import LOCALES_DIR, catalog_languages

from .conftest import ROOT

LANGUAGES = ["de", "en", "es", "fr"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(lang: str) -> Catalog:
    with open(LOCALES_DIR / lang / "LC_MESSAGES" / "briefgen.po", "rb") as po:
        return read_po(po, locale=lang)


def _source_messages() -> set[str]:
    """Every msgid pybabel extracts with babel.cfg from the templates and the code."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_the_shipped_languages() -> None:
    assert set(LANGUAGES) <= set(catalog_languages())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_of_the_templates_is_in_the_catalog(lang: str) -> None:
    source = _source_messages()
    assert {"At a glance", "Top stories", "“%(quote)s”", "%(num)s story"} <= source
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalog(lang) if m.id}
    missing = sorted(source - ids)
    assert not missing, f"not in {lang}'s catalog (run `make locales`, then translate): {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{lang}: untranslated {ids[0]!r}"
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, f"{lang}: {text!r} for {ids[0]!r}"
            assert "%" not in PLACEHOLDER.sub("", text), f"{lang}: stray % in {text!r}"


def _texts(catalog: Catalog) -> dict[object, object]:
    """msgid → msgstr, plural forms as tuples (the .mo reads back as lists)."""
    return {
        tuple(m.id) if isinstance(m.id, list | tuple) else m.id: (
            tuple(m.string) if isinstance(m.string, list | tuple) else m.string
        )
        for m in catalog
        if m.id and not m.fuzzy and m.string
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogs_are_up_to_date(lang: str) -> None:
    mo = LOCALES_DIR / lang / "LC_MESSAGES" / "briefgen.mo"
    with open(mo, "rb") as f:
        compiled = read_mo(f)
    assert _texts(compiled) == _texts(_catalog(lang)), f"{mo} is stale: run `make locales`"
    with open(mo, "rb") as f:  # and gettext reads it
        assert gettext.GNUTranslations(f).gettext("At a glance")


def test_french_typography() -> None:
    """French puts a non-breaking space before : ; ! ? and inside « », never a plain one."""
    for message in _catalog("fr"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings if message.id else ():
            assert not re.search(r" [:;!?»]|« ", text), f"plain space in {text!r}"
            assert not re.search(r"\w[;!?]", text), f"no space before the mark in {text!r}"
            assert "'" not in text, f"typewriter apostrophe in {text!r}"


@pytest.mark.slow
def test_the_wheel_ships_the_compiled_catalogs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in LANGUAGES:
        assert f"briefgen/locales/{lang}/LC_MESSAGES/briefgen.mo" in names
    assert "briefgen/render/i18n.py" in names  # LOCALES_DIR is relative to it
