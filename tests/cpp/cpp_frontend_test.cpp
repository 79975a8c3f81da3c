// The C++ front-end on small LibTorch-style snippets parsed against a stand-in <torch/torch.h>
// (tests/cpp/standin), through `-p`'s compile_commands.json: fast. Each snippet carries its expectations
// inline (`// expect-verdict:`, `// expect:`), checked as exact sets as for samples/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "expectations.h"
#include "fxlint/cpp_frontend.h"

namespace fxlint::testing {
namespace {
namespace fs = std::filesystem;

// A scratch directory with the snippet and a compile_commands.json pointing at the stand-in header.
class Scratch {
 public:
  Scratch() : dir_(fs::temp_directory_path() / ("fxlint_cpp_test_" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string dir() const { return dir_.string(); }
  SourceFilePtr write(const std::string& name, const std::string& text) {
    auto file = std::make_shared<SourceFile>();
    file->path = (dir_ / name).string();
    file->text = text;
    std::ofstream(file->path) << text;
    std::ofstream(dir_ / "compile_commands.json")
        << "[{\"directory\": \"" << dir() << "\", \"file\": \"" << file->path << "\", \"arguments\": [\"clang++\", "
        << "\"-std=c++20\", \"-I" << FXLINT_STANDIN_DIR << "\", \"-c\", \"" << file->path << "\"]}]";
    return file;
  }

 private:
  fs::path dir_;
};

std::vector<std::string> check(const std::string& body) {
  Scratch scratch;
  SourceFilePtr file = scratch.write("snippet.cpp", "#include <torch/torch.h>\n#include <stdexcept>\n" + body);
  Expectations expected = parseExpectations(file->text);
  std::set<std::string> configs = {"vanilla"};
  for (const auto& [config, _] : expected.verdicts) configs.insert(config);
  std::vector<std::string> mismatches;
  for (const std::string& config : configs) {
    Analyzer analyzer(configFromName(config));
    analyzer.setCppFrontendOptions({scratch.dir()});
    FileAnalysis analysis = analyzer.analyze(file);
    for (const FileProblem& problem : analysis.problems) mismatches.push_back("file problem: " + problem.message);
    DiagnosticsByFile produced = collectDiagnostics({analysis}, {{file->path, expected}}, config);
    for (std::string& m : compareWithExpectations(analysis, expected, produced[file->path], config))
      mismatches.push_back(std::move(m));
  }
  return mismatches;
}

void expectAnnotationsHold(const std::string& body) {
  for (const std::string& mismatch : check(body)) ADD_FAILURE() << mismatch;
}

TEST(CppFrontend, SizeComparisonSpecializesTheTrace) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x) {
    if (x.size(1) != 3) {  // expect: FX101 "x.size(1)"
      return x * 2.0;
    }
    return x;
  }
};
)cpp");
}

TEST(CppFrontend, DecisionOnAFixedDimKeepsTheTraceValid) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: specialized  // expect-verdict[dynamic=x:0,2,3]: traceable
  torch::Tensor forward(torch::Tensor x) {
    int64_t channels = x.sizes()[1];
    if (channels != 3) throw std::invalid_argument("bad");  // expect: FX101 "x.sizes()[1]"  // expect[dynamic=x:0,2,3]: FX101
    return x;
  }
};
)cpp");
}

TEST(CppFrontend, DecisionOnAVaryingDimSpecializes) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: specialized  // expect-verdict[dynamic=x:0,2]: specialized
  torch::Tensor forward(torch::Tensor x) {
    if (x.size(2) > 16) return x.relu();  // expect: FX101 "x.size(2)"  // expect[dynamic=x:0,2]: FX101
    return x;
  }
};
)cpp");
}

TEST(CppFrontend, TorchCheckIsAnAssertion) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x) {
    TORCH_CHECK(x.dim() == 4 && x.numel() > 0, "bad");  // expect: FX101 "x.dim()"
    return x;
  }
};
)cpp");
}

TEST(CppFrontend, RankAloneNeverVaries) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: traceable  // expect-verdict[dynamic=x:0]: traceable
  torch::Tensor forward(torch::Tensor x) {
    TORCH_CHECK(x.dim() == 4, "bad");  // expect: FX101 "x.dim()"  // expect[dynamic=x:0]: FX101
    return x;
  }
};
)cpp");
}

TEST(CppFrontend, ItemAndAccessorAreData) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: specialized  // expect-verdict[dynamic=x:0]: specialized
  torch::Tensor forward(torch::Tensor x) {
    if (x.sum().item<float>() > 0) return x;  // expect: FX102  // expect[dynamic=x:0]: FX102
    auto values = x.accessor<float, 2>();
    while (values[0][0] > 1) {  // expect: FX102  // expect[dynamic=x:0]: FX102
      break;
    }
    float* raw = x.data_ptr<float>();
    return *raw > 0 ? x : x.relu();  // expect: FX102  // expect[dynamic=x:0]: FX102
  }
};
)cpp");
}

TEST(CppFrontend, ForLoopOverASizeDecidesEachIteration) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor out = x;
    for (int64_t i = 0; i < x.size(0); ++i) {  // expect: FX101 "x.size(0)"
      out = out + x[i];
    }
    return out;
  }
};
)cpp");
}

TEST(CppFrontend, TensorNessComesFromTypesNotNames) {
  // `size` on a non-tensor is no shape; a tensor typedef'd and oddly named still is.
  expectAnnotationsHold(R"cpp(
struct Box { int64_t size(int64_t) const { return 2; } };
using Image = at::Tensor;
struct M : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x) {
    Box box;
    if (box.size(0) > 1) x = x.relu();
    Image picture = x;
    if (picture.sizes()[0] > 1) return x;  // expect: FX101 "picture.sizes()[0]"
    return x;
  }
};
)cpp");
}

TEST(CppFrontend, HoldersAndHelpersAreFollowed) {
  expectAnnotationsHold(R"cpp(
struct InnerImpl : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x) { return check(x); }
  torch::Tensor check(torch::Tensor x) {
    if (x.size(1) == 1) return x * 3.0;  // expect: FX101 "x.size(1)"
    return x;
  }
};
TORCH_MODULE(Inner);
struct Outer : torch::nn::Module {  // expect-verdict: specialized
  Outer() : conv(register_module("conv", torch::nn::Conv2d(3, 3, 1))), inner(register_module("inner", Inner())) {}
  torch::Tensor forward(torch::Tensor x) { return inner(conv->forward(x)); }
  torch::nn::Conv2d conv;
  Inner inner;
};
)cpp");
}

TEST(CppFrontend, PlainModuleIsTraceable) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: traceable
  M() : conv(register_module("conv", torch::nn::Conv2d(3, 3, 1))) {}
  torch::Tensor forward(torch::Tensor x) {
    std::vector<torch::Tensor> parts;
    for (int i = 0; i < kParts; ++i) parts.push_back(torch::relu(conv(x)));
    return parts[0] + parts[1];
  }
  static constexpr int kParts = 2;
  torch::nn::Conv2d conv;
};
)cpp");
}

TEST(CppFrontend, ThrowOnEveryPathFails) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: fails
  torch::Tensor forward(torch::Tensor x) {
    throw std::runtime_error("not implemented");  // expect: FX111
  }
};
)cpp");
}

TEST(CppFrontend, ForwardDefinedElsewhereIsUnknown) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: unknown
  torch::Tensor forward(torch::Tensor x);  // expect: FX003 "forward"
};
)cpp");
}

TEST(CppFrontend, OutOfLineForwardIsLowered) {
  expectAnnotationsHold(R"cpp(
struct M : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x);
};
torch::Tensor M::forward(torch::Tensor x) {
  if (x.size(0) > 1) return x;  // expect: FX101 "x.size(0)"
  return x.relu();
}
)cpp");
}

TEST(CppFrontend, ClassInAHeaderIsAnalyzedWhereItsMethodsAreDefined) {
  Scratch scratch;
  scratch.write("net.h", "#include <torch/torch.h>\nstruct NetImpl : torch::nn::Module {\n"
                         "  torch::Tensor forward(torch::Tensor x);\n  torch::Tensor inline_helper(torch::Tensor x) { return x; }\n};\n");
  SourceFilePtr file = scratch.write("net.cpp", "#include \"net.h\"\n\ntorch::Tensor NetImpl::forward(torch::Tensor x) {\n"
                                                "  if (x.size(1) > 2) return x;\n  return inline_helper(x);\n}\n");
  Analyzer analyzer{TraceConfig{}};
  analyzer.setCppFrontendOptions({scratch.dir()});
  FileAnalysis analysis = analyzer.analyze(file);
  ASSERT_TRUE(analysis.problems.empty()) << analysis.problems.front().message;
  ASSERT_EQ(analysis.classes.size(), 1u);
  EXPECT_EQ(analysis.classes[0].className, "NetImpl");
  EXPECT_EQ(analysis.classes[0].span.begin.line, 3u);  // at NetImpl::forward, this file's line
  EXPECT_EQ(analysis.classes[0].verdict, VerdictKind::Specialized);
}

TEST(CppFrontend, CompileErrorIsAProblemAtItsLine) {
  Scratch scratch;
  SourceFilePtr file = scratch.write("broken.cpp", "#include <torch/torch.h>\nint f() { return undeclared; }\n");
  ir::ParseResult result = parseCpp(file, {scratch.dir()});
  ASSERT_FALSE(result.problems.empty());
  EXPECT_EQ(result.problems[0].span.begin.line, 2u);
  EXPECT_NE(result.problems[0].message.find("undeclared"), std::string::npos);
}

TEST(CppFrontend, MissingHeaderIsAProblemAtTheInclude) {
  Scratch scratch;
  SourceFilePtr file = scratch.write("missing.cpp", "// a model\n#include <no/such/header.h>\n");
  ir::ParseResult result = parseCpp(file, {scratch.dir()});
  ASSERT_FALSE(result.problems.empty());
  EXPECT_EQ(result.problems[0].span.begin.line, 2u);
  EXPECT_NE(result.problems[0].message.find("not found"), std::string::npos);
}

TEST(CppFrontend, UnreadableCompileCommandsIsAProblem) {
  auto file = std::make_shared<SourceFile>();
  file->path = "model.cpp";
  file->text = "int x;\n";
  ir::ParseResult result = parseCpp(file, {"/nonexistent/build"});
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_NE(result.problems[0].message.find("compile_commands.json"), std::string::npos);
}

TEST(CppFrontend, CppPathsByExtension) {
  for (const char* path : {"a.cpp", "a.cc", "a.cxx", "a.h", "a.hpp"}) EXPECT_TRUE(isCppSourcePath(path)) << path;
  for (const char* path : {"a.py", "a.c", "cpp", ".h"}) EXPECT_FALSE(isCppSourcePath(path)) << path;
}

}  // namespace
}  // namespace fxlint::testing
