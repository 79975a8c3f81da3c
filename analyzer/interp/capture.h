// The capture being simulated, as a policy the tracer consults: what becomes of a hazard torch.fx would
// meet when the model is captured by non-strict torch.export instead.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "fxlint/trace_event.h"

namespace fxlint::interp {

// Under torch.export, inputs are fake tensors: static dims are concrete ints, dims declared dynamic are
// symbols, values are unknown. A decision on a static dim is taken silently for the example input, one on
// a dynamic dim is a guard Dim.AUTO resolves by specializing the dim, one on tensor values cannot be
// taken at all. `None` checks, isinstance, item assignment and formatting work as in eager.
// The event the interpreter's FX-worded hazard `kind` is under torch.export; nullopt: none.
std::optional<EventKind> exportEventFor(EventKind kind, const Provenance& provenance, std::string_view detail,
                                        const std::vector<ShapeRef>& dynamicDims);

// Whether a value with this provenance can change with a dim declared dynamic: a dim it reads matches
// one (by position, also on a tensor computed from the input), or may (a negative index on an input of
// unknown rank, numel).
// `firstDim`: the value is a tensor whose first dim is read (len(), iteration).
bool readsDynamicDim(const Provenance& provenance, const std::vector<ShapeRef>& dynamicDims, bool firstDim = false);

}  // namespace fxlint::interp
