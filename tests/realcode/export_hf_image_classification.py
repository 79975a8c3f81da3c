#!/usr/bin/env python3
# Real-code agreement for torch.export on HuggingFace: every `*ForImageClassification` class of the
# installed transformers, built from its default config with random weights (layers shrunk as the FX test
# does), exported by real non-strict torch.export with pixel_values as the one input and its batch dim
# Dim.AUTO, against fxlint's `captures.export` verdict (notes/export_contract.md).
"""fxlint --capture export vs real torch.export on the installed transformers' image classifiers.

  export_hf_image_classification.py --fxlint BINARY [--report PATH] [--jobs N] [--limit N] [--timeout S]
                                    [--truth-only] [--min-agreement F] [--max-wrong-exportable N]
                                    [--min-first-line F]

Classes, skips and model building are those of hf_image_classification.py (the FX test): found by reading
models/*/modeling_*.py, each imported, built as `cls(cls.config_class())` with every num_hidden_layers above
2 lowered to 2, in its own forked process. The model is put in eval mode.

Configuration (the only one):
  dynamic  torch.export.export(model, (), {"pixel_values": x}, dynamic_shapes={"pixel_values": {0: Dim.AUTO}},
           strict=False) with x of 2 x num_channels x image_size x image_size (from the config or its
           vision_config; 224 when it has none); every other forward parameter at its default.
           fxlint: `--inputs pixel_values --dynamic pixel_values:0,-4`, on the compared models' directories with
           `--root <site-packages>` (as the FX test runs it).
Truth: fails (export raises; line: deepest frame inside transformers), specialized (the batch dim is an
int in the program's placeholder), exportable. An export failure on an input eager rejects too is the
harness's fault: the row is skipped and printed.

Exits 1 when fxlint crashed, hung, printed no JSON or does not support --capture export, or when a goal
option is missed.
"""
import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_common as common  # noqa: E402 - siblings, found through the path above
import hf_image_classification as hf  # noqa: E402
import torchvision_agreement as shared  # noqa: E402

os.environ["HF_HUB_OFFLINE"] = "1"

CONFIGURATIONS = ("dynamic",)
INPUT = hf.TRACED_INPUT
BATCH = 2
# Candidates by class name, set before forking: the workers look theirs up here.
CANDIDATES = {}


def image_shape(config):
    """(channels, height, width) the config describes (its vision_config's when it has one)."""
    for source in (config, getattr(config, "vision_config", None)):
        if source is None:
            continue
        size = getattr(source, "image_size", None)
        if size is not None:
            height, width = (size, size) if isinstance(size, int) else tuple(size)[:2]
            return getattr(source, "num_channels", 3), height, width
    return getattr(config, "num_channels", 3), 224, 224


def build_and_export(name, package_dir):
    """Imports, builds and exports one class; returns its row. Runs in a forked child."""
    import importlib
    import inspect

    import torch

    common.silence_child()
    candidate = CANDIDATES[name]
    row = dict(candidate, key=name)
    try:
        cls = getattr(importlib.import_module(candidate["module"]), candidate["class"])
    except Exception as error:  # noqa: BLE001 - an import failure (missing optional package) is a skip reason
        row["skipped"] = f"cannot import: {hf.one_line(error)}"
        return row
    if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module)):
        row["skipped"] = f"not an nn.Module (bases: {', '.join(base.__name__ for base in cls.__mro__[1:3])})"
        return row
    if INPUT not in inspect.signature(cls.forward).parameters:
        row["skipped"] = f"forward takes no {INPUT}"
        return row
    outcome = export_built(cls, row, package_dir, shrunk=True)
    changes = row.get("config_changes") or []
    if outcome and "input_rejected" in outcome and changes and not any("." in change for change in changes):
        # Fewer layers can break a model whose other config lists have one entry per layer or stage
        # (ConvNext's depths and hidden_sizes): then the default config is the one compared. Not for
        # composite configs (sub-configs shrunk): their default builds are the big multimodal models
        # (ShieldGemma2's Gemma-3: 13 GB, a minute), and their rejections are of the input, not of the shrink.
        row["config_note"] = (f"shrunk config rejected by eager ({outcome['input_rejected'][:120]}): "
                              "default config used")
        outcome = export_built(cls, row, package_dir, shrunk=False)
    if outcome is not None:
        row["real"] = {"dynamic": outcome}
    return row


def export_built(cls, row, package_dir, shrunk):
    """Builds the model (layers shrunk or not) and exports it; the real outcome. Fills the row's build
    fields; a build failure is the row's skip reason (the outcome is then None)."""
    import torch

    started = time.perf_counter()
    try:
        config = cls.config_class()
        row["config_class"] = type(config).__name__
        row["config_changes"] = []
        if shrunk:
            hf.shrink(config, row["config_changes"])
        model = cls(config)
    except Exception as error:  # noqa: BLE001 - any failure to build is a skip reason, not a verdict
        row["skipped"] = f"cannot build offline: {hf.one_line(error)}"
        return None
    model.eval()
    row["build_seconds"] = round(time.perf_counter() - started, 2)
    channels, height, width = image_shape(config)
    pixels = torch.rand(BATCH, channels, height, width, generator=torch.Generator().manual_seed(0))
    row["inputs"] = {INPUT: "x".join(map(str, pixels.shape))}

    def eager():
        model(**{INPUT: pixels})

    return common.export_outcome(model, (), {INPUT: pixels}, {INPUT: {0: torch.export.Dim.AUTO}}, [(0, 0)],
                                 package_dir, eager)


def prepare():
    import logging

    hf.prepare_torch()
    for name in ("torch.export", "torch._export", "torch._dynamo", "torch.fx.experimental.symbolic_shapes",
                 "torch._subclasses.fake_tensor", "torch._functorch"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def compare(rows, document):
    classes, _ = common.entry_index(document)
    base = hf.transformers_dir()
    for row in rows:
        if "skipped" in row:
            continue
        real = row["real"]["dynamic"]
        if "input_rejected" in real:
            continue
        side = common.export_side(classes.get((os.path.realpath(row["file"]), row["class"])))
        row["fxlint"] = {"dynamic": side}
        row["judged"] = {"dynamic": common.judge(real, side, base)}


def print_table(rows, package_dir):
    header = ["class", INPUT, "real", "fxlint", "match"]
    table = [header]
    for row in rows:
        if "skipped" in row:
            continue
        real = row["real"]["dynamic"]
        real_text = "input rejected" if "input_rejected" in real else real["outcome"] + (
            f" {common.where(real.get('failure') or real.get('raised_in'), package_dir)}"
            if real["outcome"] == "fails" else "")
        fxlint = row.get("fxlint", {}).get("dynamic")
        fx_text = "-" if fxlint is None else fxlint["verdict"] + (
            f" {common.where(fxlint['failure'], package_dir)}" if fxlint["verdict"] == "fails" else "")
        result = row.get("judged", {}).get("dynamic")
        match = "-" if result is None else ("yes" if result["agree"] else "no") + \
            ("" if result["line_match"] is None else "+line" if result["line_match"] else "-line")
        table.append([row["class"], row["inputs"][INPUT], real_text, fx_text, match])
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", required=True, help="the fxlint binary")
    parser.add_argument("--report", help="write the JSON report here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="models exported in parallel")
    parser.add_argument("--limit", type=int, help="only the first N classes (in path order), for quick runs")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per model (import + build + export)")
    parser.add_argument("--fxlint-timeout", type=int, default=600, help="seconds for the fxlint run")
    common.add_goal_options(parser)
    args = parser.parse_args()

    package_dir = hf.transformers_dir()
    site_packages = os.path.dirname(package_dir)
    for candidate in hf.discover(package_dir)[:args.limit]:
        CANDIDATES.setdefault(candidate["class"], candidate)
    started = time.perf_counter()
    prepare()
    rows = shared.run_real(list(CANDIDATES), package_dir, max(1, args.jobs), args.timeout, build_and_export)
    for row in rows:
        row.setdefault("key", row["builder"] if "builder" in row else row.get("class"))
        if "class" not in row:  # a worker that died or timed out: only its name came back
            row.update({key: value for key, value in CANDIDATES[row["key"]].items() if key not in row})
    real_seconds = round(time.perf_counter() - started, 1)
    compared = [row for row in rows if "skipped" not in row]
    counts = common.truth_counts(compared, CONFIGURATIONS)

    document, problem, fxlint_seconds = None, None, None
    if not args.truth_only and compared:
        directories = sorted({os.path.dirname(row["file"]) for row in compared})
        # The batch dim in both spellings (pixel_values is rank 4), as `fxlint export` gives it.
        options = ["--inputs", INPUT, "--dynamic", f"{INPUT}:0,-4", "--root", site_packages]
        document, problem, fxlint_seconds = common.run_fxlint(args.fxlint, options, directories, args.fxlint_timeout)
        print(f"fxlint verdicts --capture export [dynamic {INPUT}:0] on {len(directories)} model directories: "
              f"{fxlint_seconds}s" + (f" -- {problem}" if problem else ""))
        if document is not None:
            compare(rows, document)

    print_table(rows, package_dir)
    print()
    for row in rows:
        if "skipped" in row:
            print(f"skipped {row['key']} ({shared.relative(row['file'], package_dir)}): {row['skipped']}")
        elif "input_rejected" in row["real"]["dynamic"]:
            print(f"skipped {row['key']}: eager rejects the harness's input too: "
                  f"{row['real']['dynamic']['input_rejected']}")
    for row in compared:
        if row.get("config_changes"):
            print(f"config of {row['class']}: {row['config_class']}() with {', '.join(row['config_changes'])}")
        if row.get("config_note"):
            print(f"config of {row['class']}: {row['config_note']}")
    print(f"classes: {len(rows)} ({len(compared)} built, {len(rows) - len(compared)} skipped)")
    common.print_truth("transformers", counts, real_seconds)
    exceptions = collections.Counter(row["real"]["dynamic"]["exception"] for row in compared
                                     if row["real"]["dynamic"]["outcome"] == "fails"
                                     and "input_rejected" not in row["real"]["dynamic"])
    if exceptions:
        print("real export exceptions: " + ", ".join(f"{name} {count}" for name, count in exceptions.most_common()))

    report = {"transformers_dir": package_dir, "fxlint": os.path.abspath(args.fxlint), "real_seconds": real_seconds,
              "fxlint_seconds": fxlint_seconds, "truth": counts, "rows": rows}
    if args.truth_only or not compared:
        if args.report:
            common.write_report(args.report, report)
        return 0 if args.truth_only else 1
    if document is None:
        return common.no_comparison(problem, report, args.report)

    summary = common.summarize(rows, "dynamic")
    common.print_summary("transformers dynamic", summary)
    print(f"time: real import+build+export {real_seconds}s with {args.jobs} jobs; fxlint {fxlint_seconds}s")
    common.print_disagreements("transformers dynamic", rows, "dynamic")
    report.update(summary={"dynamic": summary}, configuration=document.get("configuration"),
                  fxlint_errors=document.get("errors", []), file_problems=document.get("file_problems", []))
    if args.report:
        common.write_report(args.report, report)
    return 1 if common.goals_missed(args, "transformers dynamic", summary) else 0


if __name__ == "__main__":
    sys.exit(main())
