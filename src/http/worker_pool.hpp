// WorkerPool: the threads on which handlers run. Handlers block on the database, so they
// never run on the threads that do the sockets' I/O; there are as many workers as the
// database serves transactions at once, and the requests beyond wait in arrival order.
//
// Saturation: when more requests wait than idle workers plus `max_queued`, or the oldest
// waiting request has already waited longer than `max_wait`, submit() refuses, and the
// server answers 503 with Retry-After at once instead of letting every client wait longer
// and longer.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace turnus::http {

class WorkerPool {
 public:
  struct Config {
    std::size_t threads = 4;
    std::size_t max_queued = 1024;
    std::chrono::milliseconds max_wait{5000};
  };

  explicit WorkerPool(Config config);
  // Runs what is queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false when the pool is saturated (see above) or stopped. A job that must
  // not be refused (the next piece of a download already under way) passes
  // `may_refuse = false` and is only refused once the pool stopped. `done`, when given,
  // runs on the worker after `job`, once the worker counts as idle again: whoever is told
  // there that the job is done may submit the next one at once and find the worker free.
  bool submit(std::function<void()> job, bool may_refuse = true, std::function<void()> done = {});
  // Refuses new jobs, lets the queued ones finish (or, with `drop_queued`, destroys them
  // unrun), and joins the threads. Idempotent; call it from one thread.
  void stop(bool drop_queued = false);

  std::size_t threads() const { return config_.threads; }
  std::size_t queued() const;

 private:
  struct Queued {
    std::function<void()> job;
    std::function<void()> done;
    std::chrono::steady_clock::time_point since;
  };
  void work();

  const Config config_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  std::size_t busy_ = 0;  // workers running a job
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace turnus::http
