// `fxlint lsp`: a language server over stdio (docs/integrations.md). Documents are analyzed from the
// editor's text on open, change and save, with imports resolved from disk and the configuration found
// as `fxlint check` finds it. Diagnostics in the document are published as they are; a site in an
// imported file that a class of the document reaches is shown at that class's name.
#pragma once

#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "fxlint/rule.h"
#include "lsp/transport.h"

namespace fxlint::lsp {

class LanguageServer {
 public:
  explicit LanguageServer(std::ostream& out) : out_(out) {}
  // Serves until `exit` or the end of the input. Returns the exit status LSP prescribes: 0 when
  // `shutdown` came before, else 1.
  int serve(std::istream& in);

 private:
  struct Document {
    std::string path;  // empty for a URI that is not a local file: such documents are not analyzed
    std::string text;
    SourceFilePtr analyzed;  // the text the diagnostics were computed from
    std::vector<Diagnostic> diagnostics;  // in the document: these get code actions
    // Sites in imported files, each moved to the name of the document's class that reaches it.
    struct Reached {
      Diagnostic atClass;  // span: the class (or builder) name in the document
      Diagnostic site;     // as `fxlint check` reports it, in the imported file
    };
    std::vector<Reached> reached;
  };

  void dispatch(const Incoming& message);
  json request(const std::string& method, const json& params);
  void notification(const std::string& method, const json& params);

  json initialize(const json& params);
  void didOpen(const json& params);
  void didChange(const json& params);
  void didSave(const json& params);
  void didClose(const json& params);
  json hover(const json& params);
  json codeAction(const json& params);

  Document& document(const json& params);  // params.textDocument.uri, which must be open
  void analyzeAndPublish(const std::string& uri, Document& document);
  json toLsp(const Diagnostic& diagnostic) const;
  json toLsp(const Document::Reached& reached) const;
  void log(int type, const std::string& message);
  void send(const json& message) { writeMessage(out_, message); }

  std::ostream& out_;
  std::map<std::string, Document> documents_;  // by URI as the client spells it
  bool initialized_ = false;
  bool shutdownRequested_ = false;
  bool exitRequested_ = false;
};

// `fxlint lsp`: serves standard input and output; returns the process's exit status.
int serveStdio();

// The rule's documentation page, written once under $XDG_CACHE_HOME/fxlint (or ~/.cache/fxlint) for this
// version, as a file: URI; empty when it cannot be written.
std::string ruleDocumentUri(const std::string& code);

}  // namespace fxlint::lsp
