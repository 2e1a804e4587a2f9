"""The e-mail of an edition: plain text and HTML alternatives, and the attachments.

The plain-text part is the Markdown rendering (``briefing.md``); the HTML part is
``email.html`` with its CSS inlined by css-inline (mail clients drop ``<style>`` and
``<link>``), light colours set explicitly on every element and a dark scheme in a kept
``@media (prefers-color-scheme: dark)`` block for the clients that honour it. The message
holds no image and names nothing remote but the articles' own links; css-inline is told
never to load a stylesheet.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.core.textutil import one_line
from briefgen.document import Briefing
from briefgen.publish.archive import MEDIA_TYPES
from briefgen.render import briefing_context
from briefgen.render.environment import html_environment, render_template, template_dirs
from briefgen.render.markdown import render_plain_text
from briefgen.settings.mail import DEFAULT_SUBJECT, EmailSettings
from briefgen.settings.options import Format

EMAIL_TEMPLATE = "email.html"


def inline_css(html: str) -> str:
    """``html`` with its ``<style>`` rules moved into ``style`` attributes; at-rules such as
    ``@media`` stay in a ``<style>`` element. Never loads anything."""
    import css_inline

    inliner = css_inline.CSSInliner(
        keep_style_tags=False,
        keep_link_tags=False,
        keep_at_rules=True,
        load_remote_stylesheets=False,
    )
    return str(inliner.inline(html))


def render_email_html(context: Mapping[str, Any], dirs: Sequence[Path]) -> str:
    """``email.html`` rendered (autoescape on) and its CSS inlined."""
    values = dict(context, output="email", paper="", extra_css="")
    html = render_template(
        html_environment(dirs, values.get("locale", "en")),
        EMAIL_TEMPLATE,
        values,
        dirs,
        "rendering the e-mail",
    )
    return inline_css(html)


def _subject(settings: EmailSettings, briefing: Briefing, name: str, date_display: str) -> str:
    """The subject line; the default one dates the edition in the reader's language
    (a subject of your own formats ``{date:...}`` with Python's English names)."""
    if settings.subject == DEFAULT_SUBJECT and briefing.locale != "en":
        return one_line(f"{briefing.title} — {date_display}")
    return settings.subject_for(briefing.title, briefing.date, name)


def _domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "briefgen.invalid"


def build_message(
    briefing: Briefing,
    settings: EmailSettings,
    recipients: Sequence[str],
    attachments: Mapping[str, bytes],
    *,
    briefing_name: str = "default",
    stem: str = "briefing",
    templates: Path | None = None,
) -> EmailMessage:
    """The message for ``recipients``: multipart/alternative (text, then HTML) inside
    multipart/mixed when there are attachments (``{format: bytes}``, named ``<stem>.<fmt>``).
    """
    dirs = template_dirs(templates)
    context = briefing_context(briefing)
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = _subject(settings, briefing, briefing_name, context["date_display"])
    msg["From"] = settings.sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid("briefgen", domain=_domain(settings.sender))
    msg["X-Briefgen-Edition"] = f"{briefing_name} {briefing.date.isoformat()}"
    msg.set_content(render_plain_text(context, dirs), subtype="plain", cte="quoted-printable")
    msg.add_alternative(render_email_html(context, dirs), subtype="html", cte="quoted-printable")
    for fmt, data in attachments.items():
        kind = (
            MEDIA_TYPES.get(fmt)
            or mimetypes.guess_type(f"x.{fmt}")[0]
            or "application/octet-stream"
        )
        maintype, subtype = kind.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=f"{stem}.{fmt}")
    return msg


def attachment_data(
    wanted: Sequence[Format],
    files: Mapping[str, Path],
    render: Any,
) -> dict[str, bytes]:
    """``{format: bytes}`` for each format in ``wanted``: the edition's file when it was
    written, else ``render(formats)`` (``{format: str | bytes}``) in memory."""
    found: dict[str, bytes] = {}
    missing = [f for f in wanted if f not in files]
    made = render(missing) if missing else {}
    for fmt in wanted:
        if fmt in files:
            try:
                found[fmt] = files[fmt].read_bytes()
            except OSError as exc:
                raise BriefgenError(
                    f"cannot read {files[fmt]} to attach it: {exc.strerror}", ExitCode.OUTPUT
                ) from None
        else:
            data = made[fmt]
            found[fmt] = data.encode("utf-8") if isinstance(data, str) else data
    return found
