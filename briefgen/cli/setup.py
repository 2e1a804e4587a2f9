"""Setting up and checking: ``init``, ``config show``, ``doctor`` and ``templates``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from briefgen.cli.common import (
    BriefingOpt,
    ConfigOpt,
    CrontabOpt,
    cache_folder,
    command,
    load_settings,
)
from briefgen.core.errors import BriefgenError, ExitCode


@command(example="briefgen init && briefgen build --briefing morning")
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the file.")] = Path("briefgen.toml"),
    force: Annotated[
        bool, typer.Option("--force", metavar="", help="Overwrite an existing file.")
    ] = False,
) -> None:
    """Write a commented starter briefgen.toml."""
    from briefgen.core.atomic import write_atomic
    from briefgen.settings.config import STARTER

    if path.exists() and not force:
        raise BriefgenError(f"{path} exists; use --force to overwrite it", ExitCode.CONFIG)
    write_atomic(path, STARTER)
    typer.echo(f"wrote {path}")


@command("show", example="briefgen config show --briefing morning")
def config_show(
    config: ConfigOpt = None,
    briefing: BriefingOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the merged settings and where each value came from, as they would be written
    in the config file; a setting with no value is shown commented out, with what that means."""
    import json

    from briefgen.settings.options import config_keys, describe_default, show_age, show_value

    s = load_settings(config, briefing)
    keys = list(config_keys())
    if as_json:
        data = {k: {"value": getattr(s, k), "from": s.where(k)} for k in keys}
        ages = {k: show_age(v) for k, v in vars(s).items() if isinstance(v, timedelta)}
        data.update({k: {"value": ages[k], "from": s.where(k)} for k in keys if k in ages})
        typer.echo(json.dumps(data, indent=2, default=str))
        return
    typer.echo(f"# config file: {s.config_file or 'none'}; briefing: {s.briefing}")
    unset = {k for k in keys if getattr(s, k) in (None, "")}
    shown = {k: show_value(getattr(s, k)) for k in keys}
    shown |= {k: "not set: " + describe_default(k).replace("`", "") for k in unset}
    width = max(len(v) for v in shown.values() if len(v) <= 48)
    wide = max(len(k) + 2 * (k in unset) for k in keys)
    for key in keys:
        setting = f"{'# ' + key:<{wide}}   " if key in unset else f"{key:<{wide}} = "
        typer.echo(f"{setting}{shown[key]:<{width}}  # {s.where(key)}")


@command(example="briefgen doctor --briefing morning")
def doctor(
    config: ConfigOpt = None, briefing: BriefingOpt = None, crontab: CrontabOpt = None
) -> None:
    """Check what a scheduled run needs: model, WeasyPrint, fonts, folders, SMTP, cron.

    Each check prints ok, warn (works, but fix it) or FAIL with what to do. Exit codes: 0
    nothing failed (warnings allowed); 9 something a scheduled run needs is missing.
    """
    from briefgen.app.doctor import run_checks

    s = load_settings(config, briefing)
    checks = run_checks(s, cache_folder(s), crontab)
    wide = max(len(c.name) for c in checks)
    for check in checks:
        typer.echo(f"{check.mark:<4} {check.name:<{wide}}  {check.detail}")
        if (check.warning or not check.ok) and check.fix:
            typer.echo(f"     {'':<{wide}}  fix: {check.fix}")
    if not all(c.ok for c in checks):
        raise typer.Exit(int(ExitCode.DOCTOR))


@command("list", example="briefgen templates list --templates my-templates")
def templates_list(
    templates: Annotated[Path | None, typer.Option(help="A user templates folder.")] = None,
) -> None:
    """List the template files in use and the blocks each defines."""
    from briefgen.render.catalog import list_templates

    for item in list_templates(templates):
        blocks = ", ".join(item.blocks) if item.blocks else "-"
        parent = f" (extends {item.extends})" if item.extends else ""
        typer.echo(f"{item.name}{parent}\t{item.path}\n    blocks: {blocks}")


@command("init", example="briefgen templates init my-templates")
def templates_init(
    target: Annotated[
        Path, typer.Argument(metavar="PATH", help="Folder to copy the defaults into.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Copy the default templates into a folder, ready to edit and pass as --templates."""
    from briefgen.render.catalog import init_templates

    for path in init_templates(target, force):
        typer.echo(f"wrote {path}")


@command("context", example="briefgen templates context --locale fr > context.json")
def templates_context(
    locale: Annotated[
        str, typer.Option("--locale", metavar="TAG", help="The reader's language (BCP 47).")
    ] = "en",
) -> None:
    """Print a sample of the template context as JSON (every variable the templates get,
    the render-time ``output``, ``paper`` and ``extra_css`` included)."""
    import json
    from dataclasses import replace

    from briefgen.render import briefing_context, sample_briefing
    from briefgen.settings.options import Context, Invalid, LocaleTag

    try:
        tag = LocaleTag().validate(locale, Context())
    except Invalid as exc:
        raise BriefgenError(f"--locale {exc}", ExitCode.USAGE) from None
    context = briefing_context(replace(sample_briefing(), locale=tag))
    context.update(output="html", paper="A4", extra_css="")
    typer.echo(json.dumps(context, indent=2, ensure_ascii=False, default=str))
