"""E-mail delivery, end to end through the CLI, against a real SMTP server on 127.0.0.1.

Plain SMTP, STARTTLS and implicit TLS with a certificate from a CA the tests make (the
client is pointed at that CA; verification stays on), AUTH with a right and a wrong
password, a server that is down, one that closes the connection mid-message. The
briefing's files are always written before anything is sent.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.settings.config import load_settings

from .conftest import few_samples
from .mailserver import PASSWORD, USER, Certificates, Inbox, free_port, make_certificates
from .mailserver import smtp_server as server

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")  # aiosmtpd's
DAY = "2026-11-25"
STEM = f"briefing-{DAY}"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


def write_config(
    folder: Path, port: int, extra: str = "", mode: int = 0o644, attach: str = "md"
) -> Path:
    path = folder / "briefgen.toml"
    path.write_text(
        f'out = "out"\nformats = ["md", "json"]\n\n[email]\nhost = "127.0.0.1"\nport = {port}\n'
        'security = "none"\nfrom = "Briefgen <briefgen@example.org>"\nto = ["reader@example.org"]\n'
        f'attach = ["{attach}"]\nretry_wait = 0.01\ntimeout = 5\n' + extra,
        encoding="utf-8",
    )
    path.chmod(mode)
    return path


def build(config: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        [
            "build",
            *few_samples(),
            "--config",
            str(config),
            "--engine",
            "extractive",
            "--date",
            DAY,
            "--title",
            "Morning <Briefing>",
            *args,
        ],
    )
    return result.exit_code, result.output


def send(config: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["send", "--config", str(config), "--date", DAY, *args])
    return result.exit_code, result.output


def test_build_emails_the_edition_once_with_text_html_and_attachment(tmp_path: Path) -> None:
    inbox = Inbox()
    with server(inbox) as port:
        config = write_config(tmp_path, port, 'subject = "{title} for {date:%d %b}"\n')
        code, output = build(config)
        assert code == 0, output
        assert output.rstrip().endswith(".json; e-mailed to reader@example.org"), output
        code, output = build(config)  # the same briefing and date again: not sent again
        assert code == 0, output
        assert "; e-mailed before to reader@example.org, not again" in output
    plain = tmp_path / "plain.toml"  # no [email] table
    plain.write_text('out = "plain"\nformats = ["md", "json"]\n', encoding="utf-8")
    code, output = build(plain)
    assert code == 0 and "; not e-mailed: no recipients" in output, output
    assert len(inbox.messages) == 1 and inbox.recipients == [["reader@example.org"]]
    msg = inbox.messages[0]
    assert msg["Subject"] == "Morning <Briefing> for 25 Nov" and "briefgen@" in msg["From"]
    assert msg.get_content_type() == "multipart/mixed"
    alternative = msg.get_payload()[0]
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    text = alternative.get_payload()[0].get_content().replace("\r\n", "\n")
    markdown = (tmp_path / "out" / f"{STEM}.md").read_text(encoding="utf-8")
    headings = [re.sub(r"\\(.)", r"\1", x) for x in markdown.splitlines() if x.startswith("#")]
    assert len(headings) > 3 and headings == [h for h in text.splitlines() if h.startswith("#")]
    assert "# Morning <Briefing>" in text  # as written: the text part has no Markdown escapes
    html = alternative.get_payload()[1].get_content()
    assert "<link" not in html and "<img" not in html and "<script" not in html
    assert re.search(r'<h1 class="title" style="[^"]*color: #', html), "CSS is inlined"
    assert "prefers-color-scheme: dark" in html and "Morning &lt;Briefing&gt;" in html
    assert re.findall(r'src="', html) == []  # nothing loaded from anywhere
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_filename() == f"{STEM}.md"
    assert (tmp_path / "out" / ".briefgen-sent.json").is_file()


def test_send_resends_only_when_asked_and_email_to_overrides(tmp_path: Path) -> None:
    inbox = Inbox()
    with server(inbox) as port:
        config = write_config(tmp_path, port)
        assert build(config)[0] == 0
        code, output = send(config)
        assert code == 0 and "already sent to reader@example.org" in output
        code, output = send(config, "--resend")
        assert code == 0 and "sent briefing-2026-11-25 to reader@example.org" in output
        code, output = send(
            config, "--email-to", "a@example.org", "--email-to", "b@ex.org,c@ex.org"
        )
        assert code == 0, output
    assert inbox.recipients == [
        ["reader@example.org"],
        ["reader@example.org"],
        ["a@example.org", "b@ex.org", "c@ex.org"],
    ]


def test_send_dry_run_says_what_and_to_whom_and_sends_nothing(tmp_path: Path) -> None:
    inbox = Inbox()
    with server(inbox) as port:
        config = write_config(tmp_path, port, 'subject = "{title} for {date:%d %b}"\n')
        assert build(config)[0] == 0
        record = tmp_path / "out" / ".briefgen-sent.json"
        before = record.read_bytes()
        code, output = send(config, "--dry-run")
        assert code == 0, output
        assert "already sent to reader@example.org" in output and "would send" not in output
        code, output = send(config, "--dry-run", "--email-to", "new@example.org")
        assert code == 0, output
        assert f"would send to new@example.org via 127.0.0.1:{port} (none)" in output
        assert "Subject: Morning <Briefing> for 25 Nov" in output
        assert re.search(rf"attached: {STEM}\.md \(\d+\.\d KiB\)", output)
        assert output.rstrip().endswith("nothing sent (--dry-run)")
        code, output = send(config, "--dry-run", "--resend")
        assert code == 0 and "would send to reader@example.org" in output
    assert len(inbox.messages) == 1 and inbox.data_commands == 1  # the build's, no other
    assert record.read_bytes() == before


def test_the_text_part_reads_as_text_without_markdown_escapes(tmp_path: Path) -> None:
    article = tmp_path / "in" / "ring-road.txt"
    article.parent.mkdir()
    body = (
        "The council said the A_1 ring road [phase two] would open on *Monday*, after a "
        "review found the 3 < 4 lane plan safe. Engineers from the works_dept team said the "
        "route had been tested for a month. Residents had asked for the review in May."
    )
    article.write_text(f"Ring road *phase two* opens\n\n{body}\n", encoding="utf-8")
    inbox = Inbox()
    with server(inbox) as port:
        config = write_config(tmp_path, port)
        result = runner.invoke(
            app, ["build", str(article), "-c", str(config), "--engine", "extractive"]
        )
        assert result.exit_code == 0, result.output
    text, _, _ = _blocks(inbox.messages[0])
    markdown = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "\\*" in markdown and "A\\_1" in markdown  # the Markdown file stays escaped
    assert "Ring road *phase two* opens" in text and "A_1 ring road [phase two]" in text
    assert "\\" not in text, text


def test_starttls_with_auth_against_the_test_ca(
    tmp_path: Path, certs: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFGEN_TEST_SMTP_PASSWORD", PASSWORD)
    inbox = Inbox()
    extra = f'username = "{USER}"\npassword_env = "BRIEFGEN_TEST_SMTP_PASSWORD"\n'
    extra += f'ca_file = "{certs.ca}"\n'
    with server(inbox, certs, mode="starttls", auth=True) as port:
        config = write_config(tmp_path, port, extra, attach="epub")
        config.write_text(config.read_text().replace('security = "none"', 'security = "starttls"'))
        code, output = build(config)  # epub is not among the formats: rendered for the mail
    assert code == 0, output
    assert inbox.logins == [(USER, True)] and len(inbox.messages) == 1
    [book] = list(inbox.messages[0].iter_attachments())
    assert book.get_content_type() == "application/epub+zip"
    assert book.get_filename() == f"{STEM}.epub" and book.get_content()[:2] == b"PK"


def test_implicit_tls_and_a_password_command(tmp_path: Path, certs: Certificates) -> None:
    inbox = Inbox()
    extra = f'username = "{USER}"\npassword_command = ["printf", "{PASSWORD}"]\n'
    extra += f'ca_file = "{certs.ca}"\n'
    with server(inbox, certs, mode="ssl", auth=True) as port:
        config = write_config(tmp_path, port, extra)
        config.write_text(config.read_text().replace('security = "none"', 'security = "ssl"'))
        code, output = build(config)
    assert code == 0, output
    assert inbox.logins == [(USER, True)] and len(inbox.messages) == 1


def test_a_certificate_nobody_trusts_is_refused(tmp_path: Path, certs: Certificates) -> None:
    inbox = Inbox()
    with server(inbox, certs, mode="starttls") as port:
        config = write_config(tmp_path, port)
        config.write_text(config.read_text().replace('security = "none"', 'security = "starttls"'))
        code, output = build(config)
    assert code == ExitCode.UNDELIVERED, output
    assert "certificate" in output and "after" not in output  # not retried
    assert (tmp_path / "out" / f"{STEM}.md").is_file() and inbox.messages == []


def test_a_wrong_password_exits_11_with_the_answer(tmp_path: Path, certs: Certificates) -> None:
    inbox = Inbox()
    extra = f'username = "{USER}"\npassword_command = "printf wrong"\nca_file = "{certs.ca}"\n'
    with server(inbox, certs, mode="starttls", auth=True) as port:
        config = write_config(tmp_path, port, extra)
        config.write_text(config.read_text().replace('security = "none"', 'security = "starttls"'))
        code, output = build(config)
    assert code == ExitCode.UNDELIVERED == 11, output
    assert "not delivered to reader@example.org" in output and "535" in output
    assert inbox.logins == [(USER, False)]  # a wrong password is not tried again
    assert (tmp_path / "out" / f"{STEM}.md").is_file()


def test_a_server_that_is_down_is_retried_then_exit_11(tmp_path: Path) -> None:
    config = write_config(tmp_path, free_port(), "tries = 3\n")
    code, output = build(config)
    assert code == ExitCode.UNDELIVERED, output
    assert "refused" in output.lower() and "after 3 tries" in output
    assert (tmp_path / "out" / f"{STEM}.json").is_file()
    assert not (tmp_path / "out" / ".briefgen-sent.json").exists()


def test_a_server_closing_mid_message_is_retried(tmp_path: Path) -> None:
    inbox = Inbox(close_first=1)
    with server(inbox) as port:
        config = write_config(tmp_path, port)
        code, output = build(config)
        assert code == 0, output
        assert inbox.data_commands == 2 and len(inbox.messages) == 1
        inbox.close_first = 99
        code, output = send(config, "--resend")
    assert code == ExitCode.UNDELIVERED, output
    assert "closed the connection" in output and "after 3 tries" in output


def test_a_literal_password_in_a_readable_file_is_refused(tmp_path: Path) -> None:
    config = write_config(tmp_path, 25, 'username = "u"\npassword = "hunter2"\n')
    with pytest.raises(BriefgenError, match=r"email\.password is in a file that others") as info:
        load_settings(config, None, environ={})
    assert info.value.code == ExitCode.CONFIG and f"{config}:14" in info.value.message
    config.chmod(0o600)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    options = load_settings(config, None, environ={})
    assert options.email is not None and options.email.password == "hunter2"


def test_email_settings_are_validated_with_file_and_line(tmp_path: Path) -> None:
    config = write_config(tmp_path, 25, 'security = "tls"\n')
    config.write_text(config.read_text().replace('security = "none"\n', ""))
    with pytest.raises(BriefgenError, match=r"email\.security must be one of starttls") as info:
        load_settings(config, None, environ={})
    assert f"{config}:12" in info.value.message
    config = write_config(tmp_path, 25, 'sender = "x@example.org"\n')
    with pytest.raises(BriefgenError, match="unknown key 'sender' in email"):
        load_settings(config, None, environ={})
    config = write_config(
        tmp_path, 25, '\n[briefing.morning]\nemail = { to = ["not an address"] }\n'
    )
    with pytest.raises(BriefgenError, match=r"email\.to must be e-mail addresses") as info:
        load_settings(config, "morning", environ={})
    assert f"{config}:15" in info.value.message


def test_a_briefing_overrides_the_recipients(tmp_path: Path) -> None:
    extra = '\n[briefing.morning]\nemail = { to = ["early@example.org"] }\n[briefing.quiet]\n'
    config = write_config(tmp_path, 25, extra + "email = { to = [] }\n")
    morning = load_settings(config, "morning", environ={})
    assert morning.email is not None and morning.email.to == ["early@example.org"]
    assert morning.email.host == "127.0.0.1" and morning.email.attach == ["md"]
    quiet = load_settings(config, "quiet", environ={})
    assert quiet.email is not None and quiet.email.to == []
    flagged = load_settings(config, "quiet", flags={"email_to": ["x@example.org"]}, environ={})
    assert flagged.email is not None and flagged.email.to == ["x@example.org"]


def test_email_to_without_an_email_table_is_a_config_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", *few_samples(), "-o", str(tmp_path), "--email-to", "a@example.org"]
    )
    assert result.exit_code == ExitCode.CONFIG and "needs an [email] table" in result.output
    assert list(tmp_path.iterdir()) == []


def _blocks(message: Any) -> tuple[str, str, list[str]]:
    """A mail's text part, HTML part and attachment names, without what differs between two
    sendings of the same edition (the send time)."""
    alternative = message.get_payload()[0]
    text = alternative.get_payload()[0].get_content().replace("\r\n", "\n")
    html = alternative.get_payload()[1].get_content()
    names = [a.get_filename() for a in message.iter_attachments()]
    return text, html, names


def test_send_resend_mails_block_for_block_what_build_mailed(tmp_path: Path) -> None:
    inbox = Inbox()
    with server(inbox) as port:
        config = write_config(tmp_path, port)
        code, output = build(config, "--max-stories", "2", "--top-stories", "1")
        assert code == 0, output
        code, output = send(config, "--resend")
        assert code == 0, output
    built, sent = inbox.messages
    assert built["Subject"] == sent["Subject"]
    text, html, names = _blocks(built)
    assert "Top stories</h2>" in html and "## More headlines" in text  # blocks send once lost
    assert _blocks(sent) == (text, html, names)


def test_send_never_waits_on_a_fifo_in_place_of_the_edition(tmp_path: Path) -> None:
    import os
    import threading

    config = write_config(tmp_path, free_port())
    (tmp_path / "out").mkdir()
    os.mkfifo(tmp_path / "out" / f"{STEM}.json")
    outcome: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: outcome.append(send(config)), daemon=True)
    worker.start()
    worker.join(30)  # a reader that opened the FIFO would wait for a writer for ever
    assert outcome, "send blocked on the FIFO"
    code, output = outcome[0]
    assert code == ExitCode.NO_INPUT and "not a briefgen edition" in output


@pytest.mark.parametrize("mark", ["\u2028", "\x0b", "\x0c", "\x1e", "\r\nBcc: x@example.org"])
def test_a_title_with_line_breaks_is_mailed_on_one_header_line(tmp_path: Path, mark: str) -> None:
    inbox = Inbox()
    args = ["build", *few_samples(), "--engine", "extractive", "--date", DAY]
    with server(inbox) as port:
        config = write_config(tmp_path, port)
        result = runner.invoke(
            app, [*args, "--config", str(config), "--title", f"Morning{mark}news"]
        )
        assert result.exit_code == 0, result.output
    [msg] = inbox.messages
    subject = str(msg["Subject"])
    assert subject.startswith("Morning ") and "news" in subject and "\n" not in subject
    assert msg["Bcc"] is None and inbox.recipients == [["reader@example.org"]]
