// How one analysis traces: which capture (torch.fx or torch.export), which tracer's leaves, which
// inputs are traced and which dims vary. The interpreter, the analysis facade, the CLI and the exporter
// all read it; it sits below all of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fxlint/trace_event.h"

namespace fxlint {

// The tracer a verdict is for: plain `torch.fx.symbolic_trace` unless a library tracer that honours
// extra leaves is asked for (--tracer; docs/configuration.md).
enum class Tracer {
  Fx,           // torch.fx.symbolic_trace: torch.nn leaves and torch.fx.wrap only
  Timm,         // timm's FX tools: also its register_notrace_module / register_notrace_function
  Torchvision,  // torchvision's feature extraction: also every torchvision.ops module class
};
std::optional<Tracer> tracerNamed(std::string_view name);
const char* tracerName(Tracer tracer);

// What captures the model: torch.fx.symbolic_trace (Proxies for inputs, the default), or non-strict
// torch.export (fake tensors with concrete static dims, `dynamicDims` symbolic under Dim.AUTO).
enum class Capture { Fx, Export };
std::optional<Capture> captureNamed(std::string_view name);
const char* captureName(Capture capture);

struct TraceConfig {
  Tracer tracer = Tracer::Fx;
  Capture capture = Capture::Fx;
  // Which forward parameters are traced inputs. Unset: vanilla symbolic_trace (all of them); set: only
  // those, the others concrete at their defaults (HuggingFace's convention).
  std::optional<std::vector<std::string>> inputs;
  std::vector<std::string> leafClasses;  // user-configured leaf modules, by class name
  bool paramShapesConstant = false;
  // Builders: also give the verdict of each project module inside the built model, traced on its own
  // with the constructor arguments the builder gave it.
  bool submoduleVerdicts = false;
  // Input dims meant to vary (--dynamic). C++ files are traced with real tensors (LibTorch's tracer):
  // a decision on a dim specializes the trace only when that dim varies; none given: every dim does.
  std::vector<ShapeRef> dynamicDims;
  // Reuse the trace of a module call made before with the same state and arguments (results are the
  // same either way; FXLINT_NO_CALL_REUSE=1 turns it off, for the test that checks exactly that).
  bool reuseModuleCalls = true;
  std::string describe() const;  // "vanilla" or "inputs=a,b", with ", tracer=timm" for a library tracer
  // Every field, unambiguously: analyses are cached under it, so a new field must be added here.
  std::string fingerprint() const;
};

}  // namespace fxlint
