// Each struct is written and read through a structured binding of all its members: adding a member
// changes the count, so both bindings stop compiling until the new member is serialized. Outlines,
// which are many and small, are arrays; events and verdicts are objects.
#include "fxlint/analysis_json.h"

#include <stdexcept>

namespace fxlint {
using nlohmann::json;

namespace {

// Static members rather than free functions: the vector template then finds every overload, whatever
// the order of definition.
struct Writer {
  template <typename T>
  static json writeAll(const std::vector<T>& items) {
    json array = json::array();
    for (const T& item : items) array.push_back(write(item));
    return array;
  }

  static json write(const SourceFilePtr& file) { return file ? json(file->path) : json(nullptr); }

  static json write(const Position& position) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [line, column] = position;
    return json::array({line, column});
  }

  static json write(const Span& span) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [begin, end, beginOffset, endOffset] = span;
    return json::array({write(begin), write(end), beginOffset, endOffset});
  }

  static json write(const ShapeRef& ref) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [input, dim, direct] = ref;
    return json::array({input, dim, direct});
  }

  static json write(const Provenance& provenance) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [shape, data, metadata, dims, originText] = provenance;
    return json::array({shape, data, metadata, writeAll(dims), originText});
  }

  static json write(const ExprOutline& outline) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [span, op, name, keyword, operands] = outline;
    return json::array({write(span), op, name, keyword, writeAll(operands)});
  }

  static json write(const StatementOutline& outline) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [span, kind, head, targets, body, hasElse] = outline;
    return json::array({write(span), kind, write(head), writeAll(targets), writeAll(body), hasElse});
  }

  static json write(const FunctionOutline& outline) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [name, span, moduleLevel, calledFromItsModule, callerFile, callerName, callerImportEnd] = outline;
    return json::array({name, write(span), moduleLevel, calledFromItsModule, write(callerFile), callerName,
                        callerImportEnd});
  }

  static json write(const ClassOutline& outline) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [file, name, nameSpan, arguments] = outline;
    return json::array({write(file), name, write(nameSpan), write(arguments)});
  }

  static json write(const BlockOutline& outline) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [span, classSpan, inputs, outputs, attributeArguments, localAttributes, namesInUse, refusal, returns,
                 passesSelf, self, selfChains, mutatedInputs, unpassableClass] = outline;
    return json::array({write(span), write(classSpan), inputs, outputs, writeAll(attributeArguments),
                        writeAll(localAttributes), namesInUse, json::array({int(refusal.reason), refusal.subject}),
                        returns, passesSelf, self, writeAll(selfChains),
                        mutatedInputs, write(unpassableClass)});
  }

  static json write(const CallSiteBlock& site) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [file, function, block] = site;
    return json::array({write(file), function, write(block)});
  }

  static json write(const TraceEvent& event) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [kind, file, span, text, detail, provenance, chain, onCertainPath, expression, statements, function,
                 block, callSite, concreteArgs, realTensorTrace] = event;
    return json{{"kind", int(kind)},
                {"file", write(file)},
                {"span", write(span)},
                {"text", text},
                {"detail", detail},
                {"provenance", write(provenance)},
                {"chain", chain},
                {"certain", onCertainPath},
                {"expression", write(expression)},
                {"statements", writeAll(statements)},
                {"function", write(function)},
                {"block", write(block)},
                {"call_site", write(callSite)},
                {"concrete_args", concreteArgs},
                {"real_tensor_trace", realTensorTrace}};
  }

  static json write(const ClassVerdict& verdict) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [factory, className, file, span, kind, events, firstFailure, modulePath, submodules, moduleTree] = verdict;
    json tree = json::array();
    for (const BuiltModule& module : moduleTree) {
      // adding a field breaks this binding: serialize it, then list it here
      const auto& [path, moduleClass, projectClass] = module;
      tree.push_back(json::array({path, moduleClass, projectClass}));
    }
    return json{{"factory", factory},
                {"class", className},
                {"file", write(file)},
                {"span", write(span)},
                {"verdict", int(kind)},
                {"events", writeAll(events)},
                {"first_failure", firstFailure},
                {"module_path", modulePath},
                {"submodules", writeAll(submodules)},
                {"module_tree", tree}};
  }

  static json write(const FileProblem& problem) {
    // adding a field breaks this binding: serialize it, then list it here
    const auto& [kind, message, span] = problem;
    return json::array({int(kind), message, write(span)});
  }

  static json write(const FileAnalysis& analysis) {
    // adding a field breaks this binding: serialize it, then list it here (`file` is the caller's to keep)
    const auto& [file, problems, classes, factories, imports] = analysis;
    return json{{"problems", writeAll(problems)},
                {"classes", writeAll(classes)},
                {"factories", writeAll(factories)},
                {"imports", imports}};
  }
};

// The inverse of Writer, member by member in the same order. at() throws on a missing member, get_to()
// and get_ref() on a wrong type: a malformed entry throws instead of yielding a partial analysis.
class Reader {
 public:
  explicit Reader(const SourceLookup& source) : source_(source) {}

  template <typename T>
  void readAll(const json& j, std::vector<T>& items) const {
    for (const json& item : j.get_ref<const json::array_t&>()) read(item, items.emplace_back());
  }

  void read(const json& j, SourceFilePtr& file) const {
    if (j.is_null()) {
      file.reset();
      return;
    }
    file = source_(j.get<std::string>());
    if (!file) throw std::out_of_range("no source file " + j.get<std::string>());
  }

  void read(const json& j, Position& position) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [line, column] = position;
    j.at(0).get_to(line);
    j.at(1).get_to(column);
  }

  void read(const json& j, Span& span) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [begin, end, beginOffset, endOffset] = span;
    read(j.at(0), begin);
    read(j.at(1), end);
    j.at(2).get_to(beginOffset);
    j.at(3).get_to(endOffset);
  }

  void read(const json& j, ShapeRef& ref) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [input, dim, direct] = ref;
    j.at(0).get_to(input);
    j.at(1).get_to(dim);
    j.at(2).get_to(direct);
  }

  void read(const json& j, Provenance& provenance) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [shape, data, metadata, dims, originText] = provenance;
    j.at(0).get_to(shape);
    j.at(1).get_to(data);
    j.at(2).get_to(metadata);
    readAll(j.at(3), dims);
    j.at(4).get_to(originText);
  }

  void read(const json& j, ExprOutline& outline) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [span, op, name, keyword, operands] = outline;
    read(j.at(0), span);
    j.at(1).get_to(op);
    j.at(2).get_to(name);
    j.at(3).get_to(keyword);
    readAll(j.at(4), operands);
  }

  void read(const json& j, StatementOutline& outline) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [span, kind, head, targets, body, hasElse] = outline;
    read(j.at(0), span);
    j.at(1).get_to(kind);
    read(j.at(2), head);
    readAll(j.at(3), targets);
    readAll(j.at(4), body);
    j.at(5).get_to(hasElse);
  }

  void read(const json& j, FunctionOutline& outline) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [name, span, moduleLevel, calledFromItsModule, callerFile, callerName, callerImportEnd] = outline;
    j.at(0).get_to(name);
    read(j.at(1), span);
    j.at(2).get_to(moduleLevel);
    j.at(3).get_to(calledFromItsModule);
    read(j.at(4), callerFile);
    j.at(5).get_to(callerName);
    j.at(6).get_to(callerImportEnd);
  }

  void read(const json& j, ClassOutline& outline) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [file, name, nameSpan, arguments] = outline;
    read(j.at(0), file);
    j.at(1).get_to(name);
    read(j.at(2), nameSpan);
    read(j.at(3), arguments);
  }

  void read(const json& j, BlockOutline& outline) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [span, classSpan, inputs, outputs, attributeArguments, localAttributes, namesInUse, refusal, returns,
           passesSelf, self, selfChains, mutatedInputs, unpassableClass] = outline;
    read(j.at(0), span);
    read(j.at(1), classSpan);
    j.at(2).get_to(inputs);
    j.at(3).get_to(outputs);
    readAll(j.at(4), attributeArguments);
    readAll(j.at(5), localAttributes);
    j.at(6).get_to(namesInUse);
    refusal.reason = RefusalReason(j.at(7).at(0).get<int>());
    j.at(7).at(1).get_to(refusal.subject);
    j.at(8).get_to(returns);
    j.at(9).get_to(passesSelf);
    j.at(10).get_to(self);
    readAll(j.at(11), selfChains);
    j.at(12).get_to(mutatedInputs);
    read(j.at(13), unpassableClass);
  }

  void read(const json& j, CallSiteBlock& site) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [file, function, block] = site;
    read(j.at(0), file);
    j.at(1).get_to(function);
    read(j.at(2), block);
  }

  void read(const json& j, TraceEvent& event) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [kind, file, span, text, detail, provenance, chain, onCertainPath, expression, statements, function, block,
           callSite, concreteArgs, realTensorTrace] = event;
    kind = EventKind(j.at("kind").get<int>());
    read(j.at("file"), file);
    read(j.at("span"), span);
    j.at("text").get_to(text);
    j.at("detail").get_to(detail);
    read(j.at("provenance"), provenance);
    j.at("chain").get_to(chain);
    j.at("certain").get_to(onCertainPath);
    read(j.at("expression"), expression);
    readAll(j.at("statements"), statements);
    read(j.at("function"), function);
    read(j.at("block"), block);
    read(j.at("call_site"), callSite);
    j.at("concrete_args").get_to(concreteArgs);
    j.at("real_tensor_trace").get_to(realTensorTrace);
  }

  void read(const json& j, ClassVerdict& verdict) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [factory, className, file, span, kind, events, firstFailure, modulePath, submodules, moduleTree] = verdict;
    j.at("factory").get_to(factory);
    j.at("class").get_to(className);
    read(j.at("file"), file);
    read(j.at("span"), span);
    kind = VerdictKind(j.at("verdict").get<int>());
    readAll(j.at("events"), events);
    j.at("first_failure").get_to(firstFailure);
    if (firstFailure >= int(events.size())) throw std::out_of_range("first_failure past the events");
    j.at("module_path").get_to(modulePath);
    readAll(j.at("submodules"), submodules);
    for (const json& module : j.at("module_tree")) {
      auto& [path, moduleClass, projectClass] = moduleTree.emplace_back();
      module.at(0).get_to(path);
      module.at(1).get_to(moduleClass);
      module.at(2).get_to(projectClass);
    }
  }

  void read(const json& j, FileProblem& problem) const {
    // adding a field breaks this binding: serialize it, then list it here
    auto& [kind, message, span] = problem;
    kind = FileProblemKind(j.at(0).get<int>());
    j.at(1).get_to(message);
    read(j.at(2), span);
  }

  void read(const json& j, FileAnalysis& analysis) const {
    // adding a field breaks this binding: serialize it, then list it here (`file` is the caller's to give)
    auto& [file, problems, classes, factories, imports] = analysis;
    readAll(j.at("problems"), problems);
    readAll(j.at("classes"), classes);
    readAll(j.at("factories"), factories);
    j.at("imports").get_to(imports);
  }

 private:
  const SourceLookup& source_;
};

}  // namespace

json analysisToJson(const FileAnalysis& analysis) { return Writer::write(analysis); }

FileAnalysis analysisFromJson(const json& serialized, const SourceFilePtr& file, const SourceLookup& source) {
  FileAnalysis analysis;
  analysis.file = file;
  Reader(source).read(serialized, analysis);
  return analysis;
}

}  // namespace fxlint
