// Outlines of IR nodes for TraceEvent (see trace_event.h): spans and operators, no IR pointers.
#pragma once

#include "fxlint/ir.h"
#include "fxlint/trace_event.h"

namespace fxlint::interp {

ExprOutline outlineExpr(const ir::Expr& expr);
// `withBody`: also the direct body statements, each without its own body.
StatementOutline outlineStmt(const ir::Stmt& stmt, bool withBody);

}  // namespace fxlint::interp
