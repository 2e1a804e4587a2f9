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
    "Receives the briefing context: title, kicker, date, date_display, generated_display,\n"
    "story_count(_display), source_count(_display), sources, grouped, headed, top_stories,\n"
    "sections[name, anchor, stories, top], stories[id, anchor, number, title, source, author,\n"
    "section, link, link_display, published_display, summary, summary_paragraphs,\n"
    "body_paragraphs, lede, glance_lede, what_is_new, quotes[text, speaker, speaker_role,\n"
    "attribution, kind]], more_headlines, update_count, held_back, held_back_display,\n"
    "engine, model, engine_note, engine_detail, version, timings, total_display,\n"
    "skipped[source, reason],\n"
    "output ('html' or 'pdf'), paper, extra_css.\n"
    "Print the full context with `briefgen templates context`; README lists every variable."
)


@dataclass(frozen=True)
class TemplateFile:
    name: str
    path: Path
    blocks: list[str]
    extends: str | None


def _inspect(path: Path) -> TemplateFile:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        return TemplateFile(path.name, path, [], None)
    tree = jinja2.Environment().parse(source)
    blocks = [b.name for b in tree.find_all(nodes.Block)]
    extends = next(
        (
            e.template.value
            for e in tree.find_all(nodes.Extends)
            if isinstance(e.template, nodes.Const)
        ),
        None,
    )
    return TemplateFile(path.name, path, blocks, extends)


def list_templates(templates_dir: Path | None = None) -> list[TemplateFile]:
    """The templates in use: the user's folder first, defaults for the rest."""
    found: dict[str, Path] = {}
    for folder in [p for p in (templates_dir, default_templates_dir()) if p is not None]:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                found.setdefault(path.name, path)
    return [_inspect(p) for _, p in sorted(found.items())]


def _header(path: Path) -> str:
    note = f"briefgen template {path.name} (copied from the defaults).\n{VARIABLES_NOTE}"
    if path.suffix == ".css":
        return "/* " + note.replace("*/", "* /") + " */\n"
    return "{#- " + note + " -#}\n"


def init_templates(target: Path, force: bool = False) -> list[Path]:
    """Copy the default templates into ``target`` with a comment on top of each."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(default_templates_dir().iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        dest = target / path.name
        if dest.exists() and not force:
            raise BriefgenError(
                f"{dest} exists; use --force to overwrite the templates in {target}",
                ExitCode.USAGE,
            )
        text = path.read_text(encoding="utf-8")
        dest.write_text(_header(path) + text, encoding="utf-8")
        shutil.copymode(path, dest)
        written.append(dest)
    return written
