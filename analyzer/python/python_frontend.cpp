// Python front-end entry points: screen the text (screening.h), parse it with tree-sitter-python, and lower
// the tree to the IR (lowerer.h). Constructs the IR cannot express become Opaque/OpaqueStmt with the reason and
// syntax errors become problems beside a best-effort module; what to make of both is left to the analyzer.
#include "fxlint/python_frontend.h"

#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "grammar.h"
#include "lowerer.h"
#include "screening.h"
#include "ts_handles.h"

namespace fxlint {

using python::Lowerer;
using python::ParseInput;
using python::parseBudgetMicros;
using python::prepareForTreeSitter;
using python::problemAt;
using python::pythonGrammar;
using python::screenEncoding;

ir::ParseResult parsePython(SourceFilePtr file) {
  ir::ParseResult result;
  try {
    if (!file) {
      result.problems.push_back(problemAt("no source file", {}));
      return result;
    }
    std::string_view text = file->text;
    if (auto problem = screenEncoding(text)) {
      result.problems.push_back(std::move(*problem));
      return result;
    }
    ParseInput input = prepareForTreeSitter(text);
    if (input.problem) {
      result.problems.push_back(std::move(*input.problem));
      return result;
    }
    auto parser = ts::TsParser::create();
    if (!parser) {
      std::string abi = std::to_string(ts_language_version(tree_sitter_python()));
      result.problems.push_back(problemAt("tree-sitter refused the python grammar (grammar ABI " + abi +
                                              ", runtime accepts " +
                                              std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + "-" +
                                              std::to_string(TREE_SITTER_LANGUAGE_VERSION) + ")",
                                          {}));
      return result;
    }
    uint64_t budget = parseBudgetMicros(text);
    ts::TsTree tree = parser->parse(input.blanked ? std::string_view(*input.blanked) : text, budget);
    if (!tree) {
      std::string seconds = std::to_string(budget / 1'000'000);
      result.problems.push_back(
          problemAt("parsing gave up after " + seconds + " s (tree-sitter's error recovery is too slow here)", {}));
      return result;
    }
    ir::Module module;
    module.source = file;
    Lowerer lowerer(pythonGrammar(), text, ts_tree_root_node(tree.get()), module);
    lowerer.lowerModule();
    result.problems = lowerer.takeProblems();
    result.module = std::move(module);
  } catch (const std::bad_alloc&) {
    result = {};
    result.problems.push_back(problemAt("out of memory while parsing", {}));
  } catch (const std::exception& error) {
    result = {};
    result.problems.push_back(problemAt(std::string("internal error in the python front-end: ") + error.what(), {}));
  }
  return result;
}

bool parsePythonTreeOnly(const std::string& text) {
  // The guard stays: without it some inputs crash tree-sitter itself.
  ParseInput input = prepareForTreeSitter(text);
  if (input.problem) return false;
  auto parser = ts::TsParser::create();
  std::string_view parsed = input.blanked ? std::string_view(*input.blanked) : text;
  return parser && parser->parse(parsed, parseBudgetMicros(text)) != nullptr;
}

}  // namespace fxlint
