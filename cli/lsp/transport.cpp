// Header parsing follows the base protocol: ASCII header lines ending in \r\n (a bare \n is tolerated),
// names case-insensitive, Content-Length required, other headers ignored.
#include "lsp/transport.h"

#include <algorithm>
#include <cctype>

namespace fxlint::lsp {

namespace {

constexpr size_t kMaxHeaderLine = 4096;
constexpr std::string_view kContentLength = "content-length:";

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

std::string trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// One header line without its line ending; nothing at end of input; an overlong line is cut and
// reported by its length.
std::optional<std::string> readLine(std::istream& in) {
  std::string line;
  for (int c; (c = in.get()) != EOF;) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (line.size() <= kMaxHeaderLine) line.push_back(char(c));
  }
  if (line.empty()) return std::nullopt;
  return line;
}

std::optional<size_t> parseLength(const std::string& value) {
  if (value.empty() || value.size() > 12 || !std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) return std::nullopt;
  return std::stoull(value);
}

}  // namespace

bool MessageReader::resynchronize() {
  // Looks for "content-length:" at any position, case-insensitively, and leaves the stream just past
  // it, so the next header parse starts with the value.
  size_t matched = 0;
  for (int c; (c = in_.get()) != EOF;) {
    char lower = char(std::tolower(c));
    if (lower == kContentLength[matched]) {
      if (++matched == kContentLength.size()) return true;
    } else {
      matched = lower == kContentLength[0] ? 1 : 0;
    }
  }
  return false;
}

std::optional<Frame> MessageReader::next() {
  std::optional<size_t> length;
  std::string problem;
  bool sawHeader = false;
  auto takeLength = [&](const std::string& value) {
    if ((length = parseLength(value))) return;
    if (problem.empty()) problem = "bad Content-Length `" + value.substr(0, 40) + "`";
  };
  if (resync_) {
    resync_ = false;
    if (!resynchronize()) return std::nullopt;
    // The header name is consumed: the rest of this line is its value.
    auto value = readLine(in_);
    if (!value) return std::nullopt;
    sawHeader = true;
    takeLength(trim(*value));
  }
  while (true) {
    auto line = readLine(in_);
    if (!line) {
      if (!sawHeader) return std::nullopt;
      return Frame{std::nullopt, "end of input inside the message header"};
    }
    if (line->empty()) {
      if (!sawHeader) continue;  // blank lines between messages
      break;
    }
    sawHeader = true;
    size_t colon = line->find(':');
    if (colon == std::string::npos || line->size() > kMaxHeaderLine) {
      if (problem.empty()) problem = "malformed header line `" + line->substr(0, 40) + "`";
      continue;
    }
    if (lowercase(trim(line->substr(0, colon))) == "content-length") takeLength(trim(line->substr(colon + 1)));
  }
  if (problem.empty() && !length) problem = "no Content-Length header";
  if (problem.empty() && *length > kMaxMessageBytes)
    problem = "Content-Length " + std::to_string(*length) + " exceeds the limit of " +
              std::to_string(kMaxMessageBytes) + " bytes";
  if (!problem.empty()) {
    // The body's extent is unknown: skip to the next frame's header.
    resync_ = true;
    return Frame{std::nullopt, problem};
  }
  std::string body(*length, '\0');
  in_.read(body.data(), std::streamsize(*length));
  if (size_t(in_.gcount()) != *length)
    return Frame{std::nullopt, "end of input after " + std::to_string(in_.gcount()) + " of " +
                                   std::to_string(*length) + " body bytes"};
  return Frame{std::move(body), ""};
}

void writeMessage(std::ostream& out, const json& message) {
  // Invalid UTF-8 in a string (a document's text echoed back) is replaced rather than thrown on.
  std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

Classified classify(const std::string& body) {
  json message = json::parse(body, nullptr, false);
  if (message.is_discarded()) return {std::nullopt, RpcError{kParseError, "the message is not valid JSON", nullptr}};
  if (!message.is_object())
    return {std::nullopt, RpcError{kInvalidRequest, "a message must be a JSON object (batches are not used by LSP)", nullptr}};
  json id = nullptr;
  bool hasId = message.contains("id");
  if (hasId) {
    id = message["id"];
    if (!id.is_number_integer() && !id.is_string() && !id.is_null())
      return {std::nullopt, RpcError{kInvalidRequest, "`id` must be a number or a string", nullptr}};
  }
  auto invalid = [&](std::string why) { return Classified{std::nullopt, RpcError{kInvalidRequest, std::move(why), id}}; };
  if (message.value("jsonrpc", json()) != "2.0") return invalid("`jsonrpc` must be \"2.0\"");
  if (!message.contains("method")) {
    if (hasId && (message.contains("result") || message.contains("error")))
      return {Incoming{Incoming::Kind::Response, id, "", nullptr}, std::nullopt};
    return invalid("no `method`");
  }
  if (!message["method"].is_string()) return invalid("`method` must be a string");
  json params = message.value("params", json());
  if (!params.is_null() && !params.is_object() && !params.is_array()) return invalid("`params` must be an object or an array");
  Incoming incoming{hasId ? Incoming::Kind::Request : Incoming::Kind::Notification, id,
                    message["method"].get<std::string>(), std::move(params)};
  return {std::move(incoming), std::nullopt};
}

json responseMessage(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json errorMessage(const RpcError& error) {
  return json{{"jsonrpc", "2.0"}, {"id", error.id}, {"error", {{"code", error.code}, {"message", error.message}}}};
}

json notificationMessage(const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

}  // namespace fxlint::lsp
