// Every registered rule is exercised by a sample: some class in samples/ carries an annotation with the
// rule's code (`# expect: FX112`, `# expect[export]: EX302`), so the golden test holds fxlint to it and the
// oracle holds the annotation to real torch. A rule with no sample of its own has a fixture named after
// it, samples/rules/<code>_<slug>.py. The few codes a sample cannot show are listed with the test that
// covers them instead.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "expectations.h"
#include "fxlint/rule.h"

namespace fxlint::testing {
namespace {

// Codes that no sample can carry, and where they are tested.
const std::map<std::string, std::string> kTestedElsewhere = {
    // A sample must import under real torch: an unreadable file cannot be one.
    {"FX001", "tests/e2e/cli_test.py (syntax errors, Latin-1, binary files)"},
    // torch 2.14 traces what it reports (a Proxy where a tensor list is needed); only the torch 1.13
    // facts, which no option selects yet, turn it on. The fixture holds the cases that must stay clean.
    {"FX112", "nowhere under torch 2.14: samples/rules/fx112_tensor_list_from_proxy.py has its negatives"},
    // About suppression comments, which the golden test does not apply.
    {"FX005", "tests/e2e/suppression_test.py"},
};

std::set<std::string> annotatedCodes() {
  std::set<std::string> codes;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(FXLINT_SAMPLES_DIR)) {
    if (entry.path().extension() != ".py" && entry.path().extension() != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& [config, expected] : parseExpectations(text.str()).diagnostics)
      for (const ExpectedDiagnostic& d : expected) codes.insert(d.code);
  }
  return codes;
}

TEST(RuleFixtures, EveryRuleIsAnnotatedInASample) {
  std::set<std::string> annotated = annotatedCodes();
  for (const auto& rule : allRules()) {
    std::string code(rule->info().code);
    if (kTestedElsewhere.count(code)) {
      EXPECT_FALSE(annotated.count(code)) << code << " now has a sample: take it off kTestedElsewhere";
      continue;
    }
    std::string fixture = "samples/rules/";
    for (char c : code) fixture += char(std::tolower(static_cast<unsigned char>(c)));
    for (char c : std::string("_") + std::string(rule->info().name)) fixture += c == '-' ? '_' : c;
    EXPECT_TRUE(annotated.count(code)) << code << " (" << rule->info().name << ") has no annotated sample: add "
                                       << fixture << ".py";
  }
}

TEST(RuleFixtures, EveryAnnotatedCodeIsARule) {
  for (const std::string& code : annotatedCodes()) EXPECT_NE(findRule(code), nullptr) << code;
}

}  // namespace
}  // namespace fxlint::testing
