"""Short news articles in English, French and German, written for these tests (fiction:
the town of Velmar and everyone in it are invented), and the tiny models' training text.

The French and German articles report the same event as the English one, so a briefing
that translates them can group the three into one story.
"""

from __future__ import annotations

from pathlib import Path

ENGLISH = (
    "Velmar opens its new river bridge",
    "The town of Velmar opened its new river bridge on Monday after two years of work. "
    "The mayor said the bridge would carry four thousand cars a day and that the old ferry "
    "would stop at the end of the month. Engineers said the steel deck was tested for "
    "floods and for heavy lorries. Shops near the river were open late for the crowds, "
    "and the town band played on the bank while children walked across the new deck.",
)
FRENCH = (
    "Velmar inaugure son nouveau pont sur la rivière",
    "La ville de Velmar a inauguré lundi son nouveau pont sur la rivière après deux ans de "
    "travaux. Le maire a dit que le pont portera quatre mille voitures par jour et que le "
    "vieux bac sera arrêté à la fin du mois. Les ingénieurs ont dit que le tablier en acier "
    "a été testé pour les crues et pour les camions lourds. Les commerces près de la "
    "rivière sont restés ouverts tard pour la foule, et la fanfare de la ville a joué sur "
    "la rive pendant que les enfants traversaient le nouveau pont.",
)
GERMAN = (
    "Velmar eröffnet die neue Brücke über den Fluss",
    "Die Stadt Velmar hat am Montag nach zwei Jahren Bauzeit die neue Brücke über den Fluss "
    "eröffnet. Der Bürgermeister sagte, die Brücke werde täglich viertausend Autos tragen "
    "und die alte Fähre werde am Ende des Monats eingestellt. Die Ingenieure sagten, das "
    "Deck aus Stahl sei für Hochwasser und für schwere Lastwagen geprüft worden. Die "
    "Geschäfte am Fluss hatten für die Menge lange geöffnet, und die Kapelle der Stadt "
    "spielte am Ufer, während die Kinder über die neue Brücke gingen.",
)
ARTICLES = {"en": ENGLISH, "fr": FRENCH, "de": GERMAN}
SOURCES = {"en": "Velmar Courier", "fr": "Le Journal de Velmar", "de": "Velmarer Zeitung"}


def corpus() -> list[str]:
    """Every sentence of the articles: the tiny models' tokenizers are trained on them."""
    lines: list[str] = []
    for title, text in ARTICLES.values():
        lines.append(title)
        lines += [s.strip() + "." for s in text.split(". ") if s.strip()]
    return lines


def write_articles(folder: Path, languages: tuple[str, ...] = ("en", "fr", "de")) -> Path:
    """The articles in ``languages`` as Markdown files with front matter in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for code in languages:
        title, text = ARTICLES[code]
        (folder / f"bridge-{code}.md").write_text(
            f"---\ntitle: {title}\nsource: {SOURCES[code]}\n"
            f"url: https://{code}.velmar.example.com/bridge\npublished: 2026-11-09\n---\n\n"
            f"{text}\n",
            encoding="utf-8",
        )
    return folder
