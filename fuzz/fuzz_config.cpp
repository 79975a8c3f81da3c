// libFuzzer target: the configuration reader (cli/config.h). The input is written as fxlint.toml and as
// pyproject.toml (where only [tool.fxlint] counts), read with loadConfigFile, and a file it accepts is
// merged with an empty command line as the driver does. Bad TOML and wrong types must come back as
// errors, never as a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path dir = fxlint::fuzz::scratchDirectory();
  for (const char* name : {"fxlint.toml", "pyproject.toml"}) {
    const std::string path = (dir / name).string();
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), std::streamsize(size));
    std::vector<std::string> errors;
    auto config = fxlint::loadConfigFile(path, errors);
    if (config) {
      (void)fxlint::effectiveConfiguration(config.get(), fxlint::Settings{});
      continue;
    }
    // Only a pyproject.toml without [tool.fxlint] may be no configuration without saying why.
    if (errors.empty() && std::string(name) == "fxlint.toml") {
      std::fprintf(stderr, "fxlint fuzz invariant broken: fxlint.toml rejected without an error\n");
      __builtin_trap();
    }
  }
  return 0;
}
