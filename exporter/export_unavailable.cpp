// `fxlint export` in a build without the Python venv: the analyzer alone needs no Python; the exporter does.
#include <iostream>

#include "fxlint/export.h"

namespace fxlint::exporter {

int runExportCommand(const std::vector<std::string>&) {
  std::cerr << "fxlint: `fxlint export` is not built in: it embeds the Python venv's torch. Enable it with\n"
               "  scripts/build.sh --python   (or cmake -DFXLINT_VENV=$(scripts/setup.sh --python | sed -n "
               "'s/^FXLINT_VENV=//p'))\n";
  return 2;
}

}  // namespace fxlint::exporter
