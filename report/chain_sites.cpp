// Locates call-chain steps by name in the parsed source (see chain_sites.h for what is and is not located).
#include "chain_sites.h"

#include <cctype>

#include "fxlint/python_frontend.h"

namespace fxlint::report {

namespace {

bool isIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The line of the first call `callee(` (spaces allowed before the parenthesis) inside `function`'s text.
uint32_t findCallLine(const SourceFile& file, const ir::FunctionDef& function, const std::string& callee) {
  std::string_view text = file.slice(function.span);
  for (size_t at = text.find(callee); at != std::string_view::npos; at = text.find(callee, at + 1)) {
    if (at > 0 && (isIdentifierChar(text[at - 1]) || text[at - 1] == '.')) continue;
    size_t after = at + callee.size();
    while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
    if (after >= text.size() || text[after] != '(') continue;
    uint32_t line = function.span.begin.line;
    for (size_t i = 0; i < at; ++i) line += text[i] == '\n';
    return line;
  }
  return 0;
}

}  // namespace

ChainLocator::ChainLocator(std::vector<SourceFilePtr> files) : files_(std::move(files)) {}
ChainLocator::~ChainLocator() = default;

void ChainLocator::buildIndex() {
  indexed_ = true;
  modules_.reserve(files_.size());  // definitions point into the modules: no reallocation
  for (const SourceFilePtr& file : files_) {
    if (file->path.size() < 3 || file->path.compare(file->path.size() - 3, 3, ".py") != 0) continue;
    ir::ParseResult parsed = parsePython(file);
    if (!parsed.module) continue;
    modules_.push_back(std::move(*parsed.module));
    const ir::Module& module = modules_.back();
    for (const auto& cls : module.classes)
      for (const auto& method : cls->methods) definitions_[cls->name + "." + method->name].push_back({file, method.get()});
    for (const auto& function : module.functions) definitions_[function->name].push_back({file, function.get()});
  }
}

const ChainLocator::Definition* ChainLocator::findDefinition(const std::string& label, const SourceFile* preferred,
                                                             const SourceFile* eventFile) const {
  auto found = definitions_.find(label);
  if (found == definitions_.end()) return nullptr;
  const std::vector<Definition>& candidates = found->second;
  if (candidates.size() == 1) return &candidates.front();
  // Same-named definitions in several files: the caller's file, else the file the event is in.
  for (const SourceFile* file : {preferred, eventFile}) {
    const Definition* match = nullptr;
    int matches = 0;
    for (const Definition& candidate : candidates)
      if (file && candidate.file.get() == file) match = &candidate, ++matches;
    if (matches == 1) return match;
  }
  return nullptr;
}

std::vector<ChainStep> ChainLocator::locate(const std::vector<std::string>& chain, const SourceFilePtr& eventFile,
                                            uint32_t eventLine) {
  std::vector<ChainStep> steps;
  const Definition* current = nullptr;
  for (size_t i = 0; i < chain.size(); ++i) {
    ChainStep step{chain[i], nullptr, 0};
    if (i + 1 == chain.size()) {
      // The last step is the function the event is in: its own site.
      size_t colon = step.label.rfind(':');
      if (colon != std::string::npos) step.label.resize(colon);
      step.file = eventFile;
      step.line = eventLine;
      steps.push_back(std::move(step));
      break;
    }
    if (!indexed_) buildIndex();
    if (definitions_.count(step.label)) {
      // A function step. When its definition is ambiguous, the calls after it cannot be looked for either.
      current = findDefinition(step.label, current ? current->file.get() : nullptr, eventFile.get());
      if (current) {
        step.file = current->file;
        step.line = current->function->nameSpan.begin.line;
      }
    } else if (current) {
      if (uint32_t line = findCallLine(*current->file, *current->function, step.label)) {
        step.file = current->file;
        step.line = line;
      }
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace fxlint::report
