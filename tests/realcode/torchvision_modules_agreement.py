#!/usr/bin/env python3
# Real-code agreement, one level down: every torchvision-defined nn.Module class that appears inside a public
# builder's model, traced on its own by real torch.fx, against fxlint's verdict of that same instance
# (fxlint traces each module inside a builder's model with the constructor arguments the builder gave it).
"""fxlint vs real torch.fx on the modules inside torchvision's models.

  torchvision_modules_agreement.py --fxlint BINARY [--report PATH] [--jobs N] [--timeout S] [--builders A,B]

Each builder is built with weights=None in its own forked process (as torchvision_agreement.py does); each
module of `model.named_modules()` whose class torchvision defines is traced with a vanilla
`torch.fx.symbolic_trace(module)` as built (training mode). Vanilla tracing makes every forward parameter
a Proxy, so no example input is needed. Modules are deduplicated by class and constructor configuration
(the module's repr, which prints its constructor arguments and children, plus its plain attributes): one
row per distinct (class, configuration), judged at its first occurrence (builder, module path).

fxlint is run once on the installed torchvision with --submodules, which adds to each builder's verdict
the verdicts of the modules inside the built model by module path.

Exits 1 when the comparison could not be made, or when a --require-* threshold (the issue's goals, which
CTest passes) is missed for the per-class figures; without those options it only reports.
"""
import argparse
import collections
import hashlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import torchvision_agreement as builders_check  # noqa: E402 - the sibling harness, shared machinery

PLAIN_TYPES = (bool, int, float, str, type(None))


def configuration(module):
    """A module's constructor configuration, as far as the instance shows it."""
    plain = {name: value for name, value in vars(module).items()
             if not name.startswith("_") and name != "training"
             and (isinstance(value, PLAIN_TYPES) or
                  (isinstance(value, (tuple, list)) and all(isinstance(v, PLAIN_TYPES) for v in value)))}
    text = repr(module) + repr(sorted(plain.items(), key=lambda item: item[0]))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def trace_inner_modules(builder, package_dir):
    """The builder's row with one entry per distinct torchvision-defined inner module. Runs in a forked child."""
    row, model = builders_check.build_model(builder)
    if model is None:
        return row
    modules = {}
    for path, module in model.named_modules():
        cls = type(module)
        if not path or not cls.__module__.startswith("torchvision."):
            continue
        key = f"{cls.__module__}.{cls.__qualname__}:{configuration(module)}"
        if key in modules:
            modules[key]["paths"].append(path)
            continue
        modules[key] = {"paths": [path], "class": cls.__name__, "class_module": cls.__module__, "key": key,
                        "real": builders_check.trace_outcome(module, package_dir)}
    row["modules"] = list(modules.values())
    return row


def fxlint_submodules(document):
    """{(builder file, builder function): {module path: entry}} from a --submodules run."""
    found = {}
    for entry in document.get("factories", []):
        paths = {inner["path"]: inner for inner in entry.get("submodules", [])}
        found.setdefault((os.path.realpath(entry["file"]), entry["name"]), paths)
    return found


def judge_rows(rows, document, package_dir):
    """One judged entry per distinct (class, configuration): at its first occurrence (builder, module path)
    that fxlint reports, else at its first occurrence (then `missing`). Every occurrence of a key is the
    same class built with the same configuration, so real torch.fx treats them alike."""
    by_builder = fxlint_submodules(document)
    occurrences = collections.defaultdict(list)  # key -> [(row, module, path)]
    for row in rows:
        if "skipped" not in row:
            for module in row["modules"]:
                occurrences[module["key"]] += [(row, module, path) for path in module["paths"]]
    judged, indexes = [], {}
    for found in occurrences.values():
        reported = [(row, module, path) for row, module, path in found
                    if path in by_builder.get((row["builder_file"], row["builder_function"]), {})]
        row, module, path = (reported or found)[0]
        entry = by_builder.get((row["builder_file"], row["builder_function"]), {}).get(path)
        side, failure = builders_check.fxlint_side(entry)
        unknown_cause = builders_check.classify_unknown(entry, indexes, package_dir) if side == "unknown" else None
        result = builders_check.judge(module["real"], side, failure, unknown_cause, package_dir)
        judged.append({"key": module["key"], "class": module["class"], "class_module": module["class_module"],
                       "builder": row["builder"], "path": path, "occurrences": len(found), "real": module["real"],
                       "fxlint": entry["verdict"] if entry else "missing", "fxlint_failure": failure, **result})
    return judged


def per_class(judged):
    """One judged entry per class: its first (class, configuration) that fxlint reports, else its first."""
    chosen = {}
    for item in judged:
        name = f"{item['class_module']}.{item['class']}"
        if name not in chosen or (chosen[name]["fxlint"] == "missing" and item["fxlint"] != "missing"):
            chosen[name] = item
    return list(chosen.values())


def summarize(judged):
    real_fails = sum(item["real"]["outcome"] == "fails" for item in judged)
    both_fail = [item for item in judged if item["line_match"] is not None]
    same_line = sum(bool(item["line_match"]) for item in both_fail)
    agree = sum(item["agree"] for item in judged)
    return {"compared": len(judged), "real_traces": len(judged) - real_fails, "real_fails": real_fails,
            "agree": agree, "agreement_percent": builders_check.percent(agree, len(judged)),
            "both_fail": len(both_fail), "first_line_match": same_line,
            "first_line_match_percent": builders_check.percent(same_line, len(both_fail)),
            "first_line_match_of_real_fails_percent": builders_check.percent(same_line, real_fails),
            "fxlint_verdicts": dict(collections.Counter(item["fxlint"] for item in judged).most_common()),
            "causes": dict(collections.Counter(item["cause"]["category"] for item in judged
                                               if item["cause"]).most_common())}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", required=True, help="the fxlint binary")
    parser.add_argument("--report", help="write the JSON report here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="builders traced in parallel")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per builder (build + traces)")
    parser.add_argument("--fxlint-timeout", type=int, default=600, help="seconds for the one fxlint run")
    parser.add_argument("--builders", help="comma-separated subset of builders (default: all)")
    builders_check.add_goal_options(parser)
    args = parser.parse_args()

    package_dir = builders_check.torchvision_dir()
    document, problem, fxlint_seconds = builders_check.run_fxlint(args.fxlint, package_dir, args.fxlint_timeout,
                                                                   ["--submodules"])
    print(f"fxlint verdicts --submodules on {package_dir}: {fxlint_seconds}s" + (f" -- {problem}" if problem else ""))
    if document is None:
        print("no fxlint verdicts to compare with: the comparison cannot be made")
        return 1
    started = time.perf_counter()
    builders = builders_check.prepare_torch()
    if args.builders:
        builders = args.builders.split(",")
    rows = builders_check.run_real(builders, package_dir, max(1, args.jobs), args.timeout, trace_inner_modules)
    real_seconds = round(time.perf_counter() - started, 1)
    judged = judge_rows(rows, document, package_dir)
    classes = per_class(judged)
    reported = [item for item in judged if item["fxlint"] != "missing"]
    summary, class_summary, reported_summary = summarize(judged), summarize(classes), summarize(reported)

    for row in rows:
        if "skipped" in row:
            print(f"skipped {row['builder']}: {row['skipped']}")
    print(f"torchvision module classes inside {len(rows)} builders: {class_summary['compared']}; "
          f"distinct (class, configuration): {summary['compared']}, of which fxlint reports "
          f"{reported_summary['compared']} (a loop fxlint runs once builds one of its instances)")
    builders_check.print_summary("classes, each at a reported configuration", class_summary)
    builders_check.print_summary("every (class, configuration) fxlint reports", reported_summary)
    builders_check.print_summary("every (class, configuration), unreported ones disagreeing", summary)
    print(f"time: fxlint {fxlint_seconds}s; real build+trace {real_seconds}s with {args.jobs} jobs")
    print("\ncauses among reported (class, configuration)s (disagreements, plus first-line mismatches):")
    for category, count in reported_summary["causes"].items():
        print(f"  {count:4d}  {category}")
    print("\nclasses fxlint reports at no configuration:")
    for item in classes:
        if item["fxlint"] == "missing":
            print(f"  {item['class_module']}.{item['class']} ({item['builder']}: {item['path']})")
    print("\nevery disagreement and first-line mismatch among reported (class, configuration)s:")
    for item in sorted((item for item in reported if item["cause"]),
                       key=lambda item: (item["cause"]["category"], item["class"], item["builder"])):
        cause = item["cause"]
        print(f"  {item['class']} ({item['builder']}: {item['path']}): {cause['category']}: {cause['subject']}"
              + (f" at {cause['where']}" if cause["where"] else ""))
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump({"torchvision_dir": package_dir, "fxlint_seconds": fxlint_seconds, "real_seconds": real_seconds,
                       "summary": {"classes": class_summary, "reported": reported_summary, "all": summary},
                       "modules": judged}, handle, indent=2)
            handle.write("\n")
        print(f"\nreport: {args.report}")
    if builders_check.goals_missed(args, "classes", class_summary):
        return 1
    return 0 if any("skipped" not in row for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
