// Date: a calendar date without time of day, stored as days since 1970-01-01.
//
// The whole product reasons in calendar dates (due dates, start dates, terms); time of day
// and time zones only matter at the edge where an instant is mapped to the organisation's
// local date. Date is a trivially copyable value type; all functions are pure and
// thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace turnus::domain {

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

// Months counted from year 0, January = 0: lets month arithmetic be one integer addition.
using MonthIndex = std::int32_t;

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days_since_epoch) { return Date(days_since_epoch); }
  // Precondition: a valid calendar date (use parse() or is_valid_civil() for untrusted input).
  static constexpr Date from_civil(int year, int month, int day);

  // Strict ISO "YYYY-MM-DD"; nullopt for anything else, including 2023-02-29 or outside
  // [min(), max()].
  static std::optional<Date> parse(std::string_view text);

  // The range the product accepts anywhere: 1900-01-01 … 9999-12-31.
  static constexpr Date min();
  static constexpr Date max();

  constexpr std::int32_t days() const { return days_; }
  constexpr CivilDate civil() const;
  constexpr MonthIndex month_index() const {
    const CivilDate c = civil();
    return c.year * 12 + (c.month - 1);
  }
  std::string to_string() const;  // YYYY-MM-DD

  constexpr Date plus_days(std::int64_t n) const;
  constexpr auto operator<=>(const Date&) const = default;

 private:
  explicit constexpr Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

constexpr bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int days_in_month(int y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap_year(y)) ? 29 : kDays[m - 1];
}

constexpr bool is_valid_civil(int y, int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m); }

// Howard Hinnant's days_from_civil: branch-light and exact for the proleptic Gregorian calendar.
constexpr std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr CivilDate civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{m <= 2 ? y + 1 : y, m, d};
}

constexpr Date Date::from_civil(int year, int month, int day) { return Date(days_from_civil(year, month, day)); }
constexpr Date Date::min() { return from_civil(1900, 1, 1); }
constexpr Date Date::max() { return from_civil(9999, 12, 31); }
constexpr CivilDate Date::civil() const { return civil_from_days(days_); }
constexpr Date Date::plus_days(std::int64_t n) const { return Date(static_cast<std::int32_t>(days_ + n)); }

// The date in month `index` on day min(anchor_day, length of that month): the clamping rule
// that keeps 31 Jan → 28 Feb → 31 Mar from drifting.
constexpr Date clamped_date_in_month(MonthIndex index, int anchor_day) {
  const int y = index / 12;
  const int m = index % 12 + 1;
  const int dim = days_in_month(y, m);
  return Date::from_civil(y, m, anchor_day < dim ? anchor_day : dim);
}

// date + n months, day clamped to the target month's length.
constexpr Date add_months(Date date, std::int64_t months) {
  return clamped_date_in_month(static_cast<MonthIndex>(date.month_index() + months), date.civil().day);
}

}  // namespace turnus::domain
