// Analyses as JSON (the CLI caches them). The analyzer owns the format so that whoever adds a field to
// an analysis struct meets its serializer: analysis_json.cpp stops compiling until the field is listed.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "fxlint/analysis.h"

namespace fxlint {

// {"problems", "classes", "factories", "imports"}. Source files are written as their paths; the
// analysis's own file is not written: whoever stores the JSON knows it (the cache keys entries by it).
nlohmann::json analysisToJson(const FileAnalysis& analysis);

// The source file at a path a serialized analysis names; it may throw, or return null, when it has none.
using SourceLookup = std::function<SourceFilePtr(const std::string& path)>;

// The analysis analysisToJson wrote, with `file` as its file and the others found through `source`.
// Throws (nlohmann::json::exception or std::out_of_range) on anything malformed or on an unknown path.
FileAnalysis analysisFromJson(const nlohmann::json& serialized, const SourceFilePtr& file, const SourceLookup& source);

}  // namespace fxlint
