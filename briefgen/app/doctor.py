"""``briefgen doctor``: checks what a scheduled run depends on and says what to fix.

Each check is ok, a warning (the run works, but not as well: the extractive fallback, no
``crontab`` to schedule with) or a failure (the run, or a part of it the settings ask for,
would fail: ``doctor`` then exits non-zero)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.app.check import Check

if TYPE_CHECKING:
    from briefgen.settings.options import BuildOptions

FONT_FAMILIES = ("DejaVu Serif", "DejaVu Sans")


def check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, sys.version.split()[0] + f" at {sys.executable}", "use Python 3.11+")


def check_torch() -> Check:
    try:
        import torch
    except ImportError as exc:
        return Check("torch", False, str(exc), "pip install torch==2.13.0 (CPU build)")
    return Check(
        "torch",
        True,
        f"{torch.__version__}, {torch.get_num_threads()} threads, "
        f"CUDA {'available' if torch.cuda.is_available() else 'not available'}",
    )


def check_model(model: str, engine: str = "auto") -> Check:
    """The model on disk; without it ``auto`` falls back to the extractive engine (a
    warning), while ``abstractive`` and ``ct2`` stop the run (a failure)."""
    from briefgen.summarise.model import model_fingerprint

    if engine == "extractive":
        return Check("model", True, "not needed: the extractive engine is set")
    if model_fingerprint(model) is not None:
        return Check("model", True, f"{model} is available offline")
    fallback = engine == "auto"
    return Check(
        "model",
        fallback,
        f"{model} is not on disk (not a folder, not in the Hugging Face cache)"
        + ("; briefings use the extractive engine until it is" if fallback else ""),
        f"briefgen models pull {model}",
        warning=fallback,
    )


def check_weasyprint() -> Check:
    try:
        from weasyprint import HTML

        pdf = HTML(string="<p>briefgen doctor</p>").write_pdf()
    except Exception as exc:  # missing native libraries show up as OSError or ImportError
        return Check(
            "weasyprint",
            False,
            f"{type(exc).__name__}: {exc}",
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (see WeasyPrint's install docs)",
        )
    return Check("weasyprint", bool(pdf), "renders a PDF")


def check_fonts() -> Check:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return Check("fonts", False, "fc-list not found", "apt-get install fontconfig")
    listed = subprocess.run(
        [fc_list, ":", "family"], capture_output=True, text=True, check=False
    ).stdout
    missing = [f for f in FONT_FAMILIES if f not in listed]
    if missing:
        return Check(
            "fonts",
            False,
            f"missing {', '.join(missing)}: PDFs fall back to another font",
            "apt-get install fonts-dejavu-core",
        )
    return Check("fonts", True, ", ".join(FONT_FAMILIES) + " installed")


def check_writable(name: str, folder: Path) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check(name, False, f"{folder}: {exc.strerror}", f"make {folder} writable")
    return Check(name, True, f"{folder} is writable")


def check_cron(crontab: Path | None = None) -> Check:
    from briefgen.app.schedule import entries
    from briefgen.core.errors import BriefgenError

    try:
        found = entries(crontab)
    except BriefgenError as exc:
        return Check("cron", True, f"not checked: {exc.message}", warning=True)
    if not found:
        return Check("cron", True, "no scheduled briefings")
    problems = []
    for entry in found:
        python = entry.command.split("&&")[-1].split()[0].strip("'\"")
        if not os.access(python, os.X_OK):
            problems.append(f"{entry.briefing}: {python} is not executable")
    detail = ", ".join(f"{e.briefing} at '{e.schedule}'" for e in found)
    if problems:
        return Check("cron", False, "; ".join(problems), "briefgen schedule add again")
    return Check("cron", True, detail)


def check_email(options: BuildOptions) -> Check | None:
    """The SMTP server of ``[email]``, talked to as a sending would up to the message (no
    message is sent); None when no recipients are set."""
    from briefgen.deliver.smtp import SendFailed, probe
    from briefgen.settings.mail import password_of

    settings = options.email
    if settings is None or not settings.to:
        return None
    try:
        done = probe(settings, password_of(settings))
    except LookupError as exc:
        return Check("smtp", False, f"no SMTP password: {exc}", "set the password the config names")
    except SendFailed as exc:
        return Check("smtp", False, str(exc), "check host, port and security in [email]")
    return Check("smtp", True, f"{done}; nothing sent")


def run_checks(options: BuildOptions, cache_dir: Path, crontab: Path | None = None) -> list[Check]:
    """Every check, for the settings a scheduled run would use."""
    from briefgen.app.fontcheck import check_language_fonts, check_script_fonts

    checks = [
        check_python(),
        check_torch(),
        check_model(options.model, options.engine),
        check_weasyprint(),
        check_fonts(),
        check_script_fonts(options),
        check_language_fonts(options),
        check_writable("output dir", options.out),
        check_writable("cache dir", cache_dir),
        check_email(options),
        check_cron(crontab),
    ]
    return [c for c in checks if c is not None]
