// cpu_noise: how steady is this machine's CPU? One thread per CPU (pinned), each doing the
// same fixed chunks of arithmetic and memory work, counts how many chunks it finishes in
// every 10 ms window. On a quiet, dedicated core every window finishes about as many as
// the mean; on a virtual machine whose host runs other guests, some windows finish far
// fewer, and any request that falls into such a window takes longer for reasons outside
// the program. Latency percentiles measured on the machine (wrk's p99, list_bench's p99)
// carry that noise; this measures it alone, with nothing else running.
//
//   cpu_noise [--seconds N] [--cpus K]     (defaults: 10 s, every online CPU)
//
// Prints, per CPU: the mean chunks per window, how many windows ran below half and below
// a quarter of that mean, and the slowest window.
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kWindow = std::chrono::milliseconds(10);

struct CpuResult {
  int cpu = 0;
  std::vector<std::int64_t> chunks_per_window;
  std::uint32_t checksum = 0;  // printed, so the work cannot be optimised away
};

void measure(CpuResult& out, int seconds) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(static_cast<std::size_t>(out.cpu), &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);

  // 4 MiB: larger than a core's L2, so the chunks also depend on the shared cache and
  // memory, as a database's work does.
  std::vector<std::uint32_t> memory(std::size_t{1} << 20);
  for (std::size_t i = 0; i < memory.size(); ++i) memory[i] = static_cast<std::uint32_t>(i * 2654435761U);
  const std::size_t mask = memory.size() - 1;

  std::uint32_t x = 1;
  const Clock::time_point end = Clock::now() + std::chrono::seconds(seconds);
  Clock::time_point window_start = Clock::now();
  std::int64_t chunks = 0;
  for (;;) {
    for (int k = 0; k < 2000; ++k) {
      x = x * 1103515245U + 12345U;
      memory[x & mask] += x;
    }
    ++chunks;
    const Clock::time_point now = Clock::now();
    if (now - window_start >= kWindow) {
      // Scaled to exactly one window, since a window ends a little after 10 ms.
      const double elapsed = std::chrono::duration<double>(now - window_start).count();
      out.chunks_per_window.push_back(static_cast<std::int64_t>(static_cast<double>(chunks) * 0.010 / elapsed));
      chunks = 0;
      window_start = now;
      if (now >= end) break;
    }
  }
  out.checksum = x ^ memory[x & mask];
}

[[noreturn]] void usage(const char* message) {
  std::fprintf(stderr, "cpu_noise: %s\nusage: cpu_noise [--seconds N] [--cpus K]\n", message);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = 10;
  int cpus = static_cast<int>(std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg != "--seconds" && arg != "--cpus") usage("unknown option");
    if (i + 1 >= argc) usage("missing value");
    const int value = std::atoi(argv[++i]);
    (arg == "--seconds" ? seconds : cpus) = value;
  }
  if (seconds < 1 || cpus < 1) usage("--seconds and --cpus must be positive");

  std::vector<CpuResult> results(static_cast<std::size_t>(cpus));
  std::vector<std::thread> threads;
  for (int c = 0; c < cpus; ++c) {
    results[static_cast<std::size_t>(c)].cpu = c;
    threads.emplace_back(measure, std::ref(results[static_cast<std::size_t>(c)]), seconds);
  }
  for (std::thread& t : threads) t.join();

  std::printf("%d CPU(s), %d s, 10 ms windows\n", cpus, seconds);
  for (const CpuResult& r : results) {
    const std::vector<std::int64_t>& w = r.chunks_per_window;
    double mean = 0;
    for (const std::int64_t n : w) mean += static_cast<double>(n);
    mean /= static_cast<double>(w.size());
    const auto below = [&](double share) {
      return std::count_if(w.begin(), w.end(), [&](std::int64_t n) { return static_cast<double>(n) < share * mean; });
    };
    const std::int64_t slowest = *std::min_element(w.begin(), w.end());
    std::printf(
        "cpu %d: %zu windows, mean %.0f chunks; below 1/2 of the mean: %td (%.1f %%), below 1/4: %td; "
        "slowest window %.0f %% of the mean (checksum %u)\n",
        r.cpu, w.size(), mean, below(0.5), 100.0 * static_cast<double>(below(0.5)) / static_cast<double>(w.size()),
        below(0.25), 100.0 * static_cast<double>(slowest) / mean, r.checksum & 1U);
  }
  return 0;
}
