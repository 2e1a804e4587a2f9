"""``briefgen doctor`` on what a first week goes wrong with: a missing model, an SMTP
server up or down (a real aiosmtpd server on 127.0.0.1; no message is ever sent), no
``crontab`` command, an edition in a script no installed font draws."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.app.fontcheck import script_of, scripts_in
from briefgen.cli import app
from briefgen.core.errors import ExitCode

from .conftest import SAMPLES
from .mailserver import PASSWORD, USER, Certificates, Inbox, free_port, make_certificates
from .mailserver import smtp_server as server

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")  # aiosmtpd's


def _config(folder: Path, extra: str = "") -> Path:
    path = folder / "briefgen.toml"
    path.write_text(
        'out = "out"\ncache_dir = "cache"\nformats = ["json", "pdf"]\n' + extra, encoding="utf-8"
    )
    return path


def _email(port: int, security: str = "none", extra: str = "") -> str:
    return (
        f'\n[email]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\n'
        'from = "briefgen@example.org"\nto = ["reader@example.org"]\ntimeout = 5\n' + extra
    )


def doctor(config: Path) -> tuple[int, dict[str, str]]:
    """The exit code and each check's line (mark and detail) by name."""
    result = runner.invoke(app, ["doctor", "-c", str(config)])
    rows = {}
    for line in result.stdout.splitlines():
        found = re.match(r"(ok|warn|FAIL) +(\w[\w ]*?) {2,}(.*)", line)
        if found:
            rows[found.group(2).strip()] = f"{found.group(1)} {found.group(3)}"
    return result.exit_code, rows


def test_a_missing_model_warns_under_auto_and_fails_where_the_run_needs_it(
    tmp_path: Path,
) -> None:
    code, rows = doctor(_config(tmp_path, 'model = "org/absent"\n'))
    assert (
        rows["model"].startswith("warn org/absent is not on disk") and "extractive" in rows["model"]
    )
    assert code == 0, rows
    code, rows = doctor(_config(tmp_path, 'model = "org/absent"\nengine = "abstractive"\n'))
    assert rows["model"].startswith("FAIL") and code == ExitCode.DOCTOR


def test_the_smtp_server_is_checked_up_to_the_message_and_nothing_is_sent(
    tmp_path: Path,
) -> None:
    inbox = Inbox()
    with server(inbox) as port:
        code, rows = doctor(_config(tmp_path, 'engine = "extractive"\n' + _email(port)))
    assert rows["smtp"] == f"ok 127.0.0.1:{port}: EHLO (no encryption); nothing sent", rows
    assert code == 0 and inbox.data_commands == 0 and inbox.messages == []


def test_starttls_and_auth_are_checked_against_the_test_ca(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tls").mkdir()
    certs: Certificates = make_certificates(tmp_path / "tls")
    monkeypatch.setenv("BRIEFGEN_TEST_SMTP_PASSWORD", PASSWORD)
    auth = f'username = "{USER}"\npassword_env = "BRIEFGEN_TEST_SMTP_PASSWORD"\n'
    auth += f'ca_file = "{certs.ca}"\n'
    inbox = Inbox()
    with server(inbox, certs, mode="starttls", auth=True) as port:
        config = _config(tmp_path, 'engine = "extractive"\n' + _email(port, "starttls", auth))
        code, rows = doctor(config)
        assert code == 0 and "EHLO, STARTTLS, AUTH as briefgen; nothing sent" in rows["smtp"]
        monkeypatch.setenv("BRIEFGEN_TEST_SMTP_PASSWORD", "wrong")
        code, rows = doctor(config)
    assert code == ExitCode.DOCTOR and rows["smtp"].startswith("FAIL") and "535" in rows["smtp"]
    assert inbox.logins == [(USER, True), (USER, False)] and inbox.data_commands == 0


def test_a_server_that_is_down_fails_the_check(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    code, rows = doctor(_config(tmp_path, 'engine = "extractive"\n' + _email(port)))
    assert code == ExitCode.DOCTOR, rows
    assert rows["smtp"].startswith(f"FAIL 127.0.0.1:{port}: ") and "refused" in rows["smtp"]


def test_no_crontab_command_is_a_warning_not_ok(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"  # a PATH with fontconfig's fc-list and no crontab
    tools.mkdir()
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        (tools / "fc-list").symlink_to(fc_list)
    monkeypatch.setenv("PATH", str(tools))
    monkeypatch.delenv("BRIEFGEN_CRONTAB")
    code, rows = doctor(_config(tmp_path, 'engine = "extractive"\n'))
    assert rows["cron"].startswith("warn not checked: the crontab command is not installed")
    assert code == (0 if fc_list else ExitCode.DOCTOR), rows


def test_scripts_are_told_apart_by_their_letters() -> None:
    assert [script_of(c) for c in "aЖλ中ᱚ1 "] == [
        *("LATIN", "CYRILLIC", "GREEK", "CJK", "OL CHIKI"),
        *(None, None),
    ]
    assert scripts_in("Kyiv (Київ) said") == {"LATIN": "K", "CYRILLIC": "К"}
    assert scripts_in("コーヒー") == {"KATAKANA": "コ"}  # ー is a mark, not a script


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig's fc-list")
def test_an_edition_in_a_script_no_font_draws_fails_the_font_check(tmp_path: Path) -> None:
    config = _config(tmp_path, 'engine = "extractive"\n')
    article = (SAMPLES / "flood-barrier.md").read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(article, encoding="utf-8")
    built = runner.invoke(app, ["build", str(tmp_path / "in"), "-c", str(config)])
    assert built.exit_code == 0, built.output
    code, rows = doctor(config)
    assert rows["script fonts"] == "ok Latin in latest.json: covered", rows
    # a name in Tangsa, a script of Unicode 14 (2021), newer than Debian's Noto fonts
    title = "Council names the barrier \U00016a70\U00016a71\U00016a72 after the river"
    (tmp_path / "in" / "a.md").write_text(f"# {title}\n\n" + article, encoding="utf-8")
    built = runner.invoke(app, ["build", str(tmp_path / "in"), "-c", str(config), "--all"])
    assert built.exit_code == 0, built.output
    code, rows = doctor(config)
    if rows["script fonts"].startswith("ok"):
        pytest.skip("a font for Tangsa is installed here")
    assert rows["script fonts"].startswith("FAIL no installed font draws Tangsa (\U00016a70)"), rows
    assert code == ExitCode.DOCTOR


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig's fc-list")
def test_doctor_names_the_languages_no_font_covers(tmp_path: Path) -> None:
    if not doctor_fonts_for("zh"):
        pytest.skip("no CJK font installed: make system-deps installs fonts-noto-cjk")
    extractive = 'engine = "extractive"\n'
    code, rows = doctor(_config(tmp_path, extractive + 'languages = ["en", "zh", "ar"]\n'))
    assert rows["language fonts"] == "ok en, zh, ar: covered", rows
    # "qaa" is reserved for local use: fontconfig has no font for it
    code, rows = doctor(_config(tmp_path, extractive + 'languages = ["zh", "qaa"]\n'))
    assert rows["language fonts"].startswith("FAIL no installed font covers qaa"), rows
    assert code == ExitCode.DOCTOR


def doctor_fonts_for(language: str) -> bool:
    listed = subprocess.run(["fc-list", f":lang={language}"], capture_output=True, text=True)
    return bool(listed.stdout.strip())
