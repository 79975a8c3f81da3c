// `fxlint lsp`: a language server over stdio (docs/integrations.md). Documents are analyzed from the
// editor's text on open, change and save, with imports resolved from disk and the configuration found
// as `fxlint check` finds it; diagnostics are published for the document itself.
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
    std::vector<Diagnostic> diagnostics;
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
