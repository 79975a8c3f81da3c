// Lowers LibTorch C++ to the IR. A class deriving from torch::nn::Module becomes a ClassDef whose base
// is `torch.nn.Module`; its fields become a synthesized `__init__` (module holders -> `torch.nn.X()` or
// the user's `FooImpl()`, constants -> their values); its member functions become methods with `self`.
// C++ is written in the forms the interpreter knows from Python, chosen by clang's types, not names:
// on a tensor (at::TensorBase or derived) `x.sizes()` is `x.shape`, `x.item<T>()` is `x.item()`,
// `data_ptr`/`accessor` read data like `x.tolist()`; `TORCH_CHECK(c, ...)` is `assert c`; a C `for`
// is its init then a `while` whose body ends with the increment. What has no IR form is Opaque.
#include "cpp/lowering.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Lex/Lexer.h>

#include <map>
#include <set>

namespace fxlint::cpp {
namespace {

using clang::dyn_cast;
using clang::isa;

constexpr std::string_view kModuleClass = "torch::nn::Module";
constexpr std::string_view kHolderTemplate = "torch::nn::ModuleHolder";
constexpr std::string_view kTensorBase = "at::TensorBase";

template <typename Node>
ir::ExprPtr makeExpr(Span span, Node node) {
  return std::make_unique<ir::Expr>(ir::Expr{span, std::move(node)});
}
template <typename Node>
ir::StmtPtr makeStmt(Span span, Node node) {
  return std::make_unique<ir::Stmt>(ir::Stmt{span, std::move(node)});
}

bool isOrDerivesFrom(const clang::CXXRecordDecl* record, std::string_view qualifiedName, int depth = 0) {
  if (!record || depth > 32) return false;
  if (record->getQualifiedNameAsString() == qualifiedName) return true;
  if (!record->hasDefinition()) return false;
  for (const clang::CXXBaseSpecifier& base : record->getDefinition()->bases())
    if (isOrDerivesFrom(base.getType()->getAsCXXRecordDecl(), qualifiedName, depth + 1)) return true;
  return false;
}

const clang::CXXRecordDecl* recordOf(clang::QualType type) {
  if (type.isNull()) return nullptr;
  return type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
}

bool isTensor(clang::QualType type) { return isOrDerivesFrom(recordOf(type), kTensorBase); }
bool isModuleRecord(const clang::CXXRecordDecl* record) { return isOrDerivesFrom(record, kModuleClass); }
bool isVector(clang::QualType type) {
  const clang::CXXRecordDecl* record = recordOf(type);
  return record && record->getQualifiedNameAsString() == "std::vector";
}

// The module class a field holds: ModuleHolder<Impl> (TORCH_MODULE holders, torch::nn::Conv2d, ...),
// std::shared_ptr<Impl>, or the module itself.
const clang::CXXRecordDecl* heldModule(clang::QualType type, int depth = 0) {
  const clang::CXXRecordDecl* record = recordOf(type);
  if (!record || depth > 32) return nullptr;
  if (isModuleRecord(record)) return record;
  if (const auto* spec = dyn_cast<clang::ClassTemplateSpecializationDecl>(record)) {
    std::string name = spec->getSpecializedTemplate()->getQualifiedNameAsString();
    if ((name == kHolderTemplate || name == "std::shared_ptr") && spec->getTemplateArgs().size() >= 1 &&
        spec->getTemplateArgs()[0].getKind() == clang::TemplateArgument::Type) {
      const clang::CXXRecordDecl* held = recordOf(spec->getTemplateArgs()[0].getAsType());
      return isModuleRecord(held) ? held : nullptr;
    }
  }
  if (!record->hasDefinition()) return nullptr;
  for (const clang::CXXBaseSpecifier& base : record->getDefinition()->bases())
    if (const clang::CXXRecordDecl* held = heldModule(base.getType(), depth + 1)) return held;
  return nullptr;
}

// `at::relu` and `torch::relu` are `torch.relu`; `torch::nn::functional::relu` keeps its path.
std::string pythonName(std::string qualified) {
  for (std::string_view prefix : {"at::", "c10::"})
    if (qualified.starts_with(prefix)) qualified = "torch::" + qualified.substr(prefix.size());
  std::string dotted;
  for (size_t i = 0; i < qualified.size(); ++i) {
    if (qualified.compare(i, 2, "::") == 0) {
      dotted += '.';
      ++i;
    } else {
      dotted += qualified[i];
    }
  }
  return dotted;
}

class Lowering {
 public:
  Lowering(clang::ASTContext& context, SourceFilePtr file)
      : sm_(context.getSourceManager()), context_(context), file_(std::move(file)) {}

  ir::Module run() {
    ir::Module module;
    module.source = file_;
    module.imports.push_back(ir::Import{"torch", "", "", Span{}, Span{}});
    // The classes first, so a holder field can name a class defined later in the file.
    for (const clang::Decl* decl : context_.getTranslationUnitDecl()->decls()) collectClasses(decl);
    for (const clang::Decl* decl : context_.getTranslationUnitDecl()->decls()) lowerTopLevel(decl, module);
    return module;
  }

 private:
  bool inMainFile(clang::SourceLocation loc) const {
    return loc.isValid() && sm_.isInMainFile(sm_.getExpansionLoc(loc));
  }

  void collectClasses(const clang::Decl* decl) {
    if (const auto* ns = dyn_cast<clang::NamespaceDecl>(decl)) {
      for (const clang::Decl* inner : ns->decls()) collectClasses(inner);
      return;
    }
    // `Tensor NetImpl::forward(Tensor x) {...}` in a .cpp whose class is in a header: the class is
    // this file's too, named at its first out-of-line method.
    if (const auto* method = dyn_cast<clang::CXXMethodDecl>(decl);
        method && method->doesThisDeclarationHaveABody() && inMainFile(method->getLocation()) &&
        !method->isDependentContext() && isModuleRecord(method->getParent())) {
      const clang::Decl* cls = method->getParent()->getCanonicalDecl();
      if (lowered_.insert(cls).second && !inMainFile(method->getParent()->getLocation()))
        anchors_[cls] = span(clang::SourceRange(method->getLocation(), method->getLocation()));
      return;
    }
    const auto* record = dyn_cast<clang::CXXRecordDecl>(decl);
    if (!record || !record->isThisDeclarationADefinition() || record->isDependentContext() ||
        !inMainFile(record->getLocation()) || !isModuleRecord(record))
      return;
    lowered_.insert(record->getCanonicalDecl());
  }

  void lowerTopLevel(const clang::Decl* decl, ir::Module& module) {
    if (const auto* ns = dyn_cast<clang::NamespaceDecl>(decl)) {
      for (const clang::Decl* inner : ns->decls()) lowerTopLevel(inner, module);
      return;
    }
    if (const auto* record = dyn_cast<clang::CXXRecordDecl>(decl)) {
      if (record->isThisDeclarationADefinition() && lowered_.count(record->getCanonicalDecl()))
        module.classes.push_back(lowerClass(record));
      return;
    }
    const auto* function = dyn_cast<clang::FunctionDecl>(decl);
    if (!function || isa<clang::CXXMethodDecl>(function) || !function->doesThisDeclarationHaveABody() ||
        !inMainFile(function->getLocation()) || function->isMain() || function->isDependentContext())
      return;
    module.functions.push_back(lowerFunction(function, false));
  }

  // ---- spans ------------------------------------------------------------------------------------

  Span span(clang::SourceRange range) const {
    Span result;
    clang::SourceLocation begin = sm_.getFileLoc(range.getBegin());
    clang::SourceLocation end = sm_.getFileLoc(range.getEnd());
    // An expression written inside a macro's body points at the macro's use.
    if (!sm_.isInMainFile(begin) || !sm_.isInMainFile(end)) {
      begin = sm_.getExpansionRange(range.getBegin()).getBegin();
      end = sm_.getExpansionRange(range.getEnd()).getEnd();
      if (!sm_.isInMainFile(begin) || !sm_.isInMainFile(end)) return result;
    }
    end = clang::Lexer::getLocForEndOfToken(end, 0, sm_, context_.getLangOpts());
    if (!end.isValid() || !sm_.isInMainFile(end)) return result;
    result.begin = Position{sm_.getSpellingLineNumber(begin), sm_.getSpellingColumnNumber(begin)};
    result.end = Position{sm_.getSpellingLineNumber(end), sm_.getSpellingColumnNumber(end)};
    result.beginOffset = sm_.getFileOffset(begin);
    result.endOffset = sm_.getFileOffset(end);
    if (result.endOffset < result.beginOffset) result.endOffset = result.beginOffset, result.end = result.begin;
    return result;
  }
  Span span(const clang::Stmt* s) const { return span(s->getSourceRange()); }

  ir::ExprPtr name(Span at, std::string id) const { return makeExpr(at, ir::Name{std::move(id)}); }
  ir::ExprPtr attribute(Span at, ir::ExprPtr object, std::string attr) const {
    return makeExpr(at, ir::Attribute{std::move(object), std::move(attr)});
  }
  ir::ExprPtr dotted(Span at, const std::string& path) const {
    ir::ExprPtr result;
    size_t start = 0;
    while (start <= path.size()) {
      size_t dot = path.find('.', start);
      std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      result = result ? attribute(at, std::move(result), part) : name(at, part);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return result;
  }
  ir::ExprPtr opaque(Span at, std::string what) const { return makeExpr(at, ir::Opaque{std::move(what)}); }
  ir::ExprPtr intConstant(Span at, long long value) const {
    return makeExpr(at, ir::Constant{ir::ConstantKind::Int, std::to_string(value)});
  }
  ir::ExprPtr call(Span at, ir::ExprPtr callee, std::vector<ir::ExprPtr> args = {}) const {
    ir::Call result{std::move(callee), {}};
    for (auto& arg : args) result.arguments.push_back(ir::Argument{ir::ArgumentKind::Positional, "", std::move(arg)});
    return makeExpr(at, std::move(result));
  }

  // ---- classes ----------------------------------------------------------------------------------

  std::shared_ptr<ir::ClassDef> lowerClass(const clang::CXXRecordDecl* record) {
    auto cls = std::make_shared<ir::ClassDef>();
    cls->name = record->getNameAsString();
    cls->span = span(record->getSourceRange());
    cls->nameSpan = span(clang::SourceRange(record->getLocation(), record->getLocation()));
    if (auto anchor = anchors_.find(record->getCanonicalDecl()); anchor != anchors_.end())
      cls->span = cls->nameSpan = anchor->second;
    for (const clang::CXXBaseSpecifier& base : record->bases()) {
      const clang::CXXRecordDecl* baseRecord = recordOf(base.getType());
      if (baseRecord && lowered_.count(baseRecord->getCanonicalDecl()))
        cls->bases.push_back(name(cls->nameSpan, baseRecord->getNameAsString()));
      else if (isModuleRecord(baseRecord))  // torch::nn::Module itself, Cloneable<T>, ...
        cls->bases.push_back(dotted(cls->nameSpan, "torch.nn.Module"));
    }
    cls->methods.push_back(synthesizedInit(record, cls->nameSpan));
    for (const clang::CXXMethodDecl* method : record->methods()) {
      if (method->isImplicit() || isa<clang::CXXConstructorDecl>(method) || isa<clang::CXXDestructorDecl>(method) ||
          method->isOverloadedOperator() || method->isStatic())
        continue;
      const clang::FunctionDecl* definition = nullptr;
      if (method->hasBody(definition) && definition && definition->getBody() && !definition->hasSkippedBody()) {
        cls->methods.push_back(lowerFunction(definition, true));
        continue;
      }
      // Declared here, defined elsewhere (another .cpp, or a header whose bodies are skipped): the
      // method exists, and what it does is unknown.
      auto unseen = lowerFunction(method, true);
      unseen->body.clear();
      unseen->body.push_back(makeStmt(unseen->nameSpan, ir::OpaqueStmt{"C++ body of " + method->getQualifiedNameAsString() +
                                                                           " not in this file"}));
      cls->methods.push_back(std::move(unseen));
    }
    return cls;
  }

  // `__init__` from the fields: what the interpreter needs to know of `self.x` in forward.
  std::shared_ptr<ir::FunctionDef> synthesizedInit(const clang::CXXRecordDecl* record, Span at) {
    auto init = std::make_shared<ir::FunctionDef>();
    init->name = "__init__";
    init->span = init->nameSpan = at;
    init->parameters.push_back(ir::Parameter{"self", ir::ParameterKind::Positional, nullptr, nullptr, at});
    for (const clang::FieldDecl* field : record->fields()) {
      Span fieldSpan = span(field->getSourceRange());
      ir::ExprPtr value = fieldValue(field, fieldSpan);
      if (!value) continue;
      ir::Assign assign;
      assign.targets.push_back(attribute(fieldSpan, name(fieldSpan, "self"), field->getNameAsString()));
      assign.value = std::move(value);
      init->body.push_back(makeStmt(fieldSpan, std::move(assign)));
    }
    return init;
  }

  ir::ExprPtr fieldValue(const clang::FieldDecl* field, Span at) {
    if (const clang::CXXRecordDecl* module = heldModule(field->getType())) {
      if (lowered_.count(module->getCanonicalDecl())) return call(at, name(at, module->getNameAsString()));
      std::string qualified = module->getQualifiedNameAsString();
      // torch::nn::Conv2dImpl is held as torch::nn::Conv2d: the Python class torch.nn.Conv2d, a leaf.
      if (qualified.starts_with("torch::nn::")) {
        std::string leaf = module->getNameAsString();
        if (leaf.ends_with("Impl")) leaf.resize(leaf.size() - 4);
        return call(at, dotted(at, "torch.nn." + leaf));
      }
      return nullptr;  // a module class fxlint does not see: reading it is an unresolved call
    }
    // Parameters and buffers: tensors of fixed shape, like an nn.Parameter in Python.
    if (isTensor(field->getType())) return call(at, dotted(at, "torch.nn.Parameter"));
    if (const clang::Expr* initial = field->getInClassInitializer()) {
      clang::Expr::EvalResult value;
      if (!initial->isValueDependent() && initial->EvaluateAsRValue(value, context_)) return constant(value.Val, at);
    }
    return nullptr;
  }

  ir::ExprPtr constant(const clang::APValue& value, Span at) const {
    if (value.isInt()) {
      if (value.getInt().getBitWidth() == 1)
        return makeExpr(at, ir::Constant{ir::ConstantKind::Bool, value.getInt().getBoolValue() ? "True" : "False"});
      return intConstant(at, value.getInt().getSExtValue());
    }
    if (value.isFloat()) {
      llvm::SmallString<32> text;
      value.getFloat().toString(text);
      return makeExpr(at, ir::Constant{ir::ConstantKind::Float, std::string(text)});
    }
    return nullptr;
  }

  std::shared_ptr<ir::FunctionDef> lowerFunction(const clang::FunctionDecl* function, bool isMethod) {
    auto result = std::make_shared<ir::FunctionDef>();
    result->name = function->getNameAsString();
    result->span = span(function->getSourceRange());
    result->nameSpan = span(clang::SourceRange(function->getLocation(), function->getLocation()));
    if (isMethod) result->parameters.push_back(ir::Parameter{"self", ir::ParameterKind::Positional, nullptr, nullptr, result->nameSpan});
    for (unsigned i = 0; i < function->getNumParams(); ++i) {
      const clang::ParmVarDecl* parameter = function->getParamDecl(i);
      ir::Parameter p;
      p.name = parameter->getName().empty() ? "_arg" + std::to_string(i) : parameter->getNameAsString();
      p.span = span(parameter->getSourceRange());
      result->parameters.push_back(std::move(p));
    }
    if (const auto* body = dyn_cast_or_null<clang::CompoundStmt>(function->getBody())) block(body, result->body);
    return result;
  }

  // ---- statements -------------------------------------------------------------------------------

  ir::Block blockOf(const clang::Stmt* s) {
    ir::Block out;
    if (s) statement(s, out);
    return out;
  }

  void block(const clang::CompoundStmt* body, ir::Block& out) {
    for (const clang::Stmt* s : body->body()) statement(s, out);
  }

  // The macro the statement's first token was expanded from, if any.
  std::string macroAt(clang::SourceLocation loc) const {
    if (!loc.isMacroID()) return "";
    return clang::Lexer::getImmediateMacroName(loc, sm_, context_.getLangOpts()).str();
  }

  // TORCH_CHECK(cond, ...) expands to `if (C10_UNLIKELY(!(cond))) throw/fail`: the `cond` it checks.
  static const clang::Expr* checkedCondition(const clang::IfStmt* s) {
    const clang::Expr* e = s->getCond()->IgnoreParenCasts();
    for (int guard = 0; guard < 8; ++guard) {
      if (const auto* callExpr = dyn_cast<clang::CallExpr>(e); callExpr && callExpr->getNumArgs() >= 1) {
        e = callExpr->getArg(0)->IgnoreParenCasts();  // __builtin_expect(static_cast<bool>(!(cond)), 0)
      } else if (const auto* unary = dyn_cast<clang::UnaryOperator>(e); unary && unary->getOpcode() == clang::UO_LNot) {
        return unary->getSubExpr()->IgnoreParens();
      } else {
        break;
      }
    }
    return nullptr;
  }

  void statement(const clang::Stmt* s, ir::Block& out) {
    if (!s || isa<clang::NullStmt>(s)) return;
    Span at = span(s);
    if (const auto* compound = dyn_cast<clang::CompoundStmt>(s)) return block(compound, out);
    if (const auto* decls = dyn_cast<clang::DeclStmt>(s)) {
      for (const clang::Decl* decl : decls->decls()) variable(decl, out);
      return;
    }
    if (const auto* ifStmt = dyn_cast<clang::IfStmt>(s)) {
      std::string macro = macroAt(ifStmt->getBeginLoc());
      if (macro.starts_with("TORCH_CHECK") || macro.starts_with("TORCH_INTERNAL_ASSERT")) {
        if (const clang::Expr* checked = checkedCondition(ifStmt)) {
          out.push_back(makeStmt(at, ir::Assert{expr(checked), nullptr}));
          return;
        }
      }
      if (ifStmt->getInit()) statement(ifStmt->getInit(), out);
      if (const clang::DeclStmt* conditionVariable = ifStmt->getConditionVariableDeclStmt()) statement(conditionVariable, out);
      out.push_back(makeStmt(at, ir::If{expr(ifStmt->getCond()), blockOf(ifStmt->getThen()), blockOf(ifStmt->getElse())}));
      return;
    }
    if (const auto* whileStmt = dyn_cast<clang::WhileStmt>(s)) {
      if (const clang::DeclStmt* conditionVariable = whileStmt->getConditionVariableDeclStmt()) statement(conditionVariable, out);
      out.push_back(makeStmt(at, ir::While{expr(whileStmt->getCond()), blockOf(whileStmt->getBody()), {}}));
      return;
    }
    if (const auto* doStmt = dyn_cast<clang::DoStmt>(s)) {
      statement(doStmt->getBody(), out);
      out.push_back(makeStmt(at, ir::While{expr(doStmt->getCond()), blockOf(doStmt->getBody()), {}}));
      return;
    }
    if (const auto* forStmt = dyn_cast<clang::ForStmt>(s)) {
      // `for (init; cond; inc) body` runs as `init; while cond: body; inc`: the condition is the
      // decision a size-driven trip count feeds.
      if (forStmt->getInit()) statement(forStmt->getInit(), out);
      ir::ExprPtr test = forStmt->getCond() ? expr(forStmt->getCond())
                                            : makeExpr(at, ir::Constant{ir::ConstantKind::Bool, "True"});
      ir::Block body = blockOf(forStmt->getBody());
      if (forStmt->getInc()) expressionStatement(forStmt->getInc(), body);
      out.push_back(makeStmt(at, ir::While{std::move(test), std::move(body), {}}));
      return;
    }
    if (const auto* range = dyn_cast<clang::CXXForRangeStmt>(s)) {
      out.push_back(makeStmt(at, ir::For{name(span(range->getLoopVariable()->getSourceRange()),
                                              range->getLoopVariable()->getNameAsString()),
                                         expr(range->getRangeInit()), blockOf(range->getBody()), {}}));
      return;
    }
    if (const auto* ret = dyn_cast<clang::ReturnStmt>(s)) {
      out.push_back(makeStmt(at, ir::Return{ret->getRetValue() ? expr(ret->getRetValue()) : nullptr}));
      return;
    }
    if (isa<clang::BreakStmt>(s)) return out.push_back(makeStmt(at, ir::Jump{ir::JumpKind::Break}));
    if (isa<clang::ContinueStmt>(s)) return out.push_back(makeStmt(at, ir::Jump{ir::JumpKind::Continue}));
    if (const auto* tryStmt = dyn_cast<clang::CXXTryStmt>(s)) {
      ir::Try lowered;
      lowered.body = blockOf(tryStmt->getTryBlock());
      for (unsigned i = 0; i < tryStmt->getNumHandlers(); ++i) {
        const clang::CXXCatchStmt* handler = tryStmt->getHandler(i);
        ir::ExceptHandler h;
        h.span = span(handler);
        if (handler->getExceptionDecl()) {
          h.type = name(h.span, "Exception");
          h.name = handler->getExceptionDecl()->getNameAsString();
        }
        h.body = blockOf(handler->getHandlerBlock());
        lowered.handlers.push_back(std::move(h));
      }
      out.push_back(makeStmt(at, std::move(lowered)));
      return;
    }
    if (const auto* e = dyn_cast<clang::Expr>(s)) return expressionStatement(e, out);
    out.push_back(makeStmt(at, ir::OpaqueStmt{std::string("C++ ") + s->getStmtClassName()}));
  }

  void variable(const clang::Decl* decl, ir::Block& out) {
    const auto* var = dyn_cast<clang::VarDecl>(decl);
    if (!var || !var->hasInit() || isa<clang::DecompositionDecl>(var)) {
      if (isa<clang::DecompositionDecl>(decl))
        out.push_back(makeStmt(span(decl->getSourceRange()), ir::OpaqueStmt{"C++ structured binding"}));
      return;
    }
    Span at = span(var->getSourceRange());
    ir::Assign assign;
    assign.targets.push_back(name(span(clang::SourceRange(var->getLocation(), var->getLocation())), var->getNameAsString()));
    assign.value = expr(var->getInit());
    out.push_back(makeStmt(at, std::move(assign)));
  }

  static std::optional<std::string> compoundAssignOp(clang::BinaryOperatorKind op) {
    switch (op) {
      case clang::BO_AddAssign: return "+";
      case clang::BO_SubAssign: return "-";
      case clang::BO_MulAssign: return "*";
      case clang::BO_DivAssign: return "/";
      case clang::BO_RemAssign: return "%";
      default: return std::nullopt;
    }
  }

  void expressionStatement(const clang::Expr* e, ir::Block& out) {
    Span at = span(e);
    const clang::Expr* bare = e->IgnoreImplicit();
    if (const auto* cleanups = dyn_cast<clang::ExprWithCleanups>(bare)) bare = cleanups->getSubExpr()->IgnoreImplicit();
    if (const auto* thrown = dyn_cast<clang::CXXThrowExpr>(bare)) {
      out.push_back(makeStmt(at, ir::Raise{thrown->getSubExpr() ? expr(thrown->getSubExpr()) : nullptr}));
      return;
    }
    if (const auto* binary = dyn_cast<clang::BinaryOperator>(bare)) {
      if (binary->getOpcode() == clang::BO_Assign) return assign(at, binary->getLHS(), binary->getRHS(), out);
      if (auto op = compoundAssignOp(binary->getOpcode()))
        return out.push_back(makeStmt(at, ir::AugAssign{expr(binary->getLHS()), *op, expr(binary->getRHS())}));
    }
    if (const auto* op = dyn_cast<clang::CXXOperatorCallExpr>(bare); op && op->getNumArgs() == 2) {
      if (op->getOperator() == clang::OO_Equal) return assign(at, op->getArg(0), op->getArg(1), out);
      static const std::pair<clang::OverloadedOperatorKind, const char*> kCompound[] = {
          {clang::OO_PlusEqual, "+"}, {clang::OO_MinusEqual, "-"}, {clang::OO_StarEqual, "*"}, {clang::OO_SlashEqual, "/"}};
      for (const auto& [kind, text] : kCompound)
        if (op->getOperator() == kind)
          return out.push_back(makeStmt(at, ir::AugAssign{expr(op->getArg(0)), text, expr(op->getArg(1))}));
    }
    if (const auto* unary = dyn_cast<clang::UnaryOperator>(bare); unary && unary->isIncrementDecrementOp()) {
      out.push_back(makeStmt(at, ir::AugAssign{expr(unary->getSubExpr()), unary->isIncrementOp() ? "+" : "-", intConstant(at, 1)}));
      return;
    }
    out.push_back(makeStmt(at, ir::ExprStmt{expr(e)}));
  }

  void assign(Span at, const clang::Expr* target, const clang::Expr* value, ir::Block& out) {
    ir::Assign lowered;
    lowered.targets.push_back(expr(target));
    lowered.value = expr(value);
    out.push_back(makeStmt(at, std::move(lowered)));
  }

  // ---- expressions ------------------------------------------------------------------------------

  // Drops what C++ needs and Python does not: conversions, temporaries, copies.
  static const clang::Expr* strip(const clang::Expr* e) {
    for (int guard = 0; guard < 64 && e; ++guard) {
      const clang::Expr* next = e->IgnoreParenImpCasts();
      if (const auto* cleanups = dyn_cast<clang::ExprWithCleanups>(next)) next = cleanups->getSubExpr();
      else if (const auto* temp = dyn_cast<clang::MaterializeTemporaryExpr>(next)) next = temp->getSubExpr();
      else if (const auto* bind = dyn_cast<clang::CXXBindTemporaryExpr>(next)) next = bind->getSubExpr();
      else if (const auto* cast = dyn_cast<clang::ExplicitCastExpr>(next)) next = cast->getSubExpr();
      else if (const auto* list = dyn_cast<clang::CXXStdInitializerListExpr>(next)) next = list->getSubExpr();
      else if (const auto* construct = dyn_cast<clang::CXXConstructExpr>(next);
               construct && !isa<clang::CXXTemporaryObjectExpr>(construct) && construct->getNumArgs() == 1 &&
               !isa<clang::CXXDefaultArgExpr>(construct->getArg(0)))
        next = construct->getArg(0);  // copies, moves and converting constructors (IntArrayRef from a list)
      if (next == e) return e;
      e = next;
    }
    return e;
  }

  std::vector<ir::ExprPtr> arguments(const clang::Expr* const* args, unsigned count) {
    std::vector<ir::ExprPtr> result;
    for (unsigned i = 0; i < count; ++i) {
      if (isa<clang::CXXDefaultArgExpr>(args[i])) break;  // defaults the source does not write
      result.push_back(expr(args[i]));
    }
    return result;
  }

  ir::ExprPtr expr(const clang::Expr* original) {
    Span at = span(original);
    const clang::Expr* e = strip(original);
    if (!e) return opaque(at, "C++ expression");
    if (const auto* ref = dyn_cast<clang::DeclRefExpr>(e)) return declRef(ref, at);
    if (isa<clang::CXXThisExpr>(e)) return name(at, "self");
    if (const auto* member = dyn_cast<clang::MemberExpr>(e)) {
      if (isa<clang::CXXMethodDecl>(member->getMemberDecl())) return opaque(at, "C++ pointer to member function");
      return attribute(at, object(member->getBase()), member->getMemberDecl()->getNameAsString());
    }
    if (const auto* literal = dyn_cast<clang::IntegerLiteral>(e))
      return makeExpr(at, ir::Constant{ir::ConstantKind::Int, std::to_string(literal->getValue().getSExtValue())});
    if (const auto* literal = dyn_cast<clang::FloatingLiteral>(e)) {
      llvm::SmallString<32> text;
      literal->getValue().toString(text);
      return makeExpr(at, ir::Constant{ir::ConstantKind::Float, std::string(text)});
    }
    if (const auto* literal = dyn_cast<clang::CXXBoolLiteralExpr>(e))
      return makeExpr(at, ir::Constant{ir::ConstantKind::Bool, literal->getValue() ? "True" : "False"});
    if (const auto* literal = dyn_cast<clang::StringLiteral>(e))
      return makeExpr(at, ir::Constant{ir::ConstantKind::String, literal->getBytes().str()});
    if (isa<clang::CXXNullPtrLiteralExpr>(e)) return makeExpr(at, ir::Constant{ir::ConstantKind::None, "None"});
    if (const auto* conditional = dyn_cast<clang::ConditionalOperator>(e))
      return makeExpr(at, ir::Conditional{expr(conditional->getCond()), expr(conditional->getTrueExpr()),
                                          expr(conditional->getFalseExpr())});
    if (const auto* binary = dyn_cast<clang::BinaryOperator>(e)) return binaryOperator(at, binary->getOpcode(), binary->getLHS(), binary->getRHS());
    if (const auto* unary = dyn_cast<clang::UnaryOperator>(e)) return unaryOperator(at, unary->getOpcode(), unary->getSubExpr());
    if (const auto* memberCall = dyn_cast<clang::CXXMemberCallExpr>(e)) return memberCallExpr(at, memberCall);
    if (const auto* op = dyn_cast<clang::CXXOperatorCallExpr>(e)) return operatorCall(at, op);
    if (const auto* callExpr = dyn_cast<clang::CallExpr>(e)) return freeCall(at, callExpr);
    if (const auto* list = dyn_cast<clang::InitListExpr>(e)) {
      ir::Sequence sequence{ir::SequenceKind::List, {}};
      for (const clang::Expr* element : list->inits()) sequence.elements.push_back(expr(element));
      return makeExpr(at, std::move(sequence));
    }
    if (const auto* construct = dyn_cast<clang::CXXConstructExpr>(e); construct && isVector(construct->getType()) &&
                                                                          arguments(construct->getArgs(), construct->getNumArgs()).empty())
      return makeExpr(at, ir::Sequence{ir::SequenceKind::List, {}});
    if (const auto* construct = dyn_cast<clang::CXXConstructExpr>(e)) {
      // `torch::nn::Conv2dOptions(3, 8, 3)`, `std::vector<int64_t>{...}`: a call of the type.
      std::string type = pythonName(construct->getConstructor()->getParent()->getQualifiedNameAsString());
      return call(at, dotted(at, type), arguments(construct->getArgs(), construct->getNumArgs()));
    }
    if (isa<clang::LambdaExpr>(e)) return opaque(at, "C++ lambda");
    clang::Expr::EvalResult value;
    if (!e->isValueDependent() && e->EvaluateAsRValue(value, context_))
      if (ir::ExprPtr folded = constant(value.Val, at)) return folded;
    return opaque(at, std::string("C++ ") + e->getStmtClassName());
  }

  // The object of a member access: `holder->f` and `ptr->f` access the held object.
  ir::ExprPtr object(const clang::Expr* base) {
    const clang::Expr* e = strip(base);
    if (const auto* op = dyn_cast<clang::CXXOperatorCallExpr>(e); op && op->getOperator() == clang::OO_Arrow)
      return expr(op->getArg(0));
    if (const auto* memberCall = dyn_cast<clang::CXXMemberCallExpr>(e)) {
      const clang::CXXMethodDecl* method = memberCall->getMethodDecl();
      if (method && (method->getNameAsString() == "get" || method->getNameAsString() == "ptr") && heldModule(memberCall->getImplicitObjectArgument()->getType()))
        return expr(memberCall->getImplicitObjectArgument());
    }
    return expr(base);
  }

  ir::ExprPtr declRef(const clang::DeclRefExpr* ref, Span at) {
    const clang::ValueDecl* decl = ref->getDecl();
    if (const auto* enumerator = dyn_cast<clang::EnumConstantDecl>(decl)) return intConstant(at, enumerator->getInitVal().getSExtValue());
    if (const auto* var = dyn_cast<clang::VarDecl>(decl); var && !var->isLocalVarDeclOrParm()) {
      clang::Expr::EvalResult value;
      if (ref->EvaluateAsRValue(value, context_))
        if (ir::ExprPtr folded = constant(value.Val, at)) return folded;
      return dotted(at, pythonName(var->getQualifiedNameAsString()));
    }
    if (const auto* function = dyn_cast<clang::FunctionDecl>(decl)) return functionName(function, at);
    return name(at, decl->getNameAsString());
  }

  ir::ExprPtr functionName(const clang::FunctionDecl* function, Span at) {
    // std::min/std::max decide in C++ exactly as Python's builtins do.
    std::string qualified = function->getQualifiedNameAsString();
    if (qualified == "std::min" || qualified == "std::max") return name(at, qualified.substr(5));
    return dotted(at, pythonName(qualified));
  }

  static std::optional<ir::CompareOp> compareOp(clang::BinaryOperatorKind op) {
    switch (op) {
      case clang::BO_EQ: return ir::CompareOp::Eq;
      case clang::BO_NE: return ir::CompareOp::NotEq;
      case clang::BO_LT: return ir::CompareOp::Lt;
      case clang::BO_LE: return ir::CompareOp::LtE;
      case clang::BO_GT: return ir::CompareOp::Gt;
      case clang::BO_GE: return ir::CompareOp::GtE;
      default: return std::nullopt;
    }
  }

  ir::ExprPtr binaryOperator(Span at, clang::BinaryOperatorKind op, const clang::Expr* lhs, const clang::Expr* rhs) {
    if (auto compare = compareOp(op)) {
      ir::Compare lowered;
      lowered.ops.push_back(*compare);
      lowered.operands.push_back(expr(lhs));
      lowered.operands.push_back(expr(rhs));
      return makeExpr(at, std::move(lowered));
    }
    if (op == clang::BO_LAnd || op == clang::BO_LOr) {
      ir::BoolOp lowered{op == clang::BO_LAnd, {}};
      lowered.operands.push_back(expr(lhs));
      lowered.operands.push_back(expr(rhs));
      return makeExpr(at, std::move(lowered));
    }
    if (op == clang::BO_Comma) return expr(rhs);
    const char* text = nullptr;
    bool integral = lhs->getType()->isIntegerType() && rhs->getType()->isIntegerType();
    switch (op) {
      case clang::BO_Add: text = "+"; break;
      case clang::BO_Sub: text = "-"; break;
      case clang::BO_Mul: text = "*"; break;
      case clang::BO_Div: text = integral ? "//" : "/"; break;  // C++ integer division truncates
      case clang::BO_Rem: text = "%"; break;
      case clang::BO_And: text = "&"; break;
      case clang::BO_Or: text = "|"; break;
      case clang::BO_Xor: text = "^"; break;
      case clang::BO_Shl: text = "<<"; break;
      case clang::BO_Shr: text = ">>"; break;
      default: return opaque(at, "C++ assignment inside an expression");
    }
    return makeExpr(at, ir::Binary{text, expr(lhs), expr(rhs)});
  }

  ir::ExprPtr unaryOperator(Span at, clang::UnaryOperatorKind op, const clang::Expr* operand) {
    switch (op) {
      case clang::UO_LNot: return makeExpr(at, ir::Unary{ir::UnaryOp::Not, expr(operand)});
      case clang::UO_Minus: return makeExpr(at, ir::Unary{ir::UnaryOp::Negate, expr(operand)});
      case clang::UO_Plus: return makeExpr(at, ir::Unary{ir::UnaryOp::Plus, expr(operand)});
      case clang::UO_Not: return makeExpr(at, ir::Unary{ir::UnaryOp::Invert, expr(operand)});
      case clang::UO_AddrOf: return expr(operand);
      case clang::UO_Deref: return makeExpr(at, ir::Subscript{expr(operand), intConstant(at, 0)});  // *data_ptr
      default: return opaque(at, "C++ increment inside an expression");
    }
  }

  ir::ExprPtr memberCallExpr(Span at, const clang::CXXMemberCallExpr* memberCall) {
    const clang::CXXMethodDecl* method = memberCall->getMethodDecl();
    const clang::Expr* objectExpr = memberCall->getImplicitObjectArgument();
    if (!method || !objectExpr) return opaque(at, "C++ call through a pointer to member");
    std::string methodName = method->getNameAsString();
    std::vector<ir::ExprPtr> args = arguments(memberCall->getArgs(), memberCall->getNumArgs());
    ir::ExprPtr self = object(objectExpr);
    if (isTensor(objectExpr->getType())) {
      // The Python spelling of the tensor query, so the interpreter's shape/data rules apply.
      if (methodName == "sizes" || methodName == "sym_sizes") return attribute(at, std::move(self), "shape");
      if (methodName == "sym_size") methodName = "size";
      if (methodName == "ndimension") methodName = "dim";
      if (methodName == "data_ptr" || methodName == "const_data_ptr" || methodName == "mutable_data_ptr" ||
          methodName == "accessor" || methodName == "packed_accessor32" || methodName == "packed_accessor64")
        return call(at, attribute(at, std::move(self), "tolist"));
    }
    if (isVector(objectExpr->getType())) {  // std::vector is Python's list
      if (methodName == "push_back" || methodName == "emplace_back") methodName = "append";
      if (methodName == "size") {
        std::vector<ir::ExprPtr> operand;
        operand.push_back(std::move(self));
        return call(at, name(at, "len"), std::move(operand));
      }
    }
    if (isModuleRecord(method->getParent()) && !lowered_.count(method->getParent()->getCanonicalDecl()) &&
        methodName == "is_training")
      return attribute(at, std::move(self), "training");
    return call(at, attribute(at, std::move(self), methodName), std::move(args));
  }

  ir::ExprPtr operatorCall(Span at, const clang::CXXOperatorCallExpr* op) {
    unsigned n = op->getNumArgs();
    switch (op->getOperator()) {
      case clang::OO_Call:  // a holder or module called like a function: `conv_(x)`
        return call(at, expr(op->getArg(0)), arguments(op->getArgs() + 1, n - 1));
      case clang::OO_Subscript: return makeExpr(at, ir::Subscript{expr(op->getArg(0)), expr(op->getArg(1))});
      case clang::OO_Arrow: return expr(op->getArg(0));
      case clang::OO_Star:
        if (n == 1) return makeExpr(at, ir::Subscript{expr(op->getArg(0)), intConstant(at, 0)});
        break;
      default: break;
    }
    using BO = clang::BinaryOperatorKind;
    static const std::pair<clang::OverloadedOperatorKind, BO> kBinary[] = {
        {clang::OO_Plus, clang::BO_Add}, {clang::OO_Minus, clang::BO_Sub}, {clang::OO_Star, clang::BO_Mul},
        {clang::OO_Slash, clang::BO_Div}, {clang::OO_Percent, clang::BO_Rem}, {clang::OO_Amp, clang::BO_And},
        {clang::OO_Pipe, clang::BO_Or}, {clang::OO_Caret, clang::BO_Xor}, {clang::OO_EqualEqual, clang::BO_EQ},
        {clang::OO_ExclaimEqual, clang::BO_NE}, {clang::OO_Less, clang::BO_LT}, {clang::OO_LessEqual, clang::BO_LE},
        {clang::OO_Greater, clang::BO_GT}, {clang::OO_GreaterEqual, clang::BO_GE}, {clang::OO_AmpAmp, clang::BO_LAnd},
        {clang::OO_PipePipe, clang::BO_LOr}};
    if (n == 2)
      for (const auto& [kind, binary] : kBinary)
        if (op->getOperator() == kind) return binaryOperator(at, binary, op->getArg(0), op->getArg(1));
    if (n == 1 && op->getOperator() == clang::OO_Minus) return unaryOperator(at, clang::UO_Minus, op->getArg(0));
    if (n == 1 && op->getOperator() == clang::OO_Exclaim) return unaryOperator(at, clang::UO_LNot, op->getArg(0));
    if (n == 1 && op->getOperator() == clang::OO_Tilde) return unaryOperator(at, clang::UO_Not, op->getArg(0));
    return opaque(at, std::string("C++ operator") + clang::getOperatorSpelling(op->getOperator()));
  }

  ir::ExprPtr freeCall(Span at, const clang::CallExpr* callExpr) {
    const clang::FunctionDecl* callee = callExpr->getDirectCallee();
    if (!callee) return opaque(at, "C++ call through a function pointer");
    return call(at, functionName(callee, span(callExpr->getCallee())), arguments(callExpr->getArgs(), callExpr->getNumArgs()));
  }

  const clang::SourceManager& sm_;
  clang::ASTContext& context_;
  SourceFilePtr file_;
  std::set<const clang::Decl*> lowered_;  // module classes of the main file (canonical declarations)
  std::map<const clang::Decl*, Span> anchors_;  // classes defined elsewhere: their first method here
};

}  // namespace

ir::Module lowerTranslationUnit(clang::ASTContext& context, SourceFilePtr file) {
  return Lowering(context, std::move(file)).run();
}

}  // namespace fxlint::cpp
