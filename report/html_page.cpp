// Assembles a self-contained HTML page from the compiled-in assets and the page's data.
#include "html_page.h"

#include <stdexcept>

namespace fxlint::report {

std::string escapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string scriptSafeJson(const nlohmann::json& data) {
  // Invalid UTF-8 in a source file must not abort the page: replace it (the JSON writers do the same).
  std::string dumped = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(dumped.size());
  // These characters occur only inside JSON strings, where the \u escape means the same character.
  for (char c : dumped) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

std::string htmlPage(std::string_view title, const nlohmann::json& data, std::string_view pageScript) {
  std::string_view script = asset(pageScript);
  if (script.empty()) throw std::logic_error("no compiled-in page script " + std::string(pageScript));
  std::string page;
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // No request may leave the page: nothing but its own inline styles and scripts is allowed.
  page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "script-src 'unsafe-inline'; img-src data:\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + escapeHtml(title) + "</title>\n<style>\n";
  page += asset("report.css");
  page += "</style>\n</head>\n<body>\n<noscript>This report is drawn by its inline script; enable JavaScript to read it.</noscript>\n";
  page += "<script type=\"application/json\" id=\"fxlint-data\">" + scriptSafeJson(data) + "</script>\n<script>\n";
  page += asset("page.js");
  page += "\n</script>\n<script>\n";
  page += script;
  page += "\n</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace fxlint::report
