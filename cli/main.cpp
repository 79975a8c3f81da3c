// fxlint's command line: check, verdicts, rule, rules, version.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

#include "driver.h"
#include "output.h"

namespace {

constexpr const char* kUsage = R"(usage: fxlint <command> [options] PATH...

commands:
  check PATH...      report hazards for torch.fx tracing (path:line:col: CODE message)
  verdicts PATH...   print each nn.Module class's verdict: traceable, specialized, fails, unknown
  rule CODE          print a rule's documentation
  rules              list all rules
  version            print the version

options:
  --format text|json     output format (default text)
  --inputs a,b           only these forward parameters are traced; the others are concrete at their
                         defaults (default: every parameter is traced, as symbolic_trace does)
  --leaf CLASS           treat a module class as a leaf (repeatable)
  --root DIR             also resolve absolute imports from DIR (repeatable; e.g. a site-packages)
  --dynamic NAME:D,D     input dims meant to be exported dynamic: decisions on them are EX301
  --param-shapes-constant  parameter shapes are real values (symbolic_trace's option)
  --select CODES         only these rule codes or prefixes (comma-separated)
  --ignore CODES         never these rule codes or prefixes
  --color auto|always|never

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
  const fxlint::Rule* rule = fxlint::findRule(code);
  if (!rule) return usageError("unknown rule `" + code + "`; `fxlint rules` lists them");
  fxlint::RuleInfo info = rule->info();
  std::cout << "# " << info.code << " " << info.name << "\n\n" << info.summary << "\n" << info.doc;
  return 0;
}

int listRules() {
  for (const auto& rule : fxlint::allRules()) {
    fxlint::RuleInfo info = rule->info();
    std::cout << info.code << "  " << info.name << "  " << info.summary << "\n";
  }
  return 0;
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
  if (command == "rule") {
    if (argc != 3) return usageError("`fxlint rule` takes one rule code");
    return printRule(argv[2]);
  }
  if (command != "check" && command != "verdicts") return usageError("unknown command `" + command + "`");

  fxlint::RunOptions options;
  std::string format = "text", colorMode = "auto";
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
    if (takesValue("--format")) {
      auto v = value("--format");
      if (!v || (*v != "text" && *v != "json")) return usageError("--format takes text or json");
      format = *v;
    } else if (takesValue("--inputs")) {
      auto v = value("--inputs");
      if (!v) return usageError("--inputs takes a comma-separated list of parameter names");
      options.trace.inputs = splitList(*v);
    } else if (takesValue("--leaf")) {
      auto v = value("--leaf");
      if (!v) return usageError("--leaf takes a class name");
      options.trace.leafClasses.push_back(*v);
    } else if (takesValue("--root")) {
      auto v = value("--root");
      if (!v) return usageError("--root takes a directory");
      options.roots.push_back(*v);
    } else if (takesValue("--dynamic")) {
      auto v = value("--dynamic");
      size_t colon = v ? v->rfind(':') : std::string::npos;
      if (!v || colon == std::string::npos || colon == 0) return usageError("--dynamic takes NAME:DIM[,DIM...]");
      for (const std::string& dim : splitList(v->substr(colon + 1))) {
        char* end = nullptr;
        long parsed = std::strtol(dim.c_str(), &end, 10);
        if (dim.empty() || *end != '\0') return usageError("--dynamic: `" + dim + "` is not a dimension index");
        options.rules.dynamicDims.push_back({v->substr(0, colon), int(parsed)});
      }
    } else if (takesValue("--select")) {
      auto v = value("--select");
      if (!v) return usageError("--select takes rule codes");
      for (auto& code : splitList(*v)) options.select.push_back(code);
    } else if (takesValue("--ignore")) {
      auto v = value("--ignore");
      if (!v) return usageError("--ignore takes rule codes");
      for (auto& code : splitList(*v)) options.ignore.push_back(code);
    } else if (takesValue("--color")) {
      auto v = value("--color");
      if (!v || (*v != "auto" && *v != "always" && *v != "never")) return usageError("--color takes auto, always or never");
      colorMode = *v;
    } else if (arg == "--param-shapes-constant") {
      options.trace.paramShapesConstant = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usageError("unknown option `" + arg + "`");
    } else {
      options.paths.push_back(arg);
    }
  }
  if (options.paths.empty()) return usageError("no paths given");

  fxlint::RunResult result = fxlint::run(options);
  for (const std::string& error : result.errors) std::cerr << "fxlint: " << error << "\n";
  bool color = colorMode == "always" || (colorMode == "auto" && isatty(STDOUT_FILENO));
  if (command == "check") {
    if (format == "json") fxlint::writeDiagnosticsJson(std::cout, result, options);
    else fxlint::writeDiagnosticsText(std::cout, result, color);
  } else {
    if (format == "json") fxlint::writeVerdictsJson(std::cout, result, options);
    else fxlint::writeVerdictsText(std::cout, result, options);
  }
  std::cout.flush();
  if (!result.errors.empty()) return 2;
  if (command == "check") return result.diagnostics.empty() ? 0 : 1;
  bool anyFailure = false;
  for (const auto& file : result.files) {
    anyFailure = anyFailure || !file.problems.empty();
    for (const auto& v : file.classes) anyFailure = anyFailure || v.verdict != fxlint::VerdictKind::Traceable;
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
