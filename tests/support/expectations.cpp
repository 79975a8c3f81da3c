// Annotation parsing and the exact-set comparison used by unit and golden tests.
#include "expectations.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

namespace fxlint::testing {
namespace {

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// The next `# text` or `// text` (Python or C++ comment) at or after `from`: the position of `text`.
size_t findCommented(const std::string& line, const std::string& text, size_t from) {
  for (size_t pos = line.find(text, from); pos != std::string::npos; pos = line.find(text, pos + 1))
    if (pos >= 2 && line[pos - 1] == ' ' && (line[pos - 2] == '#' || (pos >= 3 && line.compare(pos - 3, 2, "//") == 0)))
      return pos;
  return std::string::npos;
}

// Reads `marker[scope]: payload` occurrences on a line; returns (config, payload) pairs.
std::vector<std::pair<std::string, std::string>> findMarkers(const std::string& line, const std::string& marker) {
  std::vector<std::pair<std::string, std::string>> found;
  size_t pos = 0;
  while ((pos = findCommented(line, marker, pos)) != std::string::npos) {
    size_t cursor = pos + marker.size();
    std::string config = "vanilla";
    if (cursor < line.size() && line[cursor] == '[') {
      size_t close = line.find(']', cursor);
      if (close == std::string::npos) break;
      config = line.substr(cursor + 1, close - cursor - 1);
      cursor = close + 1;
    }
    if (cursor >= line.size() || line[cursor] != ':') { pos = cursor; continue; }
    size_t next = findCommented(line, "expect", cursor);
    if (next != std::string::npos) next = line.rfind(line[next - 2] == '#' ? "#" : "//", next);
    found.emplace_back(config, trim(line.substr(cursor + 1, next == std::string::npos ? std::string::npos : next - cursor - 1)));
    pos = cursor;
  }
  return found;
}

}  // namespace

Expectations parseExpectations(const std::string& text) {
  Expectations result;
  std::istringstream in(text);
  std::string line;
  uint32_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    for (auto& [config, payload] : findMarkers(line, "expect-verdict")) result.verdicts[config][number] = payload;
    for (auto& [config, payload] : findMarkers(line, "expect")) {
      std::stringstream items(payload);
      std::string item;
      while (std::getline(items, item, ';')) {
        item = trim(item);
        if (item.empty()) continue;
        ExpectedDiagnostic d{number, item.substr(0, item.find(' ')), ""};
        size_t quote = item.find('"');
        if (quote != std::string::npos) {
          size_t end = item.rfind('"');
          if (end > quote) d.fragment = item.substr(quote + 1, end - quote - 1);
        }
        if (d.code.size() != 5 || (d.code.substr(0, 2) != "FX" && d.code.substr(0, 2) != "EX"))
          result.parseErrors.push_back("line " + std::to_string(number) + ": bad expectation `" + item + "`");
        result.diagnostics[config].push_back(d);
      }
    }
  }
  return result;
}

TraceConfig configFromName(const std::string& name) {
  TraceConfig config;
  if (name.rfind("inputs=", 0) == 0) {
    std::vector<std::string> inputs;
    std::stringstream list(name.substr(7));
    std::string item;
    while (std::getline(list, item, ',')) inputs.push_back(trim(item));
    config.inputs = inputs;
  }
  // `dynamic=x:0,2,3`: the dims a real-tensor (C++) trace lets vary
  if (name.rfind("dynamic=", 0) == 0) {
    size_t colon = name.rfind(':');
    std::stringstream dims(name.substr(colon + 1));
    std::string dim;
    while (std::getline(dims, dim, ',')) config.dynamicDims.push_back({name.substr(8, colon - 8), std::stoi(dim)});
  }
  return config;
}

DiagnosticsByFile collectDiagnostics(const std::vector<FileAnalysis>& analyses,
                                     const std::map<std::string, Expectations>& expectedByFile,
                                     const std::string& config) {
  DiagnosticsByFile byFile;
  std::set<std::tuple<std::string, uint32_t, std::string>> seen;
  for (const FileAnalysis& analysis : analyses) {
    const std::map<uint32_t, std::string>* verdicts = nullptr;
    if (auto e = expectedByFile.find(analysis.file->path); e != expectedByFile.end())
      if (auto v = e->second.verdicts.find(config); v != e->second.verdicts.end()) verdicts = &v->second;
    for (const ClassVerdict& cls : analysis.classes) {
      if (config != "vanilla" && (!verdicts || !verdicts->count(cls.span.begin.line))) continue;
      for (const TraceEvent& event : cls.events)
        for (Diagnostic& d : diagnose(event))
          if (seen.insert({d.file->path, d.span.begin.line, d.code}).second) byFile[d.file->path].push_back(std::move(d));
    }
  }
  return byFile;
}

std::vector<std::string> compareWithExpectations(const FileAnalysis& analysis, const Expectations& expected,
                                                 const std::vector<Diagnostic>& produced, const std::string& config) {
  std::vector<std::string> mismatches = expected.parseErrors;
  static const std::map<uint32_t, std::string> kNone;
  auto verdictsIt = expected.verdicts.find(config);
  const auto& verdicts = verdictsIt == expected.verdicts.end() ? kNone : verdictsIt->second;
  for (const ClassVerdict& cls : analysis.classes) {
    auto want = verdicts.find(cls.span.begin.line);
    if (want == verdicts.end()) {
      if (config == "vanilla")
        mismatches.push_back("line " + std::to_string(cls.span.begin.line) + ": class " + cls.className +
                             " has no expect-verdict annotation");
    } else if (want->second != verdictName(cls.verdict)) {
      std::string where;
      if (cls.firstFailure >= 0) {
        const TraceEvent& first = cls.events[cls.firstFailure];
        where = " (first failure " + first.file->path + ":" + std::to_string(first.span.begin.line) + ")";
      }
      mismatches.push_back("line " + std::to_string(cls.span.begin.line) + ": class " + cls.className + " [" + config +
                           "]: expected " + want->second + ", got " + verdictName(cls.verdict) + where);
    }
  }
  for (const auto& [line, verdict] : verdicts) {
    auto expectedLine = uint32_t(line);  // clang 14 lambdas cannot capture structured bindings
    bool found = std::any_of(analysis.classes.begin(), analysis.classes.end(),
                             [&](const ClassVerdict& c) { return c.span.begin.line == expectedLine; });
    if (!found) mismatches.push_back("line " + std::to_string(line) + ": expected a module class with verdict " + verdict);
  }

  static const std::vector<ExpectedDiagnostic> kNoDiagnostics;
  auto diagIt = expected.diagnostics.find(config);
  const auto& wanted = diagIt == expected.diagnostics.end() ? kNoDiagnostics : diagIt->second;
  for (const ExpectedDiagnostic& want : wanted) {
    auto hit = std::find_if(produced.begin(), produced.end(), [&](const Diagnostic& d) {
      return d.span.begin.line == want.line && d.code == want.code;
    });
    if (hit == produced.end()) {
      mismatches.push_back("line " + std::to_string(want.line) + " [" + config + "]: expected " + want.code + ", not reported");
    } else if (!want.fragment.empty() && hit->message.find(want.fragment) == std::string::npos) {
      mismatches.push_back("line " + std::to_string(want.line) + " [" + config + "]: " + want.code + " message lacks \"" +
                           want.fragment + "\": " + hit->message);
    }
  }
  for (const Diagnostic& d : produced) {
    bool wantedHere = std::any_of(wanted.begin(), wanted.end(), [&](const ExpectedDiagnostic& w) {
      return w.line == d.span.begin.line && w.code == d.code;
    });
    if (!wantedHere)
      mismatches.push_back("line " + std::to_string(d.span.begin.line) + " [" + config + "]: unexpected " + d.code + " " + d.message);
  }
  return mismatches;
}

std::vector<std::string> checkSnippet(SourceFilePtr file) {
  Expectations expected = parseExpectations(file->text);
  std::set<std::string> configs = {"vanilla"};
  for (const auto& [config, _] : expected.verdicts) configs.insert(config);
  std::vector<std::string> mismatches;
  for (const std::string& config : configs) {
    FileAnalysis analysis = analyzeSource(file, configFromName(config));
    for (const FileProblem& problem : analysis.problems) mismatches.push_back("file problem: " + problem.message);
    DiagnosticsByFile produced = collectDiagnostics({analysis}, {{file->path, expected}}, config);
    for (std::string& m : compareWithExpectations(analysis, expected, produced[file->path], config))
      mismatches.push_back(std::move(m));
  }
  return mismatches;
}

}  // namespace fxlint::testing
