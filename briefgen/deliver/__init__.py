"""Delivery: e-mailing an edition once it is written.

:func:`deliver_built` runs at the end of a build (the files are already in place, so a
failure here never loses the briefing); :func:`send_edition` is ``briefgen send``, for an
edition built earlier. Both e-mail each recipient once per edition (see
:mod:`briefgen.deliver.record`) and raise BriefgenError(UNDELIVERED, exit 11) with the
server's answer when the message could not be sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.core.errors import BriefgenError, ExitCode

if TYPE_CHECKING:  # imported where used: `briefgen send` registers from this package
    from briefgen.document import Briefing
    from briefgen.publish.edition import Edition
    from briefgen.settings.mail import EmailSettings
    from briefgen.settings.options import BuildOptions, Format

__all__ = ["Delivery", "deliver_built", "send_edition"]


class Delivery:
    """What a delivery did: to whom it sent, and to whom it had sent before."""

    def __init__(self, sent: Sequence[str] = (), already: Sequence[str] = ()) -> None:
        self.sent = list(sent)
        self.already = list(already)


def _undelivered(built: str, to: Sequence[str], reason: str) -> BriefgenError:
    return BriefgenError(
        f"built {built}, but not delivered to {', '.join(to)}: {reason}", ExitCode.UNDELIVERED
    )


def _files(paths: Sequence[Path]) -> dict[str, Path]:
    return {p.suffix.lstrip("."): p for p in paths}


def deliver(
    options: BuildOptions,
    briefing: Briefing,
    paths: Sequence[Path],
    *,
    resend: bool = False,
) -> Delivery:
    """E-mail the edition (``paths``: its files) to those it has not reached yet."""
    import logging

    from briefgen.deliver.message import attachment_data, build_message
    from briefgen.deliver.record import sent_record
    from briefgen.deliver.smtp import SendFailed, send
    from briefgen.publish.names import output_stem
    from briefgen.render import render_formats
    from briefgen.settings.mail import password_of

    log = logging.getLogger(__name__)
    settings = options.email
    if settings is None or not settings.to:
        return Delivery()
    built = ", ".join(str(p) for p in paths) or "the edition"
    stem = paths[0].stem if paths else output_stem(options.name, briefing.date, options.briefing)
    with sent_record(options.out) as record:
        to = settings.to if resend else record.pending(options.briefing, briefing.date, settings.to)
        already = [r for r in settings.to if r not in to]
        if not to:
            log.info("e-mail: this edition was already sent to %s", ", ".join(already))
            return Delivery(already=already)

        def render(formats: Sequence[Format]) -> dict[str, str | bytes]:
            return render_formats(
                briefing,
                formats,
                templates_dir=options.templates,
                paper=options.paper,
                css=options.css,
            )

        attachments = attachment_data(settings.attach, _files(paths), render)
        msg = build_message(
            briefing,
            settings,
            to,
            attachments,
            briefing_name=options.briefing,
            stem=stem,
            templates=options.templates,
        )
        try:
            password = password_of(settings)
            send(msg, settings, password, to)
        except LookupError as exc:
            raise _undelivered(built, to, f"no SMTP password: {exc}") from None
        except SendFailed as exc:
            reached = [r for r in to if r not in exc.refused]
            if reached:
                record.add(options.briefing, briefing.date, reached, str(msg["Message-ID"]))
            raise _undelivered(built, exc.refused or to, str(exc)) from None
        record.add(options.briefing, briefing.date, to, str(msg["Message-ID"]))
    log.info("e-mail: sent to %s", ", ".join(to))
    return Delivery(sent=to, already=already)


def deliver_built(options: BuildOptions, edition: Edition) -> None:
    """After a build: e-mail the edition when the settings name recipients."""
    deliver(options, edition.briefing, edition.paths)


def send_edition(options: BuildOptions, *, resend: bool = False) -> tuple[Delivery, list[Path]]:
    """``briefgen send``: e-mail the edition of ``options.date`` already in ``options.out``."""
    from briefgen.deliver.edition import read_edition
    from briefgen.publish.names import output_stem
    from briefgen.render import FORMATS

    settings: EmailSettings | None = options.email
    if settings is None or not settings.to:
        raise BriefgenError(
            "nobody to send to: give --email-to ADDR, or set to in the config's [email] table",
            ExitCode.CONFIG,
        )
    stem = output_stem(options.name, options.date, options.briefing)
    briefing = read_edition(options.out / f"{stem}.json")
    paths = [p for f in FORMATS if (p := options.out / f"{stem}.{f}").is_file()]
    return deliver(options, briefing, paths, resend=resend), paths
