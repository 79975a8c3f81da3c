// Where each step of a call chain is in the source, for the report's links. Events carry their chain as
// labels ("A.forward", "self.body", "B.forward:7"); only the last step has a line. A function step
// ("Class.method", "helper") is located at its definition, found by name in the parsed files; a module
// call step ("self.body") at its first call in the function located before it. A name defined in several
// files is taken from the file the calling function's imports bind it to (`from .functional import
// pad`, `import ... as F` for `F.pad(...)`), else the caller's file, the model's or the event's. A step
// that cannot be found unambiguously stays without a location: the report shows it without a link, never
// a guess.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fxlint/ir.h"
#include "fxlint/source.h"

namespace fxlint::report {

struct ChainStep {
  std::string label;    // as in the chain, without the last step's ":line"
  SourceFilePtr file;   // null: not located
  uint32_t line = 0;
};

class ChainLocator {
 public:
  // `files`: every source file the run read; each is parsed the first time a step needs the index.
  explicit ChainLocator(std::vector<SourceFilePtr> files);
  ~ChainLocator();
  // `rootFile`: the file of the class or builder whose trace this is.
  std::vector<ChainStep> locate(const std::vector<std::string>& chain, const SourceFilePtr& eventFile,
                                uint32_t eventLine, const SourceFilePtr& rootFile);

 private:
  struct Definition {
    SourceFilePtr file;
    const ir::FunctionDef* function;
  };
  void buildIndex();
  const Definition* findDefinition(const std::string& label, const Definition* caller,
                                   const std::vector<const SourceFile*>& preferred) const;
  // The dotted module the caller's imports say `label`'s name comes from ("" when they do not say).
  std::string importedFrom(const std::string& label, const Definition& caller) const;

  std::vector<SourceFilePtr> files_;
  bool indexed_ = false;
  std::vector<ir::Module> modules_;
  std::map<std::string, std::vector<Definition>> definitions_;  // "Class.method" and "function"
  std::map<const SourceFile*, const ir::Module*> moduleOf_;
};

}  // namespace fxlint::report
