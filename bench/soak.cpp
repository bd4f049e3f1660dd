// soak: a mixed load of reads and writes against a running `turnus serve` for a long time,
// over loopback: N keep-alive connections (default 32), each a thread doing, in a fixed
// rotation, what office staff and technicians do all day — list contracts (with and without
// a text), open one, look at its history and documents, create a customer, create a
// contract and edit it, upload a small document and download it again, mark work done.
// Every answer's status is checked; anything unexpected is an error. Every 10 s it samples
// the server's resident memory (/proc/PID/status VmRSS).
//
//   soak --port PORT --token TOKEN --pid SERVER_PID [--seconds S] [--connections N]
//
// Prints requests per kind, errors, throughput, and the RSS samples; exits 1 on any error or
// when the resident memory after the warm-up (the first minute) grew by more than 10 %.
// bench/soak.sh runs it against both backends.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

long rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

struct Tally {
  std::mutex mutex;
  std::map<std::string, long> requests;
  std::map<std::string, long> errors;
  std::vector<std::string> first_errors;
  void count(const std::string& kind, bool ok, const std::string& detail) {
    const std::lock_guard lock(mutex);
    ++requests[kind];
    if (!ok) {
      ++errors[kind];
      if (first_errors.size() < 10) first_errors.push_back(kind + ": " + detail);
    }
  }
};

class Worker {
 public:
  Worker(int port, const std::string& token, Tally& tally, std::int64_t employee, int number)
      : client_("127.0.0.1", port), tally_(tally), employee_(employee), number_(number) {
    client_.set_keep_alive(true);
    client_.set_read_timeout(30, 0);
    client_.set_write_timeout(30, 0);
    client_.set_bearer_token_auth(token);
  }

  void run(Clock::time_point until) {
    for (long round = 0; Clock::now() < until; ++round) step(round);
  }

 private:
  // One request; `expected` the status it must answer with. Returns the body as JSON (null
  // when it is not JSON or the request failed).
  json call(const std::string& kind, const std::string& method, const std::string& path, const json& body,
            int expected) {
    const httplib::Result r = [&] {
      if (method == "GET") return client_.Get(path);
      if (method == "POST") return client_.Post(path, body.is_null() ? std::string() : body.dump(), "application/json");
      return client_.Patch(path, body.dump(), "application/json");
    }();
    if (!r) {
      tally_.count(kind, false, "transport: " + httplib::to_string(r.error()));
      return nullptr;
    }
    const bool ok = r->status == expected;
    tally_.count(kind, ok, std::to_string(r->status) + " " + r->body.substr(0, 200));
    return ok ? json::parse(r->body, nullptr, false) : json(nullptr);
  }

  void step(long round) {
    const std::string n = std::to_string(number_) + "-" + std::to_string(round);
    call("list", "GET", "/api/v1/maintenance-contracts?status=active&per_page=50", nullptr, 200);
    call("list text", "GET", "/api/v1/maintenance-contracts?q=Soak%20" + std::to_string(number_), nullptr, 200);
    const json customer = call("create customer", "POST", "/api/v1/customers",
                               {{"name", "Soak " + n}, {"email", "soak" + n + "@example.de"}}, 201);
    if (!customer.is_object()) return;
    const json contract = call("create contract", "POST", "/api/v1/maintenance-contracts",
                               {{"name", "Soak " + std::to_string(number_) + " Wartung " + n},
                                {"customer_id", customer["id"]},
                                {"start_date", "2027-01-15"},
                                {"interval", {{"unit", "year"}, {"every", 1}}},
                                {"reminder", {{"days_before", 14}}},
                                {"action", {{"type", "create_task"}, {"employee_id", employee_}}}},
                               201);
    if (!contract.is_object()) return;
    const std::string one = "/api/v1/maintenance-contracts/" + std::to_string(contract["id"].get<std::int64_t>());
    call("read contract", "GET", one, nullptr, 200);
    call("edit contract", "PATCH", one, {{"version", contract["version"]}, {"name", "Soak bearbeitet " + n}}, 200);
    call("history", "GET", one + "/executions", nullptr, 200);
    call("occurrences", "GET", one + "/occurrences?count=5", nullptr, 200);
    if (round % 4 == 0) {
      const std::string bytes =
          "%PDF-1.4\nSoak " + n + "\n" + std::string(static_cast<std::size_t>(20'000 + round % 7 * 1000), 'x');
      const httplib::Result up = client_.Post(
          one + "/documents", httplib::MultipartFormDataItems{{"file", bytes, "bericht.pdf", "application/pdf"}});
      const bool ok = up && up->status == 201;
      tally_.count("upload", ok, up ? std::to_string(up->status) + " " + up->body.substr(0, 200) : "transport");
      if (ok) {
        const json doc = json::parse(up->body, nullptr, false);
        const httplib::Result down =
            client_.Get("/api/v1/documents/" + std::to_string(doc["id"].get<std::int64_t>()) + "/content");
        tally_.count("download", down && down->status == 200 && down->body == bytes,
                     down ? std::to_string(down->status) : "transport");
      }
    }
    if (round % 8 == 0) {
      const json triggered = call("trigger", "POST", one + "/trigger", nullptr, 200);
      if (triggered.is_object() && triggered.contains("created") && triggered["created"].is_object()) {
        call("complete task", "PATCH",
             "/api/v1/tasks/" + std::to_string(triggered["created"]["id"].get<std::int64_t>()), {{"status", "done"}},
             200);
      }
    }
    call("tasks", "GET", "/api/v1/tasks?status=open", nullptr, 200);
  }

  httplib::Client client_;
  Tally& tally_;
  std::int64_t employee_;
  int number_;
};

}  // namespace

int main(int argc, char** argv) {
  int port = 0, pid = 0, seconds = 600, connections = 32;
  std::string token;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i], value = argv[i + 1];
    if (arg == "--port") {
      port = std::stoi(value);
    } else if (arg == "--pid") {
      pid = std::stoi(value);
    } else if (arg == "--seconds") {
      seconds = std::stoi(value);
    } else if (arg == "--connections") {
      connections = std::stoi(value);
    } else if (arg == "--token") {
      token = value;
    } else {
      std::fprintf(stderr, "soak: unknown option %s\n", arg.c_str());
      return 2;
    }
  }
  if (port <= 0 || pid <= 0 || token.empty()) {
    std::fprintf(stderr, "usage: soak --port PORT --token TOKEN --pid SERVER_PID [--seconds S] [--connections N]\n");
    return 2;
  }
  httplib::Client probe("127.0.0.1", port);
  probe.set_bearer_token_auth(token);
  const httplib::Result me = probe.Get("/api/v1/me");
  if (!me || me->status != 200) {
    std::fprintf(stderr, "soak: GET /api/v1/me failed\n");
    return 1;
  }
  const std::int64_t employee = json::parse(me->body)["id"].get<std::int64_t>();

  Tally tally;
  const Clock::time_point start = Clock::now();
  const Clock::time_point until = start + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&, i] { Worker(port, token, tally, employee, i).run(until); });
  }
  std::vector<std::pair<long, long>> samples;  // seconds since start, VmRSS kB
  while (Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::seconds(10));
    samples.emplace_back(std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start).count(), rss_kb(pid));
  }
  for (std::thread& t : threads) t.join();

  long total = 0, errors = 0;
  for (const auto& [kind, n] : tally.requests) {
    total += n;
    errors += tally.errors[kind];
    std::printf("%-16s %9ld requests %6ld errors\n", kind.c_str(), n, tally.errors[kind]);
  }
  for (const std::string& e : tally.first_errors) std::printf("error: %s\n", e.c_str());
  std::printf("total: %ld requests in %d s (%.0f/s), %ld errors\n", total, seconds,
              static_cast<double>(total) / seconds, errors);
  std::printf("VmRSS (kB) every 10 s:");
  for (const auto& [t, kb] : samples) std::printf(" %ld", kb);
  std::printf("\n");
  // After the first minute (caches, pools, the SQLite page cache filling), flat: the last
  // sample within 10 % of the first one after the warm-up.
  long after_warmup = -1, last = -1, highest = 0;
  for (const auto& [t, kb] : samples) {
    if (t >= 60 && after_warmup < 0) after_warmup = kb;
    if (t >= 60) highest = std::max(highest, kb);
    last = kb;
  }
  if (after_warmup > 0) {
    std::printf("after warm-up: %ld kB, at the end: %ld kB (%+.1f %%), highest %ld kB\n", after_warmup, last,
                100.0 * static_cast<double>(last - after_warmup) / static_cast<double>(after_warmup), highest);
  }
  const bool flat = after_warmup < 0 || last <= after_warmup + after_warmup / 10;
  return errors == 0 && flat ? 0 : 1;
}
