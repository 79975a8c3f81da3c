# End-to-end checks of `fxlint export` (docs/exporter.md) against the real tools: the ONNX files it writes
# are read with the venv's onnx, its numbers re-checked with onnxruntime, and its module tags compared with
# torch's own `pkg.torch.onnx.name_scopes` from an independent torch.onnx.export in this process.
"""exporter_test.py CASE --fxlint BINARY   (CASE: plain_resnet, hf_style, hf_real, data_dependent,
shape_branch, fooled, user_errors)"""

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(HERE, "models")
SAMPLES = os.path.join(ROOT, "samples")
failures = []


def check(condition, message):
    print(("ok: " if condition else "FAIL: ") + message)
    if not condition:
        failures.append(message)


def line_of(path, text):
    """The line of `text` in `path`: tests find the lines they expect instead of hard-coding numbers."""
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if text in line:
                return number
    raise AssertionError(f"{text!r} not in {path}")


def export(fxlint, model, *options, expect=0):
    out = tempfile.mkdtemp(prefix="fxlint-export-")
    onnx_path, report_path = os.path.join(out, "model.onnx"), os.path.join(out, "report.json")
    command = [fxlint, "export", model, "-o", onnx_path, "--report", report_path, *options]
    done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, HF_HUB_OFFLINE="1"))
    print("$", " ".join(command), f"-> exit {done.returncode}")
    print(done.stdout.strip())
    check(done.returncode == expect, f"exit status {done.returncode} == {expect}" +
          ("" if done.returncode == expect else "\n" + done.stderr[-3000:]))
    result = {"stdout": done.stdout, "stderr": done.stderr, "dir": out, "files": sorted(os.listdir(out))}
    if done.returncode == 0:
        import onnx
        result["model"] = onnx.load(onnx_path)
        with open(report_path) as f:
            result["report"] = json.load(f)
        with open(os.path.join(out, "model.hierarchy.json")) as f:
            result["hierarchy"] = json.load(f)
        result["metadata"] = {p.key: p.value for p in result["model"].metadata_props}
    return result


def node_tags(model):
    return {node.name: json.loads(node.doc_string) for node in model.graph.node}


def check_every_op_tagged(result):
    tags = node_tags(result["model"])
    ops = {name: tag for name, tag in tags.items() if tag["attribution"] != "constant"}
    exact = [name for name, tag in ops.items() if tag["attribution"] == "exact"]
    check(len(ops) > 0 and len(exact) == len(ops), f"every op node has its exact module ({len(exact)}/{len(ops)})")
    report = result["report"]["nodes"]
    check(report["total"] == len(tags) and report["exact"] == len(exact), "the report counts the same nodes")
    in_hierarchy = sum(len(entry["nodes"]) for entry in result["hierarchy"]["modules"].values())
    check(in_hierarchy == len(ops), "hierarchy.json maps every op node to its module")


def check_validated(result, runs):
    validation = result["report"]["validation"]
    errors = [run.get("max_abs_error") for run in validation["runs"]]
    check(len(errors) == runs and all(e is not None and e <= 1e-4 for e in errors),
          f"{runs} validation run(s) within 1e-4: {errors}")


def torch_modules(model):
    """(op type, innermost module path) of every node with torch's own name_scopes."""
    pairs = []
    for node in model.graph.node:
        meta = {p.key: p.value for p in node.metadata_props}
        if "pkg.torch.onnx.name_scopes" in meta:
            scopes = ast.literal_eval(meta["pkg.torch.onnx.name_scopes"])[:-1]
            pairs.append((node.op_type, scopes[-1] if scopes else ""))
    return pairs


def check_agreement_with_torch(result, build_model, input_shape):
    """Exports the same model independently with plain torch.onnx.export and compares the modules fxlint
    tagged with the innermost scopes torch recorded, node for node as multisets of (op, module): ONNX node
    names carry global counters that differ between two exports, so names cannot pair the nodes up."""
    import collections
    import torch
    model = build_model().eval()
    auto = torch.export.Dim.AUTO
    program = torch.onnx.export(model, (), kwargs={"pixel_values": torch.randn(*input_shape)}, dynamo=True,
                                dynamic_shapes={"pixel_values": {0: auto, 2: auto, 3: auto}}, verbose=False)
    theirs = collections.Counter(torch_modules(program.model_proto))
    ours = collections.Counter((node.op_type, json.loads(node.doc_string)["module"])
                               for node in result["model"].graph.node)
    agree = sum((ours & theirs).values())
    total = sum(ours.values())
    check(sum(theirs.values()) == total, f"torch's export has as many scoped nodes ({sum(theirs.values())}/{total})")
    check(agree / max(1, total) >= 0.99, f"module agrees with torch's name_scopes on {agree}/{total} nodes")
    for (op, module), count in (ours - theirs).items():
        print(f"  differs: {count} {op} node(s) fxlint tags {module!r}")
    blocks = [(op, m) for (op, m) in theirs.elements() if ".layers." in m]
    inside = sum(min(ours[key], theirs[key]) for key in set(blocks))
    check(len(blocks) > 0 and inside == len(blocks),
          f"every encoder block's ops carry their block's path ({inside}/{len(blocks)})")


def check_refused(result, path, line):
    check(f"{path}:{line}: EX301" in result["stderr"], f"refusal cites {os.path.basename(path)}:{line} and EX301")
    check(result["files"] == [], "a refused export writes nothing")


def case_plain_resnet(fxlint):
    result = export(fxlint, f"{SAMPLES}/resnet_plain.py:PlainResNet", "--input", "x:2x3x32x32",
                    "--dynamic", "x:0,2,3")
    check(result["report"]["strategy"]["used"] == "fx" and result["metadata"]["fxlint.strategy"] == "fx",
          "auto picks fx for the traceable plain ResNet")
    check_every_op_tagged(result)
    check_validated(result, 2)
    layer_ops = [t for t in node_tags(result["model"]).values() if t["module"].startswith("layer1")]
    check(any(t["module"] == "layer1" for t in layer_ops), "the residual add is tagged with its block, layer1")


def check_hf_resnet(fxlint, file, target, init_args, channel_line, build_model, extra=()):
    shape = ["--input", "pixel_values:2x3x64x64"]
    result = export(fxlint, f"{file}:{target}", *shape, "--dynamic", "pixel_values:0,2,3", *init_args, *extra)
    used = result["report"]["strategy"]["used"]
    check(used != "fx", f"auto does not pick fx (picked {used})")
    check(f"{file}:{channel_line}" in result["report"]["strategy"]["reason"],
          f"the reason cites the num_channels line {os.path.basename(file)}:{channel_line}")
    check_validated(result, 2)
    shapes = [run["shapes"]["pixel_values"] for run in result["report"]["validation"]["runs"]]
    check(shapes[0][0] != shapes[1][0] and shapes[0][2:] != shapes[1][2:],
          f"the second input has another batch and size: {shapes}")
    check_every_op_tagged(result)
    check_agreement_with_torch(result, build_model, (2, 3, 64, 64))
    refused = export(fxlint, f"{file}:{target}", *shape, "--dynamic", "pixel_values:1", *init_args, *extra, expect=1)
    check_refused(refused, file, channel_line)


def case_hf_style(fxlint):
    sys.path.insert(0, SAMPLES)
    from hf_style_resnet import ResNetStyleForImageClassification
    file = f"{SAMPLES}/hf_style_resnet.py"
    check_hf_resnet(fxlint, file, "ResNetStyleForImageClassification", [],
                    line_of(file, "if num_channels != self.num_channels"), ResNetStyleForImageClassification)
    # The real-tensor trace's hooks, independently of torch.export's module tracking, give the same modules.
    htp = export(fxlint, f"{file}:ResNetStyleForImageClassification", "--input", "pixel_values:2x3x64x64",
                 "--strategy", "htp")
    check(htp["report"]["strategy"]["used"] == "htp", "--strategy htp is used as requested")
    check_every_op_tagged(htp)
    check_agreement_with_torch(htp, ResNetStyleForImageClassification, (2, 3, 64, 64))
    check_validated(htp, 1)


def case_hf_real(fxlint):
    import transformers
    from transformers import ResNetConfig, ResNetForImageClassification
    site = os.path.dirname(os.path.dirname(transformers.__file__))
    file = os.path.join(site, "transformers", "models", "resnet", "modeling_resnet.py")
    init = ["--init-args", json.dumps({"config": {"$class": "transformers.ResNetConfig"}})]
    check_hf_resnet(fxlint, file, "ResNetForImageClassification", init,
                    line_of(file, "if num_channels != self.num_channels"),
                    lambda: ResNetForImageClassification(ResNetConfig()), extra=("--root", site))


def case_data_dependent(fxlint):
    file = f"{MODELS}/data_dependent.py"
    specs = os.path.join(tempfile.mkdtemp(prefix="fxlint-specs-"), "specs.json")
    with open(specs, "w") as f:
        json.dump([{"name": "x", "shape": [2, 8], "dtype": "float32", "low": 0.5, "high": 1.0}], f)
    result = export(fxlint, f"{file}:small_gate", "--input-specs", specs)  # a builder, inputs from a file
    check(result["report"]["strategy"]["used"] == "htp", "auto picks htp for data-dependent control flow")
    check(result["report"]["verdict"]["verdict"] == "fails", "the builder's model has the analyzer's verdict")
    guards = json.loads(result["metadata"]["fxlint.guards"])
    line = line_of(file, "if h.sum() > 0")
    check(any(f"data_dependent.py:{line}" in g and "h.sum() > 0" in g for g in guards),
          f"the guard for line {line} is in the metadata: {guards}")
    check_every_op_tagged(result)
    check_validated(result, 1)


def case_shape_branch(fxlint):
    file = f"{MODELS}/shape_branch.py"
    line = line_of(file, "if x.shape[2] > 16")
    refused = export(fxlint, f"{file}:WidthSwitch", "--input", "x:2x4x32x32", "--dynamic", "x:2", expect=1)
    check_refused(refused, file, line)
    allowed = export(fxlint, f"{file}:WidthSwitch", "--input", "x:2x4x32x32", "--dynamic", "x:0,2",
                     "--allow-specialization")
    guards = json.loads(allowed["metadata"]["fxlint.guards"])
    check(any(g.startswith("x dim 2 == 32") and f"shape_branch.py:{line}" in g for g in guards),
          f"--allow-specialization records the guard: {guards}")
    dims = json.loads(allowed["metadata"]["fxlint.dynamic_axes"])
    check(dims == [{"input": "x", "dims": [0]}], f"dim 2 is pinned, dim 0 stays dynamic: {dims}")
    check_validated(allowed, 2)


def case_fooled(fxlint):
    file = f"{MODELS}/fooled.py"
    verdicts = subprocess.run([fxlint, "verdicts", "--inputs", "x", file], capture_output=True, text=True).stdout
    check("Dispatcher  traceable" in verdicts, "the analyzer is fooled: it predicts `traceable`")
    result = export(fxlint, f"{file}:Dispatcher", "--input", "x:2x6")
    missed = [m["strategy"] for m in result["report"]["strategy"]["mispredictions"]]
    check(missed[:1] == ["fx"], f"the fx misprediction is reported: {missed}")
    check("misprediction" in result["stderr"], "the misprediction is on stderr")
    check(result["report"]["strategy"]["used"] == "htp", "the fallback ends at htp")
    check("fxlint.mispredictions" in result["metadata"], "the misprediction is in the model's metadata")
    check_validated(result, 1)


def case_user_errors(fxlint):
    directory = tempfile.mkdtemp(prefix="fxlint-export-bad-")
    broken = os.path.join(directory, "broken_import.py")
    with open(broken, "w") as f:
        f.write("import torch\nimport no_such_module_for_fxlint\n\nclass M(torch.nn.Module):\n    pass\n")
    result = export(fxlint, f"{broken}:M", "--input", "x:2x3", expect=2)
    check("Traceback" in result["stderr"] and "no_such_module_for_fxlint" in result["stderr"],
          "an import error is reported with its Python traceback")
    check(result["files"] == [], "nothing is written")
    file = f"{MODELS}/data_dependent.py"
    result = export(fxlint, f"{file}:Gate", "--input", "x:2x8", "--init-args", '{"no_such_argument": 1}', expect=2)
    check("Traceback" in result["stderr"] and "no_such_argument" in result["stderr"],
          "a constructor error is reported with its Python traceback")
    check(result["files"] == [], "nothing is written")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case")
    parser.add_argument("--fxlint", required=True)
    args = parser.parse_args()
    globals()["case_" + args.case](args.fxlint)
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("all checks passed")


if __name__ == "__main__":
    main()
