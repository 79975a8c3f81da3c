// Def/use over a method's IR for block extraction: which locals a statement reads, which of the names
// it binds are live afterwards, and what forbids moving it out of the method.
#include "interp/extraction.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "interp/interpreter.h"
#include "interp/support.h"

namespace fxlint::interp {
namespace {

using Names = std::set<std::string>;


// Names in first-use order.
struct OrderedNames {
  std::vector<std::string> order;
  Names seen;
  void add(const std::string& name) {
    if (seen.insert(name).second) order.push_back(name);
  }
};

// Whether a line break of `literal` (a string expression's source: one literal, or several implicitly
// concatenated) lies inside a literal, where re-indenting would change the string. Breaks between the
// pieces of `"a"\n  "b"` do not.
bool breaksInsideLiteral(std::string_view literal) {
  for (size_t i = 0; i < literal.size();) {
    char c = literal[i];
    if (c == '#') {
      i = literal.find('\n', i);
      continue;
    }
    if (c != '\'' && c != '"') {
      ++i;
      continue;
    }
    const std::string_view quote = literal.substr(i, 3) == std::string(3, c) ? literal.substr(i, 3) : literal.substr(i, 1);
    for (i += quote.size(); i < literal.size();) {
      if (literal[i] == '\n') return true;
      if (literal[i] == '\\') {
        if (i + 1 < literal.size() && literal[i + 1] == '\n') return true;
        i += 2;
      } else if (literal.substr(i, quote.size()) == quote) {
        i += quote.size();
        break;
      } else {
        ++i;
      }
    }
  }
  return false;
}

// Walks statements and expressions, collecting the names read and bound. With the method's `file`, also
// what forbids extraction and the `self.` attributes to pass.
class Walker {
 public:
  // `allowReturn`: the walked statements are a method's tail, whose `return`s stay returns.
  explicit Walker(std::string self, const SourceFile* file = nullptr, bool allowReturn = false)
      : self_(std::move(self)), file_(file), allowReturn_(allowReturn) {}

  OrderedNames reads, writes;
  std::map<std::string, uint32_t> firstWrite;  // name -> offset of its first binding
  std::vector<ExprOutline> selfAttributes;  // `self.a.b` reads, named by the whole chain
  std::vector<ExprOutline> localChains;     // `x.a.b` reads of a name other than `self`
  Names bareReads;  // names read other than as the root of such a chain (or mutated through one)
  Names mutated;  // receivers of list/dict mutating calls
  Names lambdas;  // names bound to a lambda (the interpreter does not model them as functions)
  Refusal refusal;
  bool returns = false;   // a `return` was walked
  bool usesSelf = false;  // `self` itself is used or called through, not only read as `self.a.b`
  bool usesSelfBare = false;  // `self` itself is read or called, not only through `self.a`
  std::vector<ExprOutline> selfCallees;  // `self.a` of `self.a(...)` and of `self.a.f(...)`

  void block(const ir::Block& body) {
    for (const auto& stmt : body) statement(*stmt);
  }

  void statement(const ir::Stmt& stmt) {
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ir::ExprStmt>) {
            expr(*node.value);
          } else if constexpr (std::is_same_v<T, ir::Assign>) {
            expr(*node.value);
            for (const auto& target : node.targets) bind(*target);
            if (as<ir::Lambda>(*node.value))
              for (const auto& target : node.targets)
                if (auto* n = as<ir::Name>(*target)) lambdas.insert(n->id);
          } else if constexpr (std::is_same_v<T, ir::AugAssign>) {
            expr(*node.value);
            expr(*node.target);
            bind(*node.target);
          } else if constexpr (std::is_same_v<T, ir::If>) {
            expr(*node.test);
            block(node.body);
            block(node.orElse);
          } else if constexpr (std::is_same_v<T, ir::While>) {
            expr(*node.test);
            loop(node.body);
            block(node.orElse);
          } else if constexpr (std::is_same_v<T, ir::For>) {
            expr(*node.iterable);
            bind(*node.target);
            loop(node.body);
            block(node.orElse);
          } else if constexpr (std::is_same_v<T, ir::Return>) {
            returns = true;
            if (!allowReturn_) refuse(RefusalReason::ContainsReturn);
            if (node.value) expr(*node.value);
          } else if constexpr (std::is_same_v<T, ir::Raise>) {
            if (node.exception) expr(*node.exception);
          } else if constexpr (std::is_same_v<T, ir::Assert>) {
            expr(*node.test);
            if (node.message) expr(*node.message);
          } else if constexpr (std::is_same_v<T, ir::With>) {
            for (const auto& item : node.items) {
              expr(*item.context);
              if (item.target) bind(*item.target);
            }
            block(node.body);
          } else if constexpr (std::is_same_v<T, ir::Try>) {
            block(node.body);
            for (const auto& handler : node.handlers) {
              if (handler.type) expr(*handler.type);
              if (!handler.name.empty()) write(handler.name, handler.span.beginOffset);
              block(handler.body);
            }
            block(node.orElse);
            block(node.finally);
          } else if constexpr (std::is_same_v<T, ir::Jump>) {
            if (node.kind != ir::JumpKind::Pass && loops_ == 0) refuse(RefusalReason::LeavesLoop);
          } else if constexpr (std::is_same_v<T, ir::Delete>) {
            refuse(RefusalReason::ContainsDel);
            for (const auto& target : node.targets) bind(*target);
          } else if constexpr (std::is_same_v<T, ir::LocalFunction>) {
            refuse(RefusalReason::DefinesFunction);
            if (node.function) write(node.function->name, stmt.span.beginOffset);
          } else if constexpr (std::is_same_v<T, ir::OpaqueStmt>) {
            refuse(RefusalReason::ContainsStatement, node.what);
          }
        },
        stmt.node);
  }

  void expr(const ir::Expr& e, const Names& shadowed = {}) {
    auto sub = [&](const ir::ExprPtr& p) {
      if (p) expr(*p, shadowed);
    };
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ir::Name>) {
            if (node.id == self_) {
              usesSelf = usesSelfBare = true;
            } else if (!shadowed.count(node.id)) {
              reads.add(node.id);
              bareReads.insert(node.id);
            }
          } else if constexpr (std::is_same_v<T, ir::Attribute>) {
            std::string chain = dottedName(e);  // `a.b.c` of names and attributes only; empty otherwise
            std::string root = chain.substr(0, chain.find('.'));
            if (!chain.empty() && root == self_) {
              selfAttributes.push_back(attributeRead(e, chain));
            } else if (!chain.empty() && root != self_ && !shadowed.count(root)) {
              reads.add(root);
              localChains.push_back(attributeRead(e, chain));
            } else {
              sub(node.object);
            }
          } else if constexpr (std::is_same_v<T, ir::Call>) {
            static const Names kMutating = {"append", "extend", "insert", "pop", "remove", "clear",
                                            "update", "setdefault", "popitem", "add", "discard"};
            std::string callee = dottedName(*node.callee);
            auto* method = as<ir::Attribute>(*node.callee);
            if (callee == self_ || callee.starts_with(self_ + ".")) {
              usesSelf = true;  // a method or submodule of `self`: `self` itself is passed
              if (callee == self_) usesSelfBare = true;
              else if (method && as<ir::Attribute>(*method->object)) selfCallees.push_back(attributeRead(*method->object, dottedName(*method->object)));
              else selfCallees.push_back(attributeRead(*node.callee, callee));
            } else if (callee == "super")
              refuse(RefusalReason::CallsSuper);
            else if (method)
              sub(method->object);  // `x.f()` uses `x` itself; `x.a.f()` reads the chain `x.a`
            else
              sub(node.callee);
            if (method && kMutating.count(method->name)) {
              if (auto* receiver = as<ir::Name>(*method->object)) mutated.insert(receiver->id);
              // `x.a.append(v)` mutates what `x.a` holds: `x` itself must be passed, never a copy of `x.a`
              else if (std::string chain = dottedName(*method->object); !chain.empty())
                bareReads.insert(chain.substr(0, chain.find('.')));
            }
            for (const auto& argument : node.arguments) sub(argument.value);
          } else if constexpr (std::is_same_v<T, ir::Lambda>) {
            Names inner = shadowed;
            inner.insert(node.parameters.begin(), node.parameters.end());
            if (node.body) expr(*node.body, inner);
          } else if constexpr (std::is_same_v<T, ir::Comprehension>) {
            Names inner = shadowed;
            for (const auto& f : node.fors) {
              if (f.iterable) expr(*f.iterable, inner);
              targetNames(*f.target, inner);
              for (const auto& condition : f.conditions) expr(*condition, inner);
            }
            if (node.element) expr(*node.element, inner);
            if (node.value) expr(*node.value, inner);
          } else if constexpr (std::is_same_v<T, ir::NamedExpr>) {
            sub(node.value);
            write(node.target, e.span.beginOffset);
          } else if constexpr (std::is_same_v<T, ir::Opaque>) {
            refuse(RefusalReason::ContainsUnreadable, node.what);
          } else if constexpr (std::is_same_v<T, ir::Constant> || std::is_same_v<T, ir::FormattedString>) {
            // Re-indenting the block would change a string's continuation lines.
            if (e.span.begin.line != e.span.end.line && file_ && breaksInsideLiteral(file_->slice(e.span)))
              refuse(RefusalReason::MultiLineString);
            if constexpr (std::is_same_v<T, ir::FormattedString>)
              for (const auto& part : node.parts)  // literal parts were judged with the whole string
                if (part && !as<ir::Constant>(*part)) sub(part);
          } else if constexpr (std::is_same_v<T, ir::Subscript>) {
            sub(node.object);
            sub(node.index);
          } else if constexpr (std::is_same_v<T, ir::Slice>) {
            sub(node.lower);
            sub(node.upper);
            sub(node.step);
          } else if constexpr (std::is_same_v<T, ir::Unary>) {
            sub(node.operand);
          } else if constexpr (std::is_same_v<T, ir::Binary>) {
            sub(node.lhs);
            sub(node.rhs);
          } else if constexpr (std::is_same_v<T, ir::Compare> || std::is_same_v<T, ir::BoolOp>) {
            for (const auto& operand : node.operands) sub(operand);
          } else if constexpr (std::is_same_v<T, ir::Conditional>) {
            sub(node.test);
            sub(node.then);
            sub(node.orElse);
          } else if constexpr (std::is_same_v<T, ir::Sequence>) {
            for (const auto& element : node.elements) sub(element);
          } else if constexpr (std::is_same_v<T, ir::Dict>) {
            for (const auto& key : node.keys) sub(key);
            for (const auto& value : node.values) sub(value);
          } else if constexpr (std::is_same_v<T, ir::Starred>) {
            sub(node.value);
          }
        },
        e.node);
  }

 private:
  void refuse(RefusalReason reason, std::string subject = {}) {
    if (file_ && refusal.empty()) refusal = Refusal{reason, std::move(subject)};
  }
  static ExprOutline attributeRead(const ir::Expr& e, std::string chain) {
    ExprOutline attribute;
    attribute.span = e.span;
    attribute.op = "attribute";
    attribute.name = std::move(chain);
    return attribute;
  }
  void write(const std::string& name, uint32_t offset) {
    writes.add(name);
    auto [it, fresh] = firstWrite.emplace(name, offset);
    if (!fresh) it->second = std::min(it->second, offset);
  }
  void loop(const ir::Block& body) {
    ++loops_;
    block(body);
    --loops_;
  }
  // An assignment target: names are bound. Storing into an attribute mutates an object the traced
  // graph does not see (`self`); storing into an item of a local mutates it in place, which is judged
  // by its value (a Proxy passes by reference, a list FX builds would be a copy).
  void bind(const ir::Expr& target) {
    if (auto* n = as<ir::Name>(target)) {
      if (n->id == self_) refuse(RefusalReason::RebindsSelf, self_);
      write(n->id, target.span.beginOffset);
    } else if (auto* seq = as<ir::Sequence>(target)) {
      for (const auto& element : seq->elements) bind(*element);
    } else if (auto* star = as<ir::Starred>(target)) {
      bind(*star->value);
    } else if (const ir::Name* owner = itemOwner(target); owner && owner->id != self_) {
      mutated.insert(owner->id);  // `x[i] = v`, `x[i]["k"] = v`: mutates what `x` holds
      expr(target);
    } else {
      refuse(RefusalReason::AssignsState);
      expr(target);
    }
  }
  // The local whose object an item target stores into: `x` of `x[i]` and of `x[i][j]`; null otherwise.
  static const ir::Name* itemOwner(const ir::Expr& target) {
    const ir::Expr* object = &target;
    while (auto* item = as<ir::Subscript>(*object)) object = item->object.get();
    return object != &target ? as<ir::Name>(*object) : nullptr;
  }
  static void targetNames(const ir::Expr& target, Names& out) {
    if (auto* n = as<ir::Name>(target)) out.insert(n->id);
    else if (auto* seq = as<ir::Sequence>(target))
      for (const auto& element : seq->elements) targetNames(*element, out);
    else if (auto* star = as<ir::Starred>(target)) targetNames(*star->value, out);
  }

  std::string self_;
  const SourceFile* file_;
  bool allowReturn_;
  int loops_ = 0;
};

Names join(Names a, const Names& b) {
  a.insert(b.begin(), b.end());
  return a;
}

Names readsOf(const ir::Expr* e, const std::string& self) {
  if (!e) return {};
  Walker w(self);
  w.expr(*e);
  return w.reads.seen;
}

Names readsOf(const ir::Stmt& stmt, const std::string& self) {
  Walker w(self);
  w.statement(stmt);
  return w.reads.seen;
}

// Backward liveness over structured code, recording the sets around `target`. `try` is
// over-approximated (everything it reads stays live), which can only add inputs and outputs.
class Liveness {
 public:
  // Records what is live before `first` and after `last`, consecutive statements of one block.
  Liveness(const ir::Stmt& first, const ir::Stmt& last, std::string self)
      : first_(first), last_(last), self_(std::move(self)) {}
  Names before, after;
  // Loops re-visit their bodies to a fixed point: past this many visits the block is refused.
  static constexpr long kMaxWork = 20000;
  bool exhausted = false;

  Names block(const ir::Block& body, Names out) {
    for (auto it = body.rbegin(); it != body.rend(); ++it) out = statement(**it, std::move(out));
    return out;
  }

 private:
  Names statement(const ir::Stmt& stmt, Names out) {
    if (++work_ > kMaxWork) {
      exhausted = true;
      return out;
    }
    Names in = transfer(stmt, out);
    if (&stmt == &last_) after.insert(out.begin(), out.end());
    if (&stmt == &first_) before.insert(in.begin(), in.end());
    return in;
  }

  // What is live at a loop's head is what leaves it plus what the body needs on the next iteration:
  // iterated to a fixed point (a few rounds; then everything the loop reads, which over-approximates).
  template <class Loop>
  Names loop(const ir::Stmt& stmt, const Loop& node, const Names& out) {
    constexpr int kMaxRounds = 8;
    Names exit = block(node.orElse, out);
    Names test;
    Names killed;  // a `for` target is bound before each iteration's body
    if constexpr (std::is_same_v<Loop, ir::While>) test = readsOf(node.test.get(), self_);
    else for (auto& name : plainTargets(*node.target)) killed.insert(std::move(name));
    Names head = join(exit, test);
    for (int round = 0;; ++round) {
      if (round == kMaxRounds) return join(head, readsOf(stmt, self_));
      loops_.push_back(head);
      Names body = block(node.body, head);
      loops_.pop_back();
      for (const auto& name : killed) body.erase(name);
      Names next = join(join(exit, test), body);
      if (next == head) break;
      head = std::move(next);
    }
    if constexpr (std::is_same_v<Loop, ir::For>) return join(head, readsOf(node.iterable.get(), self_));
    else return head;
  }

  Names transfer(const ir::Stmt& stmt, const Names& out) {
    return std::visit(
        [&](const auto& node) -> Names {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ir::Assign>) {
            Names in = out;
            for (const auto& target : node.targets)
              for (const auto& name : plainTargets(*target)) in.erase(name);
            return join(in, readsOf(stmt, self_));  // the value, and the objects of item and attribute targets
          } else if constexpr (std::is_same_v<T, ir::If>) {
            return join(join(readsOf(node.test.get(), self_), block(node.body, out)), block(node.orElse, out));
          } else if constexpr (std::is_same_v<T, ir::While> || std::is_same_v<T, ir::For>) {
            return loop(stmt, node, out);
          } else if constexpr (std::is_same_v<T, ir::Return>) {
            return readsOf(node.value.get(), self_);
          } else if constexpr (std::is_same_v<T, ir::Raise>) {
            return readsOf(node.exception.get(), self_);
          } else if constexpr (std::is_same_v<T, ir::With>) {
            Names in = block(node.body, out);
            for (const auto& item : node.items)
              if (item.target)
                for (const auto& name : plainTargets(*item.target)) in.erase(name);
            for (const auto& item : node.items) in = join(in, readsOf(item.context.get(), self_));
            return in;
          } else if constexpr (std::is_same_v<T, ir::Try>) {
            Names all = join(out, readsOf(stmt, self_));
            block(node.body, all);
            for (const auto& handler : node.handlers) block(handler.body, all);
            block(node.orElse, all);
            block(node.finally, all);
            return all;
          } else if constexpr (std::is_same_v<T, ir::Jump>) {
            return node.kind == ir::JumpKind::Pass || loops_.empty() ? out : loops_.back();
          } else {
            return join(out, readsOf(stmt, self_));  // reads without binding (or not known to bind)
          }
        },
        stmt.node);
  }

  static std::vector<std::string> plainTargets(const ir::Expr& target) {
    std::vector<std::string> names;
    if (auto* n = as<ir::Name>(target)) names.push_back(n->id);
    else if (auto* seq = as<ir::Sequence>(target))
      for (const auto& element : seq->elements)
        for (auto& name : plainTargets(*element)) names.push_back(std::move(name));
    else if (auto* star = as<ir::Starred>(target)) return plainTargets(*star->value);
    return names;
  }

  const ir::Stmt& first_;
  const ir::Stmt& last_;
  std::string self_;
  long work_ = 0;
  std::vector<Names> loops_;  // live at the head of each enclosing loop (for `break`/`continue`)
};

// Lines of `text` whose first word is a scoping declaration or an import, which the IR drops.
bool hasHiddenBinding(std::string_view text) {
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos) {
      line.remove_prefix(first);
      for (std::string_view keyword : {"global ", "nonlocal ", "import ", "from "})
        if (line.starts_with(keyword)) return true;
    }
    start = end + 1;
  }
  return false;
}

// Whether `span` covers whole lines: only indentation before it, only a comment after it.
bool wholeLines(std::string_view text, const Span& span) {
  size_t lineStart = text.rfind('\n', span.beginOffset == 0 ? 0 : span.beginOffset - 1);
  lineStart = lineStart == std::string_view::npos || span.beginOffset == 0 ? 0 : lineStart + 1;
  if (text.substr(lineStart, span.beginOffset - lineStart).find_first_not_of(" \t") != std::string_view::npos)
    return false;
  size_t lineEnd = text.find('\n', span.endOffset);
  std::string_view rest = text.substr(span.endOffset, lineEnd == std::string_view::npos ? std::string_view::npos : lineEnd - span.endOffset);
  size_t first = rest.find_first_not_of(" \t\r");
  return first == std::string_view::npos || rest[first] == '#';
}

// Whether `info`'s class (or a base) is declared with metaclass=torch.fx.ProxyableClassMeta.
bool proxyable(const ClassInfo& info, int depth = 0) {
  if (info.def && info.def->metaclass && dottedName(*info.def->metaclass).ends_with("ProxyableClassMeta")) return true;
  return depth < 16 && std::any_of(info.bases.begin(), info.bases.end(), [&](const ValuePtr& base) {
           return base && base->classInfo && proxyable(*base->classInfo, depth + 1);
         });
}

// Whether FX can pass `value` to a wrapped function: not a function, class, bound method or an object
// that is neither a module, a plain value (a config) nor of a ProxyableClassMeta class.
bool passable(const ValuePtr& value) {
  if (!value) return true;
  switch (value->kind) {
    case ValueKind::Function:
    case ValueKind::Class:
    case ValueKind::BoundMethod:
    case ValueKind::Super:
    case ValueKind::External: return false;
    case ValueKind::Instance: return !value->classInfo || value->classInfo->isModule || proxyable(*value->classInfo);
    default: return true;
  }
}

// Refuses `block` because `what` holds `value`, which FX cannot pass; names the class when declaring it
// with ProxyableClassMeta would make it passable (a project class without bases or metaclass).
void refuseUnpassable(BlockOutline& block, const std::string& what, const ValuePtr& value) {
  block.refusal = Refusal{RefusalReason::UnpassableValue, what};
  const ClassInfo* info = value && value->kind == ValueKind::Instance ? value->classInfo : nullptr;
  if (!info || !info->def || info->def->metaclass || !info->scope || !info->scope->module) return;
  for (const auto& base : info->def->bases)
    if (dottedName(*base) != "object") return;
  block.unpassableClass = ClassOutline{info->scope->module->source, info->def->name, info->def->nameSpan, info->def->arguments};
}

}  // namespace

std::vector<std::string> localNames(const ir::FunctionDef& fn) {
  Walker walker("");
  walker.block(fn.body);
  return walker.writes.order;
}

namespace {

// Whether `cls` or a project class it derives from defines the method `name` (an inherited method is a
// bound method at run time too).
bool definesMethod(const ClassInfo* cls, const std::string& name, int depth = 0) {
  if (!cls || !cls->def || depth > 32) return false;
  if (std::any_of(cls->def->methods.begin(), cls->def->methods.end(), [&](const auto& m) { return m->name == name; }))
    return true;
  return std::any_of(cls->bases.begin(), cls->bases.end(), [&](const ValuePtr& base) {
    return base && base->kind == ValueKind::Class && definesMethod(base->classInfo, name, depth + 1);
  });
}

}  // namespace

void refuseUnpassableArguments(BlockOutline& block, const std::map<std::string, ValuePtr>& locals, const ValuePtr& self,
                               bool selfIsTraceRoot) {
  if (!block.refusal.empty()) return;
  if (block.passesSelf && selfIsTraceRoot) {
    // FX cannot pass the module being traced; what the block reaches through `self.a` can pass instead.
    if (block.selfChains.empty()) {
      block.refusal = Refusal{RefusalReason::UsesTracedModule, block.self};
      return;
    }
    block.passesSelf = false;
    block.attributeArguments.insert(block.attributeArguments.end(), block.selfChains.begin(), block.selfChains.end());
  }
  block.selfChains.clear();
  // A Proxy reaches the wrapped function as the object itself at run time; a list or dict built while
  // tracing would be rebuilt as a copy for the call, so mutating it there would be lost.
  for (const std::string& name : block.mutatedInputs) {
    auto it = locals.find(name);
    const ValuePtr value = it == locals.end() ? nullptr : it->second;
    if (!value || !(value->isProxy() || value->isNone())) {
      block.refusal = Refusal{RefusalReason::MutatesInPlace, name};
      return;
    }
  }
  // An input FX cannot pass (an ImageList) that the block reads only as `x.a.b` passes those chains.
  for (auto name = block.inputs.begin(); name != block.inputs.end();) {
    auto it = locals.find(*name);
    if (it == locals.end() || passable(it->second)) {
      ++name;
      continue;
    }
    auto chains = std::stable_partition(block.localAttributes.begin(), block.localAttributes.end(),
                                        [&](const ExprOutline& chain) { return !chain.name.starts_with(*name + "."); });
    if (chains == block.localAttributes.end()) return refuseUnpassable(block, *name, it->second);
    std::move(chains, block.localAttributes.end(), std::back_inserter(block.attributeArguments));
    block.localAttributes.erase(chains, block.localAttributes.end());
    name = block.inputs.erase(name);
  }
  for (const ExprOutline& attribute : block.attributeArguments) {
    // Judged when every object on the chain is an instance fxlint knows; otherwise let it pass.
    size_t dot = attribute.name.find('.');
    std::string root = attribute.name.substr(0, dot);
    auto local = locals.find(root);
    ValuePtr value = root == block.self ? self : local == locals.end() ? nullptr : local->second;
    bool method = false;  // a method of a file class: a bound method at run time
    for (size_t start = dot + 1; value && start <= attribute.name.size();) {
      dot = attribute.name.find('.', start);
      std::string name = attribute.name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      ValuePtr object = value->kind == ValueKind::Instance ? value : nullptr;
      value = object ? object->attribute(name) : nullptr;
      method = !value && object && definesMethod(object->classInfo, name);
      start = dot == std::string::npos ? attribute.name.size() + 1 : dot + 1;
    }
    if (method) {
      block.refusal = Refusal{RefusalReason::UnpassableValue, attribute.name};
      return;
    }
    if (!passable(value)) return refuseUnpassable(block, attribute.name, value);
  }
}

namespace {

// Where `stmt` is in `body`: each enclosing block with the index of the statement on the way, outermost
// first (the last entry holds `stmt` itself); empty when it is not there.
using Path = std::vector<std::pair<const ir::Block*, size_t>>;
bool pathTo(const ir::Block& body, const ir::Stmt& stmt, Path& path) {
  for (size_t i = 0; i < body.size(); ++i) {
    path.emplace_back(&body, i);
    if (body[i].get() == &stmt) return true;
    bool found = false;
    auto search = [&](const ir::Block& inner) { found = found || pathTo(inner, stmt, path); };
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ir::If> || std::is_same_v<T, ir::While> || std::is_same_v<T, ir::For>) {
            search(node.body);
            search(node.orElse);
          } else if constexpr (std::is_same_v<T, ir::With>) {
            search(node.body);
          } else if constexpr (std::is_same_v<T, ir::Try>) {
            search(node.body);
            for (const auto& handler : node.handlers) search(handler.body);
            search(node.orElse);
            search(node.finally);
          }
        },
        body[i]->node);
    if (found) return true;
    path.pop_back();
  }
  return false;
}

// Whether `stmt` is `name = ` a new list, set or dict (a display or a comprehension).
bool makesFreshContainer(const ir::Stmt& stmt, const std::string& name) {
  auto* assign = std::get_if<ir::Assign>(&stmt.node);
  if (!assign || assign->targets.size() != 1 || !assign->value) return false;
  auto* target = as<ir::Name>(*assign->targets.front());
  if (!target || target->id != name) return false;
  if (auto* display = as<ir::Sequence>(*assign->value)) return display->kind != ir::SequenceKind::Tuple;
  if (auto* comprehension = as<ir::Comprehension>(*assign->value))
    return comprehension->kind != ir::ComprehensionKind::Generator;
  return as<ir::Dict>(*assign->value) != nullptr;
}

// The outline of `statements`, consecutive in one block; the last is the one around the event.
BlockOutline outlineRange(const ir::FunctionDef& method, const ir::ClassDef& cls,
                          const std::vector<const ir::Stmt*>& statements, const SourceFile& file) {
  const ir::Stmt& first = *statements.front();
  const ir::Stmt& stmt = *statements.back();
  BlockOutline out;
  out.span = stmt.span;
  out.span.begin = first.span.begin;
  out.span.beginOffset = first.span.beginOffset;
  out.classSpan = cls.span;
  // The class's span starts at `class`: the new function goes above its decorators' lines.
  for (const auto& decorator : cls.decorators) {
    if (decorator->span.beginOffset >= out.classSpan.beginOffset) continue;
    size_t lineStart = file.text.rfind('\n', decorator->span.beginOffset);
    out.classSpan.beginOffset = lineStart == std::string::npos ? 0 : uint32_t(lineStart + 1);
    out.classSpan.begin = Position{decorator->span.begin.line, 1};
  }
  if (method.parameters.empty()) {
    out.refusal = Refusal{RefusalReason::NoSelfParameter, ""};
    return out;
  }
  const std::string self = method.parameters.front().name;

  Walker whole(self);
  whole.block(method.body);
  Names locals = whole.writes.seen;
  for (const ir::Parameter& p : method.parameters) locals.insert(p.name);
  Names inUse = join(locals, whole.reads.seen);
  out.namesInUse.assign(inUse.begin(), inUse.end());

  // A `return` statement moves whole: its place returns what the new function returns.
  Walker inner(self, &file);
  auto* returned = std::get_if<ir::Return>(&stmt.node);
  out.returns = returned != nullptr;
  if (returned && returned->value) {
    inner.expr(*returned->value);
  } else if (!returned) {
    for (const ir::Stmt* statement : statements) inner.statement(*statement);
  }
  // A statement that returns, directly in the method's body, moves with the rest of the method (its
  // tail); the place returns what the new function returns.
  auto at = std::find_if(method.body.begin(), method.body.end(), [&](const ir::StmtPtr& s) { return s.get() == &stmt; });
  if (!returned && inner.returns && at != method.body.end()) {
    inner = Walker(self, &file, true);
    for (auto it = at; it != method.body.end(); ++it) inner.statement(**it);
    out.returns = true;
    out.span.end = method.body.back()->span.end;
    out.span.endOffset = method.body.back()->span.endOffset;
  }
  out.passesSelf = inner.usesSelf;
  out.self = self;
  // With `self` passed, `self.a.b` stays in the text and is read at run time.
  if (!out.passesSelf) {
    out.attributeArguments = std::move(inner.selfAttributes);
  } else if (!inner.usesSelfBare) {
    out.selfChains = std::move(inner.selfAttributes);
    out.selfChains.insert(out.selfChains.end(), inner.selfCallees.begin(), inner.selfCallees.end());
  }
  out.refusal = std::move(inner.refusal);

  Liveness liveness(first, stmt, self);
  liveness.block(method.body, {});
  OrderedNames used = inner.reads;
  for (const auto& name : inner.writes.order) used.add(name);
  for (const auto& name : used.order)
    if (name != self && locals.count(name) && liveness.before.count(name)) out.inputs.push_back(name);
  for (const auto& name : inner.writes.order)
    if (!out.returns && liveness.after.count(name)) out.outputs.push_back(name);
  for (ExprOutline& chain : inner.localChains) {
    std::string root = chain.name.substr(0, chain.name.find('.'));
    if (!inner.bareReads.count(root) && !inner.writes.seen.count(root) &&
        std::find(out.inputs.begin(), out.inputs.end(), root) != out.inputs.end())
      out.localAttributes.push_back(std::move(chain));
  }

  std::string_view text = file.text;
  if (out.refusal.empty() && liveness.exhausted) out.refusal = Refusal{RefusalReason::MethodTooLarge, ""};
  if (out.refusal.empty() && !wholeLines(text, out.span)) out.refusal = Refusal{RefusalReason::SharesLine, ""};
  if (out.refusal.empty() && std::holds_alternative<ir::If>(stmt.node) && !file.slice(stmt.span).starts_with("if"))
    out.refusal = Refusal{RefusalReason::ElifBranch, ""};
  if (out.refusal.empty() && hasHiddenBinding(file.slice(method.span)))
    out.refusal = Refusal{RefusalReason::HiddenBinding, ""};
  for (const auto& name : out.inputs) {
    if (!out.refusal.empty()) break;
    bool parameter = std::any_of(method.parameters.begin(), method.parameters.end(),
                                 [&](const ir::Parameter& p) { return p.name == name; });
    auto bound = whole.firstWrite.find(name);
    if (!parameter && (bound == whole.firstWrite.end() || bound->second >= first.span.beginOffset))
      out.refusal = Refusal{RefusalReason::ReadBeforeBound, name};
    else if (inner.mutated.count(name))
      out.mutatedInputs.push_back(name);  // judged by its value at the event (refuseUnpassableArguments)
    else if (whole.lambdas.count(name))
      out.refusal = Refusal{RefusalReason::UnpassableValue, name};
  }
  return out;
}

}  // namespace

BlockOutline outlineBlock(const ir::FunctionDef& method, const ir::ClassDef& cls, const ir::Stmt& stmt,
                          const SourceFile& file) {
  BlockOutline out = outlineRange(method, cls, {&stmt}, file);
  // A block that fills a list, set or dict made a few statements before it moves together with the
  // statement that makes it (and those between): the new function builds and returns the container
  // (`sizes = []`, then `for ...: sizes.append(...)`). When the container is made before an enclosing
  // statement (`result = []` before `if ...: for ...: result.append(...)`), that statement moves whole.
  constexpr size_t kLookBack = 8;
  Path path;
  if (!pathTo(method.body, stmt, path)) return out;
  size_t level = path.size() - 1, first = path[level].second;
  // A `return` inside a loop, `with` or `try` moves with the statement of the method's body that holds
  // it, and so with the rest of the method (whose returns stay returns).
  if (out.refusal.reason == RefusalReason::ContainsReturn && level > 0) {
    BlockOutline whole = outlineRange(method, cls, {(*path[0].first)[path[0].second].get()}, file);
    if (!whole.refusal.empty()) return out;
    out = std::move(whole);
    level = 0;
    first = path[0].second;
  }
  while (!out.mutatedInputs.empty() && !out.returns) {
    auto makesMutated = [&](const ir::Stmt& candidate) {
      return std::any_of(out.mutatedInputs.begin(), out.mutatedInputs.end(),
                         [&](const std::string& name) { return makesFreshContainer(candidate, name); });
    };
    // The nearest maker: looking back in this block first, then in each enclosing one.
    std::optional<std::pair<size_t, size_t>> maker;  // level, index
    for (size_t at = level + 1; !maker && at-- > 0;) {
      const ir::Block& siblings = *path[at].first;
      size_t from = at == level ? first : path[at].second;
      for (size_t i = from; !maker && i > 0 && from - i < kLookBack; --i)
        if (makesMutated(*siblings[i - 1])) maker = std::pair(at, i - 1);
    }
    if (!maker) break;
    const ir::Block& siblings = *path[maker->first].first;
    const size_t last = path[maker->first].second;
    std::vector<const ir::Stmt*> statements;
    for (size_t i = maker->second; i <= last; ++i) statements.push_back(siblings[i].get());
    BlockOutline wider = outlineRange(method, cls, statements, file);
    if (!wider.refusal.empty()) break;  // refused for another reason: keep the narrower block
    level = maker->first;
    first = maker->second;
    out = std::move(wider);
  }
  return out;
}

}  // namespace fxlint::interp
