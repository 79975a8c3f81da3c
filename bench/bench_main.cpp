// fxlint_bench: times full fxlint analysis of a corpus of Python files against raw tree-sitter parsing of the
// same files in the same process, and prints files, MB, seconds, MB/s and the ratio analysis/parse.
//
//   fxlint_bench [--repeat N] [--slowest N] PATH...
//
// Files are read into memory before any timing. Each phase runs N times (default 3) and the best run counts,
// which filters out a cold cache or a noisy neighbour. Analysis uses one Analyzer per run over all files,
// as `fxlint verdicts` does; modules it follows across files are read by its loader during the timed run
// (from the page cache after the untimed read), so that part of the I/O is inside the analysis figure.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "fxlint/analysis.h"
#include "fxlint/python_frontend.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int repeat = 3;
  int slowest = 5;
  std::vector<std::string> paths;
};

struct Corpus {
  std::vector<fxlint::SourceFilePtr> files;
  size_t bytes = 0;
};

struct PhaseResult {
  double bestSeconds = 0;
  std::vector<double> perFile;  // seconds per file in the best run: where the analysis spends its time
  size_t failures = 0;          // files the parser produced no tree for / files with problems
  size_t classes = 0;
};

// Sorted like the CLI does, so the analysis sees files in the same order as `fxlint verdicts`.
std::vector<std::string> collectPythonFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code entryError;
      if (it->path().extension() == ".py" && it->is_regular_file(entryError)) found.push_back(it->path().string());
    }
    if (ec) std::cerr << "fxlint_bench: " << path << ": " << ec.message() << "\n";
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

Corpus readCorpus(const std::vector<std::string>& paths) {
  Corpus corpus;
  for (const std::string& path : collectPythonFiles(paths)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "fxlint_bench: cannot read " << path << "\n";
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto file = std::make_shared<fxlint::SourceFile>();
    file->path = path;
    file->text = std::move(text).str();
    corpus.bytes += file->text.size();
    corpus.files.push_back(std::move(file));
  }
  return corpus;
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs `one` over every file `repeat` times; keeps the best total and that run's per-file times.
template <typename PerFile>
PhaseResult timePhase(const Corpus& corpus, int repeat, PerFile&& one) {
  PhaseResult best;
  for (int run = 0; run < repeat; ++run) {
    PhaseResult current;
    current.perFile.reserve(corpus.files.size());
    Clock::time_point start = Clock::now();
    for (const fxlint::SourceFilePtr& file : corpus.files) {
      Clock::time_point fileStart = Clock::now();
      one(file, current);
      current.perFile.push_back(secondsSince(fileStart));
    }
    current.bestSeconds = secondsSince(start);
    if (run == 0 || current.bestSeconds < best.bestSeconds) best = std::move(current);
  }
  return best;
}

void printPhase(const char* name, const PhaseResult& phase, const Corpus& corpus) {
  double megabytes = double(corpus.bytes) / (1024.0 * 1024.0);
  std::printf("%-9s %8zu files  %8.2f MB  %8.3f s  %8.2f MB/s\n", name, corpus.files.size(), megabytes,
              phase.bestSeconds, phase.bestSeconds > 0 ? megabytes / phase.bestSeconds : 0.0);
}

void printSlowest(const PhaseResult& phase, const Corpus& corpus, int count) {
  std::vector<size_t> order(corpus.files.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  size_t shown = std::min<size_t>(std::max(count, 0), order.size());
  std::partial_sort(order.begin(), order.begin() + shown, order.end(),
                    [&](size_t a, size_t b) { return phase.perFile[a] > phase.perFile[b]; });
  if (shown) std::printf("slowest files to analyze:\n");
  for (size_t i = 0; i < shown; ++i) {
    const fxlint::SourceFile& file = *corpus.files[order[i]];
    std::printf("  %8.3f s  %7.1f KB  %s\n", phase.perFile[order[i]], file.text.size() / 1024.0, file.path.c_str());
  }
}

bool parseArguments(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--repeat" || arg == "--slowest") && i + 1 < argc) {
      int value = std::atoi(argv[++i]);
      (arg == "--repeat" ? options.repeat : options.slowest) = value;
    } else if (arg.starts_with("--")) {
      return false;
    } else {
      options.paths.push_back(arg);
    }
  }
  return !options.paths.empty() && options.repeat > 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parseArguments(argc, argv, options)) {
    std::cerr << "usage: fxlint_bench [--repeat N] [--slowest N] PATH...\n";
    return 2;
  }
  Corpus corpus = readCorpus(options.paths);
  if (corpus.files.empty()) {
    std::cerr << "fxlint_bench: no .py files found\n";
    return 2;
  }

  PhaseResult parse = timePhase(corpus, options.repeat, [](const fxlint::SourceFilePtr& file, PhaseResult& result) {
    if (!fxlint::parsePythonTreeOnly(file->text)) ++result.failures;
  });

  fxlint::TraceConfig config;
  std::unique_ptr<fxlint::Analyzer> analyzer;
  PhaseResult analysis;
  for (int run = 0; run < options.repeat; ++run) {
    // A fresh Analyzer per run: its module cache would otherwise make later runs cheaper than a real one.
    analyzer = std::make_unique<fxlint::Analyzer>(config);
    PhaseResult current = timePhase(corpus, 1, [&](const fxlint::SourceFilePtr& file, PhaseResult& result) {
      fxlint::FileAnalysis fileAnalysis = analyzer->analyze(file);
      if (!fileAnalysis.problems.empty()) ++result.failures;
      result.classes += fileAnalysis.classes.size();
    });
    if (run == 0 || current.bestSeconds < analysis.bestSeconds) analysis = std::move(current);
  }

  std::printf("best of %d runs\n", options.repeat);
  printPhase("parse", parse, corpus);
  printPhase("analysis", analysis, corpus);
  std::printf("ratio analysis/parse: %.2fx\n", parse.bestSeconds > 0 ? analysis.bestSeconds / parse.bestSeconds : 0.0);
  std::printf("files without a tree: %zu; files with problems: %zu; module classes analyzed: %zu\n",
              parse.failures, analysis.failures, analysis.classes);
  printSlowest(analysis, corpus, options.slowest);
  return 0;
}
