// Request handling: parameters are checked as they are read (a wrong type is an InvalidParams error
// for a request, a logged message for a notification); no exception leaves a handler.
#include "lsp/server.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "atomic_file.h"
#include "catalog.h"
#include "driver.h"
#include "lsp/code_actions.h"
#include "output_support.h"
#include "paths.h"

namespace fxlint::lsp {
namespace fs = std::filesystem;

namespace {

struct InvalidParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct MethodNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& member(const json& object, const char* name) {
  if (!object.is_object()) throw InvalidParams(std::string("expected an object holding `") + name + "`");
  auto it = object.find(name);
  if (it == object.end()) throw InvalidParams(std::string("missing `") + name + "`");
  return *it;
}

const json& objectMember(const json& object, const char* name) {
  const json& value = member(object, name);
  if (!value.is_object()) throw InvalidParams(std::string("`") + name + "` must be an object");
  return value;
}

std::string stringMember(const json& object, const char* name) {
  const json& value = member(object, name);
  if (!value.is_string()) throw InvalidParams(std::string("`") + name + "` must be a string");
  return value.get<std::string>();
}

uint32_t unsignedMember(const json& object, const char* name) {
  const json& value = member(object, name);
  if (!value.is_number_unsigned() || value.get<uint64_t>() > UINT32_MAX)
    throw InvalidParams(std::string("`") + name + "` must be a non-negative integer");
  return value.get<uint32_t>();
}

// An LSP position (0-based line, UTF-16 character) as the 1-based line and byte column of `text`.
Position fromLsp(std::string_view text, const json& position) {
  uint32_t line = unsignedMember(position, "line") + 1;
  uint32_t character = unsignedMember(position, "character") + 1;
  SourceFile file;
  file.text = std::string(text);
  return Position{line, byteColumn(file.lineText(line), character)};
}

json toLspPosition(const SourceFile& file, Position position) {
  uint32_t line = position.line == 0 ? 1 : position.line;
  return json{{"line", line - 1}, {"character", utf16Column(file.lineText(line), position.column) - 1}};
}

json toLspRange(const SourceFile& file, const Span& span) {
  return json{{"start", toLspPosition(file, span.begin)}, {"end", toLspPosition(file, span.end)}};
}

// The byte offset of a position in `text`, clamped to its line's end and to the text's end.
size_t offsetOf(const std::string& text, Position position) {
  size_t lineStart = 0;
  for (uint32_t line = 1; line < position.line; ++line) {
    size_t newline = text.find('\n', lineStart);
    if (newline == std::string::npos) return text.size();
    lineStart = newline + 1;
  }
  size_t lineEnd = text.find('\n', lineStart);
  if (lineEnd == std::string::npos) lineEnd = text.size();
  return std::min(lineStart + position.column - 1, lineEnd);
}

int lspSeverity(Severity severity) {
  switch (severity) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Info: return 3;
  }
  return 1;
}

}  // namespace

std::string ruleDocumentUri(const std::string& code) {
  const RuleInfo* info = findRuleInfo(code);
  if (!info) return "";
  const char* cache = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  fs::path base = cache && *cache ? fs::path(cache) : home && *home ? fs::path(home) / ".cache" : fs::path();
  if (base.empty() || base.is_relative()) return "";
  fs::path page = base / "fxlint" / ("rules-" + std::string(FXLINT_VERSION)) / (code + ".md");
  std::error_code ec;
  if (!fs::exists(page, ec)) {
    fs::create_directories(page.parent_path(), ec);
    if (ec || !writeFileAtomically(page.string(), ruleDocument(*info), false).empty()) return "";
  }
  return "file://" + encodeUriPath(page.generic_string());
}

int serveStdio() {
  std::ios::sync_with_stdio(false);
  LanguageServer server(std::cout);
  return server.serve(std::cin);
}

int LanguageServer::serve(std::istream& in) {
  MessageReader reader(in);
  while (!exitRequested_) {
    std::optional<Frame> frame = reader.next();
    if (!frame) break;
    if (!frame->body) {
      send(errorMessage(RpcError{kParseError, "unusable message frame: " + frame->error, nullptr}));
      continue;
    }
    Classified classified = classify(*frame->body);
    if (classified.error) send(errorMessage(*classified.error));
    else dispatch(*classified.message);
  }
  return shutdownRequested_ ? 0 : 1;
}

void LanguageServer::dispatch(const Incoming& message) {
  if (message.kind == Incoming::Kind::Response) return;  // this server sends no requests
  if (message.kind == Incoming::Kind::Notification) {
    try {
      notification(message.method, message.params);
    } catch (const std::exception& e) {
      log(1, message.method + ": " + e.what());
    }
    return;
  }
  auto fail = [&](int code, const std::string& why) { send(errorMessage(RpcError{code, message.method + ": " + why, message.id})); };
  if (!initialized_ && message.method != "initialize") return fail(kServerNotInitialized, "the server is not initialized");
  if (shutdownRequested_) return fail(kInvalidRequest, "the server is shutting down");
  try {
    send(responseMessage(message.id, request(message.method, message.params)));
  } catch (const InvalidParams& e) {
    fail(kInvalidParams, e.what());
  } catch (const MethodNotFound& e) {
    fail(kMethodNotFound, e.what());
  } catch (const std::exception& e) {
    fail(kInternalError, e.what());
  }
}

json LanguageServer::request(const std::string& method, const json& params) {
  if (method == "initialize") return initialize(params);
  if (method == "shutdown") {
    shutdownRequested_ = true;
    return nullptr;
  }
  if (method == "textDocument/hover") return hover(params);
  if (method == "textDocument/codeAction") return codeAction(params);
  throw MethodNotFound("no such method");
}

void LanguageServer::notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exitRequested_ = true;
    return;
  }
  if (!initialized_) return;  // notifications before initialize are dropped, as LSP asks
  if (method == "textDocument/didOpen") didOpen(params);
  else if (method == "textDocument/didChange") didChange(params);
  else if (method == "textDocument/didSave") didSave(params);
  else if (method == "textDocument/didClose") didClose(params);
  // Others (initialized, $/cancelRequest, workspace notifications) need nothing from this server.
}

json LanguageServer::initialize(const json& params) {
  if (initialized_) throw InvalidParams("initialize was already called");
  if (!params.is_object()) throw InvalidParams("initialize takes an object");
  initialized_ = true;
  json capabilities{
      // Full text on every change; the text on save is not needed (the buffer is already known).
      {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}},
  };
  return json{{"capabilities", capabilities}, {"serverInfo", {{"name", "fxlint"}, {"version", FXLINT_VERSION}}}};
}

LanguageServer::Document& LanguageServer::document(const json& params) {
  std::string uri = stringMember(objectMember(params, "textDocument"), "uri");
  auto it = documents_.find(uri);
  if (it == documents_.end()) throw InvalidParams("document " + uri + " is not open");
  return it->second;
}

void LanguageServer::didOpen(const json& params) {
  const json& item = objectMember(params, "textDocument");
  std::string uri = stringMember(item, "uri");
  Document document;
  document.text = stringMember(item, "text");
  document.path = pathFromFileUri(uri).value_or("");
  analyzeAndPublish(uri, documents_[uri] = std::move(document));
}

void LanguageServer::didChange(const json& params) {
  Document& doc = document(params);
  const json& changes = member(params, "contentChanges");
  if (!changes.is_array()) throw InvalidParams("`contentChanges` must be an array");
  // Validated in full before any is applied, so a bad change leaves the document as it was.
  std::string text = doc.text;
  for (const json& change : changes) {
    std::string replacement = stringMember(change, "text");
    if (!change.contains("range")) {
      text = std::move(replacement);
      continue;
    }
    const json& range = objectMember(change, "range");
    size_t begin = offsetOf(text, fromLsp(text, objectMember(range, "start")));
    size_t end = offsetOf(text, fromLsp(text, objectMember(range, "end")));
    if (end < begin) throw InvalidParams("a change's range ends before it starts");
    text.replace(begin, end - begin, replacement);
  }
  doc.text = std::move(text);
  analyzeAndPublish(stringMember(params["textDocument"], "uri"), doc);
}

void LanguageServer::didSave(const json& params) {
  Document& doc = document(params);
  if (params.contains("text")) doc.text = stringMember(params, "text");
  // Saving may also change what the document's imports see on disk.
  analyzeAndPublish(stringMember(params["textDocument"], "uri"), doc);
}

void LanguageServer::didClose(const json& params) {
  document(params);
  std::string uri = params["textDocument"]["uri"];
  documents_.erase(uri);
  send(notificationMessage("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}}));
}

void LanguageServer::analyzeAndPublish(const std::string& uri, Document& doc) {
  doc.diagnostics.clear();
  doc.reached.clear();
  auto analyzed = std::make_shared<SourceFile>();
  analyzed->path = doc.path;
  analyzed->text = doc.text;
  doc.analyzed = analyzed;
  if (!doc.path.empty()) {
    RunOptions options;
    options.paths = {doc.path};
    options.unsavedText[doc.path] = doc.text;
    options.jobs = 1;
    RunResult result = run(options);
    for (const std::string& error : result.errors) log(result.aborted ? 1 : 2, error);
    if (!result.files.empty()) doc.analyzed = result.files.front().file;
    for (Diagnostic& d : result.diagnostics) {
      if (d.file->path == doc.path) {
        doc.diagnostics.push_back(std::move(d));
        continue;
      }
      // The site's file is another module: find the document's classes whose trace reached it.
      for (const FileAnalysis& file : result.files)
        for (const auto* verdicts : {&file.classes, &file.factories})
          for (const ClassVerdict& verdict : *verdicts) {
            bool reaches = std::any_of(verdict.events.begin(), verdict.events.end(), [&](const TraceEvent& e) {
              return e.file->path == d.file->path && e.span.begin == d.span.begin;
            });
            if (!reaches) continue;
            Diagnostic atClass = d;
            atClass.file = doc.analyzed;
            atClass.span = verdict.span;
            atClass.message = "in " + displayPath(d.file->path) + ":" + std::to_string(d.span.begin.line) + ": " + d.message;
            doc.reached.push_back({std::move(atClass), d});
          }
    }
  }
  json diagnostics = json::array();
  for (const Diagnostic& d : doc.diagnostics) diagnostics.push_back(toLsp(d));
  for (const Document::Reached& r : doc.reached) diagnostics.push_back(toLsp(r));
  send(notificationMessage("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", diagnostics}}));
}

json LanguageServer::toLsp(const Document::Reached& reached) const {
  json diagnostic = toLsp(reached.atClass);
  const Diagnostic& site = reached.site;
  std::error_code ec;
  std::string path = fs::absolute(site.file->path, ec).lexically_normal().generic_string();
  diagnostic["relatedInformation"] = json::array(
      {{{"location", {{"uri", "file://" + encodeUriPath(path)},
                      {"range", toLspRange(*site.file, site.span)}}},
        {"message", "the site: " + site.message}}});
  return diagnostic;
}

json LanguageServer::toLsp(const Diagnostic& d) const {
  json diagnostic{{"range", toLspRange(*d.file, d.span)},
                  {"severity", lspSeverity(d.severity)},
                  {"code", d.code},
                  {"source", "fxlint"},
                  {"message", d.message},
                  {"data", {{"chain", d.chain}}}};
  if (std::string href = ruleDocumentUri(d.code); !href.empty()) diagnostic["codeDescription"] = {{"href", href}};
  return diagnostic;
}

json LanguageServer::hover(const json& params) {
  Document& doc = document(params);
  uint32_t line = unsignedMember(objectMember(params, "position"), "line") + 1;
  std::vector<const Diagnostic*> shown;
  for (const Diagnostic& d : doc.diagnostics) shown.push_back(&d);
  for (const Document::Reached& r : doc.reached) shown.push_back(&r.atClass);
  std::string markdown;
  const Diagnostic* first = nullptr;
  for (const Diagnostic* d : shown) {
    if (line < d->span.begin.line || line > d->span.end.line) continue;
    if (!first) first = d;
    const RuleInfo* info = findRuleInfo(d->code);
    if (!markdown.empty()) markdown += "\n\n---\n\n";
    markdown += "**" + d->code + "**" + (info ? " " + std::string(info->name) : "") + ": " + d->message;
    if (!d->chain.empty()) markdown += "\n\ncall chain: `" + joinChain(d->chain) + "`";
  }
  if (!first) return nullptr;
  return json{{"contents", {{"kind", "markdown"}, {"value", markdown}}}, {"range", toLspRange(*first->file, first->span)}};
}

json LanguageServer::codeAction(const json& params) {
  Document& doc = document(params);
  const json& range = objectMember(params, "range");
  uint32_t firstLine = unsignedMember(objectMember(range, "start"), "line") + 1;
  uint32_t lastLine = unsignedMember(objectMember(range, "end"), "line") + 1;
  std::string uri = params["textDocument"]["uri"];
  json actions = json::array();
  for (const Diagnostic& d : doc.diagnostics) {
    if (d.span.end.line < firstLine || d.span.begin.line > lastLine) continue;
    for (const CodeAction& action : codeActionsFor(d, *doc.analyzed)) {
      json edits = json::array();
      for (const Edit& edit : action.edits)
        edits.push_back({{"range", toLspRange(*doc.analyzed, edit.span)}, {"newText", edit.newText}});
      json entry{{"title", action.title},
                 {"kind", action.kind},
                 {"diagnostics", json::array({toLsp(d)})},
                 {"edit", {{"changes", {{uri, edits}}}}}};
      if (action.preferred) entry["isPreferred"] = true;
      actions.push_back(std::move(entry));
    }
  }
  return actions;
}

void LanguageServer::log(int type, const std::string& message) {
  send(notificationMessage("window/logMessage", {{"type", type}, {"message", "fxlint: " + message}}));
}

}  // namespace fxlint::lsp
