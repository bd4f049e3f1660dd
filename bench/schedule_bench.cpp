// schedule_bench: the turnus schedule engine against libical's RRULE iterator.
//
// Builds a seeded mix of schedules (monthly every 1–12 with start days 1–31, yearly every
// 1–3 including 29 Feb starts, weekly every 1–4, every 7–90 days), expands every schedule
// over a two-year window in three timed modes within one run and checks that all three
// produce exactly the same dates:
//
//   turnus             Schedule::for_each_between(window start, window end)
//   libical/DTSTART    icalrecur_iterator_new(rule, DTSTART), next() until past the window
//   libical/set_start  as above, but icalrecur_iterator_set_start(window start) first
//
// Month-end clamping (31 Jan → 28/29 Feb → 31 Mar) is written in RRULE as
// BYMONTHDAY=28,…,d;BYSETPOS=-1, and a yearly 29 Feb start as BYMONTH=2;BYMONTHDAY=28,29;
// BYSETPOS=-1. The distinct RRULE strings are parsed once before timing, just as the turnus
// schedules are created before timing; creating the iterator is part of the libical modes.
//
// Usage: schedule_bench [--schedules N] [--seed S] [--runs R]
// Exit status: 0 when all modes agree on every schedule, 1 on any mismatch, 2 on bad usage.

#include <libical/ical.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/schedule.hpp"

namespace {

using turnus::domain::Date;
using turnus::domain::days_in_month;
using turnus::domain::Interval;
using turnus::domain::IntervalUnit;
using turnus::domain::Schedule;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kDefaultSeed = 0x7475726e7573ULL;  // "turnus"
constexpr int kFirstStartYear = 2017;                      // starts: 2017-01-01 … 2028-12-31
constexpr int kLastStartYear = 2028;
constexpr Date kWindowFrom = Date::from_civil(2027, 1, 1);
constexpr Date kWindowUntil = Date::from_civil(2028, 12, 31);

// SplitMix64: tiny, fast, and the same sequence on every platform and standard library
// (std::uniform_int_distribution is not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi]; the modulo bias is far below anything this benchmark can see.
  int uniform(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }

 private:
  std::uint64_t state_;
};

struct Spec {
  Date start;
  IntervalUnit unit;
  int every;
};

// A start date whose day of month is uniform in 1–31 (so month-end clamping is exercised
// often): pick the day first, then a month that has it.
Date start_with_day(Rng& rng, int day) {
  for (;;) {
    const int y = rng.uniform(kFirstStartYear, kLastStartYear);
    const int m = rng.uniform(1, 12);
    if (day <= days_in_month(y, m)) return Date::from_civil(y, m, day);
  }
}

Date uniform_start(Rng& rng) {
  const int first = Date::from_civil(kFirstStartYear, 1, 1).days();
  const int last = Date::from_civil(kLastStartYear, 12, 31).days();
  return Date::from_days(rng.uniform(first, last));
}

Spec make_spec(Rng& rng) {
  switch (rng.uniform(0, 3)) {
    case 0: {
      const int every = rng.uniform(1, 12);
      return {start_with_day(rng, rng.uniform(1, 31)), IntervalUnit::month, every};
    }
    case 1: {
      const int every = rng.uniform(1, 3);
      if (rng.uniform(0, 3) == 0) {
        constexpr int kLeapYears[] = {2020, 2024, 2028};
        return {Date::from_civil(kLeapYears[rng.uniform(0, 2)], 2, 29), IntervalUnit::year, every};
      }
      return {start_with_day(rng, rng.uniform(1, 31)), IntervalUnit::year, every};
    }
    case 2: {
      const int every = rng.uniform(1, 4);
      return {uniform_start(rng), IntervalUnit::week, every};
    }
    default: {
      const int every = rng.uniform(7, 90);
      return {uniform_start(rng), IntervalUnit::day, every};
    }
  }
}

std::string rrule_of(const Spec& s) {
  const int day = s.start.civil().day;
  const int month = s.start.civil().month;
  std::string r;
  switch (s.unit) {
    case IntervalUnit::month:
      r = "FREQ=MONTHLY;INTERVAL=" + std::to_string(s.every);
      if (day > 28) {
        // The last of the days 28..d that the month has: min(d, length of month).
        r += ";BYMONTHDAY=28";
        for (int d = 29; d <= day; ++d) {
          r += ',';
          r += std::to_string(d);
        }
        r += ";BYSETPOS=-1";
      }
      break;
    case IntervalUnit::year:
      r = "FREQ=YEARLY;INTERVAL=" + std::to_string(s.every);
      if (month == 2 && day == 29) r += ";BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1";
      break;
    case IntervalUnit::week: r = "FREQ=WEEKLY;INTERVAL=" + std::to_string(s.every); break;
    case IntervalUnit::day: r = "FREQ=DAILY;INTERVAL=" + std::to_string(s.every); break;
    case IntervalUnit::fixed: break;
  }
  return r;
}

// A DATE value (no time of day, floating). Not icaltime_null_date(): that one sets the time
// fields to -1, which libical normalizes to 23:59:59 of the previous day.
icaltimetype to_ical(Date d) {
  icaltimetype t{};
  t.is_date = 1;
  const turnus::domain::CivilDate c = d.civil();
  t.year = c.year;
  t.month = c.month;
  t.day = c.day;
  return t;
}

// Dates of all schedules, flattened: schedule i owns dates[offsets[i] .. offsets[i+1]).
struct Expansion {
  std::vector<std::int32_t> dates;
  std::vector<std::size_t> offsets;
  void reset(std::size_t schedules, std::size_t expected_dates) {
    dates.clear();
    dates.reserve(expected_dates);
    offsets.assign(schedules + 1, 0);
  }
};

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double run_turnus(const std::vector<Schedule>& schedules, Expansion& out) {
  out.reset(schedules.size(), out.dates.capacity());
  const Clock::time_point t0 = Clock::now();
  for (std::size_t i = 0; i < schedules.size(); ++i) {
    schedules[i].for_each_between(kWindowFrom, kWindowUntil, [&](Date d) {
      out.dates.push_back(d.days());
      return true;
    });
    out.offsets[i + 1] = out.dates.size();
  }
  return seconds_since(t0);
}

// Returns the elapsed seconds, or a negative value when libical refused a schedule.
double run_libical(const std::vector<Spec>& specs, const std::vector<icalrecurrencetype>& rules,
                   const std::vector<std::size_t>& rule_of, bool jump, Expansion& out) {
  out.reset(specs.size(), out.dates.capacity());
  const icaltimetype window_start = to_ical(kWindowFrom);
  const std::int32_t from = kWindowFrom.days();
  const std::int32_t until = kWindowUntil.days();
  const Clock::time_point t0 = Clock::now();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    icalrecur_iterator* it = icalrecur_iterator_new(rules[rule_of[i]], to_ical(specs[i].start));
    if (it == nullptr) return -1;
    // set_start wants a time between DTSTART and UNTIL; schedules starting inside the window
    // iterate from DTSTART anyway.
    if (jump && specs[i].start < kWindowFrom && icalrecur_iterator_set_start(it, window_start) == 0) {
      icalrecur_iterator_free(it);
      return -1;
    }
    for (;;) {
      const icaltimetype t = icalrecur_iterator_next(it);
      if (icaltime_is_null_time(t)) break;
      const std::int32_t days = turnus::domain::days_from_civil(t.year, t.month, t.day);
      if (days > until) break;
      if (days >= from) out.dates.push_back(days);
    }
    icalrecur_iterator_free(it);
    out.offsets[i + 1] = out.dates.size();
  }
  return seconds_since(t0);
}

std::string describe(const Spec& s) {
  return s.start.to_string() + " " + std::string(turnus::domain::to_string(s.unit)) + " every " +
         std::to_string(s.every);
}

std::string list_dates(const Expansion& e, std::size_t i) {
  std::string r;
  const std::size_t n = e.offsets[i + 1] - e.offsets[i];
  for (std::size_t k = 0; k < n && k < 8; ++k) {
    if (k > 0) r += " ";
    r += Date::from_days(e.dates[e.offsets[i] + k]).to_string();
  }
  if (n > 8) r += " … (" + std::to_string(n) + " dates)";
  return r.empty() ? "(none)" : r;
}

bool same_dates(const Expansion& a, const Expansion& b, std::size_t i) {
  const std::size_t na = a.offsets[i + 1] - a.offsets[i];
  const std::size_t nb = b.offsets[i + 1] - b.offsets[i];
  return na == nb && std::equal(a.dates.begin() + static_cast<std::ptrdiff_t>(a.offsets[i]),
                                a.dates.begin() + static_cast<std::ptrdiff_t>(a.offsets[i + 1]),
                                b.dates.begin() + static_cast<std::ptrdiff_t>(b.offsets[i]));
}

// Number of schedules on which `other` disagrees with turnus; prints the first few.
std::size_t count_mismatches(const char* name, const Expansion& turnus, const Expansion& other,
                             const std::vector<Spec>& specs) {
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (same_dates(turnus, other, i)) continue;
    if (++mismatches <= 5) {
      std::printf("MISMATCH %s, schedule %zu: %s, RRULE %s\n  turnus:  %s\n  libical: %s\n", name, i,
                  describe(specs[i]).c_str(), rrule_of(specs[i]).c_str(), list_dates(turnus, i).c_str(),
                  list_dates(other, i).c_str());
    }
  }
  return mismatches;
}

bool parse_number(const char* text, std::uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(text, &end, 0);
  return end != text && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t count = 100000;
  std::uint64_t seed = kDefaultSeed;
  std::uint64_t runs = 25;
  for (int a = 1; a < argc; ++a) {
    std::uint64_t* target = nullptr;
    if (std::strcmp(argv[a], "--schedules") == 0) target = &count;
    if (std::strcmp(argv[a], "--seed") == 0) target = &seed;
    if (std::strcmp(argv[a], "--runs") == 0) target = &runs;
    if (target == nullptr || a + 1 >= argc || !parse_number(argv[a + 1], *target) || count == 0 || runs == 0) {
      std::fprintf(stderr, "usage: %s [--schedules N] [--seed S] [--runs R]\n", argv[0]);
      return 2;
    }
    ++a;
  }

  // Workload.
  Rng rng(seed);
  std::vector<Spec> specs;
  std::vector<Schedule> schedules;
  specs.reserve(count);
  schedules.reserve(count);
  std::size_t per_unit[4] = {0, 0, 0, 0};
  std::size_t feb29 = 0, month_end = 0, before_window = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    const Spec s = make_spec(rng);
    specs.push_back(s);
    schedules.push_back(Schedule::create(s.start, Interval{s.unit, s.every, {}}, std::nullopt));
    ++per_unit[static_cast<int>(s.unit)];
    const turnus::domain::CivilDate c = s.start.civil();
    if (s.unit == IntervalUnit::year && c.month == 2 && c.day == 29) ++feb29;
    if (s.unit == IntervalUnit::month && c.day > 28) ++month_end;
    if (s.start < kWindowFrom) ++before_window;
  }

  // The distinct RRULEs, parsed once.
  std::map<std::string, std::size_t> rule_index;
  std::vector<icalrecurrencetype> rules;
  std::vector<std::size_t> rule_of;
  rule_of.reserve(count);
  for (const Spec& s : specs) {
    const std::string text = rrule_of(s);
    auto [pos, inserted] = rule_index.emplace(text, rules.size());
    if (inserted) {
      rules.push_back(icalrecurrencetype_from_string(text.c_str()));
      if (rules.back().freq == ICAL_NO_RECURRENCE) {
        std::fprintf(stderr, "libical cannot parse RRULE %s\n", text.c_str());
        return 1;
      }
    }
    rule_of.push_back(pos->second);
  }

  std::printf("turnus schedule engine vs libical %s RRULE iterator\n", ICAL_VERSION);
  std::printf("seed %#llx, %zu schedules: monthly %zu (%zu starting on day 29-31), yearly %zu (%zu on 29 Feb),\n",
              static_cast<unsigned long long>(seed), specs.size(), per_unit[1], month_end, per_unit[0], feb29);
  std::printf("  weekly %zu, every 7-90 days %zu; starts %d-01-01 .. %d-12-31, %zu of them before the window\n",
              per_unit[2], per_unit[3], kFirstStartYear, kLastStartYear, before_window);
  std::printf("window %s .. %s, %zu distinct RRULEs (parsed before timing)\n\n", kWindowFrom.to_string().c_str(),
              kWindowUntil.to_string().c_str(), rules.size());
  std::fflush(stdout);

  // turnus: one warm-up run, then `runs` timed runs.
  Expansion turnus;
  turnus.reset(specs.size(), specs.size() * 40);
  run_turnus(schedules, turnus);
  std::vector<double> turnus_times;
  for (std::uint64_t r = 0; r < runs; ++r) turnus_times.push_back(run_turnus(schedules, turnus));
  std::sort(turnus_times.begin(), turnus_times.end());
  const double turnus_best = turnus_times.front();
  const double turnus_median = turnus_times[turnus_times.size() / 2];
  const double n_dates = static_cast<double>(turnus.dates.size());

  Expansion from_dtstart;
  from_dtstart.reset(specs.size(), turnus.dates.size() + 1024);
  const double t_dtstart = run_libical(specs, rules, rule_of, false, from_dtstart);
  Expansion jumped;
  jumped.reset(specs.size(), turnus.dates.size() + 1024);
  const double t_jump = run_libical(specs, rules, rule_of, true, jumped);
  if (t_dtstart < 0 || t_jump < 0) {
    std::fprintf(stderr, "libical refused a schedule (icalrecur_iterator_new or _set_start failed)\n");
    return 1;
  }

  std::printf("%zu dates in the window (turnus), %zu (libical from DTSTART), %zu (libical set_start)\n\n",
              turnus.dates.size(), from_dtstart.dates.size(), jumped.dates.size());
  std::printf("%-34s %12s %14s %10s %12s\n", "mode", "time", "dates/s", "ns/date", "vs turnus");
  const auto row = [&](const char* name, double secs) {
    std::printf("%-34s %10.3f ms %14.4g %10.2f %11.0fx\n", name, secs * 1e3, n_dates / secs, secs * 1e9 / n_dates,
                secs / turnus_median);
  };
  const std::string best = "turnus, best of " + std::to_string(runs);
  const std::string median = "turnus, median of " + std::to_string(runs);
  row(best.c_str(), turnus_best);
  row(median.c_str(), turnus_median);
  row("libical, from DTSTART", t_dtstart);
  row("libical, set_start(window start)", t_jump);
  std::printf("\n(\"vs turnus\" is relative to the turnus median.)\n\n");

  const std::size_t bad_dtstart = count_mismatches("libical from DTSTART", turnus, from_dtstart, specs);
  const std::size_t bad_jump = count_mismatches("libical set_start", turnus, jumped, specs);
  std::printf("check: schedules with different dates: %zu (libical from DTSTART), %zu (libical set_start) of %zu\n",
              bad_dtstart, bad_jump, specs.size());
  const double speedup = t_jump / turnus_median;
  std::printf("speed-up of turnus (median) over libical set_start: %.0fx (target >= 200x: %s)\n", speedup,
              speedup >= 200 ? "met" : "NOT met");
  std::printf("speed-up of turnus (median) over libical from DTSTART: %.0fx\n", t_dtstart / turnus_median);
  if (bad_dtstart != 0 || bad_jump != 0) {
    std::printf("FAILED: the engines disagree\n");
    return 1;
  }
  std::printf("OK: identical dates for all %zu schedules in all three modes\n", specs.size());
  return 0;
}
