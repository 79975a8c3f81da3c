// GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` annotation per diagnostic,
// escaped the way the runner unescapes them (data: %, CR, LF; properties also ':' and ',').
#include <string_view>

#include "output.h"
#include "output_support.h"
#include "paths.h"

namespace fxlint {
namespace {

std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

const char* command(Severity severity) {
  return severity == Severity::Error ? "error" : severity == Severity::Warning ? "warning" : "notice";
}

}  // namespace

void writeDiagnosticsGithub(std::ostream& out, const RunResult& result) {
  for (const Diagnostic& d : result.diagnostics) {
    Utf16Range columns = utf16Range(d);
    std::string message = d.message;
    if (d.chain.size() > 1) message += "\nvia: " + joinChain(d.chain);
    // Annotations attach to files by their path in the checkout: the working directory in a workflow.
    out << "::" << command(d.severity) << " file=" << escape(displayPath(d.file->path), true)
        << ",line=" << d.span.begin.line << ",col=" << columns.startColumn << ",endLine=" << d.span.end.line
        << ",endColumn=" << columns.endColumn << ",title=" << escape(d.code, true) << "::" << escape(message, false)
        << "\n";
  }
  for (const std::string& error : result.errors) out << "::error title=fxlint::" << escape(error, false) << "\n";
}

}  // namespace fxlint
