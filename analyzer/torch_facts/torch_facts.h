// What torch does with Proxies, as data keyed by torch version (FX semantics that are facts about the
// library rather than about Python). The interpreter asks; it never hard-codes torch names itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fxlint {

struct TorchFacts {
  std::string_view torchVersion;

  // `torch.nn.Conv2d` -> true. Modules whose class lives in torch.nn / torch.ao.nn are call_module
  // leaves, except the containers, which are traced through.
  bool isLeafModuleClass(std::string_view qualifiedName) const;
  // torch.nn.Sequential / ModuleList / ModuleDict.
  std::optional<std::string_view> containerKind(std::string_view qualifiedName) const;
  // nn.Parameter: reads of such attributes are get_attr Proxies.
  bool isParameterConstructor(std::string_view qualifiedName) const;
  // Factory functions whose size/device/dtype arguments must be real Python values.
  bool isFactoryFunction(std::string_view qualifiedName) const;
  // torch.cat/stack: need a real list of tensors, not one Proxy standing for it.
  bool takesTensorList(std::string_view qualifiedName) const;
  // torch.jit.is_tracing() etc.: the value they return under symbolic_trace.
  std::optional<bool> tracingStateUnderFx(std::string_view qualifiedName) const;
  // torch._assert and friends: recorded in the graph, never evaluated.
  bool isTraceableAssert(std::string_view qualifiedName) const;
  // Modules FX auto-wraps (math): their functions accept Proxies.
  bool isAutowrappedModule(std::string_view qualifiedName) const;
  // Libraries that compute on real values only (numpy): a Proxy argument raises.
  bool isNonTorchNumericLibrary(std::string_view qualifiedName) const;
  // Names that are part of torch (a call on them with a Proxy is recorded, not a hazard).
  bool isTorchName(std::string_view qualifiedName) const;
  // Tensor attributes by what they expose.
  bool isShapeAttribute(std::string_view name) const;     // shape
  bool isRankAttribute(std::string_view name) const;      // ndim
  bool isMetadataAttribute(std::string_view name) const;  // dtype, device, is_cuda, ...
  bool isPythonValueMethod(std::string_view name) const;  // item, tolist: a real value in eager
};

inline constexpr std::string_view kDefaultTorchVersion = "2.14";
// The facts for a torch version ("2.14"); unknown versions get the newest table.
const TorchFacts& torchFacts(std::string_view version = kDefaultTorchVersion);

}  // namespace fxlint
