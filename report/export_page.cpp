// Wraps the export's data in the shared page shell (the drawing is assets/export.js).
#include "export_page.h"

#include "html_page.h"

namespace fxlint::report {

std::string exportReportPage(const nlohmann::json& data) {
  return htmlPage("fxlint export: " + data.value("model", std::string("model")), data, "export.js");
}

}  // namespace fxlint::report
