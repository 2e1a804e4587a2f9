"""Sending one message over SMTP: TLS verified, transient failures retried with backoff.

``security``: ``starttls`` (the default: plain connection, then STARTTLS, which the server
must offer), ``ssl`` (TLS from the first byte, port 465) or ``none`` (no encryption, only
when the config asks for it). Certificates and host names are always verified, against
the system's CAs or ``ca_file``.

A failure that may pass (no connection, a timeout, the server closing the connection, a
4xx answer) is tried again after ``retry_wait`` seconds, then twice that, up to ``tries``
attempts in all; one that will not (a wrong password, a 5xx answer, a certificate that
does not verify) stops at once. :class:`SendFailed` carries the server's answer.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
from collections.abc import Sequence
from email.message import EmailMessage

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


def _connect(settings: EmailSettings) -> smtplib.SMTP:
    host, port, timeout = settings.host, settings.smtp_port, settings.timeout or 60.0
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=tls_context(settings))
    client = smtplib.SMTP(host, port, timeout=timeout)
    try:
        client.ehlo()
        if settings.security == "starttls":
            if not client.has_extn("starttls"):
                raise smtplib.SMTPNotSupportedError(
                    'the server does not offer STARTTLS (set security = "ssl" for port 465)'
                )
            client.starttls(context=tls_context(settings))
            client.ehlo()
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
    msg: EmailMessage, settings: EmailSettings, password: str | None, to: Sequence[str]
) -> dict[str, tuple[int, bytes]]:
    with _connect(settings) as client:
        if settings.username:
            _login(client, settings.username, password or "")
        return client.send_message(msg, from_addr=None, to_addrs=list(to))


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
    msg: EmailMessage, settings: EmailSettings, password: str | None, to: Sequence[str]
) -> None:
    """Send ``msg`` to ``to``; retry what may pass; :class:`SendFailed` when it was not sent
    to everyone (``refused`` then names who was not reached, when some were)."""
    where = f"{settings.host}:{settings.smtp_port}"
    wait = settings.retry_wait
    for attempt in range(1, settings.tries + 1):
        try:
            refused = _send_once(msg, settings, password, to)
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
