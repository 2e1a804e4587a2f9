"""``briefgen send``: e-mail an edition already built (``--dry-run``: say what it would do)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from briefgen.cli.common import (
    BriefingOpt,
    ConfigOpt,
    QuietOpt,
    VerboseOpt,
    command,
    load_settings,
    setting_flags,
)


@setting_flags("date", "email_to", "out", "name", after="briefing")
@command(example="briefgen send --briefing morning --date 2026-11-25 --dry-run")
def send(
    config: ConfigOpt = None,
    briefing: BriefingOpt = None,
    resend: Annotated[
        bool, typer.Option("--resend", metavar="", help="Send to those who had it already too.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            metavar="",
            help="Say what would be sent to whom (subject, attachments); send nothing.",
        ),
    ] = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
    **settings: Any,
) -> None:
    """E-mail an edition already built (today's, or --date's); each address gets it once.

    Exit codes: 0 sent, or sent before; 11 not delivered (the server's answer is printed);
    12 not sent, because it could arrive twice (the message says why and what to do).
    """
    from briefgen.deliver import send_edition

    options = load_settings(config, briefing, **settings)
    if dry_run:
        from briefgen.deliver.preview import describe, preview_edition

        typer.echo("\n".join(describe(preview_edition(options, resend=resend))))
        return
    done, paths = send_edition(options, resend=resend)
    if done.sent:
        typer.echo(f"sent {paths[0].stem} to {', '.join(done.sent)}")
    else:
        typer.echo(f"already sent to {', '.join(done.already)}; --resend sends it again")
