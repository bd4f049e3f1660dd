// The admission gate on its own: never more requests inside than slots, and waiting
// requests let in strictly in the order they arrived.
#include "http/admission_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace turnus::http {
namespace {

// Spins until `done` holds; the waits below are for other threads to reach a known point.
template <class Done>
void wait_until(Done done) {
  while (!done()) std::this_thread::yield();
}

TEST(AdmissionGate, WaitingRequestsAreLetInInTheOrderTheyArrived) {
  AdmissionGate gate(1);
  auto first = std::make_unique<AdmissionGate::Pass>(gate.enter());

  std::mutex order_mutex;
  std::vector<int> order;
  std::vector<std::thread> waiting;
  for (int i = 0; i < 6; ++i) {
    waiting.emplace_back([&, i] {
      const AdmissionGate::Pass pass = gate.enter();
      const std::lock_guard lock(order_mutex);
      order.push_back(i);
    });
    // The next one starts only once this one waits, so the arrival order is 0, 1, 2, …
    wait_until([&] { return gate.waiting() == static_cast<std::size_t>(i + 1); });
  }
  EXPECT_TRUE(order.empty());

  first.reset();
  for (std::thread& t : waiting) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(AdmissionGate, NeverLetsMoreRequestsInThanItHasSlots) {
  AdmissionGate gate(3);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        const AdmissionGate::Pass pass = gate.enter();
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_LE(most.load(), 3);
  EXPECT_GE(most.load(), 1);
  EXPECT_EQ(inside.load(), 0);
  // Every slot came back: three passes at once go straight in.
  const AdmissionGate::Pass a = gate.enter();
  const AdmissionGate::Pass b = gate.enter();
  const AdmissionGate::Pass c = gate.enter();
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(AdmissionGate, HasAtLeastOneSlot) { EXPECT_EQ(AdmissionGate(0).slots(), 1u); }

}  // namespace
}  // namespace turnus::http
