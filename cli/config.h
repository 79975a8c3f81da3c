// Settings from the command line and from configuration files (`[tool.fxlint]` in pyproject.toml, or
// the top level of fxlint.toml), how they combine, and how a file's configuration file is found.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fxlint/analysis.h"
#include "fxlint/rule.h"
#include "selection.h"

namespace fxlint {

// What one source says; unset fields leave the decision to the other source or the default.
struct Settings {
  std::optional<std::vector<std::string>> select;
  std::optional<std::vector<std::string>> ignore;
  std::vector<std::string> extendSelect;
  std::optional<std::vector<std::string>> inputs;
  std::optional<std::vector<std::string>> leaf;
  std::optional<std::vector<std::string>> roots;
  std::optional<bool> paramShapesConstant;
  std::optional<Tracer> tracer;
  std::optional<std::vector<RuleOptions::DynamicDim>> dynamic;
  bool submoduleVerdicts = false;  // command line only
  Capture capture = Capture::Fx;   // command line only (--capture)
};

struct ConfigFile {
  std::string path;  // as shown to the user: relative to the current directory when below it
  Settings settings;
};

// The settings a group of files is analyzed with.
struct Configuration {
  std::string source;  // the configuration file, or empty when none applies
  TraceConfig trace;
  std::vector<std::string> roots;
  RuleOptions rules;
  CodeSelection codes;
};

// Each setting given on the command line replaces the file's; extend-select lists are joined.
Configuration effectiveConfiguration(const ConfigFile* file, const Settings& commandLine);

// Reads one configuration file; nullptr with `errors` set when it is not valid. A pyproject.toml
// without [tool.fxlint] is no configuration: nullptr without errors.
std::shared_ptr<const ConfigFile> loadConfigFile(const std::string& path, std::vector<std::string>& errors);

// Finds the nearest configuration file above each analyzed file: in each directory from the file's
// own upwards, fxlint.toml, then a pyproject.toml with [tool.fxlint]. Directories are looked at once.
class ConfigFinder {
 public:
  std::shared_ptr<const ConfigFile> forFile(const std::string& file, std::vector<std::string>& errors);

 private:
  std::shared_ptr<const ConfigFile> forDirectory(const std::string& dir, std::vector<std::string>& errors);
  std::map<std::string, std::shared_ptr<const ConfigFile>> byDirectory_;
};

}  // namespace fxlint
