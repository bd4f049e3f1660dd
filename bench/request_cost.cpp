// request_cost: the CPU time of what one contract-list request does below the HTTP layer,
// in this process and without a server: authenticate the API token, then list a page
// (UseCases::authenticate_token + list_contracts: the request's SQL statements and their
// mapping to domain values), and the same with the page written as JSON. Compared with the
// server's CPU per request under wrk (bench/http_compare.sh), the difference is what the
// HTTP layer costs.
//
//   request_cost --db URL --token TOKEN [--query STATUS] [--iterations N] [--no-json]
//
// Prints CPU microseconds per request (thread CPU time, p50 and mean). --no-json leaves the
// JSON out, for counting instructions under callgrind (what the SQL and the use cases cost
// alone, free of this machine's noise): run it with two --iterations and divide the
// difference of the totals by the difference of the iterations.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/use_cases.hpp"
#include "http/json_codec.hpp"
#include "platform/system.hpp"
#include "store/store.hpp"

namespace {

double thread_cpu_us() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

struct Stats {
  double p50 = 0;
  double mean = 0;
};

Stats stats_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (const double x : v) sum += x;
  return {v[v.size() / 2], sum / static_cast<double>(v.size())};
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_url, token, status = "active";
  int iterations = 5000;
  bool json = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--db") {
      db_url = value();
    } else if (arg == "--token") {
      token = value();
    } else if (arg == "--query") {
      status = value();
    } else if (arg == "--no-json") {
      json = false;
    } else if (arg == "--iterations") {
      iterations = std::stoi(value());
    } else {
      std::fprintf(stderr, "request_cost: unknown option %s\n", arg.c_str());
      return 2;
    }
  }
  if (db_url.empty() || token.empty()) {
    std::fprintf(stderr, "usage: request_cost --db URL --token TOKEN [--query STATUS] [--iterations N]\n");
    return 2;
  }
  std::unique_ptr<turnus::app::Database> db = turnus::store::open_database(db_url);
  const turnus::platform::SystemClock clock;
  const turnus::platform::OsTimeZones zones;
  const turnus::platform::SodiumSecrets secrets;
  turnus::app::UseCases uc({*db, clock, zones, secrets});
  turnus::app::ContractFilter filter;
  filter.statuses = {*turnus::domain::contract_status_from_string(status)};
  std::vector<double> use_cases, with_json;
  for (int i = 0; i < iterations + iterations / 10; ++i) {
    const double start = thread_cpu_us();
    const std::optional<turnus::app::Actor> actor = uc.authenticate_token(token);
    if (!actor) throw std::runtime_error("the token is not valid");
    const turnus::app::ContractPage page = uc.list_contracts(*actor, filter, {1, 50});
    const double listed = thread_cpu_us();
    const std::string text = json ? turnus::http::contract_page_text(page, false, page.today) : std::string("-");
    const double written = thread_cpu_us();
    if (text.empty()) return 1;
    if (i < iterations / 10) continue;  // warm-up
    use_cases.push_back(listed - start);
    with_json.push_back(written - start);
  }
  const Stats a = stats_of(use_cases);
  const Stats b = stats_of(with_json);
  std::printf("token + list (%s, 50 rows): CPU p50 %.1f us, mean %.1f us\n", status.c_str(), a.p50, a.mean);
  std::printf("token + list + JSON text:  CPU p50 %.1f us, mean %.1f us\n", b.p50, b.mean);
  return 0;
}
