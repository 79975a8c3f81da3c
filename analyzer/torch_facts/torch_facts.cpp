// Tables of torch behaviour under symbolic tracing, verified against real torch.fx (tests/oracle and
// docs/fx_semantics.md). One table per torch version: versions differ only by data.
#include "torch_facts/torch_facts.h"

#include <algorithm>
#include <array>

namespace fxlint {
namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool contains(std::span<const std::string_view> table, std::string_view name) {
  return std::find(table.begin(), table.end(), name) != table.end();
}

constexpr std::array<std::string_view, 6> kContainers = {
    "torch.nn.Sequential", "torch.nn.ModuleList", "torch.nn.ModuleDict",
    "torch.nn.modules.container.Sequential", "torch.nn.modules.container.ModuleList",
    "torch.nn.modules.container.ModuleDict"};

constexpr std::array<std::string_view, 12> kSizeFactories = {
    "torch.zeros", "torch.ones", "torch.empty", "torch.rand", "torch.randn", "torch.full",
    "torch.arange", "torch.eye", "torch.randint", "torch.randperm", "torch.linspace", "torch.empty_strided"};

constexpr std::array<std::string_view, 8> kProxyRejecting = {
    "torch.tensor", "torch.as_tensor", "torch.finfo", "torch.iinfo", "torch.Size",
    "torch.Tensor", "torch.LongTensor", "torch.FloatTensor"};

constexpr std::array<std::string_view, 2> kTypeChecks = {"torch.is_tensor", "torch.is_floating_point"};

constexpr std::array<std::string_view, 7> kTensorListConsumers = {
    "torch.cat", "torch.concat", "torch.concatenate", "torch.stack", "torch.hstack", "torch.vstack",
    "torch.dstack"};

constexpr std::array<std::string_view, 4> kTraceableAsserts = {
    "torch._assert", "torch._assert_async", "torch.fx.wrap", "torch._check"};

constexpr std::array<TracingStateFunction, 8> kTracingState = {{
    {"torch.jit.is_tracing", false, false},
    {"torch.jit.is_scripting", false, false},
    {"torch._C._get_tracing_state", false, false},
    {"torch.onnx.is_in_onnx_export", false, false},
    {"torch.compiler.is_compiling", false, true},
    {"torch.compiler.is_exporting", false, true},
    {"torch.fx._symbolic_trace.is_fx_tracing", true, true},  // non-strict export traces with FX's machinery
    {"torch.fx._symbolic_trace.is_fx_symbolic_tracing", true, false},
}};

constexpr std::array<std::string_view, 71> kModuleMembers = {
    "_apply", "_backward_hooks", "_buffers", "_call_impl", "_forward_hooks", "_forward_pre_hooks",
    "_get_backward_hooks", "_get_name", "_is_full_backward_hook", "_load_from_state_dict",
    "_load_state_dict_pre_hooks", "_modules", "_named_members", "_non_persistent_buffers_set",
    "_parameters", "_register_load_state_dict_pre_hook", "_register_state_dict_hook",
    "_save_to_state_dict", "_version",
    "add_module", "apply", "bfloat16", "buffers", "children", "compile", "cpu", "cuda", "double", "dump_patches",
    "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state", "get_parameter", "get_submodule",
    "half", "ipu", "load_state_dict", "modules", "mtia", "named_buffers", "named_children", "named_modules",
    "named_parameters", "parameters", "register_backward_hook", "register_buffer", "register_forward_hook",
    "register_forward_pre_hook", "register_full_backward_hook", "register_full_backward_pre_hook",
    "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook", "register_module",
    "register_parameter", "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_",
    "set_extra_state", "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "training",
    "type", "xpu", "zero_grad"};

// Sequential, ModuleList and ModuleDict add these to nn.Module's members.
constexpr std::array<std::string_view, 10> kContainerMembers = {"append", "extend", "insert", "pop", "items",
                                                                "keys", "values", "update", "clear", "index"};

constexpr std::string_view kDtypes[] = {
    "torch.float32", "torch.float", "torch.float64", "torch.double", "torch.float16", "torch.half",
    "torch.bfloat16", "torch.int8", "torch.uint8", "torch.int16", "torch.short", "torch.int32", "torch.int",
    "torch.int64", "torch.long", "torch.bool", "torch.complex64", "torch.complex128", "torch.cfloat",
    "torch.cdouble", "torch.float8_e4m3fn", "torch.float8_e5m2"};

constexpr std::array<std::string_view, 5> kMetadataAttributes = {"dtype", "device", "is_cuda",
                                                                 "requires_grad", "layout"};

// timm's FX registrations: defined in timm.layers._fx (timm >= 0.9; timm.models.fx_features before),
// re-exported from timm.layers, timm.models.layers and timm.models._features_fx. timm's tracer
// (create_feature_extractor, FeatureGraphNet) passes the registered classes as leaf_modules and the
// functions as autowrap_functions; plain symbolic_trace ignores them.
constexpr std::array<std::string_view, 5> kTimmFxModules = {
    "timm.layers._fx", "timm.layers", "timm.models.layers", "timm.models._features_fx", "timm.models.fx_features"};

bool isTimmRegistration(std::string_view name, std::string_view function) {
  if (name.size() <= function.size() + 1 || !name.ends_with(function) || name[name.size() - function.size() - 1] != '.')
    return false;
  return contains(kTimmFxModules, name.substr(0, name.size() - function.size() - 1));
}

constexpr TorchClassNames kClasses{"torch.Tensor", "torch.nn.Parameter", "torch._subclasses.fake_tensor.FakeTensor",
                                   "torch.fx.Proxy", "torch.nn.Module", "torch.autograd.Function"};

constexpr std::pair<std::string_view, std::string_view> kClassBases[] = {
    {"torch.Tensor", "builtins.object"},
    {"torch.nn.Parameter", "torch.Tensor"},
    {"torch._subclasses.fake_tensor.FakeTensor", "torch.Tensor"},
    {"torch.nn.Buffer", "torch.Tensor"},
    {"torch.fx.Proxy", "builtins.object"},
    {"torch.fx.proxy.TraceError", "builtins.ValueError"},
    {"torch.fx.experimental.symbolic_shapes.GuardOnDataDependentSymNode", "builtins.RuntimeError"},
    {"torch.nn.Module", "builtins.object"},
};

constexpr std::string_view kTraceFailureExceptions[] = {"torch.fx.proxy.TraceError", "builtins.RuntimeError",
                                                        "builtins.TypeError", "builtins.KeyError",
                                                        "builtins.AttributeError"};

constexpr std::pair<std::string_view, KnownTensorFunction> kKnownTensorFunctions[] = {
    {"torch.arange", KnownTensorFunction::Arange}, {"torch.linspace", KnownTensorFunction::Linspace},
    {"torch.tensor", KnownTensorFunction::FromData}, {"torch.as_tensor", KnownTensorFunction::FromData},
    {"torch.zeros", KnownTensorFunction::Zeros}, {"torch.ones", KnownTensorFunction::Ones}};

constexpr std::pair<std::string_view, std::string_view> kOperatorFunctions[] = {
    {"torch.add", "+"}, {"torch.sub", "-"}, {"torch.mul", "*"}, {"torch.div", "/"}, {"torch.divide", "/"},
    {"torch.true_divide", "/"}, {"torch.floor_divide", "//"}, {"torch.pow", "**"}, {"torch.remainder", "%"}};

constexpr ModuleTensors kModuleTensors214[] = {
#include "torch_facts/module_tensors_2_14.inc"
};

constexpr std::string_view kNoneInputRejecting214[] = {
#include "torch_facts/none_input_2_14.inc"
};

constexpr std::string_view kChildless214[] = {
#include "torch_facts/childless_modules_2_14.inc"
};

constexpr NamespaceMembers kNamespaces214[] = {
#include "torch_facts/namespaces_2_14.inc"
};

bool listed(std::string_view names, std::string_view name) {
  for (size_t start = 0; start <= names.size();) {
    size_t end = std::min(names.find(',', start), names.size());
    if (names.substr(start, end - start) == name) return true;
    start = end + 1;
  }
  return false;
}

// torch 2.14.1, verified by tests/oracle on samples/ (docs/fx_semantics.md lists what changed).
constexpr TorchFacts kTorch214{
    "2.14", FactorySizeRule::LeadingProxyFails, kSizeFactories, kProxyRejecting, kTypeChecks,
    kTensorListConsumers, /*tensorListFromProxyFails=*/false, /*realTensorSliceByProxyFails=*/true,
    kTracingState, kTraceableAsserts, kModuleTensors214, kClasses, kClassBases, kTraceFailureExceptions,
    kNamespaces214, kNoneInputRejecting214, kChildless214};

// torch 1.13.1 (as first measured): kept for reading old reports.
constexpr TorchFacts kTorch113{
    "1.13", FactorySizeRule::AnyProxyFails, kSizeFactories, kProxyRejecting, kTypeChecks,
    kTensorListConsumers, /*tensorListFromProxyFails=*/true, /*realTensorSliceByProxyFails=*/true,
    kTracingState, kTraceableAsserts, kModuleTensors214, kClasses, kClassBases, kTraceFailureExceptions,
    kNamespaces214, kNoneInputRejecting214, kChildless214};

}  // namespace

std::string TorchFacts::canonicalClassName(std::string_view name) const {
  if (isPublicNnClass(name)) return "torch.nn." + std::string(name.substr(name.rfind('.') + 1));
  if (name == "torch.fx.proxy.Proxy") return "torch.fx.Proxy";
  if (name == "torch.fx.TraceError") return "torch.fx.proxy.TraceError";
  if (name == "torch._subclasses.FakeTensor") return "torch._subclasses.fake_tensor.FakeTensor";
  return std::string(name);
}

bool TorchFacts::isPublicNnClass(std::string_view name) const {
  if (!startsWith(name, "torch.nn.")) return false;
  std::string_view last = name.substr(name.rfind('.') + 1);
  return !last.empty() && last[0] >= 'A' && last[0] <= 'Z';
}

bool TorchFacts::isNnName(std::string_view name) const { return startsWith(name, "torch.nn."); }

bool TorchFacts::isModuleLibraryName(std::string_view name) const {
  return isNnName(name) || startsWith(name, "torch.ao.nn.");
}

bool TorchFacts::isModuleBase(std::string_view name) const {
  return name == "torch.nn.Module" || name == "torch.nn.modules.module.Module";
}

bool TorchFacts::isScriptingDecorator(std::string_view name) const { return name.ends_with("jit.script"); }

bool TorchFacts::isWrapRegistration(std::string_view name) const { return name == "torch.fx.wrap"; }
bool TorchFacts::isPytreeRegistration(std::string_view name) const {
  return name == "torch.utils._pytree.register_pytree_node" || name == "torch.utils._pytree._register_pytree_node" ||
         name == "torch.utils._pytree.register_dataclass" || name == "torch.export.register_dataclass";
}

std::optional<KnownTensorFunction> TorchFacts::knownTensorFunction(std::string_view name) const {
  for (const auto& [function, kind] : kKnownTensorFunctions)
    if (function == name) return kind;
  return std::nullopt;
}

std::optional<std::string_view> TorchFacts::operatorFunction(std::string_view name) const {
  for (const auto& [function, op] : kOperatorFunctions)
    if (function == name) return op;
  return std::nullopt;
}

bool TorchFacts::isLeafModuleClass(std::string_view name) const {
  if (containerKind(name)) return false;
  if (!(startsWith(name, "torch.nn.") || startsWith(name, "torch.ao.nn."))) return false;
  // Only classes (capitalized last component) are modules; `torch.nn.functional.relu` is not.
  char first = name[name.rfind('.') + 1];
  return first >= 'A' && first <= 'Z' && !startsWith(name, "torch.nn.functional.") &&
         !isParameterConstructor(name) && !isBufferConstructor(name) && !startsWith(name, "torch.nn.init.") &&
         !startsWith(name, "torch.nn.utils.");
}

std::optional<std::string_view> TorchFacts::containerKind(std::string_view name) const {
  if (!contains(kContainers, name)) return std::nullopt;
  return name.substr(name.rfind('.') + 1);
}

bool TorchFacts::isParameterConstructor(std::string_view name) const {
  return name == "torch.nn.Parameter" || name == "torch.nn.parameter.Parameter";
}

std::string_view TorchFacts::exceptionRaisedBy(EventKind kind, std::string_view detail) const {
  switch (kind) {
    case EventKind::ProxyAsBool: case EventKind::ProxyIteration: case EventKind::BuiltinMinMax:
      return "torch.fx.proxy.TraceError";
    case EventKind::ProxyLen: return "builtins.RuntimeError";
    case EventKind::ProxyToScalar: case EventKind::FactoryWithProxy: case EventKind::TensorListFromProxy:
    case EventKind::ProxyItemAssignment:
      return "builtins.TypeError";
    case EventKind::ProxyAsPythonIndex: return detail == "mapping" ? "builtins.KeyError" : "builtins.TypeError";
    case EventKind::NoneAttribute: return "builtins.AttributeError";
    case EventKind::DataDependentGuard:
      return "torch.fx.experimental.symbolic_shapes.GuardOnDataDependentSymNode";
    case EventKind::MissingForward: case EventKind::UnflattenableOutput: return "builtins.NotImplementedError";
    case EventKind::UnregisteredPytreeOutput: return "builtins.RuntimeError";
    case EventKind::RaiseReached: return "";
    default: return "builtins.Exception";  // some error: only a handler of Exception surely catches it
  }
}

std::optional<std::string_view> TorchFacts::splittingMethod(std::string_view name) const {
  for (std::string_view method : {"split", "tensor_split", "chunk", "unbind"})
    if (startsWith(name, "torch.") && name.substr(6) == method) return method;
  return std::nullopt;
}

bool TorchFacts::returnsItsModule(std::string_view name) const {
  for (std::string_view function :
       {"torch.nn.utils.weight_norm", "torch.nn.utils.spectral_norm", "torch.nn.utils.parametrizations.weight_norm",
        "torch.nn.utils.parametrizations.spectral_norm", "torch.nn.utils.parametrizations.orthogonal",
        "torch.nn.utils.parametrize.register_parametrization", "torch.nn.utils.remove_weight_norm",
        "torch.nn.utils.remove_spectral_norm"})
    if (name == function) return true;
  return false;
}

bool TorchFacts::isReturnTypeField(std::string_view name) const {
  for (std::string_view field : {"values", "indices", "eigenvalues", "eigenvectors", "sign", "logabsdet",
                                 "solution", "mantissa", "exponent", "pivots", "Q", "R", "U", "S", "Vh", "L"})
    if (name == field) return true;
  return false;
}

bool TorchFacts::hasNoChildren(std::string_view name) const {
  if (!isPublicNnClass(name)) return false;
  std::string canonical = canonicalClassName(name);
  return std::find(childlessModules.begin(), childlessModules.end(), canonical) != childlessModules.end();
}

bool TorchFacts::rejectsNoneInput(std::string_view name) const {
  if (!isPublicNnClass(name)) return false;
  std::string canonical = canonicalClassName(name);
  return std::find(noneInputRejecting.begin(), noneInputRejecting.end(), canonical) != noneInputRejecting.end();
}

OwnedTensor TorchFacts::ownedTensor(std::string_view moduleClass, std::string_view attribute) const {
  // `torch.nn.modules.linear.Linear` is `torch.nn.Linear`.
  std::string_view shortName = moduleClass.substr(moduleClass.rfind('.') + 1);
  if (!startsWith(moduleClass, "torch.nn.")) return OwnedTensor::None;
  for (const ModuleTensors& entry : moduleTensors) {
    if (entry.moduleClass.substr(entry.moduleClass.rfind('.') + 1) != shortName) continue;
    if (listed(entry.parameters, attribute)) return OwnedTensor::Parameter;
    if (listed(entry.buffers, attribute)) return OwnedTensor::Buffer;
    return OwnedTensor::None;
  }
  return OwnedTensor::None;
}

bool TorchFacts::isBufferConstructor(std::string_view name) const {
  return name == "torch.nn.Buffer" || name == "torch.nn.parameter.Buffer";
}

bool TorchFacts::isSizeFactory(std::string_view name) const { return contains(sizeFactories, name); }
bool TorchFacts::isRealTensorSizeMethod(std::string_view method) const {
  return method == "expand" || method == "new_zeros" || method == "new_ones" || method == "new_empty";
}
bool TorchFacts::rejectsProxies(std::string_view name) const { return contains(proxyRejecting, name); }
bool TorchFacts::isTypeCheck(std::string_view name) const { return contains(typeChecks, name); }
bool TorchFacts::takesTensorList(std::string_view name) const { return contains(tensorListConsumers, name); }

std::optional<bool> TorchFacts::tracingStateUnder(Capture capture, std::string_view name) const {
  for (const auto& entry : tracingState)
    if (entry.name == name) return capture == Capture::Export ? entry.underExport : entry.underFx;
  return std::nullopt;
}

bool TorchFacts::isTraceableAssert(std::string_view name) const { return contains(traceableAsserts, name); }
bool TorchFacts::isAutowrappedModule(std::string_view name) const { return name == "math"; }
bool TorchFacts::isNonTorchNumericLibrary(std::string_view name) const {
  return name == "numpy" || startsWith(name, "numpy.");
}
bool TorchFacts::isDtypeName(std::string_view name) const { return contains(kDtypes, name); }

std::optional<bool> TorchFacts::definesName(std::string_view module, std::string_view name) const {
  for (const NamespaceMembers& entry : namespaces)
    if (entry.module == module) return listed(entry.names, name);
  return std::nullopt;
}
bool TorchFacts::isTorchName(std::string_view name) const { return name == "torch" || startsWith(name, "torch."); }
bool TorchFacts::isShapeAttribute(std::string_view name) const { return name == "shape"; }
bool TorchFacts::isRankAttribute(std::string_view name) const { return name == "ndim"; }
bool TorchFacts::isMetadataAttribute(std::string_view name) const {
  return std::find(kMetadataAttributes.begin(), kMetadataAttributes.end(), name) != kMetadataAttributes.end();
}
bool TorchFacts::isPythonValueMethod(std::string_view name) const { return name == "item" || name == "tolist"; }
bool TorchFacts::methodSizesFromValues(std::string_view method) const {
  return method == "nonzero" || method == "argwhere" || method == "masked_select" || method == "unique" ||
         method == "unique_consecutive";
}
bool TorchFacts::sizesFromValues(std::string_view name, size_t positional) const {
  if (name == "torch.where") return positional == 1;
  if (name == "torch.ops.torchvision.nms") return true;
  return name.starts_with("torch.") && name.find('.', 6) == std::string_view::npos &&
         methodSizesFromValues(name.substr(6));
}
bool TorchFacts::isMetadataMethod(std::string_view name) const {
  return name == "is_floating_point" || name == "is_complex" || name == "is_signed" || name == "get_device" ||
         name == "element_size";
}

bool TorchFacts::isModuleMember(std::string_view name) const { return contains(kModuleMembers, name); }

bool TorchFacts::isContainerMember(std::string_view name) const { return contains(kContainerMembers, name); }
bool TorchFacts::registersLeafModule(std::string_view name) const {
  return isTimmRegistration(name, "register_notrace_module");
}
bool TorchFacts::copiesDataOutOfTorch(std::string_view name) const { return name == "numpy"; }
bool TorchFacts::registersLeafFunction(std::string_view name) const {
  return isTimmRegistration(name, "register_notrace_function");
}

const TorchFacts& torchFacts(std::string_view version) {
  if (version == "1.13") return kTorch113;
  return kTorch214;
}

}  // namespace fxlint
