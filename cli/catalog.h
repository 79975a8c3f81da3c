// The rules the CLI knows about, with the document `fxlint rule CODE` and SARIF's help text show.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fxlint/rule.h"

namespace fxlint {

// Reported by the driver for a suppression comment that suppressed nothing.
inline constexpr std::string_view kUnusedSuppressionCode = "FX005";

// Every rule's info in registry order (by family, then code).
const std::vector<RuleInfo>& ruleCatalog();
const RuleInfo* findRuleInfo(std::string_view code);

// "# FX101 name\n\nsummary\n" followed by the rule's markdown doc.
std::string ruleDocument(const RuleInfo& info);

// The body of a doc's "## What it does" section, or the summary when the doc has none.
std::string ruleDescription(const RuleInfo& info);

}  // namespace fxlint
