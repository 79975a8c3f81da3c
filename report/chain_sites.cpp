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

// "pkg/transforms/functional.py" as a dotted module name ending: "pkg.transforms.functional".
std::string dottedPath(const std::string& path) {
  std::string dotted = path.substr(0, path.size() - 3);
  if (dotted.ends_with("/__init__")) dotted.resize(dotted.size() - 9);
  for (char& c : dotted)
    if (c == '/') c = '.';
  return dotted;
}

// The qualifier written before the first `.name(` call in `text` ("F" in `F.pad(x)`), or "".
std::string qualifierOfCall(std::string_view text, const std::string& name) {
  std::string needle = "." + name;
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    size_t after = at + needle.size();
    while (after < text.size() && text[after] == ' ') ++after;
    if (after >= text.size() || text[after] != '(') continue;
    size_t begin = at;
    while (begin > 0 && (isIdentifierChar(text[begin - 1]) || text[begin - 1] == '.')) --begin;
    return std::string(text.substr(begin, at - begin));
  }
  return "";
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
    moduleOf_[file.get()] = &module;
    for (const auto& cls : module.classes)
      for (const auto& method : cls->methods) definitions_[cls->name + "." + method->name].push_back({file, method.get()});
    for (const auto& function : module.functions) definitions_[function->name].push_back({file, function.get()});
  }
}

std::string ChainLocator::importedFrom(const std::string& label, const Definition& caller) const {
  auto module = moduleOf_.find(caller.file.get());
  if (module == moduleOf_.end()) return "";
  std::string name = label.substr(0, label.find('.'));  // a function, or the class of a method
  // The dotted module an import binds `bound` to, and for `from m import n` the module m itself.
  auto binding = [&](const std::string& bound, bool wantContainer) -> std::string {
    for (const ir::Import& import : module->second->imports) {
      std::string module_ = import.module.substr(std::min(import.module.find_first_not_of('.'), import.module.size()));
      if (import.name.empty()) {  // import a.b [as X]
        if (import.alias == bound || (import.alias.empty() && module_.substr(0, module_.find('.')) == bound))
          return import.alias.empty() ? bound : module_;
      } else if ((import.alias.empty() ? import.name : import.alias) == bound) {
        if (wantContainer) return module_;
        return module_.empty() ? import.name : module_ + "." + import.name;
      }
    }
    return "";
  };
  if (std::string from = binding(name, true); !from.empty()) return from;
  // `F.pad(...)`, `torchvision.transforms.functional.pad(...)`: the qualifier's first name through the imports.
  std::string qualifier = qualifierOfCall(caller.file->slice(caller.function->span), name);
  if (qualifier.empty()) return "";
  size_t dot = qualifier.find('.');
  std::string head = binding(qualifier.substr(0, dot), false);
  if (head.empty()) return "";
  return dot == std::string::npos ? head : head + qualifier.substr(dot);
}

const ChainLocator::Definition* ChainLocator::findDefinition(const std::string& label, const Definition* caller,
                                                             const std::vector<const SourceFile*>& preferred) const {
  auto found = definitions_.find(label);
  if (found == definitions_.end()) return nullptr;
  const std::vector<Definition>& candidates = found->second;
  if (candidates.size() == 1) return &candidates.front();
  auto unique = [&](auto matches) -> const Definition* {
    const Definition* match = nullptr;
    for (const Definition& candidate : candidates)
      if (matches(candidate)) {
        if (match) return nullptr;
        match = &candidate;
      }
    return match;
  };
  // Same-named definitions in several files: the one the caller imports, else the first file of
  // `preferred` (the caller's, the model's, the event's) holding exactly one.
  if (caller) {
    if (std::string module = importedFrom(label, *caller); !module.empty()) {
      if (const Definition* match = unique([&](const Definition& candidate) {
            std::string dotted = dottedPath(candidate.file->path);
            return dotted == module || dotted.ends_with("." + module);
          }))
        return match;
    }
  }
  for (const SourceFile* file : preferred)
    if (const Definition* match = unique([&](const Definition& candidate) { return file && candidate.file.get() == file; }))
      return match;
  return nullptr;
}

std::vector<ChainStep> ChainLocator::locate(const std::vector<std::string>& chain, const SourceFilePtr& eventFile,
                                            uint32_t eventLine, const SourceFilePtr& rootFile) {
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
      current = findDefinition(step.label, current, {current ? current->file.get() : nullptr, rootFile.get(), eventFile.get()});
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
