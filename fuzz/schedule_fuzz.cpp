// Schedule validation and the occurrence arithmetic on any start date, unit, step, term and
// fixed dates, the extremes of the date range included: check() must name every problem,
// and a schedule it accepts must compute its occurrences in order, within its term, without
// overflow.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "domain/schedule.hpp"

namespace d = turnus::domain;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const auto day = [&in] {
    return d::Date::from_days(in.ConsumeIntegralInRange<std::int32_t>(d::Date::min().days(), d::Date::max().days()));
  };
  const d::Date start = day();
  d::Interval interval;
  interval.unit = static_cast<d::IntervalUnit>(in.ConsumeIntegralInRange<int>(0, 4));
  interval.every = in.ConsumeIntegralInRange<int>(-5, 4000);
  const std::size_t dates = in.ConsumeIntegralInRange<std::size_t>(0, 400);
  for (std::size_t i = 0; i < dates && in.remaining_bytes() > 0; ++i) interval.dates.push_back(day());
  std::optional<d::Term> term;
  if (in.ConsumeBool()) {
    term = d::Term{in.ConsumeIntegralInRange<int>(-5, 2000), in.ConsumeBool() ? d::TermUnit::month : d::TermUnit::year};
  }
  const d::Violations problems = d::Schedule::check(start, interval, term);
  if (!problems.empty()) return 0;
  const d::Schedule schedule = d::Schedule::create(start, interval, term);
  const d::Date from = day();
  const d::Date until = day();
  std::optional<d::Date> previous;
  for (const d::Date occurrence : schedule.between(from, until, 200)) {
    if (occurrence < from || occurrence > until || occurrence < start) std::abort();
    if (previous && !(*previous < occurrence)) std::abort();
    if (const auto end = schedule.end_of_term(); end && !(occurrence < *end)) std::abort();
    previous = occurrence;
  }
  if (const std::optional<d::Date> first = schedule.first_on_or_after(from)) {
    if (*first < from) std::abort();
    if (const std::optional<d::Date> next = schedule.next_after(*first); next && !(*first < *next)) std::abort();
  }
  (void)d::describe(interval);
  return 0;
}
