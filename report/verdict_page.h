// `fxlint report` (and `check`/`verdicts --format html`): a run's verdicts, diagnostics, failures with
// their code frames and call chains, fixes as diffs, and each built model's module tree, as one
// self-contained HTML page drawn by assets/verdicts.js. Page data format: docs/report.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "driver.h"

namespace fxlint::report {

// What the page shows, as the JSON its script reads. `title` names the run (e.g. the paths given).
nlohmann::json verdictReportData(const RunResult& result, const std::string& title);

// The whole page.
std::string verdictReportPage(const RunResult& result, const std::string& title);

}  // namespace fxlint::report
