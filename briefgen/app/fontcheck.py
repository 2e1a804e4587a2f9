"""Fonts for the scripts an edition is written in and for the ``languages`` setting:
``briefgen doctor`` reads the last edition's JSON and asks fontconfig, for one letter of
each script in it, whether any installed font draws it (a PDF shows empty boxes where none
does), and asks it for a font for each language named (``fc-list :lang=zh``)."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.app.check import Check

if TYPE_CHECKING:
    from briefgen.settings.options import BuildOptions

_NOT_SCRIPT = {"LETTER", "SYLLABLE", "CAPITAL", "SMALL", "VOWEL", "LIGATURE", "SIGN", "FINAL"}

FONT_PACKAGES = "fonts-noto-core fonts-noto-cjk"
"""Debian's packages whose fonts draw the scripts briefgen reads (``make setup`` installs
them)."""


def script_of(char: str) -> str | None:
    """The script a letter belongs to, from its Unicode name (``CYRILLIC``, ``OL CHIKI``,
    ``CJK``); None for anything but a letter, and for a modifier letter (the Japanese
    long-vowel mark ``ー``, the Arabic tatweel), which goes with its script's letters."""
    category = unicodedata.category(char)
    if not category.startswith("L") or category == "Lm":
        return None
    words = []
    for word in unicodedata.name(char, "").split():
        if word in _NOT_SCRIPT or word.startswith("IDEOGRAPH") or word == "UNIFIED":
            break
        words.append(word)
    return " ".join(words) or None


def scripts_in(text: str) -> dict[str, str]:
    """Each script in ``text`` and its first letter."""
    found: dict[str, str] = {}
    for char in text:
        script = script_of(char) if not char.isascii() or char.isalpha() else None
        if script is not None:
            found.setdefault(script, char)
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def last_edition(options: BuildOptions) -> Path | None:
    """The briefing's newest edition as JSON (its ``latest`` link), when there is one."""
    from briefgen.publish.names import latest_name

    path = options.out / latest_name(options.briefing, "json")
    return path if path.is_file() else None


def check_script_fonts(options: BuildOptions) -> Check | None:
    """A font for every script of the last edition; None when there is nothing to read
    (no edition yet, or no fontconfig: :func:`briefgen.app.doctor.check_fonts` says so)."""
    edition, fc_list = last_edition(options), shutil.which("fc-list")
    if edition is None or fc_list is None:
        return None
    try:
        text = "\n".join(_strings(json.loads(edition.read_text(encoding="utf-8"))))
    except (OSError, ValueError) as exc:
        return Check("script fonts", True, f"{edition}: not read ({exc})", warning=True)
    missing = []
    for script, char in sorted(scripts_in(text).items()):
        query = f":charset={ord(char):x}"
        listed = subprocess.run(
            [fc_list, query, "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
        if not listed.strip():
            missing.append(f"{script.title()} ({char})")
    scripts = ", ".join(s.title() for s in sorted(scripts_in(text)))
    if missing:
        return Check(
            "script fonts",
            "pdf" not in options.formats,
            f"no installed font draws {', '.join(missing)} in {edition.name}: the PDF shows boxes",
            f"install a font for it (the Noto fonts cover most scripts: apt-get install "
            f"{FONT_PACKAGES})",
            warning="pdf" not in options.formats,
        )
    return Check("script fonts", True, f"{scripts or 'no letters'} in {edition.name}: covered")


def _families(fc_list: str, query: str) -> list[str]:
    listed = subprocess.run(
        [fc_list, query, "family"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    return sorted({line.split(",")[0].strip() for line in listed.splitlines() if line.strip()})


def check_language_fonts(options: BuildOptions) -> Check | None:
    """A font for each language of the ``languages`` setting, as fontconfig knows them
    (``fc-list :lang=zh``); None without fontconfig (:func:`briefgen.app.doctor.check_fonts`
    says so)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None or not options.languages:
        return None
    covered: list[str] = []
    missing: list[str] = []
    for code in options.languages:
        families = _families(fc_list, f":lang={code.lower()}")
        (covered if families else missing).append(code)
    if missing:
        return Check(
            "language fonts",
            "pdf" not in options.formats,
            f"no installed font covers {', '.join(missing)} (or fontconfig does not know the "
            "code): the PDF shows boxes for them",
            f"apt-get install {FONT_PACKAGES} (or `make system-deps`)",
            warning="pdf" not in options.formats,
        )
    return Check("language fonts", True, f"{', '.join(covered)}: covered")
