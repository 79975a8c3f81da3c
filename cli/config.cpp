// Configuration files: parsing and validation with toml++, discovery by walking up, and merging with
// the command line.
#include "config.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <toml++/toml.h>
#include <utility>

#include "paths.h"

namespace fxlint {
namespace fs = std::filesystem;

namespace {

constexpr const char* kKnownKeys = "select, ignore, extend-select, inputs, leaf, root, param-shapes-constant, dynamic, tracer";

// Reads the keys of one configuration table, collecting every problem with its file and line.
class SettingsReader {
 public:
  SettingsReader(std::string file, std::string tableName, fs::path directory, std::vector<std::string>& errors)
      : file_(std::move(file)), tableName_(std::move(tableName)), directory_(std::move(directory)), errors_(errors) {}

  Settings read(const toml::table& table) {
    Settings settings;
    for (auto&& [key, node] : table) {
      std::string name(key.str());
      line_ = key.source().begin.line;
      if (name == "select") settings.select = codes(name, node);
      else if (name == "ignore") settings.ignore = codes(name, node);
      else if (name == "extend-select") settings.extendSelect = codes(name, node).value_or(std::vector<std::string>{});
      else if (name == "inputs") settings.inputs = strings(name, node);
      else if (name == "leaf") settings.leaf = strings(name, node);
      else if (name == "root") settings.roots = directories(name, node);
      else if (name == "param-shapes-constant") settings.paramShapesConstant = boolean(name, node);
      else if (name == "dynamic") settings.dynamic = dynamicDims(name, node);
      else if (name == "tracer") settings.tracer = tracer(name, node);
      else error("unknown key `" + name + "`" + (tableName_.empty() ? "" : " in " + tableName_) + "; known keys: " + kKnownKeys);
    }
    // toml++ iterates keys in sorted order; the user reads the file top to bottom.
    std::stable_sort(problems_.begin(), problems_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [line, message] : problems_) errors_.push_back(file_ + ":" + std::to_string(line) + ": " + message);
    return settings;
  }

  bool failed() const { return !problems_.empty(); }

 private:
  void error(const std::string& message) { problems_.emplace_back(line_, message); }

  std::string where(const std::string& key) const { return (tableName_.empty() ? "" : tableName_ + " ") + "`" + key + "`"; }

  std::optional<std::vector<std::string>> strings(const std::string& key, const toml::node& node) {
    const toml::array* array = node.as_array();
    std::vector<std::string> values;
    if (array)
      for (const toml::node& item : *array) {
        if (!item.is_string()) {
          array = nullptr;
          break;
        }
        values.push_back(*item.value<std::string>());
      }
    if (!array) {
      error(where(key) + " must be a list of strings");
      return std::nullopt;
    }
    return values;
  }

  std::optional<std::vector<std::string>> codes(const std::string& key, const toml::node& node) {
    auto values = strings(key, node);
    if (!values) return std::nullopt;
    if (auto unknown = firstUnknownPattern(*values)) {
      error(where(key) + ": `" + *unknown + "` matches no rule code; `fxlint rules` lists them");
      return std::nullopt;
    }
    return values;
  }

  std::optional<std::vector<std::string>> directories(const std::string& key, const toml::node& node) {
    auto values = strings(key, node);
    if (!values) return std::nullopt;
    // Relative to the configuration file, so the file means the same from any working directory.
    for (std::string& dir : *values) dir = displayPath((directory_ / dir).string());
    return values;
  }

  std::optional<Tracer> tracer(const std::string& key, const toml::node& node) {
    auto text = node.value<std::string>();
    auto named = text ? tracerNamed(*text) : std::nullopt;
    if (!named) error("`" + key + "` must be one of \"fx\", \"timm\", \"torchvision\"");
    return named;
  }

  std::optional<bool> boolean(const std::string& key, const toml::node& node) {
    if (auto value = node.value<bool>(); value && node.is_boolean()) return value;
    error(where(key) + " must be true or false");
    return std::nullopt;
  }

  std::optional<std::vector<RuleOptions::DynamicDim>> dynamicDims(const std::string& key, const toml::node& node) {
    const toml::table* table = node.as_table();
    if (!table) {
      error(where(key) + " must be a table of input name = [dimension, ...], e.g. dynamic = { pixel_values = [0, 2] }");
      return std::nullopt;
    }
    std::vector<RuleOptions::DynamicDim> dims;
    for (auto&& [input, value] : *table) {
      const toml::array* array = value.as_array();
      bool valid = array != nullptr;
      if (array)
        for (const toml::node& item : *array) {
          if (!item.is_integer()) {
            valid = false;
            break;
          }
          dims.push_back({std::string(input.str()), int(*item.value<int64_t>())});
        }
      if (!valid) {
        line_ = input.source().begin.line;
        error(where(key + "." + std::string(input.str())) + " must be a list of dimension indices (integers)");
        return std::nullopt;
      }
    }
    return dims;
  }

  std::string file_;
  std::string tableName_;  // "[tool.fxlint]" in pyproject.toml; empty for fxlint.toml
  fs::path directory_;
  std::vector<std::string>& errors_;
  std::vector<std::pair<uint32_t, std::string>> problems_;
  uint32_t line_ = 0;
};

bool isFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

}  // namespace

std::shared_ptr<const ConfigFile> loadConfigFile(const std::string& path, std::vector<std::string>& errors) {
  std::string shown = displayPath(path);
  toml::table document;
  try {
    document = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    errors.push_back(shown + ":" + std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column) +
                     ": invalid TOML: " + std::string(e.description()));
    return nullptr;
  }
  bool pyproject = fs::path(path).filename() == "pyproject.toml";
  const toml::table* table = &document;
  if (pyproject) {
    toml::node_view<const toml::node> section = std::as_const(document)["tool"]["fxlint"];
    if (!section) return nullptr;
    table = section.as_table();
    if (!table) {
      errors.push_back(shown + ":" + std::to_string(section.node()->source().begin.line) +
                       ": [tool.fxlint] must be a table");
      return nullptr;
    }
  }
  std::error_code ec;
  fs::path directory = fs::absolute(path, ec).lexically_normal().parent_path();
  SettingsReader reader(shown, pyproject ? "[tool.fxlint]" : "", directory, errors);
  auto config = std::make_shared<ConfigFile>();
  config->path = shown;
  config->settings = reader.read(*table);
  if (reader.failed()) return nullptr;
  return config;
}

std::shared_ptr<const ConfigFile> ConfigFinder::forFile(const std::string& file, std::vector<std::string>& errors) {
  std::error_code ec;
  fs::path dir = fs::absolute(file, ec).lexically_normal().parent_path();
  return forDirectory(dir.string(), errors);
}

std::shared_ptr<const ConfigFile> ConfigFinder::forDirectory(const std::string& dir, std::vector<std::string>& errors) {
  if (auto it = byDirectory_.find(dir); it != byDirectory_.end()) return it->second;
  std::shared_ptr<const ConfigFile> found;
  fs::path here(dir);
  if (isFile(here / "fxlint.toml")) {
    found = loadConfigFile((here / "fxlint.toml").string(), errors);
  } else if (isFile(here / "pyproject.toml")) {
    size_t before = errors.size();
    found = loadConfigFile((here / "pyproject.toml").string(), errors);
    // A pyproject.toml without [tool.fxlint] is not ours: keep walking up.
    if (!found && errors.size() == before && here.has_parent_path() && here.parent_path() != here)
      found = forDirectory(here.parent_path().string(), errors);
  } else if (here.has_parent_path() && here.parent_path() != here) {
    found = forDirectory(here.parent_path().string(), errors);
  }
  byDirectory_[dir] = found;
  return found;
}

Configuration effectiveConfiguration(const ConfigFile* file, const Settings& commandLine) {
  Settings base = file ? file->settings : Settings{};
  auto pick = [](const auto& cli, const auto& config) { return cli ? cli : config; };
  Configuration config;
  config.source = file ? file->path : "";
  config.trace.inputs = pick(commandLine.inputs, base.inputs);
  config.trace.leafClasses = pick(commandLine.leaf, base.leaf).value_or(std::vector<std::string>{});
  config.trace.paramShapesConstant = pick(commandLine.paramShapesConstant, base.paramShapesConstant).value_or(false);
  config.trace.tracer = pick(commandLine.tracer, base.tracer).value_or(Tracer::Fx);
  config.trace.submoduleVerdicts = commandLine.submoduleVerdicts;
  config.trace.capture = commandLine.capture;
  config.trace.reuseModuleCalls = std::getenv("FXLINT_NO_CALL_REUSE") == nullptr;
  config.roots = pick(commandLine.roots, base.roots).value_or(std::vector<std::string>{});
  config.rules.dynamicDims = pick(commandLine.dynamic, base.dynamic).value_or(std::vector<RuleOptions::DynamicDim>{});
  for (const RuleOptions::DynamicDim& dim : config.rules.dynamicDims) config.trace.dynamicDims.push_back({dim.input, dim.dim});
  config.codes.select = pick(commandLine.select, base.select);
  config.codes.ignore = pick(commandLine.ignore, base.ignore).value_or(std::vector<std::string>{});
  config.codes.extendSelect = base.extendSelect;
  config.codes.extendSelect.insert(config.codes.extendSelect.end(), commandLine.extendSelect.begin(),
                                   commandLine.extendSelect.end());
  return config;
}

}  // namespace fxlint
