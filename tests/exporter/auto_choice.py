#!/usr/bin/env python3
# Measures `fxlint export --strategy auto` (docs/exporter.md, Strategy) with a dynamic batch on the exporter's
# sample models and on the installed transformers' `*ForImageClassification` classes: how often the first
# capture auto tries is the one that works, and whether auto writes a file whenever some capture works.
# Not registered in CTest yet: the goal it checks (a file whenever some capture works) is missed on two
# models (DonutSwin, Swinv2: a false EX302 sends auto to htp, whose graph bakes the batch in); register it
# (`--subset quick --min-first-try 75`, ~6.5 min) once they pass.
"""auto_choice.py --fxlint BINARY [--subset all|quick] [--min-first-try PERCENT] [--jobs N] [--only SUBSTRING]
                [--groups samples,hf] [--report PATH] [--keep]

Models:
  samples   tests/exporter/models/*.py and a fixed set of samples/ classes (SAMPLE_MODELS below).
  hf        the `*ForImageClassification` classes tests/realcode/hf_image_classification.py finds (all, or the
            QUICK_HF list with --subset quick), built as that test builds them (default config, every
            num_hidden_layers above 2 lowered to 2, random weights, never the hub) through a generated
            wrapper file whose builder `build_model()` imports the class and its config from their defining
            modules (fxlint resolves those under `--root <site-packages>`; transformers' lazy top-level module
            it cannot follow, and then has no verdict for the builder). Input `pixel_values:2xCxSxS`, C and S
            from the (vision) config, 3 and 224 when it has none, S at most MAX_SIDE. When the shrunk config
            or the lowered side makes eager PyTorch fail, the default config is used (printed as a note).
            Skipped, with the reason: classes that are not nn.Modules, whose forward does not take
            pixel_values first (ImageGPT: input_ids; ShieldGemma2: input_ids, then pixel_values), whose
            pixel_values are not images (Siglip2: patch sequences with spatial_shapes), or that cannot be
            built offline (a missing optional package: timm, natten).
Every model is exported with `--strategy auto`, `--report` and `--dynamic <input>:0` (a dynamic batch; two
samples static, see SAMPLE_MODELS).

Per model: the first strategy auto tries, whether it worked (auto wrote the file with it), the strategy
used, whether a file was written. When auto writes nothing (and neither refused the dynamic batch, hung nor
crashed), each strategy auto did not see fail is run explicitly (`--strategy fx|export|htp`, same inputs)
to learn whether some capture works; one auto saw fail (its capture or conversion, or after the capture
its check or validation) is not run again: the explicit run is the same code path.

Figures:
  first-try share   models whose first tried strategy worked / models where auto tried a capture (a refused
                    dynamic batch tries none). Also printed over the models where some capture works.
  missed            models where some capture works but auto wrote nothing (must be 0).
Exit 1 when the first-try share is below --min-first-try, when `missed` is not 0, or when a run crashed or
hung; 0 otherwise.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(HERE, "models")
SAMPLES = os.path.join(ROOT, "samples")
REALCODE = os.path.join(ROOT, "tests", "realcode")
STRATEGIES = ("fx", "export", "htp")

# Never reach the hub: configs are built locally and weights are random (also for fxlint's Python).
os.environ["HF_HUB_OFFLINE"] = "1"

# (file, target, input name, example shape, dynamic batch). Chosen to cover every strategy auto can pick and
# every way it can be wrong: traceable under FX, FX failures torch.export handles, torch.export failures
# (data-dependent branches, numpy, a buffer's value), batch decisions fxlint refuses, the analyzer fooled.
# tests/exporter/models/ are exported as tests/exporter/exporter_test.py exports them; the two whose branch
# reads values computed with randomly initialized weights (small_gate, Dispatcher) without a dynamic batch:
# the other-size validation input would take either branch depending on the weights, run to run.
SAMPLE_MODELS = [
    (f"{MODELS}/data_dependent.py", "small_gate", "x", "2x8", False),
    (f"{MODELS}/shape_branch.py", "WidthSwitch", "x", "2x4x32x32", True),
    (f"{MODELS}/fooled.py", "Dispatcher", "x", "2x6", False),
    (f"{SAMPLES}/resnet_plain.py", "PlainResNet", "x", "2x3x32x32", True),
    (f"{SAMPLES}/hf_style_resnet.py", "ResNetStyleForImageClassification", "pixel_values", "2x3x64x64", True),
    (f"{SAMPLES}/hf_style_guarded.py", "TracingFriendlyForImageClassification", "pixel_values", "2x3x32x32", True),
    (f"{SAMPLES}/export_hazards.py", "PositiveSumBranch", "x", "4x3x5", True),
    (f"{SAMPLES}/export_hazards.py", "StaticChannelBranch", "x", "4x3x5", True),
    (f"{SAMPLES}/export_hazards.py", "MultiRowBranch", "x", "4x3x5", True),
    (f"{SAMPLES}/export_hazards.py", "NumpyPeakScale", "x", "4x3x5", True),
    (f"{SAMPLES}/control_flow.py", "BatchScaleTernary", "x", "2x3x8x8", True),
    (f"{SAMPLES}/helpers.py", "WrappedHazard", "x", "2x8", True),
    (f"{SAMPLES}/buffers.py", "BufferFlagBranch", "x", "2x8", True),
    (f"{SAMPLES}/factories.py", "LeadingTracedSize", "x", "2x4", True),
    (f"{SAMPLES}/fine.py", "LayerLoops", "x", "2x8", True),
    (f"{SAMPLES}/conversions.py", "FloatScaled", "x", "2x8", True),
]

# --subset quick (the CTest run, about half the time of all): these transformers classes only. One class per
# modeling lineage where copies behave alike (ViT for DeiT, IJepa, ViTMSN; CLIP for MetaClip2; Dinov2 for
# Dinov2WithRegisters; ConvNext for ConvNextV2), every outcome of the full run (export, fx, the refusal,
# Swin's failed ONNX conversion, Swinv2's htp pick), and the lighter of the rest.
QUICK_HF = {"ViTForImageClassification", "CLIPForImageClassification", "Dinov2ForImageClassification",
            "ConvNextForImageClassification", "SegformerForImageClassification", "PPLCNetForImageClassification",
            "ResNetForImageClassification", "MobileNetV1ForImageClassification", "MobileNetV2ForImageClassification",
            "PvtV2ForImageClassification", "SwinForImageClassification", "Swinv2ForImageClassification"}
# Largest example image side: EfficientNet's default 600 (B7 widths) takes over 4 minutes to export and
# validate, TextNet's 640 is slow too; both are convolutional, so the side does not change the graph.
MAX_SIDE = 256

# Classes whose `pixel_values` are not `batch x channels x height x width` images.
NOT_IMAGES = {"Siglip2ForImageClassification": "pixel_values are patch sequences (with pixel_attention_mask and "
                                                "spatial_shapes), not images"}


# --- the transformers models ------------------------------------------------------------------------------

def eager_problem(model, shape):
    """None when the model runs on a random input of that shape in eval mode, else the error."""
    import torch

    try:
        with torch.no_grad():
            model.eval()(torch.randn(shape))
        return None
    except Exception as error:  # noqa: BLE001 - any failure means this configuration cannot be exported
        return " ".join(f"{type(error).__name__}: {error}".split())[:200]


def hf_models(workdir, only, subset):
    """Rows for every image classification class: a generated wrapper and its input, or a skip reason."""
    sys.path.insert(0, REALCODE)
    import hf_image_classification as hf  # the FX agreement test: its class discovery and config shrinking

    import importlib
    import inspect
    import logging
    import warnings

    import torch
    import transformers
    from transformers import PreTrainedConfig

    transformers.logging.set_verbosity_error()
    logging.getLogger("transformers").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    package_dir = hf.transformers_dir()
    rows = []
    for candidate in hf.discover(package_dir):
        name = candidate["class"]
        if (only and only not in name) or (subset == "quick" and name not in QUICK_HF):
            continue
        row = {"group": "hf", "model": name}
        rows.append(row)
        try:
            cls = getattr(importlib.import_module(candidate["module"]), name)
        except Exception as error:  # noqa: BLE001 - a missing optional package is a skip reason
            row["skipped"] = f"cannot import: {hf.one_line(error)}"
            continue
        if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module)):
            row["skipped"] = "not an nn.Module"
            continue
        parameters = [p for p in inspect.signature(cls.forward).parameters if p != "self"]
        if parameters[:1] != ["pixel_values"]:
            row["skipped"] = f"forward takes {', '.join(parameters[:2])}..., not pixel_values first"
            continue
        if name in NOT_IMAGES:
            row["skipped"] = NOT_IMAGES[name]
            continue
        config = cls.config_class()
        changes = []
        hf.shrink(config, changes)
        vision = next((value for key, value in vars(config).items()
                       if key == "vision_config" and isinstance(value, PreTrainedConfig)), config)
        size = getattr(vision, "image_size", None) or 224
        size = size[0] if isinstance(size, (list, tuple)) else size
        if size > MAX_SIDE:
            row["note"] = f"image side {size} lowered to {MAX_SIDE}"
            size = MAX_SIDE
        shape = (2, getattr(vision, "num_channels", None) or 3, size, size)
        try:  # building here too: a class that cannot be built offline is skipped like the FX test skips it
            model = cls(config)
        except Exception as error:  # noqa: BLE001
            row["skipped"] = f"cannot build offline: {hf.one_line(error)}"
            continue
        if changes or "note" in row:  # a changed config or input: does eager PyTorch still run it?
            problem = eager_problem(model, shape)
            if problem and changes:
                # The FX test never runs the model; ConvNext's num_hidden_layers is its stage count, which
                # the other stage lists must match: shrunk, the model cannot run. Back to the default config.
                row["note"] = (row.get("note", "") + "; " if "note" in row else "") + \
                    f"default layers: shrunk, eager fails ({problem[:80]})"
                config, changes = cls.config_class(), []
                problem = eager_problem(cls(config), shape)
            if problem:
                row["skipped"] = f"eager PyTorch fails on {'x'.join(map(str, shape))}: {problem}"
                continue
        del model
        config_cls = type(config)
        lines = [f"# Generated by tests/exporter/auto_choice.py: {name} from its default config"
                 + (f", num_hidden_layers at most {hf.LAYER_LIMIT}." if changes else "."),
                 f"from {config_cls.__module__} import {config_cls.__name__}",
                 f"from {cls.__module__} import {name}", "", "",
                 "def build_model():", f"    config = {config_cls.__name__}()"]
        # hf.shrink records "vision_config.num_hidden_layers 12 -> 2": the path, then the change.
        lines += [f"    config.{change.split()[0]} = {hf.LAYER_LIMIT}" for change in changes]
        lines += [f"    return {name}(config)", ""]
        wrapper = os.path.join(workdir, f"wrap_{name}.py")
        with open(wrapper, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
        row.update(file=wrapper, target="build_model", input="pixel_values", shape="x".join(map(str, shape)),
                   root=os.path.dirname(package_dir), config_changes=changes)
    return rows


def sample_models(only):
    rows = []
    for file, target, name, shape, dynamic in SAMPLE_MODELS:
        if only and only not in target:
            continue
        rows.append({"group": "samples", "model": f"{os.path.basename(file)}:{target}", "file": file,
                     "target": target, "input": name, "shape": shape, "dynamic": dynamic})
    return rows


# --- fxlint export ----------------------------------------------------------------------------------------

STRATEGY_RE = re.compile(r"^fxlint export: strategy (\w+): (.*)$", re.MULTILINE)
CAPTURING_RE = re.compile(r"^fxlint export: capturing with (\w+)$", re.MULTILINE)
FAILED_RE = re.compile(r"^fxlint export: (?:misprediction: )?(?:(\S+:\d+): )?(\w+) capture failed: (.*?)"
                       r"(?:; falling back to \w+)?$", re.MULTILINE)
USED_RE = re.compile(r"^strategy: (\w+) ", re.MULTILINE)


def run_export(fxlint, row, strategy, workdir, timeout):
    """One `fxlint export`; returns what it did, read from its exit status, stdout and stderr."""
    stem = os.path.join(workdir, f"{row['group']}-{re.sub(r'[^A-Za-z0-9]+', '_', row['model'])}-{strategy}")
    output, report = stem + ".onnx", stem + ".json"
    command = [fxlint, "export", f"{row['file']}:{row['target']}", "--input", f"{row['input']}:{row['shape']}",
               "--strategy", strategy, "-o", output, "--report", report]
    if row.get("dynamic", True):
        command += ["--dynamic", f"{row['input']}:0"]
    if row.get("root"):
        command += ["--root", row["root"]]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        stderr = expired.stderr.decode(errors="replace") if isinstance(expired.stderr, bytes) else expired.stderr or ""
        last = (stderr.strip().splitlines() or [""])[-1]
        return {"strategy": strategy, "status": "hang", "problem": f"no exit within {timeout}s; last: {last}",
                "seconds": timeout, "written": False, "tried": CAPTURING_RE.findall(stderr), "used": None,
                "failed": [{"strategy": s, "where": w, "error": e} for w, s, e in FAILED_RE.findall(stderr)]}
    result = {"strategy": strategy, "exit": done.returncode, "seconds": round(time.perf_counter() - started, 1),
              "written": done.returncode == 0 and os.path.exists(output), "tried": CAPTURING_RE.findall(done.stderr),
              "failed": [{"strategy": s, "where": w, "error": e} for w, s, e in FAILED_RE.findall(done.stderr)]}
    chosen = STRATEGY_RE.search(done.stderr)
    if chosen:
        result["first"], result["reason"] = chosen.groups()
    used = USED_RE.search(done.stdout)
    result["used"] = used.group(1) if used else (result["tried"][-1] if result["tried"] else None)
    last = (done.stderr.strip().splitlines() or [""])[-1]
    if result["written"]:
        result["status"] = "written"
        with open(report, encoding="utf-8") as handle:
            verdict = json.load(handle).get("verdict", {})
        result["verdicts"] = f"{verdict.get('verdict')}/{verdict.get('export', {}).get('verdict')}"
    elif done.returncode < 0:
        result.update(status="crash", problem=f"killed by signal {-done.returncode}: {done.stderr.strip()[-300:]}")
    elif "could not be built" in last:
        result.update(status="unbuildable", problem=" ".join(done.stderr.strip().splitlines()[-2:])[:300])
    elif "refused:" in last:
        refusal = [line for line in done.stderr.splitlines() if " EX301 " in line]
        result.update(status="refused", problem=(refusal or [last])[0][:300])
    elif "every capture failed" in last:
        result.update(status="capture failed", problem=result["failed"][-1]["error"][:300] if result["failed"] else last)
    else:  # captured, then the conversion, the check or the validation failed: no fallback after a capture
        validation = [line for line in done.stdout.splitlines() if line.startswith("validation")]
        result.update(status="failed after capture", problem=(last + " | " + " | ".join(validation))[:400])
    return result


def measure(fxlint, row, workdir, timeout):
    """Auto, then the strategies auto did not try when it wrote nothing. Fills the row's verdict fields."""
    auto = run_export(fxlint, row, "auto", workdir, timeout)
    row["auto"] = auto
    row["first"] = auto["tried"][0] if auto["tried"] else None
    row["first_ok"] = bool(auto["written"] and auto["used"] == row["first"])
    row["written"] = auto["written"]
    row["final"] = auto["used"] if auto["written"] else None
    row["explicit"] = {}
    if auto["written"]:
        row["any_works"] = True
    elif auto["status"] in ("refused", "unbuildable", "hang", "crash"):
        # Every strategy refuses the same dynamic request or cannot build the model; after a hang or a
        # crash the explicit runs are not tried (a hang would cost the timeout three more times).
        row["any_works"] = False
    else:
        failed = {failure["strategy"] for failure in auto["failed"]}
        if auto["status"] == "failed after capture":
            failed.add(auto["used"])  # captured, then the conversion, check or validation failed: same again
        for strategy in STRATEGIES:
            if strategy not in failed:
                row["explicit"][strategy] = run_export(fxlint, row, strategy, workdir, timeout)
        row["any_works"] = any(result["written"] for result in row["explicit"].values())
    return row


# --- output -----------------------------------------------------------------------------------------------

def percent(part, whole):
    return round(100.0 * part / whole, 1) if whole else 100.0


def print_table(rows):
    table = [["model", "shape", "verdicts fx/export", "first", "first ok", "final", "written", "any works",
              "seconds"]]
    for row in rows:
        if "skipped" in row:
            continue
        auto = row["auto"]
        status = "yes" if row["written"] else f"no ({auto['status']})"
        works = "yes" if row["any_works"] else "no" + (f" (tried {', '.join(row['explicit'])})" if row["explicit"] else "")
        seconds = auto["seconds"] + sum(result["seconds"] for result in row["explicit"].values())
        table.append([row["model"], row["shape"] + ("" if row.get("dynamic", True) else " static"), auto.get("verdicts", "-"), row["first"] or "-",
                      "yes" if row["first_ok"] else "no", row["final"] or "-", status, works, f"{seconds:.1f}"])
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", required=True, help="the fxlint binary")
    parser.add_argument("--min-first-try", type=float, default=0.0,
                        help="fail when the first-try share (percent, of the models auto tried a capture on) is lower")
    parser.add_argument("--jobs", type=int, default=1, help="fxlint runs at once")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per fxlint run")
    parser.add_argument("--only", help="only models whose name contains this")
    parser.add_argument("--groups", default="samples,hf", help="comma-separated: samples, hf")
    parser.add_argument("--subset", choices=("all", "quick"), default="all",
                        help="transformers classes: all, or the QUICK_HF list (the CTest run)")
    parser.add_argument("--report", help="write every row as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (wrappers, ONNX files)")
    args = parser.parse_args()

    started = time.perf_counter()
    workdir = tempfile.mkdtemp(prefix="fxlint-auto-choice-")
    groups = args.groups.split(",")
    rows = (sample_models(args.only) if "samples" in groups else []) + \
        (hf_models(workdir, args.only, args.subset) if "hf" in groups else [])
    runnable = [row for row in rows if "skipped" not in row]
    print(f"{len(runnable)} models ({len(rows) - len(runnable)} skipped), {args.jobs} job(s), work dir {workdir}",
          flush=True)
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [pool.submit(measure, args.fxlint, row, workdir, args.timeout) for row in runnable]
        for future in concurrent.futures.as_completed(futures):
            row = future.result()
            print(f"  {row['model']}: first {row['first']} {'ok' if row['first_ok'] else 'FAILED'}, "
                  f"{row['auto']['status']} in {row['auto']['seconds']}s", flush=True)

    print()
    print_table(rows)
    print()
    for row in rows:
        if "skipped" in row:
            print(f"skipped {row['model']}: {row['skipped'][:200]}")
        elif "note" in row:
            print(f"note {row['model']}: {row['note']}")
    tried = [row for row in runnable if row["first"]]
    first_ok = [row for row in tried if row["first_ok"]]
    capturable = [row for row in tried if row["any_works"]]
    missed = [row for row in runnable if row["any_works"] and not row["written"]]
    broken = [row for row in runnable if row["auto"]["status"] in ("crash", "hang")
              or any(r["status"] in ("crash", "hang") for r in row["explicit"].values())]
    print("\nwhere auto's first choice failed:")
    for row in tried:
        if row["first_ok"]:
            continue
        auto = row["auto"]
        miss = next((f for f in auto["failed"] if f["strategy"] == row["first"]), None)
        why = f"{miss['where'] + ': ' if miss['where'] else ''}{miss['error']}" if miss else auto.get("problem", "")
        print(f"  {row['model']}: first {row['first']} ({auto.get('reason', '')[:160]})\n"
              f"      -> {' '.join(why.split())[:300]}\n"
              f"      final: {row['final'] or 'nothing written (' + auto['status'] + ')'}; "
              f"some capture works: {'yes' if row['any_works'] else 'no'}")
    for row in runnable:
        if not row["first"]:
            print(f"  {row['model']}: no capture tried ({row['auto']['status']}): {row['auto'].get('problem', '')[:250]}")

    share = percent(len(first_ok), len(tried))
    share_capturable = percent(len([r for r in capturable if r["first_ok"]]), len(capturable))
    seconds = round(time.perf_counter() - started, 1)
    print(f"\nfirst-try share: {len(first_ok)}/{len(tried)} = {share}% of the models auto tried a capture on "
          f"({share_capturable}% of the {len(capturable)} where some capture works); minimum {args.min_first_try}%")
    print(f"written whenever some capture works: {len(missed)} model(s) with a working capture and no file"
          + (": " + ", ".join(row["model"] for row in missed) if missed else ""))
    print(f"time: {seconds}s with {args.jobs} job(s)")
    if broken:
        print("crashed or hung: " + ", ".join(row["model"] for row in broken))
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump({"rows": rows, "first_try_percent": share, "missed": len(missed), "seconds": seconds},
                      handle, indent=2)
            handle.write("\n")
    if not args.keep:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if share < args.min_first_try or missed or broken else 0


if __name__ == "__main__":
    sys.exit(main())
