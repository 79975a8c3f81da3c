// Edits an exported ONNX model in place of Python: node doc_strings, model metadata_props, the checker.
#include "onnx_tagger.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include <nlohmann/json.hpp>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

namespace {

char* copyOut(const std::string& text, size_t* size = nullptr) {
  char* buffer = static_cast<char*>(std::malloc(text.size() + 1));
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  if (size) *size = text.size();
  return buffer;
}

int fail(char** error, const std::string& message) {
  *error = copyOut(message);
  return 1;
}

void setMetadata(onnx::ModelProto& model, const std::string& key, const std::string& value) {
  for (auto& entry : *model.mutable_metadata_props()) {
    if (entry.key() == key) {
      entry.set_value(value);
      return;
    }
  }
  auto* entry = model.add_metadata_props();
  entry->set_key(key);
  entry->set_value(value);
}

}  // namespace

extern "C" int fxlint_onnx_tag(const char* data, size_t size, const char* editsJson, char** out, size_t* outSize,
                               char** error) {
  try {
    onnx::ModelProto model;
    if (!model.ParseFromArray(data, int(size))) return fail(error, "not an ONNX model (protobuf parse failed)");
    nlohmann::json edits = nlohmann::json::parse(editsJson);
    std::map<std::string, std::string> docStrings = edits.value("doc_strings", std::map<std::string, std::string>{});
    size_t tagged = 0;
    for (auto& node : *model.mutable_graph()->mutable_node()) {
      auto found = docStrings.find(node.name());
      if (found == docStrings.end()) continue;
      node.set_doc_string(found->second);
      ++tagged;
    }
    if (tagged != docStrings.size())
      return fail(error, "ONNX node names are not unique or do not match: " + std::to_string(tagged) + " of " +
                             std::to_string(docStrings.size()) + " tags placed");
    for (const auto& [key, value] : edits.value("metadata", std::map<std::string, std::string>{}))
      setMetadata(model, key, value);
    std::string bytes;
    if (!model.SerializeToString(&bytes)) return fail(error, "cannot serialize the ONNX model");
    *out = copyOut(bytes, outSize);
    return 0;
  } catch (const std::exception& e) {
    return fail(error, e.what());
  }
}

extern "C" int fxlint_onnx_check(const char* data, size_t size, char** error) {
  try {
    onnx::ModelProto model;
    if (!model.ParseFromArray(data, int(size))) return fail(error, "not an ONNX model (protobuf parse failed)");
    onnx::checker::check_model(model);
    onnx::ShapeInferenceOptions options{/*check_type=*/true, /*error_mode=*/1, /*enable_data_propagation=*/false};
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
    return 0;
  } catch (const std::exception& e) {
    return fail(error, e.what());
  }
}

extern "C" void fxlint_onnx_free(char* buffer) { std::free(buffer); }
