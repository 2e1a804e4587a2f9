"""``briefgen send --dry-run``: what a sending would do, to whom, with which message;
nothing is sent, nothing is written, no server is contacted."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.settings.options import BuildOptions


@dataclass(frozen=True)
class Preview:
    """A sending not made: who would get the edition, who had it, who is held back."""

    to: list[str]  # would be sent it now
    already: list[str]  # had it already (``--resend`` sends it again)
    uncertain: list[str]  # an interrupted sending may have reached them: not sent again
    message: EmailMessage | None  # the message ``to`` would get (None: nobody would)
    server: str  # host:port (security)
    paths: list[Path]


def preview_edition(options: BuildOptions, *, resend: bool = False) -> Preview:
    """What ``briefgen send`` (with ``resend``) would do for the edition of ``options.date``."""
    from briefgen.deliver import built_edition, edition_message
    from briefgen.deliver.record import peek_record
    from briefgen.render.environment import template_time_limit

    briefing, paths = built_edition(options)
    settings = options.email
    assert settings is not None  # built_edition checked it
    record = peek_record(options.out)
    day, name, everyone = briefing.date, options.briefing, settings.to
    uncertain = [] if resend else record.uncertain(name, day, everyone)
    to = list(everyone) if resend else record.pending(name, day, everyone)
    already = [r for r in everyone if r not in to and r not in uncertain]
    message = None
    if to:
        with template_time_limit(options.template_timeout):
            message = edition_message(options, briefing, paths, to)
    server = f"{settings.host}:{settings.smtp_port} ({settings.security})"
    return Preview(to, already, uncertain, message, server, paths)


def describe(preview: Preview) -> list[str]:
    """The preview as the lines ``briefgen send --dry-run`` prints."""
    lines = []
    if preview.message is not None:
        msg = preview.message
        lines += [
            f"would send to {', '.join(preview.to)} via {preview.server}",
            f"  From: {msg['From']}",
            f"  Subject: {msg['Subject']}",
        ]
        for part in msg.iter_attachments():
            size = len(part.get_payload(decode=True) or b"")
            lines.append(f"  attached: {part.get_filename()} ({size / 1024:.1f} KiB)")
    if preview.already:
        lines.append(f"already sent to {', '.join(preview.already)} (--resend sends it again)")
    if preview.uncertain:
        lines.append(
            f"held back from {', '.join(preview.uncertain)}: an earlier sending stopped "
            "midway and may have reached them (--resend sends it again)"
        )
    return [*lines, "nothing sent (--dry-run)"]
