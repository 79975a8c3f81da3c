// Private RAII wrappers around tree-sitter's C handles, for the Python front-end only. It owns
// parsers, trees and cursors and offers cheap borrowed-node helpers; what the nodes mean is left to
// grammar.h and the Lowerer (lowerer.h). Never include this from a public header: tree-sitter stays
// behind fxlint/python_frontend.h.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "fxlint/source.h"

extern "C" const TSLanguage* tree_sitter_python(void);

namespace fxlint::ts {

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
// Owns a parse tree; every TSNode borrowed from it is valid only while it lives.
using TsTree = std::unique_ptr<TSTree, TreeDeleter>;

class TsParser {
 public:
  // Empty when this runtime refuses the grammar's ABI (e.g. a grammar generated for ABI 15 on
  // Debian's 0.20.7 runtime, which loads ABI 13-14 only).
  static std::optional<TsParser> create() {
    std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
    if (!parser || !ts_parser_set_language(parser.get(), tree_sitter_python())) return std::nullopt;
    return TsParser(std::move(parser));
  }

  // Null when parsing takes longer than `timeoutMicros` (0: no limit). The caller guarantees
  // `text` fits tree-sitter's 32-bit lengths.
  TsTree parse(std::string_view text, uint64_t timeoutMicros) const {
    ts_parser_set_timeout_micros(parser_.get(), timeoutMicros);
    return TsTree(ts_parser_parse_string(parser_.get(), nullptr, text.data(),
                                         static_cast<uint32_t>(text.size())));
  }

 private:
  struct ParserDeleter {
    void operator()(TSParser* parser) const { ts_parser_delete(parser); }
  };
  explicit TsParser(std::unique_ptr<TSParser, ParserDeleter> parser) : parser_(std::move(parser)) {}

  std::unique_ptr<TSParser, ParserDeleter> parser_;
};

// A reusable cursor. tree-sitter 0.20's ts_node_child(i) rescans the children before i and
// ts_node_next_sibling climbs to the parent, so walking children through them is quadratic; a
// cursor visits them in constant time each. Reset reuses the cursor's stack allocation.
class TsCursor {
 public:
  explicit TsCursor(TSNode root) : cursor_(ts_tree_cursor_new(root)) {}
  ~TsCursor() { ts_tree_cursor_delete(&cursor_); }
  TsCursor(const TsCursor&) = delete;
  TsCursor& operator=(const TsCursor&) = delete;

  // Positions the cursor on the first child of `node`; false when it has none.
  bool enterChildrenOf(TSNode node) {
    ts_tree_cursor_reset(&cursor_, node);
    return ts_tree_cursor_goto_first_child(&cursor_);
  }
  bool next() { return ts_tree_cursor_goto_next_sibling(&cursor_); }
  TSNode node() const { return ts_tree_cursor_current_node(&cursor_); }
  TSFieldId field() const { return ts_tree_cursor_current_field_id(&cursor_); }

 private:
  TSTreeCursor cursor_;
};

// ---- borrowed-node helpers --------------------------------------------------------------------

inline std::string_view nodeText(TSNode node, std::string_view source) {
  uint32_t begin = ts_node_start_byte(node);
  uint32_t end = ts_node_end_byte(node);
  if (end < begin || end > source.size()) return {};
  return source.substr(begin, end - begin);
}

inline Position toPosition(TSPoint point) { return {point.row + 1, point.column + 1}; }

// The node's span: 1-based line and byte column (tree-sitter's are 0-based), and byte offsets.
inline Span nodeSpan(TSNode node) {
  return {toPosition(ts_node_start_point(node)), toPosition(ts_node_end_point(node)),
          ts_node_start_byte(node), ts_node_end_byte(node)};
}

// From the start of `first` to the end of `last` (nodes of one tree, in order).
inline Span spanBetween(TSNode first, TSNode last) {
  return {toPosition(ts_node_start_point(first)), toPosition(ts_node_end_point(last)),
          ts_node_start_byte(first), ts_node_end_byte(last)};
}

}  // namespace fxlint::ts
