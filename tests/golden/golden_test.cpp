// Golden test: fxlint over every file in samples/, checked against the files' own annotations
// (exact sets of diagnostics and every class's verdict, per trace configuration).
// torch.export annotations (`# expect-verdict[export ...]`, `# expect[export ...]`) are taken out of the
// text the FX expectations are parsed from and checked by ExportGolden, which runs the fxlint binary
// (`fxlint check|verdicts --capture export [--inputs ..] [--dynamic ..] --format json`) per configuration.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "expectations.h"

// One binary per sample language: `.py` under samples/ (fast), `.h` under samples/cpp (real torch headers).
#ifndef FXLINT_SAMPLE_EXTENSION
#define FXLINT_SAMPLE_EXTENSION ".py"
#endif

namespace fxlint::testing {
namespace {

std::vector<std::string> sampleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(FXLINT_SAMPLES_DIR))
    if (entry.path().extension() == FXLINT_SAMPLE_EXTENSION) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trimmed(std::string s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// One `# expect-verdict[export ...]: V` or `# expect[export ...]: CODES` in a line: where it starts (the
// `#`), where it ends (the next `# expect`, or the end of the line), its scope and its payload.
struct ExportMarker {
  size_t begin, end;
  bool verdict;
  std::string scope, payload;
};

std::vector<ExportMarker> exportMarkers(const std::string& line) {
  std::vector<ExportMarker> found;
  for (size_t pos = line.find("# expect"); pos != std::string::npos; pos = line.find("# expect", pos + 1)) {
    size_t cursor = pos + 8;
    bool verdict = line.compare(cursor, 8, "-verdict") == 0;
    if (verdict) cursor += 8;
    if (line.compare(cursor, 7, "[export") != 0) continue;
    size_t close = line.find(']', cursor);
    if (close == std::string::npos || close + 1 >= line.size() || line[close + 1] != ':') continue;
    size_t next = line.find("# expect", close);
    size_t end = next == std::string::npos ? line.size() : next;
    found.push_back({pos, end, verdict, line.substr(cursor + 1, close - cursor - 1),
                     trimmed(line.substr(close + 2, end - close - 2))});
  }
  return found;
}

// The text with every export annotation blanked out (same lines, same columns): what the FX
// expectations are parsed from.
std::string withoutExportAnnotations(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) {
    for (const ExportMarker& m : exportMarkers(line)) line.replace(m.begin, m.end - m.begin, m.end - m.begin, ' ');
    out += line + "\n";
  }
  return out;
}

// An export configuration: `export`, `export inputs=a,b dynamic=a:0,2 mask:1`, in a canonical spelling,
// with the fxlint arguments that select it.
struct ExportConfig {
  std::string name;
  std::vector<std::string> arguments;
};

std::optional<ExportConfig> exportConfig(const std::string& scope) {
  std::istringstream words(scope);
  std::string word, inputs;
  std::map<std::string, std::string> dynamic;
  words >> word;
  if (word != "export") return std::nullopt;
  bool inDynamic = false;
  while (words >> word) {
    if (word.rfind("inputs=", 0) == 0 && inputs.empty() && dynamic.empty()) {
      inputs = word.substr(7);
      continue;
    }
    if (word.rfind("dynamic=", 0) == 0) word = word.substr(8), inDynamic = true;
    size_t colon = word.find(':');
    if (!inDynamic || colon == std::string::npos || colon == 0 || dynamic.count(word.substr(0, colon)))
      return std::nullopt;
    dynamic[word.substr(0, colon)] = word.substr(colon + 1);
  }
  ExportConfig config{"export", {"--capture", "export"}};
  if (!inputs.empty()) {
    std::vector<std::string> names;
    std::stringstream list(inputs);
    for (std::string name; std::getline(list, name, ',');) names.push_back(name);
    std::sort(names.begin(), names.end());
    std::string sorted;
    for (const std::string& name : names) sorted += (sorted.empty() ? "" : ",") + name;
    config.name += " inputs=" + sorted;
    config.arguments.insert(config.arguments.end(), {"--inputs", sorted});
  }
  std::string separator = " dynamic=";
  for (const auto& [name, dims] : dynamic) {
    config.name += separator + name + ":" + dims;
    config.arguments.insert(config.arguments.end(), {"--dynamic", name + ":" + dims});
    separator = " ";
  }
  return config;
}

struct ExportExpectations {
  std::map<std::string, ExportConfig> configs;                               // by name
  std::map<std::string, std::map<uint32_t, std::string>> verdicts;           // config -> class line -> verdict
  std::map<std::string, std::vector<ExpectedDiagnostic>> diagnostics;        // config -> expectations
  std::vector<std::string> parseErrors;
};

ExportExpectations parseExportExpectations(const std::string& text) {
  ExportExpectations result;
  std::istringstream in(text);
  std::string line;
  uint32_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    for (const ExportMarker& m : exportMarkers(line)) {
      std::optional<ExportConfig> config = exportConfig(m.scope);
      if (!config) {
        result.parseErrors.push_back("line " + std::to_string(number) + ": bad export scope `[" + m.scope + "]`");
        continue;
      }
      result.configs.emplace(config->name, *config);
      if (m.verdict) {
        result.verdicts[config->name][number] = m.payload;
        continue;
      }
      std::stringstream items(m.payload);
      for (std::string item; std::getline(items, item, ';');) {
        item = trimmed(item);
        if (item.empty()) continue;
        ExpectedDiagnostic d{number, item.substr(0, item.find(' ')), ""};
        size_t quote = item.find('"');
        if (quote != std::string::npos && item.rfind('"') > quote)
          d.fragment = item.substr(quote + 1, item.rfind('"') - quote - 1);
        if (d.code.size() != 5 || (d.code.substr(0, 2) != "EX" && d.code.substr(0, 2) != "FX"))
          result.parseErrors.push_back("line " + std::to_string(number) + ": bad export expectation `" + item + "`");
        result.diagnostics[config->name].push_back(d);
      }
    }
  }
  return result;
}

// The whole samples/ tree analyzed once per configuration, as `fxlint` runs it: hazards reached from
// a class in one file and located in another are checked against the other file's annotations.
struct SampleRun {
  std::map<std::string, Expectations> expected;
  std::set<std::string> configs = {"vanilla"};
  std::map<std::string, std::vector<FileAnalysis>> analyses;  // config -> per file
  std::map<std::string, DiagnosticsByFile> diagnostics;       // config -> file -> diagnostics
};

const SampleRun& sampleRun() {
  static const SampleRun run = [] {
    SampleRun r;
    std::vector<SourceFilePtr> files;
    for (const std::string& path : sampleFiles()) {
      auto file = std::make_shared<SourceFile>();
      file->path = path;
      file->text = readFile(path);
      r.expected[path] = parseExpectations(withoutExportAnnotations(file->text));
      for (const auto& [config, _] : r.expected[path].verdicts) r.configs.insert(config);
      files.push_back(file);
    }
    for (const std::string& config : r.configs) {
      Analyzer analyzer(configFromName(config));
      for (const SourceFilePtr& file : files) r.analyses[config].push_back(analyzer.analyze(file));
      r.diagnostics[config] = collectDiagnostics(r.analyses[config], r.expected, config);
    }
    return r;
  }();
  return run;
}

class SampleGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleGolden, MatchesAnnotations) {
  const SampleRun& run = sampleRun();
  const Expectations& expected = run.expected.at(GetParam());
  for (const std::string& config : run.configs) {
    const auto& analyses = run.analyses.at(config);
    auto analysis = std::find_if(analyses.begin(), analyses.end(),
                                 [&](const FileAnalysis& a) { return a.file->path == GetParam(); });
    ASSERT_NE(analysis, analyses.end());
    EXPECT_TRUE(analysis->problems.empty()) << GetParam() << ": " << analysis->problems.front().message;
    static const std::vector<Diagnostic> kNone;
    const auto& byFile = run.diagnostics.at(config);
    auto produced = byFile.find(GetParam());
    for (const std::string& mismatch :
         compareWithExpectations(*analysis, expected, produced == byFile.end() ? kNone : produced->second, config))
      ADD_FAILURE() << GetParam() << ":" << mismatch;
  }
}

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::relative(info.param, FXLINT_SAMPLES_DIR).string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleGolden, ::testing::ValuesIn(sampleFiles()), testName);

// --- torch.export annotations, checked through the fxlint binary ---------------------------------------

std::string canonical(const std::string& path) {
  std::error_code error;
  auto result = std::filesystem::weakly_canonical(path, error);
  return error ? path : result.string();
}

std::string fxlintBinary() {
  if (const char* binary = std::getenv("FXLINT_BINARY")) return binary;
#ifdef FXLINT_BINARY
  return FXLINT_BINARY;
#else
  return "";
#endif
}

// Runs fxlint and parses its JSON output; a failure is reported and gives a null.
nlohmann::json runFxlint(const std::string& command, const std::vector<std::string>& arguments) {
  std::string line = "'" + fxlintBinary() + "' " + command;
  for (const std::string& argument : arguments) line += " '" + argument + "'";
  line += " --format json --no-cache '" + std::string(FXLINT_SAMPLES_DIR) + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(line.c_str(), "r"), pclose);
  if (!pipe) {
    ADD_FAILURE() << "cannot run " << line;
    return nullptr;
  }
  std::string output;
  std::array<char, 65536> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0;) output.append(buffer.data(), n);
  nlohmann::json report = nlohmann::json::parse(output, nullptr, false);
  if (report.is_discarded()) ADD_FAILURE() << line << ": no JSON on standard output (does fxlint support --capture export?)";
  return report.is_discarded() ? nlohmann::json(nullptr) : report;
}

TEST(ExportGolden, MatchesExportAnnotations) {
  std::map<std::string, ExportExpectations> expected;  // only files with export annotations
  std::map<std::string, ExportConfig> configs;
  for (const std::string& path : sampleFiles()) {
    ExportExpectations e = parseExportExpectations(readFile(path));
    for (const std::string& error : e.parseErrors) ADD_FAILURE() << path << ":" << error;
    if (e.configs.empty()) continue;
    configs.insert(e.configs.begin(), e.configs.end());
    expected.emplace(canonical(path), std::move(e));
  }
  if (configs.empty()) return;  // samples/cpp: no export annotations
  if (fxlintBinary().empty()) GTEST_SKIP() << "no fxlint binary (FXLINT_BINARY) to check the export annotations with";
  // Every disagreement with the annotations, as "[config] samples/file.py:line: what"; those listed in
  // export_known_gaps.txt are the engine's known misses (each must still occur: a fixed one is removed).
  std::set<std::string> gaps;
  auto relative = [](const std::string& file) {
    size_t at = file.rfind("/samples/");
    return at == std::string::npos ? file : file.substr(at + 1);
  };
  for (const auto& [name, config] : configs) {
    auto gap = [&, name = name](const std::string& file, uint32_t line, const std::string& what) {
      gaps.insert("[" + name + "] " + relative(file) + ":" + std::to_string(line) + ": " + what);
    };
    // The classes that carry a verdict for this configuration: only their diagnostics are expected.
    std::set<std::string> declaring;
    nlohmann::json verdicts = runFxlint("verdicts", config.arguments);
    if (verdicts.is_null()) continue;
    std::map<std::string, std::set<uint32_t>> seenClasses;
    for (const nlohmann::json& cls : verdicts.value("classes", nlohmann::json::array())) {
      std::string file = canonical(cls.value("file", ""));
      auto e = expected.find(file);
      if (e == expected.end()) continue;
      auto v = e->second.verdicts.find(name);
      uint32_t line = cls.value("line", 0u);
      if (v == e->second.verdicts.end() || !v->second.count(line)) continue;
      declaring.insert(cls.value("name", ""));
      seenClasses[file].insert(line);
      std::string got = cls.contains("captures") && cls["captures"].contains("export")
                            ? cls["captures"]["export"].value("verdict", "?") : "(no captures.export)";
      if (v->second.at(line) != got)
        gap(file, line, "class " + cls.value("name", "") + " is " + v->second.at(line) + ", fxlint says " + got);
    }
    for (const auto& [file, e] : expected)
      if (auto v = e.verdicts.find(name); v != e.verdicts.end())
        for (const auto& [line, verdict] : v->second)
          if (!seenClasses[file].count(line))
            gap(file, line, "no module class with export verdict " + verdict);

    // The diagnostics of the declaring classes: each class's sites (a class that inherits forward owns the
    // sites found in it, whatever class the chain starts in).
    std::map<std::string, std::vector<std::pair<uint32_t, std::string>>> produced;  // file -> (line, code)
    std::map<std::tuple<std::string, uint32_t, std::string>, std::string> messages;
    for (const nlohmann::json& cls : verdicts.value("classes", nlohmann::json::array())) {
      if (!declaring.count(cls.value("name", ""))) continue;
      for (const nlohmann::json& d : cls.value("sites", nlohmann::json::array())) {
        std::string file = canonical(d.value("file", ""));
        if (!expected.count(file)) continue;
        uint32_t line = d.value("line", 0u);
        std::string code = d.value("code", "");
        if (messages.emplace(std::make_tuple(file, line, code), d.value("message", "")).second)
          produced[file].emplace_back(line, code);
      }
    }
    for (const auto& [file, e] : expected) {
      static const std::vector<ExpectedDiagnostic> kNone;
      auto w = e.diagnostics.find(name);
      const auto& wanted = w == e.diagnostics.end() ? kNone : w->second;
      for (const ExpectedDiagnostic& want : wanted) {
        auto message = messages.find({file, want.line, want.code});
        if (message == messages.end())
          gap(file, want.line, "expected " + want.code + ", not reported");
        else if (!want.fragment.empty() && message->second.find(want.fragment) == std::string::npos)
          gap(file, want.line, want.code + " message lacks \"" + want.fragment + "\"");
      }
      for (const auto& [line, code] : produced[file]) {
        auto expectedLine = line;
        auto expectedCode = code;
        bool annotated = std::any_of(wanted.begin(), wanted.end(), [&](const ExpectedDiagnostic& w) {
          return w.line == expectedLine && w.code == expectedCode;
        });
        if (!annotated) gap(file, line, "unexpected " + code);
      }
    }
  }
  std::set<std::string> known;
  std::istringstream listed(readFile(std::string(FXLINT_SAMPLES_DIR) + "/../tests/golden/export_known_gaps.txt"));
  for (std::string entry; std::getline(listed, entry);)
    if (!entry.empty() && entry[0] != '#') known.insert(entry);
  for (const std::string& g : gaps)
    if (!known.count(g)) ADD_FAILURE() << g;
  for (const std::string& k : known)
    if (!gaps.count(k)) ADD_FAILURE() << "fixed (remove it from tests/golden/export_known_gaps.txt): " << k;
}

}  // namespace
}  // namespace fxlint::testing
