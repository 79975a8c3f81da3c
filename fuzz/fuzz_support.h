// Shared by the fuzz targets: a scratch directory of the process's own, and the checks every analysis
// must pass beyond "no crash": what the CLI's output later relies on (spans inside their file, a first
// failure that indexes the events) and every rule run over every event.
#pragma once

#include <string>

#include "fxlint/analysis.h"

namespace fxlint::fuzz {

// Made once per process under $TMPDIR and removed at exit; targets write their inputs there so that
// imports resolve among the fuzzed files and never reach real code on the machine.
const std::string& scratchDirectory();

// Traps (a libFuzzer crash with the input saved) when an invariant does not hold.
void checkAnalysis(const FileAnalysis& analysis);

}  // namespace fxlint::fuzz
