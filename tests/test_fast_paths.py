"""No seconds spent before knowing there is nothing to do, and the device choice.

A fully cached build loads no model library; a model that is not there (a missing folder,
a hub model neither cached nor reachable) sends ``auto`` to the extractive engine before
torch or CTranslate2 is imported; ``--help`` loads the CLI and the options schema, and of
Typer's stack only what prints it (``briefgen/clihelp.py``), the same help as Typer's own.
Checked in fresh processes, by what they imported (never by how long they took). The GPU
paths are checked where they can be on a CPU machine: the device decision from files, the
half-precision weight types, the clear error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefgen.core.errors import BriefgenError, ExitCode
from briefgen.summarise import device as devices
from briefgen.summarise import resolve_engine
from briefgen.summarise.model import hub_repo_folder, model_fingerprint, model_problem

from .conftest import ROOT, SAMPLES

HEAVY = ("torch", "transformers", "ctranslate2", "onnxruntime")

PROBE = f"""
import contextlib, io, json, sys
sys.argv = ["briefgen", *json.loads(sys.argv[1])]
from briefgen.cli import main
out = io.StringIO()
code = 0
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit as exc:
        code = exc.code
heavy = [m for m in {HEAVY!r} if m in sys.modules]
print(json.dumps({{"code": code, "heavy": heavy, "said": out.getvalue()}}))
"""


def _build(tmp_path: Path, model: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """``briefgen build`` of the samples in a fresh process: exit code, output, and which
    model libraries it imported."""
    args = ["build", str(SAMPLES), "-o", str(tmp_path / "out"), "-f", "md", "--model", model]
    full = dict(os.environ, BRIEFGEN_CACHE_DIR=str(tmp_path / "cache"), **(env or {}))
    seen, stderr = _probe([PROBE, json.dumps(args)], tmp_path, full)
    seen["stderr"] = stderr
    return seen


def _probe(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[dict[str, Any], str]:
    """``python -c ARGS`` in a fresh process: the JSON object its last line prints, and its
    stderr."""
    proc = subprocess.run(
        [sys.executable, "-c", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    assert proc.stdout.strip(), proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


def test_a_fully_cached_build_imports_no_model_library(tiny_bart: Path, tmp_path: Path) -> None:
    first = _build(tmp_path, str(tiny_bart))
    assert first["code"] in (0, None), first["stderr"]
    assert "from cache" not in str(first["said"])
    again = _build(tmp_path, str(tiny_bart))
    assert again["code"] in (0, None), again["stderr"]
    assert "12 from cache" in str(again["said"])
    assert again["heavy"] == []  # neither torch nor CTranslate2: nothing was left to do


def test_auto_with_no_model_is_extractive_before_any_model_library_loads(
    tmp_path: Path,
) -> None:
    for model in ("briefgen-tests/not-downloaded", str(tmp_path / "no-such-folder")):
        seen = _build(tmp_path, model, {"HF_HUB_OFFLINE": "1"})
        assert seen["code"] in (0, None), seen["stderr"]
        assert "stories (extractive" in str(seen["said"])
        assert "Summaries are extractive" in str(seen["stderr"]) and model in str(seen["stderr"])
        assert seen["heavy"] == []


HELP_PROBE = """
import contextlib, io, sys
mode, *args = sys.argv[1:]
if mode == "typer":
    import typer.rich_utils  # Typer's own import, before briefgen's: no stand-ins
sys.argv = ["briefgen", *args]
from briefgen.cli import main
out, err = io.StringIO(), io.StringIO()
code = 0
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        main()
    except SystemExit as exc:
        code = exc.code
loaded = sorted(sys.modules)
import json
print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(), "loaded": loaded}))
"""
HELP_MODULES = {"cli", "core", "core.errors", "settings", "settings.options", "settings.valuetypes"}
HELP_MODULES |= {
    f"cli.{m}" for m in ("main", "common", "fasthelp", "helpstyle", "articles", "setup", "ops")
}
HELP_MODULES |= {"cli.batch", "cli.send", "cli.search"}  # batch, send, search
NOT_FOR_HELP = (
    *HEAVY,
    *("weasyprint", "jinja2", "httpx", "aiosmtpd", "ray", "pyarrow", "trafilatura"),
    *("pydantic", "rich.markdown", "rich.traceback", "pygments", "markdown_it"),
)


def _cli(mode: str, *args: str) -> dict[str, Any]:
    """``briefgen ARGS`` in a fresh process (80 columns, colours on): exit code, stdout,
    stderr and every module it imported; ``mode`` "typer" imports Typer's help formatting
    the usual way before briefgen does."""
    env = dict(os.environ, COLUMNS="80", FORCE_COLOR="1")
    return _probe([HELP_PROBE, mode, *args], ROOT, env)[0]


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["models", "pull", "--help"]])
def test_help_loads_the_cli_and_the_options_schema_only(args: list[str]) -> None:
    seen = _cli("light", *args)
    assert seen["code"] == 0 and "Usage:" in seen["out"], seen["err"]
    ours = {m.removeprefix("briefgen.") for m in seen["loaded"] if m.startswith("briefgen.")}
    assert ours <= HELP_MODULES, ours - HELP_MODULES  # no pipeline, document, delivery...
    assert [m for m in NOT_FOR_HELP if m in seen["loaded"]] == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["build", "--help"], ["cache", "clear", "-h"], ["build", "--no-such"], ["frob"]],
)
def test_help_and_usage_errors_are_typers_own(args: list[str]) -> None:
    light, typers = _cli("light", *args), _cli("typer", *args)
    assert "rich.markdown" in typers["loaded"]  # the real thing, to compare with
    assert "rich.markdown" not in light["loaded"]
    assert [light[k] for k in ("code", "out", "err")] == [typers[k] for k in ("code", "out", "err")]
    assert "\x1b[" in light["out"] + light["err"]  # compared in colour


def test_the_stand_ins_become_the_real_classes_when_used() -> None:
    probe = (
        "import sys\n"
        "import briefgen.cli.fasthelp\n"
        "briefgen.cli.fasthelp.install()  # what the console script's main() does\n"
        "import typer.rich_utils as r\n"
        "assert 'rich.markdown' not in sys.modules and 'rich.traceback' not in sys.modules\n"
        "from rich.markdown import Markdown\n"
        "from rich.traceback import Traceback\n"
        "assert isinstance(r.Markdown('*x*'), Markdown)\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError as exc:\n"
        "    assert isinstance(r.Traceback.from_exception(type(exc), exc, None), Traceback)\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.stdout.strip() == "ok", proc.stderr


def test_the_cheap_model_check_finds_what_loading_would(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    problem = model_problem(str(tmp_path / "empty"), on_disk=True)
    assert problem is not None and "no config.json" in problem.message
    assert model_problem(str(tmp_path / "gone"), on_disk=False) is not None
    offline = model_problem("briefgen-tests/absent", on_disk=False)  # the tests run offline
    assert offline is not None and offline.code == ExitCode.MODEL_UNAVAILABLE
    assert "not in the local Hugging Face cache" in offline.message
    assert model_problem("briefgen-tests/absent", on_disk=True) is None


def test_a_hub_snapshot_is_found_where_the_hub_client_keeps_it(tmp_path: Path) -> None:
    # a fake cached snapshot, in a fresh process so that HF_HUB_CACHE takes effect
    hub = tmp_path / "hub"
    repo = hub / "models--briefgen-tests--cached"
    (repo / "snapshots" / "abc123").mkdir(parents=True)
    (repo / "snapshots" / "abc123" / "config.json").write_text("{}", encoding="utf-8")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123", encoding="utf-8")
    probe = (
        "import json; from briefgen.summarise import model as m\n"
        "print(json.dumps([str(m.hub_repo_folder('briefgen-tests/cached')),\n"
        "    m.model_fingerprint('briefgen-tests/cached'),\n"
        "    m.model_problem('briefgen-tests/cached', on_disk=True) is None]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=dict(os.environ, HF_HUB_CACHE=str(hub)),
    )
    folder, fingerprint, loadable = json.loads(proc.stdout.strip().splitlines()[-1])
    assert folder == str(repo) and fingerprint and loadable
    # not downloaded: no folder, no fingerprint, and the hub client was not needed to say so
    assert not hub_repo_folder("briefgen-tests/never").exists()
    assert model_fingerprint("briefgen-tests/never") is None


def test_explicit_engines_raise_the_cheap_checks_error(tmp_path: Path) -> None:
    for choice in ("ct2", "abstractive"):
        with pytest.raises(BriefgenError) as info:
            resolve_engine(choice, str(tmp_path / "missing")).load()
        assert info.value.code == ExitCode.MODEL_UNAVAILABLE


def test_device_auto_is_decided_from_the_driver_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    assert devices.resolve("auto", root=tmp_path) == "cpu"
    assert devices.resolve("cuda:1", root=tmp_path) == "cuda:1"
    gpus = tmp_path / "proc" / "driver" / "nvidia" / "gpus"
    (gpus / "0000:01:00.0").mkdir(parents=True)
    assert devices.cuda_visible(tmp_path) and devices.resolve("auto", root=tmp_path) == "cuda"
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert devices.resolve("auto", root=tmp_path) == "cpu"
    assert devices.split("cuda:2") == ("cuda", 2) and devices.split("cpu") == ("cpu", 0)


def test_on_a_gpu_ct2_runs_half_precision_and_that_is_in_the_cache_key() -> None:
    assert devices.compute_type("int8", "cuda") == "int8_float16"
    assert devices.compute_type("float32", "cuda:0") == "float16"
    assert devices.compute_type("int8", "cpu") == "int8"
    assert devices.torch_dtype_name("cuda") == "float16"
    assert devices.torch_dtype_name("cpu") == "float32"
    gpu = resolve_engine("ct2", "briefgen-tests/absent", device="cuda")
    cpu = resolve_engine("ct2", "briefgen-tests/absent", device="cpu")
    assert (gpu.device, gpu.quantize, cpu.quantize) == ("cuda", "int8_float16", "int8")
    assert gpu.cache_parts() != cpu.cache_parts()


@pytest.mark.skipif(devices.cuda_visible(), reason="a GPU is present")
def test_without_a_gpu_auto_runs_on_the_cpu_and_cuda_fails_clearly(tiny_t5: Path) -> None:
    pytest.importorskip("ctranslate2")
    spec = resolve_engine("auto", str(tiny_t5), device="auto")
    assert (spec.engine, spec.device, spec.quantize) == ("ct2", "cpu", "int8")
    with pytest.raises(BriefgenError) as info:
        resolve_engine("ct2", str(tiny_t5), device="cuda").load()
    assert info.value.code == ExitCode.MODEL_UNAVAILABLE
    assert "CUDA device" in info.value.message
