// captureFromAnswer: the one reading of the Python Session's capture answer, for both PythonSession
// implementations (embedded and worker).
#include <nlohmann/json.hpp>

#include "python_session.h"

namespace fxlint::exporter {

PythonSession::Capture captureFromAnswer(const std::string& answer) {
  nlohmann::json json = nlohmann::json::parse(answer);
  PythonSession::Capture result;
  result.ok = json["ok"].get<bool>();
  if (!result.ok) {
    result.error = json["error"].get<std::string>();
    if (!json["line"].is_null()) result.line = json["line"].get<int>();
  }
  return result;
}

}  // namespace fxlint::exporter
