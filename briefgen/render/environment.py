"""The Jinja environments: one template search path, strict variables, escaping on.

Overriding follows mkdocs' theme pattern: the loader searches the user's templates folder
first and the default templates second, so a user file with the same name as a default one
wins, and a user template can ``{% extends "base.html" %}`` and override only some blocks.
There is no merging code of our own.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2

from briefgen.core.deadline import time_limit
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.render.i18n import reader_for

HTML_TEMPLATE = "briefing.html"
MARKDOWN_TEMPLATE = "briefing.md"

TEMPLATE_FOR_FORMAT = {"html": HTML_TEMPLATE, "pdf": HTML_TEMPLATE, "md": MARKDOWN_TEMPLATE}


def default_templates_dir() -> Path:
    """The templates shipped with briefgen.

    From a wheel they live in the package (``briefgen/templates``, put there by hatch's
    force-include); from a source checkout or editable install, in the repository's
    ``templates/`` folder.
    """
    packaged = files("briefgen") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


def template_dirs(templates_dir: Path | None) -> list[Path]:
    """The search path: the user's folder (when given) before the defaults."""
    dirs: list[Path] = []
    if templates_dir is not None:
        user = Path(templates_dir).expanduser()
        if not user.is_dir():
            raise BriefgenError(
                f"templates folder not found: {user} (give a folder that holds your "
                f"templates, e.g. a copy of {default_templates_dir()})",
                ExitCode.TEMPLATE,
            )
        dirs.append(user.resolve())
    dirs.append(default_templates_dir().resolve())
    return dirs


def _html_autoescape(name: str | None) -> bool:
    # Everything is escaped except stylesheets pulled in with {% include %}.
    return not (name or "").endswith(".css")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# What would make a value that starts a line into a heading, list item or rule.
_MD_LINE_START = re.compile(r"^( ?\d{0,9})([#+=-]|(?<=\d)[.)])(?=[\s#=-]|$)")
_SPACE = re.compile(r"\s+")


def md_escape(value: Any) -> Any:
    """Make untrusted text inert in Markdown: one line, no markup, no raw HTML.

    Used as the Markdown environment's ``finalize``: every ``{{ … }}`` goes through it,
    so an article cannot inject links, emphasis, headings or ``<script>`` tags. Numbers,
    booleans and other non-strings pass through unchanged.
    """
    if not isinstance(value, str):
        return value
    text = _SPACE.sub(" ", value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\\\2", text)


def _environment(dirs: Sequence[Path], locale: str, **options: Any) -> jinja2.Environment:
    """An environment with Jinja's i18n extension: ``{% trans %}``, ``_()``, ``gettext()``
    and ``ngettext()`` translate into ``locale`` (new-style gettext: ``_("%(n)s new",
    n=3)`` fills and escapes its values)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        **options,
    )
    catalog = reader_for(locale).catalog
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    return env


def html_environment(dirs: Sequence[Path], locale: str = "en") -> jinja2.Environment:
    """The environment for HTML (and so PDF) templates: autoescape on."""
    return _environment(dirs, locale, autoescape=_html_autoescape)


def markdown_environment(dirs: Sequence[Path], locale: str = "en") -> jinja2.Environment:
    """The environment for Markdown templates: every value goes through :func:`md_escape`."""
    return _environment(dirs, locale, autoescape=False, finalize=md_escape)


def one_line(value: Any) -> Any:
    """A value on one line (whitespace folded), otherwise as it is: for the plain-text part
    of a mail, which no reader interprets as markup, so a Markdown escape would only show."""
    return _SPACE.sub(" ", value) if isinstance(value, str) else value


def text_environment(dirs: Sequence[Path], locale: str = "en") -> jinja2.Environment:
    """The Markdown templates rendered as plain text: values folded to one line, unescaped."""
    return _environment(dirs, locale, autoescape=False, finalize=one_line)


def environment_for(fmt: str, dirs: Sequence[Path], locale: str = "en") -> jinja2.Environment:
    if fmt == "md":
        return markdown_environment(dirs, locale)
    return html_environment(dirs, locale)


def _where(dirs: Sequence[Path]) -> str:
    return ", ".join(str(d) for d in dirs)


def _template_frame(exc: BaseException, dirs: Sequence[Path]) -> tuple[str, int] | None:
    """The innermost traceback frame that is a template line (Jinja rewrites them so)."""
    roots = [str(d) for d in dirs]
    found: tuple[str, int] | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if any(frame.filename.startswith(root) for root in roots) and frame.lineno:
            found = (frame.filename, frame.lineno)
    return found


def template_error(exc: BaseException, dirs: Sequence[Path], action: str) -> BriefgenError:
    """A one-line BriefgenError(TEMPLATE) naming the template file, line and problem."""
    if isinstance(exc, jinja2.TemplatesNotFound | jinja2.TemplateNotFound):
        names = ", ".join(getattr(exc, "templates", None) or [str(exc.name)])
        frame = _template_frame(exc, dirs)
        used = f" (used in {frame[0]}, line {frame[1]})" if frame else ""
        return BriefgenError(
            f"template not found: {names}{used}; looked in {_where(dirs)}", ExitCode.TEMPLATE
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or "<template>"
        return BriefgenError(
            f"template syntax error in {where}, line {exc.lineno}: {exc.message}",
            ExitCode.TEMPLATE,
        )
    problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, jinja2.UndefinedError):
        problem += " (unknown variable or attribute; `briefgen templates context` lists them)"
    frame = _template_frame(exc, dirs)
    where = f"{frame[0]}, line {frame[1]}" if frame else "a template"
    return BriefgenError(f"template error in {where} while {action}: {problem}", ExitCode.TEMPLATE)


def is_template_failure(exc: BaseException, dirs: Sequence[Path]) -> bool:
    """Whether ``exc`` was raised by a template (and not by a bug in our own code)."""
    return isinstance(exc, jinja2.TemplateError) or _template_frame(exc, dirs) is not None


TEMPLATE_SECONDS: ContextVar[float] = ContextVar("TEMPLATE_SECONDS", default=60.0)
"""How long one template may take to render (0: no limit); a run sets it from its
``template_timeout`` setting with :func:`template_time_limit`."""


@contextmanager
def template_time_limit(seconds: float) -> Iterator[None]:
    """Every template rendered in the block gets ``seconds`` at most."""
    token = TEMPLATE_SECONDS.set(seconds)
    try:
        yield
    finally:
        TEMPLATE_SECONDS.reset(token)


def render_template(
    env: jinja2.Environment,
    name: str,
    context: dict[str, Any],
    dirs: Sequence[Path],
    action: str,
) -> str:
    """Render ``name`` with ``context``; template problems become BriefgenError(TEMPLATE),
    and so does a template still rendering after ``TEMPLATE_SECONDS`` (a loop for ever)."""
    seconds = TEMPLATE_SECONDS.get()

    def expired() -> BriefgenError:
        return BriefgenError(
            f"{action}: template {name} did not finish in {seconds:g} s (a loop that never "
            "ends?); fix the template or raise template_timeout",
            ExitCode.TEMPLATE,
        )

    try:
        with time_limit(seconds, expired):
            return env.get_template(name).render(context)
    except BriefgenError:
        raise
    except Exception as exc:
        if is_template_failure(exc, dirs):
            raise template_error(exc, dirs, action) from exc
        raise


def compile_tree(env: jinja2.Environment, name: str, dirs: Sequence[Path]) -> list[str]:
    """Load and compile ``name`` and every template it extends, includes or imports.

    Returns the names compiled. Raises BriefgenError(TEMPLATE) on the first problem.
    """
    from jinja2 import meta

    seen: list[str] = []
    pending: list[tuple[str, str]] = [(name, "")]
    while pending:
        current, parent = pending.pop()
        if current in seen:
            continue
        seen.append(current)
        try:
            env.get_template(current)
            assert env.loader is not None
            source, filename, _ = env.loader.get_source(env, current)
            tree = env.parse(source, current, filename)
        except Exception as exc:
            error = template_error(exc, dirs, f"loading {current}")
            if parent and isinstance(exc, jinja2.TemplateNotFound):
                error.message = error.message.replace(
                    "; looked in", f" (referenced by {parent}); looked in", 1
                )
                error.args = (error.message,)
            raise error from exc
        refs = meta.find_referenced_templates(tree)
        pending.extend((ref, filename or current) for ref in refs if ref is not None)
    return seen
