// Def/use facts about the statement around an event in a method, for the fix that moves it into a
// module-level function registered with torch.fx.wrap (BlockOutline in trace_event.h).
#pragma once

#include <map>
#include <string>
#include <vector>
#include <string_view>

#include "fxlint/ir.h"
#include "fxlint/trace_event.h"
#include "interp/value.h"

namespace fxlint::interp {

// `stmt` is a statement of `method`'s body at any depth; `method` is a method of `cls`, whose text is
// in `file`.
BlockOutline outlineBlock(const ir::FunctionDef& method, const ir::ClassDef& cls, const ir::Stmt& stmt,
                          const SourceFile& file);

// Sets `block.refusal` when an argument would hold what FX cannot pass to a wrapped function (a
// function, class, bound method, non-module object), judged by the values the locals and `self`'s
// attributes have at the event. `self` passes as a submodule (FX makes it a `get_attr`), never as the
// module being traced (`selfIsTraceRoot`).
// The names `fn`'s body binds, in order of first binding: with its parameters, the locals that make up
// its code object's co_varnames.
std::vector<std::string> localNames(const ir::FunctionDef& fn);

void refuseUnpassableArguments(BlockOutline& block, const std::map<std::string, ValuePtr>& locals, const ValuePtr& self,
                               bool selfIsTraceRoot);

}  // namespace fxlint::interp
