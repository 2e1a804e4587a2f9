"""The command line, end to end, through Typer's CliRunner on real files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefgen import __version__
from briefgen.cli import app
from briefgen.core.errors import ExitCode
from briefgen.faithfulness import guard
from briefgen.ingest import read_sources

from .conftest import SAMPLES, few_samples

runner = CliRunner()


@pytest.fixture(scope="module")
def tiny_build(tiny_bart: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples built once with the tiny BART model, in every format."""
    out = tmp_path_factory.mktemp("build")
    result = runner.invoke(
        app,
        [
            "build",
            str(SAMPLES),
            "--out",
            str(out),
            "--model",
            str(tiny_bart),
            "--engine",
            "abstractive",
            "--format",
            "html,pdf,md,json",
            "--date",
            "2026-11-25",
            "--title",
            "Test Briefing",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_every_format(tiny_build: Path) -> None:
    exts = ("html", "json", "md", "pdf")
    names = sorted(p.name for p in tiny_build.iterdir() if not p.name.startswith("."))
    assert names == sorted(
        [f"briefing-2026-11-25.{e}" for e in exts]
        + [f"latest.{e}" for e in exts]
        + ["editions.xml", "index.html"]  # the archive: briefgen.publish.archive
    )
    assert (tiny_build / "latest.pdf").resolve() == (tiny_build / "briefing-2026-11-25.pdf")


def test_pdf_opens_and_has_every_sample_title(tiny_build: Path) -> None:
    reader = PdfReader(tiny_build / "briefing-2026-11-25.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for article in read_sources([str(SAMPLES)]).articles:
        assert " ".join(article.title.split()) in text, article.title


def test_json_records_the_engine_and_the_stories(tiny_build: Path, tiny_bart: Path) -> None:
    data = json.loads((tiny_build / "briefing-2026-11-25.json").read_text())
    assert data["engine"] == "abstractive" and data["model"] == str(tiny_bart)
    assert len(data["stories"]) == len(read_sources([str(SAMPLES)]).articles)
    longest = max(data["stories"], key=lambda s: s["summary_chunks"])
    assert longest["map_reduced"] and longest["summary_chunks"] > 3


def test_auto_engine_falls_back_and_says_so_in_the_briefing(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            *["build", str(SAMPLES), "--out", str(tmp_path), "--model", "briefgen-tests/absent"],
            *["--format", "html,json", "--date", "2026-11-25"],
        ],
    )
    assert result.exit_code == 0, result.output
    assert "extractive" in result.stderr and "briefgen-tests/absent" in result.stderr
    data = json.loads((tmp_path / "briefing-2026-11-25.json").read_text())
    assert data["engine"] == "extractive" and "could not be loaded" in data["engine_note"]
    html = (tmp_path / "briefing-2026-11-25.html").read_text()
    assert "could not be loaded" in html
    assert "models pull" not in html and "--model PATH" not in html  # readers are not operators


def test_bad_inputs_are_skipped_and_listed_and_the_rest_is_built(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    good = sorted(SAMPLES.glob("f*.md"))[0]
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *["build", str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"), str(good)],
            *["--engine", "extractive", "--out", str(out), "--format", "json"],
            *["--date", "2026-11-25"],
        ],
    )
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert "skipped" in result.stderr and "binary" in result.stderr
    data = json.loads((out / "briefing-2026-11-25.json").read_text())
    assert len(data["stories"]) == 1
    assert {s["source"] for s in data["skipped"]} == {
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
    }


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["build", "does-not-exist.md"], ExitCode.USAGE, "no such file"),
        (["build", "{samples}", "--format", "docx"], ExitCode.USAGE, "unknown format"),
        (["build", "{samples}", "--engine", "magic"], ExitCode.USAGE, "--engine"),
        (["build", "{empty}"], ExitCode.NO_INPUT, "no usable articles"),
        (
            ["build", "{samples}", "--engine", "abstractive", "--model", "briefgen-tests/absent"],
            ExitCode.MODEL_UNAVAILABLE,
            "not in the local Hugging Face cache",
        ),
    ],
)
def test_errors_are_one_line_with_a_documented_exit_code(
    tmp_path: Path, args: list[str], code: ExitCode, message: str
) -> None:
    (tmp_path / "empty.txt").write_text("")
    filled = [a.format(samples=SAMPLES, empty=tmp_path / "empty.txt") for a in args]
    result = runner.invoke(app, [*filled, "--out", str(tmp_path / "out")])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_summarize_prints_a_summary_and_json(tiny_t5: Path) -> None:
    sample = str(sorted(SAMPLES.glob("c*.md"))[0])
    plain = runner.invoke(app, ["summarize", sample, "--engine", "extractive"])
    assert plain.exit_code == 0 and len(plain.stdout.split()) > 10
    result = runner.invoke(app, ["summarize", sample, "--model", str(tiny_t5), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"] == "ct2" and data["summary"]  # auto prefers CTranslate2


def test_summarize_reads_stdin() -> None:
    text = next(SAMPLES.glob("f*.md")).read_text()
    result = runner.invoke(app, ["summarize", "-", "--engine", "extractive"], input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


def test_quotes_json_has_the_documented_fields() -> None:
    sample = str(SAMPLES / "flood-barrier.md")
    result = runner.invoke(app, ["quotes", sample, "--json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)
    assert quotes and any(q["key"] for q in quotes)
    for field in ("quote", "speaker", "cue", "start", "end", "key"):
        assert all(field in q for q in quotes)
    article = read_sources([sample]).articles[0]
    first = quotes[0]
    assert first["quote"].split()[0] in article.text[first["start"] : first["end"]]


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).stdout.strip() == f"briefgen {__version__}"
    for command in (["build"], ["summarize"], ["quotes"], ["models", "pull"], ["models", "list"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout


def test_models_pull_offline_is_a_clear_error() -> None:
    result = runner.invoke(app, ["models", "pull", "sshleifer/distilbart-cnn-12-6"])
    assert result.exit_code == ExitCode.MODEL_UNAVAILABLE
    assert "cannot be reached" in result.stderr


def test_sort_orders_stories(tmp_path: Path) -> None:
    args = ["build", str(SAMPLES), "--engine", "extractive", "--format", "json", "--no-cache"]
    result = runner.invoke(
        app, [*args, "--out", str(tmp_path), "--sort", "title", "--date", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    stories = json.loads((tmp_path / "briefing-2026-11-25.json").read_text())["stories"]
    for section in {s["section"] for s in stories}:  # sorted within each section
        titles = [s["title"] for s in stories if s["section"] == section]
        assert titles == sorted(titles, key=str.casefold)
    bad = runner.invoke(app, [*args, "--out", str(tmp_path), "--sort", "random"])
    assert bad.exit_code == ExitCode.USAGE and "--sort" in bad.stderr


@pytest.mark.parametrize("mode", ["warn", "fix", "off"])
def test_faithfulness_modes_reach_the_output(tiny_t5: Path, mode: str) -> None:
    sample = str(SAMPLES / "markets-close.md")
    args = ["summarize", sample, "--model", str(tiny_t5), "--json", "--faithfulness", mode]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    checks = data["faithfulness"]
    assert data["summary"]  # never emptied, even when every sentence is flagged
    if mode == "off":
        assert checks == {"checked": 0, "flagged": 0, "fixed": 0, "problems": []}
        return
    # the same guard, run by hand on the unchecked summary, gives what the command printed
    unchecked = runner.invoke(app, [*args[:-1], "off"])
    raw = json.loads(unchecked.stdout)["summary"]
    expected = guard(read_sources([sample]).articles[0].text, raw, mode)
    assert data["summary"] == expected.text
    assert (checks["checked"], checks["flagged"], checks["fixed"]) == (
        expected.checked,
        expected.flagged,
        expected.fixed,
    )
    assert checks["checked"] >= 1 and len(checks["problems"]) >= checks["flagged"]
    if mode == "warn":
        assert checks["fixed"] == 0


def test_auto_prefers_ctranslate2_and_says_which_engine_ran(
    tiny_bart: Path, tmp_path: Path
) -> None:
    args = ["build", *few_samples(), "--model", str(tiny_bart), "--format", "json"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path), "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "briefing-2026-11-25.json").read_text())
    assert data["engine"] == "ct2" and data["model"] == str(tiny_bart)
    converted = Path(os.environ["BRIEFGEN_CACHE_DIR"]) / "ct2"
    assert any(converted.iterdir())  # converted once, into briefgen's cache folder
    bad = runner.invoke(
        app, [*args, "--out", str(tmp_path), "--engine", "ct2", "--quantize", "int3"]
    )
    assert bad.exit_code == ExitCode.USAGE


def test_samples_pdf_structure_order_outline_and_links(tiny_build: Path) -> None:
    reader = PdfReader(tiny_build / "briefing-2026-11-25.pdf")
    data = json.loads((tiny_build / "briefing-2026-11-25.json").read_text())
    titles = [" ".join(s["title"].split()) for s in data["stories"]]
    body = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    positions = [body.rfind(t) for t in titles]  # headlines (after "At a glance") in order
    assert all(p >= 0 for p in positions) and positions == sorted(positions)

    def walk(items: list[object]) -> list[str]:
        found: list[str] = []
        for item in items:
            found += walk(item) if isinstance(item, list) else [str(getattr(item, "title", ""))]
        return found

    outline = [" ".join(t.split()) for t in walk(reader.outline)]
    assert all(t in outline for t in titles)
    links = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/Subtype") == "/Link"
    ]
    internal = [a for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    external = [a for a in links if a.get("/A", {}).get("/S") == "/URI"]
    assert len(internal) >= len(titles)  # "At a glance" links to every story
    assert {str(a["/A"]["/URI"]).split("/")[2] for a in external} >= {"harbourledger.example.com"}
    assert "page 1 of" in (reader.pages[0].extract_text() or "")
