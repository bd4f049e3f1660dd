#include "domain/date.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace turnus::domain {

// Readable failure messages; gtest finds it by argument-dependent lookup. Identical in every
// test file of this target, as an inline function must be.
inline void PrintTo(const Date& date, std::ostream* os) { *os << date.to_string(); }

namespace {

Date d(int y, int m, int day) { return Date::from_civil(y, m, day); }

// --- parse ---------------------------------------------------------------------------------

TEST(DateParse, AcceptsStrictIsoDates) {
  EXPECT_EQ(Date::parse("2024-02-29"), d(2024, 2, 29));
  EXPECT_EQ(Date::parse("1970-01-01"), Date::from_days(0));
  EXPECT_EQ(Date::parse("2023-12-31"), d(2023, 12, 31));
  EXPECT_EQ(Date::parse("2000-02-29"), d(2000, 2, 29));
}

TEST(DateParse, AcceptsTheRangeLimitsExactly) {
  EXPECT_EQ(Date::parse("1900-01-01"), Date::min());
  EXPECT_EQ(Date::parse("9999-12-31"), Date::max());
}

TEST(DateParse, RejectsDatesOutsideTheRange) {
  EXPECT_FALSE(Date::parse("1899-12-31"));
  EXPECT_FALSE(Date::parse("0000-01-01"));
  EXPECT_FALSE(Date::parse("0001-01-01"));
  EXPECT_FALSE(Date::parse("1000-06-15"));
}

TEST(DateParse, RejectsImpossibleCalendarDates) {
  EXPECT_FALSE(Date::parse("2023-02-29"));  // common year
  EXPECT_FALSE(Date::parse("1900-02-29"));  // divisible by 100, not by 400
  EXPECT_FALSE(Date::parse("2100-02-29"));
  EXPECT_FALSE(Date::parse("2024-02-30"));
  EXPECT_FALSE(Date::parse("2024-04-31"));
  EXPECT_FALSE(Date::parse("2024-06-31"));
  EXPECT_FALSE(Date::parse("2024-09-31"));
  EXPECT_FALSE(Date::parse("2024-11-31"));
  EXPECT_FALSE(Date::parse("2024-01-32"));
  EXPECT_FALSE(Date::parse("2024-13-01"));
  EXPECT_FALSE(Date::parse("2024-00-10"));
  EXPECT_FALSE(Date::parse("2024-01-00"));
  EXPECT_FALSE(Date::parse("2024-99-99"));
}

TEST(DateParse, RejectsLooseFormats) {
  for (const char* text : {"2024-1-01",
                           "2024-01-1",
                           "24-01-01",
                           "02024-01-01",
                           "2024/01/01",
                           "2024.01.01",
                           "20240101",
                           "2024-01-01 ",
                           " 2024-01-01",
                           "2024-01-01x",
                           "2024-01-01T00:00",
                           "2024-01-01Z",
                           "2024-01-0a",
                           "2024-0a-01",
                           "202a-01-01",
                           "+024-01-01",
                           "-024-01-01",
                           "2024-+1-01",
                           "2024- 1-01",
                           "2024--1-01",
                           "2024_01_01",
                           "",
                           "2024",
                           "2024-01",
                           "2024-01-",
                           "abcd-ef-gh",
                           "１２３４-01-01"}) {
    EXPECT_FALSE(Date::parse(text)) << '"' << text << '"';
  }
}

TEST(DateParse, RejectsEmbeddedNul) {
  const std::string text("2024-01-01\0", 11);
  EXPECT_FALSE(Date::parse(text));
  const std::string inner("2024-0\0-01", 10);
  EXPECT_FALSE(Date::parse(inner));
}

// --- to_string -----------------------------------------------------------------------------

TEST(DateToString, PadsWithZeros) {
  EXPECT_EQ(d(1900, 1, 1).to_string(), "1900-01-01");
  EXPECT_EQ(d(2024, 2, 9).to_string(), "2024-02-09");
  EXPECT_EQ(d(9999, 12, 31).to_string(), "9999-12-31");
  EXPECT_EQ(Date::from_days(0).to_string(), "1970-01-01");
}

TEST(DateToString, RoundTripsEveryDayOfTheSupportedRange) {
  for (std::int32_t n = Date::min().days(); n <= Date::max().days(); ++n) {
    const Date date = Date::from_days(n);
    const std::string text = date.to_string();
    const std::optional<Date> back = Date::parse(text);
    ASSERT_TRUE(back) << text;
    ASSERT_EQ(*back, date) << text;
  }
}

// --- days_from_civil / civil_from_days -----------------------------------------------------

TEST(DateCivil, KnownAnchors) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1970, 1, 2), 1);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1900, 1, 1), -25567);
  EXPECT_EQ(days_from_civil(9999, 12, 31), 2932896);
}

// Walks the whole range day by day with an independent calendar (incrementing y/m/d by hand)
// so both directions are checked against something that is not the code under test.
TEST(DateCivil, RoundTripsOverTheWholeRangeAgainstAHandWalkedCalendar) {
  int y = 1900, m = 1, day = 1;
  int weekday = 1;  // 1900-01-01 was a Monday (0 = Sunday)
  for (std::int32_t n = days_from_civil(1900, 1, 1); n <= days_from_civil(9999, 12, 31); ++n) {
    ASSERT_EQ(days_from_civil(y, m, day), n) << y << '-' << m << '-' << day;
    const CivilDate c = civil_from_days(n);
    ASSERT_EQ(c.year, y) << n;
    ASSERT_EQ(c.month, m) << n;
    ASSERT_EQ(c.day, day) << n;
    // 1970-01-01 was a Thursday.
    ASSERT_EQ(((n % 7) + 7 + 4) % 7, weekday) << n;
    const Date date = Date::from_days(n);
    ASSERT_EQ(date, Date::from_civil(y, m, day));
    ASSERT_EQ(date.month_index(), y * 12 + m - 1);

    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int month_len = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
    weekday = (weekday + 1) % 7;
    if (++day > month_len) {
      day = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
  EXPECT_EQ(y, 10000);
  EXPECT_EQ(m, 1);
  EXPECT_EQ(day, 1);
}

TEST(DateCivil, IsConstexpr) {
  static_assert(days_from_civil(1970, 1, 1) == 0);
  static_assert(civil_from_days(0).year == 1970);
  static_assert(Date::from_civil(2024, 2, 29).plus_days(1) == Date::from_civil(2024, 3, 1));
  static_assert(Date::min() < Date::max());
  SUCCEED();
}

// --- leap years and month lengths ----------------------------------------------------------

TEST(DateLeap, GregorianRules) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(1600));
  EXPECT_TRUE(is_leap_year(9996));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(2200));
  EXPECT_FALSE(is_leap_year(2300));
  EXPECT_FALSE(is_leap_year(9999));
  int leap_count = 0;
  for (int y = 1900; y <= 9999; ++y) leap_count += is_leap_year(y) ? 1 : 0;
  // 8100 years: 2025 multiples of 4 (1900..9996) minus 81 centuries plus 20 multiples of 400.
  EXPECT_EQ(leap_count, 2025 - 81 + 20);
}

TEST(DateLeap, MonthLengths) {
  const int common[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ(days_in_month(2023, m), common[m - 1]) << m;
    EXPECT_EQ(days_in_month(2024, m), m == 2 ? 29 : common[m - 1]) << m;
  }
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
}

TEST(DateLeap, IsValidCivil) {
  EXPECT_TRUE(is_valid_civil(2024, 2, 29));
  EXPECT_FALSE(is_valid_civil(2023, 2, 29));
  EXPECT_FALSE(is_valid_civil(2024, 0, 1));
  EXPECT_FALSE(is_valid_civil(2024, 13, 1));
  EXPECT_FALSE(is_valid_civil(2024, 1, 0));
  EXPECT_FALSE(is_valid_civil(2024, 1, 32));
  EXPECT_TRUE(is_valid_civil(2024, 12, 31));
}

// --- add_months and plus_days --------------------------------------------------------------

TEST(DateAddMonths, ClampsToTheEndOfShorterMonths) {
  EXPECT_EQ(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
  EXPECT_EQ(add_months(d(2023, 1, 31), 1), d(2023, 2, 28));
  EXPECT_EQ(add_months(d(2024, 1, 31), 3), d(2024, 4, 30));
  EXPECT_EQ(add_months(d(2024, 3, 31), -1), d(2024, 2, 29));
  EXPECT_EQ(add_months(d(2024, 5, 31), 1), d(2024, 6, 30));
  EXPECT_EQ(add_months(d(2024, 1, 30), 1), d(2024, 2, 29));
  EXPECT_EQ(add_months(d(2023, 1, 29), 1), d(2023, 2, 28));
  EXPECT_EQ(add_months(d(2024, 1, 28), 1), d(2024, 2, 28));
}

TEST(DateAddMonths, CrossesYearsBothWays) {
  EXPECT_EQ(add_months(d(2024, 12, 15), 1), d(2025, 1, 15));
  EXPECT_EQ(add_months(d(2024, 1, 15), -1), d(2023, 12, 15));
  EXPECT_EQ(add_months(d(2024, 2, 29), 12), d(2025, 2, 28));
  EXPECT_EQ(add_months(d(2024, 2, 29), 48), d(2028, 2, 29));
  EXPECT_EQ(add_months(d(2096, 2, 29), 48), d(2100, 2, 28));
  EXPECT_EQ(add_months(d(2024, 2, 29), -12), d(2023, 2, 28));
  EXPECT_EQ(add_months(d(2024, 6, 10), 0), d(2024, 6, 10));
  EXPECT_EQ(add_months(d(1900, 1, 1), 12 * 8099 + 11), d(9999, 12, 1));
  EXPECT_EQ(add_months(d(9999, 12, 31), -(12 * 8099 + 11)), d(1900, 1, 31));
}

// Clamping is applied to the target month only, so chaining one month at a time drifts
// while a single jump does not: the schedule relies on the single jump.
TEST(DateAddMonths, SingleJumpDoesNotDriftButChainingDoes) {
  const Date start = d(2024, 1, 31);
  Date chained = start;
  for (int i = 0; i < 2; ++i) chained = add_months(chained, 1);
  EXPECT_EQ(chained, d(2024, 3, 29));
  EXPECT_EQ(add_months(start, 2), d(2024, 3, 31));
}

TEST(DateAddMonths, ClampedDateInMonth) {
  EXPECT_EQ(clamped_date_in_month(2024 * 12 + 1, 31), d(2024, 2, 29));
  EXPECT_EQ(clamped_date_in_month(2023 * 12 + 1, 31), d(2023, 2, 28));
  EXPECT_EQ(clamped_date_in_month(2023 * 12 + 3, 31), d(2023, 4, 30));
  EXPECT_EQ(clamped_date_in_month(2023 * 12 + 11, 31), d(2023, 12, 31));
  EXPECT_EQ(clamped_date_in_month(2023 * 12 + 0, 1), d(2023, 1, 1));
}

TEST(DatePlusDays, CrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(d(2024, 2, 28).plus_days(1), d(2024, 2, 29));
  EXPECT_EQ(d(2023, 2, 28).plus_days(1), d(2023, 3, 1));
  EXPECT_EQ(d(2023, 12, 31).plus_days(1), d(2024, 1, 1));
  EXPECT_EQ(d(2024, 1, 1).plus_days(-1), d(2023, 12, 31));
  EXPECT_EQ(d(2024, 1, 1).plus_days(366), d(2025, 1, 1));
  EXPECT_EQ(d(2023, 1, 1).plus_days(365), d(2024, 1, 1));
  EXPECT_EQ(Date::max().plus_days(1), d(10000, 1, 1));
}

TEST(DateCompare, OrdersByDay) {
  EXPECT_LT(d(2024, 1, 31), d(2024, 2, 1));
  EXPECT_LT(d(2023, 12, 31), d(2024, 1, 1));
  EXPECT_EQ(d(2024, 3, 1), d(2024, 2, 29).plus_days(1));
  EXPECT_GT(Date::max(), Date::min());
  EXPECT_EQ(Date().days(), 0);
}

}  // namespace
}  // namespace turnus::domain
