// Worker threads take the next file from a shared counter; the calling thread waits and draws the
// progress line.
#include "parallel_analysis.h"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace fxlint {

namespace {

// The abstract interpreter recurses as deep as the analyzed code's calls (within its budget): worker
// threads get a stack as large as a main thread's usual 8 MiB, and more, whatever the platform default.
constexpr size_t kWorkerStackBytes = 64 << 20;

FileAnalysis unreadable(const std::string& path, const std::string& error) {
  FileAnalysis analysis;
  auto placeholder = std::make_shared<SourceFile>();
  placeholder->path = path;
  analysis.file = placeholder;
  analysis.problems.push_back(FileProblem{FileProblemKind::Unreadable, error, Span{}});
  return analysis;
}

struct Shared {
  Shared(const std::vector<AnalysisTask>& tasks, const std::vector<Configuration>& configurations,
         const ParallelOptions& options, std::vector<FileAnalysis>& results)
      : tasks(tasks), configurations(configurations), options(options), results(results) {}
  const std::vector<AnalysisTask>& tasks;
  const std::vector<Configuration>& configurations;
  const ParallelOptions& options;
  std::vector<FileAnalysis>& results;
  std::atomic<size_t> next{0};
  std::mutex mutex;  // guards done, failure and the condition
  std::condition_variable changed;
  size_t done = 0;
  size_t running = 0;
  std::exception_ptr failure;
};

// C++ files are not cached: the headers they include are not tracked as dependencies.
const AnalysisCache* cacheFor(const Shared& shared, const AnalysisTask& task) {
  return isCppSourcePath(task.path) ? nullptr : shared.options.cache;
}

void work(Shared& shared) {
  std::map<size_t, std::unique_ptr<Analyzer>> analyzers;  // this thread's own, one per configuration
  try {
    for (size_t i; (i = shared.next.fetch_add(1)) < shared.tasks.size();) {
      const AnalysisTask& task = shared.tasks[i];
      const Configuration& configuration = shared.configurations[task.configuration];
      ReadResult read = shared.options.read(task.path);
      FileAnalysis& result = shared.results[i];
      if (!read.file) {
        result = unreadable(task.path, read.error);
      } else if (auto cached = cacheFor(shared, task) ? cacheFor(shared, task)->load(*read.file, configuration)
                                                      : std::nullopt) {
        result = std::move(*cached);
      } else {
        auto& analyzer = analyzers[task.configuration];
        if (!analyzer) {
          analyzer = std::make_unique<Analyzer>(configuration.trace, configuration.roots);
          analyzer->setCppFrontendOptions(shared.options.cpp);
        }
        result = analyzer->analyze(read.file);
        if (const AnalysisCache* cache = cacheFor(shared, task)) cache->store(result, configuration);
      }
      std::lock_guard lock(shared.mutex);
      ++shared.done;
      shared.changed.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(shared.mutex);
    if (!shared.failure) shared.failure = std::current_exception();
    shared.next = shared.tasks.size();  // the others stop after their current file
  }
  std::lock_guard lock(shared.mutex);
  --shared.running;
  shared.changed.notify_all();
}

void* workEntry(void* shared) {
  work(*static_cast<Shared*>(shared));
  return nullptr;
}

}  // namespace

unsigned defaultJobs() { return std::max(1u, std::thread::hardware_concurrency()); }

std::vector<FileAnalysis> analyzeFiles(const std::vector<AnalysisTask>& tasks,
                                       const std::vector<Configuration>& configurations,
                                       const ParallelOptions& options) {
  std::vector<FileAnalysis> results(tasks.size());
  if (tasks.empty()) return results;
  Shared shared(tasks, configurations, options, results);
  unsigned jobs = options.jobs ? options.jobs : defaultJobs();
  jobs = unsigned(std::min<size_t>(jobs, tasks.size()));

  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, kWorkerStackBytes);
  std::vector<pthread_t> threads;
  for (unsigned t = 0; t < jobs; ++t) {
    {
      std::lock_guard lock(shared.mutex);
      ++shared.running;
    }
    pthread_t thread;
    if (pthread_create(&thread, &attributes, workEntry, &shared) != 0) {
      std::lock_guard lock(shared.mutex);
      --shared.running;
      if (threads.empty()) throw std::runtime_error("cannot start an analysis thread");
      break;  // fewer threads than asked for still finish the work
    }
    threads.push_back(thread);
  }
  pthread_attr_destroy(&attributes);

  using Clock = std::chrono::steady_clock;
  auto start = Clock::now(), lastShown = start;
  bool shown = false;
  {
    std::unique_lock lock(shared.mutex);
    while (shared.running > 0) {
      shared.changed.wait_for(lock, std::chrono::milliseconds(100));
      auto now = Clock::now();
      if (!options.progress || now - start < std::chrono::seconds(1) || now - lastShown < std::chrono::milliseconds(100))
        continue;
      std::cerr << "\rfxlint: analyzed " << shared.done << "/" << tasks.size() << " files" << std::flush;
      shown = true;
      lastShown = now;
    }
  }
  for (pthread_t thread : threads) pthread_join(thread, nullptr);
  if (shown) std::cerr << "\r\033[K" << std::flush;
  if (shared.failure) std::rethrow_exception(shared.failure);
  return results;
}

}  // namespace fxlint
