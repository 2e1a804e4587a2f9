"""One peer measurement for ``benchmarks/peers.py``, run by a peer's own interpreter.

Usage (the driver calls it): ``PEER_VENV/bin/python benchmarks/peer_worker.py SPEC_JSON``.

It imports nothing of briefgen: each peer lives in its own virtual environment with the
transformers version it pins (``optimum-onnx`` pins an older one than briefgen's).

The tokenizer comes from ``../shared/models`` (``tokenizer_dir``): one saved by
transformers 5 does not load in transformers 4. Kinds:

* ``ort_export``: the checkpoint exported to ONNX (``ORTModelForSeq2SeqLM``, with past
  key values) and every ONNX file (encoder, decoders) quantised dynamically to int8 with
  ``ORTQuantizer`` and the ``AutoQuantizationConfig`` that fits this CPU (AVX-512 VNNI,
  else AVX2), per channel, as Optimum's docs recommend for dynamic quantisation.
* ``ov_export``: the checkpoint exported to OpenVINO IR with int8 weights
  (``OVModelForSeq2SeqLM``, ``OVWeightQuantizationConfig(bits=8)``: what
  ``optimum-cli export openvino --weight-format int8`` does).
* ``ort_run`` / ``ov_run``: summaries of the articles, forced to ``tokens`` new tokens with
  the checkpoint's beams, ``mode`` ``single`` (article by article) or ``batched`` (all
  articles sorted by token length, longest first, in batches of ``batch_size``), with
  ``threads`` intra-op threads.

Prints one line, ``@@result@@ {json}``: load time, time to first summary (imports + load +
one article), run time, peak memory (``VmHWM``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

MARK = "@@result@@ "


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def texts(paths: list[str]) -> list[str]:
    """Article bodies, as ``benchmarks/speed.py`` reads them (title line dropped)."""
    out = []
    for p in paths:
        title, _, body = Path(p).read_text(encoding="utf-8").strip().partition("\n")
        out.append(body.strip() or title)
    return out


def cpu_flags() -> set[str]:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def ort_export(model_dir: str, tokenizer_dir: str, out: str) -> dict[str, Any]:
    from optimum.onnxruntime import ORTModelForSeq2SeqLM, ORTQuantizer
    from optimum.onnxruntime.configuration import AutoQuantizationConfig
    from transformers import AutoTokenizer

    target = Path(out)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    t0 = time.perf_counter()
    model = ORTModelForSeq2SeqLM.from_pretrained(model_dir, export=True)
    model.save_pretrained(tmp / "fp32")
    AutoTokenizer.from_pretrained(tokenizer_dir).save_pretrained(tmp / "fp32")
    exported = time.perf_counter() - t0
    vnni = "avx512_vnni" in cpu_flags()
    config = (
        AutoQuantizationConfig.avx512_vnni(is_static=False, per_channel=True)
        if vnni
        else AutoQuantizationConfig.avx2(is_static=False, per_channel=True)
    )
    files = sorted(p.name for p in (tmp / "fp32").glob("*.onnx"))
    for name in files:
        quantizer = ORTQuantizer.from_pretrained(tmp / "fp32", file_name=name)
        quantizer.quantize(save_dir=tmp / "int8", quantization_config=config)
    for quantised in (tmp / "int8").glob("*_quantized.onnx"):  # the names ORTModel loads
        quantised.rename(quantised.with_name(quantised.name.replace("_quantized", "")))
    for extra in (tmp / "fp32").iterdir():  # configs and tokenizer beside the int8 files
        model_file = extra.suffix == ".onnx" or extra.name.endswith(".onnx_data")
        if not model_file and extra.is_file() and not (tmp / "int8" / extra.name).exists():
            shutil.copy(extra, tmp / "int8" / extra.name)
    shutil.rmtree(target, ignore_errors=True)
    (tmp / "int8").rename(target)
    shutil.rmtree(tmp, ignore_errors=True)
    return {
        "export_s": exported,
        "quantise_s": time.perf_counter() - t0 - exported,
        "files": sorted(p.name for p in target.glob("*.onnx")),
        "quantisation": "avx512_vnni" if vnni else "avx2",
    }


def ov_export(model_dir: str, tokenizer_dir: str, out: str) -> dict[str, Any]:
    from optimum.intel import OVModelForSeq2SeqLM, OVWeightQuantizationConfig
    from transformers import AutoTokenizer

    target = Path(out)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    t0 = time.perf_counter()
    model = OVModelForSeq2SeqLM.from_pretrained(
        model_dir, export=True, quantization_config=OVWeightQuantizationConfig(bits=8)
    )
    model.save_pretrained(tmp)
    AutoTokenizer.from_pretrained(tokenizer_dir).save_pretrained(tmp)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return {"export_s": time.perf_counter() - t0, "files": sorted(p.name for p in target.iterdir())}


def load_peer(kind: str, folder: str, threads: int) -> Any:
    if kind == "ort_run":
        import onnxruntime
        from optimum.onnxruntime import ORTModelForSeq2SeqLM

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        return ORTModelForSeq2SeqLM.from_pretrained(folder, session_options=options)
    from optimum.intel import OVModelForSeq2SeqLM

    config = {"INFERENCE_NUM_THREADS": str(threads), "PERFORMANCE_HINT": "LATENCY"}
    return OVModelForSeq2SeqLM.from_pretrained(folder, ov_config=config)


def settings(model: Any, tokens: int) -> tuple[str, dict[str, Any]]:
    """``(prefix, generate kwargs)``: the checkpoint's summarisation settings, forced length."""
    task = dict(
        (getattr(model.config, "task_specific_params", None) or {}).get("summarization", {})
    )
    prefix = task.pop("prefix", "")
    if not prefix and model.config.model_type == "t5":
        prefix = "summarize: "
    for key in ("min_length", "max_length"):
        task.pop(key, None)
    task.update(min_new_tokens=tokens, max_new_tokens=tokens)
    return prefix, task


def run(spec: dict[str, Any]) -> dict[str, Any]:
    start = time.perf_counter()
    from transformers import AutoTokenizer

    threads = int(spec["threads"])
    tok = AutoTokenizer.from_pretrained(spec["folder"])
    model = load_peer(spec["kind"], spec["folder"], threads)
    prefix, gen = settings(model, int(spec["tokens"]))
    articles = [prefix + t for t in texts(spec["articles"])]
    loaded = time.perf_counter() - start

    def summarise(batch: list[str]) -> list[str]:
        inputs = tok(batch, return_tensors="pt", padding=True, truncation=True)
        out = model.generate(**inputs, **gen)
        return list(tok.batch_decode(out, skip_special_tokens=True))

    summarise(articles[:1])
    first = time.perf_counter() - start
    t0 = time.perf_counter()
    if spec["mode"] == "single":
        outputs = [summarise([a])[0] for a in articles]
    else:
        lengths = [len(tok(a, truncation=True)["input_ids"]) for a in articles]
        order = sorted(range(len(articles)), key=lambda i: -lengths[i])
        outputs = [""] * len(articles)
        size = int(spec["batch_size"])
        for s in range(0, len(order), size):
            part = order[s : s + size]
            for i, text in zip(part, summarise([articles[i] for i in part]), strict=True):
                outputs[i] = text
    run_s = time.perf_counter() - t0
    return {
        "load_s": loaded,
        "first_summary_s": first,
        "run_s": run_s,
        "summaries": len(outputs),
        "gen": {k: v for k, v in gen.items() if isinstance(v, int | float | bool)},
    }


def main() -> int:
    spec = json.loads(sys.argv[1])
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    kind = spec["kind"]
    if kind == "ort_export":
        result = ort_export(spec["model_dir"], spec["tokenizer_dir"], spec["out"])
    elif kind == "ov_export":
        result = ov_export(spec["model_dir"], spec["tokenizer_dir"], spec["out"])
    else:
        result = run(spec)
    result["peak_mb"] = peak_mb()
    from importlib.metadata import version

    result["versions"] = {
        p: version(p)
        for p in (
            "transformers",
            "torch",
            "onnxruntime",
            "optimum-onnx",
            "openvino",
            "optimum-intel",
        )
        if _installed(p)
    }
    print(MARK + json.dumps(result), flush=True)
    return 0


def _installed(package: str) -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        version(package)
    except PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
