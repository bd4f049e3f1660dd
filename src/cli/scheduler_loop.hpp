// SchedulerLoop: the scheduler inside `turnus serve`. A thread of its own runs one pass
// (UseCases::run_due_occurrences as of the injected clock's now), logs it, stores it as the
// last pass, and then sleeps until the next due instant (00:00 of the earliest due or
// reminder date in its organisation's time zone) or at most `max_sleep`, whichever is
// first. A committed contract change (contracts_changed(), the ChangeNotifier the use
// cases call) wakes it early to recompute; stop() wakes it for good and joins.
//
// Thread-safety: start() and stop() from one owning thread; contracts_changed() from any
// thread at any time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "app/services.hpp"
#include "app/use_cases.hpp"

namespace turnus::cli {

class SchedulerLoop final : public app::ChangeNotifier {
 public:
  struct Config {
    std::chrono::seconds max_sleep{60};
    int batch_size = 500;
    std::string instance;  // shown in the status: host and pid
  };

  SchedulerLoop(app::UseCases& use_cases, const app::Clock& clock, Config config);
  ~SchedulerLoop() override;
  SchedulerLoop(const SchedulerLoop&) = delete;
  SchedulerLoop& operator=(const SchedulerLoop&) = delete;

  void start();
  // Ends the pass in progress after its current batch (a pass commits batch by batch; what
  // is left runs on the next start), then returns.
  void stop();
  void contracts_changed() noexcept override;

  // Passes run so far (tests wait for one).
  std::int64_t passes() const;

 private:
  void run();
  void one_pass();

  app::UseCases& use_cases_;
  const app::Clock& clock_;
  Config config_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};  // read by the pass between batches
  bool changed_ = false;
  std::int64_t passes_ = 0;
  std::thread thread_;
};

// Logs what a pass did (counts, duration, failures) via spdlog; also for `turnus tick`.
void log_pass(const app::PassReport& report, std::int64_t duration_ms, const std::string& as_of);

}  // namespace turnus::cli
