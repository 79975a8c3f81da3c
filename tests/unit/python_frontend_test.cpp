// Unit tests of the Python front-end: each Python construct's lowering, spans, and robustness on
// bad input (syntax errors, non-UTF-8, binary data, deep nesting, huge lines). IR trees are
// compared through a compact printer defined here; the interpreter's use of the IR is tested
// elsewhere.
#include <gtest/gtest.h>

#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>

#include "fxlint/python_frontend.h"

namespace fxlint {
namespace {

// ---- a compact printer for IR trees ----------------------------------------------------------------

std::string show(const ir::ExprPtr& expr);

std::string join(const std::vector<ir::ExprPtr>& exprs) {
  std::string out;
  for (const auto& expr : exprs) out += (out.empty() ? "" : ", ") + show(expr);
  return out;
}

std::string showConstant(const ir::Constant& constant) {
  switch (constant.kind) {
    case ir::ConstantKind::String: return "'" + constant.text + "'";
    case ir::ConstantKind::Bytes: return "b'" + constant.text + "'";
    default: return constant.text;
  }
}

std::string showCompareOp(ir::CompareOp op) {
  switch (op) {
    case ir::CompareOp::Eq: return "==";
    case ir::CompareOp::NotEq: return "!=";
    case ir::CompareOp::Lt: return "<";
    case ir::CompareOp::LtE: return "<=";
    case ir::CompareOp::Gt: return ">";
    case ir::CompareOp::GtE: return ">=";
    case ir::CompareOp::Is: return "is";
    case ir::CompareOp::IsNot: return "is not";
    case ir::CompareOp::In: return "in";
    case ir::CompareOp::NotIn: return "not in";
  }
  return "?";
}

std::string show(const ir::ExprPtr& expr) {
  if (!expr) return "_";
  return std::visit(
      [](const auto& node) -> std::string {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ir::Name>) {
          return node.id;
        } else if constexpr (std::is_same_v<T, ir::Constant>) {
          return showConstant(node);
        } else if constexpr (std::is_same_v<T, ir::Attribute>) {
          return show(node.object) + "." + node.name;
        } else if constexpr (std::is_same_v<T, ir::Subscript>) {
          return show(node.object) + "[" + show(node.index) + "]";
        } else if constexpr (std::is_same_v<T, ir::Slice>) {
          return "Slice(" + show(node.lower) + ", " + show(node.upper) + ", " + show(node.step) + ")";
        } else if constexpr (std::is_same_v<T, ir::Call>) {
          std::string out = "Call(" + show(node.callee);
          for (const auto& argument : node.arguments) {
            out += ", ";
            if (argument.kind == ir::ArgumentKind::Keyword) out += argument.keyword + "=";
            if (argument.kind == ir::ArgumentKind::Star) out += "*";
            if (argument.kind == ir::ArgumentKind::DoubleStar) out += "**";
            out += show(argument.value);
          }
          return out + ")";
        } else if constexpr (std::is_same_v<T, ir::Unary>) {
          const char* names[] = {"Not", "Neg", "Pos", "Inv"};
          return std::string(names[static_cast<int>(node.op)]) + "(" + show(node.operand) + ")";
        } else if constexpr (std::is_same_v<T, ir::Binary>) {
          return "(" + show(node.lhs) + " " + node.op + " " + show(node.rhs) + ")";
        } else if constexpr (std::is_same_v<T, ir::Compare>) {
          std::string out = "Compare(" + show(node.operands.at(0));
          for (size_t i = 0; i < node.ops.size(); ++i) {
            std::string operand = i + 1 < node.operands.size() ? show(node.operands[i + 1]) : "?";
            out += " " + showCompareOp(node.ops[i]) + " " + operand;
          }
          return out + ")";
        } else if constexpr (std::is_same_v<T, ir::BoolOp>) {
          return std::string(node.isAnd ? "And(" : "Or(") + join(node.operands) + ")";
        } else if constexpr (std::is_same_v<T, ir::Conditional>) {
          return "IfExp(" + show(node.test) + ", " + show(node.then) + ", " + show(node.orElse) + ")";
        } else if constexpr (std::is_same_v<T, ir::Sequence>) {
          const char* names[] = {"Tuple(", "List(", "Set("};
          return names[static_cast<int>(node.kind)] + join(node.elements) + ")";
        } else if constexpr (std::is_same_v<T, ir::Dict>) {
          std::string out = "Dict(";
          for (size_t i = 0; i < node.keys.size(); ++i) {
            if (i) out += ", ";
            out += node.keys[i] ? show(node.keys[i]) + ": " + show(node.values[i]) : "**" + show(node.values[i]);
          }
          return out + ")";
        } else if constexpr (std::is_same_v<T, ir::Starred>) {
          return (node.isDouble ? "**" : "*") + show(node.value);
        } else if constexpr (std::is_same_v<T, ir::Comprehension>) {
          const char* names[] = {"ListComp(", "SetComp(", "DictComp(", "GenExp("};
          std::string out = names[static_cast<int>(node.kind)] + show(node.element);
          if (node.value) out += ": " + show(node.value);
          for (const auto& loop : node.fors) {
            out += "; for " + show(loop.target) + " in " + show(loop.iterable);
            for (const auto& condition : loop.conditions) out += " if " + show(condition);
          }
          return out + ")";
        } else if constexpr (std::is_same_v<T, ir::FormattedString>) {
          return "FStr(" + join(node.parts) + ")";
        } else if constexpr (std::is_same_v<T, ir::Lambda>) {
          std::string out = "Lambda(";
          for (const auto& parameter : node.parameters) out += parameter + " ";
          return out + ": " + show(node.body) + ")";
        } else if constexpr (std::is_same_v<T, ir::NamedExpr>) {
          return "(" + node.target + " := " + show(node.value) + ")";
        } else {
          return "Opaque(" + node.what + ")";
        }
      },
      expr->node);
}

void showBlock(const ir::Block& block, int indent, std::ostringstream& out);

void showStmt(const ir::Stmt& stmt, int indent, std::ostringstream& out) {
  std::string pad(indent * 2, ' ');
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ir::ExprStmt>) {
          out << pad << show(node.value) << "\n";
        } else if constexpr (std::is_same_v<T, ir::Assign>) {
          out << pad;
          for (const auto& target : node.targets) out << show(target) << " = ";
          out << show(node.value) << "\n";
        } else if constexpr (std::is_same_v<T, ir::AugAssign>) {
          out << pad << show(node.target) << " " << node.op << "= " << show(node.value) << "\n";
        } else if constexpr (std::is_same_v<T, ir::If>) {
          out << pad << "if " << show(node.test) << ":\n";
          showBlock(node.body, indent + 1, out);
          if (!node.orElse.empty()) {
            out << pad << "else:\n";
            showBlock(node.orElse, indent + 1, out);
          }
        } else if constexpr (std::is_same_v<T, ir::While>) {
          out << pad << "while " << show(node.test) << ":\n";
          showBlock(node.body, indent + 1, out);
          if (!node.orElse.empty()) {
            out << pad << "else:\n";
            showBlock(node.orElse, indent + 1, out);
          }
        } else if constexpr (std::is_same_v<T, ir::For>) {
          out << pad << "for " << show(node.target) << " in " << show(node.iterable) << ":\n";
          showBlock(node.body, indent + 1, out);
          if (!node.orElse.empty()) {
            out << pad << "else:\n";
            showBlock(node.orElse, indent + 1, out);
          }
        } else if constexpr (std::is_same_v<T, ir::Return>) {
          out << pad << "return " << show(node.value) << "\n";
        } else if constexpr (std::is_same_v<T, ir::Raise>) {
          out << pad << "raise " << show(node.exception) << "\n";
        } else if constexpr (std::is_same_v<T, ir::Assert>) {
          out << pad << "assert " << show(node.test) << ", " << show(node.message) << "\n";
        } else if constexpr (std::is_same_v<T, ir::With>) {
          out << pad << "with";
          for (const auto& item : node.items) out << " " << show(item.context) << " as " << show(item.target) << ";";
          out << "\n";
          showBlock(node.body, indent + 1, out);
        } else if constexpr (std::is_same_v<T, ir::Try>) {
          out << pad << "try:\n";
          showBlock(node.body, indent + 1, out);
          for (const auto& handler : node.handlers) {
            std::string name = handler.name.empty() ? "_" : handler.name;
            out << pad << "except " << show(handler.type) << " as " << name << ":\n";
            showBlock(handler.body, indent + 1, out);
          }
          if (!node.orElse.empty()) {
            out << pad << "else:\n";
            showBlock(node.orElse, indent + 1, out);
          }
          if (!node.finally.empty()) {
            out << pad << "finally:\n";
            showBlock(node.finally, indent + 1, out);
          }
        } else if constexpr (std::is_same_v<T, ir::Jump>) {
          const char* names[] = {"pass", "break", "continue"};
          out << pad << names[static_cast<int>(node.kind)] << "\n";
        } else if constexpr (std::is_same_v<T, ir::Delete>) {
          out << pad << "del";
          for (const auto& target : node.targets) out << " " << show(target);
          out << "\n";
        } else if constexpr (std::is_same_v<T, ir::LocalFunction>) {
          out << pad << "def " << node.function->name << ":\n";
          showBlock(node.function->body, indent + 1, out);
        } else {
          out << pad << "OpaqueStmt(" << node.what << ")\n";
        }
      },
      stmt.node);
}

void showBlock(const ir::Block& block, int indent, std::ostringstream& out) {
  for (const auto& stmt : block) showStmt(*stmt, indent, out);
}

std::string show(const ir::Block& block) {
  std::ostringstream out;
  showBlock(block, 0, out);
  return out.str();
}

std::string showParameters(const ir::FunctionDef& function) {
  std::string out;
  for (const auto& parameter : function.parameters) {
    const char* kinds[] = {"", "*", "kw:", "**"};
    if (!out.empty()) out += ", ";
    out += kinds[static_cast<int>(parameter.kind)] + parameter.name;
    if (parameter.defaultValue) out += "=" + show(parameter.defaultValue);
  }
  return out;
}

// ---- helpers -------------------------------------------------------------------------------------

SourceFilePtr sourceOf(std::string text) {
  auto file = std::make_shared<SourceFile>();
  file->path = "test.py";
  file->text = std::move(text);
  return file;
}

ir::ParseResult parse(std::string text) { return parsePython(sourceOf(std::move(text))); }

// Parses code that must be valid and returns its module.
ir::Module parseValid(std::string text) {
  ir::ParseResult result = parse(std::move(text));
  EXPECT_TRUE(result.problems.empty()) << result.problems.front().message;
  EXPECT_TRUE(result.module.has_value());
  return result.module ? std::move(*result.module) : ir::Module{};
}

// The printed top-level statements of valid code.
std::string top(std::string text) { return show(parseValid(std::move(text)).topLevel); }

// The single expression of `text` (an expression statement).
std::string expression(std::string text) {
  ir::Module module = parseValid(std::move(text));
  if (module.topLevel.size() != 1) return "<" + std::to_string(module.topLevel.size()) + " statements>";
  const auto* statement = std::get_if<ir::ExprStmt>(&module.topLevel.front()->node);
  return statement ? show(statement->value) : "<not an expression statement>";
}

// The printed body of the only module function in `text`.
std::string functionBody(std::string text) {
  ir::Module module = parseValid(std::move(text));
  if (module.functions.size() != 1) return "<" + std::to_string(module.functions.size()) + " functions>";
  return show(module.functions.front()->body);
}

std::string where(const Span& span) {
  return std::to_string(span.begin.line) + ":" + std::to_string(span.begin.column) + "-" +
         std::to_string(span.end.line) + ":" + std::to_string(span.end.column);
}

// ---- modules, imports, definitions -------------------------------------------------------------

TEST(PythonFrontendTest, EmptyFileIsAnEmptyModule) {
  ir::ParseResult result = parse("");
  ASSERT_TRUE(result.module.has_value());
  EXPECT_TRUE(result.problems.empty());
  EXPECT_TRUE(result.module->topLevel.empty());
  EXPECT_TRUE(result.module->classes.empty());
  EXPECT_TRUE(result.module->functions.empty());
  EXPECT_TRUE(result.module->imports.empty());
  EXPECT_EQ(result.module->source->path, "test.py");
  ir::ParseResult comments = parse("# only a comment\n\n   \n");
  ASSERT_TRUE(comments.module.has_value());
  EXPECT_TRUE(comments.module->topLevel.empty());
}

TEST(PythonFrontendTest, PlainImports) {
  ir::Module module = parseValid("import torch\nimport torch.nn as nn, numpy\nimport a . b\n");
  ASSERT_EQ(module.imports.size(), 4u);
  EXPECT_EQ(module.imports[0].module, "torch");
  EXPECT_EQ(module.imports[0].name, "");
  EXPECT_EQ(module.imports[0].alias, "");
  EXPECT_EQ(module.imports[1].module, "torch.nn");
  EXPECT_EQ(module.imports[1].alias, "nn");
  EXPECT_EQ(module.imports[2].module, "numpy");
  EXPECT_EQ(module.imports[3].module, "a.b");
  EXPECT_EQ(where(module.imports[1].span), "2:8-2:22");
  EXPECT_TRUE(module.topLevel.empty());
}

TEST(PythonFrontendTest, RelativeImport) {
  ir::Module module = parseValid("from ..x.y import (b as c, d)\nfrom . import e\nfrom .f import g\n");
  ASSERT_EQ(module.imports.size(), 4u);
  EXPECT_EQ(module.imports[0].module, "..x.y");
  EXPECT_EQ(module.imports[0].name, "b");
  EXPECT_EQ(module.imports[0].alias, "c");
  EXPECT_EQ(module.imports[1].module, "..x.y");
  EXPECT_EQ(module.imports[1].name, "d");
  EXPECT_EQ(module.imports[2].module, ".");
  EXPECT_EQ(module.imports[2].name, "e");
  EXPECT_EQ(module.imports[3].module, ".f");
  EXPECT_EQ(module.imports[3].name, "g");
}

TEST(PythonFrontendTest, WildcardAndFutureImports) {
  ir::Module module = parseValid("from __future__ import annotations\nfrom torch.nn import *\n");
  ASSERT_EQ(module.imports.size(), 2u);
  EXPECT_EQ(module.imports[0].module, "__future__");
  EXPECT_EQ(module.imports[0].name, "annotations");
  EXPECT_EQ(module.imports[1].module, "torch.nn");
  EXPECT_EQ(module.imports[1].name, "*");
}

TEST(PythonFrontendTest, ImportsInTryAndIfAreRecorded) {
  ir::Module module = parseValid(
      "import sys\n"
      "if sys.version_info >= (3, 8):\n"
      "    from typing import Literal\n"
      "try:\n"
      "    import apex\n"
      "except ImportError:\n"
      "    apex = None\n");
  ASSERT_EQ(module.imports.size(), 3u);
  EXPECT_EQ(module.imports[1].module, "typing");
  EXPECT_EQ(module.imports[1].name, "Literal");
  EXPECT_EQ(module.imports[2].module, "apex");
  EXPECT_EQ(show(module.topLevel),
            "if Compare(sys.version_info >= Tuple(3, 8)):\n"
            "try:\n"
            "except ImportError as _:\n"
            "  apex = None\n");
}

// The body of `if TYPE_CHECKING:` never runs: its imports (transformers' __init__ star-imports every
// model there) are not the module's, and the body lowers to nothing; `else` is kept.
TEST(PythonFrontendTest, TypeCheckingBlocksAreNotLowered) {
  ir::Module module = parseValid(
      "import typing\n"
      "from typing import TYPE_CHECKING\n"
      "if TYPE_CHECKING:\n"
      "    from transformers import PretrainedConfig\n"
      "    from .models import *\n"
      "    x = 1\n"
      "else:\n"
      "    y = 2\n"
      "if typing.TYPE_CHECKING:\n"
      "    import apex\n");
  ASSERT_EQ(module.imports.size(), 2u);
  EXPECT_EQ(module.imports[1].name, "TYPE_CHECKING");
  // Kept apart, named ones only: what a lazy package's attributes are.
  ASSERT_EQ(module.typeCheckingImports.size(), 2u);
  EXPECT_EQ(module.typeCheckingImports[0].name, "PretrainedConfig");
  EXPECT_EQ(module.typeCheckingImports[1].module, "apex");
  EXPECT_EQ(show(module.topLevel),
            "if TYPE_CHECKING:\n"
            "else:\n"
            "  y = 2\n"
            "if typing.TYPE_CHECKING:\n");
}

TEST(PythonFrontendTest, ImportInsideFunctionIsHoisted) {
  ir::Module module = parseValid(
      "def f(x):\n"
      "    import torch.nn.functional as F\n"
      "    return F.relu(x)\n");
  ASSERT_EQ(module.imports.size(), 1u);
  EXPECT_EQ(module.imports[0].module, "torch.nn.functional");
  EXPECT_EQ(module.imports[0].alias, "F");
  EXPECT_EQ(show(module.functions.at(0)->body), "return Call(F.relu, x)\n");
}

// Each imported name keeps its own span and the whole statement's (where a fix adds a line after it).
TEST(PythonFrontendTest, ImportsKnowTheirStatement) {
  ir::Module module = parseValid(
      "from m import (\n"
      "    a,  # first\n"
      "    b as c,\n"
      ")  # done\n");
  ASSERT_EQ(module.imports.size(), 2u);
  EXPECT_EQ(module.imports[1].alias, "c");
  EXPECT_EQ(module.imports[1].span.begin.line, 3u);
  for (const ir::Import& import : module.imports) {
    EXPECT_EQ(import.statement.begin.line, 1u);
    EXPECT_EQ(import.statement.begin.column, 1u);
    EXPECT_EQ(import.statement.end.line, 4u);
    EXPECT_EQ(import.statement.end.column, 2u);  // after `)`, before the comment
  }
}

TEST(PythonFrontendTest, ClassBasesDropKeywords) {
  ir::Module module = parseValid("class A(nn.Module, Mixin, metaclass=Meta, **kw):\n    pass\nclass B:\n    pass\n");
  ASSERT_EQ(module.classes.size(), 2u);
  const ir::ClassDef& a = *module.classes[0];
  EXPECT_EQ(a.name, "A");
  ASSERT_EQ(a.bases.size(), 2u);
  EXPECT_EQ(show(a.bases[0]), "nn.Module");
  EXPECT_EQ(show(a.bases[1]), "Mixin");
  EXPECT_TRUE(module.classes[1]->bases.empty());
  EXPECT_TRUE(module.topLevel.empty());
}

TEST(PythonFrontendTest, DecoratedForwardIsAMethod) {
  ir::Module module = parseValid(
      "@register\n"
      "class Net(nn.Module):\n"
      "    scale = 2\n"
      "    def __init__(self):\n"
      "        super().__init__()\n"
      "    @torch.jit.ignore\n"
      "    def forward(self, x):\n"
      "        return x * self.scale\n");
  ASSERT_EQ(module.classes.size(), 1u);
  const ir::ClassDef& net = *module.classes[0];
  ASSERT_EQ(net.decorators.size(), 1u);
  EXPECT_EQ(show(net.decorators[0]), "register");
  ASSERT_EQ(net.methods.size(), 2u);
  EXPECT_EQ(net.methods[0]->name, "__init__");
  const ir::FunctionDef& forward = *net.methods[1];
  EXPECT_EQ(forward.name, "forward");
  ASSERT_EQ(forward.decorators.size(), 1u);
  EXPECT_EQ(show(forward.decorators[0]), "torch.jit.ignore");
  EXPECT_EQ(showParameters(forward), "self, x");
  EXPECT_EQ(show(forward.body), "return (x * self.scale)\n");
  // the span starts at `def`, like Python's ast; the class's at `class`
  EXPECT_EQ(where(forward.span), "7:5-8:30");
  EXPECT_EQ(where(net.span), "2:1-8:30");
  EXPECT_EQ(show(net.classBody), "scale = 2\n");
}

TEST(PythonFrontendTest, ClassBodyKeepsStatementsInOrder) {
  ir::Module module = parseValid(
      "class C:\n"
      "    \"\"\"Docs.\"\"\"\n"
      "    a = 1\n"
      "    b: int\n"
      "    c: int = 3\n"
      "    if FLAG:\n"
      "        d = 4\n"
      "        def m(self): pass\n"
      "    class Inner:\n"
      "        pass\n"
      "    e = a + 1\n");
  const ir::ClassDef& c = *module.classes.at(0);
  EXPECT_EQ(show(c.classBody),
            "'Docs.'\n"
            "a = 1\n"
            "c = 3\n"
            "if FLAG:\n"
            "  d = 4\n"
            "OpaqueStmt(nested class definition)\n"
            "e = (a + 1)\n");
  ASSERT_EQ(c.methods.size(), 1u);
  EXPECT_EQ(c.methods[0]->name, "m");
  EXPECT_EQ(module.classes.size(), 1u);
}

TEST(PythonFrontendTest, ModuleFunctionsIncludingDecoratedAndInsideIf) {
  ir::Module module = parseValid(
      "def a(): pass\n"
      "@torch.fx.wrap\n"
      "def b(): pass\n"
      "if sys.version_info >= (3, 8):\n"
      "    def c(): pass\n"
      "    class D: pass\n"
      "else:\n"
      "    def c(): return 1\n");
  ASSERT_EQ(module.functions.size(), 4u);
  EXPECT_EQ(module.functions[0]->name, "a");
  EXPECT_EQ(module.functions[1]->name, "b");
  EXPECT_EQ(show(module.functions[1]->decorators.at(0)), "torch.fx.wrap");
  EXPECT_EQ(module.functions[2]->name, "c");
  EXPECT_EQ(show(module.functions[3]->body), "return 1\n");
  ASSERT_EQ(module.classes.size(), 1u);
  EXPECT_EQ(module.classes[0]->name, "D");
  EXPECT_EQ(show(module.topLevel), "if Compare(sys.version_info >= Tuple(3, 8)):\n");
}

TEST(PythonFrontendTest, TopLevelStatementsKeepOrder) {
  EXPECT_EQ(top("import torch\n"
                "torch.fx.wrap(\"len\")\n"
                "EPS = 1e-5\n"
                "def f(): pass\n"
                "print(EPS)\n"
                "if __name__ == '__main__':\n"
                "    main()\n"),
            "Call(torch.fx.wrap, 'len')\n"
            "EPS = 1e-5\n"
            "Call(print, EPS)\n"
            "if Compare(__name__ == '__main__'):\n"
            "  Call(main)\n");
}

TEST(PythonFrontendTest, KeywordOnlyAndVarArgs) {
  ir::Module module = parseValid("def f(a, b: int = 1, *args: int, c, d=2, **kwargs) -> Tensor: pass\n"
                                 "def g(x, *, key=None): pass\n");
  EXPECT_EQ(showParameters(*module.functions.at(0)), "a, b=1, *args, kw:c, kw:d=2, **kwargs");
  EXPECT_EQ(showParameters(*module.functions.at(1)), "x, kw:key=None");
}

TEST(PythonFrontendTest, ParameterAnnotationsAreKept) {
  ir::Module module = parseValid("def f(self, config: ResNetConfig, scale: float = 1.0, plain=2): pass\n");
  const auto& params = module.functions.at(0)->parameters;
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0].annotation, nullptr);
  ASSERT_NE(params[1].annotation, nullptr);
  EXPECT_EQ(std::get<ir::Name>(params[1].annotation->node).id, "ResNetConfig");
  ASSERT_NE(params[2].annotation, nullptr);
  EXPECT_EQ(std::get<ir::Name>(params[2].annotation->node).id, "float");
  EXPECT_EQ(params[3].annotation, nullptr);
}

TEST(PythonFrontendTest, AnnotatedClassAttributesAreFields) {
  ir::Module module = parseValid("class C:\n    a: int\n    b: str = 'x'\n    c = 3\n    def m(self):\n        d: int = 1\n");
  EXPECT_EQ(module.classes.at(0)->annotatedFields, (std::vector<std::string>{"a", "b"}));
}

TEST(PythonFrontendTest, PositionalOnlyParametersArePositional) {
  ir::Module module = parseValid("def f(a, b=3, /, c=4, *, d): pass\n");
  EXPECT_EQ(showParameters(*module.functions.at(0)), "a, b=3, c=4, kw:d");
}

// ---- statements -----------------------------------------------------------------------------------

TEST(PythonFrontendTest, ChainedAssignmentHasAllTargets) {
  EXPECT_EQ(top("a = b = c = 0\n"), "a = b = c = 0\n");
  EXPECT_EQ(top("x.y = z[0] = f()\n"), "x.y = z[0] = Call(f)\n");
}

TEST(PythonFrontendTest, NestedTupleUnpackingTarget) {
  EXPECT_EQ(top("a, (b, *c), [d, e] = value\n"), "Tuple(a, Tuple(b, *c), List(d, e)) = value\n");
  EXPECT_EQ(top("(a, b) = c, d\n"), "Tuple(a, b) = Tuple(c, d)\n");
  EXPECT_EQ(top("[x] = y\n"), "List(x) = y\n");
  EXPECT_EQ(top("a, = t\n"), "Tuple(a) = t\n");
}

TEST(PythonFrontendTest, AnnotatedAssignmentWithoutValueIsSkipped) {
  EXPECT_EQ(top("x: int = 3\ny: List[int]\nself.z: int = 4\n"), "x = 3\nself.z = 4\n");
}

TEST(PythonFrontendTest, AugmentedAssignmentKeepsTheBinaryOperator) {
  EXPECT_EQ(top("x += 1\nx //= 2\nx **= y\nx >>= 1\nx @= w\nx |= m\n"),
            "x += 1\nx //= 2\nx **= y\nx >>= 1\nx @= w\nx |= m\n");
  ir::Module module = parseValid("x -= 1\n");
  EXPECT_EQ(std::get<ir::AugAssign>(module.topLevel.at(0)->node).op, "-");
}

TEST(PythonFrontendTest, ElifBecomesNestedIf) {
  ir::Module module = parseValid(
      "if a:\n"
      "    x = 1\n"
      "elif b:\n"
      "    x = 2\n"
      "elif c:\n"
      "    x = 3\n"
      "else:\n"
      "    x = 4\n");
  EXPECT_EQ(show(module.topLevel),
            "if a:\n"
            "  x = 1\n"
            "else:\n"
            "  if b:\n"
            "    x = 2\n"
            "  else:\n"
            "    if c:\n"
            "      x = 3\n"
            "    else:\n"
            "      x = 4\n");
  const auto& outer = std::get<ir::If>(module.topLevel.at(0)->node);
  EXPECT_EQ(where(module.topLevel.at(0)->span), "1:1-8:10");
  EXPECT_EQ(where(outer.orElse.at(0)->span), "3:1-8:10");
}

TEST(PythonFrontendTest, LoopsWithElse) {
  EXPECT_EQ(top("while n > 0:\n    n -= 1\nelse:\n    done()\n"
                "for i, (a, b) in enumerate(pairs):\n    break\nelse:\n    continue\n"
                "for x in a, b:\n    pass\n"),
            "while Compare(n > 0):\n  n -= 1\nelse:\n  Call(done)\n"
            "for Tuple(i, Tuple(a, b)) in Call(enumerate, pairs):\n  break\nelse:\n  continue\n"
            "for x in Tuple(a, b):\n  pass\n");
}

TEST(PythonFrontendTest, AsyncConstructsAreOpaque) {
  EXPECT_EQ(functionBody("async def f(xs):\n"
                         "    async for x in xs:\n"
                         "        pass\n"
                         "    async with lock:\n"
                         "        pass\n"
                         "    y = await g()\n"
                         "    return [z async for z in xs]\n"),
            "OpaqueStmt(async for loop)\n"
            "OpaqueStmt(async with statement)\n"
            "y = Opaque(await expression)\n"
            "return Opaque(async comprehension)\n");
}

TEST(PythonFrontendTest, ReturnRaiseAssert) {
  EXPECT_EQ(functionBody("def f(x):\n"
                         "    assert x.dim() == 4, f\"bad {x}\"\n"
                         "    assert x\n"
                         "    if x is None:\n"
                         "        raise ValueError('no') from err\n"
                         "    try:\n"
                         "        pass\n"
                         "    except E:\n"
                         "        raise\n"
                         "    return\n"
                         "    return x, 1\n"),
            "assert Compare(Call(x.dim) == 4), FStr('bad ', x)\n"
            "assert x, _\n"
            "if Compare(x is None):\n"
            "  raise Call(ValueError, 'no')\n"
            "try:\n"
            "  pass\n"
            "except E as _:\n"
            "  raise _\n"
            "return _\n"
            "return Tuple(x, 1)\n");
}

TEST(PythonFrontendTest, WithMultipleItemsAndTargets) {
  EXPECT_EQ(top("with torch.no_grad():\n    pass\n"
                "with open(a) as f, lock, ctx() as (x, y):\n    pass\n"
                "with (open(a) as f, open(b) as g):\n    pass\n"),
            "with Call(torch.no_grad) as _;\n  pass\n"
            "with Call(open, a) as f; lock as _; Call(ctx) as Tuple(x, y);\n  pass\n"
            "with Call(open, a) as f; Call(open, b) as g;\n  pass\n");
}

TEST(PythonFrontendTest, TryExceptElseFinally) {
  ir::Module module = parseValid(
      "try:\n"
      "    a()\n"
      "except (ValueError, TypeError) as e:\n"
      "    b(e)\n"
      "except KeyError:\n"
      "    pass\n"
      "except:\n"
      "    raise\n"
      "else:\n"
      "    c()\n"
      "finally:\n"
      "    d()\n");
  EXPECT_EQ(show(module.topLevel),
            "try:\n"
            "  Call(a)\n"
            "except Tuple(ValueError, TypeError) as e:\n"
            "  Call(b, e)\n"
            "except KeyError as _:\n"
            "  pass\n"
            "except _ as _:\n"
            "  raise _\n"
            "else:\n"
            "  Call(c)\n"
            "finally:\n"
            "  Call(d)\n");
  const auto& handlers = std::get<ir::Try>(module.topLevel.at(0)->node).handlers;
  EXPECT_EQ(where(handlers.at(1).span), "5:1-6:9");
  EXPECT_EQ(top("try:\n    pass\nfinally:\n    done()\n"), "try:\n  pass\nfinally:\n  Call(done)\n");
}

TEST(PythonFrontendTest, ExceptStarHandlesGroups) {
  EXPECT_EQ(top("try:\n    pass\nexcept* ValueError as eg:\n    pass\nexcept* (A, B):\n    pass\n"),
            "try:\n  pass\nexcept ValueError as eg:\n  pass\nexcept Tuple(A, B) as _:\n  pass\n");
}

TEST(PythonFrontendTest, JumpsAndDelete) {
  EXPECT_EQ(top("for x in y:\n    pass\n    continue\n    break\ndel a, b[0], c.d\ndel e\n"),
            "for x in y:\n  pass\n  continue\n  break\ndel a b[0] c.d\ndel e\n");
}

TEST(PythonFrontendTest, NestedDefIsLocalFunctionAndNestedClassIsOpaque) {
  ir::Module module = parseValid(
      "def outer(x):\n"
      "    @functools.wraps(x)\n"
      "    def inner(y, *rest):\n"
      "        return y\n"
      "    class Local:\n"
      "        pass\n"
      "    return inner(x)\n");
  EXPECT_EQ(show(module.functions.at(0)->body),
            "def inner:\n"
            "  return y\n"
            "OpaqueStmt(class definition inside a function)\n"
            "return Call(inner, x)\n");
  const auto& local = std::get<ir::LocalFunction>(module.functions.at(0)->body.at(0)->node);
  EXPECT_EQ(showParameters(*local.function), "y, *rest");
  EXPECT_EQ(show(local.function->decorators.at(0)), "Call(functools.wraps, x)");
  EXPECT_TRUE(module.classes.empty());
}

TEST(PythonFrontendTest, DeclarationsAndMatchAndTypeAlias) {
  EXPECT_EQ(functionBody("def f(x):\n"
                         "    global G\n"
                         "    nonlocal_value = 1\n"
                         "    match x:\n"
                         "        case 1:\n"
                         "            pass\n"
                         "    type Alias = int\n"),
            "nonlocal_value = 1\n"
            "OpaqueStmt(match statement)\n"
            "OpaqueStmt(type alias statement)\n");
}

TEST(PythonFrontendTest, SemicolonsSeparateStatements) {
  EXPECT_EQ(top("a = 1; b = 2;\nif a: c(); d()\n"), "a = 1\nb = 2\nif a:\n  Call(c)\n  Call(d)\n");
}

TEST(PythonFrontendTest, SoftKeywordsAndGenericDefinitions) {
  ir::Module module = parseValid(
      "match = 1\n"
      "type = 2\n"
      "def first[T](items: list[T]) -> T:\n"
      "    return items[0]\n"
      "class Box[T](Base[T]):\n"
      "    pass\n");
  EXPECT_EQ(show(module.topLevel), "match = 1\ntype = 2\n");
  EXPECT_EQ(showParameters(*module.functions.at(0)), "items");
  EXPECT_EQ(show(module.classes.at(0)->bases.at(0)), "Base[T]");
}

// ---- expressions ----------------------------------------------------------------------------------

TEST(PythonFrontendTest, NumbersAndKeywordConstants) {
  ir::Module module = parseValid("0x1F\n1_000\n1.5e-3\n2j\n1.5J\nTrue\nFalse\nNone\n...\n");
  std::vector<std::pair<ir::ConstantKind, std::string>> expected = {
      {ir::ConstantKind::Int, "0x1F"},   {ir::ConstantKind::Int, "1_000"},  {ir::ConstantKind::Float, "1.5e-3"},
      {ir::ConstantKind::Float, "2j"},   {ir::ConstantKind::Float, "1.5J"}, {ir::ConstantKind::Bool, "True"},
      {ir::ConstantKind::Bool, "False"}, {ir::ConstantKind::None, "None"},  {ir::ConstantKind::Ellipsis, "..."}};
  ASSERT_EQ(module.topLevel.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& constant = std::get<ir::Constant>(std::get<ir::ExprStmt>(module.topLevel[i]->node).value->node);
    EXPECT_EQ(constant.kind, expected[i].first) << i;
    EXPECT_EQ(constant.text, expected[i].second) << i;
  }
}

TEST(PythonFrontendTest, StringsAreUnquotedAndDecoded) {
  EXPECT_EQ(expression("'abc'\n"), "'abc'");
  EXPECT_EQ(expression("\"a\\tb\\n\\\\\\'\\x41\\101\\u00e9\"\n"), "'a\tb\n\\'AA\xC3\xA9'");
  EXPECT_EQ(expression("r'\\d+\\n'\n"), "'\\d+\\n'");
  EXPECT_EQ(expression("b'\\x00\\xff'\n"), std::string("b'") + '\0' + "\xFF'");
  EXPECT_EQ(expression("'a' \"b\" '''c'''\n"), "'abc'");
  EXPECT_EQ(expression("('x'\n 'y')\n"), "'xy'");
  EXPECT_EQ(expression("'''line1\nline2'''\n"), "'line1\nline2'");
  EXPECT_EQ(expression("'\\q\\N{BULLET}'\n"), "'\\q\\N{BULLET}'");
  EXPECT_EQ(expression("'a\\\nb'\n"), "'ab'");
  EXPECT_EQ(expression("u''\n"), "''");
}

TEST(PythonFrontendTest, FStringHasInterpolations) {
  EXPECT_EQ(expression("f\"shape {x.shape!r:>{width}} at {i + 1}\"\n"),
            "FStr('shape ', x.shape, width, ' at ', (i + 1))");
  EXPECT_EQ(expression("'pre ' f'{a}' ' post'\n"), "FStr('pre ', a, ' post')");
  EXPECT_EQ(expression("f'{{literal}} {x=}'\n"), "FStr('{literal} ', x)");
  // without interpolation an f-string is a plain constant
  EXPECT_EQ(expression("f'{{no}} fields'\n"), "'{no} fields'");
}

TEST(PythonFrontendTest, AttributeSubscriptAndSlices) {
  EXPECT_EQ(expression("x[:, 0]\n"), "x[Tuple(Slice(_, _, _), 0)]");
  EXPECT_EQ(expression("x[1:2:3, ::2]\n"), "x[Tuple(Slice(1, 2, 3), Slice(_, _, 2))]");
  EXPECT_EQ(expression("x[a:]\n"), "x[Slice(a, _, _)]");
  EXPECT_EQ(expression("x[:-1]\n"), "x[Slice(_, Neg(1), _)]");
  EXPECT_EQ(expression("x[i,]\n"), "x[Tuple(i)]");
  EXPECT_EQ(expression("x[..., None]\n"), "x[Tuple(..., None)]");
  EXPECT_EQ(expression("a.b.c[0].d\n"), "a.b.c[0].d");
  ir::Module module = parseValid("x[1, 2]\n");
  const auto& subscript = std::get<ir::Subscript>(std::get<ir::ExprStmt>(module.topLevel.at(0)->node).value->node);
  EXPECT_EQ(where(subscript.index->span), "1:3-1:7");
}

TEST(PythonFrontendTest, CallArgumentKinds) {
  EXPECT_EQ(expression("f(a, *args, b=1, **kwargs)\n"), "Call(f, a, *args, b=1, **kwargs)");
  EXPECT_EQ(expression("f(x for x in y)\n"), "Call(f, GenExp(x; for x in y))");
  EXPECT_EQ(expression("obj.method()(1)\n"), "Call(Call(obj.method), 1)");
  EXPECT_EQ(expression("f(\n  a,  # first\n  b,\n)\n"), "Call(f, a, b)");
}

TEST(PythonFrontendTest, UnaryAndBinaryOperators) {
  EXPECT_EQ(expression("not -a + +b - ~c\n"), "Not(((Neg(a) + Pos(b)) - Inv(c)))");
  EXPECT_EQ(expression("a * b / c // d % e @ f ** g ** h\n"),
            "(((((a * b) / c) // d) % e) @ (f ** (g ** h)))");
  EXPECT_EQ(expression("a | b & c ^ d << e >> f\n"), "(a | (b & (c ^ ((d << e) >> f))))");
}

TEST(PythonFrontendTest, ChainedComparisonIsOneCompare) {
  EXPECT_EQ(expression("a < b <= c == d != e > f >= g\n"), "Compare(a < b <= c == d != e > f >= g)");
  EXPECT_EQ(expression("a not in b is not c in d is e\n"), "Compare(a not in b is not c in d is e)");
}

TEST(PythonFrontendTest, BooleanChainsFlatten) {
  EXPECT_EQ(expression("a and b and c or d or e\n"), "Or(And(a, b, c), d, e)");
  EXPECT_EQ(expression("(a and b) and c\n"), "And(And(a, b), c)");
  EXPECT_EQ(expression("a or b and c\n"), "Or(a, And(b, c))");
}

TEST(PythonFrontendTest, ConditionalExpression) {
  EXPECT_EQ(expression("x if c else y if d else z\n"), "IfExp(c, x, IfExp(d, y, z))");
}

TEST(PythonFrontendTest, ParenthesesAreTransparent) {
  ir::Module module = parseValid("y = ((a + b)) * c\n");
  const auto& assign = std::get<ir::Assign>(module.topLevel.at(0)->node);
  EXPECT_EQ(show(assign.value), "((a + b) * c)");
  const auto& product = std::get<ir::Binary>(assign.value->node);
  EXPECT_EQ(where(product.lhs->span), "1:7-1:12");
  EXPECT_EQ(expression("(yield)\n"), "Opaque(yield expression)");
}

TEST(PythonFrontendTest, CollectionsAndDicts) {
  EXPECT_EQ(expression("((), (1,), [], [1, *a], {1, 2}, {})\n"),
            "Tuple(Tuple(), Tuple(1), List(), List(1, *a), Set(1, 2), Dict())");
  EXPECT_EQ(expression("{'a': 1, **rest, k: v}\n"), "Dict('a': 1, **rest, k: v)");
  EXPECT_EQ(expression("a, b\n"), "Tuple(a, b)");
}

TEST(PythonFrontendTest, Comprehensions) {
  EXPECT_EQ(expression("[x * y for x in xs if x if x > 0 for y in ys if y]\n"),
            "ListComp((x * y); for x in xs if x if Compare(x > 0); for y in ys if y)");
  EXPECT_EQ(expression("{k: v for k, v in items}\n"), "DictComp(k: v; for Tuple(k, v) in items)");
  EXPECT_EQ(expression("{s for s in t}\n"), "SetComp(s; for s in t)");
  EXPECT_EQ(expression("(g for g in h)\n"), "GenExp(g; for g in h)");
}

TEST(PythonFrontendTest, LambdaAndWalrus) {
  EXPECT_EQ(expression("lambda x, y=1, *z, k, **w: x + y\n"), "Lambda(x y *z k **w : (x + y))");
  EXPECT_EQ(expression("lambda: 0\n"), "Lambda(: 0)");
  EXPECT_EQ(top("if (n := len(a)) > 10:\n    pass\n"), "if Compare((n := Call(len, a)) > 10):\n  pass\n");
}

TEST(PythonFrontendTest, AwaitAndYieldAreOpaque) {
  EXPECT_EQ(functionBody("def g():\n    yield 1\n    x = yield\n    yield from other()\n"),
            "Opaque(yield expression)\nx = Opaque(yield expression)\nOpaque(yield expression)\n");
}

TEST(PythonFrontendTest, CommentsAndContinuationsAreIgnored) {
  EXPECT_EQ(top("x = [1,  # one\n     2]  # two\ny = a + \\\n    b\n# end\n"), "x = List(1, 2)\ny = (a + b)\n");
}

// ---- spans ----------------------------------------------------------------------------------------

TEST(PythonFrontendTest, SpansAreOneBasedAndExact) {
  std::string text =
      "import torch\n"
      "\n"
      "class Net(nn.Module):\n"
      "    def forward(self, x, k=2):\n"
      "        y = x.relu() + k\n"
      "        return y\n";
  ir::ParseResult result = parse(text);
  ASSERT_TRUE(result.module.has_value());
  const ir::ClassDef& net = *result.module->classes.at(0);
  EXPECT_EQ(where(net.nameSpan), "3:7-3:10");
  EXPECT_EQ(result.module->source->slice(net.nameSpan), "Net");
  const ir::FunctionDef& forward = *net.methods.at(0);
  EXPECT_EQ(where(forward.nameSpan), "4:9-4:16");
  EXPECT_EQ(where(forward.parameters.at(1).span), "4:23-4:24");
  EXPECT_EQ(result.module->source->slice(forward.parameters.at(2).span), "k=2");
  const ir::Stmt& assign = *forward.body.at(0);
  EXPECT_EQ(where(assign.span), "5:9-5:25");
  EXPECT_EQ(result.module->source->slice(assign.span), "y = x.relu() + k");
  const auto& sum = std::get<ir::Binary>(std::get<ir::Assign>(assign.node).value->node);
  EXPECT_EQ(where(sum.lhs->span), "5:13-5:21");
  EXPECT_EQ(sum.lhs->span.beginOffset, text.find("x.relu()"));
  EXPECT_EQ(sum.lhs->span.endOffset, text.find("x.relu()") + 8);
  const auto& call = std::get<ir::Call>(sum.lhs->node);
  EXPECT_EQ(where(call.callee->span), "5:13-5:19");
  EXPECT_EQ(where(forward.body.at(1)->span), "6:9-6:17");
}

TEST(PythonFrontendTest, CrlfLineEndingsWork) {
  std::string text = "def f(x):\r\n    s = '''a\r\nb'''\r\n    return x\r\n";
  ir::ParseResult result = parse(text);
  ASSERT_TRUE(result.module.has_value());
  EXPECT_TRUE(result.problems.empty());
  const ir::FunctionDef& f = *result.module->functions.at(0);
  EXPECT_EQ(show(f.body), "s = 'a\nb'\nreturn x\n");
  EXPECT_EQ(where(f.body.at(1)->span), "4:5-4:13");
}

TEST(PythonFrontendTest, ByteOrderMarkIsAllowed) {
  ir::ParseResult result = parse("\xEF\xBB\xBFx = 1\n");
  ASSERT_TRUE(result.module.has_value());
  EXPECT_TRUE(result.problems.empty());
  EXPECT_EQ(show(result.module->topLevel), "x = 1\n");
  EXPECT_EQ(result.module->topLevel.at(0)->span.beginOffset, 3u);  // byte columns count the BOM
}

TEST(PythonFrontendTest, NonAsciiIdentifiersAndColumnsInBytes) {
  ir::ParseResult result = parse("é = 'ü'; z = é\n");
  ASSERT_TRUE(result.module.has_value());
  EXPECT_EQ(show(result.module->topLevel), "é = 'ü'\nz = é\n");
  EXPECT_EQ(where(result.module->topLevel.at(1)->span), "1:12-1:18");
}

// ---- bad input ------------------------------------------------------------------------------------

TEST(PythonFrontendTest, SyntaxErrorIsAProblemNotACrash) {
  ir::ParseResult result = parse(
      "import torch\n"
      "x = foo(a b)\n"
      "class Net(nn.Module):\n"
      "    def forward(self, x):\n"
      "        return x\n");
  ASSERT_TRUE(result.module.has_value());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].message, "syntax error: unexpected `b`");
  EXPECT_EQ(where(result.problems[0].span), "2:11-2:12");
  // the rest of the file is still lowered
  ASSERT_EQ(result.module->classes.size(), 1u);
  EXPECT_EQ(result.module->classes[0]->methods.at(0)->name, "forward");
  EXPECT_EQ(result.module->imports.size(), 1u);
}

TEST(PythonFrontendTest, SyntaxErrorSpanningLinesQuotesItsStart) {
  ir::ParseResult result = parse("def f(x:\n    return x\n\ny = 1\n");
  ASSERT_TRUE(result.module.has_value());
  ASSERT_FALSE(result.problems.empty());
  EXPECT_EQ(result.problems[0].message.rfind("syntax error: cannot parse `def f(x:`", 0), 0u)
      << result.problems[0].message;
  EXPECT_EQ(result.problems[0].span.begin, (Position{1, 1}));
}

TEST(PythonFrontendTest, MissingTokenSaysExpected) {
  ir::ParseResult result = parse("def f(:\n    pass\n");
  ASSERT_TRUE(result.module.has_value());
  ASSERT_FALSE(result.problems.empty());
  EXPECT_EQ(result.problems[0].message, "syntax error: expected `)`");
  EXPECT_EQ(where(result.problems[0].span), "1:7-1:7");
  ir::ParseResult unclosed = parse("x = foo(1, 2\n");
  ASSERT_TRUE(unclosed.module.has_value());
  ASSERT_FALSE(unclosed.problems.empty());
  EXPECT_EQ(unclosed.problems[0].message, "syntax error: cannot parse `x = foo(1, 2`");
}

TEST(PythonFrontendTest, GarbageNeverCrashes) {
  const char* inputs[] = {")(][}{", "def", "class:", "@\n", "lambda", "if x:\n", "f'{'", "'''", "x = (",
                          "try:\n  pass\n", "with a as:\n  pass\n", "from import x", "import", "a[::::]",
                          "del", "else:", "x = 1 +", "\\", "async", "for in :", "**", "...:...", "}"};
  for (const char* input : inputs) {
    ir::ParseResult result = parse(input);
    EXPECT_TRUE(result.module.has_value()) << input;
  }
}

TEST(PythonFrontendTest, PythonTwoSyntaxIsAProblem) {
  ir::ParseResult result = parse("print \"hello\"\n");
  ASSERT_TRUE(result.module.has_value());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].message, "syntax error: python 2 print statement (python 3 cannot import this file)");
  EXPECT_EQ(show(result.module->topLevel), "OpaqueStmt(python 2 print statement)\n");
  const char* python2[] = {"exec 'x = 1'\n", "try:\n    pass\nexcept E, e:\n    pass\n", "x = a <> b\n",
                           "def f(a, (b, c)):\n    pass\n"};
  const char* messages[] = {"syntax error: python 2 exec statement (python 3 cannot import this file)",
                            "syntax error: python 2 `except E, name`", "syntax error: python 2 `<>` operator",
                            "syntax error: python 2 tuple parameter `(b, c)`"};
  for (size_t i = 0; i < std::size(python2); ++i) {
    ir::ParseResult old = parse(python2[i]);
    ASSERT_TRUE(old.module.has_value()) << python2[i];
    ASSERT_EQ(old.problems.size(), 1u) << python2[i];
    EXPECT_EQ(old.problems[0].message, messages[i]);
  }
  // `print` and `exec` as names are fine
  EXPECT_EQ(top("print(x)\nexec(code)\nprint = log\n"), "Call(print, x)\nCall(exec, code)\nprint = log\n");
}

TEST(PythonFrontendTest, NonUtf8IsRejected) {
  ir::ParseResult result = parse("x = 1\ns = 'caf\xE9'\n");
  EXPECT_FALSE(result.module.has_value());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].message, "file is not valid UTF-8 (byte 0xE9 at 2:9)");
  EXPECT_EQ(result.problems[0].span.beginOffset, 14u);
  // overlong forms and surrogates are invalid too
  EXPECT_FALSE(parse("x = '\xC0\xAF'\n").module.has_value());
  EXPECT_FALSE(parse("x = '\xED\xA0\x80'\n").module.has_value());
  EXPECT_FALSE(parse("x = '\xF4\x90\x80\x80'\n").module.has_value());
  EXPECT_FALSE(parse("x = '\xE2\x82").module.has_value());
  EXPECT_TRUE(parse("x = '\xF0\x9F\x98\x80'\n").module.has_value());
}

TEST(PythonFrontendTest, NulByteMeansBinary) {
  ir::ParseResult result = parse(std::string("x = 1\n\0\x01\x02", 9));
  EXPECT_FALSE(result.module.has_value());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].message, "binary file (NUL byte at offset 6)");
  EXPECT_EQ(result.problems[0].span.begin, (Position{2, 1}));
}

TEST(PythonFrontendTest, NullSourceIsAProblem) {
  ir::ParseResult result = parsePython(nullptr);
  EXPECT_FALSE(result.module.has_value());
  EXPECT_EQ(result.problems.size(), 1u);
}

TEST(PythonFrontendTest, DeepNestingIsBounded) {
  // deeper than the lowering's limit: the deep part is Opaque, reported once
  std::string lists = "x = " + std::string(500, '[') + "1" + std::string(500, ']') + "\n";
  ir::ParseResult result = parse(lists);
  ASSERT_TRUE(result.module.has_value());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].message.rfind("nesting too deep", 0), 0u);
  const ir::Expr* current = std::get<ir::Assign>(result.module->topLevel.at(0)->node).value.get();
  int depth = 0;
  while (const auto* list = std::get_if<ir::Sequence>(&current->node)) {
    current = list->elements.at(0).get();
    ++depth;
  }
  EXPECT_LT(depth, 200);
  EXPECT_EQ(std::get<ir::Opaque>(current->node).what, "nesting too deep");

  // an elif chain is nested Ifs, bounded the same way
  std::string chain = "if a:\n    pass\n";
  for (int i = 0; i < 300; ++i) chain += "elif a:\n    pass\n";
  ir::ParseResult elifs = parse(chain);
  ASSERT_TRUE(elifs.module.has_value());
  EXPECT_EQ(elifs.problems.size(), 1u);
}

TEST(PythonFrontendTest, ExtremeNestingIsRefusedBeforeParsing) {
  // 100,000 levels: balanced, unclosed, and prefix operators (the last two crash tree-sitter 0.20.7)
  constexpr size_t n = 100000;
  auto repeat = [](const std::string& piece) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += piece;
    return out;
  };
  const std::string pieces[] = {"(",       "[",       "-",    "not ", "a if b else ", "lambda: ", "lambda a, b: ",
                                "a ** ",   "await ",  "f\"{", "f'{(", "f\"{x:{",      "(a := ",   "x[a:",
                                "\\\n", "*"};
  for (const std::string& piece : pieces) {
    for (const char* prefix : {"x = ", "f("}) {
      std::string text = std::string(prefix) + repeat(piece) + "\n";
      ir::ParseResult result = parse(text);
      EXPECT_FALSE(result.module.has_value()) << piece;
      ASSERT_EQ(result.problems.size(), 1u) << piece;
      EXPECT_EQ(result.problems[0].message.rfind("nesting too deep for the parser", 0), 0u) << piece;
      EXPECT_FALSE(parsePythonTreeOnly(text)) << piece;
    }
  }
  // statement-level chains continue across commas; annotations nest with `:`
  for (std::string text : {"x = " + repeat("(") + "1" + repeat(")") + "\n", repeat("a = ") + "\n",
                           repeat("a, b = ") + "\n", repeat("a += ") + "\n", "x: " + repeat("a: ") + "\n"}) {
    ir::ParseResult result = parse(text);
    EXPECT_FALSE(result.module.has_value()) << text.substr(0, 10);
    EXPECT_FALSE(parsePythonTreeOnly(text)) << text.substr(0, 10);
  }
}

TEST(PythonFrontendTest, LongCommentRunsAreBlankedNotRefused) {
  // tree-sitter keeps comments on its stack until the next token: a long run before a syntax error
  // would crash it, so such files are parsed with their comments blanked (offsets unchanged)
  std::string comments;
  for (int i = 0; i < 100000; ++i) comments += "# note\n";
  ir::ParseResult broken = parse("x = 1\n" + comments + "y = (\n");
  ASSERT_TRUE(broken.module.has_value());
  ASSERT_FALSE(broken.problems.empty());
  EXPECT_EQ(broken.problems[0].message.rfind("syntax error", 0), 0u);
  EXPECT_EQ(broken.problems[0].span.begin.line, 100002u);

  ir::ParseResult valid = parse("def f(x):\n" + comments + "    return x  # done\ns = '# not a comment'\n");
  ASSERT_TRUE(valid.module.has_value());
  EXPECT_TRUE(valid.problems.empty());
  EXPECT_EQ(show(valid.module->functions.at(0)->body), "return x\n");
  EXPECT_EQ(where(valid.module->functions.at(0)->body.at(0)->span), "100002:5-100002:13");
  EXPECT_EQ(show(valid.module->topLevel), "s = '# not a comment'\n");
  EXPECT_TRUE(parsePythonTreeOnly("x = 1\n" + comments + "y = (\n"));
}

TEST(PythonFrontendTest, ErrorRegionsWithManyTokensStayFast) {
  // 70,000 tokens in one ERROR node: lowering must not look up fields per child there
  ir::ParseResult result = parse("x = " + std::string(70000, ',') + "\n");
  ASSERT_TRUE(result.module.has_value());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].message.rfind("syntax error: cannot parse `x = ,,,", 0), 0u);
}

TEST(PythonFrontendTest, LongOperatorChainsAreNotRefused) {
  // tree-sitter reduces these as it goes, so the screening lets them through
  std::string text = "x = -a ** 2";
  for (int i = 0; i < 20000; ++i) text += " + -a ** 2 * -b";
  ir::ParseResult result = parse(text + "\n");
  ASSERT_TRUE(result.module.has_value());
  ASSERT_EQ(result.problems.size(), 1u);  // too deep for the IR, not for the parser
  EXPECT_EQ(result.problems[0].message.rfind("nesting too deep: code nested more than 200", 0), 0u);
}

TEST(PythonFrontendTest, LongFlatChainsStayWithinTheLimits) {
  // 100,000 `and` operands: left-nested in the tree, flat in the IR
  std::string text = "x = a";
  for (int i = 0; i < 100000; ++i) text += " and a";
  ir::ParseResult result = parse(text + "\n");
  ASSERT_TRUE(result.module.has_value());
  EXPECT_TRUE(result.problems.empty());
  const auto& chain = std::get<ir::BoolOp>(std::get<ir::Assign>(result.module->topLevel.at(0)->node).value->node);
  EXPECT_EQ(chain.operands.size(), 100001u);

  // 100,000 `+`: deep in the IR, so bounded and reported
  std::string sum = "y = a";
  for (int i = 0; i < 100000; ++i) sum += " + a";
  ir::ParseResult deep = parse(sum + "\n");
  ASSERT_TRUE(deep.module.has_value());
  ASSERT_EQ(deep.problems.size(), 1u);
  EXPECT_EQ(deep.problems[0].message.rfind("nesting too deep", 0), 0u);
}

TEST(PythonFrontendTest, HugeLineDoesNotOverflow) {
  std::string text = "s = '" + std::string(50 * 1000 * 1000, 'a') + "'\nt = 1\n";
  ir::ParseResult result = parse(text);
  ASSERT_TRUE(result.module.has_value());
  EXPECT_TRUE(result.problems.empty());
  ASSERT_EQ(result.module->topLevel.size(), 2u);
  const auto& value = std::get<ir::Constant>(std::get<ir::Assign>(result.module->topLevel[0]->node).value->node);
  EXPECT_EQ(value.text.size(), 50u * 1000 * 1000);
  EXPECT_EQ(where(result.module->topLevel[1]->span), "2:1-2:6");

  std::string list = "v = [";
  for (int i = 0; i < 200000; ++i) list += "1, ";
  ir::ParseResult many = parse(list + "]\n");
  ASSERT_TRUE(many.module.has_value());
  const auto& elements = std::get<ir::Sequence>(std::get<ir::Assign>(many.module->topLevel[0]->node).value->node);
  EXPECT_EQ(elements.elements.size(), 200000u);
}

TEST(PythonFrontendTest, TreeOnlyParse) {
  EXPECT_TRUE(parsePythonTreeOnly("import torch\nx = torch.ones(3)\n"));
  EXPECT_TRUE(parsePythonTreeOnly(""));
  EXPECT_TRUE(parsePythonTreeOnly("x = (\n"));  // syntax errors still give a tree
}

}  // namespace
}  // namespace fxlint
