// Schedule: when a contract is due. Pure value type, immutable after creation, thread-safe.
//
// Occurrences are computed from the start date (occurrence k = start + k·every units),
// never from the previous occurrence, so month-end clamping cannot drift:
// 31 Jan → 28/29 Feb → 31 Mar → 30 Apr. The term's end is exclusive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"

namespace turnus::domain {

enum class IntervalUnit { year, month, week, day, fixed };
enum class TermUnit { month, year };

std::string_view to_string(IntervalUnit unit);
std::optional<IntervalUnit> interval_unit_from_string(std::string_view text);
std::string_view to_string(TermUnit unit);
std::optional<TermUnit> term_unit_from_string(std::string_view text);

struct Interval {
  IntervalUnit unit = IntervalUnit::month;
  int every = 1;            // ignored for `fixed`
  std::vector<Date> dates;  // only for `fixed`
  bool operator==(const Interval&) const = default;
};

struct Term {
  int count = 1;
  TermUnit unit = TermUnit::year;
  bool operator==(const Term&) const = default;
};

// Limits of the product; the API documents the same numbers.
struct ScheduleLimits {
  static constexpr int max_every_year = 10;
  static constexpr int max_every_month = 120;
  static constexpr int max_every_week = 520;
  static constexpr int max_every_day = 3650;
  static constexpr std::size_t max_fixed_dates = 366;
  static constexpr int max_term_months = 1200;
  static constexpr int max_term_years = 100;
};

class Schedule {
 public:
  // Every problem of the input, each with its API field name ("start_date", "interval.every",
  // "interval.dates", "term.count", …).
  static Violations check(Date start, const Interval& interval, const std::optional<Term>& term);
  // Throws Error (validation) listing every problem.
  static Schedule create(Date start, Interval interval, std::optional<Term> term);

  Date start() const { return start_; }
  const Interval& interval() const { return interval_; }
  const std::optional<Term>& term() const { return term_; }
  // Exclusive end of the term (start + term); nullopt when open-ended.
  std::optional<Date> end_of_term() const;

  std::optional<Date> first_on_or_after(Date day) const;
  std::optional<Date> next_after(Date occurrence) const;
  // Occurrences in [from, until], at most `limit` of them.
  std::vector<Date> between(Date from, Date until, std::size_t limit = SIZE_MAX) const;

  // Calls visit(Date) for every occurrence in [from, until] in increasing order; stops early
  // when visit returns false. Inline: this is the engine's hot loop.
  template <class Visit>
  void for_each_between(Date from, Date until, Visit&& visit) const {
    const std::optional<std::int64_t> first = first_index(from);
    if (!first) return;
    if (interval_.unit == IntervalUnit::fixed) {
      for (std::size_t k = static_cast<std::size_t>(*first); k < fixed_.size(); ++k) {
        if (fixed_[k] > until || fixed_[k] >= end_) return;
        if (!visit(fixed_[k])) return;
      }
      return;
    }
    const Date last = until < end_ ? until : end_.plus_days(-1);
    if (by_months_) {
      for (std::int64_t m = start_month_ + *first * step_; m <= last_month_; m += step_) {
        const Date d = clamped_date_in_month(static_cast<MonthIndex>(m), anchor_day_);
        if (d > last || !visit(d)) return;
      }
    } else {
      for (std::int64_t day = start_.days() + *first * step_; day <= last.days(); day += step_) {
        if (!visit(Date::from_days(static_cast<std::int32_t>(day)))) return;
      }
    }
  }

 private:
  Schedule(Date start, Interval interval, std::optional<Term> term);
  // Index k of the first occurrence on or after `day`, or nullopt when none is left.
  std::optional<std::int64_t> first_index(Date day) const;
  Date at(std::int64_t k) const;

  Date start_;
  Interval interval_;
  std::optional<Term> term_;
  Date end_;  // exclusive; Date::max()+1 when open-ended
  bool by_months_ = false;
  std::int64_t step_ = 1;  // months when by_months_, else days
  MonthIndex start_month_ = 0;
  MonthIndex last_month_ = 0;
  int anchor_day_ = 1;
  std::vector<Date> fixed_;  // sorted occurrences on or after start (fixed only)
};

// The date on which the reminder for `occurrence` is due.
constexpr Date reminder_date(Date occurrence, int days_before) { return occurrence.plus_days(-days_before); }

// "jährlich", "alle 2 Jahre", "alle 14 Tage", "festes Datum" and their English forms.
Text describe(const Interval& interval);

}  // namespace turnus::domain
