"""For the operator: retention by edition date, cron logs, config show, help, templates context;
for the reader: a quiet fallback line, the kicker, plurals."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.core.logs import console_to, setup_logging

from .conftest import SAMPLES, few_samples

runner = CliRunner()
ONE = str(SAMPLES / "flood-barrier.md")


def _build(out: Path, *extra: str, sources: tuple[str, ...] = (ONE,)) -> str:
    args = ["build", *sources, "--engine", "extractive", "--out", str(out), "--no-cache"]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code in (0, 10), result.output
    return result.output


def test_keep_keeps_the_newest_editions_by_date_and_latest_stays_newest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        _build(out, "--format", "json", "--date", day, "--keep", "2")
    args = ["build", ONE, "--engine", "extractive", "--out", str(out), "--no-cache"]
    older = runner.invoke(app, [*args, "--format", "json", "--date", "2026-11-20", "--keep", "2"])
    assert older.exit_code == 2, older.output  # retention would delete it at once: refused
    assert "older than the 2 newest editions" in older.output and "--keep" in older.output
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("briefing-")) == [
        "briefing-2026-11-24.json",
        "briefing-2026-11-25.json",
    ]  # the 2 newest by date, after this build as after every other
    _build(out, "--format", "json", "--date", "2026-11-24", "--keep", "2")  # one of them again
    assert len(list(out.glob("briefing-*.json"))) == 2
    assert os.readlink(out / "latest.json") == "briefing-2026-11-25.json"
    _build(out, "--format", "json", "--date", "2026-11-26", "--keep", "2")
    assert sorted(p.name for p in out.glob("briefing-*.json")) == [
        "briefing-2026-11-25.json",
        "briefing-2026-11-26.json",
    ]
    assert os.readlink(out / "latest.json") == "briefing-2026-11-26.json"


def test_a_quiet_run_logs_each_skip_with_its_reason_and_a_timestamp(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text((SAMPLES / "flood-barrier.md").read_text("utf-8"), "utf-8")
    (folder / "empty.md").write_text("")
    (folder / "blank.txt").write_text("   \n")
    cmd = [sys.executable, "-m", "briefgen", "build", str(folder), "--engine", "extractive"]
    cmd += ["--out", str(tmp_path / "out"), "--format", "json", "--no-cache", "--quiet"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 10, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d briefgen: warning: skipped "
    assert all(re.match(stamp, line) for line in lines), lines
    assert any("empty.md" in x for x in lines) and any("blank.txt" in x for x in lines)
    assert all(len(line.split(": ", 3)) == 4 for line in lines)  # each with its reason
    assert done.stdout.strip().endswith(
        ".json; not e-mailed: no recipients (--email-to, or to in [email])"
    )
    assert "2 inputs skipped" in done.stdout


def test_readers_get_one_quiet_line_and_the_operator_the_command(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", ONE, "--out", str(out), "--no-cache", "--format", "html,md"]
    result = runner.invoke(
        app, [*args, "--model", "sshleifer/no-such-model", "--date", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    assert "briefgen models pull" in result.output  # stderr (mixed into the output here)
    html = (out / "briefing-2026-11-25.html").read_text("utf-8")
    notice = re.search(r'<p class="notice" role="note">(.*?)</p>', html, re.S)
    assert notice and notice.group(1) == "Summaries are extracts: no model was available."
    # the colophon says what happened; the command is for the operator only (issue 30)
    assert html.index("could not be loaded") > html.index("About this briefing")
    md = (out / "briefing-2026-11-25.md").read_text("utf-8")
    assert "*Summaries are extracts: no model was available.*" in md
    assert md.index("could not be loaded") > md.index("**About this briefing.**")
    assert "models pull" not in html and "models pull" not in md


def test_the_kicker_never_doubles_a_custom_title_and_one_story_is_singular(tmp_path: Path) -> None:
    out = tmp_path / "out"
    line = _build(out, "--format", "html,md", "--title", "Morning Briefing")
    assert line.startswith("1 story (extractive) -> ")
    html = (out / "latest.html").read_text("utf-8")
    assert 'class="kicker"' not in html and "Daily briefing" not in html
    assert "1 story from 1 source" in html
    assert "· 1 story from 1 source ·" in (out / "latest.md").read_text("utf-8")
    _build(out, "--format", "html", "--title", "Harbour News")
    assert '<p class="kicker">Briefing</p>' in (out / "latest.html").read_text("utf-8")


def test_config_show_prints_toml_values_in_aligned_columns(tmp_path: Path) -> None:
    config = tmp_path / "briefgen.toml"
    config.write_text(
        'sources = [{ source = "feed:https://news.example/rss", name = "News" }]\n'
        'source_weights = { "Harbour Ledger" = 2 }\n'
    )
    result = runner.invoke(app, ["config", "show", "--config", str(config)])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[1:]
    written = [row for row in rows if not row.startswith("# ")]
    assert len({row.index(" = ") for row in written}) == 1  # one column of "="
    values = {row.index(" = ") + 3 for row in written} | {
        row.index("not set: ") for row in rows if row.startswith("# ")
    }
    assert len(values) == 1  # one column of values, unset ones commented out
    assert len({row.index("  # ") for row in rows if len(row) < 90}) == 1  # and of comments
    text = result.output
    assert "SourceSpec(" not in text and "None" not in text and "False" not in text
    assert 'source_weights = { "Harbour Ledger" = 2.0 }' in re.sub(r" +", " ", text)
    assert re.search(r"^# since_last +not set: on for named briefings +# default$", text, re.M)
    assert '""' not in text  # no value a user would not write


def test_help_shows_switches_without_a_value() -> None:
    result = runner.invoke(app, ["build", "--help"], terminal_width=200, env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--since-last" in result.stdout and "--all" in result.stdout
    assert not re.search(r"--(quiet|offline|since-last)\s+(<bool>|BOOLEAN|TEXT)", result.stdout)


def test_templates_context_has_the_render_values_and_one_date() -> None:
    result = runner.invoke(app, ["templates", "context"])
    context = json.loads(result.stdout)
    assert {"output", "paper", "extra_css", "top_stories", "more_headlines"} <= set(context)
    assert context["generated_at"].startswith(context["date"])
    assert context["stories"][1]["what_is_new"]["paragraphs"] == ["A new paragraph."]


def test_a_template_error_points_at_templates_context(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "briefing.html").write_text("{{ no_such_variable }}")
    args = ["build", ONE, "--engine", "extractive", "--templates", str(tmp_path / "t")]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "out"), "--format", "html"])
    assert result.exit_code != 0
    assert "`briefgen templates context`" in result.output


def test_log_lines_go_where_the_progress_bar_says() -> None:
    setup_logging()
    stream = io.StringIO()
    with console_to(stream):
        logging.getLogger("briefgen.test").warning("a warning during the bar")
    logging.getLogger("briefgen.test").warning("after the bar")
    assert stream.getvalue() == "briefgen: warning: a warning during the bar\n"


def test_a_missing_model_is_a_warning_once_then_quiet_under_cron(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from briefgen.cli import app

    def build(day: str, *extra: str) -> str:
        args = ["build", *few_samples(), "--out", str(tmp_path / "out"), "--format", "json"]
        args += ["--cache-dir", str(tmp_path / "cache"), "--date", day, "--all"]
        result = CliRunner().invoke(app, [*args, "--model", str(tmp_path / "no-model"), *extra])
        assert result.exit_code == 0, result.output
        return result.output

    note = "Summaries are extractive because the model could not be loaded"
    assert f"warning: {note}" in build("2026-11-23", "--quiet")  # the first day: a warning
    assert note not in build("2026-11-24", "--quiet")  # cron's log: not every morning again
    assert f"notice: {note}" in build("2026-11-25")  # a person running it still sees it
