"""The commands a cron user runs by hand: doctor, cache stats and clear, templates."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.core.errors import ExitCode

from .conftest import few_samples

runner = CliRunner()


def test_doctor_reports_each_check_and_what_to_fix(tmp_path: Path, tiny_bart: Path) -> None:
    ok = runner.invoke(app, ["doctor", "-c", str(_config(tmp_path, model=str(tiny_bart)))])
    assert ok.exit_code == 0, ok.output
    for name in (
        "python",
        "torch",
        "model",
        "weasyprint",
        "fonts",
        "output dir",
        "cache dir",
        "cron",
    ):
        assert f"ok   {name}" in ok.stdout
    config = _config(tmp_path, model="org/absent")
    config.write_text(config.read_text() + 'engine = "abstractive"\n')  # no fallback
    missing = runner.invoke(app, ["doctor", "-c", str(config)])
    assert missing.exit_code == ExitCode.DOCTOR
    assert (
        "FAIL model" in missing.stdout and "fix: briefgen models pull org/absent" in missing.stdout
    )


def _config(tmp_path: Path, model: str) -> Path:
    path = tmp_path / "briefgen.toml"
    path.write_text(f'model = "{model}"\nout = "out"\ncache_dir = "cache"\n')
    return path


def test_cache_stats_and_clear(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["build", *few_samples(), "--engine", "extractive", "--format", "json"]
    built = runner.invoke(app, [*args, "--out", str(tmp_path / "out"), "--cache-dir", str(cache)])
    assert built.exit_code == 0, built.output
    stats = runner.invoke(app, ["cache", "stats", "--cache-dir", str(cache)])
    assert stats.exit_code == 0 and "3 summaries, 3 quote lists" in stats.stdout
    kept = runner.invoke(app, ["cache", "clear", "--older-than", "30d", "--cache-dir", str(cache)])
    assert (
        kept.stdout.splitlines()[0]
        == f"removed 0 summary and quote entries from {cache}/cache.sqlite"
    )
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache)])
    assert (
        cleared.stdout.splitlines()[0]
        == f"removed 6 summary and quote entries from {cache}/cache.sqlite"
    )
    bad = runner.invoke(app, ["cache", "clear", "--older-than", "soon", "--cache-dir", str(cache)])
    assert bad.exit_code == ExitCode.USAGE


def test_templates_init_copies_defaults_that_build(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    result = runner.invoke(app, ["templates", "init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "base.html").read_text().startswith("{#- briefgen template base.html")
    nav = (target / "epub" / "nav.xhtml").read_text()  # the EPUB's templates too
    assert nav.startswith("{#- briefgen template epub/nav.xhtml")
    assert (target / "epub" / "style.css").read_text().startswith("/* briefgen template")
    again = runner.invoke(app, ["templates", "init", str(target)])
    assert again.exit_code == ExitCode.USAGE and "--force" in again.stderr
    listed = runner.invoke(app, ["templates", "list", "--templates", str(target)])
    assert str(target / "base.html") in listed.stdout and "blocks: head, styles" in listed.stdout
    assert f"epub/section.xhtml\t{target / 'epub' / 'section.xhtml'}" in listed.stdout
    out = tmp_path / "out"
    built = runner.invoke(
        app,
        [
            *["build", *few_samples(), "--engine", "extractive", "--format", "html,md,epub"],
            *["--templates", str(target), "--out", str(out), "--no-cache"],
        ],
    )
    assert built.exit_code == 0, built.output
    assert any(out.glob("*.epub"))
    context = json.loads(runner.invoke(app, ["templates", "context"]).stdout)
    assert {"title", "stories", "sections", "engine_note", "skipped"} <= set(context)
