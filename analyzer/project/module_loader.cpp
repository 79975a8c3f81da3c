// Module resolution the way Python's import system finds source files: each file's top-level package
// root (the first ancestor without __init__.py) plus configured roots.
#include "project/module_loader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fxlint/python_frontend.h"

namespace fxlint::project {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxModuleBytes = 16 << 20;  // larger files are data, not model code

bool isFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

ModuleLoader::ModuleLoader(std::vector<std::string> roots) : roots_(std::move(roots)) {}

namespace {

// Packages are found by walking up directories: `mod.py` or `../pkg/mod.py` named from inside a package
// must walk from where the file really is.
fs::path absolutePath(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(fs::path(path), ec);
  return ec ? fs::path(path) : absolute.lexically_normal();
}

// The parent directory, spelled as the user spelled its child (`` is the working directory): paths the
// imports reach then name each file the way the command line did, and it is loaded once.
fs::path up(const fs::path& dir) {
  if (dir.empty() || dir == ".") return "..";
  if (dir.filename() == "..") return dir / "..";
  return dir.parent_path();
}

}  // namespace

std::pair<std::string, std::string> ModuleLoader::rootAndModuleName(const std::string& path) const {
  fs::path file = absolutePath(path);
  std::vector<std::string> parts;
  std::string stem = file.stem().string();
  if (stem != "__init__") parts.push_back(stem);
  fs::path dir = file.parent_path();
  fs::path spelled = fs::path(path).parent_path();
  for (int depth = 0; depth < 64 && !dir.empty() && isFile(dir / "__init__.py"); ++depth) {
    parts.insert(parts.begin(), dir.filename().string());
    fs::path parent = dir.parent_path();
    if (parent == dir) break;
    dir = parent;
    spelled = up(spelled);
  }
  std::string name;
  for (size_t i = 0; i < parts.size(); ++i) name += (i ? "." : "") + parts[i];
  return {spelled.empty() ? std::string(".") : spelled.string(), name};
}

const LoadedModule* ModuleLoader::adopt(const std::string& path, std::shared_ptr<const ir::Module> module) {
  auto& slot = byPath_[path];
  if (!slot) {
    slot = std::make_unique<LoadedModule>();
    slot->path = path;
    auto [root, name] = rootAndModuleName(path);
    slot->moduleName = name;
    slot->isPackage = fs::path(path).filename() == "__init__.py";
    byName_.emplace(name, slot.get());
  }
  if (module) slot->module = std::move(module);
  return slot.get();
}

const LoadedModule* ModuleLoader::find(const std::string& path) const {
  auto it = byPath_.find(path);
  return it == byPath_.end() ? nullptr : it->second.get();
}

const LoadedModule* ModuleLoader::loadPath(const std::string& path) {
  if (auto it = byPath_.find(path); it != byPath_.end()) return it->second.get();
  std::shared_ptr<const ir::Module> module;
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (!ec && size <= kMaxModuleBytes && in) {
    std::ostringstream text;
    text << in.rdbuf();
    auto source = std::make_shared<SourceFile>();
    source->path = path;
    source->text = std::move(text).str();
    ir::ParseResult parsed = parsePython(source);
    // Unparsable regions of an imported file are Opaque in its IR: reaching one makes a verdict unknown.
    if (parsed.module) module = std::make_shared<const ir::Module>(std::move(*parsed.module));
    const LoadedModule* loaded = adopt(path, std::move(module));
    byPath_[path]->problems = std::move(parsed.problems);
    return loaded;
  }
  return adopt(path, std::move(module));
}

std::optional<std::string> ModuleLoader::findFile(const std::string& base, const std::string& dottedName) const {
  fs::path candidate(base);
  size_t start = 0;
  while (start <= dottedName.size()) {
    size_t dot = dottedName.find('.', start);
    std::string part = dottedName.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) return std::nullopt;
    candidate /= part;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (isFile(candidate / "__init__.py")) return (candidate / "__init__.py").string();
  fs::path file = candidate;
  file += ".py";
  if (isFile(file)) return file.string();
  return std::nullopt;
}

const LoadedModule* ModuleLoader::import(const std::string& dottedName, int level, const LoadedModule& importer) {
  std::optional<std::string> path;
  if (level > 0) {
    // `from ..x import y` in pkg/sub/mod.py: up level-1 packages from the importer's package.
    fs::path dir = fs::path(importer.path).parent_path();
    for (int i = 1; i < level; ++i) dir = up(dir);
    if (dottedName.empty()) {
      if (isFile(dir / "__init__.py")) path = (dir / "__init__.py").string();
    } else {
      path = findFile(dir.empty() ? "." : dir.string(), dottedName);
    }
  } else {
    if (auto it = byName_.find(dottedName); it != byName_.end() && it->second->module) {
      importsOf_[&importer].insert(it->second);
      return it->second;
    }
    std::vector<std::string> bases = {rootAndModuleName(importer.path).first};
    bases.insert(bases.end(), roots_.begin(), roots_.end());
    for (const std::string& base : bases)
      if ((path = findFile(base, dottedName))) break;
  }
  if (!path) return nullptr;
  const LoadedModule* loaded = loadPath(*path);
  importsOf_[&importer].insert(loaded);
  return loaded;
}

std::vector<std::string> ModuleLoader::importedFrom(const std::string& path) const {
  auto start = byPath_.find(path);
  if (start == byPath_.end()) return {};
  std::set<const LoadedModule*> seen{start->second.get()};
  std::vector<const LoadedModule*> pending{start->second.get()};
  std::set<std::string> files;
  while (!pending.empty()) {
    const LoadedModule* module = pending.back();
    pending.pop_back();
    auto edges = importsOf_.find(module);
    if (edges == importsOf_.end()) continue;
    for (const LoadedModule* imported : edges->second)
      if (seen.insert(imported).second) {
        pending.push_back(imported);
        if (imported->path != path) files.insert(imported->path);
      }
  }
  return {files.begin(), files.end()};
}

}  // namespace fxlint::project
