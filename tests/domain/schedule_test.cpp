#include "domain/schedule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"

namespace turnus::domain {

// Readable failure messages; gtest finds it by argument-dependent lookup. Identical in every
// test file of this target, as an inline function must be.
inline void PrintTo(const Date& date, std::ostream* os) { *os << date.to_string(); }

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

Date d(int y, int m, int day) { return Date::from_civil(y, m, day); }

Interval every(IntervalUnit unit, int n) { return Interval{unit, n, {}}; }
Interval yearly(int n = 1) { return every(IntervalUnit::year, n); }
Interval monthly(int n = 1) { return every(IntervalUnit::month, n); }
Interval weekly(int n = 1) { return every(IntervalUnit::week, n); }
Interval daily(int n = 1) { return every(IntervalUnit::day, n); }
Interval fixed(std::vector<Date> dates) { return Interval{IntervalUnit::fixed, 1, std::move(dates)}; }

Term months(int n) { return Term{n, TermUnit::month}; }
Term years(int n) { return Term{n, TermUnit::year}; }

Schedule make(Date start, Interval interval, std::optional<Term> term = std::nullopt) {
  return Schedule::create(start, std::move(interval), term);
}

// The first n occurrences, through the public expansion API.
std::vector<Date> first_n(const Schedule& s, std::size_t n) { return s.between(s.start(), Date::max(), n); }

std::vector<std::string> fields(const Violations& v) {
  std::vector<std::string> out;
  for (const FieldError& e : v.items()) out.push_back(e.field);
  return out;
}

// Every message must be presentable in both languages, and not be a copy of the other.
void expect_bilingual(const Violations& v) {
  for (const FieldError& e : v.items()) {
    EXPECT_FALSE(e.message.de.empty()) << e.field;
    EXPECT_FALSE(e.message.en.empty()) << e.field;
    EXPECT_NE(e.message.de, e.message.en) << e.field;
  }
}

Violations check(Date start, const Interval& interval, std::optional<Term> term = std::nullopt) {
  return Schedule::check(start, interval, term);
}

// --- month arithmetic: no drift ------------------------------------------------------------

TEST(ScheduleMonthly, FromJan31ClampsWithoutDrift) {
  const Schedule s = make(d(2024, 1, 31), monthly());
  EXPECT_THAT(first_n(s, 14),
              ElementsAre(d(2024, 1, 31), d(2024, 2, 29), d(2024, 3, 31), d(2024, 4, 30), d(2024, 5, 31),
                          d(2024, 6, 30), d(2024, 7, 31), d(2024, 8, 31), d(2024, 9, 30), d(2024, 10, 31),
                          d(2024, 11, 30), d(2024, 12, 31), d(2025, 1, 31), d(2025, 2, 28)));
}

TEST(ScheduleMonthly, FromJan31InACommonYear) {
  const Schedule s = make(d(2023, 1, 31), monthly());
  EXPECT_THAT(first_n(s, 4), ElementsAre(d(2023, 1, 31), d(2023, 2, 28), d(2023, 3, 31), d(2023, 4, 30)));
}

TEST(ScheduleMonthly, FromThe30thAnd29th) {
  EXPECT_THAT(first_n(make(d(2023, 1, 30), monthly()), 3), ElementsAre(d(2023, 1, 30), d(2023, 2, 28), d(2023, 3, 30)));
  EXPECT_THAT(first_n(make(d(2024, 1, 29), monthly()), 3), ElementsAre(d(2024, 1, 29), d(2024, 2, 29), d(2024, 3, 29)));
  EXPECT_THAT(first_n(make(d(2023, 1, 29), monthly()), 3), ElementsAre(d(2023, 1, 29), d(2023, 2, 28), d(2023, 3, 29)));
}

TEST(ScheduleMonthly, EveryThreeMonthsFromMonthEnd) {
  EXPECT_THAT(first_n(make(d(2023, 11, 30), monthly(3)), 5),
              ElementsAre(d(2023, 11, 30), d(2024, 2, 29), d(2024, 5, 30), d(2024, 8, 30), d(2024, 11, 30)));
  EXPECT_THAT(first_n(make(d(2023, 1, 31), monthly(3)), 5),
              ElementsAre(d(2023, 1, 31), d(2023, 4, 30), d(2023, 7, 31), d(2023, 10, 31), d(2024, 1, 31)));
}

TEST(ScheduleMonthly, EveryTwelveMonthsEqualsYearly) {
  const Schedule m = make(d(2024, 2, 29), monthly(12));
  const Schedule y = make(d(2024, 2, 29), yearly());
  EXPECT_EQ(first_n(m, 200), first_n(y, 200));
}

TEST(ScheduleMonthly, DayOfMonthIsRestoredAfterEveryShortMonth) {
  const Schedule s = make(d(1999, 12, 31), monthly());
  for (const Date o : first_n(s, 1200)) {
    const CivilDate c = o.civil();
    EXPECT_EQ(c.day, days_in_month(c.year, c.month)) << o.to_string();
  }
}

// --- yearly --------------------------------------------------------------------------------

TEST(ScheduleYearly, From29FebFallsOn28FebInCommonYears) {
  const Schedule s = make(d(2024, 2, 29), yearly());
  EXPECT_THAT(first_n(s, 6), ElementsAre(d(2024, 2, 29), d(2025, 2, 28), d(2026, 2, 28), d(2027, 2, 28), d(2028, 2, 29),
                                         d(2029, 2, 28)));
  EXPECT_EQ(s.first_on_or_after(d(2100, 1, 1)), d(2100, 2, 28));  // 2100 is not a leap year
  EXPECT_EQ(s.first_on_or_after(d(2100, 3, 1)), d(2101, 2, 28));
  EXPECT_EQ(s.first_on_or_after(d(2399, 3, 1)), d(2400, 2, 29));
}

TEST(ScheduleYearly, EveryFourYearsFrom29Feb) {
  const Schedule s = make(d(2024, 2, 29), yearly(4));
  EXPECT_THAT(first_n(s, 3), ElementsAre(d(2024, 2, 29), d(2028, 2, 29), d(2032, 2, 29)));
  EXPECT_THAT(s.between(d(2090, 1, 1), d(2110, 1, 1)),
              ElementsAre(d(2092, 2, 29), d(2096, 2, 29), d(2100, 2, 28), d(2104, 2, 29), d(2108, 2, 29)));
}

TEST(ScheduleYearly, EveryTwoYearsFrom29Feb) {
  EXPECT_THAT(first_n(make(d(2024, 2, 29), yearly(2)), 4),
              ElementsAre(d(2024, 2, 29), d(2026, 2, 28), d(2028, 2, 29), d(2030, 2, 28)));
}

TEST(ScheduleYearly, KeepsMonthAndDay) {
  EXPECT_THAT(first_n(make(d(2023, 7, 14), yearly(3)), 3), ElementsAre(d(2023, 7, 14), d(2026, 7, 14), d(2029, 7, 14)));
}

// --- week and day --------------------------------------------------------------------------

TEST(ScheduleWeekly, KeepsTheWeekday) {
  // 2024-03-27 is a Wednesday; the series crosses the DST change of 31 March unaffected.
  const Schedule s = make(d(2024, 3, 27), weekly());
  EXPECT_THAT(first_n(s, 3), ElementsAre(d(2024, 3, 27), d(2024, 4, 3), d(2024, 4, 10)));
  const auto weekday = [](Date x) { return ((x.days() % 7) + 7) % 7; };
  const std::vector<Date> all = first_n(s, 600);
  ASSERT_EQ(all.size(), 600U);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(weekday(all[i]), weekday(s.start()));
    EXPECT_EQ(all[i].days() - s.start().days(), static_cast<std::int32_t>(7 * i));
  }
}

TEST(ScheduleWeekly, EveryTwoWeeks) {
  EXPECT_THAT(first_n(make(d(2024, 12, 23), weekly(2)), 3),
              ElementsAre(d(2024, 12, 23), d(2025, 1, 6), d(2025, 1, 20)));
}

TEST(ScheduleDaily, EveryDayAndEveryNDays) {
  EXPECT_THAT(first_n(make(d(2024, 2, 27), daily()), 4),
              ElementsAre(d(2024, 2, 27), d(2024, 2, 28), d(2024, 2, 29), d(2024, 3, 1)));
  EXPECT_THAT(first_n(make(d(2024, 2, 25), daily(10)), 3), ElementsAre(d(2024, 2, 25), d(2024, 3, 6), d(2024, 3, 16)));
  EXPECT_THAT(first_n(make(d(2024, 1, 1), daily(14)), 3), ElementsAre(d(2024, 1, 1), d(2024, 1, 15), d(2024, 1, 29)));
  EXPECT_THAT(first_n(make(d(2024, 1, 1), daily(3650)), 2), ElementsAre(d(2024, 1, 1), d(2033, 12, 29)));
}

// --- fixed dates ---------------------------------------------------------------------------

TEST(ScheduleFixed, SortsUnsortedInputAndDropsDatesBeforeTheStart) {
  const Schedule s =
      make(d(2024, 1, 10), fixed({d(2024, 12, 1), d(2024, 3, 15), d(2023, 5, 1), d(2024, 6, 30), d(2024, 1, 9)}));
  EXPECT_THAT(first_n(s, 100), ElementsAre(d(2024, 3, 15), d(2024, 6, 30), d(2024, 12, 1)));
  EXPECT_EQ(s.first_on_or_after(d(2000, 1, 1)), d(2024, 3, 15));
  EXPECT_EQ(s.next_after(d(2024, 3, 15)), d(2024, 6, 30));
  EXPECT_EQ(s.next_after(d(2024, 12, 1)), std::nullopt);
  EXPECT_EQ(s.first_on_or_after(d(2024, 12, 2)), std::nullopt);
}

TEST(ScheduleFixed, ADateOnTheStartIsAnOccurrence) {
  const Schedule s = make(d(2024, 5, 1), fixed({d(2024, 5, 1), d(2024, 4, 30)}));
  EXPECT_THAT(first_n(s, 10), ElementsAre(d(2024, 5, 1)));
}

TEST(ScheduleFixed, AllDatesBeforeTheStartMeansNoOccurrence) {
  const Schedule s = make(d(2025, 1, 1), fixed({d(2024, 5, 1), d(2024, 12, 31)}));
  EXPECT_THAT(first_n(s, 10), IsEmpty());
  EXPECT_EQ(s.first_on_or_after(d(1900, 1, 1)), std::nullopt);
  EXPECT_EQ(s.next_after(d(1900, 1, 1)), std::nullopt);
}

TEST(ScheduleFixed, TermCutsFixedDates) {
  const Schedule s =
      make(d(2024, 1, 1), fixed({d(2024, 6, 1), d(2024, 12, 31), d(2025, 1, 1), d(2025, 3, 1)}), years(1));
  EXPECT_THAT(first_n(s, 10), ElementsAre(d(2024, 6, 1), d(2024, 12, 31)));
  EXPECT_EQ(s.first_on_or_after(d(2025, 1, 1)), std::nullopt);
  EXPECT_EQ(s.next_after(d(2024, 12, 31)), std::nullopt);
}

TEST(ScheduleFixed, DuplicatesAreRefused) {
  const Violations v = check(d(2024, 1, 1), fixed({d(2024, 6, 1), d(2024, 3, 1), d(2024, 6, 1)}));
  EXPECT_THAT(fields(v), ElementsAre("interval.dates"));
  expect_bilingual(v);
  EXPECT_THROW(make(d(2024, 1, 1), fixed({d(2024, 6, 1), d(2024, 6, 1)})), Error);
}

TEST(ScheduleFixed, CountLimits) {
  EXPECT_THAT(fields(check(d(2024, 1, 1), fixed({}))), ElementsAre("interval.dates"));
  std::vector<Date> dates;
  for (int i = 0; i < 366; ++i) dates.push_back(d(2024, 1, 1).plus_days(i));
  EXPECT_TRUE(check(d(2024, 1, 1), fixed(dates)).empty());
  EXPECT_EQ(first_n(make(d(2024, 1, 1), fixed(dates)), 1000).size(), 366U);
  dates.push_back(d(2025, 1, 1));
  EXPECT_THAT(fields(check(d(2024, 1, 1), fixed(dates))), ElementsAre("interval.dates"));
}

TEST(ScheduleFixed, DatesOutsideTheRangeAreRefused) {
  EXPECT_THAT(fields(check(d(2024, 1, 1), fixed({Date::min().plus_days(-1)}))), ElementsAre("interval.dates"));
  EXPECT_THAT(fields(check(d(2024, 1, 1), fixed({Date::max().plus_days(1)}))), ElementsAre("interval.dates"));
  EXPECT_TRUE(check(d(2024, 1, 1), fixed({Date::min(), Date::max()})).empty());
}

TEST(ScheduleFixed, EveryIsIgnored) {
  EXPECT_TRUE(check(d(2024, 1, 1), Interval{IntervalUnit::fixed, 0, {d(2024, 2, 1)}}).empty());
  EXPECT_TRUE(check(d(2024, 1, 1), Interval{IntervalUnit::fixed, 99999, {d(2024, 2, 1)}}).empty());
}

TEST(ScheduleFixed, DatesOnARecurringScheduleAreRefused) {
  EXPECT_THAT(fields(check(d(2024, 1, 1), Interval{IntervalUnit::month, 1, {d(2024, 2, 1)}})),
              ElementsAre("interval.dates"));
}

// --- k = 0 ---------------------------------------------------------------------------------

TEST(ScheduleStart, TheStartDateIsTheFirstOccurrenceForEveryUnit) {
  const Date start = d(2024, 2, 29);
  for (const Interval& i : {yearly(), yearly(10), monthly(), monthly(120), weekly(), weekly(520), daily(), daily(3650),
                            fixed({start, d(2030, 1, 1)})}) {
    const Schedule s = make(start, i);
    EXPECT_EQ(s.first_on_or_after(d(1900, 1, 1)), start) << to_string(i.unit);
    EXPECT_EQ(s.first_on_or_after(start.plus_days(-1)), start) << to_string(i.unit);
    EXPECT_EQ(s.first_on_or_after(start), start) << to_string(i.unit);
    EXPECT_GT(s.first_on_or_after(start.plus_days(1)), start) << to_string(i.unit);
    ASSERT_FALSE(first_n(s, 1).empty());
    EXPECT_EQ(first_n(s, 1).front(), start);
  }
}

// --- term ----------------------------------------------------------------------------------

TEST(ScheduleTerm, MonthsEndIsExclusive) {
  const Schedule s = make(d(2024, 1, 15), monthly(), months(12));
  EXPECT_EQ(s.end_of_term(), d(2025, 1, 15));
  const std::vector<Date> all = first_n(s, 100);
  ASSERT_EQ(all.size(), 12U);
  EXPECT_EQ(all.back(), d(2024, 12, 15));
  EXPECT_EQ(s.first_on_or_after(d(2024, 12, 16)), std::nullopt);
  EXPECT_EQ(s.next_after(d(2024, 12, 15)), std::nullopt);
}

TEST(ScheduleTerm, YearsEndIsExclusive) {
  const Schedule one = make(d(2024, 3, 1), yearly(), years(1));
  EXPECT_EQ(one.end_of_term(), d(2025, 3, 1));
  EXPECT_THAT(first_n(one, 10), ElementsAre(d(2024, 3, 1)));
  const Schedule five = make(d(2024, 3, 1), yearly(), years(5));
  EXPECT_THAT(first_n(five, 10),
              ElementsAre(d(2024, 3, 1), d(2025, 3, 1), d(2026, 3, 1), d(2027, 3, 1), d(2028, 3, 1)));
  // A daily schedule with a one-year term covering a leap day has 366 occurrences.
  EXPECT_EQ(first_n(make(d(2024, 1, 1), daily(), years(1)), 1000).size(), 366U);
  EXPECT_EQ(first_n(make(d(2023, 1, 1), daily(), years(1)), 1000).size(), 365U);
}

TEST(ScheduleTerm, EndOnAClampedDate) {
  const Schedule leap = make(d(2024, 1, 31), monthly(), months(1));
  EXPECT_EQ(leap.end_of_term(), d(2024, 2, 29));
  // The clamped second occurrence coincides with the exclusive end and is therefore out.
  EXPECT_THAT(first_n(leap, 10), ElementsAre(d(2024, 1, 31)));
  EXPECT_EQ(leap.first_on_or_after(d(2024, 2, 1)), std::nullopt);
  EXPECT_EQ(leap.next_after(d(2024, 1, 31)), std::nullopt);

  const Schedule common = make(d(2023, 1, 31), monthly(), months(1));
  EXPECT_EQ(common.end_of_term(), d(2023, 2, 28));
  EXPECT_THAT(first_n(common, 10), ElementsAre(d(2023, 1, 31)));

  const Schedule days = make(d(2024, 1, 31), daily(), months(1));
  const std::vector<Date> all = first_n(days, 100);
  ASSERT_EQ(all.size(), 29U);  // 31 Jan + 1..28 Feb
  EXPECT_EQ(all.back(), d(2024, 2, 28));
  EXPECT_EQ(days.first_on_or_after(d(2024, 2, 28)), d(2024, 2, 28));
  EXPECT_EQ(days.first_on_or_after(d(2024, 2, 29)), std::nullopt);
}

TEST(ScheduleTerm, YearlyFrom29FebWithOneYearTerm) {
  const Schedule s = make(d(2024, 2, 29), yearly(), years(1));
  EXPECT_EQ(s.end_of_term(), d(2025, 2, 28));
  EXPECT_THAT(first_n(s, 10), ElementsAre(d(2024, 2, 29)));
  EXPECT_EQ(s.first_on_or_after(d(2025, 2, 1)), std::nullopt);
  const Schedule four = make(d(2024, 2, 29), yearly(), years(4));
  EXPECT_EQ(four.end_of_term(), d(2028, 2, 29));
  EXPECT_THAT(first_n(four, 10), ElementsAre(d(2024, 2, 29), d(2025, 2, 28), d(2026, 2, 28), d(2027, 2, 28)));
}

TEST(ScheduleTerm, TermShorterThanTheStepLeavesOnlyTheStart) {
  const Schedule s = make(d(2024, 5, 5), yearly(10), years(3));
  EXPECT_THAT(first_n(s, 10), ElementsAre(d(2024, 5, 5)));
  EXPECT_EQ(s.first_on_or_after(d(2024, 5, 6)), std::nullopt);
  EXPECT_EQ(make(d(2024, 5, 5), daily(3650), months(1)).first_on_or_after(d(2024, 5, 6)), std::nullopt);
}

TEST(ScheduleTerm, OpenEnded) {
  const Schedule s = make(d(2024, 5, 5), yearly());
  EXPECT_EQ(s.end_of_term(), std::nullopt);
  EXPECT_EQ(s.term(), std::nullopt);
  EXPECT_EQ(s.first_on_or_after(d(5000, 1, 1)), d(5000, 5, 5));
  EXPECT_EQ(first_n(s, 100000).size(), static_cast<std::size_t>(9999 - 2024 + 1));
}

TEST(ScheduleTerm, CountLimits) {
  const Date start = d(2024, 1, 1);
  EXPECT_TRUE(check(start, monthly(), months(1)).empty());
  EXPECT_TRUE(check(start, monthly(), months(ScheduleLimits::max_term_months)).empty());
  EXPECT_TRUE(check(start, monthly(), years(1)).empty());
  EXPECT_TRUE(check(start, monthly(), years(ScheduleLimits::max_term_years)).empty());
  for (const Term t : {months(0), months(-1), months(ScheduleLimits::max_term_months + 1), years(0), years(-5),
                       years(ScheduleLimits::max_term_years + 1)}) {
    const Violations v = check(start, monthly(), t);
    EXPECT_THAT(fields(v), ElementsAre("term.count")) << t.count << ' ' << to_string(t.unit);
    expect_bilingual(v);
  }
  EXPECT_EQ(ScheduleLimits::max_term_months, 1200);
  EXPECT_EQ(ScheduleLimits::max_term_years, 100);
}

TEST(ScheduleTerm, EndAfterTheLastSupportedDayIsRefused) {
  EXPECT_TRUE(check(d(9999, 6, 1), monthly(), months(6)).empty());  // ends 9999-12-01
  EXPECT_THAT(fields(check(d(9999, 6, 1), monthly(), months(7))), ElementsAre("term.count"));
  EXPECT_THAT(fields(check(d(9999, 6, 1), monthly(), years(1))), ElementsAre("term.count"));
  EXPECT_THAT(fields(check(d(9950, 1, 1), yearly(), years(100))), ElementsAre("term.count"));
}

// --- every: limits per unit ----------------------------------------------------------------

struct EveryLimit {
  IntervalUnit unit;
  int max;
};

class ScheduleEveryLimits : public ::testing::TestWithParam<EveryLimit> {};

TEST_P(ScheduleEveryLimits, AcceptsOneToMaxAndRefusesTheRest) {
  const auto [unit, max] = GetParam();
  const Date start = d(2024, 1, 31);
  EXPECT_TRUE(check(start, every(unit, 1)).empty());
  EXPECT_TRUE(check(start, every(unit, max)).empty());
  EXPECT_TRUE(check(start, every(unit, max / 2)).empty());
  for (const int n : {0, -1, max + 1, 1000000}) {
    const Violations v = check(start, every(unit, n));
    EXPECT_THAT(fields(v), ElementsAre("interval.every")) << n;
    expect_bilingual(v);
    // The message names the allowed range, so the user knows what to enter.
    ASSERT_EQ(v.items().size(), 1U);
    EXPECT_NE(v.items()[0].message.en.find(std::to_string(max)), std::string::npos) << v.items()[0].message.en;
    EXPECT_NE(v.items()[0].message.de.find(std::to_string(max)), std::string::npos) << v.items()[0].message.de;
    try {
      make(start, every(unit, n));
      ADD_FAILURE() << "accepted every=" << n;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::validation);
      EXPECT_EQ(e.fields().size(), 1U);
    }
  }
  // The maximum step still expands correctly.
  const Schedule s = make(start, every(unit, max));
  const std::vector<Date> two = first_n(s, 2);
  ASSERT_EQ(two.size(), 2U);
  EXPECT_GT(two[1], two[0]);
}

INSTANTIATE_TEST_SUITE_P(Units, ScheduleEveryLimits,
                         ::testing::Values(EveryLimit{IntervalUnit::year, 10}, EveryLimit{IntervalUnit::month, 120},
                                           EveryLimit{IntervalUnit::week, 520}, EveryLimit{IntervalUnit::day, 3650}),
                         [](const ::testing::TestParamInfo<EveryLimit>& param_info) {
                           return std::string(to_string(param_info.param.unit));
                         });

TEST(ScheduleLimitsConstants, MatchTheSpec) {
  EXPECT_EQ(ScheduleLimits::max_every_year, 10);
  EXPECT_EQ(ScheduleLimits::max_every_month, 120);
  EXPECT_EQ(ScheduleLimits::max_every_week, 520);
  EXPECT_EQ(ScheduleLimits::max_every_day, 3650);
  EXPECT_EQ(ScheduleLimits::max_fixed_dates, 366U);
}

// --- validation: start and all problems at once --------------------------------------------

TEST(ScheduleValidation, StartOutsideTheRange) {
  EXPECT_TRUE(check(Date::min(), monthly()).empty());
  EXPECT_TRUE(check(Date::max(), monthly()).empty());
  EXPECT_THAT(fields(check(Date::min().plus_days(-1), monthly())), ElementsAre("start_date"));
  EXPECT_THAT(fields(check(Date::max().plus_days(1), monthly())), ElementsAre("start_date"));
  EXPECT_THAT(fields(check(Date::from_days(-10000000), monthly())), ElementsAre("start_date"));
}

TEST(ScheduleValidation, ReportsEveryProblemAtOnce) {
  const Violations v = check(Date::min().plus_days(-1), Interval{IntervalUnit::week, 0, {d(2024, 1, 1)}}, months(0));
  EXPECT_THAT(fields(v), UnorderedElementsAre("start_date", "interval.every", "interval.dates", "term.count"));
  expect_bilingual(v);
  try {
    Schedule::create(Date::min().plus_days(-1), Interval{IntervalUnit::week, 0, {d(2024, 1, 1)}}, months(0));
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::validation);
    std::vector<std::string> thrown;
    for (const FieldError& f : e.fields()) thrown.push_back(f.field);
    EXPECT_EQ(thrown, fields(v));
    EXPECT_FALSE(e.message().de.empty());
    EXPECT_FALSE(e.message().en.empty());
  }
}

TEST(ScheduleValidation, FixedDuplicatesOutOfRangeAndBadTermTogether) {
  const Violations v =
      check(d(2024, 1, 1), fixed({Date::max().plus_days(1), Date::max().plus_days(1), d(2024, 2, 1)}), years(101));
  EXPECT_THAT(fields(v), UnorderedElementsAre("interval.dates", "interval.dates", "term.count"));
  expect_bilingual(v);
}

// A term that runs past 9999-12-31 is a problem of its own, independent of a bad `every`.
TEST(ScheduleValidation, TermPastTheLastDayIsReportedAlongsideOtherProblems) {
  const Violations v = check(d(9999, 1, 1), monthly(0), years(5));
  EXPECT_THAT(fields(v), UnorderedElementsAre("interval.every", "term.count"));
  expect_bilingual(v);
}

TEST(ScheduleValidation, ValidInputHasNoViolations) {
  EXPECT_TRUE(check(d(2024, 1, 31), monthly(), years(2)).empty());
  EXPECT_NO_THROW(make(d(2024, 1, 31), monthly(), years(2)));
}

// --- queries -------------------------------------------------------------------------------

TEST(ScheduleQueries, FirstOnOrAfter) {
  const Schedule s = make(d(2024, 1, 31), monthly());
  EXPECT_EQ(s.first_on_or_after(d(2023, 6, 1)), d(2024, 1, 31));
  EXPECT_EQ(s.first_on_or_after(d(2024, 1, 31)), d(2024, 1, 31));
  EXPECT_EQ(s.first_on_or_after(d(2024, 2, 1)), d(2024, 2, 29));
  EXPECT_EQ(s.first_on_or_after(d(2024, 2, 29)), d(2024, 2, 29));
  EXPECT_EQ(s.first_on_or_after(d(2024, 3, 1)), d(2024, 3, 31));
  EXPECT_EQ(s.first_on_or_after(d(2024, 4, 30)), d(2024, 4, 30));
  EXPECT_EQ(s.first_on_or_after(d(2024, 5, 1)), d(2024, 5, 31));
  const Schedule w = make(d(2024, 1, 3), weekly(2));
  EXPECT_EQ(w.first_on_or_after(d(2024, 1, 4)), d(2024, 1, 17));
  EXPECT_EQ(w.first_on_or_after(d(2024, 1, 17)), d(2024, 1, 17));
  EXPECT_EQ(w.first_on_or_after(d(2024, 1, 18)), d(2024, 1, 31));
}

TEST(ScheduleQueries, NextAfter) {
  const Schedule s = make(d(2024, 1, 31), monthly());
  EXPECT_EQ(s.next_after(d(2024, 1, 31)), d(2024, 2, 29));
  EXPECT_EQ(s.next_after(d(2024, 2, 29)), d(2024, 3, 31));
  EXPECT_EQ(s.next_after(d(2024, 2, 10)), d(2024, 2, 29));  // not an occurrence: the next one after it
  EXPECT_EQ(s.next_after(d(2020, 1, 1)), d(2024, 1, 31));
  EXPECT_EQ(s.next_after(Date::max()), std::nullopt);
  const Schedule y = make(d(2024, 2, 29), yearly());
  EXPECT_EQ(y.next_after(d(2024, 2, 29)), d(2025, 2, 28));
  EXPECT_EQ(y.next_after(d(2027, 2, 28)), d(2028, 2, 29));
}

TEST(ScheduleQueries, BetweenIsInclusiveAndHonoursTheLimit) {
  const Schedule s = make(d(2024, 1, 1), daily(7));
  EXPECT_THAT(s.between(d(2024, 1, 8), d(2024, 1, 22)), ElementsAre(d(2024, 1, 8), d(2024, 1, 15), d(2024, 1, 22)));
  EXPECT_THAT(s.between(d(2024, 1, 9), d(2024, 1, 21)), ElementsAre(d(2024, 1, 15)));
  EXPECT_THAT(s.between(d(2024, 1, 8), d(2024, 12, 31), 2), ElementsAre(d(2024, 1, 8), d(2024, 1, 15)));
  EXPECT_THAT(s.between(d(2024, 1, 8), d(2024, 12, 31), 0), IsEmpty());
  EXPECT_THAT(s.between(d(2024, 1, 22), d(2024, 1, 8)), IsEmpty());
  EXPECT_THAT(s.between(d(2024, 1, 9), d(2024, 1, 14)), IsEmpty());
  EXPECT_THAT(s.between(d(2023, 1, 1), d(2024, 1, 1)), ElementsAre(d(2024, 1, 1)));
  EXPECT_THAT(s.between(d(2023, 1, 1), d(2023, 12, 31)), IsEmpty());
  EXPECT_THAT(s.between(d(2024, 1, 15), d(2024, 1, 15)), ElementsAre(d(2024, 1, 15)));

  const Schedule m = make(d(2024, 1, 31), monthly());
  EXPECT_THAT(m.between(d(2024, 2, 29), d(2024, 4, 30)), ElementsAre(d(2024, 2, 29), d(2024, 3, 31), d(2024, 4, 30)));
  EXPECT_THAT(m.between(d(2024, 3, 1), d(2024, 3, 30)), IsEmpty());
  EXPECT_THAT(m.between(d(2024, 2, 1), d(2024, 2, 28)), IsEmpty());
  EXPECT_THAT(m.between(d(2024, 4, 30), d(2024, 3, 1)), IsEmpty());

  const Schedule t = make(d(2024, 1, 1), monthly(), months(3));
  EXPECT_THAT(t.between(d(2000, 1, 1), d(2100, 1, 1)), ElementsAre(d(2024, 1, 1), d(2024, 2, 1), d(2024, 3, 1)));
}

TEST(ScheduleQueries, ForEachBetweenStopsWhenAsked) {
  const Schedule s = make(d(2024, 1, 1), daily());
  int calls = 0;
  s.for_each_between(d(2024, 1, 1), d(2024, 12, 31), [&](Date) { return ++calls < 5; });
  EXPECT_EQ(calls, 5);
  calls = 0;
  make(d(2024, 1, 1), monthly()).for_each_between(d(2024, 1, 1), d(2030, 1, 1), [&](Date) { return ++calls < 3; });
  EXPECT_EQ(calls, 3);
  calls = 0;
  make(d(2024, 1, 1), fixed({d(2024, 2, 1), d(2024, 3, 1), d(2024, 4, 1)}))
      .for_each_between(d(2024, 1, 1), d(2030, 1, 1), [&](Date) { return ++calls < 2; });
  EXPECT_EQ(calls, 2);
}

TEST(ScheduleQueries, ReminderDate) {
  EXPECT_EQ(reminder_date(d(2024, 3, 10), 0), d(2024, 3, 10));
  EXPECT_EQ(reminder_date(d(2024, 3, 10), 14), d(2024, 2, 25));
  EXPECT_EQ(reminder_date(d(2024, 3, 1), 1), d(2024, 2, 29));
  EXPECT_EQ(reminder_date(d(2024, 1, 5), 10), d(2023, 12, 26));
  EXPECT_EQ(reminder_date(d(2025, 1, 1), 365), d(2024, 1, 2));
  static_assert(reminder_date(Date::from_civil(2024, 1, 2), 1) == Date::from_civil(2024, 1, 1));
}

TEST(ScheduleQueries, Accessors) {
  const Schedule s = make(d(2024, 1, 31), monthly(2), years(3));
  EXPECT_EQ(s.start(), d(2024, 1, 31));
  EXPECT_EQ(s.interval().unit, IntervalUnit::month);
  EXPECT_EQ(s.interval().every, 2);
  EXPECT_EQ(s.term(), years(3));
  EXPECT_EQ(s.end_of_term(), d(2027, 1, 31));
}

// --- describe and names --------------------------------------------------------------------

TEST(ScheduleDescribe, GermanAndEnglishTexts) {
  const auto de = [](const Interval& i) { return describe(i).de; };
  const auto en = [](const Interval& i) { return describe(i).en; };
  EXPECT_EQ(de(yearly()), "jährlich");
  EXPECT_EQ(en(yearly()), "yearly");
  EXPECT_EQ(de(yearly(2)), "alle 2 Jahre");
  EXPECT_EQ(en(yearly(2)), "every 2 years");
  EXPECT_EQ(de(monthly()), "monatlich");
  EXPECT_EQ(de(monthly(3)), "alle 3 Monate");
  EXPECT_EQ(en(monthly(3)), "every 3 months");
  EXPECT_EQ(de(weekly()), "wöchentlich");
  EXPECT_EQ(de(weekly(2)), "alle 2 Wochen");
  EXPECT_EQ(de(daily()), "täglich");
  EXPECT_EQ(de(daily(14)), "alle 14 Tage");
  EXPECT_EQ(en(daily(14)), "every 14 days");
  EXPECT_EQ(de(fixed({d(2024, 1, 1)})), "festes Datum");
  EXPECT_EQ(en(fixed({d(2024, 1, 1)})), "fixed dates");
  EXPECT_EQ(describe(fixed({d(2024, 1, 1)})).in(true), "fixed dates");
  EXPECT_EQ(describe(fixed({d(2024, 1, 1)})).in(false), "festes Datum");
}

TEST(ScheduleNames, UnitsRoundTrip) {
  for (const IntervalUnit u :
       {IntervalUnit::year, IntervalUnit::month, IntervalUnit::week, IntervalUnit::day, IntervalUnit::fixed}) {
    EXPECT_EQ(interval_unit_from_string(to_string(u)), u);
  }
  EXPECT_EQ(to_string(IntervalUnit::fixed), "fixed");
  EXPECT_EQ(interval_unit_from_string("Year"), std::nullopt);
  EXPECT_EQ(interval_unit_from_string(""), std::nullopt);
  for (const TermUnit u : {TermUnit::month, TermUnit::year}) EXPECT_EQ(term_unit_from_string(to_string(u)), u);
  EXPECT_EQ(term_unit_from_string("week"), std::nullopt);
}

// --- the end of the calendar ---------------------------------------------------------------

TEST(ScheduleRangeEnd, DailyStopsAtTheLastSupportedDay) {
  const Schedule s = make(d(9999, 12, 25), daily());
  const std::vector<Date> all = s.between(s.start(), Date::max().plus_days(1000));
  ASSERT_EQ(all.size(), 7U);
  EXPECT_EQ(all.back(), Date::max());
  EXPECT_EQ(s.first_on_or_after(Date::max()), Date::max());
  EXPECT_EQ(s.next_after(Date::max()), std::nullopt);
  EXPECT_EQ(s.next_after(d(9999, 12, 30)), Date::max());
  EXPECT_EQ(s.first_on_or_after(Date::max().plus_days(1)), std::nullopt);
}

TEST(ScheduleRangeEnd, MonthlyAndYearlyStopCleanly) {
  const Schedule m = make(d(9999, 10, 31), monthly());
  EXPECT_THAT(first_n(m, 100), ElementsAre(d(9999, 10, 31), d(9999, 11, 30), d(9999, 12, 31)));
  EXPECT_EQ(m.next_after(d(9999, 12, 31)), std::nullopt);
  EXPECT_EQ(m.first_on_or_after(d(9999, 12, 1)), d(9999, 12, 31));

  const Schedule y = make(d(9998, 2, 28), yearly());
  EXPECT_THAT(first_n(y, 100), ElementsAre(d(9998, 2, 28), d(9999, 2, 28)));
  EXPECT_EQ(y.next_after(d(9999, 2, 28)), std::nullopt);
  EXPECT_EQ(y.first_on_or_after(d(9999, 3, 1)), std::nullopt);

  const Schedule ten = make(d(9990, 6, 1), yearly(10));
  EXPECT_THAT(first_n(ten, 100), ElementsAre(d(9990, 6, 1)));
  EXPECT_EQ(ten.first_on_or_after(d(9990, 6, 2)), std::nullopt);

  const Schedule big = make(d(9995, 1, 1), monthly(120));
  EXPECT_EQ(big.first_on_or_after(d(9995, 1, 2)), std::nullopt);
}

TEST(ScheduleRangeEnd, LargeStepsNearTheEnd) {
  const Schedule days = make(d(9990, 1, 1), daily(3650));
  const std::vector<Date> all = first_n(days, 100);
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[1], d(9990, 1, 1).plus_days(3650));
  EXPECT_EQ(days.next_after(all[1]), std::nullopt);
  EXPECT_EQ(days.first_on_or_after(all[1].plus_days(1)), std::nullopt);

  const Schedule weeks = make(d(9999, 1, 1), weekly(520));
  EXPECT_THAT(first_n(weeks, 100), ElementsAre(d(9999, 1, 1)));
  EXPECT_EQ(weeks.first_on_or_after(d(9999, 1, 2)), std::nullopt);
  EXPECT_EQ(weeks.next_after(Date::max()), std::nullopt);

  const Schedule last_day = make(Date::max(), weekly());
  EXPECT_THAT(first_n(last_day, 100), ElementsAre(Date::max()));
  EXPECT_EQ(last_day.next_after(Date::max()), std::nullopt);
}

TEST(ScheduleRangeEnd, TermEndingOnTheLastMonth) {
  const Schedule s = make(d(9999, 1, 31), monthly(), months(11));
  EXPECT_EQ(s.end_of_term(), d(9999, 12, 31));
  const std::vector<Date> all = first_n(s, 100);
  ASSERT_EQ(all.size(), 11U);
  EXPECT_EQ(all.back(), d(9999, 11, 30));
  EXPECT_EQ(s.next_after(d(9999, 11, 30)), std::nullopt);
}

TEST(ScheduleRangeEnd, FixedDateOnTheLastDay) {
  const Schedule s = make(d(9999, 1, 1), fixed({Date::max(), d(9999, 6, 1)}));
  EXPECT_THAT(first_n(s, 10), ElementsAre(d(9999, 6, 1), Date::max()));
  EXPECT_EQ(s.next_after(Date::max()), std::nullopt);
}

TEST(ScheduleRangeStart, EarliestStart) {
  const Schedule s = make(Date::min(), monthly());
  EXPECT_EQ(s.first_on_or_after(Date::min()), Date::min());
  EXPECT_EQ(s.first_on_or_after(Date::from_days(-10000000)), Date::min());
  EXPECT_EQ(s.next_after(Date::min()), d(1900, 2, 1));
}

}  // namespace
}  // namespace turnus::domain
