#include "fxlint/trace_config.h"

namespace fxlint {

std::optional<Capture> captureNamed(std::string_view name) {
  for (Capture capture : {Capture::Fx, Capture::Export})
    if (name == captureName(capture)) return capture;
  return std::nullopt;
}

const char* captureName(Capture capture) { return capture == Capture::Export ? "export" : "fx"; }

std::optional<Tracer> tracerNamed(std::string_view name) {
  for (Tracer tracer : {Tracer::Fx, Tracer::Timm, Tracer::Torchvision})
    if (name == tracerName(tracer)) return tracer;
  return std::nullopt;
}

const char* tracerName(Tracer tracer) {
  switch (tracer) {
    case Tracer::Fx: return "fx";
    case Tracer::Timm: return "timm";
    case Tracer::Torchvision: return "torchvision";
  }
  return "fx";
}

std::string TraceConfig::describe() const {
  std::string text = "vanilla";
  if (inputs) {
    text = "inputs=";
    for (size_t i = 0; i < inputs->size(); ++i) text += (i ? "," : "") + (*inputs)[i];
  }
  if (tracer != Tracer::Fx) text += std::string(", tracer=") + tracerName(tracer);
  if (capture != Capture::Fx) text += std::string(", capture=") + captureName(capture);
  return text;
}

std::string TraceConfig::fingerprint() const {
  // Lengths before names, so no name can forge a separator.
  auto list = [](const std::vector<std::string>& names) {
    std::string text = std::to_string(names.size()) + ":";
    for (const std::string& name : names) text += std::to_string(name.size()) + ":" + name;
    return text;
  };
  std::vector<std::string> dims;
  for (const ShapeRef& dim : dynamicDims) dims.push_back(dim.input + ":" + std::to_string(dim.dim));
  return "inputs=" + (inputs ? list(*inputs) : std::string("all")) + ";leaf=" + list(leafClasses) +
         ";param_shapes_constant=" + (paramShapesConstant ? "1" : "0") +
         ";submodules=" + (submoduleVerdicts ? "1" : "0") + ";dynamic=" + list(dims) +
         ";reuse=" + (reuseModuleCalls ? "1" : "0") + ";tracer=" + tracerName(tracer) +
         ";capture=" + captureName(capture);
}

}  // namespace fxlint
