// How fixes show in reports: the `fix` object of a JSON diagnostic, the text output's fix lines and
// its closing "[*] N fixable" hint.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "fxlint/rule.h"

namespace fxlint {

nlohmann::json fixJson(const Diagnostic& d);  // null when the diagnostic has no fix
void writeFixLine(std::ostream& out, const Diagnostic& d);
void writeFixSummary(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

}  // namespace fxlint
