// libFuzzer target: the language server's message reader (cli/lsp/transport.h). The input is the byte
// stream a client writes to `fxlint lsp`: every frame is read, every body classified as JSON-RPC, and
// every error the server would send is serialized. Nothing may throw or crash, the reader must make
// progress (finitely many frames for finite input), and each classification must be one answer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>

#include "lsp/transport.h"

namespace {

[[noreturn]] void broken(const char* invariant) {
  std::fprintf(stderr, "fxlint fuzz invariant broken: %s\n", invariant);
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out;
  fxlint::lsp::MessageReader reader(in);
  size_t frames = 0;
  while (auto frame = reader.next()) {
    // Every frame but the last consumes at least one byte, so there are at most size + 1 of them.
    if (++frames > size + 1) broken("the reader returns frames without consuming input");
    if (!frame->body) {
      if (frame->error.empty()) broken("an unusable frame without a reason");
      fxlint::lsp::writeMessage(out, fxlint::lsp::errorMessage({fxlint::lsp::kParseError, frame->error, nullptr}));
      continue;
    }
    if (frame->body->size() > fxlint::lsp::kMaxMessageBytes) broken("a body over the size limit");
    fxlint::lsp::Classified classified = fxlint::lsp::classify(*frame->body);
    if (classified.message.has_value() == classified.error.has_value()) broken("classify gave not exactly one answer");
    if (classified.error) fxlint::lsp::writeMessage(out, fxlint::lsp::errorMessage(*classified.error));
  }
  return 0;
}
