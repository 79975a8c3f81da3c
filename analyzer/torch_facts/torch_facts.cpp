// Tables of torch behaviour under symbolic tracing, verified against real torch.fx (tests/oracle and
// docs/fx_semantics.md). One table per torch version; a version differs only by data.
#include "torch_facts/torch_facts.h"

#include <algorithm>
#include <array>

namespace fxlint {
namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

template <size_t N>
bool contains(const std::array<std::string_view, N>& table, std::string_view name) {
  return std::find(table.begin(), table.end(), name) != table.end();
}

constexpr std::array<std::string_view, 6> kContainers = {
    "torch.nn.Sequential", "torch.nn.ModuleList", "torch.nn.ModuleDict",
    "torch.nn.modules.container.Sequential", "torch.nn.modules.container.ModuleList",
    "torch.nn.modules.container.ModuleDict"};

constexpr std::array<std::string_view, 22> kFactories = {
    "torch.zeros", "torch.ones", "torch.empty", "torch.full", "torch.rand", "torch.randn",
    "torch.randint", "torch.randperm", "torch.arange", "torch.range", "torch.linspace",
    "torch.logspace", "torch.eye", "torch.tensor", "torch.as_tensor", "torch.empty_strided",
    "torch.tril_indices", "torch.triu_indices", "torch.finfo", "torch.iinfo", "torch.Tensor",
    "torch.LongTensor"};

constexpr std::array<std::string_view, 7> kTensorListConsumers = {
    "torch.cat", "torch.concat", "torch.concatenate", "torch.stack", "torch.hstack",
    "torch.vstack", "torch.dstack"};

constexpr std::array<std::string_view, 4> kTraceableAsserts = {
    "torch._assert", "torch._assert_async", "torch.fx.wrap", "torch._check"};

constexpr std::array<std::string_view, 5> kMetadataAttributes = {
    "dtype", "device", "is_cuda", "requires_grad", "layout"};

struct TracingState { std::string_view name; bool underFx; };
constexpr std::array<TracingState, 7> kTracingState = {{
    {"torch.jit.is_tracing", false},
    {"torch.jit.is_scripting", false},
    {"torch._C._get_tracing_state", false},
    {"torch.onnx.is_in_onnx_export", false},
    {"torch.compiler.is_compiling", false},
    {"torch.fx._symbolic_trace.is_fx_tracing", true},
    {"torch.fx._symbolic_trace.is_fx_symbolic_tracing", true},
}};

}  // namespace

bool TorchFacts::isLeafModuleClass(std::string_view name) const {
  if (containerKind(name)) return false;
  if (!(startsWith(name, "torch.nn.") || startsWith(name, "torch.ao.nn."))) return false;
  // Only classes (capitalized last component) are modules; `torch.nn.functional.relu` is not.
  size_t dot = name.rfind('.');
  char first = name[dot + 1];
  return first >= 'A' && first <= 'Z' && !startsWith(name, "torch.nn.functional.") &&
         !isParameterConstructor(name) && !startsWith(name, "torch.nn.init.") &&
         !startsWith(name, "torch.nn.utils.");
}

std::optional<std::string_view> TorchFacts::containerKind(std::string_view name) const {
  if (!contains(kContainers, name)) return std::nullopt;
  return name.substr(name.rfind('.') + 1);
}

bool TorchFacts::isParameterConstructor(std::string_view name) const {
  return name == "torch.nn.Parameter" || name == "torch.nn.parameter.Parameter";
}

bool TorchFacts::isFactoryFunction(std::string_view name) const { return contains(kFactories, name); }
bool TorchFacts::takesTensorList(std::string_view name) const {
  return contains(kTensorListConsumers, name);
}

std::optional<bool> TorchFacts::tracingStateUnderFx(std::string_view name) const {
  for (const auto& entry : kTracingState)
    if (entry.name == name) return entry.underFx;
  return std::nullopt;
}

bool TorchFacts::isTraceableAssert(std::string_view name) const { return contains(kTraceableAsserts, name); }
bool TorchFacts::isAutowrappedModule(std::string_view name) const { return name == "math"; }
bool TorchFacts::isNonTorchNumericLibrary(std::string_view name) const {
  return name == "numpy" || startsWith(name, "numpy.");
}
bool TorchFacts::isTorchName(std::string_view name) const {
  return name == "torch" || startsWith(name, "torch.");
}
bool TorchFacts::isShapeAttribute(std::string_view name) const { return name == "shape"; }
bool TorchFacts::isRankAttribute(std::string_view name) const { return name == "ndim"; }
bool TorchFacts::isMetadataAttribute(std::string_view name) const {
  return contains(kMetadataAttributes, name);
}
bool TorchFacts::isPythonValueMethod(std::string_view name) const {
  return name == "item" || name == "tolist";
}

const TorchFacts& torchFacts(std::string_view) {
  static const TorchFacts kTorch214{"2.14"};
  return kTorch214;
}

}  // namespace fxlint
