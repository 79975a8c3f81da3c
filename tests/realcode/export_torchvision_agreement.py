#!/usr/bin/env python3
# Real-code agreement for torch.export: torchvision's model builders, each built with random weights,
# .eval(), exported by real non-strict torch.export static and with the batch dim of its main input
# Dim.AUTO, against fxlint's `captures.export` verdict of the builder (notes/export_contract.md).
"""fxlint --capture export vs real torch.export on the installed torchvision's models.

  export_torchvision_agreement.py --fxlint BINARY [--report PATH] [--jobs N] [--timeout SECONDS]
                                  [--all | --builders A,B] [--truth-only]
                                  [--min-agreement F] [--max-wrong-exportable N] [--min-first-line F]

Builders: by default the smallest variant (fewest parameters, from the weights' metadata; ties by name) of
each builder module (torchvision.models.resnet -> resnet18, ...detection.faster_rcnn ->
fasterrcnn_mobilenet_v3_large_320_fpn), which keeps the run to a few minutes on 2 cores; --all takes every
public builder, as the FX test (torchvision_agreement.py) does. Each is built as that test builds it
(weights=None, weights_backbone=None), put in eval mode and exported in its own forked process.

Inputs: the forward parameters without a default (fxlint's export inputs), batch 2: images 2x3xSxS with S
the crop size of the builder's default weights (224, 299 for inception), video 2x3x16xSxS, segmentation
2x3x64x64, optical flow two 2x3x128x128, detection a list of two 3x64x64 images.
Configurations:
  static   torch.export.export(model, inputs, strict=False)
  dynamic  the same with dim 0 of the main (first) input Dim.AUTO; fxlint gets `--dynamic NAME:0,-RANK`
           (the batch dim in both spellings, as `fxlint export` gives it).
           Detection models take a list of images (no batch dim): they are left out of this one.
Truth: fails (export raises; line: deepest frame inside torchvision), specialized (the declared dim is an
int in the program's placeholder), exportable. An export failure on an input eager rejects too is the
harness's fault: the row is skipped and printed.
fxlint runs on the torchvision package directory, once static and once per distinct main-input name; the
builder's factory entry is compared when fxlint has one, else the class's (as the FX test does).

Exits 1 when fxlint crashed, hung, printed no JSON or does not support --capture export, or when a goal
option is missed in either configuration.
"""
import argparse
import collections
import inspect
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_common as common  # noqa: E402 - siblings, found through the path above
import torchvision_agreement as shared  # noqa: E402

CONFIGURATIONS = ("static", "dynamic")
BATCH = 2


def smallest_per_module(builders):
    """The builder with the fewest parameters (weights metadata) of each builder module, in name order."""
    import torchvision.models

    best = {}
    for builder in builders:
        module = torchvision.models.get_model_builder(builder).__module__
        weights = torchvision.models.get_model_weights(builder).DEFAULT
        key = (weights.meta.get("num_params") or float("inf"), builder)
        best[module] = min(best.get(module, key), key)
    return sorted(builder for _, builder in best.values())


def input_names(model):
    """Forward parameters without a default: the export inputs (notes/export_contract.md)."""
    parameters = list(inspect.signature(type(model).forward).parameters.values())[1:]
    return [parameter.name for parameter in parameters if parameter.default is inspect.Parameter.empty
            and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)]


def example_inputs(builder, model):
    """(names, args, is_list) of the builder's example inputs, batch BATCH."""
    import torch
    import torchvision.models

    module = torchvision.models.get_model_builder(builder).__module__
    names = input_names(model)
    generator = torch.Generator().manual_seed(0)
    if ".detection." in module:
        return names, [[torch.rand(3, 64, 64, generator=generator) for _ in range(BATCH)]], True
    if ".optical_flow." in module:
        return names, [torch.rand(BATCH, 3, 128, 128, generator=generator) for _ in names], False
    if ".segmentation." in module:
        return names, [torch.rand(BATCH, 3, 64, 64, generator=generator)], False
    crop = getattr(torchvision.models.get_model_weights(builder).DEFAULT.transforms(), "crop_size", None) or [224]
    size = crop[0]
    if ".video." in module:
        return names, [torch.rand(BATCH, 3, 16, size, size, generator=generator)], False
    return names, [torch.rand(BATCH, 3, size, size, generator=generator)], False


def shape_text(value):
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(shape_text(item) for item in value) + "]"
    return "x".join(str(dim) for dim in value.shape)


def build_and_export(builder, package_dir):
    """Builds one model and exports it in both configurations; returns its row. Runs in a forked child."""
    import torch

    common.silence_child()
    row, model = shared.build_model(builder)
    row["key"] = builder
    if model is None:
        return row
    model.eval()
    names, args, is_list = example_inputs(builder, model)
    row["inputs"] = {name: shape_text(value) for name, value in zip(names, args)}
    row["dynamic_input"] = None if is_list else names[0]

    def eager():
        model(*args)

    row["real"] = {"static": common.export_outcome(model, args, None, None, [], package_dir, eager)}
    if is_list:
        row["dynamic_skipped"] = f"main input `{names[0]}` is a list of images: no batch dim"
    else:
        dynamic = ({0: torch.export.Dim.AUTO},) + (None,) * (len(args) - 1)
        row["real"]["dynamic"] = common.export_outcome(model, args, None, dynamic, [(0, 0)], package_dir, eager)
    return row


def prepare():
    builders = shared.prepare_torch()
    import logging

    # torch.export logs its own failures and the specializations of Dim.AUTO: noise in the table.
    for name in ("torch.export", "torch._export", "torch._dynamo", "torch.fx.experimental.symbolic_shapes",
                 "torch._subclasses.fake_tensor", "torch._functorch"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return builders


def real_text(real, package_dir):
    if real is None:
        return "-"
    if "input_rejected" in real:
        return "input rejected"
    if real["outcome"] == "fails":
        return f"fails {common.where(real.get('failure') or real.get('raised_in'), package_dir)}"
    return real["outcome"]


def fxlint_text(fxlint, package_dir):
    if fxlint is None:
        return "-"
    return fxlint["verdict"] + (f" {common.where(fxlint['failure'], package_dir)}"
                                if fxlint["verdict"] == "fails" else "")


def print_table(rows, package_dir, with_fxlint):
    header = ["builder", "inputs"]
    for name in CONFIGURATIONS:
        header += [f"real {name}"] + ([f"fxlint {name}", "match"] if with_fxlint else [])
    table = [header]
    for row in rows:
        if "skipped" in row:
            continue
        line = [row["builder"], " ".join(f"{name}={shape}" for name, shape in row["inputs"].items())]
        for name in CONFIGURATIONS:
            line.append(real_text(row["real"].get(name), package_dir))
            if with_fxlint:
                result = row.get("judged", {}).get(name)
                match = "-" if result is None else ("yes" if result["agree"] else "no") + \
                    ("" if result["line_match"] is None else "+line" if result["line_match"] else "-line")
                line += [fxlint_text(row.get("fxlint", {}).get(name), package_dir), match]
        table.append(line)
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


def dynamic_key(row):
    """The fxlint run a row's dynamic configuration is read from: one per main input name and rank."""
    name = row["dynamic_input"]
    return ("dynamic", name, row["inputs"][name].count("x") + 1)


def compare(rows, documents, package_dir):
    """documents: {configuration or (configuration, input name): document}."""
    for row in rows:
        if "skipped" in row:
            continue
        for name in CONFIGURATIONS:
            real = row["real"].get(name)
            if real is None or "input_rejected" in real:
                continue
            document = documents["static"] if name == "static" else documents[dynamic_key(row)]
            classes, factories = document["_index"]
            entry = factories.get((row["builder_file"], row["builder_function"]))
            row.setdefault("fxlint_entry", "builder" if entry else "class")
            if entry is None:
                entry = classes.get((row["class_file"], row["class"]))
            side = common.export_side(entry)
            row.setdefault("fxlint", {})[name] = side
            row.setdefault("judged", {})[name] = common.judge(real, side, package_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", required=True, help="the fxlint binary")
    parser.add_argument("--report", help="write the JSON report here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="builders exported in parallel")
    parser.add_argument("--timeout", type=int, default=180, help="seconds per builder (build + both exports)")
    parser.add_argument("--fxlint-timeout", type=int, default=600, help="seconds per fxlint run")
    selection = parser.add_mutually_exclusive_group()
    selection.add_argument("--all", action="store_true", help="every public builder (slow: ~20 min)")
    selection.add_argument("--builders", help="comma-separated builders (default: smallest of each module)")
    common.add_goal_options(parser)
    args = parser.parse_args()

    package_dir = shared.torchvision_dir()
    started = time.perf_counter()
    every = prepare()
    if args.builders:
        builders, chosen = args.builders.split(","), "as given by --builders"
    elif args.all:
        builders, chosen = every, "every public builder (--all)"
    else:
        builders = smallest_per_module(every)
        chosen = (f"subset: the smallest variant (fewest parameters) of each builder module, {len(builders)} of "
                  f"{len(every)} builders (--all for every one)")
    print(f"builders: {chosen}")
    rows = shared.run_real(builders, package_dir, max(1, args.jobs), args.timeout, build_and_export)
    for row in rows:
        row.setdefault("key", row["builder"])
    real_seconds = round(time.perf_counter() - started, 1)
    counts = common.truth_counts([row for row in rows if "skipped" not in row], CONFIGURATIONS)

    documents, fxlint_seconds, problem = {}, {}, None
    if not args.truth_only:
        runs = {"static": []}
        # The batch dim in both spellings (x:0 is x.shape[-4] of a rank-4 input), as `fxlint export` gives
        # it: negative indices then match exactly.
        for key in sorted({dynamic_key(row) for row in rows if row.get("dynamic_input") and "skipped" not in row}):
            runs[key] = ["--dynamic", f"{key[1]}:0,-{key[2]}"]
        for key, options in runs.items():
            label = key if isinstance(key, str) else f"dynamic {key[1]}:0,-{key[2]}"
            document, problem, fxlint_seconds[label] = common.run_fxlint(args.fxlint, options, [package_dir],
                                                                         args.fxlint_timeout)
            print(f"fxlint verdicts --capture export [{label}] on {package_dir}: {fxlint_seconds[label]}s"
                  + (f" -- {problem}" if problem else ""))
            if document is None:
                break
            document["_index"] = common.entry_index(document)
            documents[key] = document
        if problem is None:
            compare(rows, documents, package_dir)

    print_table(rows, package_dir, with_fxlint=bool(documents) and problem is None)
    print()
    for row in rows:
        if "skipped" in row:
            print(f"skipped {row['builder']}: {row['skipped']}")
        for name, real in row.get("real", {}).items():
            if "input_rejected" in real:
                print(f"skipped {row['builder']} [{name}]: eager rejects the harness's input too: "
                      f"{real['input_rejected']}")
        if row.get("dynamic_skipped"):
            print(f"not in [dynamic]: {row['builder']}: {row['dynamic_skipped']}")
    print(f"builders: {len(rows)} ({sum('skipped' not in row for row in rows)} built); {chosen}")
    common.print_truth("torchvision", counts, real_seconds)
    exceptions = collections.Counter(real["exception"] for row in rows for real in row.get("real", {}).values()
                                     if real["outcome"] == "fails" and "input_rejected" not in real)
    if exceptions:
        print("real export exceptions: " + ", ".join(f"{name} {count}" for name, count in exceptions.most_common()))

    report = {"torchvision_dir": package_dir, "fxlint": os.path.abspath(args.fxlint), "selection": chosen,
              "real_seconds": real_seconds, "fxlint_seconds": fxlint_seconds, "truth": counts, "rows": rows}
    if args.truth_only:
        if args.report:
            common.write_report(args.report, report)
        return 0
    if problem is not None:
        return common.no_comparison(problem, report, args.report)

    summaries = {name: common.summarize(rows, name) for name in CONFIGURATIONS}
    for name, summary in summaries.items():
        common.print_summary(f"torchvision {name}", summary)
    print(f"time: real build+export {real_seconds}s with {args.jobs} jobs; fxlint "
          + ", ".join(f"{label} {seconds}s" for label, seconds in fxlint_seconds.items()))
    for name in CONFIGURATIONS:
        common.print_disagreements(f"torchvision {name}", rows, name)
    report.update(summary=summaries,
                  configurations={str(key): document.get("configuration") for key, document in documents.items()},
                  fxlint_errors={str(key): document.get("errors", []) for key, document in documents.items()})
    for document in documents.values():
        document.pop("_index", None)
    if args.report:
        common.write_report(args.report, report)
    missed = [common.goals_missed(args, f"torchvision {name}", summary) for name, summary in summaries.items()]
    return 1 if any(missed) else 0


if __name__ == "__main__":
    sys.exit(main())
