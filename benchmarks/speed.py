"""Speed and memory of briefgen's summarisation engines against the plain transformers baseline.

Usage: python benchmarks/speed.py [--quick] [--articles N] [--models a,b] [--tokens N]
                                  [--scaling 10,50,200] [--scaling-model NAME] [--threads N]

What it measures, in one run, on the same machine and under the same load:

* (a) **baseline**: what ``pipeline("summarization")`` did before transformers 5 removed it,
  article by article: tokenize with truncation to the model's input size, ``generate`` with
  the checkpoint's summarisation settings (``task_specific_params``), decode.
* (b) **briefgen transformers engine** (``AbstractiveEngine``): chunks of all articles sorted
  by length into batches (``--batch-size``), map-reduce for articles longer than the window.
* (c) **briefgen CTranslate2 engine** (``Ct2Engine``), int8 weights, same batching, its
  default thread layout (``thread_layout``: on 2 cores, two batches side by side).
* (d) the conversion to CTranslate2 itself (once; later runs find it cached).

Models: the real architectures of ``distilbart-cnn-12-6`` and ``t5-small`` with random
weights, built from the configs in ``../shared/models`` (``from_config``; the folder's own
``generation_config.json`` and tokenizer copied beside the weights) and saved once under
``--cache-dir``. Random weights cost the same compute per token as trained ones but produce
meaningless text, so every engine is made to generate exactly ``--tokens`` new tokens
(``min_new_tokens == max_new_tokens``) with the checkpoint's beam settings.
Articles: ``../shared/eval/articles/*.txt``, taken round-robin across the five sections
(50 per engine by default, as issue 6 asks; ``--quick`` for a 3-article smoke run).

Each measurement runs in a fresh subprocess, so its peak memory (``ru_maxrss``) and its time
to first summary (imports + model load [+ conversion when not cached] + one article) are its
own. Scaling: the CTranslate2 engine on distilbart, 10/50/200 articles (``--scaling``);
time per 1,000 input tokens should stay flat if cost grows linearly with total tokens.

Quality: the int8 engine's output tokens are compared position by position with the
transformers engine's (same articles, same settings), on the benchmark models and on the
tiny test models (greedy; float32 must agree exactly).

Also: ``briefgen --help`` wall time (best of 5) and whether it imports torch.

Last (not with ``--quick``, nor ``--no-peers``): ``benchmarks/peers.py --setup``, the same
engine against Optimum ONNX Runtime int8 and OpenVINO int8, and the whole-process run.

Prints a table and writes ``benchmarks/results/speed.json``. It reports; it does not assert,
and exits 0 whatever the figures (1 only when a measurement crashed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MODELS = SHARED / "models"
ARTICLES = SHARED / "eval" / "articles"
RESULTS = ROOT / "benchmarks" / "results"
MARK = "@@result@@ "
TARGET_SPEEDUP = 5.0
TARGET_PEAK_MB = 1500.0
TARGET_HELP_S = 0.25
OMP_POLICY = {"value": "PASSIVE"}  # set for every worker; see --omp-wait-policy


# ----------------------------------------------------------------------------- setup


def default_cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "briefgen" / "bench"


def build_model(name: str, cache: Path) -> Path:
    """The real architecture ``name`` with random weights, saved once under ``cache``."""
    folder = cache / "models" / name
    if (folder / "model.safetensors").is_file():
        return folder
    import torch
    from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer

    source = MODELS / name
    print(f"building {name} with random weights in {folder} (once)", flush=True)
    torch.manual_seed(0)
    model = AutoModelForSeq2SeqLM.from_config(AutoConfig.from_pretrained(source))
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{name}-"))
    try:
        model.save_pretrained(tmp)
        AutoTokenizer.from_pretrained(source).save_pretrained(tmp)
        # save_pretrained after from_config writes a bare generation config (20 tokens,
        # greedy): the checkpoint's own settings are what the engines must see
        shutil.copy(source / "generation_config.json", tmp / "generation_config.json")
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def article_paths(n: int) -> list[Path]:
    """``n`` articles, round-robin across sections (repeated when ``n`` exceeds the set)."""
    by_section: dict[str, list[Path]] = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        by_section.setdefault(path.stem.rsplit("-", 1)[0], []).append(path)
    ordered = [
        paths[i]
        for i in range(max(len(p) for p in by_section.values()))
        for paths in by_section.values()
        if i < len(paths)
    ]
    return [ordered[i % len(ordered)] for i in range(n)]


# ----------------------------------------------------------------------------- workers


def _articles(paths: list[str]) -> list[Any]:
    from briefgen.document import Article, content_id

    out = []
    for i, p in enumerate(paths):
        text = Path(p).read_text(encoding="utf-8").strip()
        title, _, body = text.partition("\n")
        body = body.strip() or title
        # a repeated file (scaling beyond the set) is a new article for the engines
        out.append(Article(id=f"{content_id(body)}-{i}", title=title.strip(), text=body))
    return out


def _truncated(article: Any, model: Any) -> Any:
    """``article`` cut to what fits ``model``'s input window in one chunk, as a peer that
    truncates (``tokenizer(text, truncation=True)``) sees it."""
    from dataclasses import replace

    ids = model.tokenizer(article.text, add_special_tokens=False)["input_ids"]
    text = model.tokenizer.decode(ids[: model.budget - 2], skip_special_tokens=True)
    return replace(article, text=text)


def _force_length(model: Any, tokens: int) -> None:
    """Make the engine generate exactly ``tokens`` new tokens with the checkpoint's beams."""
    base = {k: v for k, v in model.base_generation.items() if k not in ("min_length", "max_length")}
    base.update(min_new_tokens=tokens, max_new_tokens=tokens)
    model.base_generation = base


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement, in its own process; returns timings, outputs and peak memory."""
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    kind = spec["kind"]
    paths: list[str] = spec["articles"]
    tokens = int(spec["tokens"])
    result: dict[str, Any] = {"kind": kind}

    if kind == "baseline":
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(spec["model_dir"])
        net = AutoModelForSeq2SeqLM.from_pretrained(spec["model_dir"]).eval()
        task = dict((net.config.task_specific_params or {}).get("summarization", {}))
        prefix = task.pop("prefix", "")
        task.update(min_new_tokens=tokens, max_new_tokens=tokens)
        task.pop("min_length", None)
        task.pop("max_length", None)
        texts = [a.text for a in _articles(paths)]
        loaded = time.perf_counter()

        def run(text: str) -> tuple[str, int, int]:
            inputs = tok(prefix + text, return_tensors="pt", truncation=True)
            with torch.inference_mode():
                out = net.generate(**inputs, **task)
            decoded = tok.decode(out[0], skip_special_tokens=True)
            return decoded, int(inputs["input_ids"].shape[1]), int(out.shape[1])

        first = run(texts[0])
        result["first_summary_s"] = time.perf_counter() - start
        result["load_s"] = loaded - start
        t0 = time.perf_counter()
        outs = [run(t) for t in texts]
        result["run_s"] = time.perf_counter() - t0
        result["summaries"] = [o[0] for o in outs]
        result["input_tokens"] = sum(o[1] for o in outs)
        result["output_lengths"] = sorted({o[2] for o in outs})
        result["generate_calls"] = len(texts)
        del first
    elif kind in ("engine", "ct2", "convert"):
        from briefgen.summarise.abstractive import AbstractiveEngine
        from briefgen.summarise.model import load_model

        articles = _articles(paths)
        engine: Any
        ct2_dir = Path(spec.get("ct2_cache") or "-")
        cached_before = {p.name for p in ct2_dir.iterdir()} if ct2_dir.is_dir() else set()
        if kind == "engine":
            model = load_model(spec["model_dir"])
            _force_length(model, tokens)
            engine = AbstractiveEngine(model, batch_size=spec["batch_size"])
        else:
            from briefgen.summarise.ct2 import load_ct2_engine

            engine = load_ct2_engine(
                spec["model_dir"],
                quantize=spec.get("quantize", "int8"),
                batch_size=spec["batch_size"],
                threads=spec["threads"],
                cache_dir=Path(spec["ct2_cache"]),
                workers=spec.get("workers", 0),
                **({"bucket": float(spec["bucket"])} if "bucket" in spec else {}),
            )
            _force_length(engine.model, tokens)
            if spec.get("truncate"):  # the peers' inputs: each article cut to the window
                articles = [_truncated(a, engine.model) for a in articles]
            result["converted_in"] = str(engine.model_dir)
            result["converted"] = engine.model_dir.name not in cached_before
            result["workers"] = engine.workers
            result["threads_per_worker"] = engine.threads_per_worker
        result["load_s"] = time.perf_counter() - start
        if kind == "convert":
            result["run_s"] = 0.0
        else:
            calls: list[int] = []
            generate = engine.generate

            def counting(texts: Any, settings: Any) -> list[str]:
                calls.append(len(texts))
                return list(generate(texts, settings))

            engine.generate = counting
            engine.summarise(articles[:1])
            result["first_summary_s"] = time.perf_counter() - start
            calls.clear()
            t0 = time.perf_counter()
            summaries = engine.summarise(articles)
            result["run_s"] = time.perf_counter() - t0
            result["summaries"] = [s.text for s in summaries]
            result["map_reduced"] = sum(s.map_reduced for s in summaries)
            result["generate_calls"] = sum(calls)
            counter = engine.model.counter
            result["input_tokens"] = sum(counter.count(a.text) for a in articles)
    elif kind == "tiny":
        result.update(tiny_agreement(spec["tmp"]))
    else:
        raise ValueError(kind)
    if "torch" in sys.modules:
        import torch

        result["torch_threads"] = torch.get_num_threads()
    result["peak_mb"] = peak_mb()
    result["wall_s"] = time.perf_counter() - start
    return result


def peak_mb() -> float:
    """This process's peak resident memory in MB.

    ``VmHWM`` (Linux) is the high-water mark of this program's own memory map; ``ru_maxrss``
    is the fallback, but Linux carries it over from the parent across fork and exec, so a
    worker would report at least the driver's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tiny_agreement(tmp: str) -> dict[str, Any]:
    """Greedy outputs of CT2 (float32, int8) against transformers on the tiny test models."""
    from briefgen.ingest import read_sources
    from briefgen.summarise.abstractive import AbstractiveEngine
    from briefgen.summarise.ct2 import load_ct2_engine
    from briefgen.summarise.model import load_model
    from tests.conftest import SAMPLES, build_tiny_bart, build_tiny_t5

    articles = read_sources([str(SAMPLES)]).articles
    out: dict[str, Any] = {}
    for name, build in (("tiny-bart", build_tiny_bart), ("tiny-t5", build_tiny_t5)):
        folder = Path(tmp) / name
        folder.mkdir()
        path = build(folder)
        model = load_model(str(path))
        reference = [s.text for s in AbstractiveEngine(model).summarise(articles)]
        for quant in ("float32", "int8"):
            engine = load_ct2_engine(model, quantize=quant, cache_dir=Path(tmp) / "ct2")
            got = [s.text for s in engine.summarise(articles)]
            out[f"{name}/{quant}"] = agreement(model.tokenizer, reference, got)
    return out


def agreement(tokenizer: Any, reference: list[str], other: list[str]) -> dict[str, float]:
    """Share of output token positions where two engines agree, and of identical outputs."""
    same = total = 0
    for a, b in zip(reference, other, strict=True):
        ta = tokenizer(a, add_special_tokens=False)["input_ids"]
        tb = tokenizer(b, add_special_tokens=False)["input_ids"]
        same += sum(x == y for x, y in zip(ta, tb, strict=False))
        total += max(len(ta), len(tb))
    exact = sum(a == b for a, b in zip(reference, other, strict=True))
    return {
        "token_agreement": same / total if total else 1.0,
        "identical_outputs": exact / len(reference) if reference else 1.0,
    }


# ----------------------------------------------------------------------------- driver


def measure(spec: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
    """Run ``worker(spec)`` in a fresh interpreter and return what it reported."""
    env = dict(os.environ, TOKENIZERS_PARALLELISM="false", TRANSFORMERS_VERBOSITY="error")
    if OMP_POLICY["value"]:
        env["OMP_WAIT_POLICY"] = OMP_POLICY["value"]
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
    )
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            data: dict[str, Any] = json.loads(line[len(MARK) :])
            return data
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
    return {"kind": spec["kind"], "error": "\n".join(tail)}


def help_timing(runs: int = 5) -> dict[str, Any]:
    """``briefgen --help`` wall time (best of ``runs``) and whether torch gets imported."""
    exe = Path(sys.executable).parent / "briefgen"
    cmd = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "briefgen", "--help"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    probe = (
        "import sys, io, contextlib\n"
        "sys.argv = ['briefgen', '--help']\n"
        "from briefgen.cli import main\n"
        "try:\n"
        "    with contextlib.redirect_stdout(io.StringIO()): main()\n"
        "except SystemExit: pass\n"
        "heavy = ['torch', 'transformers', 'ctranslate2', 'weasyprint']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )
    imported = [m for m in proc.stdout.strip().split(",") if m]
    return {
        "command": " ".join(cmd),
        "best_s": min(times),
        "median_s": statistics.median(times),
        "imports_torch": "torch" in imported,
        "heavy_modules_imported": imported,
    }


def per_minute(result: dict[str, Any], n: int) -> float:
    return 60.0 * n / result["run_s"] if result.get("run_s") else 0.0


def bench_model(name: str, args: argparse.Namespace, cache: Path) -> dict[str, Any]:
    folder = build_model(name, cache)
    paths = [str(p) for p in article_paths(args.articles)]
    ct2_cache = cache / "ct2"
    common = {
        "model_dir": str(folder),
        "tokens": args.tokens,
        "batch_size": args.batch_size,
        "threads": args.threads,
        "ct2_cache": str(ct2_cache),
    }
    out: dict[str, Any] = {"model": name, "articles": len(paths), "tokens": args.tokens}

    # (d) conversion, in its own process: timed when it happens (first run, or always with
    # --fresh-conversion); then both weight types are in the cache, so that no engine
    # timing below includes a conversion
    with tempfile.TemporaryDirectory() as tmp:
        conv_cache = Path(tmp) if args.fresh_conversion else ct2_cache
        print(f"[{name}] CTranslate2 int8 conversion (when not cached)", flush=True)
        out["conversion"] = measure(
            {**common, "kind": "convert", "articles": [], "ct2_cache": str(conv_cache)}
        )
    for quant in ("int8", "float32"):
        measure({**common, "kind": "convert", "articles": [], "quantize": quant})

    engines = (
        ("baseline", "baseline", "int8", 0),
        ("engine", "engine", "int8", 0),
        ("ct2_int8", "ct2", "int8", 0),
        ("ct2_int8_one_worker", "ct2", "int8", 1),
        ("ct2_float32", "ct2", "float32", 0),
    )
    for label, kind, quant, workers in engines:
        print(f"[{name}] {label}: {len(paths)} articles", flush=True)
        spec = {**common, "kind": kind, "articles": paths, "quantize": quant, "workers": workers}
        res = measure(spec)
        if "error" in res:
            print(f"  failed:\n{res['error']}", flush=True)
        else:
            res["articles_per_min"] = per_minute(res, len(paths))
            print(
                f"  {res['articles_per_min']:.1f} articles/min, peak {res['peak_mb']:.0f} MB, "
                f"first summary {res['first_summary_s']:.1f} s",
                flush=True,
            )
        out[label] = res

    base = out["baseline"].get("articles_per_min") or 0.0
    for label in ("engine", "ct2_int8", "ct2_int8_one_worker", "ct2_float32"):
        res = out[label]
        if base and "articles_per_min" in res:
            res["speedup_vs_baseline"] = res["articles_per_min"] / base
    if "summaries" in out["engine"]:
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(folder)
        for label in ("ct2_int8", "ct2_float32"):
            if "summaries" in out[label]:
                out[f"{label}_vs_transformers"] = agreement(
                    tok, out["engine"]["summaries"], out[label]["summaries"]
                )
    for label, *_ in engines:
        out[label].pop("summaries", None)
    return out


def bench_scaling(args: argparse.Namespace, cache: Path) -> dict[str, Any]:
    folder = build_model(args.scaling_model, cache)
    rows = []
    for n in args.scaling:
        print(f"[scaling {args.scaling_model}] ct2 int8: {n} articles", flush=True)
        res = measure(
            {
                "kind": "ct2",
                "model_dir": str(folder),
                "articles": [str(p) for p in article_paths(n)],
                "tokens": args.tokens,
                "batch_size": args.batch_size,
                "threads": args.threads,
                "ct2_cache": str(cache / "ct2"),
            }
        )
        if "error" in res:
            rows.append({"articles": n, "error": res["error"]})
            continue
        rows.append(
            {
                "articles": n,
                "run_s": res["run_s"],
                "input_tokens": res["input_tokens"],
                "generate_calls": res["generate_calls"],
                "s_per_1k_input_tokens": 1000 * res["run_s"] / res["input_tokens"],
                "s_per_generated_summary": res["run_s"] / res["generate_calls"],
                "peak_mb": res["peak_mb"],
            }
        )
        print(f"  {res['run_s']:.1f} s", flush=True)
    return {"model": args.scaling_model, "engine": "ct2 int8", "rows": rows}


def fmt(value: Any, spec: str = ".1f") -> str:
    return format(value, spec) if isinstance(value, int | float) else "—"


def layout(result: dict[str, Any]) -> str:
    """``workers x threads`` of a CTranslate2 run; torch's thread count otherwise."""
    if "workers" in result:
        return f"{result['workers']}x{result['threads_per_worker']}"
    return str(result.get("torch_threads", ""))


def table(results: dict[str, Any]) -> str:
    lines = [
        f"{'model':<20} {'engine':<26} {'art/min':>8} {'x base':>7} {'peak MB':>8} "
        f"{'1st summ s':>10} {'load s':>7} {'gen calls':>9} {'threads':>8}",
    ]
    names = {
        "baseline": "(a) transformers baseline",
        "engine": "(b) briefgen transformers",
        "ct2_int8": "(c) briefgen ct2 int8",
        "ct2_int8_one_worker": "(c) int8, 1 worker",
        "ct2_float32": "(c') briefgen ct2 float32",
    }
    for m in results["models"]:
        for label, title in names.items():
            r = m[label]
            if "error" in r:
                lines.append(f"{m['model']:<20} {title:<26} failed: {r['error'].splitlines()[-1]}")
                continue
            speed = r.get("speedup_vs_baseline", 1.0 if label == "baseline" else None)
            lines.append(
                f"{m['model']:<20} {title:<26} {fmt(r['articles_per_min']):>8} "
                f"{fmt(speed, '.2f'):>7} {fmt(r['peak_mb'], '.0f'):>8} "
                f"{fmt(r['first_summary_s']):>10} {fmt(r['load_s']):>7} "
                f"{fmt(r['generate_calls'], 'd'):>9} {layout(r):>8}"
            )
        conv = m["conversion"]
        if not conv.get("converted"):
            lines.append(f"{m['model']:<20} {'(d) ct2 int8 conversion':<26} cached")
        else:
            lines.append(
                f"{m['model']:<20} {'(d) ct2 int8 conversion':<26} {'':>8} {'':>7} "
                f"{fmt(conv['peak_mb'], '.0f'):>8} {'':>10} {fmt(conv['load_s']):>7}"
            )
        for quant in ("int8", "float32"):
            a = m.get(f"ct2_{quant}_vs_transformers")
            if a:
                lines.append(
                    f"{'':<20} ct2 {quant} vs transformers: token agreement "
                    f"{a['token_agreement']:.1%}, identical outputs "
                    f"{a['identical_outputs']:.0%} (random weights, beams)"
                )
    if results.get("tiny"):
        for key, a in results["tiny"].items():
            if isinstance(a, dict):
                lines.append(
                    f"{key:<20} greedy vs transformers: token agreement "
                    f"{a['token_agreement']:.1%}, identical outputs {a['identical_outputs']:.0%}"
                )
    if results.get("scaling"):
        s = results["scaling"]
        lines.append(f"scaling, {s['model']} {s['engine']}:")
        for row in s["rows"]:
            if "error" in row:
                lines.append(f"  {row['articles']:>4} articles: failed")
                continue
            lines.append(
                f"  {row['articles']:>4} articles {row['input_tokens']:>7} input tokens "
                f"{row['run_s']:>7.1f} s  {row['s_per_1k_input_tokens']:.2f} s/1k tokens  "
                f"{row['s_per_generated_summary']:.2f} s/generation  peak {row['peak_mb']:.0f} MB"
            )
    h = results["help"]
    lines.append(
        f"briefgen --help: best {h['best_s']:.3f} s of 5, imports torch: {h['imports_torch']}"
    )
    lines.append(f"OMP_WAIT_POLICY for every engine: {results['machine']['OMP_WAIT_POLICY']!r}")
    lines.append("targets: " + ", ".join(f"{k}: {v}" for k, v in results["targets"].items()))
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in results["models"]:
        speed = m["ct2_int8"].get("speedup_vs_baseline")
        out[f"{m['model']} ct2 int8 >= {TARGET_SPEEDUP:g}x baseline"] = (
            None if speed is None else speed >= TARGET_SPEEDUP
        )
        if m["model"].startswith("distilbart"):
            peak = m["ct2_int8"].get("peak_mb")
            out[f"{m['model']} ct2 peak < {TARGET_PEAK_MB:g} MB"] = (
                None if peak is None else peak < TARGET_PEAK_MB
            )
    out[f"--help < {TARGET_HELP_S} s"] = results["help"]["best_s"] < TARGET_HELP_S
    out["--help does not import torch"] = not results["help"]["imports_torch"]
    return out


def write_report(results: dict[str, Any], text: str, out: Path) -> None:
    """Print a benchmark's table and total time, and write its results as JSON to ``out``."""
    print()
    print(text)
    print(f"total {results['total_s']:.0f} s; written to {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=int, default=50, help="articles per engine (50)")
    parser.add_argument("--models", default="distilbart-cnn-12-6,t5-small")
    parser.add_argument("--tokens", type=int, default=60, help="new tokens per summary (60)")
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=0, help="CTranslate2 cores, as --threads (0: all)"
    )
    parser.add_argument(
        "--scaling",
        default="10,50,200",
        help="article counts for the scaling run, '' to skip (10,50,200)",
    )
    parser.add_argument("--scaling-model", default="distilbart-cnn-12-6")
    parser.add_argument("--quick", action="store_true", help="3 articles, t5-small only")
    parser.add_argument(
        "--fresh-conversion",
        action="store_true",
        help="time a conversion into an empty cache even when one is cached",
    )
    parser.add_argument("--no-tiny", action="store_true", help="skip the tiny-model parity")
    parser.add_argument(
        "--no-peers",
        action="store_true",
        help="skip benchmarks/peers.py (ONNX Runtime and OpenVINO side by side), run last",
    )
    parser.add_argument(
        "--omp-wait-policy",
        choices=["passive", "inherit"],
        default="passive",
        help="OMP_WAIT_POLICY for every worker: PASSIVE (default; on a busy machine "
        "spinning OpenMP threads slow torch down several times) or inherit this shell's",
    )
    parser.add_argument("--cache-dir", type=Path, default=default_cache())
    parser.add_argument("--out", type=Path, default=RESULTS / "speed.json")
    args = parser.parse_args()

    if args.worker:
        spec = json.loads(args.worker)
        print(MARK + json.dumps(worker(spec)), flush=True)
        return 0

    if args.quick:
        args.articles, args.models = 3, "t5-small"
        args.scaling, args.scaling_model = "5,10,20", "t5-small"
    args.scaling = [int(n) for n in str(args.scaling).split(",") if n.strip()]
    OMP_POLICY["value"] = "PASSIVE" if args.omp_wait_policy == "passive" else ""
    if not ARTICLES.is_dir() or not MODELS.is_dir():
        print(f"needs {ARTICLES} and {MODELS} (../shared beside the checkout)", file=sys.stderr)
        return 1
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {
            "cpus_available": len(os.sched_getaffinity(0)),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_start": os.getloadavg(),
            "OMP_WAIT_POLICY": OMP_POLICY["value"] or os.environ.get("OMP_WAIT_POLICY", ""),
        },
        "versions": versions(),
        "settings": {
            "articles": args.articles,
            "tokens": args.tokens,
            "batch_size": args.batch_size,
            "threads": args.threads,
        },
        "help": help_timing(),
        "models": [bench_model(m.strip(), args, args.cache_dir) for m in args.models.split(",")],
    }
    if not args.no_tiny:
        with tempfile.TemporaryDirectory() as tmp:
            print("[tiny models] greedy parity", flush=True)
            results["tiny"] = measure({"kind": "tiny", "articles": [], "tokens": 0, "tmp": tmp})
    if args.scaling:
        results["scaling"] = bench_scaling(args, args.cache_dir)
    results["machine"]["load_average_end"] = os.getloadavg()
    results["total_s"] = time.perf_counter() - started
    results["targets"] = targets(results)
    write_report(results, table(results), args.out)
    failed = any("error" in m[k] for m in results["models"] for k in ("baseline", "engine"))
    if not args.no_peers and not args.quick:
        print("\nbenchmarks/peers.py --setup: the peers side by side", flush=True)
        peers = [sys.executable, str(Path(__file__).with_name("peers.py")), "--setup"]
        subprocess.run([*peers, "--cache-dir", str(args.cache_dir)], check=False, cwd=ROOT)
    return 1 if failed or "error" in results.get("tiny", {}) else 0


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("torch", "transformers", "ctranslate2", "tokenizers"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


if __name__ == "__main__":
    sys.exit(main())
