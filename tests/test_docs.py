"""The manual in docs/ (built with ``mkdocs build --strict`` by ``make docs``): it keeps every
section of the README, and its generated pages come from the code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _headings(text: str) -> set[str]:
    """The headings of a Markdown text (code blocks left out), without their level."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return {m.group(1).strip() for m in re.finditer(r"^#{1,6} (.+)$", text, flags=re.M)}


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("briefgen_docs_hooks", DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_readme_section_has_a_place_in_the_manual() -> None:
    manual = set().union(*(_headings(p.read_text("utf-8")) for p in DOCS.glob("*.md")))
    readme = _headings((ROOT / "README.md").read_text("utf-8")) - {"briefgen"}
    assert sorted(readme - manual) == []


def test_every_page_is_in_the_navigation() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))

    def pages(nav: object) -> set[str]:
        if isinstance(nav, str):
            return {nav}
        if isinstance(nav, list):
            return set().union(*(pages(item) for item in nav))
        if isinstance(nav, dict):
            return set().union(*(pages(item) for item in nav.values()))
        return set()

    assert pages(config["nav"]) == {p.name for p in DOCS.glob("*.md")}


def test_the_generated_parts_come_from_the_code() -> None:
    from briefgen.settings.options import config_keys

    hooks = _hooks()
    cli = hooks.cli_reference()
    for command in ("briefgen build", "briefgen send", "briefgen cache clear", "briefgen doctor"):
        assert f"`{command}`" in cli
    assert "| `--dry-run` | Say what would be sent" in cli
    assert "briefgen build [OPTIONS] [SOURCES]..." in cli
    keys = hooks.on_page_markdown("<!-- generated: keys -->", None, None, None)
    assert all(f"| `{key}` |" in keys for key in config_keys())
