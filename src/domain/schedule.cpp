#include "domain/schedule.hpp"

#include <algorithm>
#include <string>

namespace turnus::domain {

std::string_view to_string(IntervalUnit unit) {
  switch (unit) {
    case IntervalUnit::year: return "year";
    case IntervalUnit::month: return "month";
    case IntervalUnit::week: return "week";
    case IntervalUnit::day: return "day";
    case IntervalUnit::fixed: return "fixed";
  }
  return "?";
}

std::optional<IntervalUnit> interval_unit_from_string(std::string_view text) {
  for (IntervalUnit u :
       {IntervalUnit::year, IntervalUnit::month, IntervalUnit::week, IntervalUnit::day, IntervalUnit::fixed}) {
    if (to_string(u) == text) return u;
  }
  return std::nullopt;
}

std::string_view to_string(TermUnit unit) { return unit == TermUnit::month ? "month" : "year"; }

std::optional<TermUnit> term_unit_from_string(std::string_view text) {
  if (text == "month") return TermUnit::month;
  if (text == "year") return TermUnit::year;
  return std::nullopt;
}

namespace {

int max_every(IntervalUnit unit) {
  switch (unit) {
    case IntervalUnit::year: return ScheduleLimits::max_every_year;
    case IntervalUnit::month: return ScheduleLimits::max_every_month;
    case IntervalUnit::week: return ScheduleLimits::max_every_week;
    case IntervalUnit::day: return ScheduleLimits::max_every_day;
    case IntervalUnit::fixed: return 1;
  }
  return 1;
}

std::int64_t term_months(const Term& term) {
  return term.unit == TermUnit::year ? std::int64_t{term.count} * 12 : term.count;
}

constexpr Date kOpenEnd = Date::max().plus_days(1);
constexpr MonthIndex kMaxMonth = Date::max().month_index();

}  // namespace

Violations Schedule::check(Date start, const Interval& interval, const std::optional<Term>& term) {
  Violations v;
  const bool start_in_range = start >= Date::min() && start <= Date::max();
  if (!start_in_range) {
    v.add("start_date", "Das Start-Datum muss zwischen 1900-01-01 und 9999-12-31 liegen.",
          "The start date must lie between 1900-01-01 and 9999-12-31.");
  }
  if (interval.unit == IntervalUnit::fixed) {
    if (interval.dates.empty() || interval.dates.size() > ScheduleLimits::max_fixed_dates) {
      v.add("interval.dates", "Ein festes Datum braucht 1 bis 366 Termine.", "A fixed schedule needs 1 to 366 dates.");
    } else {
      std::vector<Date> sorted = interval.dates;
      std::sort(sorted.begin(), sorted.end());
      if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
        v.add("interval.dates", "Jedes Datum darf nur einmal vorkommen.", "Each date may appear only once.");
      }
      if (sorted.front() < Date::min() || sorted.back() > Date::max()) {
        v.add("interval.dates", "Die Termine müssen zwischen 1900-01-01 und 9999-12-31 liegen.",
              "The dates must lie between 1900-01-01 and 9999-12-31.");
      }
    }
  } else {
    const int limit = max_every(interval.unit);
    if (interval.every < 1 || interval.every > limit) {
      const std::string range = "1–" + std::to_string(limit);
      v.add("interval.every", "„alle N“ muss zwischen " + range + " liegen.",
            "\"every\" must be within " + range + ".");
    }
    if (!interval.dates.empty()) {
      v.add("interval.dates", "Termine gibt es nur beim festen Datum.", "Dates are only allowed for a fixed schedule.");
    }
  }
  if (term) {
    const int limit = term->unit == TermUnit::year ? ScheduleLimits::max_term_years : ScheduleLimits::max_term_months;
    if (term->count < 1 || term->count > limit) {
      const std::string range = "1–" + std::to_string(limit);
      v.add(
          "term.count",
          "Die Laufzeit muss zwischen " + range + (term->unit == TermUnit::year ? " Jahren" : " Monaten") + " liegen.",
          "The term must be within " + range + (term->unit == TermUnit::year ? " years." : " months."));
    } else if (start_in_range && start.month_index() + term_months(*term) > kMaxMonth) {
      v.add("term.count", "Die Laufzeit endet nach 9999-12-31.", "The term ends after 9999-12-31.");
    }
  }
  return v;
}

Schedule Schedule::create(Date start, Interval interval, std::optional<Term> term) {
  check(start, interval, term).throw_if_any();
  return Schedule(start, std::move(interval), term);
}

Schedule::Schedule(Date start, Interval interval, std::optional<Term> term)
    : start_(start), interval_(std::move(interval)), term_(term), end_(kOpenEnd) {
  if (term_) end_ = add_months(start_, term_months(*term_));
  const Date last = end_.plus_days(-1);
  anchor_day_ = start_.civil().day;
  start_month_ = start_.month_index();
  last_month_ = last.month_index();
  switch (interval_.unit) {
    case IntervalUnit::year:
      by_months_ = true;
      step_ = std::int64_t{interval_.every} * 12;
      break;
    case IntervalUnit::month:
      by_months_ = true;
      step_ = interval_.every;
      break;
    case IntervalUnit::week: step_ = std::int64_t{interval_.every} * 7; break;
    case IntervalUnit::day: step_ = interval_.every; break;
    case IntervalUnit::fixed:
      std::sort(interval_.dates.begin(), interval_.dates.end());
      for (Date d : interval_.dates) {
        if (d >= start_) fixed_.push_back(d);
      }
      break;
  }
}

std::optional<Date> Schedule::end_of_term() const {
  if (!term_) return std::nullopt;
  return end_;
}

Date Schedule::at(std::int64_t k) const {
  if (interval_.unit == IntervalUnit::fixed) return fixed_[static_cast<std::size_t>(k)];
  if (by_months_) return clamped_date_in_month(static_cast<MonthIndex>(start_month_ + k * step_), anchor_day_);
  return Date::from_days(static_cast<std::int32_t>(start_.days() + k * step_));
}

std::optional<std::int64_t> Schedule::first_index(Date day) const {
  std::int64_t k = 0;
  if (interval_.unit == IntervalUnit::fixed) {
    k = std::lower_bound(fixed_.begin(), fixed_.end(), day) - fixed_.begin();
    if (static_cast<std::size_t>(k) >= fixed_.size()) return std::nullopt;
  } else if (day > start_) {
    if (by_months_) {
      k = (day.month_index() - start_month_) / step_;
      // Occurrence k lies in a month at or before `day`'s month; if it is still before `day`,
      // occurrence k+1 is in a later month and therefore after it.
      if (start_month_ + k * step_ <= last_month_ && at(k) < day) ++k;
      if (start_month_ + k * step_ > last_month_) return std::nullopt;
    } else {
      k = (day.days() - start_.days() + step_ - 1) / step_;
      if (start_.days() + k * step_ >= end_.days()) return std::nullopt;
    }
  }
  if (at(k) >= end_) return std::nullopt;
  return k;
}

std::optional<Date> Schedule::first_on_or_after(Date day) const {
  const std::optional<std::int64_t> k = first_index(day);
  if (!k) return std::nullopt;
  return at(*k);
}

std::optional<Date> Schedule::next_after(Date occurrence) const {
  if (occurrence >= Date::max()) return std::nullopt;
  return first_on_or_after(occurrence.plus_days(1));
}

std::vector<Date> Schedule::between(Date from, Date until, std::size_t limit) const {
  std::vector<Date> out;
  if (limit == 0) return out;
  for_each_between(from, until, [&](Date d) {
    out.push_back(d);
    return out.size() < limit;
  });
  return out;
}

Text describe(const Interval& interval) {
  const int n = interval.every;
  const std::string ns = std::to_string(n);
  switch (interval.unit) {
    case IntervalUnit::year:
      return n == 1 ? Text{"jährlich", "yearly"} : Text{"alle " + ns + " Jahre", "every " + ns + " years"};
    case IntervalUnit::month:
      return n == 1 ? Text{"monatlich", "monthly"} : Text{"alle " + ns + " Monate", "every " + ns + " months"};
    case IntervalUnit::week:
      return n == 1 ? Text{"wöchentlich", "weekly"} : Text{"alle " + ns + " Wochen", "every " + ns + " weeks"};
    case IntervalUnit::day:
      return n == 1 ? Text{"täglich", "daily"} : Text{"alle " + ns + " Tage", "every " + ns + " days"};
    case IntervalUnit::fixed: return {"festes Datum", "fixed dates"};
  }
  return {"?", "?"};
}

}  // namespace turnus::domain
