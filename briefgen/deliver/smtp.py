"""Sending one message over SMTP: TLS verified, transient failures retried with backoff.

``security``: ``starttls`` (the default: plain connection, then STARTTLS, which the server
must offer), ``ssl`` (TLS from the first byte, port 465) or ``none`` (no encryption, only
when the config asks for it). Certificates and host names are always verified, against
the system's CAs or ``ca_file``.

A failure that may pass (no connection, a timeout, the server closing the connection, a
4xx answer) is tried again after ``retry_wait`` seconds, then twice that, up to ``tries``
attempts in all; one that will not (a wrong password, a 5xx answer, a certificate that
does not verify) stops at once. :class:`SendFailed` carries the server's answer.

A 250 answer to DATA means the server has taken the message: it is delivered, whatever
the server says (or does not say) to QUIT after it, and is never sent again. Between the
envelope and DATA, ``before_data`` is called with the recipients the server accepted (the
sent record journals the intent there); when it raises, DATA is never sent.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import ssl
import time
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from typing import Any

from briefgen.settings.mail import EmailSettings

log = logging.getLogger(__name__)


class SendFailed(Exception):
    """The message was not accepted; ``str()`` says why, with the server's answer."""

    def __init__(self, message: str, refused: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.refused = list(refused)


def tls_context(settings: EmailSettings) -> ssl.SSLContext:
    """Verification on: the system's CAs, or only ``ca_file`` when the config names one."""
    cafile = str(settings.ca_file) if settings.ca_file is not None else None
    context = ssl.create_default_context(cafile=cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


BeforeData = Callable[[list[str]], None]


class _Client(smtplib.SMTP):
    """smtplib's client, noting the recipients accepted and calling ``before_data`` just
    before DATA."""

    before_data: BeforeData | None = None
    accepted: list[str]

    def rcpt(self, recip: str, options: Sequence[str] = ()) -> tuple[int, bytes]:
        code, answer = super().rcpt(recip, options)
        if code in (250, 251):
            self.accepted.append(recip)
        return code, answer

    def data(self, msg: Any) -> tuple[int, bytes]:
        if self.before_data is not None:
            self.before_data(list(self.accepted))
        return super().data(msg)


class _TLSClient(_Client, smtplib.SMTP_SSL):
    pass


def _ehlo(client: smtplib.SMTP) -> None:
    code, answer = client.ehlo()
    if code != 250:
        raise smtplib.SMTPHeloError(code, answer)


def _connect(settings: EmailSettings, before_data: BeforeData | None) -> _Client:
    host, port, timeout = settings.host, settings.smtp_port, settings.timeout or 60.0
    client: _Client
    if settings.security == "ssl":
        client = _TLSClient(host, port, timeout=timeout, context=tls_context(settings))
    else:
        client = _Client(host, port, timeout=timeout)
    client.before_data, client.accepted = before_data, []
    try:
        if settings.security == "ssl":
            return client
        _ehlo(client)
        if settings.security == "starttls":
            if not client.has_extn("starttls"):
                raise smtplib.SMTPNotSupportedError(
                    'the server does not offer STARTTLS (set security = "ssl" for port 465)'
                )
            client.starttls(context=tls_context(settings))
            _ehlo(client)
    except BaseException:
        client.close()
        raise
    return client


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH with one mechanism (PLAIN, else LOGIN): a wrong password is one failed attempt,
    not one per mechanism the server offers."""
    client.user, client.password = user, password
    offered = client.esmtp_features.get("auth", "").upper().split()
    for mechanism in ("PLAIN", "LOGIN"):
        if mechanism in offered:
            client.auth(mechanism, getattr(client, f"auth_{mechanism.lower()}"))
            return
    client.login(user, password)  # whatever else smtplib knows, or its own error


def _send_once(
    msg: EmailMessage,
    settings: EmailSettings,
    password: str | None,
    to: Sequence[str],
    before_data: BeforeData | None,
) -> dict[str, tuple[int, bytes]]:
    client = _connect(settings, before_data)
    try:
        if settings.username:
            _login(client, settings.username, password or "")
        refused = client.send_message(msg, from_addr=None, to_addrs=list(to))
    except BaseException:
        client.close()  # no QUIT: nothing is delivered, and an error must not hide
        raise
    _quit(client)
    return refused


def _quit(client: smtplib.SMTP) -> None:
    """Say goodbye after a 250 to DATA: any answer, or none, leaves the message delivered."""
    try:
        code, _ = client.docmd("QUIT")
        if code != 221:
            log.info("e-mail: the server answered %d to QUIT; the message was accepted", code)
    except (OSError, smtplib.SMTPException) as exc:
        log.info("e-mail: no answer to QUIT (%s); the message was accepted", describe(exc))
    finally:
        client.close()


def describe(exc: BaseException) -> str:
    """An SMTP failure in one line, with the server's code and answer where there is one."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{r}: {c} {m.decode(errors='replace')}" for r, (c, m) in exc.recipients.items()]
        return "recipients refused: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
        return f"the server answered {exc.smtp_code} {' '.join(text.split())}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {exc.verify_message or exc}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"the server closed the connection ({exc or 'no answer'})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, ssl.SSLCertVerificationError | smtplib.SMTPNotSupportedError):
        return False
    return isinstance(exc, OSError | smtplib.SMTPException)


def send(
    msg: EmailMessage,
    settings: EmailSettings,
    password: str | None,
    to: Sequence[str],
    before_data: BeforeData | None = None,
) -> None:
    """Send ``msg`` to ``to``; retry what may pass; :class:`SendFailed` when it was not sent
    to everyone (``refused`` then names who was not reached, when some were). What
    ``before_data`` raises is raised as it is, with nothing sent by that attempt."""
    where = f"{settings.host}:{settings.smtp_port}"
    wait = settings.retry_wait
    for attempt in range(1, settings.tries + 1):
        try:
            refused = _send_once(msg, settings, password, to, before_data)
        except (OSError, smtplib.SMTPException) as exc:
            reason = describe(exc)
            if not _transient(exc) or attempt == settings.tries:
                tries = f" (after {attempt} tries)" if attempt > 1 else ""
                raise SendFailed(f"{where}: {reason}{tries}", to) from exc
            log.warning("e-mail: %s: %s; trying again in %g s", where, reason, wait)
            time.sleep(wait)
            wait *= 2
            continue
        if refused:
            said = "; ".join(
                f"{r}: {c} {m.decode(errors='replace')}" for r, (c, m) in refused.items()
            )
            raise SendFailed(f"{where}: recipients refused: {said}", list(refused))
        return


def probe(settings: EmailSettings, password: str | None) -> str:
    """Talk to the server as a sending would, up to the point a message would go: connect,
    EHLO, STARTTLS (as ``security`` says), AUTH when there is a ``username``; then QUIT.
    Returns what was done; raises :class:`SendFailed` with the reason. Nothing is sent."""
    where = f"{settings.host}:{settings.smtp_port}"
    try:
        client = _connect(settings, None)
        try:
            if settings.username:
                _login(client, settings.username, password or "")
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                client.docmd("QUIT")
            client.close()
    except (OSError, smtplib.SMTPException) as exc:
        raise SendFailed(f"{where}: {describe(exc)}", []) from exc
    steps = {"ssl": "TLS, EHLO", "starttls": "EHLO, STARTTLS", "none": "EHLO (no encryption)"}
    auth = f", AUTH as {settings.username}" if settings.username else ""
    return f"{where}: {steps.get(settings.security, 'EHLO')}{auth}"
