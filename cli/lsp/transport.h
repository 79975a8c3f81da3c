// The Language Server Protocol's base protocol: messages framed by `Content-Length: N\r\n\r\n` headers
// on a byte stream, and JSON-RPC 2.0 inside them. Reading never throws; a bad frame or message comes
// back as an error the server answers, and reading goes on with the next frame.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace fxlint::lsp {

using nlohmann::json;

// JSON-RPC and LSP error codes.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
};

// Bodies larger than this are refused (and skipped) without being buffered.
inline constexpr size_t kMaxMessageBytes = 64 << 20;

struct Frame {
  std::optional<std::string> body;  // unset when the frame was unusable
  std::string error;                // why, when unusable
};

class MessageReader {
 public:
  explicit MessageReader(std::istream& in) : in_(in) {}
  // The next frame, or nothing at the end of the input. After an unusable header the reader skips to
  // the next `Content-Length:` so one bad frame does not lose the rest of the session.
  std::optional<Frame> next();

 private:
  bool resynchronize();
  std::istream& in_;
  bool resync_ = false;
};

void writeMessage(std::ostream& out, const json& message);

// A JSON-RPC message from the client, classified.
struct Incoming {
  enum class Kind { Request, Notification, Response } kind;
  json id;  // requests and responses: a number or a string
  std::string method;
  json params;  // an object, an array or null
};

struct RpcError {
  int code;
  std::string message;
  json id;  // the request's id when it could be read, else null
};

// Parses and checks one body: invalid JSON is a parse error; JSON that is not a JSON-RPC 2.0 message
// (a batch, no "jsonrpc": "2.0", a method that is not a string, an id of the wrong type, params that
// are not structured) is an invalid request.
struct Classified {
  std::optional<Incoming> message;
  std::optional<RpcError> error;
};
Classified classify(const std::string& body);

json responseMessage(const json& id, json result);
json errorMessage(const RpcError& error);
json notificationMessage(const std::string& method, json params);

}  // namespace fxlint::lsp
