// The scheduler pass against real databases: every due occurrence executed exactly once,
// catch-up marked, inactive ones skipped, failures isolated, and two processes at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>
#include <thread>

#include "app/use_cases.hpp"
#include "platform/system.hpp"
#include "support/process.hpp"
#include "support/temp_database.hpp"

namespace {

using turnus::app::Actor;
using turnus::app::PassReport;
using turnus::app::PassTime;
using turnus::app::Tx;
using turnus::domain::ActionType;
using turnus::domain::Contract;
using turnus::domain::ContractDraft;
using turnus::domain::Date;
using turnus::domain::Id;
using turnus::domain::IntervalUnit;
using turnus::domain::Role;

Date d(const char* text) { return *Date::parse(text); }

class TestClock final : public turnus::app::Clock {
 public:
  turnus::domain::Timestamp now() const override { return now_.load(); }
  void set(turnus::domain::Timestamp t) { now_ = t; }

 private:
  std::atomic<turnus::domain::Timestamp> now_{0};
};

class RunDueTest : public ::testing::TestWithParam<std::string> {
 protected:
  RunDueTest() : database_(GetParam()), use_cases_({database_.db(), clock_, zones_, secrets_}) {
    at(d("2026-03-02"));
    const auto added = use_cases_.add_user({"Heizung A", "Europe/Berlin", "admin@a.example", "Admin", Role::admin, {}});
    admin_ = {added.user.organisation_id, added.user.id, Role::admin};
    tech_ = use_cases_.add_user({"Heizung A", "Europe/Berlin", "tech@a.example", "Tech", Role::technician, {}}).user.id;
    customer_ = turnus::app::write(database_.db(), [&](Tx& tx) {
      turnus::domain::Customer c;
      c.organisation_id = admin_.organisation_id;
      c.name = "Familie Schmidt";
      return tx.customers().add(c).id;
    });
  }

  void at(Date day) { clock_.set(zones_.start_of_day(day, "Europe/Berlin") + 9 * 3600); }

  Contract contract(IntervalUnit unit, int every, ActionType action, const char* start = "2026-03-02") {
    ContractDraft x;
    x.name = "Wartung";
    x.customer_id = customer_;
    x.start_date = d(start);
    x.interval = {unit, every, {}};
    x.action = {action, tech_};
    return use_cases_.create_contract(admin_, x);
  }

  PassReport pass(const char* day) { return use_cases_.run_due_occurrences({std::nullopt, d(day)}, 7); }

  std::vector<turnus::domain::Execution> history(Id id) { return use_cases_.contract_executions(admin_, id); }

  turnus::test::TempDatabase database_;
  TestClock clock_;
  turnus::platform::OsTimeZones zones_;
  turnus::platform::SodiumSecrets secrets_;
  turnus::app::UseCases use_cases_;
  Actor admin_;
  Id tech_ = 0, customer_ = 0;
};

TEST_P(RunDueTest, EveryDueOccurrenceRunsOnceAndLateOnesAreMarkedCatchUp) {
  const Contract daily = contract(IntervalUnit::day, 1, ActionType::create_task);
  const Contract weekly = contract(IntervalUnit::week, 1, ActionType::create_order);
  const Contract monthly = contract(IntervalUnit::month, 1, ActionType::create_project);

  PassReport r = pass("2026-03-02");
  EXPECT_EQ(r.executed, 3);
  EXPECT_EQ(r.caught_up, 0);
  EXPECT_EQ(pass("2026-03-02").executed, 0) << "a second pass finds nothing left";

  // Down for a week: 7 daily + 1 weekly occurrences fell due meanwhile (3–9 March).
  r = pass("2026-03-09");
  EXPECT_EQ(r.executed, 8);
  EXPECT_EQ(r.caught_up, 6);
  const auto daily_history = history(daily.id());
  ASSERT_EQ(daily_history.size(), 8U);
  EXPECT_EQ(daily_history[0].due_date, d("2026-03-09"));
  EXPECT_EQ(daily_history[0].trigger, turnus::domain::ExecutionTrigger::scheduler);
  EXPECT_EQ(daily_history[1].trigger, turnus::domain::ExecutionTrigger::catch_up);
  EXPECT_EQ(history(weekly.id()).size(), 2U);
  EXPECT_EQ(history(monthly.id()).size(), 1U);
  EXPECT_EQ(use_cases_.get_contract(admin_, daily.id()).next_due_date(), d("2026-03-10"));
  EXPECT_EQ(use_cases_.get_contract(admin_, monthly.id()).next_due_date(), d("2026-04-02"));
}

TEST_P(RunDueTest, InactiveContractsRecordSkippedOccurrencesAndArchivedOnesNeverFire) {
  const Contract inactive = contract(IntervalUnit::day, 1, ActionType::notify);
  const Contract archived = contract(IntervalUnit::day, 1, ActionType::notify);
  use_cases_.deactivate_contract(admin_, inactive.id());
  use_cases_.deactivate_contract(admin_, archived.id());
  use_cases_.archive_contract(admin_, archived.id());
  const PassReport r = pass("2026-03-04");
  EXPECT_EQ(r.executed, 0);
  EXPECT_EQ(r.skipped, 3);
  for (const auto& e : history(inactive.id())) {
    EXPECT_EQ(e.outcome, turnus::domain::ExecutionOutcome::skipped);
    EXPECT_EQ(e.reason, "inactive");
  }
  EXPECT_TRUE(history(archived.id()).empty());
  // Activated again: it continues with its next future occurrence, nothing is repeated.
  at(d("2026-03-05"));
  EXPECT_EQ(use_cases_.activate_contract(admin_, inactive.id()).next_due_date(), d("2026-03-05"));
  EXPECT_EQ(pass("2026-03-05").executed, 1);
  EXPECT_EQ(history(inactive.id()).size(), 4U);
}

TEST_P(RunDueTest, AFailingActionDoesNotStopThePassAndIsRetriedLater) {
  std::vector<Id> ok;
  for (int i = 0; i < 20; ++i) ok.push_back(contract(IntervalUnit::day, 1, ActionType::create_task).id());
  // A contract whose employee left meanwhile.
  const Id gone =
      use_cases_.add_user({"Heizung A", "Europe/Berlin", "gone@a.example", "Gone", Role::technician, {}}).user.id;
  ContractDraft x;
  x.name = "Verwaist";
  x.start_date = d("2026-03-02");
  x.interval = {IntervalUnit::day, 1, {}};
  x.action = {ActionType::notify, gone};
  const Contract orphan = use_cases_.create_contract(admin_, x);
  turnus::app::write(database_.db(), [&](Tx& tx) {
    auto user = tx.users().find(admin_.organisation_id, gone);
    user->active = false;
    tx.users().update(*user);
  });

  const PassReport r = pass("2026-03-02");
  EXPECT_EQ(r.executed, 20);
  EXPECT_EQ(r.failed, 1);
  ASSERT_EQ(r.failures.size(), 1U);
  EXPECT_NE(r.failures[0].find(std::to_string(orphan.id())), std::string::npos);
  // Recorded as failed, with its reason; the admin is told once.
  auto failed = history(orphan.id());
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(failed[0].outcome, turnus::domain::ExecutionOutcome::failed);
  EXPECT_EQ(failed[0].due_date, d("2026-03-02"));
  EXPECT_NE(failed[0].reason.find("employee"), std::string::npos) << failed[0].reason;
  EXPECT_EQ(use_cases_.get_contract(admin_, orphan.id()).next_due_date(), d("2026-03-02"));
  auto admin_notices = [&] {
    return turnus::app::read(database_.db(), [&](Tx& tx) {
      return tx.notifications().for_recipient(admin_.organisation_id, *admin_.user_id);
    });
  };
  ASSERT_EQ(admin_notices().size(), 1U);
  EXPECT_NE(admin_notices()[0].text.find("Verwaist"), std::string::npos) << admin_notices()[0].text;
  EXPECT_EQ(use_cases_.scheduler_status(admin_).failures.size(), 1U);

  // Retried on the next pass, still failing: no second notice, still one row.
  const PassReport again = pass("2026-03-02");
  EXPECT_EQ(again.failed, 1);
  EXPECT_EQ(again.executed, 0);
  EXPECT_EQ(history(orphan.id()).size(), 1U);
  EXPECT_EQ(admin_notices().size(), 1U);

  // The employee is back: the next pass catches up what failed.
  turnus::app::write(database_.db(), [&](Tx& tx) {
    auto user = tx.users().find(admin_.organisation_id, gone);
    user->active = true;
    tx.users().update(*user);
  });
  const PassReport retry = pass("2026-03-03");
  EXPECT_EQ(retry.failed, 0);
  EXPECT_EQ(retry.executed, 22);
  const auto done = history(orphan.id());
  ASSERT_EQ(done.size(), 2U);
  for (const auto& e : done) EXPECT_EQ(e.outcome, turnus::domain::ExecutionOutcome::executed);
  EXPECT_EQ(done[1].trigger, turnus::domain::ExecutionTrigger::catch_up);
  EXPECT_TRUE(use_cases_.scheduler_status(admin_).failures.empty());
}

// A write refused for one contract (here: someone outside turnus recorded its occurrence
// already) fails that contract alone. With batched writes the refusal surfaces at commit,
// after the contract that caused it; the batch then runs again one write at a time, which
// names the right contract.
TEST_P(RunDueTest, ARefusedWriteFailsOnlyItsContractAlsoWhenWritesAreBatched) {
  std::vector<Id> ok;
  for (int i = 0; i < 10; ++i) ok.push_back(contract(IntervalUnit::day, 1, ActionType::create_order).id());
  const Id poisoned = contract(IntervalUnit::day, 1, ActionType::create_task).id();
  for (int i = 0; i < 10; ++i) ok.push_back(contract(IntervalUnit::day, 1, ActionType::notify).id());
  turnus::app::write(database_.db(), [&](Tx& tx) {
    turnus::domain::Execution e;
    e.organisation_id = admin_.organisation_id;
    e.contract_id = poisoned;
    e.due_date = d("2026-03-02");
    e.executed_at = 1;
    tx.executions().add(e);
  });

  const PassReport r = pass("2026-03-02");
  EXPECT_EQ(r.executed, 20);
  EXPECT_EQ(r.failed, 1);
  ASSERT_EQ(r.failures.size(), 1U);
  EXPECT_NE(r.failures[0].find("contract " + std::to_string(poisoned) + " "), std::string::npos) << r.failures[0];
  for (const Id id : ok) {
    const auto h = history(id);
    ASSERT_EQ(h.size(), 1U) << id;
    EXPECT_EQ(h[0].outcome, turnus::domain::ExecutionOutcome::executed);
    EXPECT_EQ(use_cases_.get_contract(admin_, id).next_due_date(), d("2026-03-03"));
  }
  EXPECT_EQ(use_cases_.get_contract(admin_, poisoned).next_due_date(), d("2026-03-02"));
  // The orders of the batches that were rolled back and run again have no gaps.
  const auto orders = turnus::app::read(database_.db(), [&](Tx& tx) {
    return tx.orders().list(admin_.organisation_id, {}, {1, 50});
  });
  ASSERT_EQ(orders.items.size(), 10U);
  std::vector<std::int64_t> numbers;
  for (const auto& o : orders.items) numbers.push_back(o.number);
  std::sort(numbers.begin(), numbers.end());
  for (std::size_t i = 0; i < numbers.size(); ++i) EXPECT_EQ(numbers[i], static_cast<std::int64_t>(i) + 1);
}

// Shutdown during a long catch-up: the pass ends between batches, and the next pass does
// the rest, each occurrence still exactly once.
TEST_P(RunDueTest, AStopRequestEndsThePassBetweenBatchesAndTheNextPassDoesTheRest) {
  for (int i = 0; i < 20; ++i) contract(IntervalUnit::day, 1, ActionType::create_task);
  std::atomic<bool> stop{true};
  const PassReport stopped = use_cases_.run_due_occurrences({std::nullopt, d("2026-03-02")}, 7, &stop);
  EXPECT_TRUE(stopped.interrupted);
  EXPECT_EQ(stopped.executed, 0);
  stop = false;
  const PassReport rest = use_cases_.run_due_occurrences({std::nullopt, d("2026-03-02")}, 7, &stop);
  EXPECT_FALSE(rest.interrupted);
  EXPECT_EQ(rest.executed, 20);
  EXPECT_EQ(pass("2026-03-02").executed, 0);
}

TEST_P(RunDueTest, RemindersGoOutOncePerOccurrenceAndMarkTheContractDueSoon) {
  ContractDraft x;
  x.name = "Kesselwartung";
  x.customer_id = customer_;
  x.start_date = d("2026-03-10");
  x.interval = {IntervalUnit::month, 1, {}};
  x.reminder = turnus::domain::Reminder{3};
  x.action = {ActionType::create_task, tech_};
  const Contract c = use_cases_.create_contract(admin_, x);
  auto reminders = [&] {
    int n = 0;
    for (const auto& e : history(c.id())) n += e.kind == turnus::domain::ExecutionKind::reminder ? 1 : 0;
    return n;
  };
  auto tech_notices = [&] {
    return turnus::app::read(database_.db(),
                             [&](Tx& tx) { return tx.notifications().for_recipient(admin_.organisation_id, tech_); });
  };

  EXPECT_EQ(pass("2026-03-06").reminded, 0);
  EXPECT_FALSE(use_cases_.get_contract(admin_, c.id()).is_due_soon(d("2026-03-06")));
  const PassReport r = pass("2026-03-07");
  EXPECT_EQ(r.reminded, 1);
  EXPECT_EQ(r.executed, 0);
  EXPECT_EQ(pass("2026-03-07").reminded, 0) << "once per occurrence";
  EXPECT_EQ(pass("2026-03-09").reminded, 0);
  ASSERT_EQ(tech_notices().size(), 1U);
  EXPECT_NE(tech_notices()[0].text.find("bald fällig"), std::string::npos) << tech_notices()[0].text;
  ASSERT_TRUE(tech_notices()[0].source);
  EXPECT_EQ(tech_notices()[0].source->contract_id, c.id());
  EXPECT_EQ(tech_notices()[0].source->due_date, d("2026-03-10"));
  EXPECT_TRUE(use_cases_.get_contract(admin_, c.id()).is_due_soon(d("2026-03-09")));

  // Due: executed; "bald fällig" ends until the next reminder day (7 April).
  EXPECT_EQ(pass("2026-03-10").executed, 1);
  const Contract after = use_cases_.get_contract(admin_, c.id());
  EXPECT_FALSE(after.is_due_soon(d("2026-03-10")));
  EXPECT_EQ(after.next_reminder_date(), d("2026-04-07"));
  EXPECT_EQ(reminders(), 1);
  // Down from 1 to 12 April: the April occurrence runs late (catch-up); its reminder would
  // only be noise now and is recorded as skipped.
  const PassReport late = pass("2026-04-12");
  EXPECT_EQ(late.executed, 1);
  EXPECT_EQ(late.caught_up, 1);
  EXPECT_EQ(late.reminded, 0);
  EXPECT_EQ(late.skipped, 1);
  EXPECT_EQ(reminders(), 2);
  // Every reminder row is linked, and the scheduler knows what is next: 7 May.
  EXPECT_EQ(use_cases_.scheduler_status(admin_).next_due_day, d("2026-05-07"));
}

// Two `turnus tick` processes on one database at the same time: every occurrence is
// executed exactly once, and together they did all of it.
TEST_P(RunDueTest, TwoTickProcessesAtOnceExecuteEachOccurrenceExactlyOnce) {
  constexpr int kContracts = 1500;
  turnus::app::write(database_.db(), [&](Tx& tx) {
    for (int i = 0; i < kContracts; ++i) {
      ContractDraft x;
      x.name = "Wartung " + std::to_string(i);
      x.customer_id = customer_;
      x.start_date = d("2026-03-02");
      x.interval = {IntervalUnit::day, 1 + i % 3, {}};
      x.action = {static_cast<ActionType>(i % 4), tech_};
      tx.contracts().add(Contract::create(x, admin_.organisation_id, d("2026-03-02")), 0);
    }
  });
  // 2–4 March: every contract is due on the 2nd; every 1 day → 3, every 2 → 2, every 3 → 1.
  const int expected = kContracts / 3 * (3 + 2 + 1);

  const std::vector<std::string> args = {TURNUS_BINARY, "tick",       "--db",    database_.url(),
                                         "--now",       "2026-03-04", "--batch", "50"};
  turnus::test::ProcessResult a, b;
  std::thread first([&] { a = turnus::test::run_process(args); });
  std::thread second([&] { b = turnus::test::run_process(args); });
  first.join();
  second.join();
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;

  auto executed_of = [](const std::string& out) {
    const auto at = out.find(" organisations, ");
    return at == std::string::npos ? -1 : std::stoi(out.substr(at + 16));
  };
  EXPECT_EQ(executed_of(a.out) + executed_of(b.out), expected) << a.out << b.out;
  // Not asserted (timing on a shared machine), but shown: how the work was shared.
  std::cout << "[ info ] process A executed " << executed_of(a.out) << ", process B " << executed_of(b.out) << "\n";
  EXPECT_EQ(database_.execute("SELECT count(*) FROM executions"), std::to_string(expected));
  EXPECT_EQ(database_.execute("SELECT count(*) FROM (SELECT DISTINCT contract_id, due_date, kind FROM executions) x"),
            std::to_string(expected));
  EXPECT_EQ(database_.execute("SELECT count(*) FROM maintenance_contracts WHERE next_due_date <= '2026-03-04'"), "0");
  // Order numbers stayed gap-free and unique under two writers.
  EXPECT_EQ(database_.execute("SELECT count(DISTINCT number) = count(*) AND max(number) = count(*) FROM orders"),
            GetParam() == "sqlite" ? "1" : "t");
  // A third pass afterwards finds nothing.
  const turnus::test::ProcessResult c = turnus::test::run_process(args);
  EXPECT_EQ(executed_of(c.out), 0) << c.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, RunDueTest, ::testing::ValuesIn(turnus::test::test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
