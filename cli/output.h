// Renderings of a run: diagnostics as text, JSON (schema in docs/json_output.md), SARIF 2.1.0 or GitHub
// workflow commands (docs/integrations.md); verdicts as text or JSON.
#pragma once

#include <ostream>

#include "driver.h"

namespace fxlint {

void writeDiagnosticsText(std::ostream& out, const RunResult& result, bool color);
void writeDiagnosticsJson(std::ostream& out, const RunResult& result);
void writeDiagnosticsSarif(std::ostream& out, const RunResult& result);
void writeDiagnosticsGithub(std::ostream& out, const RunResult& result);
// `alsoExport`: the same files analyzed under torch.export too (--capture all), one verdict per capture.
void writeVerdictsText(std::ostream& out, const RunResult& result, const RunResult* alsoExport = nullptr);
void writeVerdictsJson(std::ostream& out, const RunResult& result, const RunResult* alsoExport = nullptr);

}  // namespace fxlint
