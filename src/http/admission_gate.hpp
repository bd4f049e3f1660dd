// AdmissionGate: lets at most N requests do their work at once; the others wait and are let
// in strictly in the order they arrived.
//
// Why: cpp-httplib gives every connection a thread of its own for as long as the
// connection lives (keep-alive included). With fewer threads than connections, a connection
// that found no thread waits until another connection closes: under load some clients got
// no answer for seconds while others were served at once. With a thread per connection and
// no gate, two cores switch between dozens of half-done requests. So the server keeps many
// threads (idle keep-alive connections only sleep in poll()) and admits few of them to the
// CPU at a time, first come first served.
//
// Thread-safety: enter() and the passes it hands out may be used from any threads at once.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace turnus::http {

class AdmissionGate {
 public:
  // `slots` requests at once; at least one.
  explicit AdmissionGate(std::size_t slots);
  AdmissionGate(const AdmissionGate&) = delete;
  AdmissionGate& operator=(const AdmissionGate&) = delete;

  // Held while a request works; leaving hands the slot to the longest waiting request.
  class Pass {
   public:
    explicit Pass(AdmissionGate& gate) : gate_(&gate) {}
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_ != nullptr) gate_->leave();
    }

   private:
    AdmissionGate* gate_;
  };

  // Blocks until a slot is free and every request that arrived earlier got one.
  [[nodiscard]] Pass enter();

  std::size_t slots() const { return slots_; }
  // Requests waiting right now (for tests and diagnostics).
  std::size_t waiting() const;

 private:
  struct Waiter {
    std::condition_variable admitted_cv;
    bool admitted = false;
  };

  void leave();

  const std::size_t slots_;
  mutable std::mutex mutex_;
  std::size_t free_;
  std::deque<Waiter*> queue_;
};

}  // namespace turnus::http
