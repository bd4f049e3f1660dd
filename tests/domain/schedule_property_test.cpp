// Property test: a million seeded random schedules, each checked against a naive reference
// expansion that shares no arithmetic with the code under test beyond Date's civil
// conversion (which date_test.cpp verifies day by day over the whole range).
//
// Reproduce a failure with the printed seed: TURNUS_PROPERTY_SEED=<seed> domain_test
// --gtest_filter='ScheduleProperty.*'. The case index in the message counts from 0.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <ostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/schedule.hpp"

namespace turnus::domain {

// Readable failure messages; gtest finds it by argument-dependent lookup. Identical in every
// test file of this target, as an inline function must be.
inline void PrintTo(const Date& date, std::ostream* os) { *os << date.to_string(); }

namespace {

constexpr std::uint64_t kDefaultSeed = 0x7475726E75730001ULL;
// The Release run compares a million schedules. The sanitizer build (unoptimised, every
// memory access checked) took three minutes for them, the longest test of the CI by far; the
// first fifth of them (same seed, so the same cases) reaches the same code paths for ASan
// and UBSan to watch.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kCases = 200'000;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int kCases = 200'000;
#else
constexpr int kCases = 1'000'000;
#endif
#else
constexpr int kCases = 1'000'000;
#endif

using Rng = std::mt19937_64;

std::uint64_t seed() {
  const char* text = std::getenv("TURNUS_PROPERTY_SEED");
  if (text != nullptr && *text != '\0') return std::strtoull(text, nullptr, 0);
  return kDefaultSeed;
}

int pick(Rng& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

// --- the reference calendar: deliberately simple, written from the rules -------------------

bool ref_leap(int y) { return y % 400 == 0 || (y % 100 != 0 && y % 4 == 0); }

int ref_month_len(int y, int m) {
  switch (m) {
    case 2: return ref_leap(y) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11: return 30;
    default: return 31;
  }
}

struct Ymd {
  int y;
  int m;
  int d;
};

// (y, m) advanced by `months`, day clamped to the target month's length.
Ymd ref_add_months(Ymd s, std::int64_t months) {
  const std::int64_t total = std::int64_t{s.y} * 12 + (s.m - 1) + months;
  const int y = static_cast<int>(total / 12);
  const int m = static_cast<int>(total % 12) + 1;
  return {y, m, std::min(s.d, ref_month_len(y, m))};
}

std::optional<Date> ref_to_date(Ymd v) {
  if (v.y > 9999) return std::nullopt;
  return Date::from_civil(v.y, v.m, v.d);
}

Ymd ymd(Date d) {
  const CivilDate c = d.civil();
  return {c.year, c.month, c.day};
}

// --- one random case -------------------------------------------------------------------------

struct Case {
  Date start;
  Interval interval;
  std::optional<Term> term;
  Date lo;
  Date hi;
};

std::string describe_case(const Case& c) {
  std::ostringstream out;
  out << "start=" << c.start.to_string() << " unit=" << to_string(c.interval.unit) << " every=" << c.interval.every;
  if (c.interval.unit == IntervalUnit::fixed) {
    out << " dates=[";
    for (const Date d : c.interval.dates) out << d.to_string() << ' ';
    out << ']';
  }
  if (c.term) out << " term=" << c.term->count << ' ' << to_string(c.term->unit);
  out << " window=[" << c.lo.to_string() << ", " << c.hi.to_string() << ']';
  return out.str();
}

Date random_start(Rng& rng) {
  // Mostly the realistic range; a few near the end of the calendar, where expansion must stop.
  int y = pick(rng, 0, 99) == 0 ? pick(rng, 9990, 9999) : pick(rng, 1950, 2100);
  int m = pick(rng, 1, 12);
  const int len = ref_month_len(y, m);
  const int style = pick(rng, 0, 19);
  int d = 0;
  if (style < 4) {
    d = len;  // month ends drive the clamping rules
  } else if (style < 8) {
    d = std::min(len, pick(rng, 29, 31));
  } else if (style < 10) {
    y -= y % 4;
    if (!ref_leap(y)) y -= 4;  // 2100 → 2096
    if (y < 1950) y += 4;
    m = 2;
    d = 29;
  } else {
    d = pick(rng, 1, len);
  }
  return Date::from_civil(y, m, d);
}

int random_every(Rng& rng, int max) {
  // Small steps are what customers use and what produces the most occurrences per window.
  return pick(rng, 0, 3) == 0 ? pick(rng, 1, std::min(3, max)) : pick(rng, 1, max);
}

// --- the reference expansion ---------------------------------------------------------------

struct Expected {
  std::optional<Date> end;           // exclusive end of term
  std::vector<Date> in_window;       // occurrences in [lo, hi]
  std::optional<Date> after_window;  // the first occurrence after hi, if any
};

Expected reference(const Case& c, const std::vector<Date>& unique_fixed) {
  Expected e;
  const Ymd s = ymd(c.start);
  if (c.term) {
    const std::int64_t months = c.term->unit == TermUnit::year ? std::int64_t{c.term->count} * 12 : c.term->count;
    e.end = ref_to_date(ref_add_months(s, months));
  }
  const auto accept = [&](Date o) {  // false: stop stepping
    if (e.end && o >= *e.end) return false;
    if (o > c.hi) {
      e.after_window = o;
      return false;
    }
    if (o >= c.lo) e.in_window.push_back(o);
    return true;
  };
  switch (c.interval.unit) {
    case IntervalUnit::fixed:
      for (const Date o : unique_fixed) {
        if (o < c.start) continue;
        if (!accept(o)) break;
      }
      break;
    case IntervalUnit::year:
    case IntervalUnit::month: {
      const std::int64_t step =
          c.interval.unit == IntervalUnit::year ? std::int64_t{c.interval.every} * 12 : c.interval.every;
      for (std::int64_t k = 0;; ++k) {
        const std::optional<Date> o = ref_to_date(ref_add_months(s, k * step));
        if (!o || !accept(*o)) break;
      }
      break;
    }
    case IntervalUnit::week:
    case IntervalUnit::day: {
      const std::int64_t step =
          c.interval.unit == IntervalUnit::week ? std::int64_t{c.interval.every} * 7 : c.interval.every;
      for (std::int64_t k = 0;; ++k) {
        const std::int64_t days = c.start.days() + k * step;
        if (days > Date::max().days()) break;
        if (!accept(Date::from_days(static_cast<std::int32_t>(days)))) break;
      }
      break;
    }
  }
  return e;
}

// The first expected occurrence on or after d, for d <= hi.
std::optional<Date> expected_first_on_or_after(const Expected& e, Date d) {
  const auto it = std::lower_bound(e.in_window.begin(), e.in_window.end(), d);
  if (it != e.in_window.end()) return *it;
  return e.after_window;
}

std::string show(const std::optional<Date>& d) { return d ? d->to_string() : std::string("none"); }

// --- the property --------------------------------------------------------------------------

bool has_field(const Violations& v, std::string_view field) {
  return std::any_of(v.items().begin(), v.items().end(), [&](const FieldError& f) { return f.field == field; });
}

// Empty when every property holds, otherwise what broke. Adds the number of occurrences
// compared to `compared`.
std::string check_case(Rng& rng, Case& c, std::size_t& compared) {
  // Duplicated fixed dates must be refused; the rest of the case runs on the distinct dates.
  std::vector<Date> unique_fixed = c.interval.dates;
  std::sort(unique_fixed.begin(), unique_fixed.end());
  unique_fixed.erase(std::unique(unique_fixed.begin(), unique_fixed.end()), unique_fixed.end());
  if (unique_fixed.size() != c.interval.dates.size()) {
    const Violations v = Schedule::check(c.start, c.interval, c.term);
    if (!has_field(v, "interval.dates")) return "duplicates not refused";
    std::shuffle(unique_fixed.begin(), unique_fixed.end(), rng);  // keep the input unsorted
    c.interval.dates = unique_fixed;
    std::sort(unique_fixed.begin(), unique_fixed.end());
  }

  // A term ending after 9999-12-31 must be refused; the case then runs open-ended.
  if (c.term) {
    const std::int64_t months = c.term->unit == TermUnit::year ? std::int64_t{c.term->count} * 12 : c.term->count;
    if (ref_add_months(ymd(c.start), months).y > 9999) {
      const Violations v = Schedule::check(c.start, c.interval, c.term);
      if (!has_field(v, "term.count")) return "term past 9999-12-31 not refused";
      c.term.reset();
    }
  }

  if (const Violations v = Schedule::check(c.start, c.interval, c.term); !v.empty()) {
    return "valid input refused: " + v.items()[0].field;
  }
  const Schedule s = Schedule::create(c.start, c.interval, c.term);
  const Expected e = reference(c, unique_fixed);

  if (s.end_of_term() != e.end) {
    std::ostringstream err;
    err << "end_of_term " << show(s.end_of_term()) << " != expected " << show(e.end);
    return err.str();
  }

  const std::vector<Date> got = s.between(c.lo, c.hi);
  compared += got.size();
  const Ymd st = ymd(c.start);
  for (std::size_t i = 0; i < got.size(); ++i) {
    const Date o = got[i];
    if (i > 0 && !(got[i - 1] < o)) return "not strictly increasing at " + o.to_string();
    if (o < c.start) return "occurrence before the start: " + o.to_string();
    if (e.end && o >= *e.end) return "occurrence on or after the end of term: " + o.to_string();
    if (o > Date::max()) return "occurrence after 9999-12-31";
    if (o < c.lo || o > c.hi) return "occurrence outside the window: " + o.to_string();
    const Ymd a = ymd(o);
    switch (c.interval.unit) {
      case IntervalUnit::year:
      case IntervalUnit::month: {
        const int step = c.interval.unit == IntervalUnit::year ? c.interval.every * 12 : c.interval.every;
        const int offset = (a.y * 12 + a.m) - (st.y * 12 + st.m);
        if (offset < 0 || offset % step != 0) return "month offset not a multiple of the step: " + o.to_string();
        if (a.d != std::min(st.d, ref_month_len(a.y, a.m)))
          return "day not clamped from the start day: " + o.to_string();
        break;
      }
      case IntervalUnit::week:
      case IntervalUnit::day: {
        const int step = c.interval.unit == IntervalUnit::week ? c.interval.every * 7 : c.interval.every;
        if ((o.days() - c.start.days()) % step != 0) return "distance not a multiple of the step: " + o.to_string();
        break;
      }
      case IntervalUnit::fixed:
        if (!std::binary_search(unique_fixed.begin(), unique_fixed.end(), o))
          return "not a listed date: " + o.to_string();
        break;
    }
  }
  if (got != e.in_window) {
    std::ostringstream err;
    err << "between() gave " << got.size() << " dates, expected " << e.in_window.size();
    for (std::size_t i = 0; i < std::min(got.size(), e.in_window.size()); ++i) {
      if (got[i] != e.in_window[i]) {
        err << "; first difference at " << i << ": " << got[i].to_string() << " vs " << e.in_window[i].to_string();
        break;
      }
    }
    return err.str();
  }

  // first_on_or_after at random days and at the edges that matter (each occurrence, the day
  // after it, the window bounds).
  std::vector<Date> probes = {c.lo, c.hi};
  const int span = c.hi.days() - c.lo.days();
  for (int i = 0; i < 6; ++i) probes.push_back(c.lo.plus_days(pick(rng, 0, span)));
  for (std::size_t i = 0; i < got.size() && i < 4; ++i) {
    probes.push_back(got[i]);
    if (got[i] < c.hi) probes.push_back(got[i].plus_days(1));
  }
  for (const Date d : probes) {
    const std::optional<Date> want = expected_first_on_or_after(e, d);
    const std::optional<Date> have = s.first_on_or_after(d);
    if (have != want) {
      std::ostringstream err;
      err << "first_on_or_after(" << d.to_string() << ") = " << show(have) << ", expected " << show(want);
      return err.str();
    }
  }

  // The first few and the last: the interior adds time, not coverage.
  for (std::size_t i = 0; i < got.size(); i = (i + 1 == 8 && got.size() > 9) ? got.size() - 1 : i + 1) {
    const std::optional<Date> want = i + 1 < got.size() ? std::optional<Date>(got[i + 1]) : e.after_window;
    const std::optional<Date> have = s.next_after(got[i]);
    if (have != want) {
      std::ostringstream err;
      err << "next_after(" << got[i].to_string() << ") = " << show(have) << ", expected " << show(want);
      return err.str();
    }
  }

  const std::size_t limit = static_cast<std::size_t>(pick(rng, 1, 4));
  const std::vector<Date> limited = s.between(c.lo, c.hi, limit);
  const std::size_t want_limited = std::min(limit, got.size());
  if (limited.size() != want_limited || !std::equal(limited.begin(), limited.end(), got.begin())) {
    std::ostringstream err;
    err << "between(limit=" << limit << ") is not the prefix of the expansion";
    return err.str();
  }

  if (c.interval.unit != IntervalUnit::fixed && s.first_on_or_after(c.start) != std::optional<Date>(c.start)) {
    return "the start is not the first occurrence";
  }
  return {};
}

Case random_case(Rng& rng) {
  Case c;
  c.start = random_start(rng);
  switch (pick(rng, 0, 4)) {
    case 0: c.interval = {IntervalUnit::year, random_every(rng, ScheduleLimits::max_every_year), {}}; break;
    case 1: c.interval = {IntervalUnit::month, random_every(rng, ScheduleLimits::max_every_month), {}}; break;
    case 2: c.interval = {IntervalUnit::week, random_every(rng, ScheduleLimits::max_every_week), {}}; break;
    case 3: c.interval = {IntervalUnit::day, random_every(rng, ScheduleLimits::max_every_day), {}}; break;
    default: {
      c.interval = {IntervalUnit::fixed, 1, {}};
      const int n = pick(rng, 1, 20);
      for (int i = 0; i < n; ++i) c.interval.dates.push_back(c.start.plus_days(pick(rng, -800, 4 * 366)));
      if (pick(rng, 0, 9) == 0) c.interval.dates.push_back(c.interval.dates[0]);  // forced duplicate
      break;
    }
  }
  // Fixed dates near the end of the calendar may have wandered past it; keep the case valid.
  for (Date& d : c.interval.dates) d = std::min(d, Date::max());

  switch (pick(rng, 0, 9)) {
    case 0:
    case 1:
    case 2:
    case 3: break;  // open-ended
    case 4:
    case 5:
    case 6:
      c.term = pick(rng, 0, 1) == 0 ? Term{pick(rng, 1, 36), TermUnit::month} : Term{pick(rng, 1, 5), TermUnit::year};
      break;
    default:
      c.term = pick(rng, 0, 1) == 0 ? Term{pick(rng, 1, ScheduleLimits::max_term_months), TermUnit::month}
                                    : Term{pick(rng, 1, ScheduleLimits::max_term_years), TermUnit::year};
      break;
  }

  if (pick(rng, 0, 49) == 0) {
    // Far from the start: exercises the index arithmetic of first_on_or_after for large k.
    c.lo = c.start.plus_days(pick(rng, 0, 60 * 366));
    c.hi = c.lo.plus_days(pick(rng, 0, 2 * 366));
  } else {
    // A few years, but at most ~200 steps for day/week units so tiny steps do not dominate
    // the run time; month and year units always get the full span for their clamping cases.
    int span = 3 * 366;
    if (c.interval.unit == IntervalUnit::day) span = std::min(span, 200 * c.interval.every);
    if (c.interval.unit == IntervalUnit::week) span = std::min(span, 200 * 7 * c.interval.every);
    c.lo = c.start.plus_days(-400);
    c.hi = c.start.plus_days(pick(rng, 0, span));
  }
  return c;
}

TEST(ScheduleProperty, MillionRandomSchedulesAgreeWithTheReference) {
  const std::uint64_t s = seed();
  Rng rng(s);
  const auto began = std::chrono::steady_clock::now();
  std::size_t compared = 0;
  for (int i = 0; i < kCases; ++i) {
    Case c = random_case(rng);
    const std::string problem = check_case(rng, c, compared);
    if (!problem.empty()) {
      FAIL() << "seed=" << s << " (TURNUS_PROPERTY_SEED) case=" << i << ": " << problem << "\n  " << describe_case(c);
    }
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  // Guards against a generator that silently stopped producing occurrences.
  EXPECT_GT(compared, static_cast<std::size_t>(kCases));
  std::printf("[ property ] %d schedules, %zu occurrences compared, seed %llu, %lld ms\n", kCases, compared,
              static_cast<unsigned long long>(s), static_cast<long long>(ms.count()));
}

}  // namespace
}  // namespace turnus::domain
