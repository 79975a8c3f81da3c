// The C++ front-end when CMake found no clang 14 development packages: every C++ file is one problem
// saying so, and the run goes on with the other files.
#include "fxlint/cpp_frontend.h"

namespace fxlint {

bool cppFrontendAvailable() { return false; }

ir::ParseResult parseCpp(SourceFilePtr file, const CppFrontendOptions&) {
  ir::ParseResult result;
  ir::FrontendProblem problem;
  problem.kind = ir::ProblemKind::Unparsable;
  problem.span.begin = problem.span.end = Position{1, 1};
  problem.message = "fxlint was built without the C++ front-end (FXLINT_CPP_FRONTEND=OFF, or clang 14's "
                    "development packages were not found at configure time: scripts/setup.sh installs them)";
  (void)file;
  result.problems.push_back(std::move(problem));
  return result;
}

}  // namespace fxlint
