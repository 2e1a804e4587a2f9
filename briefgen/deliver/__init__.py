"""Delivery: e-mailing an edition once it is written.

:func:`deliver_built` runs at the end of a build (the files are already in place, so a
failure here never loses the briefing); :func:`send_edition` is ``briefgen send``, for an
edition built earlier. Both e-mail each recipient once per edition (see
:mod:`briefgen.deliver.record`: the intent is journalled before DATA and the outcome after)
and raise BriefgenError(UNDELIVERED, exit 11) with the server's answer when the message
could not be sent, or BriefgenError(SEND_GUARD, exit 12) when sending could deliver it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.core.errors import BriefgenError, ExitCode

if TYPE_CHECKING:  # imported where used: `briefgen send` registers from this package
    from datetime import date
    from email.message import EmailMessage

    from briefgen.deliver.record import SentRecord
    from briefgen.document import Briefing
    from briefgen.publish.edition import Edition
    from briefgen.settings.mail import EmailSettings
    from briefgen.settings.options import BuildOptions, Format

__all__ = ["Delivery", "deliver_built", "mail_note", "send_edition"]


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
    """E-mail the edition (``paths``: its files) to those it has not reached yet.

    Those an interrupted sending may have reached are not sent it again (without
    ``resend``): BriefgenError(SEND_GUARD) names them, after the others are served.
    """
    import logging

    from briefgen.deliver.record import sent_record

    log = logging.getLogger(__name__)
    settings = options.email
    if settings is None or not settings.to:
        return Delivery()
    with sent_record(options.out) as record:
        day = briefing.date
        uncertain = [] if resend else record.uncertain(options.briefing, day, settings.to)
        to = settings.to if resend else record.pending(options.briefing, day, settings.to)
        already = [r for r in settings.to if r not in to and r not in uncertain]
        if already:
            log.info("e-mail: this edition was already sent to %s", ", ".join(already))
        if to:
            _send(options, briefing, paths, record, to)
            log.info("e-mail: sent to %s", ", ".join(to))
        if uncertain:
            raise _maybe_sent(options, briefing, uncertain, record.path)
    return Delivery(sent=to, already=already)


def _maybe_sent(
    options: BuildOptions, briefing: Briefing, to: Sequence[str], record: Path
) -> BriefgenError:
    who = ", ".join(to)
    return BriefgenError(
        f"not e-mailed to {who}: an earlier run stopped while sending this edition to them "
        f"(see {record}), so it may have arrived; nothing was sent again. If it did not "
        f"arrive: briefgen send --date {briefing.date.isoformat()} --resend "
        + " ".join(f"--email-to {a}" for a in to)
        + (f" --briefing {options.briefing}" if options.briefing != "default" else ""),
        ExitCode.SEND_GUARD,
    )


def _send(
    options: BuildOptions,
    briefing: Briefing,
    paths: Sequence[Path],
    record: SentRecord,
    to: Sequence[str],
) -> None:
    """Send the edition to ``to``, journalling the intent before DATA and the outcome after."""
    from briefgen.deliver.smtp import SendFailed, send
    from briefgen.settings.mail import password_of

    assert options.email is not None
    built = ", ".join(str(p) for p in paths) or "the edition"
    msg = edition_message(options, briefing, paths, to)
    message_id = str(msg["Message-ID"])
    name, day = options.briefing, briefing.date

    def before_data(accepted: list[str]) -> None:
        try:
            record.intend(name, day, accepted, message_id)
        except OSError as exc:
            raise BriefgenError(
                f"built {built}, but cannot write {record.path} ({exc.strerror or exc}): "
                "nothing was sent, since a later run could not know it had been; free space "
                "or fix the folder, then run `briefgen send`",
                ExitCode.SEND_GUARD,
            ) from None

    try:
        send(msg, options.email, password_of(options.email), to, before_data)
    except LookupError as exc:
        raise _undelivered(built, to, f"no SMTP password: {exc}") from None
    except SendFailed as exc:
        reached = [r for r in to if r not in exc.refused]
        _settle(record, name, day, message_id, reached, exc.refused or to)
        raise _undelivered(built, exc.refused or to, str(exc)) from None
    try:
        record.settle(name, day, message_id, to)
    except OSError as exc:
        raise BriefgenError(
            f"sent {built} to {', '.join(to)}, but cannot record it in {record.path} "
            f"({exc.strerror or exc}); the record keeps the intent, so no later run sends it "
            "again by itself (free space, then `briefgen send` says so)",
            ExitCode.SEND_GUARD,
        ) from None


def _settle(
    record: SentRecord,
    name: str,
    day: date,
    message_id: str,
    reached: Sequence[str],
    failed: Sequence[str],
) -> None:
    import logging

    try:
        record.settle(name, day, message_id, reached, failed)
    except OSError as exc:
        logging.getLogger(__name__).warning(
            "e-mail: cannot record the outcome in %s: %s", record.path, exc.strerror or exc
        )


def edition_message(
    options: BuildOptions, briefing: Briefing, paths: Sequence[Path], to: Sequence[str]
) -> EmailMessage:
    """The edition as a message to ``to``, with the attachments the settings name."""
    from briefgen.deliver.message import attachment_data, build_message
    from briefgen.publish.names import output_stem
    from briefgen.render import render_formats

    settings = options.email
    assert settings is not None
    stem = paths[0].stem if paths else output_stem(options.name, briefing.date, options.briefing)

    def render(formats: Sequence[Format]) -> dict[str, str | bytes]:
        return render_formats(
            briefing,
            formats,
            templates_dir=options.templates,
            paper=options.paper,
            css=options.css,
        )

    attachments = attachment_data(settings.attach, _files(paths), render)
    return build_message(
        briefing,
        settings,
        to,
        attachments,
        briefing_name=options.briefing,
        stem=stem,
        templates=options.templates,
    )


def deliver_built(options: BuildOptions, edition: Edition) -> Delivery | None:
    """After a build: e-mail the edition when the settings name recipients (None when
    they name none)."""
    if options.email is None or not options.email.to:
        return None
    return deliver(options, edition.briefing, edition.paths)


def mail_note(delivery: Delivery | None) -> str:
    """What a build's summary line says about the e-mail: to whom it went, or why not."""
    if delivery is None:
        return "not e-mailed: no recipients (--email-to, or to in [email])"
    notes = []
    if delivery.sent:
        notes.append(f"e-mailed to {', '.join(delivery.sent)}")
    if delivery.already:
        notes.append(f"e-mailed before to {', '.join(delivery.already)}, not again")
    return "; ".join(notes) or "not e-mailed"


def send_edition(options: BuildOptions, *, resend: bool = False) -> tuple[Delivery, list[Path]]:
    """``briefgen send``: e-mail the edition of ``options.date`` already in ``options.out``."""
    from briefgen.render.environment import template_time_limit

    briefing, paths = built_edition(options)
    with template_time_limit(options.template_timeout):
        return deliver(options, briefing, paths, resend=resend), paths


def built_edition(options: BuildOptions) -> tuple[Briefing, list[Path]]:
    """The edition of ``options.date`` in ``options.out`` and its files, for sending;
    BriefgenError(CONFIG) when the settings name nobody to send it to."""
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
    return briefing, [p for f in FORMATS if (p := options.out / f"{stem}.{f}").is_file()]
