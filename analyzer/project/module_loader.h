// Finds, reads and parses the Python modules a traced class reaches across files: module names from
// package layout (directories with __init__.py), absolute and relative imports, one parse per file
// per run. It knows nothing about tracing.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fxlint/ir.h"

namespace fxlint::project {

struct LoadedModule {
  std::string path;        // as found (a relative root stays relative)
  std::string moduleName;  // dotted, from the package layout: "pkg.sub.mod"
  bool isPackage = false;  // an __init__.py
  std::shared_ptr<const ir::Module> module;  // null when the file could not be read or parsed
  std::vector<ir::FrontendProblem> problems;  // of the loader's own parse
};

class ModuleLoader {
 public:
  // `roots`: extra directories to resolve absolute imports from (besides each file's own root).
  explicit ModuleLoader(std::vector<std::string> roots = {});

  // Registers a file whose text and parse the caller already has (the file being analyzed).
  const LoadedModule* adopt(const std::string& path, std::shared_ptr<const ir::Module> module);
  // The module for a dotted name imported from `importer` (`level` leading dots for relative
  // imports); nullptr when no file of the project provides it.
  const LoadedModule* import(const std::string& dottedName, int level, const LoadedModule& importer);
  // The files of modules reachable from `path` through the imports resolved so far, `path` excluded,
  // sorted. After a file's analysis, these are every project file its verdicts can depend on.
  std::vector<std::string> importedFrom(const std::string& path) const;
  // The module already read and parsed for `path` (reached through an import), if any.
  const LoadedModule* find(const std::string& path) const;

 private:
  const LoadedModule* loadPath(const std::string& path);
  std::optional<std::string> findFile(const std::string& base, const std::string& dottedName) const;
  std::pair<std::string, std::string> rootAndModuleName(const std::string& path) const;

  std::vector<std::string> roots_;
  std::map<std::string, std::unique_ptr<LoadedModule>> byPath_;
  std::map<std::string, const LoadedModule*> byName_;
  std::map<const LoadedModule*, std::set<const LoadedModule*>> importsOf_;
};

}  // namespace fxlint::project
