#include "cli/scheduler_loop.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

#include "domain/instant.hpp"

namespace turnus::cli {

SchedulerLoop::SchedulerLoop(app::UseCases& use_cases, const app::Clock& clock, Config config)
    : use_cases_(use_cases), clock_(clock), config_(std::move(config)) {}

SchedulerLoop::~SchedulerLoop() { stop(); }

void SchedulerLoop::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void SchedulerLoop::stop() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cancel_.store(true);
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SchedulerLoop::contracts_changed() noexcept {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    changed_ = true;
  }
  wake_.notify_all();
}

std::int64_t SchedulerLoop::passes() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return passes_;
}

void log_pass(const app::PassReport& r, std::int64_t duration_ms, const std::string& as_of) {
  const double seconds = static_cast<double>(duration_ms) / 1000.0;
  spdlog::info(
      "scheduler pass as of {}: {} organisations, {} executed ({} caught up), {} reminded, {} skipped, "
      "{} failed in {:.3f} s",
      as_of, r.organisations, r.executed, r.caught_up, r.reminded, r.skipped, r.failed, seconds);
  for (const std::string& failure : r.failures) spdlog::warn("scheduler: action failed: {}", failure);
  if (r.interrupted) spdlog::info("scheduler pass interrupted by shutdown; the rest runs on the next pass");
}

void SchedulerLoop::one_pass() {
  const domain::Timestamp now = clock_.now();
  const auto started = std::chrono::steady_clock::now();
  const app::PassReport report = use_cases_.run_due_occurrences({now, std::nullopt}, config_.batch_size, &cancel_);
  const auto duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  use_cases_.record_pass(report, now, duration_ms, config_.instance);
  if (report.executed + report.skipped + report.reminded + report.failed > 0 || report.interrupted) {
    log_pass(report, duration_ms, domain::format_rfc3339_utc(now));
  } else {
    spdlog::debug("scheduler pass as of {}: nothing due", domain::format_rfc3339_utc(now));
  }
}

void SchedulerLoop::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    changed_ = false;
    lock.unlock();
    std::chrono::seconds sleep = config_.max_sleep;
    try {
      one_pass();
      const std::optional<domain::Timestamp> next = use_cases_.next_wakeup();
      const domain::Timestamp now = clock_.now();
      // Something still due now keeps failing: it is retried after max_sleep, not at once.
      if (next && *next > now) sleep = std::min(sleep, std::chrono::seconds(*next - now));
    } catch (const std::exception& e) {
      // The database is away, most likely: try again after the usual sleep.
      spdlog::error("scheduler pass failed: {}", e.what());
    }
    lock.lock();
    ++passes_;
    wake_.wait_for(lock, sleep, [this] { return stopping_ || changed_; });
  }
}

}  // namespace turnus::cli
