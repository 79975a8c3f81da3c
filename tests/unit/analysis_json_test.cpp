// analysis_json: every field survives a round trip, and malformed JSON throws (the cache's misses).
#include "fxlint/analysis_json.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace fxlint {
namespace {

using nlohmann::json;

SourceFilePtr sourceFile(const std::string& path) {
  auto file = std::make_shared<SourceFile>();
  file->path = path;
  file->text = "# " + path + "\n";
  return file;
}

// Distinct numbers in every member, so a field read into the wrong place shows.
Span spanFrom(uint32_t first) { return Span{{first, first + 1}, {first + 2, first + 3}, first + 4, first + 5}; }

ExprOutline expression(uint32_t first, const std::string& name) {
  ExprOutline callee{spanFrom(first + 10), "name", name + "_callee", "", {}};
  return ExprOutline{spanFrom(first), "call", name, "key_" + name, {callee}};
}

// Every member of every struct differs from its default.
TraceEvent fullEvent(const SourceFilePtr& file, const SourceFilePtr& caller) {
  TraceEvent event;
  event.kind = EventKind::ProxyAsBool;
  event.file = file;
  event.span = spanFrom(1);
  event.text = "x.shape[1] > 2";
  event.detail = "if";
  event.provenance = Provenance{true, true, true, {ShapeRef{"x", 1, false}, ShapeRef{"y", ShapeRef::kRank, false}},
                                "x.shape[1]"};
  event.chain = {"Model.forward", "self.body", "Body.forward:7"};
  event.onCertainPath = false;
  event.expression = expression(20, "gt");
  StatementOutline inner{spanFrom(40), "return", expression(50, "ret"), {expression(60, "t")}, {}, true};
  event.statements = {StatementOutline{spanFrom(30), "if", expression(70, "test"), {expression(80, "target")}, {inner},
                                       true}};
  event.function = FunctionOutline{"helper", spanFrom(90), true, true, caller, "helper_alias", 123};
  event.block = BlockOutline{spanFrom(100), spanFrom(110), {"a", "b"}, {"c"}, {expression(120, "self_attr")}, {expression(125, "local_attr")},
                             {"a", "b", "c", "self"}, Refusal{RefusalReason::ReadBeforeBound, "a"}, true, true, "this",
                             {expression(130, "self_chain")}, {"b"}, ClassOutline{caller, "Coder", spanFrom(140), spanFrom(150)}};
  event.callSite = CallSiteBlock{caller, "forward", event.block};
  event.callSite.block.inputs = {"features"};
  event.concreteArgs = {{"mask", "None"}, {"flag", "False"}};
  event.realTensorTrace = true;
  return event;
}

ClassVerdict fullVerdict(const SourceFilePtr& file, const SourceFilePtr& caller) {
  ClassVerdict submodule{"", "Body", file, spanFrom(200), VerdictKind::Unknown, {fullEvent(file, caller)}, -1,
                         "body.0", {}, {}};
  return ClassVerdict{"build_model", "Model", file, spanFrom(300), VerdictKind::Fails,
                      {fullEvent(file, caller), fullEvent(file, caller)}, 1, "model", {submodule},
                      {{"body", "Body", true}, {"body.0", "torch.nn.Conv2d", false}}};
}

class AnalysisJsonTest : public testing::Test {
 protected:
  SourceFilePtr analyzed_ = sourceFile("/project/main.py");
  SourceFilePtr model_ = sourceFile("/project/model.py");
  SourceFilePtr caller_ = sourceFile("/project/caller.py");
  std::map<std::string, SourceFilePtr> files_{{model_->path, model_}, {caller_->path, caller_}};
  SourceLookup lookup_ = [this](const std::string& path) { return files_.at(path); };

  FileAnalysis fullAnalysis() const {
    FileAnalysis analysis;
    analysis.file = analyzed_;
    analysis.problems = {FileProblem{FileProblemKind::SyntaxError, "invalid syntax", spanFrom(400)}};
    analysis.classes = {fullVerdict(model_, caller_)};
    analysis.factories = {fullVerdict(model_, caller_)};
    analysis.imports = {model_->path, caller_->path};
    return analysis;
  }
};

TEST_F(AnalysisJsonTest, RoundTripKeepsEveryField) {
  FileAnalysis original = fullAnalysis();
  json serialized = analysisToJson(original);
  // Through text, as the cache stores it.
  FileAnalysis restored = analysisFromJson(json::parse(serialized.dump()), analyzed_, lookup_);

  EXPECT_EQ(analysisToJson(restored), serialized);
  EXPECT_EQ(restored.file, analyzed_);
  ASSERT_EQ(restored.classes.size(), 1u);
  ASSERT_EQ(restored.factories.size(), 1u);
  ASSERT_EQ(restored.problems.size(), 1u);
  EXPECT_EQ(restored.problems[0].kind, FileProblemKind::SyntaxError);
  EXPECT_EQ(restored.problems[0].span, spanFrom(400));
  EXPECT_EQ(restored.imports, original.imports);

  const ClassVerdict& verdict = restored.classes[0];
  EXPECT_EQ(verdict.factory, "build_model");
  EXPECT_EQ(verdict.file, model_);
  EXPECT_EQ(verdict.verdict, VerdictKind::Fails);
  EXPECT_EQ(verdict.firstFailure, 1);
  EXPECT_EQ(verdict.modulePath, "model");
  ASSERT_EQ(verdict.submodules.size(), 1u);
  EXPECT_EQ(verdict.submodules[0].className, "Body");
  EXPECT_EQ(verdict.submodules[0].verdict, VerdictKind::Unknown);
  ASSERT_EQ(verdict.submodules[0].events.size(), 1u);
  ASSERT_EQ(verdict.moduleTree.size(), 2u);
  EXPECT_EQ(verdict.moduleTree[1].path, "body.0");
  EXPECT_EQ(verdict.moduleTree[1].className, "torch.nn.Conv2d");
  EXPECT_FALSE(verdict.moduleTree[1].projectClass);
  EXPECT_TRUE(verdict.moduleTree[0].projectClass);

  ASSERT_EQ(verdict.events.size(), 2u);
  const TraceEvent& event = verdict.events[1];
  EXPECT_EQ(event.kind, EventKind::ProxyAsBool);
  EXPECT_EQ(event.file, model_);  // the lookup's own pointer, found by path
  EXPECT_EQ(event.span, spanFrom(1));
  EXPECT_EQ(event.provenance.dims,
            (std::vector<ShapeRef>{ShapeRef{"x", 1, false}, ShapeRef{"y", ShapeRef::kRank, false}}));
  EXPECT_FALSE(event.onCertainPath);
  EXPECT_EQ(event.expression.operands.at(0).name, "gt_callee");
  EXPECT_EQ(event.statements.at(0).body.at(0).head.name, "ret");
  EXPECT_TRUE(event.statements.at(0).body.at(0).hasElse);
  EXPECT_EQ(event.function.callerFile, caller_);
  EXPECT_EQ(event.function.callerName, "helper_alias");
  EXPECT_EQ(event.function.callerImportEnd, 123u);
  EXPECT_EQ(event.block.classSpan, spanFrom(110));
  EXPECT_EQ(event.block.refusal, (Refusal{RefusalReason::ReadBeforeBound, "a"}));
  EXPECT_TRUE(event.block.passesSelf);
  EXPECT_EQ(event.block.self, "this");
  EXPECT_EQ(event.block.mutatedInputs, std::vector<std::string>{"b"});
  EXPECT_EQ(event.concreteArgs,
            (std::vector<std::pair<std::string, std::string>>{{"mask", "None"}, {"flag", "False"}}));
  EXPECT_TRUE(event.realTensorTrace);
}

TEST_F(AnalysisJsonTest, AbsentCallerStaysAbsent) {
  FileAnalysis original = fullAnalysis();
  original.classes[0].events[0].function.callerFile = nullptr;
  FileAnalysis restored = analysisFromJson(analysisToJson(original), analyzed_, lookup_);
  EXPECT_EQ(restored.classes.at(0).events.at(0).function.callerFile, nullptr);
  EXPECT_EQ(restored.classes.at(0).events.at(1).function.callerFile, caller_);
}

TEST_F(AnalysisJsonTest, MalformedInputThrows) {
  const json good = analysisToJson(fullAnalysis());
  ASSERT_NO_THROW(analysisFromJson(good, analyzed_, lookup_));

  json missingKey = good;
  missingKey.erase("imports");
  EXPECT_THROW(analysisFromJson(missingKey, analyzed_, lookup_), json::exception);

  json missingEventKey = good;
  missingEventKey["classes"][0]["events"][0].erase("real_tensor_trace");
  EXPECT_THROW(analysisFromJson(missingEventKey, analyzed_, lookup_), json::exception);

  json wrongType = good;
  wrongType["classes"][0]["first_failure"] = "one";
  EXPECT_THROW(analysisFromJson(wrongType, analyzed_, lookup_), json::exception);

  json objectForArray = good;
  objectForArray["classes"][0]["events"] = json::object({{"kind", 0}});
  EXPECT_THROW(analysisFromJson(objectForArray, analyzed_, lookup_), json::exception);

  json shortOutline = good;
  shortOutline["classes"][0]["events"][0]["function"].erase(6);
  EXPECT_THROW(analysisFromJson(shortOutline, analyzed_, lookup_), json::exception);

  json failurePastEvents = good;
  failurePastEvents["classes"][0]["first_failure"] = 2;
  EXPECT_THROW(analysisFromJson(failurePastEvents, analyzed_, lookup_), std::out_of_range);

  // A path the lookup does not know: thrown by the lookup, or a null it returns.
  json unknownCaller = good;
  unknownCaller["classes"][0]["events"][0]["function"][4] = "/elsewhere.py";
  EXPECT_THROW(analysisFromJson(unknownCaller, analyzed_, lookup_), std::out_of_range);
  SourceLookup nullLookup = [](const std::string&) { return SourceFilePtr(); };
  EXPECT_THROW(analysisFromJson(good, analyzed_, nullLookup), std::out_of_range);
}

}  // namespace
}  // namespace fxlint
