"""briefgen's CTranslate2 engine against the peers a speed-minded user would pick instead.

Usage: python benchmarks/peers.py [--articles 12] [--tokens 60] [--models a,b] [--threads 2]
                                  [--peers ort,ov] [--setup] [--no-whole] [--whole-articles 8]

Side by side, in one run, on the same random-weight checkpoints as ``benchmarks/speed.py``
(the real architectures of distilbart-cnn-12-6 and t5-small, ``../shared/models``), the
same articles (``../shared/eval/articles``, round-robin across sections), the same forced
output length (``--tokens`` new tokens, ``min_new_tokens == max_new_tokens``) and the
checkpoint's beams:

* **plain transformers**, article by article (``speed.py``'s baseline);
* **Optimum + ONNX Runtime int8** (``ORTModelForSeq2SeqLM``, encoder and both decoders
  quantised dynamically, per channel, with the ``AutoQuantizationConfig`` of this CPU);
* **OpenVINO int8** (``optimum-intel``'s ``OVModelForSeq2SeqLM``, int8 weights);
* **briefgen ``ct2`` int8** (``Ct2Engine``, its default thread layout; and one worker). It
  summarises an article longer than the input window whole, map-reduce (more generations
  than the peers, which truncate); the row "peers' inputs" gives it each article cut to
  the window as the peers see it, the same work.

Each peer at its best: article by article and batched (all articles sorted by token
length, longest first, ``--batch-size``), ``--threads`` intra-op threads (the cores here).
Each measurement runs in a fresh process of its own virtual environment (``optimum-onnx``
pins an older transformers than briefgen's): ``benchmarks/results/venvs/{ort,ov}``, made by
``--setup`` (torch pinned to the CPU wheel, 2.13.0). Exports are cached under
``--cache-dir``/peers. Reported: articles/min, peak memory (``VmHWM``), time to first
summary (imports + load + one article), ratio to the best peer row of that model.

Whole process (``--whole-articles``, 8): ``briefgen build`` (default ``auto`` engine, here
ct2 int8, ``--format md``) of real articles in a fresh process with an empty summaries cache
(the one-time conversion cached), the checkpoint's own lengths, against a fresh process
running the article-by-article transformers loop with the same lengths; wall time of each
process, measured from outside.

Prints the tables, writes ``benchmarks/results/peers.json``; reports, never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speed

ROOT = speed.ROOT
VENVS = speed.RESULTS / "venvs"
WORKER = Path(__file__).resolve().parent / "peer_worker.py"
PEERS = {
    "ort": ("Optimum ONNX Runtime int8", "optimum-onnx[onnxruntime]", "ort_export", "ort_run"),
    "ov": ("OpenVINO int8 (optimum-intel)", "optimum-intel[openvino,nncf]", "ov_export", "ov_run"),
}
TARGET_VS_PEER = 2.0
TARGET_WHOLE = 10.0


def setup(peer: str) -> str:
    """Make ``peer``'s venv when missing; '' when ready, else what went wrong."""
    python = VENVS / peer / "bin" / "python"
    if python.exists():
        return ""
    package = PEERS[peer][1]
    print(f"[setup] {peer}: venv with torch==2.13.0 and {package}", flush=True)
    steps = [
        [sys.executable, "-m", "venv", str(VENVS / peer)],
        [str(python), "-m", "pip", "install", "-q", "torch==2.13.0"],
        [str(python), "-m", "pip", "install", "-q", "torch==2.13.0", package],
    ]
    if peer == "ov":  # pip pulls a torchvision built for another torch, which breaks the
        # import of optimum.intel ("operator torchvision::nms does not exist"); not needed
        steps.append([str(python), "-m", "pip", "uninstall", "-y", "-q", "torchvision"])
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True, check=False)
        if proc.returncode:
            shutil.rmtree(VENVS / peer, ignore_errors=True)
            return (proc.stderr or proc.stdout).strip().splitlines()[-1]
    return ""


def peer_measure(peer: str, spec: dict[str, Any], timeout: float = 1800) -> dict[str, Any]:
    """``peer_worker.py`` with ``spec`` in the peer's venv, in a fresh process."""
    python = VENVS / peer / "bin" / "python"
    if not python.exists():
        return {"error": f"no venv for {peer}: run with --setup"}
    env = dict(os.environ, TOKENIZERS_PARALLELISM="false", TRANSFORMERS_VERBOSITY="error")
    env.update(OMP_WAIT_POLICY="PASSIVE", HF_HUB_OFFLINE="1")
    try:
        proc = subprocess.run(
            [str(python), str(WORKER), json.dumps(spec)],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in proc.stdout.splitlines():
        if line.startswith(speed.MARK):
            data: dict[str, Any] = json.loads(line[len(speed.MARK) :])
            return data
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
    return {"error": "\n".join(tail)}


def export(peer: str, name: str, folder: Path, cache: Path) -> tuple[Path, dict[str, Any]]:
    """``peer``'s export of model ``name`` (cached), and what the export reported."""
    target = cache / "peers" / f"{peer}-{name}"
    if target.is_dir():
        return target, {"cached": True}
    print(f"[{name}] {peer}: export and int8 quantisation (once)", flush=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    spec = {
        "kind": PEERS[peer][2],
        "model_dir": str(folder),
        "tokenizer_dir": str(speed.MODELS / name),
        "out": str(target),
    }
    return target, peer_measure(peer, spec)


def rate(res: dict[str, Any], n: int) -> dict[str, Any]:
    if "error" not in res:
        res["articles_per_min"] = speed.per_minute(res, n)
    return res


def bench_model(name: str, args: argparse.Namespace, cache: Path) -> dict[str, Any]:
    folder = speed.build_model(name, cache)
    paths = [str(p) for p in speed.article_paths(args.articles)]
    rows: dict[str, dict[str, Any]] = {}
    common = {"tokens": args.tokens, "batch_size": args.batch_size, "threads": args.threads}
    print(f"[{name}] transformers, article by article", flush=True)
    base = {**common, "kind": "baseline", "model_dir": str(folder), "articles": paths}
    rows["transformers"] = rate(speed.measure(base), len(paths))
    for peer in args.peers:
        target, exported = export(peer, name, folder, cache)
        if "error" in exported:
            rows[f"{peer}_export"] = exported
            continue
        for mode in ("single", "batched"):
            print(f"[{name}] {peer} int8, {mode}", flush=True)
            spec = {**common, "kind": PEERS[peer][3], "folder": str(target), "mode": mode}
            rows[f"{peer}_{mode}"] = rate(
                peer_measure(peer, {**spec, "articles": paths}), len(paths)
            )
    ct2_rows = [("ct2_int8", 0, False), ("ct2_int8_one_worker", 1, False)]
    ct2_rows.append(("ct2_int8_truncated", 0, True))  # the same inputs as the peers
    for label, workers, truncate in ct2_rows:
        print(f"[{name}] briefgen {label}", flush=True)
        spec = {**base, "kind": "ct2", "ct2_cache": str(cache / "ct2"), "workers": workers}
        spec["truncate"] = truncate
        res = rate(speed.measure({**spec, "quantize": "int8"}), len(paths))
        res.pop("summaries", None)
        rows[label] = res
    rows["transformers"].pop("summaries", None)
    return {"model": name, "articles": len(paths), "tokens": args.tokens, "rows": rows}


def loop_worker(spec: dict[str, Any]) -> None:
    """The article-by-article transformers loop with the checkpoint's own settings."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(spec["model_dir"])
    net = AutoModelForSeq2SeqLM.from_pretrained(spec["model_dir"]).eval()
    task = dict((net.config.task_specific_params or {}).get("summarization", {}))
    prefix = task.pop("prefix", "")
    lengths = []
    for path in spec["articles"]:
        title, _, body = Path(path).read_text(encoding="utf-8").strip().partition("\n")
        inputs = tok(prefix + (body.strip() or title), return_tensors="pt", truncation=True)
        with torch.inference_mode():
            out = net.generate(**inputs, **task)
        tok.decode(out[0], skip_special_tokens=True)
        lengths.append(int(out.shape[1]))
    print(speed.MARK + json.dumps({"output_lengths": lengths, "peak_mb": speed.peak_mb()}))


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    wall = time.perf_counter() - t0
    out: dict[str, Any] = {"wall_s": wall, "rc": proc.returncode}
    for line in proc.stdout.splitlines():
        if line.startswith(speed.MARK):
            out.update(json.loads(line[len(speed.MARK) :]))
    if proc.returncode:
        out["error"] = (proc.stderr or proc.stdout).strip().splitlines()[-1:]
    else:
        out["said"] = (proc.stdout + proc.stderr).strip().splitlines()[-1:]
    return out


def whole_process(args: argparse.Namespace, cache: Path) -> dict[str, Any]:
    name = args.whole_model
    folder = speed.build_model(name, cache)
    paths = speed.article_paths(args.whole_articles)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    env["OMP_WAIT_POLICY"] = "PASSIVE"
    results: dict[str, Any] = {"model": name, "articles": len(paths)}
    exe = Path(sys.executable).parent / "briefgen"
    for attempt in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            (work / "in").mkdir()
            for p in paths:
                shutil.copy(p, work / "in" / p.name)
            (work / "cache").mkdir()
            # the one-time conversion is kept; the summaries cache starts empty
            (work / "cache" / "ct2").symlink_to(cache / "ct2")
            benv = dict(env, BRIEFGEN_CACHE_DIR=str(work / "cache"), HOME=str(work))
            cmd = [str(exe), "build", "in", "-o", "out", "-f", "md", "--model", str(folder)]
            print(f"[whole process] briefgen build, try {attempt + 1}", flush=True)
            results[f"briefgen_{attempt}"] = timed(cmd, benv, work)
            print(f"[whole process] transformers loop, try {attempt + 1}", flush=True)
            loop = {"model_dir": str(folder), "articles": [str(p) for p in paths]}
            cmd = [sys.executable, str(Path(__file__).resolve()), "--loop", json.dumps(loop)]
            results[f"loop_{attempt}"] = timed(cmd, env, work)
    best = min(results[f"briefgen_{i}"]["wall_s"] for i in range(args.repeat))
    loop_best = min(results[f"loop_{i}"]["wall_s"] for i in range(args.repeat))
    results.update(briefgen_best_s=best, loop_best_s=loop_best, ratio=loop_best / best)
    return results


NAMES = {
    "transformers": "plain transformers, article by article",
    "ort_single": "ORT int8, article by article",
    "ort_batched": "ORT int8, batched sorted",
    "ov_single": "OpenVINO int8, article by article",
    "ov_batched": "OpenVINO int8, batched sorted",
    "ct2_int8": "briefgen ct2 int8",
    "ct2_int8_one_worker": "briefgen ct2 int8, 1 worker",
    "ct2_int8_truncated": "briefgen ct2 int8, peers' inputs",
}


def best_peer(rows: dict[str, dict[str, Any]]) -> tuple[str, float]:
    peers = [
        (label, r["articles_per_min"])
        for label, r in rows.items()
        if label.startswith(("ort_", "ov_")) and "articles_per_min" in r
    ]
    return max(peers, key=lambda p: p[1]) if peers else ("", 0.0)


def table(results: dict[str, Any]) -> str:
    lines = [
        f"{'model':<20} {'engine':<40} {'art/min':>8} {'x best peer':>11} "
        f"{'x transf.':>9} {'peak MB':>8} {'1st summ s':>10}"
    ]
    for m in results["models"]:
        rows = m["rows"]
        label_best, best = best_peer(rows)
        base = rows["transformers"].get("articles_per_min") or 0.0
        for label, r in rows.items():
            title = NAMES.get(label, label)
            if "error" in r:
                lines.append(f"{m['model']:<20} {title:<40} failed: {r['error'].splitlines()[-1]}")
                continue
            apm = r["articles_per_min"]
            lines.append(
                f"{m['model']:<20} {title:<40} {apm:>8.1f} "
                f"{speed.fmt(apm / best if best else None, '.2f'):>11} "
                f"{speed.fmt(apm / base if base else None, '.2f'):>9} "
                f"{speed.fmt(r.get('peak_mb'), '.0f'):>8} {speed.fmt(r.get('first_summary_s')):>10}"
            )
        lines.append(f"{'':<20} best peer: {NAMES.get(label_best, '—')}")
    w = results.get("whole")
    if w:
        lines.append(
            f"whole process, {w['model']}, {w['articles']} articles, own lengths: briefgen build "
            f"{w['briefgen_best_s']:.1f} s, transformers loop {w['loop_best_s']:.1f} s: "
            f"{w['ratio']:.2f}x"
        )
    lines.append("targets: " + ", ".join(f"{k}: {v}" for k, v in results["targets"].items()))
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in results["models"]:
        _, best = best_peer(m["rows"])
        ct2 = m["rows"]["ct2_int8"].get("articles_per_min")
        key = f"{m['model']} ct2 int8 >= {TARGET_VS_PEER:g}x best peer"
        out[key] = None if not (ct2 and best) else f"{ct2 / best:.2f}x"
        same = m["rows"].get("ct2_int8_truncated", {}).get("articles_per_min")
        if same and best:
            out[f"{m['model']} ct2 int8 on the peers' inputs"] = f"{same / best:.2f}x"
    if results.get("whole"):
        out[f"whole process >= {TARGET_WHOLE:g}x transformers"] = (
            f"{results['whole']['ratio']:.2f}x"
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loop", help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--tokens", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--threads", type=int, default=speed_threads())
    parser.add_argument("--models", default="distilbart-cnn-12-6,t5-small")
    parser.add_argument("--peers", default="ort,ov")
    parser.add_argument("--setup", action="store_true", help="make missing peer venvs")
    parser.add_argument("--no-whole", action="store_true", help="skip the whole-process run")
    parser.add_argument("--whole-articles", type=int, default=8)
    parser.add_argument("--whole-model", default="distilbart-cnn-12-6")
    parser.add_argument("--repeat", type=int, default=1, help="whole-process tries (best)")
    parser.add_argument("--cache-dir", type=Path, default=speed.default_cache())
    parser.add_argument("--out", type=Path, default=speed.RESULTS / "peers.json")
    args = parser.parse_args()
    if args.loop:
        loop_worker(json.loads(args.loop))
        return 0
    args.peers = [p for p in args.peers.split(",") if p]
    setup_errors = {p: setup(p) for p in args.peers} if args.setup else {}
    started = time.perf_counter()
    results: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "load_average_start": os.getloadavg(),
        "setup_errors": {p: e for p, e in setup_errors.items() if e},
        "models": [bench_model(m.strip(), args, args.cache_dir) for m in args.models.split(",")],
    }
    if not args.no_whole:
        results["whole"] = whole_process(args, args.cache_dir)
    results["load_average_end"] = os.getloadavg()
    results["total_s"] = time.perf_counter() - started
    results["targets"] = targets(results)
    speed.write_report(results, table(results), args.out)
    return 0


def speed_threads() -> int:
    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    sys.exit(main())
