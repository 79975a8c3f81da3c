#!/usr/bin/env python3
# Measurement (not a CTest test): fxlint's `captures.export` verdict against real non-strict torch.export on
# a deterministic sample of the installed transformers' base models (`XxxModel` of each model family),
# each built from its default config with random weights and fed its main input only.
"""fxlint --capture export vs real torch.export on a sample of transformers base models.

  export_transformers_corpus.py --fxlint BINARY [--report PATH] [--limit N] [--jobs N] [--timeout S]
                                [--truth-only] [--min-agreement F] [--max-wrong-exportable N]
                                [--min-first-line F]

Models: the base model of each family, as transformers' MODEL_MAPPING_NAMES names it (model types that are a
models/<type>/ directory, class names ending in `Model`), sorted by model type; --limit N (default 60) takes
N of them evenly spaced over that list. Each is imported, built and exported in its own forked process
(export_common / torchvision_agreement helpers), never from the hub (HF_HUB_OFFLINE=1), random weights,
eval mode. Config shrinks (printed per model): every layer count (num_hidden_layers, num_layers,
encoder_layers, ...) above 2 -> 2, in the config and its sub-configs; FFN widths above 1024 -> 1024, experts
above 4 -> 4 and vocab above 1024 -> 1024 (only when every *_token_id fits) for speed. When the shrunk
config cannot be built, the layers-only shrink is used.

Main input, found from forward's parameters: `input_ids` (2 x 16 int64 in [0, min(vocab, 100))) when forward
takes it, else `pixel_values` (2 x C x S x S from the config or its vision_config). Others are skipped.

Configurations:
  static  torch.export.export(model, (), {MAIN: x}, strict=False); fxlint --inputs MAIN
  batch   dynamic_shapes={MAIN: {0: Dim.AUTO}};            fxlint --inputs MAIN --dynamic MAIN:0,-RANK
  both    (input_ids only) {0: Dim.AUTO, 1: Dim.AUTO};     fxlint --inputs input_ids --dynamic input_ids:0,1,-2,-1
Truth per configuration:
  fails        export raises (line: deepest traceback frame inside transformers). When eager raises on the
               same input too, the row still counts as `fails` (the export really raises) and is marked
               `eager_raises` (fxlint must find the raise as for any other failure).
  specialized  a declared dim is a plain int in the program's placeholder, or ep.module() raises on / disagrees
               with eager on a batch-3 input (3 x 16; 3 x 12 for `both`) that eager accepts.
  exportable   otherwise (static: ep.module() agrees with eager on the export input).
"""
import argparse
import collections
import glob
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_common as common  # noqa: E402 - siblings, found through the path above
import hf_image_classification as hf  # noqa: E402
import torchvision_agreement as shared  # noqa: E402

os.environ["HF_HUB_OFFLINE"] = "1"

TEXT, VISION = "input_ids", "pixel_values"
BATCH, SEQUENCE = 2, 16
LAYER_LIMIT = 2
LAYER_KEYS = ("num_hidden_layers", "num_layers", "encoder_layers", "decoder_layers", "num_decoder_layers",
              "n_layer", "n_layers", "num_encoder_layers")
FFN_KEYS = ("intermediate_size", "ffn_dim", "d_ff", "encoder_ffn_dim", "decoder_ffn_dim", "moe_intermediate_size",
            "shared_expert_intermediate_size", "n_inner")
FFN_LIMIT = 1024
EXPERT_KEYS = ("num_experts", "num_local_experts", "n_routed_experts", "moe_num_experts")
EXPERT_LIMIT = 4
VOCAB_LIMIT = 1024
# configuration -> (declared dims of input_ids, of pixel_values); None: configuration not run for that input
CONFIGURATIONS = ("static", "batch", "both")
DECLARED = {"static": {TEXT: [], VISION: []}, "batch": {TEXT: [0], VISION: [0]}, "both": {TEXT: [0, 1], VISION: None}}
CANDIDATES = {}


# --- selection ----------------------------------------------------------------------------------------

def discover(package_dir):
    """Base model of every family: (model_type, class) of MODEL_MAPPING_NAMES whose type is a models/
    directory and whose class name ends in Model, with the modeling file defining it; sorted by type."""
    from transformers.models.auto.modeling_auto import MODEL_MAPPING_NAMES

    found = []
    for model_type, name in sorted(MODEL_MAPPING_NAMES.items()):
        if not isinstance(name, str) or not name.endswith("Model"):
            continue
        directory = os.path.join(package_dir, "models", model_type.replace("-", "_"))
        if not os.path.isdir(directory):
            continue
        pattern = re.compile(rf"^class {re.escape(name)}\(", re.MULTILINE)
        for path in sorted(glob.glob(os.path.join(directory, "modeling_*.py"))):
            with open(path, encoding="utf-8") as handle:
                source = handle.read()
            match = pattern.search(source)
            if match:
                found.append({"class": name, "model_type": model_type, "file": os.path.realpath(path),
                              "line": source.count("\n", 0, match.start()) + 1,
                              "module": f"transformers.models.{os.path.basename(directory)}."
                                        f"{os.path.basename(path)[:-3]}"})
                break
    return found


def sample(found, limit):
    """`limit` entries evenly spaced over the sorted list (all of them when limit >= len)."""
    if limit is None or limit >= len(found):
        return list(found)
    step = len(found) / limit
    return [found[int(index * step)] for index in range(limit)]


# --- building -----------------------------------------------------------------------------------------

def sub_configs(config, prefix=""):
    from transformers import PreTrainedConfig

    yield prefix, config
    for name, value in list(vars(config).items()):
        if isinstance(value, PreTrainedConfig):
            yield from sub_configs(value, f"{prefix}{name}.")


def shrink(config, changes, speed):
    for prefix, source in sub_configs(config):
        keys = LAYER_KEYS + ((FFN_KEYS + EXPERT_KEYS) if speed else ())
        for key in keys:
            value = getattr(source, key, None)
            limit = LAYER_LIMIT if key in LAYER_KEYS else FFN_LIMIT if key in FFN_KEYS else EXPERT_LIMIT
            if isinstance(value, int) and not isinstance(value, bool) and value > limit:
                setattr(source, key, limit)
                changes.append(f"{prefix}{key} {value} -> {limit}")
        if speed:
            for key in ("num_experts_per_tok", "top_k", "moe_topk"):
                value = getattr(source, key, None)
                if isinstance(value, int) and not isinstance(value, bool) and value > 2 and any(
                        getattr(source, name, None) == EXPERT_LIMIT for name in EXPERT_KEYS):
                    setattr(source, key, 2)
                    changes.append(f"{prefix}{key} {value} -> 2")
            vocab = getattr(source, "vocab_size", None)
            tokens = [value for name, value in vars(source).items()
                      if name.endswith("token_id") and isinstance(value, int)]
            if isinstance(vocab, int) and vocab > VOCAB_LIMIT and all(token < VOCAB_LIMIT for token in tokens):
                source.vocab_size = VOCAB_LIMIT
                changes.append(f"{prefix}vocab_size {vocab} -> {VOCAB_LIMIT}")


def vocab_of(config):
    for _, source in sub_configs(config):
        vocab = getattr(source, "vocab_size", None)
        if isinstance(vocab, int) and vocab > 0:
            return vocab
    return 100


def main_tensor(main, config, batch, sequence):
    import torch

    generator = torch.Generator().manual_seed(batch * 100 + sequence)
    if main == TEXT:
        return torch.randint(0, min(vocab_of(config), 100), (batch, sequence), dtype=torch.int64, generator=generator)
    channels, height, width = image_shape(config)
    return torch.rand(batch, channels, height, width, generator=generator)


def image_shape(config):
    for _, source in sub_configs(config):
        size = getattr(source, "image_size", None)
        if isinstance(size, int) or (isinstance(size, (list, tuple)) and len(size) >= 2):
            height, width = (size, size) if isinstance(size, int) else tuple(size)[:2]
            return getattr(source, "num_channels", 3), height, width
    return getattr(config, "num_channels", 3), 224, 224


def leaves(value):
    import torch
    import torch.utils._pytree as pytree

    return [leaf for leaf in pytree.tree_leaves(value) if isinstance(leaf, torch.Tensor)]


def compare_outputs(expected, got):
    """None when the tensor leaves agree, else why not."""
    import torch

    first, second = leaves(expected), leaves(got)
    if len(first) != len(second):
        return f"{len(second)} output tensors, eager gives {len(first)}"
    for index, (a, b) in enumerate(zip(first, second)):
        if a.shape != b.shape:
            return f"output {index} shape {tuple(b.shape)}, eager {tuple(a.shape)}"
        if a.is_floating_point() and not torch.allclose(a, b.to(a.dtype), rtol=1e-3, atol=1e-4, equal_nan=True):
            return f"output {index} differs by {float((a - b).abs().max()):.3g}"
        if not a.is_floating_point() and not torch.equal(a, b):
            return f"output {index} differs"
    return None


def export_one(model, config, main, name, package_dir):
    """Real outcome of one configuration (None when it does not apply to this input)."""
    import torch

    declared = DECLARED[name][main]
    if declared is None:
        return None
    x = main_tensor(main, config, BATCH, SEQUENCE)
    dynamic = {main: {dim: torch.export.Dim.AUTO for dim in declared}} if declared else None
    started = time.perf_counter()
    try:
        program = torch.export.export(model, (), kwargs={main: x}, dynamic_shapes=dynamic, strict=False)
    except Exception as error:  # noqa: BLE001 - every exception out of export is a real failure
        inside, raised_in = common.frames_of(error, package_dir)
        outcome = {"outcome": "fails", "exception": type(error).__name__, "message": common.first_line(error),
                   "failure": inside, "raised_in": raised_in, "seconds": round(time.perf_counter() - started, 2)}
        if type(error).__name__ not in common.EXPORT_ONLY_ERRORS:
            try:
                with torch.no_grad():
                    model(**{main: x})
            except Exception as eager_error:  # noqa: BLE001
                outcome["eager_raises"] = f"{type(eager_error).__name__}: {common.first_line(eager_error)}"
        return outcome
    outcome = {"outcome": "exportable", "seconds": round(time.perf_counter() - started, 2)}
    shapes = list(common.placeholder_dims(program).values())
    outcome["input_shapes"] = shapes
    plain = [dim for dim in declared if not shapes or isinstance(shapes[0][dim], int)]
    if plain:
        outcome.update(outcome="specialized", specialized_dims=plain,
                       reason=f"declared dim(s) {plain} became int: {shapes[0] if shapes else '?'}")
        return outcome
    # Run the program against eager: the export input (static) or a batch-3 input (dynamic).
    probe = x if not declared else main_tensor(main, config, 3, 12 if 1 in declared else SEQUENCE)
    try:
        with torch.no_grad():
            expected = model(**{main: probe})
    except Exception as error:  # noqa: BLE001 - eager refuses the probe: no check possible
        outcome["check"] = f"eager rejects probe {tuple(probe.shape)}: {type(error).__name__}"
        return outcome
    try:
        with torch.no_grad():
            got = program.module()(**{main: probe})
    except Exception as error:  # noqa: BLE001
        outcome.update(outcome="specialized",
                       reason=f"ep.module() raises on {tuple(probe.shape)}: {type(error).__name__}: "
                              f"{common.first_line(error)[:200]}")
        return outcome
    problem = compare_outputs(expected, got)
    outcome["check"] = f"ep.module() vs eager on {tuple(probe.shape)}: " + (problem or "agree")
    if problem:
        outcome.update(outcome="specialized", reason=f"ep.module() disagrees with eager on {tuple(probe.shape)}: "
                                                       f"{problem}")
    return outcome


def build_and_export(name, package_dir):
    """Imports, builds and exports one class in every configuration; its row. Runs in a forked child."""
    import importlib
    import inspect

    import torch

    common.silence_child()
    candidate = CANDIDATES[name]
    row = dict(candidate, key=name)
    try:
        cls = getattr(importlib.import_module(candidate["module"]), candidate["class"])
    except Exception as error:  # noqa: BLE001 - a missing optional package is a skip reason
        row["skipped"] = f"cannot import: {hf.one_line(error)}"
        return row
    if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module)):
        row["skipped"] = "not an nn.Module"
        return row
    parameters = inspect.signature(cls.forward).parameters
    main = TEXT if TEXT in parameters else VISION if VISION in parameters else None
    if main is None:
        row["skipped"] = f"forward takes neither {TEXT} nor {VISION}: {', '.join(list(parameters)[1:6])}"
        return row
    row["main"] = main
    started = time.perf_counter()
    model, errors = None, []
    for speed in (True, False):
        try:
            config = cls.config_class()
            row["config_class"] = type(config).__name__
            row["config_changes"] = []
            shrink(config, row["config_changes"], speed)
            model = cls(config)
            break
        except Exception as error:  # noqa: BLE001 - any failure to build is a skip reason, not a verdict
            errors.append(hf.one_line(error))
    if model is None:
        row["skipped"] = f"cannot build offline: {errors[-1]}"
        return row
    if errors:
        row["config_note"] = f"speed shrink not buildable ({errors[0][:120]}): layers-only shrink used"
    model.eval()
    row["build_seconds"] = round(time.perf_counter() - started, 2)
    row["inputs"] = "x".join(map(str, main_tensor(main, config, BATCH, SEQUENCE).shape))
    row["real"] = {}
    for configuration in CONFIGURATIONS:
        outcome = export_one(model, config, main, configuration, package_dir)
        if outcome is not None:
            row["real"][configuration] = outcome
    return row


# --- fxlint -------------------------------------------------------------------------------------------

def fxlint_options(main, configuration, site_packages):
    options = ["--inputs", main, "--root", site_packages]
    if configuration == "batch":
        options += ["--dynamic", f"{main}:0,-{2 if main == TEXT else 4}"]
    elif configuration == "both":
        options += ["--dynamic", f"{main}:0,1,-2,-1"]
    return options


def unknown_reason(entry):
    """Why fxlint says unknown, normalised for counting: the callee it cannot see (FX002's message), else the
    first unknown reason with its backticked code elided."""
    reasons = (entry or {}).get("unknown_reasons") or []
    if not reasons:
        return "(no unknown_reasons)"
    match = hf.UNRESOLVED_RE.match(reasons[0])
    if match:
        return f"cannot see callee `{match.group(2)}`"
    return re.sub(r"`[^`]*`", "`_`", " ".join(reasons[0].split()))[:140]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", default="/tmp/fxlint-corpus/fxlint", help="the fxlint binary")
    parser.add_argument("--report", help="write the JSON report here")
    parser.add_argument("--jobs", type=int, default=1, help="models exported in parallel")
    parser.add_argument("--limit", type=int, default=60, help="number of base models sampled (evenly spaced)")
    parser.add_argument("--timeout", type=int, default=150, help="seconds per model (import + build + exports)")
    parser.add_argument("--fxlint-timeout", type=int, default=600, help="seconds per fxlint run")
    parser.add_argument("--reuse-real", metavar="REPORT",
                        help="take the real export rows from an earlier --report instead of exporting again "
                             "(to re-measure a rebuilt fxlint in a minute)")
    common.add_goal_options(parser)
    args = parser.parse_args()

    package_dir = hf.transformers_dir()
    site_packages = os.path.dirname(package_dir)
    found = discover(package_dir)
    chosen = sample(found, args.limit)
    for candidate in chosen:
        CANDIDATES.setdefault(candidate["class"], candidate)
    print(f"base models: {len(found)} families; sampled {len(CANDIDATES)}")
    started = time.perf_counter()
    hf.prepare_torch()
    for name in ("torch.export", "torch._export", "torch._dynamo", "torch.fx.experimental.symbolic_shapes",
                 "torch._subclasses.fake_tensor", "torch._functorch"):
        import logging
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if args.reuse_real:
        with open(args.reuse_real, encoding="utf-8") as handle:
            rows = [{key: value for key, value in row.items() if key not in ("fxlint", "judged", "fxlint_entry")}
                    for row in json.load(handle)["rows"]]
        rows = [row for row in rows if row.get("key") in CANDIDATES] if args.limit else rows
    else:
        rows = shared.run_real(list(CANDIDATES), package_dir, max(1, args.jobs), args.timeout, build_and_export)
    for row in rows:
        row.setdefault("key", row.get("builder") or row.get("class"))
        if "class" not in row:  # a worker that died or timed out: only its name came back
            row.update({key: value for key, value in CANDIDATES[row["key"]].items() if key not in row})
    real_seconds = round(time.perf_counter() - started, 1)
    compared = [row for row in rows if "skipped" not in row]
    for row in rows:
        if "skipped" in row:
            print(f"skipped {row['key']}: {row['skipped'][:200]}")
        elif row.get("config_note"):
            print(f"config of {row['key']}: {row['config_note']}")
    print(f"models: {len(rows)} ({len(compared)} built, {len(rows) - len(compared)} skipped); "
          f"real import+build+export {real_seconds}s")

    report = {"transformers_dir": package_dir, "fxlint": os.path.abspath(args.fxlint), "real_seconds": real_seconds,
              "sampled": [candidate["class"] for candidate in CANDIDATES.values()], "rows": rows, "summary": {},
              "fxlint_seconds": {}}
    problems = []
    documents = {}
    if not args.truth_only:
        for configuration in CONFIGURATIONS:
            for main_input in (TEXT, VISION):
                group = [row for row in compared if row["main"] == main_input and configuration in row["real"]]
                if not group:
                    continue
                directories = sorted({os.path.dirname(row["file"]) for row in group})
                options = fxlint_options(main_input, configuration, site_packages)
                document, problem, seconds = common.run_fxlint(args.fxlint, options, directories, args.fxlint_timeout)
                report["fxlint_seconds"][f"{configuration} {main_input}"] = seconds
                print(f"fxlint [{configuration} {main_input}] {' '.join(options[:4])} on {len(directories)} "
                      f"directories: {seconds}s" + (f" -- {problem}" if problem else ""))
                if document is None:
                    problems.append(problem)
                    continue
                documents[(configuration, main_input)] = document
                classes, _ = common.entry_index(document)
                for row in group:
                    real = row["real"][configuration]
                    entry = classes.get((os.path.realpath(row["file"]), row["class"]))
                    side = common.export_side(entry)
                    if side["verdict"] == "unknown":
                        side["unknown_reasons"] = (entry or {}).get("unknown_reasons") or []
                    row.setdefault("fxlint", {})[configuration] = side
                    row.setdefault("judged", {})[configuration] = common.judge(real, side, package_dir)

    unknown = collections.Counter()
    unknown_examples = {}
    for configuration in CONFIGURATIONS:
        applicable = [row for row in compared if configuration in row["real"]]
        if not applicable:
            continue
        truth = collections.Counter(row["real"][configuration]["outcome"] for row in applicable)
        eager = sum("eager_raises" in row["real"][configuration] for row in applicable)
        label = f"corpus {configuration}"
        print(f"\n[{label}] truth ({len(applicable)} models): " +
              ", ".join(f"{verdict} {truth.get(verdict, 0)}" for verdict in common.VERDICTS) +
              f" (of the fails, eager raises too: {eager})")
        if args.truth_only or not any(configuration in row.get("judged", {}) for row in applicable):
            continue
        summary = common.summarize(rows, configuration)
        said = [row["fxlint"][configuration] for row in applicable if configuration in row.get("fxlint", {})]
        summary["unknown"] = sum(side["verdict"] in ("unknown", "missing") for side in said)
        summary["unknown_share"] = round(summary["unknown"] / len(said), 4) if said else None
        summary["wrong_exportable_detail"] = []
        common.print_summary(label, summary)
        print(f"[{label}] unknown/missing {summary['unknown']}/{len(said)} = {summary['unknown_share']}")
        for row in applicable:
            side = row.get("fxlint", {}).get(configuration)
            if side and side["verdict"] == "unknown":
                reason = unknown_reason(side)
                unknown[reason] += 1
                unknown_examples.setdefault(reason, f"{row['key']} [{configuration}]")
            result = row.get("judged", {}).get(configuration)
            if result and result["wrong_exportable"]:
                real = row["real"][configuration]
                text = real.get("reason") or (f"{real.get('exception')} at "
                                              f"{common.where(real.get('failure') or real.get('raised_in'), package_dir)}"
                                              f": {real.get('message', '')[:200]}")
                summary["wrong_exportable_detail"].append({"class": row["key"], "real": real["outcome"],
                                                           "why": text})
        if summary["wrong_exportable_detail"]:
            print(f"WRONG EXPORTABLE [{label}]:")
            for item in summary["wrong_exportable_detail"]:
                print(f"  {item['class']}: fxlint exportable; real {item['real']}: {item['why']}")
        common.print_disagreements(label, rows, configuration)
        report["summary"][configuration] = summary
    if unknown:
        print("\nmost common reasons fxlint says unknown (code: message, count, example):")
        for reason, count in unknown.most_common(10):
            print(f"  {count:3d}  {reason}  [e.g. {unknown_examples[reason]}]")
    report["unknown_reasons"] = [{"reason": reason, "count": count, "example": unknown_examples[reason]}
                                 for reason, count in unknown.most_common()]
    report["problems"] = problems
    if args.report:
        report["fxlint_errors"] = {f"{c} {m}": document.get("errors", []) for (c, m), document in documents.items()}
        common.write_report(args.report, report)
    if problems:
        return 1
    missed = [common.goals_missed(args, configuration, report["summary"][configuration])
              for configuration in report["summary"]]
    return 1 if any(missed) else 0


if __name__ == "__main__":
    sys.exit(main())
