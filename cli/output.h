// Renderings of a run: diagnostics and verdicts as text or JSON (schema in docs/json_output.md).
#pragma once

#include <ostream>

#include "driver.h"

namespace fxlint {

void writeDiagnosticsText(std::ostream& out, const RunResult& result, bool color);
void writeDiagnosticsJson(std::ostream& out, const RunResult& result, const RunOptions& options);
void writeVerdictsText(std::ostream& out, const RunResult& result, const RunOptions& options);
void writeVerdictsJson(std::ostream& out, const RunResult& result, const RunOptions& options);

}  // namespace fxlint
