// The list of rules, one line each, by family (FX0, FX1, FX2, EX3) and code. Codes are never reused.
#include <algorithm>

#include "fxlint/rule.h"

namespace fxlint {

namespace rules {
std::unique_ptr<Rule> makeUnanalyzableFile();
std::unique_ptr<Rule> makeUnresolvedCall();
std::unique_ptr<Rule> makeUnsupportedConstruct();
std::unique_ptr<Rule> makeAnalysisBudgetExceeded();
std::unique_ptr<Rule> makeUnusedSuppression();
std::unique_ptr<Rule> makeShapeDependentControlFlow();
std::unique_ptr<Rule> makeDataDependentControlFlow();
std::unique_ptr<Rule> makeMetadataDependentControlFlow();
std::unique_ptr<Rule> makeProxyLen();
std::unique_ptr<Rule> makeProxyIteration();
std::unique_ptr<Rule> makeProxyToPythonScalar();
std::unique_ptr<Rule> makeBuiltinMinMax();
std::unique_ptr<Rule> makeFactoryWithProxySize();
std::unique_ptr<Rule> makeProxyAsPythonIndex();
std::unique_ptr<Rule> makeNonTorchCallOnProxy();
std::unique_ptr<Rule> makeRaiseReached();
std::unique_ptr<Rule> makeTensorListFromProxy();
std::unique_ptr<Rule> makeFxWrapNotAtTopLevel();
std::unique_ptr<Rule> makeTracedModuleToLeaf();
std::unique_ptr<Rule> makeProxyItemAssignment();
std::unique_ptr<Rule> makeUnflattenableOutput();
std::unique_ptr<Rule> makeMissingForward();
std::unique_ptr<Rule> makeNoneAttribute();
std::unique_ptr<Rule> makeProxyNoneCheck();
std::unique_ptr<Rule> makeProxyTypeCheck();
std::unique_ptr<Rule> makeTracingStateCheck();
std::unique_ptr<Rule> makeExceptionSwallowed();
std::unique_ptr<Rule> makeProxyInString();
std::unique_ptr<Rule> makeDynamicDimDecision();
std::unique_ptr<Rule> makeDataDependentGuard();
std::unique_ptr<Rule> makeTensorDataOutsideTorch();
std::unique_ptr<Rule> makeUnregisteredPytreeOutput();
}  // namespace rules

const std::vector<std::unique_ptr<Rule>>& allRules() {
  static const std::vector<std::unique_ptr<Rule>> kRules = [] {
    std::vector<std::unique_ptr<Rule>> list;
    list.push_back(rules::makeUnanalyzableFile());          // FX001
    list.push_back(rules::makeUnresolvedCall());            // FX002
    list.push_back(rules::makeUnsupportedConstruct());      // FX003
    list.push_back(rules::makeAnalysisBudgetExceeded());    // FX004
    list.push_back(rules::makeUnusedSuppression());         // FX005
    list.push_back(rules::makeShapeDependentControlFlow()); // FX101
    list.push_back(rules::makeDataDependentControlFlow());  // FX102
    list.push_back(rules::makeMetadataDependentControlFlow());  // FX103
    list.push_back(rules::makeProxyLen());                  // FX104
    list.push_back(rules::makeProxyIteration());            // FX105
    list.push_back(rules::makeProxyToPythonScalar());       // FX106
    list.push_back(rules::makeBuiltinMinMax());             // FX107
    list.push_back(rules::makeFactoryWithProxySize());      // FX108
    list.push_back(rules::makeProxyAsPythonIndex());        // FX109
    list.push_back(rules::makeNonTorchCallOnProxy());       // FX110
    list.push_back(rules::makeRaiseReached());              // FX111
    list.push_back(rules::makeTensorListFromProxy());       // FX112
    list.push_back(rules::makeFxWrapNotAtTopLevel());       // FX113
    list.push_back(rules::makeMissingForward());            // FX114
    list.push_back(rules::makeNoneAttribute());             // FX115
    list.push_back(rules::makeTracedModuleToLeaf());        // FX116
    list.push_back(rules::makeProxyItemAssignment());       // FX117
    list.push_back(rules::makeUnflattenableOutput());       // FX118
    list.push_back(rules::makeProxyNoneCheck());            // FX201
    list.push_back(rules::makeProxyTypeCheck());            // FX202
    list.push_back(rules::makeTracingStateCheck());         // FX203
    list.push_back(rules::makeExceptionSwallowed());        // FX204
    list.push_back(rules::makeProxyInString());             // FX205
    list.push_back(rules::makeDynamicDimDecision());        // EX301
    list.push_back(rules::makeDataDependentGuard());        // EX302
    list.push_back(rules::makeTensorDataOutsideTorch());    // EX303
    list.push_back(rules::makeUnregisteredPytreeOutput());  // EX304
    return list;
  }();
  return kRules;
}

const Rule* findRule(std::string_view code) {
  for (const auto& rule : allRules())
    if (rule->info().code == code) return rule.get();
  return nullptr;
}

}  // namespace fxlint
