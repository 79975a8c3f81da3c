// fxlint's command line: check, verdicts, rule, rules, version; options become RunOptions, the report
// goes to stdout or, with --output, atomically to a file.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <sstream>

#include "atomic_file.h"
#include "catalog.h"
#include "driver.h"
#include "fix_command.h"
#include "lsp/server.h"
#include "fxlint/export.h"
#include "output.h"
#include "selection.h"
#include "verdict_page.h"

namespace {

constexpr const char* kUsage = R"(usage: fxlint <command> [options] PATH...

commands:
  check PATH...      report hazards for torch.fx tracing (path:line:col: CODE message)
  verdicts PATH...   print each nn.Module class's verdict: traceable, specialized, fails, unknown
  fix PATH...        apply fixes (as `check --fix`) and print what changed (docs/fixes.md)
  report PATH... -o FILE.html
                     one self-contained HTML page: verdicts, failures with their code and call chain,
                     fixes, each model's module tree (docs/report.md); exit 0 when written
  rule CODE          print a rule's documentation
  rules              list all rules
  lsp                serve the Language Server Protocol on standard input and output
  export FILE.py:CLASS --input NAME:SHAPE -o OUT.onnx
                     ONNX export by the capture the analysis says works (`fxlint export --help`)
  version            print the version

options:
  --format FORMAT        text (default), json, sarif (SARIF 2.1.0), github (workflow annotations) or
                         html (the page `fxlint report` writes); verdicts: text, json or html
  -o, --output FILE      write the report to FILE (atomically: the old content or the whole new one)
  --inputs a,b           only these forward parameters are traced; the others are concrete at their
                         defaults (default: every parameter is traced, as symbolic_trace does)
  --leaf CLASS           treat a module class as a leaf: Name, pkg.mod.Name or pkg.* (repeatable)
  --root DIR             also resolve absolute imports from DIR (repeatable; e.g. a site-packages)
  --dynamic NAME:D,D     input dims meant to be exported dynamic: decisions on them are EX301 (repeatable)
  --param-shapes-constant  parameter shapes are real values (symbolic_trace's option)
  --tracer NAME            fx (default: plain symbolic_trace), timm (its register_notrace_* leaves) or
                           torchvision (feature extraction: torchvision.ops modules are leaves)
  --capture fx|export|all  the capture verdicts are for: torch.fx.symbolic_trace (default), non-strict
                         torch.export (inputs: the parameters without a default, or --inputs; --dynamic
                         dims under Dim.AUTO), or both (verdicts only: one verdict per capture)
  --submodules           verdicts --format json: for each model builder and class, also each module
                         inside the built model, traced on its own (`submodules`, by module path)
  --select CODES         only these rule codes or prefixes (comma-separated)
  --extend-select CODES  these codes or prefixes too, on top of --select or the configuration's select
  --ignore CODES         never these rule codes or prefixes (the longest matching pattern decides)
  --config FILE          use this pyproject.toml or fxlint.toml for every path
  --isolated             ignore configuration files
  -p DIR                 C++ files (.cpp .cc .cxx .h .hpp, named explicitly): flags from DIR/compile_commands.json
                         (default: LibTorch's headers from the configured venv, -std=c++17)
  --color auto|always|never
  --fix                  check: apply safe fixes, then report what remains (rewrites files atomically)
  --unsafe-fixes         apply unsafe fixes too (each rule's docs say what changes)
  --diff                 print the fixes as a unified diff, change nothing (exit 1 when there is one)
  --jobs N               analyze N files at a time (default: one per core)
  --no-cache             neither read nor write the cache (.fxlint_cache/ in the current directory,
                         or $FXLINT_CACHE_DIR; docs/integrations.md)

configuration: [tool.fxlint] in pyproject.toml or fxlint.toml, the nearest above each file; options
given on the command line replace its keys (docs/configuration.md)
suppressions: `# fxlint: ignore[FX101]`, `# fxlint: ignore`, `# fxlint: ignore-file`, `# noqa: FX101`

exit status: 0 no findings, 1 findings, 2 usage or internal error
)";

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ','))
    if (!part.empty()) parts.push_back(part);
  return parts;
}

int usageError(const std::string& message) {
  std::cerr << "fxlint: " << message << "\n" << "run `fxlint --help` for usage\n";
  return 2;
}

int printRule(const std::string& code) {
  const fxlint::RuleInfo* info = fxlint::findRuleInfo(code);
  if (!info) return usageError("unknown rule `" + code + "`; `fxlint rules` lists them");
  std::cout << fxlint::ruleDocument(*info);
  return 0;
}

int listRules() {
  for (const fxlint::RuleInfo& info : fxlint::ruleCatalog())
    std::cout << info.code << "  " << info.name << "  " << info.summary << "\n";
  return 0;
}

void append(std::optional<std::vector<std::string>>& list, const std::vector<std::string>& items) {
  if (!list) list.emplace();
  list->insert(list->end(), items.begin(), items.end());
}

// --fix/--diff and `fxlint fix`: returns the exit status, or -1 when `check --fix` should go on to
// report what remains (left in `remaining`).
int runFixes(const fxlint::RunOptions& options, const fxlint::FixOptions& fixOptions, bool fixCommand,
             fxlint::RunResult& remaining) {
  fxlint::FixRun fixed = fxlint::runFixes(options, fixOptions);
  for (const std::string& error : fixed.result.errors) std::cerr << "fxlint: " << error << "\n";
  for (const std::string& error : fixed.errors) std::cerr << "fxlint: " << error << "\n";
  for (const std::string& dropped : fixed.dropped) std::cerr << "fxlint: " << dropped << "\n";
  if (fixed.result.aborted || !fixed.result.errors.empty() || !fixed.errors.empty()) return 2;
  if (fixOptions.diffOnly) {
    std::cout << fixed.diff;
    return fixed.diff.empty() ? 0 : 1;
  }
  size_t left = fixed.result.diagnostics.size();
  std::ostream& summary = fixCommand ? std::cout : std::cerr;
  for (const std::string& path : fixed.changed) summary << "fixed " << path << "\n";
  summary << "Applied " << fixed.applied << " fix" << (fixed.applied == 1 ? "" : "es") << " to " << fixed.changed.size()
          << " file" << (fixed.changed.size() == 1 ? "" : "s") << "; " << left << " diagnostic"
          << (left == 1 ? "" : "s") << " remaining";
  if (fixCommand) {
    size_t unsafe = 0;
    for (const fxlint::Diagnostic& d : fixed.result.diagnostics)
      unsafe += d.fix && d.fix->applicability == fxlint::Applicability::Unsafe && !fxlint::isApplicable(d, fixOptions);
    if (unsafe) summary << " (" << unsafe << " fixable with --unsafe-fixes)";
  }
  summary << "\n";
  if (fixCommand) return left == 0 ? 0 : 1;
  remaining = std::move(fixed.result);
  return -1;
}

int runCommand(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::cout << "fxlint " << FXLINT_VERSION << " (torch facts " << "2.14" << ")\n";
    return 0;
  }
  if (command == "rules") return listRules();
  if (command == "export") return fxlint::exporter::runExportCommand({argv + 2, argv + argc});
  if (command == "rule") {
    if (argc != 3) return usageError("`fxlint rule` takes one rule code");
    return printRule(argv[2]);
  }
  if (command == "lsp") {
    // `--stdio` is what many clients pass; stdio is the only transport.
    if (argc > 3 || (argc == 3 && std::string(argv[2]) != "--stdio")) return usageError("`fxlint lsp` takes no arguments");
    return fxlint::lsp::serveStdio();
  }
  if (command != "check" && command != "verdicts" && command != "fix" && command != "report")
    return usageError("unknown command `" + command + "`");

  fxlint::RunOptions options;
  fxlint::Settings& settings = options.commandLine;
  std::string format = command == "report" ? "html" : "text", colorMode = "auto";
  std::optional<std::string> outputFile;
  bool applyFixes = command == "fix", diffFixes = false;
  fxlint::FixOptions fixOptions;
  bool noCache = false;
  bool bothCaptures = false;  // --capture all: the run once per capture, one report
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      if (arg == name) {
        if (i + 1 >= argc) return std::nullopt;
        return std::string(argv[++i]);
      }
      std::string prefix = std::string(name) + "=";
      if (arg.rfind(prefix, 0) == 0) return arg.substr(prefix.size());
      return std::nullopt;
    };
    auto takesValue = [&](const char* name) { return arg == name || arg.rfind(std::string(name) + "=", 0) == 0; };
    // --select, --extend-select and --ignore: comma-separated codes or prefixes, each matching a rule.
    auto codes = [&](const char* name) -> std::optional<std::vector<std::string>> {
      auto v = value(name);
      if (!v || splitList(*v).empty()) return std::nullopt;
      return splitList(*v);
    };
    if (takesValue("--format")) {
      auto v = value("--format");
      if (!v || (*v != "text" && *v != "json" && *v != "sarif" && *v != "github" && *v != "html"))
        return usageError("--format takes text, json, sarif, github or html");
      if (command == "report" && *v != "html") return usageError("`fxlint report` writes html");
      format = *v;
    } else if (arg == "-o" || takesValue("--output")) {
      auto v = arg == "-o" ? (i + 1 < argc ? std::optional<std::string>(argv[++i]) : std::nullopt) : value("--output");
      if (!v || v->empty()) return usageError("--output takes a file name");
      outputFile = *v;
    } else if (takesValue("--inputs")) {
      auto v = value("--inputs");
      if (!v) return usageError("--inputs takes a comma-separated list of parameter names");
      settings.inputs = splitList(*v);
    } else if (takesValue("--tracer")) {
      auto v = value("--tracer");
      auto tracer = v ? fxlint::tracerNamed(*v) : std::nullopt;
      if (!tracer) return usageError("--tracer takes fx (plain torch.fx.symbolic_trace), timm or torchvision");
      settings.tracer = tracer;
    } else if (takesValue("--leaf")) {
      auto v = value("--leaf");
      if (!v) return usageError("--leaf takes a class name");
      append(settings.leaf, {*v});
    } else if (takesValue("--root")) {
      auto v = value("--root");
      if (!v) return usageError("--root takes a directory");
      append(settings.roots, {*v});
    } else if (takesValue("--dynamic")) {
      auto v = value("--dynamic");
      size_t colon = v ? v->rfind(':') : std::string::npos;
      if (!v || colon == std::string::npos || colon == 0) return usageError("--dynamic takes NAME:DIM[,DIM...]");
      if (!settings.dynamic) settings.dynamic.emplace();
      for (const std::string& dim : splitList(v->substr(colon + 1))) {
        char* end = nullptr;
        long parsed = std::strtol(dim.c_str(), &end, 10);
        if (dim.empty() || *end != '\0') return usageError("--dynamic: `" + dim + "` is not a dimension index");
        settings.dynamic->push_back({v->substr(0, colon), int(parsed)});
      }
    } else if (takesValue("--select") || takesValue("--extend-select") || takesValue("--ignore")) {
      std::string name = arg.substr(0, arg.find('='));
      auto list = codes(name.c_str());
      if (!list) return usageError(name + " takes rule codes or prefixes");
      if (auto unknown = fxlint::firstUnknownPattern(*list))
        return usageError(name + ": `" + *unknown + "` matches no rule code; `fxlint rules` lists them");
      if (name == "--select") append(settings.select, *list);
      else if (name == "--ignore") append(settings.ignore, *list);
      else settings.extendSelect.insert(settings.extendSelect.end(), list->begin(), list->end());
    } else if (takesValue("--config")) {
      auto v = value("--config");
      if (!v) return usageError("--config takes a pyproject.toml or fxlint.toml");
      options.configFile = *v;
    } else if (arg == "-p" || takesValue("--compile-commands")) {
      auto v = arg == "-p" ? (i + 1 < argc ? std::optional<std::string>(argv[++i]) : std::nullopt) : value("--compile-commands");
      if (!v || v->empty()) return usageError("-p takes a directory holding compile_commands.json");
      options.cpp.compileCommandsDir = *v;
    } else if (arg == "--isolated") {
      options.isolated = true;
    } else if (takesValue("--color")) {
      auto v = value("--color");
      if (!v || (*v != "auto" && *v != "always" && *v != "never")) return usageError("--color takes auto, always or never");
      colorMode = *v;
    } else if (arg == "--fix") {
      applyFixes = true;
    } else if (arg == "--unsafe-fixes") {
      fixOptions.unsafe = true;
    } else if (arg == "--diff") {
      diffFixes = true;
    } else if (takesValue("--jobs")) {
      auto v = value("--jobs");
      char* end = nullptr;
      long jobs = v ? std::strtol(v->c_str(), &end, 10) : 0;
      if (!v || v->empty() || *end != '\0' || jobs < 1 || jobs > 1024) return usageError("--jobs takes a number from 1 to 1024");
      options.jobs = unsigned(jobs);
    } else if (arg == "--no-cache") {
      noCache = true;
    } else if (arg == "--param-shapes-constant") {
      settings.paramShapesConstant = true;
    } else if (arg == "--submodules") {
      settings.submoduleVerdicts = true;
    } else if (takesValue("--capture")) {
      auto v = value("--capture");
      auto capture = v ? fxlint::captureNamed(*v) : std::nullopt;
      if (v && *v == "all") bothCaptures = true;
      else if (!capture) return usageError("--capture takes fx (torch.fx.symbolic_trace), export (torch.export) or all");
      else settings.capture = *capture;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usageError("unknown option `" + arg + "`");
    } else {
      options.paths.push_back(arg);
    }
  }
  if (options.paths.empty()) return usageError("no paths given");
  if (options.configFile && options.isolated) return usageError("--config and --isolated exclude each other");
  if (command == "verdicts" && format != "text" && format != "json" && format != "html")
    return usageError("`fxlint verdicts` prints text, json or html");
  if (format == "html" && (command == "fix" || applyFixes || diffFixes))
    return usageError("--format html does not combine with fixing; `fxlint report` shows the fixes as diffs");
  // The page draws each model's module tree: every module inside it traced on its own.
  if (format == "html") settings.submoduleVerdicts = true;

  if (bothCaptures && (command != "verdicts" || format == "html"))
    return usageError("--capture all is for `fxlint verdicts` as text or json; check one capture at a time");
  if ((applyFixes || diffFixes || fixOptions.unsafe) && (command == "verdicts" || command == "report"))
    return usageError("--fix, --unsafe-fixes and --diff apply to `check` and `fix`");
  if (!noCache) {
    const char* cacheDirectory = std::getenv("FXLINT_CACHE_DIR");
    options.cacheDirectory = cacheDirectory && *cacheDirectory ? cacheDirectory : ".fxlint_cache";
  }
  options.progress = isatty(STDERR_FILENO);
  // A verdict comes from the events alone; only the page shows diagnostics beside the verdicts.
  options.diagnose = !(command == "verdicts" && format != "html");

  fxlint::RunResult result;
  if (diffFixes || applyFixes) {
    fixOptions.diffOnly = diffFixes;
    int status = runFixes(options, fixOptions, command == "fix", result);
    if (status >= 0) return status;
  } else {
    result = fxlint::run(options);
  }
  std::optional<fxlint::RunResult> exportResult;
  if (bothCaptures && !result.aborted) {
    options.commandLine.capture = fxlint::Capture::Export;
    exportResult = fxlint::run(options);
  }
  for (const std::string& error : result.errors) std::cerr << "fxlint: " << error << "\n";
  // A tool reading JSON or SARIF still gets a document, with the errors in it.
  if (result.aborted && format != "json" && format != "sarif") return 2;
  // A page is written whole or not at all: with a path that cannot be read there is nothing to show
  // for it, so there is no page.
  if (format == "html" && !result.errors.empty()) {
    std::cerr << "fxlint: no report written\n";
    return 2;
  }
  bool color = !outputFile && (colorMode == "always" || (colorMode == "auto" && isatty(STDOUT_FILENO)));
  std::ostringstream buffer;
  std::ostream& out = outputFile ? static_cast<std::ostream&>(buffer) : std::cout;
  if (format == "html") {
    std::string title;
    for (const std::string& path : options.paths) title += (title.empty() ? "" : " ") + path;
    out << fxlint::report::verdictReportPage(result, title);
  } else if (command == "check") {
    if (format == "json") fxlint::writeDiagnosticsJson(out, result);
    else if (format == "sarif") fxlint::writeDiagnosticsSarif(out, result);
    else if (format == "github") fxlint::writeDiagnosticsGithub(out, result);
    else fxlint::writeDiagnosticsText(out, result, color);
  } else {
    const fxlint::RunResult* alsoExport = exportResult ? &*exportResult : nullptr;
    if (format == "json") fxlint::writeVerdictsJson(out, result, alsoExport);
    else fxlint::writeVerdictsText(out, result, alsoExport);
  }
  if (outputFile) {
    std::string error = fxlint::writeFileAtomically(*outputFile, buffer.str());
    if (!error.empty()) {
      std::cerr << "fxlint: cannot write " << *outputFile << ": " << error << "\n";
      return 2;
    }
  }
  std::cout.flush();
  if (!result.errors.empty()) return 2;
  if (command == "report") {
    if (outputFile) std::cerr << "fxlint: wrote " << *outputFile << "\n";
    return 0;
  }
  if (command == "check") return result.diagnostics.empty() ? 0 : 1;
  bool anyFailure = false;
  for (const fxlint::RunResult* run : {&result, exportResult ? &*exportResult : nullptr}) {
    if (!run) continue;
    for (const auto& file : run->files) {
      anyFailure = anyFailure || !file.problems.empty();
      for (const auto& v : file.classes) anyFailure = anyFailure || v.verdict != fxlint::VerdictKind::Traceable;
    }
  }
  return anyFailure ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  // No exception escapes: an internal error is exit status 2 with a message, never a crash dump.
  try {
    return runCommand(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "fxlint: internal error: " << e.what() << "\n";
    return 2;
  } catch (...) {
    std::cerr << "fxlint: internal error\n";
    return 2;
  }
}
