"""The default templates as a user sees them: which files, which blocks, which variables."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.render.environment import default_templates_dir

VARIABLES_NOTE = (
    "Receives the briefing context: title, kicker, locale, locale_dir, date, date_display,\n"
    "generated_display, story_count(_display), source_count(_display), sources, grouped,\n"
    "headed, top_stories,\n"
    "sections[name, anchor, stories, top], stories[id, anchor, number, title, source, author,\n"
    "section, language, dir, link, link_display, published_display, summary,\n"
    "summary_paragraphs,\n"
    "body_paragraphs, lede, glance_lede, what_is_new, quotes[text, speaker, speaker_role,\n"
    "attribution, kind]], more_headlines, headline_count, unlisted_count, update_count,\n"
    "held_back, held_back_display,\n"
    "engine, model, engine_note, engine_detail, notes, version, timings, total_display,\n"
    "skipped[source, reason],\n"
    "output ('html', 'pdf', 'md', 'email' or 'epub'), paper, extra_css.\n"
    "Wrap fixed text in a trans block or _() to have it in the reader's language (--locale).\n"
    "Print the full context with `briefgen templates context`; the manual's Templates page\n"
    "lists every variable."
)


@dataclass(frozen=True)
class TemplateFile:
    name: str
    path: Path
    blocks: list[str]
    extends: str | None


def _inspect(name: str, path: Path) -> TemplateFile:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        return TemplateFile(name, path, [], None)
    tree = jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(source)
    blocks = [b.name for b in tree.find_all(nodes.Block)]
    extends = next(
        (
            e.template.value
            for e in tree.find_all(nodes.Extends)
            if isinstance(e.template, nodes.Const)
        ),
        None,
    )
    return TemplateFile(name, path, blocks, extends)


def template_files(folder: Path) -> dict[str, Path]:
    """The templates in ``folder`` by the name the renderer asks for (``base.html``,
    ``epub/nav.xhtml``): every file below it, hidden ones and caches left out."""
    found = {}
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(p.startswith((".", "__")) for p in parts):
            found["/".join(parts)] = path
    return found


def list_templates(templates_dir: Path | None = None) -> list[TemplateFile]:
    """The templates in use: the user's folder first, defaults for the rest."""
    found = template_files(default_templates_dir())
    if templates_dir is not None:
        found.update(template_files(templates_dir))
    return [_inspect(name, path) for name, path in sorted(found.items())]


def _header(name: str, path: Path) -> str:
    note = f"briefgen template {name} (copied from the defaults).\n{VARIABLES_NOTE}"
    if path.suffix == ".css":
        return "/* " + note.replace("*/", "* /") + " */\n"
    return "{#- " + note + " -#}\n"


def init_templates(target: Path, force: bool = False) -> list[Path]:
    """Copy every default template (the EPUB's in ``epub/`` too) into ``target`` with a
    comment on top of each; nothing is written when one of them exists already."""
    files = template_files(default_templates_dir())
    taken = [target / name for name in files if (target / name).exists()]
    if taken and not force:
        raise BriefgenError(
            f"{taken[0]} exists; use --force to overwrite the templates in {target}",
            ExitCode.USAGE,
        )
    written = []
    for name, path in files.items():
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        dest.write_text(_header(name, path) + text, encoding="utf-8")
        shutil.copymode(path, dest)
        written.append(dest)
    return written
