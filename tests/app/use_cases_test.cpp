// The use cases against real databases: lifecycle, trigger and the records it creates,
// validation of references, roles, organisation isolation, tokens and passwords.
#include "app/use_cases.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "platform/system.hpp"
#include "support/temp_database.hpp"

namespace {

using turnus::app::Actor;
using turnus::app::ContractFilter;
using turnus::app::PageRequest;
using turnus::app::Tx;
using turnus::domain::ActionType;
using turnus::domain::Contract;
using turnus::domain::ContractDraft;
using turnus::domain::ContractStatus;
using turnus::domain::Date;
using turnus::domain::Error;
using turnus::domain::ErrorKind;
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

template <class F>
ErrorKind error_kind_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "expected an Error";
  return ErrorKind::internal;
}

class UseCasesTest : public ::testing::TestWithParam<std::string> {
 protected:
  UseCasesTest() : database_(GetParam()), use_cases_({database_.db(), clock_, zones_, secrets_}) {
    set_berlin_time(d("2026-03-02"), 9);
    admin_a_ = add("Heizung A", "admin@a.example", Role::admin);
    office_a_ = add("Heizung A", "office@a.example", Role::office);
    tech_a_ = add("Heizung A", "tech@a.example", Role::technician);
    admin_b_ = add("Garage B", "admin@b.example", Role::admin);
    customer_a_ = add_customer(admin_a_.organisation_id, "Familie Schmidt");
    customer_b_ = add_customer(admin_b_.organisation_id, "Autohaus Berg");
  }

  void set_berlin_time(Date day, int hour) { clock_.set(zones_.start_of_day(day, "Europe/Berlin") + hour * 3600); }

  Actor add(const std::string& org, const std::string& email, Role role) {
    const turnus::app::UserAdded added = use_cases_.add_user({org, "Europe/Berlin", email, email, role, std::nullopt});
    return Actor{added.user.organisation_id, added.user.id, role};
  }

  Id add_customer(Id org, const std::string& name) {
    return turnus::app::write(database_.db(), [&](Tx& tx) {
      turnus::domain::Customer c;
      c.organisation_id = org;
      c.name = name;
      return tx.customers().add(c).id;
    });
  }

  ContractDraft draft(ActionType action, Id employee) const {
    ContractDraft x;
    x.name = "Thermenwartung";
    x.customer_id = customer_a_;
    x.start_date = d("2026-03-15");
    x.interval = {IntervalUnit::year, 1, {}};
    x.reminder = turnus::domain::Reminder{14};
    x.action = {action, employee};
    return x;
  }

  turnus::test::TempDatabase database_;
  TestClock clock_;
  turnus::platform::OsTimeZones zones_;
  turnus::platform::SodiumSecrets secrets_;
  turnus::app::UseCases use_cases_;
  Actor admin_a_, office_a_, tech_a_, admin_b_;
  Id customer_a_ = 0, customer_b_ = 0;
};

TEST_P(UseCasesTest, NewContractIsActiveAndCountsFromTheDayItIsSaved) {
  ContractDraft past = draft(ActionType::create_task, tech_a_.user_id.value());
  past.start_date = d("2025-01-31");
  past.interval = {IntervalUnit::month, 1, {}};
  const Contract c = use_cases_.create_contract(office_a_, past);
  EXPECT_GT(c.id(), 0);
  EXPECT_EQ(c.status(), ContractStatus::active);
  EXPECT_EQ(c.state().version, 1);
  // Today is 2026-03-02 in Berlin: the past never fires, the next due date is 31 Mar.
  EXPECT_EQ(c.next_due_date(), d("2026-03-31"));
  EXPECT_EQ(use_cases_.get_contract(tech_a_, c.id()).state().name, "Thermenwartung");
}

TEST_P(UseCasesTest, TodayFollowsTheOrganisationsTimeZoneNotUtc) {
  // 23:30 UTC on 1 March is already 2 March in Berlin.
  clock_.set(zones_.start_of_day(d("2026-03-02"), "UTC") - 1800);
  ContractDraft daily = draft(ActionType::notify, tech_a_.user_id.value());
  daily.start_date = d("2026-03-01");
  daily.interval = {IntervalUnit::day, 1, {}};
  EXPECT_EQ(use_cases_.create_contract(admin_a_, daily).next_due_date(), d("2026-03-02"));
}

TEST_P(UseCasesTest, ForeignOrUnknownReferencesAreFieldErrorsAndNothingIsStored) {
  ContractDraft bad = draft(ActionType::create_order, admin_b_.user_id.value());
  bad.customer_id = customer_b_;
  try {
    use_cases_.create_contract(admin_a_, bad);
    FAIL() << "expected a validation error";
  } catch (const Error& e) {
    ASSERT_EQ(e.kind(), ErrorKind::validation);
    std::vector<std::string> fields;
    for (const auto& f : e.fields()) fields.push_back(f.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"customer_id", "action.employee_id"}));
  }
  EXPECT_EQ(use_cases_.list_contracts(admin_a_, {}, {}).total, 0);
}

TEST_P(UseCasesTest, TechniciansReadButCannotChangeContracts) {
  const Contract c = use_cases_.create_contract(admin_a_, draft(ActionType::notify, tech_a_.user_id.value()));
  EXPECT_EQ(error_kind_of([&] { use_cases_.create_contract(tech_a_, draft(ActionType::notify, 1)); }),
            ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.deactivate_contract(tech_a_, c.id()); }), ErrorKind::forbidden);
  EXPECT_EQ(error_kind_of([&] { use_cases_.trigger_contract(tech_a_, c.id()); }), ErrorKind::forbidden);
  EXPECT_EQ(use_cases_.list_contracts(tech_a_, {}, {}).total, 1);
}

TEST_P(UseCasesTest, AnotherOrganisationsContractIsNotFoundEverywhere) {
  const Contract c = use_cases_.create_contract(admin_a_, draft(ActionType::notify, tech_a_.user_id.value()));
  EXPECT_EQ(error_kind_of([&] { use_cases_.get_contract(admin_b_, c.id()); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.deactivate_contract(admin_b_, c.id()); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.trigger_contract(admin_b_, c.id()); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.contract_executions(admin_b_, c.id()); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { use_cases_.edit_contract(admin_b_, c.id(), 1, draft(ActionType::notify, 1)); }),
            ErrorKind::not_found);
  EXPECT_EQ(use_cases_.list_contracts(admin_b_, {}, {}).total, 0);
  EXPECT_EQ(use_cases_.get_contract(admin_a_, c.id()).status(), ContractStatus::active);
}

TEST_P(UseCasesTest, LifecycleRefusalsLeaveTheContractUnchanged) {
  const Contract c = use_cases_.create_contract(admin_a_, draft(ActionType::notify, tech_a_.user_id.value()));
  EXPECT_EQ(error_kind_of([&] { use_cases_.archive_contract(admin_a_, c.id()); }), ErrorKind::conflict);
  EXPECT_EQ(use_cases_.get_contract(admin_a_, c.id()).state().version, 1);
  EXPECT_EQ(use_cases_.deactivate_contract(admin_a_, c.id()).status(), ContractStatus::inactive);
  const Contract archived = use_cases_.archive_contract(admin_a_, c.id());
  EXPECT_EQ(archived.status(), ContractStatus::archived);
  EXPECT_EQ(error_kind_of([&] { use_cases_.activate_contract(admin_a_, c.id()); }), ErrorKind::conflict);
  EXPECT_EQ(error_kind_of([&] { use_cases_.trigger_contract(admin_a_, c.id()); }), ErrorKind::conflict);
  EXPECT_EQ(error_kind_of([&] {
              use_cases_.edit_contract(admin_a_, c.id(), archived.state().version,
                                       draft(ActionType::notify, tech_a_.user_id.value()));
            }),
            ErrorKind::conflict);
  EXPECT_EQ(use_cases_.get_contract(admin_a_, c.id()).state().version, archived.state().version);
  // Hidden from the default list, shown by the status filter.
  EXPECT_EQ(use_cases_.list_contracts(admin_a_, {}, {}).total, 0);
  ContractFilter only_archived;
  only_archived.statuses = {ContractStatus::archived};
  EXPECT_EQ(use_cases_.list_contracts(admin_a_, only_archived, {}).total, 1);
}

TEST_P(UseCasesTest, OccurrencesPassedWhileInactiveAreRecordedAsSkipped) {
  ContractDraft weekly = draft(ActionType::notify, tech_a_.user_id.value());
  weekly.start_date = d("2026-03-02");
  weekly.interval = {IntervalUnit::week, 1, {}};
  const Contract c = use_cases_.create_contract(admin_a_, weekly);
  use_cases_.deactivate_contract(admin_a_, c.id());
  set_berlin_time(d("2026-03-20"), 8);
  const Contract active = use_cases_.activate_contract(admin_a_, c.id());
  EXPECT_EQ(active.next_due_date(), d("2026-03-23"));
  const auto history = use_cases_.contract_executions(admin_a_, c.id());
  ASSERT_EQ(history.size(), 3U);
  EXPECT_EQ(history[0].due_date, d("2026-03-16"));  // newest first
  EXPECT_EQ(history[2].due_date, d("2026-03-02"));
  for (const auto& e : history) {
    EXPECT_EQ(e.outcome, turnus::domain::ExecutionOutcome::skipped);
    EXPECT_EQ(e.reason, "inactive");
  }
}

TEST_P(UseCasesTest, TriggerCreatesEachKindOfRecordLinkedToTheOccurrence) {
  const Id employee = tech_a_.user_id.value();
  const Contract project_contract = use_cases_.create_contract(admin_a_, draft(ActionType::create_project, employee));
  const Contract task_contract = use_cases_.create_contract(admin_a_, draft(ActionType::create_task, employee));
  const Contract notify_contract = use_cases_.create_contract(admin_a_, draft(ActionType::notify, employee));
  const Contract order_contract = use_cases_.create_contract(admin_a_, draft(ActionType::create_order, employee));
  const Contract order_contract2 = use_cases_.create_contract(admin_a_, draft(ActionType::create_order, employee));

  const auto p = use_cases_.trigger_contract(office_a_, project_contract.id());
  EXPECT_EQ(p.due_date, d("2026-03-15"));
  EXPECT_EQ(p.trigger, turnus::domain::ExecutionTrigger::manual);
  EXPECT_EQ(p.triggered_by, office_a_.user_id);
  EXPECT_EQ(p.created_type, "project");
  const auto t = use_cases_.trigger_contract(admin_a_, task_contract.id());
  const auto n = use_cases_.trigger_contract(admin_a_, notify_contract.id());
  const auto o1 = use_cases_.trigger_contract(admin_a_, order_contract.id());
  const auto o2 = use_cases_.trigger_contract(admin_a_, order_contract2.id());

  turnus::app::read(database_.db(), [&](Tx& tx) {
    const Id org = admin_a_.organisation_id;
    const auto project = tx.projects().find(org, p.created_id.value());
    ASSERT_TRUE(project);
    EXPECT_EQ(project->customer_id, customer_a_);
    EXPECT_EQ(project->main_contact_employee_id, employee);
    EXPECT_EQ(project->stage_id, tx.pipeline().stages(org).front().id);
    EXPECT_EQ(tx.pipeline().stages(org).front().name, "Neu - Erstkontakt");
    EXPECT_EQ(project->source, (turnus::domain::Source{project_contract.id(), d("2026-03-15")}));

    const auto task = tx.tasks().find(org, t.created_id.value());
    ASSERT_TRUE(task);
    EXPECT_EQ(task->assignee_id, employee);
    EXPECT_EQ(task->due_date, d("2026-03-15"));
    EXPECT_EQ(task->status, turnus::domain::WorkStatus::open);

    const auto notes = tx.notifications().for_recipient(org, employee);
    ASSERT_EQ(notes.size(), 1U);
    EXPECT_EQ(notes[0].id, n.created_id.value());
    EXPECT_FALSE(notes[0].read);

    EXPECT_EQ(tx.orders().find(org, o1.created_id.value())->number, 1);
    EXPECT_EQ(tx.orders().find(org, o2.created_id.value())->number, 2);
    EXPECT_EQ(tx.orders().find(org, o1.created_id.value())->assignee_id, employee);
  });
  // The next due date moved on, and the history lists the execution.
  EXPECT_EQ(use_cases_.get_contract(admin_a_, task_contract.id()).next_due_date(), d("2027-03-15"));
  const auto history = use_cases_.contract_executions(admin_a_, task_contract.id());
  ASSERT_EQ(history.size(), 1U);
  EXPECT_EQ(history[0].created_id, t.created_id);
}

TEST_P(UseCasesTest, TriggerRefusesWhenNoOccurrenceIsLeftAndRollsBackFailedActions) {
  ContractDraft once = draft(ActionType::create_task, tech_a_.user_id.value());
  once.interval = {IntervalUnit::fixed, 1, {d("2026-04-01")}};
  const Contract c = use_cases_.create_contract(admin_a_, once);
  use_cases_.trigger_contract(admin_a_, c.id());
  EXPECT_EQ(use_cases_.get_contract(admin_a_, c.id()).next_due_date(), std::nullopt);
  EXPECT_EQ(error_kind_of([&] { use_cases_.trigger_contract(admin_a_, c.id()); }), ErrorKind::conflict);

  // The employee leaves: the trigger fails as a whole and nothing of it is stored.
  const Contract other = use_cases_.create_contract(admin_a_, draft(ActionType::create_task, tech_a_.user_id.value()));
  turnus::app::write(database_.db(), [&](Tx& tx) {
    auto user = tx.users().find(admin_a_.organisation_id, tech_a_.user_id.value());
    user->active = false;
    tx.users().update(*user);
  });
  EXPECT_EQ(error_kind_of([&] { use_cases_.trigger_contract(admin_a_, other.id()); }), ErrorKind::validation);
  const Contract unchanged = use_cases_.get_contract(admin_a_, other.id());
  EXPECT_EQ(unchanged.next_due_date(), d("2026-03-15"));
  EXPECT_EQ(unchanged.state().version, 1);
  EXPECT_TRUE(use_cases_.contract_executions(admin_a_, other.id()).empty());
}

TEST_P(UseCasesTest, EditNeedsTheCurrentVersionAndRecomputesTheNextDueDate) {
  const Contract c = use_cases_.create_contract(admin_a_, draft(ActionType::notify, tech_a_.user_id.value()));
  ContractDraft monthly = draft(ActionType::notify, tech_a_.user_id.value());
  monthly.interval = {IntervalUnit::month, 1, {}};
  monthly.start_date = d("2026-01-05");
  const Contract edited = use_cases_.edit_contract(admin_a_, c.id(), 1, monthly);
  EXPECT_EQ(edited.state().version, 2);
  EXPECT_EQ(edited.next_due_date(), d("2026-03-05"));
  EXPECT_EQ(error_kind_of([&] { use_cases_.edit_contract(admin_a_, c.id(), 1, monthly); }), ErrorKind::conflict);
}

TEST_P(UseCasesTest, TokensAndPasswordsAuthenticateToTheirUserOnly) {
  const std::string secret = use_cases_.create_token("office@a.example", "Buchhaltung");
  const auto actor = use_cases_.authenticate_token(secret);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->user_id, office_a_.user_id);
  EXPECT_EQ(actor->organisation_id, office_a_.organisation_id);
  EXPECT_EQ(actor->role, Role::office);
  EXPECT_FALSE(use_cases_.authenticate_token(secret + "x"));
  EXPECT_FALSE(use_cases_.authenticate_token(""));

  use_cases_.add_user({"Heizung A", "Europe/Berlin", "pw@a.example", "PW", Role::office, "correct horse battery"});
  EXPECT_TRUE(use_cases_.authenticate_password("PW@a.example", "correct horse battery"));
  EXPECT_FALSE(use_cases_.authenticate_password("pw@a.example", "wrong horse battery"));
  EXPECT_FALSE(use_cases_.authenticate_password("office@a.example", ""));  // has no password
}

TEST_P(UseCasesTest, DemoOrganisationOnlyOnAnEmptyInstallation) {
  EXPECT_FALSE(use_cases_.ensure_demo_organisation());
  turnus::test::TempDatabase empty(GetParam());
  turnus::app::UseCases fresh({empty.db(), clock_, zones_, secrets_});
  const auto demo = fresh.ensure_demo_organisation();
  ASSERT_TRUE(demo);
  const std::optional<Actor> admin = fresh.authenticate_password(demo->email, demo->password);
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->role, Role::admin);

  // Sample data of a heating business: its people, customers, projects and contracts, all
  // created through the use cases (so valid), every contract's first occurrence still ahead
  // (the scheduler has nothing to catch up), some within their reminder period.
  EXPECT_EQ(fresh.list_employees(*admin, {1, 50}).total, 4);
  EXPECT_EQ(fresh.list_customers(*admin, "", {1, 50}).total, 5);
  EXPECT_EQ(fresh.list_projects(*admin, {}, {1, 50}).total, 2);
  const auto all = fresh.list_contracts(*admin, {}, {1, 50});
  ASSERT_EQ(all.total, 13);
  int due_soon = 0, inactive = 0, internal = 0;
  for (const turnus::domain::Contract& c : all.items) {
    ASSERT_TRUE(c.state().next_due_date) << c.state().name;
    EXPECT_GE(*c.state().next_due_date, all.today) << c.state().name;
    due_soon += c.is_due_soon(all.today) ? 1 : 0;
    inactive += c.state().status == turnus::domain::ContractStatus::inactive ? 1 : 0;
    internal += !c.state().customer_id && !c.state().project_id ? 1 : 0;
  }
  EXPECT_GE(due_soon, 2);
  EXPECT_EQ(inactive, 1);
  EXPECT_GE(internal, 1);

  EXPECT_FALSE(fresh.ensure_demo_organisation());
  EXPECT_EQ(fresh.list_contracts(*admin, {}, {1, 50}).total, 13);
}

TEST_P(UseCasesTest, ContractListRefusesShortSearchesAndPagesBeyondTheWindowByField) {
  const auto fields_of = [&](const turnus::app::ContractFilter& f, turnus::app::PageRequest page) {
    std::vector<std::string> fields;
    try {
      use_cases_.list_contracts(office_a_, f, page);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::validation);
      for (const auto& field : e.fields()) fields.push_back(field.field);
    }
    return fields;
  };
  turnus::app::ContractFilter f;
  for (const char* too_short : {"a", "Mü", "ß"}) {
    f.query = too_short;
    EXPECT_EQ(fields_of(f, {}), std::vector<std::string>{"q"}) << too_short;
  }
  for (const std::string& bad : {std::string("ab\x01c"), std::string("M\xC3\xBCller\xFF"), std::string(201, 'x')}) {
    f.query = bad;
    EXPECT_EQ(fields_of(f, {}), std::vector<std::string>{"q"});
  }
  f.query = "Müx";  // three characters, two bytes for one of them: accepted
  EXPECT_TRUE(fields_of(f, {}).empty());
  f.query.clear();
  EXPECT_EQ(fields_of(f, {0, 50}), std::vector<std::string>{"page"});
  EXPECT_EQ(fields_of(f, {1, 0}), std::vector<std::string>{"per_page"});
  EXPECT_EQ(fields_of(f, {1, 201}), std::vector<std::string>{"per_page"});
  // The last page of the window is served; the one after is refused.
  EXPECT_TRUE(fields_of(f, {50, 200}).empty());
  EXPECT_EQ(fields_of(f, {51, 200}), std::vector<std::string>{"page"});
  EXPECT_EQ(fields_of(f, {201, 50}), std::vector<std::string>{"page"});
}

INSTANTIATE_TEST_SUITE_P(Backends, UseCasesTest, ::testing::ValuesIn(turnus::test::test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
