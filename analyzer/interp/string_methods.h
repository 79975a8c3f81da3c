// Methods of Python strings whose value fxlint knows: the lookups layer factories make while a model is
// built (`name.lower()`, `kind.replace("_", "")`, `spec.split("_")`, `name.startswith("bn")`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interp/value.h"

namespace fxlint::interp {

// s.method(*positional) for a known string s; nullptr when Python's result is not known here (an
// argument of unknown value, keyword arguments, a method not modelled), never a guess.
ValuePtr knownStringMethod(const std::string& text, std::string_view method, const std::vector<ValuePtr>& positional);

// Whether re.search / re.match / re.fullmatch (`function`) finds `pattern` in `text`, both known; nullopt
// for a pattern using syntax whose meaning differs between Python's re and the ECMAScript engine used here
// (named groups, lookbehind, inline flags, \A, \Z, possessive forms), or one that does not compile.
std::optional<bool> knownRegexMatch(std::string_view function, const std::string& pattern, const std::string& text);

}  // namespace fxlint::interp
