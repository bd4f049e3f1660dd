#include "http/admission_gate.hpp"

#include <algorithm>

namespace turnus::http {

AdmissionGate::AdmissionGate(std::size_t slots) : slots_(std::max<std::size_t>(slots, 1)), free_(slots_) {}

AdmissionGate::Pass AdmissionGate::enter() {
  std::unique_lock lock(mutex_);
  if (free_ > 0 && queue_.empty()) {
    --free_;
    return Pass(*this);
  }
  // Each waiter sleeps on its own condition variable, so a freed slot wakes exactly the
  // request whose turn it is instead of every waiting thread.
  Waiter self;
  queue_.push_back(&self);
  self.admitted_cv.wait(lock, [&self] { return self.admitted; });
  return Pass(*this);
}

std::size_t AdmissionGate::waiting() const {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

void AdmissionGate::leave() {
  const std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    ++free_;
    return;
  }
  // The slot passes straight to the first waiter (it is never counted free in between, so
  // a request arriving now cannot overtake). Notified under the lock: the waiter's
  // condition variable lives on its stack and is gone as soon as it sees `admitted`.
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->admitted = true;
  next->admitted_cv.notify_one();
}

}  // namespace turnus::http
