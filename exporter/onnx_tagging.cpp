#include "onnx_tagging.h"

#include <dlfcn.h>

#include <nlohmann/json.hpp>

#include "onnx_tagger/onnx_tagger.h"
#ifdef FXLINT_WHEEL
#include "fxlint/install_layout.h"
#endif

namespace fxlint::exporter {

namespace {

// The tagging module, loaded once; see onnx_tagger.h for why it is isolated.
struct TaggerModule {
  decltype(&fxlint_onnx_tag) tag = nullptr;
  decltype(&fxlint_onnx_check) check = nullptr;
  decltype(&fxlint_onnx_free) release = nullptr;
  std::string error;
};

const TaggerModule& taggerModule() {
  static TaggerModule module = [] {
    TaggerModule loaded;
#ifdef FXLINT_WHEEL  // in the installed package, with the ONNX libraries auditwheel bundled beside it
    std::string path = install_layout::nativeModulePath(FXLINT_ONNX_TAGGER_PATH, loaded.error);
    if (path.empty()) return loaded;
#else
    std::string path = FXLINT_ONNX_TAGGER_PATH;
#endif
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!handle) {
      loaded.error = std::string("cannot load the ONNX tagging module: ") + dlerror();
      return loaded;
    }
    loaded.tag = reinterpret_cast<decltype(&fxlint_onnx_tag)>(dlsym(handle, "fxlint_onnx_tag"));
    loaded.check = reinterpret_cast<decltype(&fxlint_onnx_check)>(dlsym(handle, "fxlint_onnx_check"));
    loaded.release = reinterpret_cast<decltype(&fxlint_onnx_free)>(dlsym(handle, "fxlint_onnx_free"));
    if (!loaded.tag || !loaded.check || !loaded.release) loaded.error = "the ONNX tagging module lacks its entry points";
    return loaded;
  }();
  return module;
}

}  // namespace

TagResult tagModel(const std::string& model, const std::vector<NodeTag>& tags,
                   const std::map<std::string, std::string>& metadata) {
  const TaggerModule& module = taggerModule();
  if (!module.error.empty()) return {"", module.error};
  nlohmann::json edits{{"metadata", metadata}, {"doc_strings", nlohmann::json::object()}};
  for (const NodeTag& tag : tags) edits["doc_strings"][tag.name] = docStringOf(tag);
  char* out = nullptr;
  char* error = nullptr;
  size_t size = 0;
  std::string request = edits.dump();
  if (module.tag(model.data(), model.size(), request.c_str(), &out, &size, &error) != 0) {
    TagResult result{"", error ? error : "tagging failed"};
    module.release(error);
    return result;
  }
  TagResult result{std::string(out, size), ""};
  module.release(out);
  return result;
}

std::string checkWithSystemOnnx(const std::string& model) {
  const TaggerModule& module = taggerModule();
  if (!module.error.empty()) return module.error;
  char* error = nullptr;
  if (module.check(model.data(), model.size(), &error) == 0) return "";
  std::string message = error ? error : "check failed";
  module.release(error);
  return message;
}

}  // namespace fxlint::exporter
