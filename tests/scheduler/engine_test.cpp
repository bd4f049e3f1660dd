// The due-date engine over long and awkward stretches of time, on real databases: Berlin
// midnight on both daylight-saving days, years of simulated time with mixed schedules
// compared against the schedule engine, and `turnus tick` killed with SIGKILL at many
// points of a large pass, after which every occurrence has run exactly once.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>

#include "app/use_cases.hpp"
#include "domain/instant.hpp"
#include "platform/system.hpp"
#include "support/process.hpp"
#include "support/temp_database.hpp"

namespace {

using turnus::app::Actor;
using turnus::app::PassReport;
using turnus::app::Tx;
using turnus::domain::ActionType;
using turnus::domain::Contract;
using turnus::domain::ContractDraft;
using turnus::domain::Date;
using turnus::domain::ExecutionKind;
using turnus::domain::ExecutionOutcome;
using turnus::domain::Id;
using turnus::domain::IntervalUnit;
using turnus::domain::Role;
using turnus::domain::Timestamp;

Date d(const char* text) { return *Date::parse(text); }
Timestamp instant(const char* text) { return *turnus::domain::parse_rfc3339(text); }

class TestClock final : public turnus::app::Clock {
 public:
  Timestamp now() const override { return now_.load(); }
  void set(Timestamp t) { now_ = t; }

 private:
  std::atomic<Timestamp> now_{0};
};

class EngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  EngineTest() : database_(GetParam()), use_cases_({database_.db(), clock_, zones_, secrets_}) {
    set_day(d("2026-01-01"));
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

  void set_day(Date day) { clock_.set(zones_.start_of_day(day, "Europe/Berlin") + 9 * 3600); }

  ContractDraft draft(const char* start, turnus::domain::Interval interval, ActionType action) const {
    ContractDraft x;
    x.name = "Wartung";
    x.customer_id = customer_;
    x.start_date = d(start);
    x.interval = std::move(interval);
    x.action = {action, tech_};
    return x;
  }

  PassReport pass_at(Timestamp t) { return use_cases_.run_due_occurrences({t, std::nullopt}, 50); }

  std::vector<turnus::domain::Execution> history(Id id) { return use_cases_.contract_executions(admin_, id); }

  int count(const std::string& sql) const { return std::stoi(database_.execute(sql)); }

  turnus::test::TempDatabase database_;
  TestClock clock_;
  turnus::platform::OsTimeZones zones_;
  turnus::platform::SodiumSecrets secrets_;
  turnus::app::UseCases use_cases_;
  Actor admin_;
  Id tech_ = 0, customer_ = 0;
};

// 29 March 2026 (clocks go 02:00 → 03:00) and 25 October 2026 (03:00 → 02:00) in Berlin:
// a daily contract becomes due exactly at local midnight, neither an hour early nor late,
// once per day, with passes every 15 minutes across both weekends.
TEST_P(EngineTest, BerlinMidnightOnBothDaylightSavingDays) {
  // Local midnights are 23:00 UTC in winter and 22:00 UTC in summer.
  EXPECT_EQ(zones_.start_of_day(d("2026-03-29"), "Europe/Berlin"), instant("2026-03-28T23:00:00Z"));
  EXPECT_EQ(zones_.start_of_day(d("2026-03-30"), "Europe/Berlin"), instant("2026-03-29T22:00:00Z"));
  EXPECT_EQ(zones_.start_of_day(d("2026-10-25"), "Europe/Berlin"), instant("2026-10-24T22:00:00Z"));
  EXPECT_EQ(zones_.start_of_day(d("2026-10-26"), "Europe/Berlin"), instant("2026-10-25T23:00:00Z"));

  for (const char* weekend : {"2026-03-27", "2026-10-23"}) {
    set_day(d(weekend));
    ContractDraft x = draft(weekend, {IntervalUnit::day, 1, {}}, ActionType::create_task);
    x.reminder = turnus::domain::Reminder{1};
    const Contract c = use_cases_.create_contract(admin_, x);
    const Timestamp from = zones_.start_of_day(d(weekend), "Europe/Berlin");
    const Timestamp until = zones_.start_of_day(d(weekend).plus_days(4), "Europe/Berlin");
    std::map<Date, Timestamp> executed_at;  // occurrence → instant of the pass that ran it
    for (Timestamp t = from - 3600; t <= until; t += 900) {
      const PassReport r = pass_at(t);
      ASSERT_EQ(r.failed, 0);
      ASSERT_LE(r.executed, 1) << "at " << turnus::domain::format_rfc3339_utc(t);
      if (r.executed == 1) executed_at[zones_.local_date(t, "Europe/Berlin")] = t;
    }
    // Each day executed once, in the first pass at or after its local midnight.
    ASSERT_EQ(executed_at.size(), 5U) << weekend;
    for (const auto& [day, at] : executed_at) {
      EXPECT_EQ(at, zones_.start_of_day(day, "Europe/Berlin")) << day.to_string();
    }
    int actions = 0, reminders = 0;
    for (const auto& e : history(c.id())) {
      EXPECT_EQ(e.outcome, ExecutionOutcome::executed);
      (e.kind == ExecutionKind::action ? actions : reminders) += 1;
    }
    EXPECT_EQ(actions, 5);
    EXPECT_EQ(reminders, 6);  // one day ahead: the next morning's occurrence too
    use_cases_.deactivate_contract(admin_, c.id());
    use_cases_.archive_contract(admin_, c.id());
  }
}

// Three years of passes (daily, with outages of up to two weeks) over mixed schedules, two
// of them interrupted by an inactive stretch. Every occurrence the schedule engine lists
// ends up in the history exactly once: executed (late ones marked catch_up), or skipped
// while inactive.
TEST_P(EngineTest, YearsOfSimulatedTimeMatchTheScheduleEngine) {
  std::vector<ContractDraft> drafts;
  drafts.push_back(draft("2026-01-01", {IntervalUnit::day, 3, {}}, ActionType::create_task));
  drafts.push_back(draft("2026-01-05", {IntervalUnit::week, 2, {}}, ActionType::notify));
  drafts.push_back(draft("2026-01-31", {IntervalUnit::month, 1, {}}, ActionType::create_order));
  drafts.push_back(draft("2026-02-28", {IntervalUnit::month, 5, {}}, ActionType::create_project));
  drafts.push_back(draft("2026-06-15", {IntervalUnit::year, 1, {}}, ActionType::create_order));
  drafts.push_back(draft("2026-01-01", {IntervalUnit::fixed, 1, {d("2026-04-01"), d("2027-12-24"), d("2028-02-29")}},
                         ActionType::notify));
  drafts.push_back(draft("2026-01-10", {IntervalUnit::day, 10, {}}, ActionType::create_task));
  drafts.back().term = turnus::domain::Term{1, turnus::domain::TermUnit::year};
  drafts.push_back(draft("2026-01-02", {IntervalUnit::week, 1, {}}, ActionType::create_task));
  drafts[1].reminder = turnus::domain::Reminder{2};
  drafts[2].reminder = turnus::domain::Reminder{7};
  std::vector<Contract> contracts;
  for (const ContractDraft& x : drafts) contracts.push_back(use_cases_.create_contract(admin_, x));

  const Date first = d("2026-01-01");
  const Date last = d("2028-12-31");
  int passes = 0;
  int executed = 0, skipped_total = 0;
  // Contract 7 is inactive from February 2027 to March; contract 0 from September 2026 to
  // mid-October (switched on the first simulated day on or after those dates).
  struct Switch {
    Date on;
    std::size_t contract;
    bool activate;
    bool done = false;
  };
  std::vector<Switch> switches = {
      {d("2026-09-01"), 0, false}, {d("2026-10-15"), 0, true}, {d("2027-02-01"), 7, false}, {d("2027-03-01"), 7, true}};
  for (Date day = first; day <= last;) {
    set_day(day);
    for (Switch& s : switches) {
      if (s.done || day < s.on) continue;
      s.done = true;
      if (s.activate) {
        use_cases_.activate_contract(admin_, contracts[s.contract].id());
      } else {
        use_cases_.deactivate_contract(admin_, contracts[s.contract].id());
      }
    }
    const PassReport r = pass_at(zones_.start_of_day(day, "Europe/Berlin") + (passes % 5) * 3600);
    ASSERT_EQ(r.failed, 0) << day.to_string();
    executed += r.executed;
    skipped_total += r.skipped;
    ++passes;
    // Mostly daily; every 37th pass an outage of 9 days, every 101st one of 14.
    day = day.plus_days(passes % 101 == 0 ? 14 : passes % 37 == 0 ? 9 : 1);
  }
  set_day(last);
  pass_at(zones_.start_of_day(last, "Europe/Berlin"));

  int expected_total = 0;
  for (const Contract& created : contracts) {
    const Contract c = use_cases_.get_contract(admin_, created.id());
    const std::vector<Date> expected = c.schedule().between(first, last);
    expected_total += static_cast<int>(expected.size());
    std::map<Date, int> seen;
    for (const auto& e : history(c.id())) {
      if (e.kind != ExecutionKind::action) continue;
      EXPECT_NE(e.outcome, ExecutionOutcome::failed);
      ++seen[e.due_date];
    }
    ASSERT_EQ(seen.size(), expected.size()) << "contract " << c.id();
    for (const Date& o : expected) EXPECT_EQ(seen[o], 1) << "contract " << c.id() << " " << o.to_string();
  }
  const int actions = count("SELECT count(*) FROM executions WHERE kind = 'action'");
  EXPECT_EQ(actions, expected_total);
  EXPECT_EQ(count("SELECT count(*) FROM executions WHERE kind = 'action' AND outcome = 'skipped'") +
                count("SELECT count(*) FROM executions WHERE kind = 'action' AND outcome = 'executed'"),
            expected_total);
  EXPECT_GT(count("SELECT count(*) FROM executions WHERE trigger = 'catch_up'"), 0);
  EXPECT_GT(count("SELECT count(*) FROM executions WHERE outcome = 'skipped' AND reason = 'inactive'"), 0);
  // Every executed action created exactly one record linked back to its occurrence.
  EXPECT_EQ(count("SELECT (SELECT count(*) FROM tasks WHERE source_contract_id IS NOT NULL) + "
                  "(SELECT count(*) FROM orders WHERE source_contract_id IS NOT NULL) + "
                  "(SELECT count(*) FROM projects WHERE source_contract_id IS NOT NULL) + "
                  "(SELECT count(*) FROM notifications WHERE source_contract_id IS NOT NULL)"),
            count("SELECT count(*) FROM executions WHERE outcome = 'executed'"));
  EXPECT_EQ(count("SELECT count(DISTINCT number) FROM orders"), count("SELECT count(*) FROM orders"));
  EXPECT_EQ(count("SELECT max(number) FROM orders"), count("SELECT count(*) FROM orders"));
  (void)executed;
  (void)skipped_total;
}

// `turnus tick` over thousands of due contracts, killed with SIGKILL after a growing delay
// again and again (some kills land before the first batch, most inside one, some after the
// end), then run to completion: every occurrence executed exactly once, every created
// record belongs to exactly one execution, order numbers without gaps.
TEST_P(EngineTest, TickKilledAtManyPointsStillExecutesEveryOccurrenceExactlyOnce) {
  constexpr int kContracts = 3000;
  turnus::app::write(database_.db(), [&](Tx& tx) {
    for (int i = 0; i < kContracts; ++i) {
      ContractDraft x = draft("2026-03-02", {IntervalUnit::day, 1 + i % 3, {}}, static_cast<ActionType>(i % 4));
      if (i % 5 == 0) x.reminder = turnus::domain::Reminder{2};
      tx.contracts().add(Contract::create(x, admin_.organisation_id, d("2026-03-02")), 0);
    }
  });
  // 2–4 March: every 1 day → 3, every 2 → 2, every 3 → 1 occurrence.
  const int expected = kContracts / 3 * (3 + 2 + 1);
  const std::vector<std::string> args = {TURNUS_BINARY, "tick",       "--db",    database_.url(),
                                         "--now",       "2026-03-04", "--batch", "40"};
  int killed = 0;
  for (int attempt = 0; attempt < 25; ++attempt) {
    turnus::test::BackgroundProcess tick(args);
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + attempt * attempt * 3));
    if (tick.stop(SIGKILL) == -1) ++killed;
  }
  std::cout << "[ info ] " << killed << " of 25 runs were killed mid-way; "
            << database_.execute("SELECT count(*) FROM executions WHERE kind = 'action'") << " of " << expected
            << " occurrences done before the final run\n";
  const turnus::test::ProcessResult final_run = turnus::test::run_process(args);
  ASSERT_EQ(final_run.exit_code, 0) << final_run.err;

  EXPECT_EQ(count("SELECT count(*) FROM executions WHERE kind = 'action'"), expected);
  EXPECT_EQ(
      count("SELECT count(*) FROM (SELECT DISTINCT contract_id, due_date FROM executions WHERE kind = 'action') x"),
      expected);
  EXPECT_EQ(count("SELECT count(*) FROM executions WHERE kind = 'action' AND outcome <> 'executed'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM maintenance_contracts WHERE next_due_date <= '2026-03-04'"), 0);
  // Nothing half-done: each execution's record exists, and no record without its execution.
  EXPECT_EQ(count("SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM orders) + "
                  "(SELECT count(*) FROM projects WHERE source_contract_id IS NOT NULL) + "
                  "(SELECT count(*) FROM notifications)"),
            count("SELECT count(*) FROM executions WHERE outcome = 'executed'"));
  EXPECT_EQ(count("SELECT count(*) FROM orders o JOIN executions e ON e.created_type = 'order' AND e.created_id = o.id "
                  "AND e.contract_id = o.source_contract_id AND e.due_date = o.source_due_date"),
            count("SELECT count(*) FROM orders"));
  EXPECT_EQ(count("SELECT count(DISTINCT number) FROM orders"), count("SELECT count(*) FROM orders"));
  EXPECT_EQ(count("SELECT max(number) FROM orders"), count("SELECT count(*) FROM orders"));
  // Reminders: once per occurrence still ahead (4–6 March for the reminder contracts).
  EXPECT_EQ(count("SELECT count(*) FROM (SELECT DISTINCT contract_id, due_date FROM executions WHERE kind = "
                  "'reminder') x"),
            count("SELECT count(*) FROM executions WHERE kind = 'reminder'"));
}

INSTANTIATE_TEST_SUITE_P(Backends, EngineTest, ::testing::ValuesIn(turnus::test::test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
