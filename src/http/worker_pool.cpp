#include "http/worker_pool.hpp"

#include <algorithm>

namespace turnus::http {

WorkerPool::WorkerPool(Config config)
    : config_([&] {
        config.threads = std::max<std::size_t>(config.threads, 1);
        return config;
      }()) {
  threads_.reserve(config_.threads);
  for (std::size_t i = 0; i < config_.threads; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::submit(std::function<void()> job, bool may_refuse, std::function<void()> done) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return false;
    const auto now = std::chrono::steady_clock::now();
    // Idle workers take a job at once; max_queued counts only the jobs that have to wait.
    const std::size_t idle = config_.threads - std::min(busy_, config_.threads);
    const bool waited_too_long = !queue_.empty() && now - queue_.front().since > config_.max_wait;
    if (may_refuse && (queue_.size() >= config_.max_queued + idle || waited_too_long)) {
      return false;
    }
    queue_.push_back({std::move(job), std::move(done), now});
  }
  wake_.notify_one();
  return true;
}

void WorkerPool::stop(bool drop_queued) {
  std::deque<Queued> dropped;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    if (drop_queued) dropped.swap(queue_);
  }
  dropped.clear();
  wake_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  threads_.clear();
}

std::size_t WorkerPool::queued() const {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::work() {
  while (true) {
    std::function<void()> job;
    std::function<void()> done;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing is left to do
      job = std::move(queue_.front().job);
      done = std::move(queue_.front().done);
      queue_.pop_front();
      ++busy_;
    }
    job();  // jobs catch their own exceptions (the server's on_worker does)
    {
      const std::lock_guard lock(mutex_);
      --busy_;
    }
    if (done) done();
  }
}

}  // namespace turnus::http
