// The C++ front-end's driver: parses one file with clang (compile_commands.json when given, else the
// LibTorch include paths found at configure time and -std=c++20), turns clang's errors into problems
// citing file:line, and hands the AST to the lowering (lowering.cpp).
#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/ADT/SmallString.h>

#include <filesystem>

#include "cpp/lowering.h"
#include "fxlint/cpp_frontend.h"

#ifndef FXLINT_CLANG_RESOURCE_DIR  // the wheel's module finds clang's resource directory at run time
#include <clang/Basic/Version.h>
#include <clang/Driver/Driver.h>
#include <dlfcn.h>
#endif

namespace fxlint {
namespace {

// Enough to say what is wrong without flooding the output when a header is missing.
constexpr size_t kMaxReportedErrors = 5;

// Clang's errors as problems. An error inside a header is reported at the main file's #include that
// leads to it, with the header's own file:line in the message.
class ProblemCollector final : public clang::DiagnosticConsumer {
 public:
  explicit ProblemCollector(std::vector<ir::FrontendProblem>& problems) : problems_(problems) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic& info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error || problems_.size() >= kMaxReportedErrors) return;
    llvm::SmallString<256> text;
    info.FormatDiagnostic(text);
    ir::FrontendProblem problem;
    problem.kind = ir::ProblemKind::SyntaxError;
    problem.message = "C++ compile error: " + std::string(text);
    problem.span.begin = problem.span.end = Position{1, 1};
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const clang::SourceManager& sm = info.getSourceManager();
      clang::SourceLocation loc = sm.getFileLoc(info.getLocation());
      if (!sm.isInMainFile(loc)) {
        clang::PresumedLoc where = sm.getPresumedLoc(loc);
        if (where.isValid())
          problem.message += " (in " + std::string(where.getFilename()) + ":" + std::to_string(where.getLine()) + ")";
        // Walk the include chain up to the main file's #include line.
        while (loc.isValid() && !sm.isInMainFile(loc)) loc = sm.getIncludeLoc(sm.getFileID(loc));
      }
      if (loc.isValid()) {
        problem.span.begin = problem.span.end =
            Position{sm.getSpellingLineNumber(loc), sm.getSpellingColumnNumber(loc)};
        problem.span.beginOffset = problem.span.endOffset = sm.getFileOffset(loc);
      }
    }
    problems_.push_back(std::move(problem));
  }

 private:
  std::vector<ir::FrontendProblem>& problems_;
};

#ifdef FXLINT_CLANG_RESOURCE_DIR
std::string clangResourceDir() { return FXLINT_CLANG_RESOURCE_DIR; }
#else
// The wheel's module runs on whichever clang 14 the machine has: its builtin headers are where that
// libclang-cpp's own driver would look, beside the library (<prefix>/lib/clang/<version>).
std::string clangResourceDir() {
  static const std::string dir = [] {
    Dl_info info;
    if (!dladdr(reinterpret_cast<void*>(&clang::getClangFullVersion), &info) || !info.dli_fname) return std::string();
    std::error_code error;
    std::filesystem::path library = std::filesystem::canonical(info.dli_fname, error);
    if (error) return std::string();
    return clang::driver::Driver::GetResourcesPath((library.parent_path().parent_path() / "bin" / "clang").string());
  }();
  return dir;
}
#endif

// Include directories found at run time, after the configure-time ones: the wheel's loader sets
// LibTorch's headers of the installation's torch here (fxlint_set_include_dirs), once, before parsing.
std::vector<std::string>& runtimeIncludeDirs() {
  static std::vector<std::string> dirs;
  return dirs;
}

std::vector<std::string> defaultArguments() {
  std::vector<std::string> args = {"-xc++", "-std=c++20", "-resource-dir", clangResourceDir()};
  for (const char* dir : {FXLINT_TORCH_INCLUDE_DIRS})
    if (*dir) args.insert(args.end(), {"-isystem", dir});
  for (const std::string& dir : runtimeIncludeDirs()) args.insert(args.end(), {"-isystem", dir});
  return args;
}

// The compile command's flags without the compiler, the input and the output (LibTooling adds its own).
std::vector<std::string> flagsFromCompileCommand(const clang::tooling::CompileCommand& command, const std::string& absolute) {
  std::vector<std::string> flags;
  const auto& line = command.CommandLine;
  for (size_t i = 1; i < line.size(); ++i) {
    const std::string& arg = line[i];
    if (arg == "-o" || arg == "-MF" || arg == "-MT" || arg == "-MQ") { ++i; continue; }
    if (arg == "-c" || arg == "-MD" || arg == "-MMD" || arg == command.Filename || arg == absolute) continue;
    if (arg.starts_with("-o")) continue;
    flags.push_back(arg);
  }
  // Debian's clang finds its builtin headers only with the resource dir spelled out.
  flags.insert(flags.end(), {"-resource-dir", clangResourceDir()});
  return flags;
}

// Lowers the main file once the AST is complete. Bodies of functions in system headers (LibTorch is
// included with -isystem) are skipped, as clangd does for its preamble: they are most of
// <torch/torch.h>'s parse time, and the lowering reads only declarations there.
class LoweringConsumer final : public clang::ASTConsumer {
 public:
  LoweringConsumer(SourceFilePtr file, std::optional<ir::Module>& out) : file_(std::move(file)), out_(out) {}
  void Initialize(clang::ASTContext& context) override { sm_ = &context.getSourceManager(); }
  bool shouldSkipFunctionBody(clang::Decl* decl) override {
    return sm_->isInSystemHeader(sm_->getExpansionLoc(decl->getLocation()));
  }
  void HandleTranslationUnit(clang::ASTContext& context) override { out_ = cpp::lowerTranslationUnit(context, file_); }

 private:
  SourceFilePtr file_;
  std::optional<ir::Module>& out_;
  const clang::SourceManager* sm_ = nullptr;
};

class LoweringAction final : public clang::ASTFrontendAction {
 public:
  LoweringAction(SourceFilePtr file, std::optional<ir::Module>& out) : file_(std::move(file)), out_(out) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& compiler, llvm::StringRef) override {
    compiler.getFrontendOpts().SkipFunctionBodies = true;  // the consumer says which
    return std::make_unique<LoweringConsumer>(file_, out_);
  }

 private:
  SourceFilePtr file_;
  std::optional<ir::Module>& out_;
};

ir::FrontendProblem problemAtStart(std::string message) {
  ir::FrontendProblem problem;
  problem.kind = ir::ProblemKind::Unparsable;
  problem.message = std::move(message);
  problem.span.begin = problem.span.end = Position{1, 1};
  return problem;
}

}  // namespace

ir::ParseResult parseWithClang(SourceFilePtr file, const CppFrontendOptions& options) {
  ir::ParseResult result;
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(file->path, ec).lexically_normal().string();
  if (ec) absolute = file->path;

  std::vector<std::string> args = defaultArguments();
  if (!options.compileCommandsDir.empty()) {
    std::string error;
    auto database = clang::tooling::CompilationDatabase::loadFromDirectory(options.compileCommandsDir, error);
    if (!database) {
      result.problems.push_back(problemAtStart("cannot read compile_commands.json in " + options.compileCommandsDir + ": " + error));
      return result;
    }
    // A file the database does not list (a header) keeps the default flags.
    auto commands = database->getCompileCommands(absolute);
    if (!commands.empty()) args = flagsFromCompileCommand(commands.front(), absolute);
  }

  // The text fxlint already read is what clang parses (an in-memory file over the real file system,
  // so its #includes resolve from its directory), and spans index SourceFile::text.
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> overlay(new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> memory(new llvm::vfs::InMemoryFileSystem);
  overlay->pushOverlay(memory);
  memory->addFile(absolute, 0, llvm::MemoryBuffer::getMemBufferCopy(file->text));
  llvm::IntrusiveRefCntPtr<clang::FileManager> files(new clang::FileManager(clang::FileSystemOptions(), overlay));
  // -w: warnings are not ours to report (and clang would print a count of them on stderr).
  std::vector<std::string> commandLine = {"fxlint", "-fsyntax-only", "-w"};
  commandLine.insert(commandLine.end(), args.begin(), args.end());
  commandLine.push_back(absolute);
  clang::tooling::ToolInvocation invocation(std::move(commandLine), std::make_unique<LoweringAction>(file, result.module),
                                            files.get());
  ProblemCollector collector(result.problems);
  invocation.setDiagnosticConsumer(&collector);
  invocation.run();  // false on compile errors, which the collector has; the lowering ran regardless
  if (!result.module && result.problems.empty()) result.problems.push_back(problemAtStart("clang could not parse this file"));
  return result;
}

}  // namespace fxlint

// The module's entry points, looked up by cpp_frontend_loader.cpp with dlsym: C linkage, plain
// pointers, so nothing but these names crosses the dlopen boundary.
extern "C" __attribute__((visibility("default"))) void fxlint_parse_cpp(const fxlint::SourceFilePtr* file,
                                                                      const fxlint::CppFrontendOptions* options,
                                                                      fxlint::ir::ParseResult* result) {
  *result = fxlint::parseWithClang(*file, *options);
}

// The wheel's loader only, once, before any parse.
extern "C" __attribute__((visibility("default"))) void fxlint_set_include_dirs(const std::vector<std::string>* dirs) {
  fxlint::runtimeIncludeDirs() = *dirs;
}
