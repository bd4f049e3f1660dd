#include "domain/contract.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"
#include "domain/schedule.hpp"

namespace turnus::domain {

// Readable failure messages; gtest finds it by argument-dependent lookup. Identical in every
// test file of this target, as an inline function must be.
inline void PrintTo(const Date& date, std::ostream* os) { *os << date.to_string(); }

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

Date d(int y, int m, int day) { return Date::from_civil(y, m, day); }

constexpr Id kOrg = 42;

// A valid maintenance contract: monthly on the 15th from 15 Jan 2024, a task for employee 3.
ContractDraft draft() {
  ContractDraft dr;
  dr.name = "Heizungswartung Müller";
  dr.customer_id = 7;
  dr.start_date = d(2024, 1, 15);
  dr.interval = Interval{IntervalUnit::month, 1, {}};
  dr.action = Action{ActionType::create_task, 3};
  return dr;
}

ContractDraft with(std::function<void(ContractDraft&)> change) {
  ContractDraft dr = draft();
  change(dr);
  return dr;
}

std::vector<std::string> fields(const Violations& v) {
  std::vector<std::string> out;
  for (const FieldError& e : v.items()) out.push_back(e.field);
  return out;
}

std::vector<std::string> check_fields(const ContractDraft& dr) { return fields(Contract::check(dr)); }

// Runs `f`, which must throw an Error of `kind`; returns it for further checks.
template <class F>
Error expect_error(ErrorKind kind, F&& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    EXPECT_FALSE(e.message().de.empty());
    EXPECT_FALSE(e.message().en.empty());
    return e;
  }
  ADD_FAILURE() << "no Error thrown";
  return Error(ErrorKind::internal, {"", ""});
}

Contract created(Date today, const ContractDraft& dr = draft()) { return Contract::create(dr, kOrg, today); }

// --- create --------------------------------------------------------------------------------

TEST(ContractCreate, IsActiveAndCopiesTheDraft) {
  const Contract c = created(d(2024, 1, 1));
  EXPECT_EQ(c.status(), ContractStatus::active);
  EXPECT_EQ(c.state().organisation_id, kOrg);
  EXPECT_EQ(c.state().name, "Heizungswartung Müller");
  EXPECT_EQ(c.state().customer_id, 7);
  EXPECT_EQ(c.state().project_id, std::nullopt);
  EXPECT_EQ(c.state().action, (Action{ActionType::create_task, 3}));
  EXPECT_EQ(c.state().reminder, std::nullopt);
  EXPECT_EQ(c.state().handled_through, std::nullopt);
  EXPECT_EQ(c.state().version, 1);
  EXPECT_EQ(c.schedule().start(), d(2024, 1, 15));
}

TEST(ContractCreate, NextDueIsTheStartWhenItLiesAhead) {
  EXPECT_EQ(created(d(2024, 1, 1)).next_due_date(), d(2024, 1, 15));
  EXPECT_EQ(created(d(2024, 1, 15)).next_due_date(), d(2024, 1, 15));
}

TEST(ContractCreate, APastStartDoesNotFireItsPast) {
  EXPECT_EQ(created(d(2024, 1, 16)).next_due_date(), d(2024, 2, 15));
  EXPECT_EQ(created(d(2024, 6, 15)).next_due_date(), d(2024, 6, 15));
  EXPECT_EQ(created(d(2024, 6, 16)).next_due_date(), d(2024, 7, 15));
  const ContractDraft tuev = with([](ContractDraft& dr) {
    dr.start_date = d(2019, 3, 31);
    dr.interval = Interval{IntervalUnit::year, 2, {}};
  });
  EXPECT_EQ(created(d(2024, 6, 1), tuev).next_due_date(), d(2025, 3, 31));
  EXPECT_EQ(created(d(2024, 6, 1), tuev).state().handled_through, std::nullopt);
}

TEST(ContractCreate, NoOccurrenceLeftMeansNoNextDue) {
  const ContractDraft ended = with([](ContractDraft& dr) { dr.term = Term{3, TermUnit::month}; });
  EXPECT_EQ(created(d(2024, 4, 15), ended).next_due_date(), std::nullopt);
  EXPECT_EQ(created(d(2024, 3, 15), ended).next_due_date(), d(2024, 3, 15));
  const ContractDraft past_dates = with([](ContractDraft& dr) {
    dr.interval = Interval{IntervalUnit::fixed, 1, {d(2024, 2, 1), d(2024, 3, 1)}};
  });
  const Contract c = created(d(2024, 3, 2), past_dates);
  EXPECT_EQ(c.status(), ContractStatus::active);
  EXPECT_EQ(c.next_due_date(), std::nullopt);
}

TEST(ContractCreate, InvalidDraftThrowsValidationWithAllFields) {
  const ContractDraft bad = with([](ContractDraft& dr) {
    dr.name = std::string(1, ' ');  // not = " ": GCC 12 -Wrestrict false positive (bug 105651)
    dr.action.employee_id = 0;
  });
  const Error e = expect_error(ErrorKind::validation, [&] { created(d(2024, 1, 1), bad); });
  std::vector<std::string> got;
  for (const FieldError& f : e.fields()) got.push_back(f.field);
  EXPECT_THAT(got, UnorderedElementsAre("name", "action.employee_id"));
}

// --- validation ----------------------------------------------------------------------------

TEST(ContractValidation, ValidDraftPasses) { EXPECT_TRUE(Contract::check(draft()).empty()); }

TEST(ContractValidation, BlankName) {
  for (const char* name : {"", " ", "   ", "\t", " \r\n "}) {
    EXPECT_THAT(check_fields(with([&](ContractDraft& dr) { dr.name = name; })), ElementsAre("name"))
        << '"' << name << '"';
  }
}

TEST(ContractValidation, NameLength) {
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.name = std::string(200, 'a'); })), IsEmpty());
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.name = std::string(201, 'a'); })), ElementsAre("name"));
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.name = std::string(10000, 'x'); })), ElementsAre("name"));
}

// The message promises characters, and German names are full of two-byte umlauts.
TEST(ContractValidation, NameLengthCountsCharactersNotBytes) {
  std::string umlauts;
  for (int i = 0; i < 200; ++i) umlauts += "ä";
  EXPECT_THAT(check_fields(with([&](ContractDraft& dr) { dr.name = umlauts; })), IsEmpty());
  umlauts += "ü";
  EXPECT_THAT(check_fields(with([&](ContractDraft& dr) { dr.name = umlauts; })), ElementsAre("name"));
}

TEST(ContractValidation, ControlCharactersInName) {
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.name = "Wartung\nKessel"; })), ElementsAre("name"));
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.name = std::string("Wartung\0x", 9); })),
              ElementsAre("name"));
}

TEST(ContractValidation, CustomerAndProjectAreExclusive) {
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.project_id = 9; })), ElementsAre("project_id"));
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) {
                dr.customer_id.reset();
                dr.project_id = 9;
              })),
              IsEmpty());
}

TEST(ContractValidation, InternalTasksCanOnlyNotifyOrCreateTasks) {
  for (const ActionType type : {ActionType::create_project, ActionType::create_order}) {
    const ContractDraft internal = with([&](ContractDraft& dr) {
      dr.customer_id.reset();
      dr.action.type = type;
    });
    const Violations v = Contract::check(internal);
    EXPECT_THAT(fields(v), ElementsAre("action.type")) << to_string(type);
    ASSERT_EQ(v.items().size(), 1U);
    EXPECT_FALSE(v.items()[0].message.de.empty());
    EXPECT_FALSE(v.items()[0].message.en.empty());

    EXPECT_THAT(check_fields(with([&](ContractDraft& dr) { dr.action.type = type; })), IsEmpty());
    EXPECT_THAT(check_fields(with([&](ContractDraft& dr) {
                  dr.customer_id.reset();
                  dr.project_id = 9;
                  dr.action.type = type;
                })),
                IsEmpty());
  }
  for (const ActionType type : {ActionType::create_task, ActionType::notify}) {
    EXPECT_THAT(check_fields(with([&](ContractDraft& dr) {
                  dr.customer_id.reset();
                  dr.action.type = type;
                })),
                IsEmpty())
        << to_string(type);
  }
}

TEST(ContractValidation, EmployeeIsRequired) {
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.action.employee_id = 0; })),
              ElementsAre("action.employee_id"));
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.action.employee_id = -4; })),
              ElementsAre("action.employee_id"));
}

TEST(ContractValidation, ReminderDaysBefore) {
  for (const int ok : {0, 1, 14, 365}) {
    EXPECT_THAT(check_fields(with([&](ContractDraft& dr) { dr.reminder = Reminder{ok}; })), IsEmpty()) << ok;
  }
  for (const int bad : {-1, 366, 100000}) {
    EXPECT_THAT(check_fields(with([&](ContractDraft& dr) { dr.reminder = Reminder{bad}; })),
                ElementsAre("reminder.days_before"))
        << bad;
  }
}

TEST(ContractValidation, StartDateIsRequired) {
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.start_date.reset(); })), ElementsAre("start_date"));
}

TEST(ContractValidation, ScheduleProblemsAreIncluded) {
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.interval.every = 121; })), ElementsAre("interval.every"));
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) {
                dr.term = Term{0, TermUnit::year};
              })),
              ElementsAre("term.count"));
  EXPECT_THAT(check_fields(with([](ContractDraft& dr) { dr.start_date = Date::min().plus_days(-1); })),
              ElementsAre("start_date"));
}

TEST(ContractValidation, ReportsEveryProblemAtOnceInBothLanguages) {
  const ContractDraft bad = with([](ContractDraft& dr) {
    dr.name = "";
    dr.project_id = 9;
    dr.interval = Interval{IntervalUnit::day, 0, {d(2024, 1, 1)}};
    dr.term = Term{101, TermUnit::year};
    dr.reminder = Reminder{366};
    dr.action = Action{ActionType::create_order, 0};
  });
  const Violations v = Contract::check(bad);
  EXPECT_THAT(fields(v), UnorderedElementsAre("name", "project_id", "interval.every", "interval.dates", "term.count",
                                              "reminder.days_before", "action.employee_id"));
  for (const FieldError& e : v.items()) {
    EXPECT_FALSE(e.message.de.empty()) << e.field;
    EXPECT_FALSE(e.message.en.empty()) << e.field;
  }
  const ContractDraft internal = with([](ContractDraft& dr) {
    dr.name = "";
    dr.customer_id.reset();
    dr.start_date.reset();
    dr.action = Action{ActionType::create_project, 0};
  });
  EXPECT_THAT(check_fields(internal), UnorderedElementsAre("name", "start_date", "action.type", "action.employee_id"));
}

// --- deactivate / activate -----------------------------------------------------------------

TEST(ContractLifecycle, DeactivateAndActivateWithoutMissedOccurrences) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  EXPECT_EQ(c.status(), ContractStatus::inactive);
  EXPECT_EQ(c.next_due_date(), d(2024, 1, 15));
  EXPECT_THAT(c.activate(d(2024, 1, 10)), IsEmpty());
  EXPECT_EQ(c.status(), ContractStatus::active);
  EXPECT_EQ(c.next_due_date(), d(2024, 1, 15));
  EXPECT_EQ(c.state().handled_through, std::nullopt);
}

TEST(ContractLifecycle, ActivateReturnsTheOccurrencesThatPassedWhileInactive) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  EXPECT_THAT(c.activate(d(2024, 4, 20)), ElementsAre(d(2024, 1, 15), d(2024, 2, 15), d(2024, 3, 15), d(2024, 4, 15)));
  EXPECT_EQ(c.status(), ContractStatus::active);
  EXPECT_EQ(c.next_due_date(), d(2024, 5, 15));
  EXPECT_EQ(c.state().handled_through, d(2024, 4, 15));
}

TEST(ContractLifecycle, ActivateOnAnOccurrenceDayKeepsThatOccurrence) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  EXPECT_THAT(c.activate(d(2024, 3, 15)), ElementsAre(d(2024, 1, 15), d(2024, 2, 15)));
  EXPECT_EQ(c.next_due_date(), d(2024, 3, 15));
}

TEST(ContractLifecycle, SkippedOccurrencesAreReportedOnlyOnce) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  EXPECT_THAT(c.activate(d(2024, 2, 20)), ElementsAre(d(2024, 1, 15), d(2024, 2, 15)));
  c.deactivate();
  EXPECT_THAT(c.activate(d(2024, 2, 25)), IsEmpty());
  c.deactivate();
  EXPECT_THAT(c.activate(d(2024, 4, 1)), ElementsAre(d(2024, 3, 15)));
  EXPECT_EQ(c.next_due_date(), d(2024, 4, 15));
}

TEST(ContractLifecycle, TermEndingWhileInactive) {
  Contract c = created(d(2024, 1, 1), with([](ContractDraft& dr) { dr.term = Term{3, TermUnit::month}; }));
  c.deactivate();
  EXPECT_THAT(c.activate(d(2024, 12, 1)), ElementsAre(d(2024, 1, 15), d(2024, 2, 15), d(2024, 3, 15)));
  EXPECT_EQ(c.status(), ContractStatus::active);
  EXPECT_EQ(c.next_due_date(), std::nullopt);
}

TEST(ContractLifecycle, DeactivateTwiceStaysInactive) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  EXPECT_NO_THROW(c.deactivate());
  EXPECT_EQ(c.status(), ContractStatus::inactive);
}

// An active contract whose next due date lies in the past is waiting for the scheduler's
// catch-up. Switching it "on" again must not move that date: the occurrences in between
// would otherwise be neither executed nor recorded as skipped.
TEST(ContractLifecycle, ActivatingAnActiveContractChangesNothing) {
  Contract c = created(d(2024, 1, 1));
  EXPECT_THAT(c.activate(d(2024, 3, 1)), IsEmpty());
  EXPECT_EQ(c.status(), ContractStatus::active);
  EXPECT_EQ(c.next_due_date(), d(2024, 1, 15));
  EXPECT_EQ(c.state().handled_through, std::nullopt);
}

// --- archive -------------------------------------------------------------------------------

TEST(ContractArchive, RefusedWhileActive) {
  Contract c = created(d(2024, 1, 1));
  const Error e = expect_error(ErrorKind::conflict, [&] { c.archive(); });
  EXPECT_NE(e.message().en.find("Deactivate"), std::string::npos) << e.message().en;
  EXPECT_NE(e.message().de.find("deaktivieren"), std::string::npos) << e.message().de;
  EXPECT_EQ(c.status(), ContractStatus::active);
}

TEST(ContractArchive, FromInactive) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  c.archive();
  EXPECT_EQ(c.status(), ContractStatus::archived);
  EXPECT_FALSE(c.next_due_date());  // never due again
  EXPECT_FALSE(c.pending_reminder());
}

TEST(ContractArchive, ArchivedIsFinal) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  c.archive();
  const Contract::State before = c.state();
  expect_error(ErrorKind::conflict, [&] { c.activate(d(2024, 6, 1)); });
  expect_error(ErrorKind::conflict, [&] { c.deactivate(); });
  expect_error(ErrorKind::conflict, [&] { c.edit(draft(), d(2024, 6, 1)); });
  expect_error(ErrorKind::conflict, [&] { c.trigger(); });
  expect_error(ErrorKind::conflict, [&] { c.archive(); });
  EXPECT_EQ(c.status(), ContractStatus::archived);
  EXPECT_EQ(c.next_due_date(), before.next_due_date);
  EXPECT_EQ(c.state().name, before.name);
  EXPECT_EQ(c.state().handled_through, before.handled_through);
  EXPECT_FALSE(c.is_due_soon(d(2024, 1, 15)));
}

// --- trigger -------------------------------------------------------------------------------

TEST(ContractTrigger, ReturnsTheNextDueAndAdvances) {
  Contract c = created(d(2024, 1, 1));
  EXPECT_EQ(c.trigger(), d(2024, 1, 15));
  EXPECT_EQ(c.state().handled_through, d(2024, 1, 15));
  EXPECT_EQ(c.next_due_date(), d(2024, 2, 15));
  EXPECT_EQ(c.trigger(), d(2024, 2, 15));
  EXPECT_EQ(c.next_due_date(), d(2024, 3, 15));
}

TEST(ContractTrigger, AllowedWhileInactive) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  EXPECT_EQ(c.trigger(), d(2024, 1, 15));
  EXPECT_EQ(c.next_due_date(), d(2024, 2, 15));
  EXPECT_EQ(c.status(), ContractStatus::inactive);
}

TEST(ContractTrigger, RefusedWhenNoOccurrenceIsLeft) {
  Contract c = created(d(2024, 1, 1), with([](ContractDraft& dr) { dr.term = Term{2, TermUnit::month}; }));
  EXPECT_EQ(c.trigger(), d(2024, 1, 15));
  EXPECT_EQ(c.trigger(), d(2024, 2, 15));
  EXPECT_EQ(c.next_due_date(), std::nullopt);
  expect_error(ErrorKind::conflict, [&] { c.trigger(); });
  EXPECT_EQ(c.state().handled_through, d(2024, 2, 15));
}

TEST(ContractTrigger, FixedDatesRunOutToo) {
  Contract c = created(d(2024, 1, 1), with([](ContractDraft& dr) {
                         dr.interval = Interval{IntervalUnit::fixed, 1, {d(2024, 9, 1), d(2024, 3, 1)}};
                       }));
  EXPECT_EQ(c.trigger(), d(2024, 3, 1));
  EXPECT_EQ(c.trigger(), d(2024, 9, 1));
  expect_error(ErrorKind::conflict, [&] { c.trigger(); });
}

TEST(ContractTrigger, MonthEndScheduleDoesNotDriftThroughTriggers) {
  Contract c = created(d(2024, 1, 1), with([](ContractDraft& dr) { dr.start_date = d(2024, 1, 31); }));
  std::vector<Date> fired;
  for (int i = 0; i < 5; ++i) fired.push_back(c.trigger());
  EXPECT_THAT(fired, ElementsAre(d(2024, 1, 31), d(2024, 2, 29), d(2024, 3, 31), d(2024, 4, 30), d(2024, 5, 31)));
}

TEST(ContractMarkHandled, OnlyTheNextDueOccurrence) {
  Contract c = created(d(2024, 1, 1));
  expect_error(ErrorKind::internal, [&] { c.mark_handled(d(2024, 2, 15)); });
  EXPECT_EQ(c.next_due_date(), d(2024, 1, 15));
  c.mark_handled(d(2024, 1, 15));
  EXPECT_EQ(c.next_due_date(), d(2024, 2, 15));
  expect_error(ErrorKind::internal, [&] { c.mark_handled(d(2024, 1, 15)); });
}

// --- edit ----------------------------------------------------------------------------------

TEST(ContractEdit, ReplacesFieldsAndRecomputesNextDueFromToday) {
  Contract c = created(d(2024, 1, 1));
  const ContractDraft changed = with([](ContractDraft& dr) {
    dr.name = "Kesselprüfung";
    dr.customer_id.reset();
    dr.project_id = 11;
    dr.start_date = d(2023, 6, 1);
    dr.interval = Interval{IntervalUnit::week, 2, {}};
    dr.reminder = Reminder{3};
    dr.action = Action{ActionType::notify, 8};
  });
  c.edit(changed, d(2024, 1, 10));
  EXPECT_EQ(c.state().name, "Kesselprüfung");
  EXPECT_EQ(c.state().customer_id, std::nullopt);
  EXPECT_EQ(c.state().project_id, 11);
  EXPECT_EQ(c.state().reminder, Reminder{3});
  EXPECT_EQ(c.state().action, (Action{ActionType::notify, 8}));
  EXPECT_EQ(c.schedule().interval().unit, IntervalUnit::week);
  // 2023-06-01 + 2-week steps: the first one on or after the edit day.
  EXPECT_EQ(c.next_due_date(), c.schedule().first_on_or_after(d(2024, 1, 10)));
  EXPECT_EQ(c.next_due_date(), d(2024, 1, 11));
  EXPECT_EQ(c.status(), ContractStatus::active);
}

TEST(ContractEdit, NeverRepeatsHandledOccurrences) {
  Contract c = created(d(2024, 1, 1));
  EXPECT_EQ(c.trigger(), d(2024, 1, 15));  // ahead of its date
  EXPECT_EQ(c.trigger(), d(2024, 2, 15));
  c.edit(draft(), d(2024, 1, 2));
  EXPECT_EQ(c.next_due_date(), d(2024, 3, 15));
  // A new schedule that would land on a handled day still skips past it.
  c.edit(with([](ContractDraft& dr) { dr.interval = Interval{IntervalUnit::day, 1, {}}; }), d(2024, 1, 2));
  EXPECT_EQ(c.next_due_date(), d(2024, 2, 16));
}

TEST(ContractEdit, MovingTheStartIntoThePastDoesNotFireThePast) {
  Contract c = created(d(2024, 5, 1));
  c.edit(with([](ContractDraft& dr) { dr.start_date = d(2020, 5, 20); }), d(2024, 5, 1));
  EXPECT_EQ(c.next_due_date(), d(2024, 5, 20));
}

TEST(ContractEdit, KeepsTheStatus) {
  Contract c = created(d(2024, 1, 1));
  c.deactivate();
  c.edit(draft(), d(2024, 2, 1));
  EXPECT_EQ(c.status(), ContractStatus::inactive);
  EXPECT_EQ(c.next_due_date(), d(2024, 2, 15));
  EXPECT_THAT(c.activate(d(2024, 3, 20)), ElementsAre(d(2024, 2, 15), d(2024, 3, 15)));
}

TEST(ContractEdit, InvalidDraftChangesNothing) {
  Contract c = created(d(2024, 1, 1));
  const Error e = expect_error(ErrorKind::validation, [&] {
    c.edit(with([](ContractDraft& dr) {
             dr.name = "";
             dr.interval.every = 0;
           }),
           d(2024, 1, 2));
  });
  std::vector<std::string> got;
  for (const FieldError& f : e.fields()) got.push_back(f.field);
  EXPECT_THAT(got, UnorderedElementsAre("name", "interval.every"));
  EXPECT_EQ(c.state().name, "Heizungswartung Müller");
  EXPECT_EQ(c.schedule().interval().every, 1);
  EXPECT_EQ(c.next_due_date(), d(2024, 1, 15));
}

TEST(ContractEdit, ToAScheduleWithNothingLeft) {
  Contract c = created(d(2024, 1, 1));
  c.edit(with([](ContractDraft& dr) {
           dr.interval = Interval{IntervalUnit::fixed, 1, {d(2024, 1, 20)}};
         }),
         d(2024, 2, 1));
  EXPECT_EQ(c.next_due_date(), std::nullopt);
  expect_error(ErrorKind::conflict, [&] { c.trigger(); });
}

// --- version -------------------------------------------------------------------------------

TEST(ContractVersion, ExpectVersion) {
  Contract::State s = created(d(2024, 1, 1)).state();
  s.id = 5;
  s.version = 7;
  const Contract c = Contract::restore(s);
  EXPECT_EQ(c.id(), 5);
  EXPECT_NO_THROW(c.expect_version(7));
  const Error e = expect_error(ErrorKind::conflict, [&] { c.expect_version(6); });
  EXPECT_NE(e.message().en.find('7'), std::string::npos) << e.message().en;
  expect_error(ErrorKind::conflict, [&] { c.expect_version(8); });
}

// --- due soon ------------------------------------------------------------------------------

TEST(ContractDueSoon, FromTheReminderDateUntilExecuted) {
  Contract c = created(d(2024, 1, 1), with([](ContractDraft& dr) {
                         dr.start_date = d(2024, 3, 15);
                         dr.reminder = Reminder{14};
                       }));
  EXPECT_FALSE(c.is_due_soon(d(2024, 2, 29)));
  EXPECT_TRUE(c.is_due_soon(d(2024, 3, 1)));
  EXPECT_TRUE(c.is_due_soon(d(2024, 3, 15)));
  EXPECT_TRUE(c.is_due_soon(d(2024, 3, 20)));  // overdue, not executed yet
  c.mark_handled(d(2024, 3, 15));
  EXPECT_FALSE(c.is_due_soon(d(2024, 3, 20)));
  EXPECT_TRUE(c.is_due_soon(d(2024, 4, 1)));
}

TEST(ContractDueSoon, ZeroDaysBeforeMeansOnTheDay) {
  const Contract c = created(d(2024, 1, 1), with([](ContractDraft& dr) { dr.reminder = Reminder{0}; }));
  EXPECT_FALSE(c.is_due_soon(d(2024, 1, 14)));
  EXPECT_TRUE(c.is_due_soon(d(2024, 1, 15)));
}

TEST(ContractDueSoon, NeverWithoutReminderOccurrenceOrWhileInactive) {
  EXPECT_FALSE(created(d(2024, 1, 1)).is_due_soon(d(2024, 1, 15)));
  Contract c = created(d(2024, 1, 1), with([](ContractDraft& dr) {
                         dr.reminder = Reminder{30};
                         dr.term = Term{1, TermUnit::month};
                       }));
  EXPECT_TRUE(c.is_due_soon(d(2024, 1, 1)));
  c.deactivate();
  EXPECT_FALSE(c.is_due_soon(d(2024, 1, 1)));
  c.activate(d(2024, 1, 1));
  c.trigger();
  EXPECT_EQ(c.next_due_date(), std::nullopt);
  EXPECT_FALSE(c.is_due_soon(d(2024, 1, 20)));
}

// --- names ---------------------------------------------------------------------------------

TEST(ContractNames, RoundTrip) {
  for (const ContractStatus s : {ContractStatus::active, ContractStatus::inactive, ContractStatus::archived}) {
    EXPECT_EQ(contract_status_from_string(to_string(s)), s);
  }
  for (const ActionType t :
       {ActionType::create_project, ActionType::create_task, ActionType::notify, ActionType::create_order}) {
    EXPECT_EQ(action_type_from_string(to_string(t)), t);
  }
  EXPECT_EQ(to_string(ActionType::create_order), "create_order");
  EXPECT_EQ(contract_status_from_string("deleted"), std::nullopt);
  EXPECT_EQ(action_type_from_string("Notify"), std::nullopt);
}

}  // namespace
}  // namespace turnus::domain
