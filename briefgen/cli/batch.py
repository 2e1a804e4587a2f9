"""``briefgen batch``: corpus mode on the command line. Like every command it imports the
library (and Ray) only when it runs, so ``briefgen --help`` stays fast."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from briefgen.cli.common import (
    MODEL_SETTINGS,
    BriefingOpt,
    ConfigOpt,
    QuietOpt,
    VerboseOpt,
    command,
    load_settings,
    setting_flags,
)
from briefgen.core.errors import ExitCode

BATCH_SETTINGS = (
    "executor",
    "ray_address",
    *MODEL_SETTINGS,
    "faithfulness",
    "faithfulness_model",
    "quotes",
    "languages",
    "since",
    "max_per_feed",
    "offline",
    "allow_hosts",
    "cache_dir",
)


@setting_flags(*BATCH_SETTINGS, after="briefing")
@command(
    example="briefgen batch corpus/ --out records.jsonl --engine extractive  ·  "
    "briefgen batch news.parquet --out records/ --executor ray --ray-address auto",
)
def batch(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="As for build, plus .jsonl/.ndjson/.parquet corpora and folders."),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE.jsonl|FILE.parquet|DIR",
            help="One file of records, or a folder (Ray writes a file per block there).",
        ),
    ] = Path("records.jsonl"),
    config: ConfigOpt = None,
    briefing: BriefingOpt = None,
    actors: Annotated[
        int,
        typer.Option(
            min=0, metavar="N", help="Ray actors, each with an engine (0: one per CPU or GPU)."
        ),
    ] = 0,
    actor_cpus: Annotated[
        float, typer.Option(min=0, metavar="N", help="CPUs per Ray actor (0: --threads, else 1).")
    ] = 0,
    actor_gpus: Annotated[
        float,
        typer.Option(min=0, metavar="N", help="GPUs per Ray actor (0: one with --device cuda)."),
    ] = 0,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", metavar="", help="Neither read nor write the cache.")
    ] = False,
    verbose: VerboseOpt = False,
    quiet: QuietOpt = False,
    **settings: Any,
) -> None:
    """Summarise a corpus: one JSON record per article (summary, faithfulness, quotes).

    Exit codes: 0 every article done; 10 some inputs skipped or articles failed (each
    record says why); the manual's Exit codes page has the rest.
    """
    from briefgen.app.batch import Resources, run_batch

    options = load_settings(config, briefing, sources=sources, **settings)
    if no_cache:
        options = replace(options, cache_dir=None)
    pool = Resources(actors=actors, cpus=actor_cpus, gpus=actor_gpus)
    result = run_batch(options, out, stdin=sys.stdin.buffer, resources=pool)
    for note in result.notes:
        typer.echo(f"briefgen: note: {note}", err=True)
    counts = result.tally.statuses
    engines = ", ".join(sorted(result.tally.engines)) or "no engine"
    typer.echo(
        f"{result.tally.total} records ({counts['ok']} ok, {counts['skipped']} skipped, "
        f"{counts['failed']} failed; {engines}; {result.executor}, {result.seconds:.1f} s) "
        f"-> {result.out}"
    )
    if counts["skipped"] or counts["failed"]:
        raise typer.Exit(int(ExitCode.PARTIAL))
