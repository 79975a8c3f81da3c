// The fix loop: analyze, apply per file, re-analyze, until a fixpoint or kMaxFixPasses.
#include "fix_command.h"

#include <algorithm>
#include <map>
#include <set>

#include "atomic_file.h"
#include "fxlint/python_frontend.h"

namespace fxlint {
namespace {

bool parses(const std::string& path, std::string_view text) {
  auto file = std::make_shared<SourceFile>();
  file->path = path;
  file->text = std::string(text);
  ir::ParseResult parsed = parsePython(file);
  return parsed.module && parsed.problems.empty();
}

std::string location(const Diagnostic& d) {
  return d.file->path + ":" + std::to_string(d.span.begin.line) + ":" + std::to_string(d.span.begin.column);
}

}  // namespace

bool isApplicable(const Diagnostic& d, const FixOptions& options) {
  if (!d.fix || d.fix->edits.empty()) return false;
  return d.fix->applicability == Applicability::Safe ||
         (options.unsafe && d.fix->applicability == Applicability::Unsafe);
}

FixRun runFixes(const RunOptions& runOptions, const FixOptions& options) {
  FixRun out;
  std::set<std::string> changed, dropped;
  bool progress = false;
  for (out.passes = 1; out.passes <= kMaxFixPasses; ++out.passes) {
    out.result = run(runOptions);
    if (out.result.aborted || !out.result.errors.empty()) break;
    // One entry per file; the same fix reached from several classes or configurations counts once.
    // Only the files named on the command line (or found under its directories) are rewritten, never
    // a module reached through an import (e.g. an installed package under --root).
    std::set<std::string> named;
    for (const FileAnalysis& file : out.result.files) named.insert(file.file->path);
    std::map<std::string, std::pair<SourceFilePtr, std::vector<const Diagnostic*>>> byFile;
    for (const Diagnostic& d : out.result.diagnostics) {
      if (!isApplicable(d, options)) continue;
      const SourceFilePtr& target = d.fix->file ? d.fix->file : d.file;
      if (!named.count(target->path)) continue;
      auto& [file, fixes] = byFile[target->path];
      file = target;
      bool duplicate = false;
      for (const Diagnostic* other : fixes) duplicate = duplicate || other->fix->edits == d.fix->edits;
      if (!duplicate) fixes.push_back(&d);
    }
    progress = false;
    for (auto& [path, entry] : byFile) {
      auto& [file, diagnostics] = entry;
      std::vector<const Fix*> fixes;
      for (const Diagnostic* d : diagnostics) fixes.push_back(&*d->fix);
      const std::string& filePath = path;  // clang 14 lambdas cannot capture structured bindings
      AppliedFixes applied = applyFixes(file->text, fixes, [&](std::string_view text) { return parses(filePath, text); });
      for (size_t i : applied.unparsable)
        dropped.insert(location(*diagnostics[i]) + ": " + diagnostics[i]->code + " fix dropped: `" +
                              diagnostics[i]->fix->title + "` would leave the file unparsable");
      if (applied.applied.empty() || applied.text == file->text) continue;
      if (options.diffOnly) {
        std::vector<Edit> edits;
        for (size_t i : applied.applied) edits.insert(edits.end(), fixes[i]->edits.begin(), fixes[i]->edits.end());
        out.diff += unifiedDiff(path, file->text, edits);
      } else if (std::string error = writeFileAtomically(path, applied.text); !error.empty()) {
        out.errors.push_back(path + ": cannot write: " + error);
        continue;
      }
      out.applied += applied.applied.size();
      changed.insert(path);
      progress = true;
    }
    // --diff shows the first pass only: later passes would need the rewritten files on disk.
    if (!progress || options.diffOnly) break;
  }
  out.passes = std::min(out.passes, kMaxFixPasses);
  if (progress && !options.diffOnly) out.result = run(runOptions);  // the passes ran out: report what is left
  out.changed.assign(changed.begin(), changed.end());
  out.dropped.assign(dropped.begin(), dropped.end());
  return out;
}

}  // namespace fxlint
