// torch.export's view of the hazards the tracer finds (docs/export_semantics.md has each row verified).
#include "interp/capture.h"

#include <algorithm>

namespace fxlint::interp {

bool readsDynamicDim(const Provenance& provenance, const std::vector<ShapeRef>& dynamicDims, bool firstDim) {
  auto fromEnd = [](int dim) { return dim < 0 && dim > ShapeRef::kRank; };
  for (const ShapeRef& ref : provenance.dims) {
    if (ref.dim == ShapeRef::kRank) continue;  // the rank is static under every capture
    // Dims declared in both spellings (the exporter knows each input's rank) match negative indices
    // exactly; otherwise x.shape[-1] may be any dim.
    bool rankKnown = std::any_of(dynamicDims.begin(), dynamicDims.end(),
                                 [&](const ShapeRef& d) { return d.input == ref.input && fromEnd(d.dim); });
    // A size read off a tensor computed from the input is matched by position: the ops between keep
    // a dim where it was (elementwise ops, dtype casts, convolutions keep the batch first). An op that
    // moves a dynamic dim elsewhere (a transpose of dim 0) is missed.
    for (const ShapeRef& dynamic : dynamicDims) {
      if (dynamic.input != ref.input) continue;
      int dim = firstDim && ref.dim == ShapeRef::kUnknownDim ? 0 : ref.dim;
      if (dim == dynamic.dim || dim == ShapeRef::kAllDims || dim == ShapeRef::kUnknownDim) return true;
      if (fromEnd(dim) && !rankKnown) return true;
    }
  }
  return false;
}

std::optional<EventKind> exportEventFor(EventKind kind, const Provenance& provenance, std::string_view detail,
                                        const std::vector<ShapeRef>& dynamicDims) {
  // A size (not a dtype or device) that can change with a dim declared dynamic.
  bool dynamicSize = provenance.shape && readsDynamicDim(provenance, dynamicDims);
  auto decision = [&]() -> std::optional<EventKind> {
    if (provenance.data) return EventKind::DataDependentGuard;
    if (dynamicSize) return EventKind::DynamicDimGuard;
    return std::nullopt;  // a static dim, a dtype or a device: concrete for the example input
  };
  switch (kind) {
    case EventKind::ProxyAsBool:
    case EventKind::ProxyAsPythonIndex:
    case EventKind::ProxyToScalar:
      return decision();
    case EventKind::ProxyLen:
    case EventKind::ProxyIteration:
      // A tensor's length is its first dim; a torch.Size iterates over its dims (`in` compares them).
      if (provenance.data && provenance.shape && detail != "in") return EventKind::DataDependentGuard;  // rows of x[mask]
      if (provenance.data) return readsDynamicDim(provenance, dynamicDims, true) ? std::optional(EventKind::DynamicDimGuard) : std::nullopt;
      if (detail == "in") return decision();
      return std::nullopt;  // a torch.Size's length is the rank
    case EventKind::NonTorchCallOnProxy:
      // numpy needs data, or a plain int where a dim is a symbol.
      if (provenance.data || dynamicSize) return EventKind::TensorDataOutsideTorch;
      return std::nullopt;
    case EventKind::ProxyInString:
      // A dynamic dim formats as its symbol (`s77`): a string that decides something is then wrong.
      return dynamicSize ? std::optional(EventKind::DynamicDimGuard) : std::nullopt;
    case EventKind::ProxyTypeCheck:
      // A fake tensor is a torch.Tensor (isinstance); its exact type is FakeTensor, not eager's.
      return detail == "type" ? std::optional(EventKind::ProxyTypeCheck) : std::nullopt;
    case EventKind::BuiltinMinMax:         // sym_min/sym_max on sizes; aten.maximum on tensors
    case EventKind::FactoryWithProxy:      // sizes may be symbols
    case EventKind::ProxyNoneCheck:        // a fake tensor is not None
    case EventKind::ProxyItemAssignment:   // in-place writes are functionalized
    case EventKind::TracedModuleToLeaf:    // torch.fx.wrap leaves are FX's
    case EventKind::TensorListFromProxy:   // the list is a real list of fake tensors
      return std::nullopt;
    default:
      return kind;
  }
}

}  // namespace fxlint::interp
