// The scratch directory and the analysis invariants of fuzz_support.h.
#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "fxlint/rule.h"

namespace fxlint::fuzz {
namespace fs = std::filesystem;

namespace {

const std::string* scratch = nullptr;

[[noreturn]] void fail(const char* what, const std::string& where) {
  std::fprintf(stderr, "fxlint fuzz invariant broken: %s (%s)\n", what, where.c_str());
  __builtin_trap();
}

// Every span the output quotes (code frames, JSON offsets) must lie inside its file's text.
void checkSpan(const SourceFilePtr& file, const Span& span, const char* what) {
  if (!file) fail("no file", what);
  if (span.beginOffset > span.endOffset || span.endOffset > file->text.size()) fail("span outside its file", what);
  if (span.begin > span.end) fail("span ends before it begins", what);
  // The code frame reads the line back; it must not fault whatever the line number.
  (void)file->lineText(span.begin.line);
  (void)file->slice(span);
}

// Rules get a dynamic dimension so that the export rule (EX301) runs as well as the FX ones.
const RuleOptions& ruleOptions() {
  static const RuleOptions options{{{"x", 0}, {"input_ids", 1}, {"pixel_values", 1}}};
  return options;
}

void checkVerdict(const ClassVerdict& verdict) {
  if (verdict.firstFailure < -1 || verdict.firstFailure >= static_cast<int>(verdict.events.size()))
    fail("first failure outside the events", verdict.className);
  for (const TraceEvent& event : verdict.events) {
    checkSpan(event.file, event.span, eventKindName(event.kind));
    for (const Diagnostic& d : diagnose(event, ruleOptions())) {
      if (d.code.empty()) fail("diagnostic without a code", event.text);
      checkSpan(d.file, d.span, d.code.c_str());
    }
  }
}

}  // namespace

const std::string& scratchDirectory() {
  // Allocated and never freed: the atexit handler that removes the directory runs after static
  // destructors would have destroyed a static string.
  static const std::string* dir = [] {
    std::string pattern = (fs::temp_directory_path() / "fxlint-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::perror("fxlint fuzz: mkdtemp");
      std::abort();
    }
    scratch = new std::string(pattern);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(*scratch, ec);
    });
    return scratch;
  }();
  return *dir;
}

void checkAnalysis(const FileAnalysis& analysis) {
  if (!analysis.file) fail("analysis without its file", "");
  for (const FileProblem& problem : analysis.problems) checkSpan(analysis.file, problem.span, "file problem");
  for (const ClassVerdict& verdict : analysis.classes) checkVerdict(verdict);
  for (const ClassVerdict& verdict : analysis.factories) checkVerdict(verdict);
}

}  // namespace fxlint::fuzz
