// Def/use facts about the statement around an event in a method, for the fix that moves it into a
// module-level function registered with torch.fx.wrap (BlockOutline in trace_event.h).
#pragma once

#include "fxlint/ir.h"
#include "fxlint/trace_event.h"

namespace fxlint::interp {

// `stmt` is a statement of `method`'s body at any depth; `method` is a method of `cls`, whose text is
// in `file`.
BlockOutline outlineBlock(const ir::FunctionDef& method, const ir::ClassDef& cls, const ir::Stmt& stmt,
                          const SourceFile& file);

}  // namespace fxlint::interp
