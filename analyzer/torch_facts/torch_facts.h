// What torch does with Proxies, as data keyed by torch version (FX semantics that are facts about the
// library rather than about Python). The interpreter asks; it never hard-codes torch names itself.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "fxlint/trace_config.h"
#include "fxlint/trace_event.h"

namespace fxlint {

// How a factory function treats a Proxy among its size arguments.
enum class FactorySizeRule {
  AnyProxyFails,       // torch 1.13: sizes are parsed as Python ints, a Proxy anywhere raises
  LeadingProxyFails,   // torch 2.x: a Proxy as the first of several positional sizes picks the
                       // single-size overload and raises; one size, a tuple, or later sizes are recorded
};

struct TracingStateFunction {
  std::string_view name;
  bool underFx;      // what it returns under symbolic_trace
  bool underExport;  // ... and under non-strict torch.export
};

// A torch.nn class's own tensors, as an instance built with small arguments has them: names separated
// by commas (generated from the installed torch by scripts/generate_torch_facts.py).
struct ModuleTensors {
  std::string_view moduleClass;  // "torch.nn.Linear"
  std::string_view parameters;   // "bias,weight"
  std::string_view buffers;      // "num_batches_tracked,running_mean,running_var"
};

enum class OwnedTensor { None, Parameter, Buffer };

// A torch module and every name it defines, comma-separated (generated like ModuleTensors).
struct NamespaceMembers {
  std::string_view module;  // "torch.nn.functional"
  std::string_view names;   // "adaptive_avg_pool1d,...,scaled_dot_product_attention,..."
};

// torch's classes by the role Python's type model gives them (type(), isinstance, issubclass).
struct TorchClassNames {
  std::string_view tensor;            // torch.Tensor: a real tensor's type
  std::string_view parameter;         // torch.nn.Parameter
  std::string_view fakeTensor;        // what a tensor is under torch.export
  std::string_view proxy;             // what a traced value is under symbolic_trace
  std::string_view module;            // torch.nn.Module
  std::string_view autogradFunction;  // its subclasses' `apply` runs their static forward in Python
};

// Torch functions fxlint computes when their arguments are known values (a buffer built in __init__
// from constants, say), by what they compute.
enum class KnownTensorFunction {
  Arange,     // torch.arange(end) / (start, end[, step])
  Linspace,   // torch.linspace(start, end, steps)
  FromData,   // torch.tensor / torch.as_tensor of numbers
  Zeros,      // torch.zeros(n)
  Ones,       // torch.ones(n)
};

struct TorchFacts {
  std::string_view torchVersion;
  FactorySizeRule factorySizeRule;
  std::span<const std::string_view> sizeFactories;     // torch.zeros(*size), torch.randn(*size), ...
  std::span<const std::string_view> proxyRejecting;    // raise for any Proxy argument: torch.tensor, finfo
  std::span<const std::string_view> typeChecks;        // torch.is_tensor: False for a Proxy
  std::span<const std::string_view> tensorListConsumers;  // torch.cat/stack
  bool tensorListFromProxyFails;                       // one Proxy where a list of tensors is needed
  bool realTensorSliceByProxyFails;                    // buffer[:, :p] (an int Proxy index is recorded)
  std::span<const TracingStateFunction> tracingState;
  // Assertion calls: torch._assert (FX records it, never evaluated), torch._check (wants a real bool).
  std::span<const std::string_view> traceableAsserts;
  std::span<const ModuleTensors> moduleTensors;
  TorchClassNames classes;
  // torch's classes the type model knows, each with its base (`torch.nn.Parameter` -> `torch.Tensor`).
  std::span<const std::pair<std::string_view, std::string_view>> classBases;
  // Every exception class symbolic_trace raises at a hard failure: an `except` catching one of them
  // may be what a failing trace runs.
  std::span<const std::string_view> traceFailureExceptions;
  std::span<const NamespaceMembers> namespaces;
  // torch.nn classes whose forward raises when its one required input is None (generated).
  std::span<const std::string_view> noneInputRejecting;
  // torch.nn classes whose instances have no submodules (generated).
  std::span<const std::string_view> childlessModules;

  // One spelling per class: `torch.nn.modules.conv.Conv2d` and `torch.nn.Conv2d` are one class, and so
  // are `torch.fx.proxy.Proxy` and `torch.fx.Proxy`. Other names are returned as given.
  std::string canonicalClassName(std::string_view qualifiedName) const;
  // A class of torch.nn's public API (capitalized: `torch.nn.Linear`, not `torch.nn.functional.relu`).
  bool isPublicNnClass(std::string_view qualifiedName) const;
  bool isNnName(std::string_view qualifiedName) const;  // in torch.nn
  // In the namespaces torch's module classes live in (torch.nn, torch.ao.nn).
  bool isModuleLibraryName(std::string_view qualifiedName) const;
  // torch.nn.Module itself, under either of its names.
  bool isModuleBase(std::string_view qualifiedName) const;
  // `@torch.jit.script`: the function runs as TorchScript, on real values.
  bool isScriptingDecorator(std::string_view qualifiedName) const;
  // torch.fx.wrap: registers a function as a leaf call, at a module's top level only.
  bool isWrapRegistration(std::string_view qualifiedName) const;
  // register_pytree_node / register_dataclass: torch.export can then flatten the class's instances.
  bool isPytreeRegistration(std::string_view qualifiedName) const;
  // A torch.nn layer whose forward fails on a None input (`nn.Identity` returns it).
  bool rejectsNoneInput(std::string_view qualifiedName) const;
  // torch.nn.utils functions that change a module in place and return it (weight_norm, spectral_norm,
  // register_parametrization): the result is the module given.
  bool returnsItsModule(std::string_view qualifiedName) const;
  // A field of the named tuples torch functions return (`topk(...).indices`, `max(dim=1).values`).
  bool isReturnTypeField(std::string_view name) const;
  // A torch.nn layer with no submodules: children() and named_children() of one are empty.
  bool hasNoChildren(std::string_view qualifiedName) const;
  // torch.split(x, ...) -> "split": the functions that are the tensor method of their first argument
  // and return its pieces.
  std::optional<std::string_view> splittingMethod(std::string_view qualifiedName) const;
  std::optional<KnownTensorFunction> knownTensorFunction(std::string_view qualifiedName) const;
  // torch.add -> "+": torch functions that are a Python operator on their two arguments.
  std::optional<std::string_view> operatorFunction(std::string_view qualifiedName) const;
  // `torch.nn.Conv2d` -> true. Modules whose class lives in torch.nn / torch.ao.nn are call_module
  // leaves, except the containers, which are traced through.
  bool isLeafModuleClass(std::string_view qualifiedName) const;
  // torch.nn.Sequential / ModuleList / ModuleDict -> their short name.
  std::optional<std::string_view> containerKind(std::string_view qualifiedName) const;
  bool isParameterConstructor(std::string_view qualifiedName) const;
  // What `module.attribute` is on an instance of a torch.nn class (`conv.weight`: a parameter, which
  // symbolic_trace reads as a get_attr Proxy; `bn.running_mean`: a buffer, a real tensor).
  OwnedTensor ownedTensor(std::string_view moduleClass, std::string_view attribute) const;
  // torch.nn.Buffer (torch 2.5+): a tensor that becomes a buffer when assigned to a module attribute.
  bool isBufferConstructor(std::string_view qualifiedName) const;
  bool isSizeFactory(std::string_view qualifiedName) const;
  // Methods of a real tensor (a buffer) that parse several positional sizes like the factories do:
  // `buf.expand(p, -1, 1)` and `buf.new_zeros(p, 4)` raise for a leading Proxy size; view, reshape,
  // repeat and a tuple of sizes are recorded.
  bool isRealTensorSizeMethod(std::string_view method) const;
  bool rejectsProxies(std::string_view qualifiedName) const;
  bool isTypeCheck(std::string_view qualifiedName) const;
  bool takesTensorList(std::string_view qualifiedName) const;
  // What a tracing-state query returns under a capture (nullopt: not one).
  std::optional<bool> tracingStateUnder(Capture capture, std::string_view qualifiedName) const;
  bool isTraceableAssert(std::string_view qualifiedName) const;
  // torch._check(cond): torch.export assumes cond from there on (a data-dependent branch on it is decided).
  bool assumesCondition(std::string_view qualifiedName) const { return qualifiedName == "torch._check"; }
  // torch._assert(cond) runs `assert cond` outside FX: under torch.export a condition on tensor values is
  // a data-dependent guard (torch._assert_async is not).
  bool assertsEagerly(std::string_view qualifiedName) const { return qualifiedName == "torch._assert"; }
  // Modules FX auto-wraps (math): their functions accept Proxies.
  bool isAutowrappedModule(std::string_view qualifiedName) const;
  // Libraries that compute on real values only (numpy): a Proxy argument raises.
  bool isNonTorchNumericLibrary(std::string_view qualifiedName) const;
  bool isTorchName(std::string_view qualifiedName) const;
  bool isDtypeName(std::string_view qualifiedName) const;  // torch.float32, torch.long, ...
  // Whether the torch module `module` defines `name` (`hasattr(F, "scaled_dot_product_attention")`);
  // nullopt for a module the facts do not list.
  std::optional<bool> definesName(std::string_view module, std::string_view name) const;
  // Tensor attributes by what they expose.
  bool isShapeAttribute(std::string_view name) const;     // shape
  bool isRankAttribute(std::string_view name) const;      // ndim
  bool isMetadataAttribute(std::string_view name) const;  // dtype, device, is_cuda, ...
  bool isPythonValueMethod(std::string_view name) const;  // item, tolist: a real value in eager
  bool isMetadataMethod(std::string_view name) const;     // is_floating_point(), get_device(): from dtype/device
  // Ops whose result's sizes depend on tensor values (nonzero, masked_select, unique, one-argument
  // where, nms): a torch function by qualified name with its positional count, or a tensor method.
  bool sizesFromValues(std::string_view name, size_t positional) const;
  bool methodSizesFromValues(std::string_view method) const;
  bool copiesDataOutOfTorch(std::string_view name) const;  // numpy: a fake tensor has nothing to copy
  // Methods and attributes torch.nn.Module itself defines (parameters, register_buffer, train, _modules, ...).
  bool isModuleMember(std::string_view name) const;
  // What torch.nn.Sequential / ModuleList / ModuleDict add: append, items, pop, ...
  bool isContainerMember(std::string_view name) const;
  // Library registrations the library's own tracer honours (timm's FX helpers), by the decorator's
  // qualified name: the class becomes a leaf module, the function an auto-wrapped leaf call.
  bool registersLeafModule(std::string_view decoratorName) const;
  bool registersLeafFunction(std::string_view decoratorName) const;
  // The exception class symbolic_trace raises at a hard failure (`torch.fx.proxy.TraceError` for bool()
  // of a Proxy, `builtins.RuntimeError` for len(), ...): an `except` clause decides by it. Empty when it
  // varies (the model's own raise: the interpreter knows that class).
  std::string_view exceptionRaisedBy(EventKind kind, std::string_view detail) const;
};

inline constexpr std::string_view kDefaultTorchVersion = "2.14";
// The facts for a torch version ("2.14", "1.13"); unknown versions get the newest table.
const TorchFacts& torchFacts(std::string_view version = kDefaultTorchVersion);

}  // namespace fxlint
