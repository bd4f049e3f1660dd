// The repository test suite: one set of tests, run against every backend in
// test::test_backends() (a fresh, migrated database per test). Every backend must pass all
// of it unchanged; that is what makes the backends interchangeable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/repositories.hpp"
#include "domain/contract.hpp"
#include "domain/error.hpp"
#include "domain/records.hpp"
#include "support/temp_database.hpp"

namespace turnus {
namespace {

using app::ContractFilter;
using app::PageRequest;
using app::Tx;
using domain::ActionType;
using domain::Contract;
using domain::ContractStatus;
using domain::Date;
using domain::ErrorKind;
using domain::Id;
using domain::IntervalUnit;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr domain::Timestamp kNow = 1'780'000'000;

Date d(int y, int m, int day) { return Date::from_civil(y, m, day); }

// Runs `f` and returns the kind of domain::Error it threw; fails the test if it threw none.
template <class F>
ErrorKind error_kind_of(F&& f) {
  try {
    f();
  } catch (const domain::Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "expected a domain::Error";
  return ErrorKind::internal;
}

struct ContractSpec {
  std::string name{};
  std::optional<Id> customer_id{};
  std::optional<Id> project_id{};
  Id employee_id = 0;
  Date start = d(2026, 3, 1);
  IntervalUnit unit = IntervalUnit::month;
  int every = 1;
  std::vector<Date> dates{};
  ActionType action = ActionType::notify;
  Date today = d(2026, 1, 1);
};

class RepositoryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { temp_ = std::make_unique<test::TempDatabase>(GetParam()); }

  app::Database& db() { return temp_->db(); }

  Id add_org(const std::string& name) {
    return app::write(db(), [&](Tx& tx) { return tx.organisations().add({0, name, "Europe/Berlin", kNow}).id; });
  }
  Id add_user(Id org, const std::string& email, domain::Role role = domain::Role::technician) {
    return app::write(db(), [&](Tx& tx) {
      domain::User u;
      u.organisation_id = org;
      u.email = email;
      u.name = "User " + email;
      u.role = role;
      u.created_at = kNow;
      return tx.users().add(u).id;
    });
  }
  Id add_customer(Id org, const std::string& name) {
    return app::write(db(), [&](Tx& tx) { return tx.customers().add({0, org, name, "", "", "", kNow}).id; });
  }
  Id add_project(Id org, Id customer, const std::string& name) {
    return app::write(db(), [&](Tx& tx) {
      domain::Project p;
      p.organisation_id = org;
      p.customer_id = customer;
      p.name = name;
      p.stage_id = tx.pipeline().stages(org).front().id;
      p.created_at = kNow;
      return tx.projects().add(p).id;
    });
  }
  static Contract make_contract(Id org, const ContractSpec& spec) {
    domain::ContractDraft draft;
    draft.name = spec.name;
    draft.customer_id = spec.customer_id;
    draft.project_id = spec.project_id;
    draft.start_date = spec.start;
    draft.interval = {spec.unit, spec.every, spec.dates};
    draft.action = {spec.action, spec.employee_id};
    return Contract::create(draft, org, spec.today);
  }
  Id add_contract(Id org, const ContractSpec& spec) {
    return app::write(db(), [&](Tx& tx) { return tx.contracts().add(make_contract(org, spec), kNow).id(); });
  }
  void change_contract(Id org, Id id, const std::function<void(Contract&)>& change) {
    app::write(db(), [&](Tx& tx) { tx.contracts().update(org, id, change, kNow); });
  }
  std::optional<Contract> find_contract(Id org, Id id) {
    return app::read(db(), [&](Tx& tx) { return tx.contracts().find(org, id); });
  }
  std::vector<Id> list_ids(Id org, const ContractFilter& filter, PageRequest page = {1, 200}) {
    const app::Page<Contract> result = app::read(db(), [&](Tx& tx) { return tx.contracts().list(org, filter, page); });
    std::vector<Id> ids;
    for (const Contract& c : result.items) ids.push_back(c.id());
    return ids;
  }
  domain::Execution execution(Id org, Id contract, Date due,
                              domain::ExecutionKind kind = domain::ExecutionKind::action) {
    domain::Execution e;
    e.organisation_id = org;
    e.contract_id = contract;
    e.due_date = due;
    e.kind = kind;
    e.executed_at = kNow;
    return e;
  }
  domain::Order order(Id org, Id assignee, const std::string& title) {
    domain::Order o;
    o.organisation_id = org;
    o.assignee_id = assignee;
    o.title = title;
    o.created_at = kNow;
    return o;
  }

  std::unique_ptr<test::TempDatabase> temp_;
};

// --- organisations, people, customers ----------------------------------------------------

TEST_P(RepositoryTest, OrganisationAddSeedsPipelineStagesWithNewContactFirst) {
  const Id org = add_org("Heizung Meier");
  const auto stages = app::read(db(), [&](Tx& tx) { return tx.pipeline().stages(org); });
  ASSERT_EQ(stages.size(), 5u);
  EXPECT_EQ(stages[0].name, "Neu - Erstkontakt");
  EXPECT_EQ(stages[0].position, 0);
  for (std::size_t i = 0; i < stages.size(); ++i) {
    EXPECT_EQ(stages[i].position, static_cast<int>(i));
    EXPECT_EQ(stages[i].organisation_id, org);
  }
  EXPECT_EQ(stages.back().name, "Abgeschlossen");
}

TEST_P(RepositoryTest, OrganisationFindByIdAndNameAndList) {
  const Id a = add_org("Beta");
  const Id b = add_org("Alpha");
  app::read(db(), [&](Tx& tx) {
    const auto found = tx.organisations().find(a);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Beta");
    EXPECT_EQ(found->time_zone, "Europe/Berlin");
    EXPECT_EQ(found->created_at, kNow);
    EXPECT_EQ(tx.organisations().find_by_name("Alpha")->id, b);
    EXPECT_FALSE(tx.organisations().find_by_name("Gamma"));
    EXPECT_FALSE(tx.organisations().find(a + b + 100));
    const auto all = tx.organisations().list();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].name, "Alpha");
  });
}

TEST_P(RepositoryTest, OrganisationNameIsUnique) {
  add_org("Meier");
  EXPECT_EQ(error_kind_of([&] { add_org("Meier"); }), ErrorKind::conflict);
}

// Unique within an organisation, case-insensitively; another organisation may have a user
// with the same address (docs/adr/0010-email-across-organisations.md).
TEST_P(RepositoryTest, UserEmailIsUniqueCaseInsensitivelyWithinAnOrganisation) {
  const Id a = add_org("A");
  const Id b = add_org("B");
  const Id user = add_user(a, "Anna@Example.com", domain::Role::admin);
  EXPECT_EQ(error_kind_of([&] { add_user(a, "ANNA@EXAMPLE.COM"); }), ErrorKind::conflict);
  const Id in_b = add_user(b, "anna@example.COM");

  app::read(db(), [&](Tx& tx) {
    const auto found = tx.users().find_by_email(a, "anna@example.com");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, user);
    EXPECT_EQ(found->organisation_id, a);
    EXPECT_EQ(found->email, "Anna@Example.com");
    EXPECT_EQ(found->role, domain::Role::admin);
    EXPECT_TRUE(found->active);
    EXPECT_EQ(tx.users().find_by_email(b, "ANNA@example.com")->id, in_b);
    EXPECT_FALSE(tx.users().find_by_email(a, "bob@example.com"));
    const std::vector<domain::User> everywhere = tx.users().with_email("anna@EXAMPLE.com");
    ASSERT_EQ(everywhere.size(), 2U);
    EXPECT_EQ(everywhere[0].id, user);
    EXPECT_EQ(everywhere[1].id, in_b);
    EXPECT_THAT(tx.users().with_email("bob@example.com"), IsEmpty());
  });
  // Changing an address onto another user's: refused in the same organisation only.
  const Id bert = add_user(b, "bert@example.com");
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) {
                domain::User u = *tx.users().find(b, bert);
                u.email = "ANNA@example.com";
                tx.users().update(u);
              });
            }),
            ErrorKind::conflict);
  app::write(db(), [&](Tx& tx) {
    domain::User u = *tx.users().find(a, user);
    u.email = "Bert@Example.com";
    tx.users().update(u);
  });
}

TEST_P(RepositoryTest, UserUpdateAndList) {
  const Id org = add_org("A");
  const Id other_org = add_org("B");
  const Id anna = add_user(org, "anna@example.com");
  add_user(org, "bert@example.com");
  app::write(db(), [&](Tx& tx) {
    domain::User u = *tx.users().find(org, anna);
    u.name = "Anna Schulz";
    u.role = domain::Role::office;
    u.active = false;
    u.password_hash = "$argon2id$...";
    tx.users().update(u);
  });
  app::read(db(), [&](Tx& tx) {
    const domain::User u = *tx.users().find(org, anna);
    EXPECT_EQ(u.name, "Anna Schulz");
    EXPECT_EQ(u.role, domain::Role::office);
    EXPECT_FALSE(u.active);
    EXPECT_EQ(u.password_hash, "$argon2id$...");
    EXPECT_EQ(tx.users().list(org).size(), 2u);
    EXPECT_THAT(tx.users().list(other_org), IsEmpty());
  });
  // Taking another user's address, or updating through a foreign organisation, is refused.
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) {
                domain::User u = *tx.users().find(org, anna);
                u.email = "BERT@example.com";
                tx.users().update(u);
              });
            }),
            ErrorKind::conflict);
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) {
                domain::User u = *tx.users().find(org, anna);
                u.organisation_id = other_org;
                tx.users().update(u);
              });
            }),
            ErrorKind::not_found);
}

TEST_P(RepositoryTest, TokensAreFoundByHash) {
  const Id org = add_org("A");
  const Id user = add_user(org, "anna@example.com");
  const Id token = app::write(db(), [&](Tx& tx) { return tx.tokens().add({0, org, user, "laptop", "ab12", kNow}).id; });
  app::read(db(), [&](Tx& tx) {
    const auto found = tx.tokens().find_by_hash("ab12");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, token);
    EXPECT_EQ(found->user_id, user);
    EXPECT_EQ(found->organisation_id, org);
    EXPECT_EQ(found->label, "laptop");
    EXPECT_FALSE(tx.tokens().find_by_hash("AB12"));
    EXPECT_FALSE(tx.tokens().find_by_hash(""));
  });
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) { tx.tokens().add({0, org, user, "", "ab12", kNow}); });
            }),
            ErrorKind::conflict);
}

TEST_P(RepositoryTest, TokenForAUserOfAnotherOrganisationIsRefused) {
  const Id a = add_org("A");
  const Id b = add_org("B");
  const Id user_b = add_user(b, "bert@example.com");
  EXPECT_EQ(error_kind_of([&] { app::write(db(), [&](Tx& tx) {
                                  tx.tokens().add({0, a, user_b, "", "x", kNow});
                                }); }),
            ErrorKind::not_found);
}

TEST_P(RepositoryTest, CustomersListSearchesCaseInsensitivelyAndPages) {
  const Id org = add_org("A");
  const Id mueller = add_customer(org, "Müller GmbH");
  const Id mueller_bau = add_customer(org, "MÜLLER Bau");
  add_customer(org, "Schmidt 100% AG");
  for (int i = 0; i < 22; ++i) add_customer(org, "Kunde " + std::string(i < 10 ? "0" : "") + std::to_string(i));

  app::read(db(), [&](Tx& tx) {
    const auto all = tx.customers().list(org, "", {1, 50});
    EXPECT_EQ(all.total, 25);
    ASSERT_EQ(all.items.size(), 25u);
    EXPECT_EQ(all.items.front().name, "Kunde 00");  // sorted by name
    EXPECT_EQ(all.items.back().name, "Schmidt 100% AG");

    const auto page3 = tx.customers().list(org, "", {3, 10});
    EXPECT_EQ(page3.total, 25);
    EXPECT_EQ(page3.page, 3);
    EXPECT_EQ(page3.per_page, 10);
    ASSERT_EQ(page3.items.size(), 5u);
    EXPECT_EQ(page3.items.front().name, "Kunde 20");

    const auto muellers = tx.customers().list(org, "müller", {1, 50});
    EXPECT_EQ(muellers.total, 2);
    ASSERT_EQ(muellers.items.size(), 2u);
    EXPECT_EQ(muellers.items[0].id, mueller_bau);  // "müller bau" < "müller gmbh"
    EXPECT_EQ(muellers.items[1].id, mueller);
    EXPECT_EQ(tx.customers().list(org, "MÜLLER G", {1, 50}).total, 1);
    // Search text is literal: % is not a wildcard.
    EXPECT_EQ(tx.customers().list(org, "100%", {1, 50}).total, 1);
    EXPECT_EQ(tx.customers().list(org, "%", {1, 50}).total, 1);
    EXPECT_EQ(tx.customers().list(org, "_", {1, 50}).total, 0);

    const auto found = tx.customers().find(org, mueller);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Müller GmbH");
  });
}

TEST_P(RepositoryTest, PageRequestsAreClamped) {
  const Id org = add_org("A");
  for (int i = 0; i < 3; ++i) add_customer(org, "K" + std::to_string(i));
  app::read(db(), [&](Tx& tx) {
    const auto page = tx.customers().list(org, "", {0, 0});
    EXPECT_EQ(page.page, 1);
    EXPECT_EQ(page.per_page, 1);
    EXPECT_EQ(page.items.size(), 1u);
    EXPECT_EQ(tx.customers().list(org, "", {1, 1000}).per_page, 200);
    EXPECT_THAT(tx.customers().list(org, "", {9, 50}).items, IsEmpty());
  });
}

// --- records created by actions ------------------------------------------------------------

TEST_P(RepositoryTest, ProjectsTasksNotificationsAndAuditRoundTrip) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id customer = add_customer(org, "Kunde");
  const Id contract = add_contract(org, {.name = "Wartung", .customer_id = customer, .employee_id = employee});
  const domain::Source source{contract, d(2026, 3, 1)};

  app::write(db(), [&](Tx& tx) {
    domain::Project p;
    p.organisation_id = org;
    p.customer_id = customer;
    p.name = "Wartung 2026";
    p.stage_id = tx.pipeline().stages(org).front().id;
    p.main_contact_employee_id = employee;
    p.source = source;
    p.created_at = kNow;
    const domain::Project stored = tx.projects().add(p);
    const domain::Project found = *tx.projects().find(org, stored.id);
    EXPECT_EQ(found.name, "Wartung 2026");
    EXPECT_EQ(found.customer_id, customer);
    EXPECT_EQ(found.stage_id, p.stage_id);
    EXPECT_EQ(found.main_contact_employee_id, employee);
    EXPECT_EQ(found.source, source);
    EXPECT_EQ(found.created_at, kNow);
    const auto page = tx.projects().list(org, {}, {1, 50});
    EXPECT_EQ(page.total, 1);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].id, stored.id);

    domain::Task t;
    t.organisation_id = org;
    t.title = "Therme warten";
    t.assignee_id = employee;
    t.due_date = d(2026, 3, 1);
    t.source = source;
    t.created_at = kNow;
    const domain::Task task = *tx.tasks().find(org, tx.tasks().add(t).id);
    EXPECT_EQ(task.title, "Therme warten");
    EXPECT_EQ(task.assignee_id, employee);
    EXPECT_EQ(task.due_date, d(2026, 3, 1));
    EXPECT_EQ(task.status, domain::WorkStatus::open);
    EXPECT_EQ(task.source, source);

    domain::Notification n;
    n.organisation_id = org;
    n.recipient_id = employee;
    n.text = "Wartung bald fällig";
    n.link = "/contracts/1";
    n.source = source;
    n.created_at = kNow;
    const Id first = tx.notifications().add(n).id;
    n.text = "zweite";
    n.source.reset();
    n.created_at = kNow + 60;
    const Id second = tx.notifications().add(n).id;
    const auto inbox = tx.notifications().for_recipient(org, employee);
    ASSERT_EQ(inbox.size(), 2u);
    EXPECT_EQ(inbox[0].id, second);  // newest first
    EXPECT_EQ(inbox[1].id, first);
    EXPECT_EQ(inbox[1].source, source);
    EXPECT_EQ(inbox[1].link, "/contracts/1");
    EXPECT_FALSE(inbox[1].read);

    tx.audit().add({0, org, employee, "contract.create", "contract", contract, R"({"name":"Wartung"})", kNow});
    tx.audit().add({0, org, std::nullopt, "contract.execute", "contract", contract, "", kNow + 1});
    const auto log = tx.audit().recent(org, 10);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].action, "contract.execute");
    EXPECT_FALSE(log[0].actor_id);
    EXPECT_EQ(log[1].actor_id, employee);
    EXPECT_EQ(log[1].detail, R"({"name":"Wartung"})");
    EXPECT_EQ(tx.audit().recent(org, 1).size(), 1u);
  });
}

TEST_P(RepositoryTest, RecordsCannotReferenceAnotherOrganisationsRows) {
  const Id a = add_org("A");
  const Id b = add_org("B");
  const Id employee_a = add_user(a, "a@example.com");
  const Id employee_b = add_user(b, "b@example.com");
  const Id customer_b = add_customer(b, "Kunde B");
  EXPECT_EQ(
      error_kind_of([&] { add_contract(a, {.name = "X", .customer_id = customer_b, .employee_id = employee_a}); }),
      ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { add_contract(a, {.name = "X", .employee_id = employee_b}); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { add_project(a, customer_b, "P"); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { app::write(db(), [&](Tx& tx) { tx.orders().add(order(a, employee_b, "O")); }); }),
            ErrorKind::not_found);
}

// --- contracts ---------------------------------------------------------------------------------

// Beyond app::kExactTotalLimit matches the total stops counting (ADR 0006), and the pages
// past it still come, in order, without gaps or repeats.
TEST_P(RepositoryTest, ContractTotalsAreExactUpToTheLimitAndPagesGoOnBeyondIt) {
  const Id org = add_org("Groß");
  const Id employee = add_user(org, "kessel@example.com");
  const Id customer = add_customer(org, "Kesselbau Nord");
  constexpr int kContracts = static_cast<int>(app::kExactTotalLimit) + 7;
  app::write(db(), [&](Tx& tx) {
    for (int i = 0; i < kContracts; ++i) {
      // Due dates repeat, so the id breaks ties; every third one is no boiler.
      const std::string name = i % 3 == 0 ? "Lüftung " + std::to_string(i) : "Kesselwartung " + std::to_string(i);
      tx.contracts().add(make_contract(org, {.name = name,
                                             .customer_id = customer,
                                             .employee_id = employee,
                                             .start = d(2026, 1, 1).plus_days(i % 97)}),
                         kNow);
    }
  });
  const auto list = [&](const ContractFilter& f, int page, int per_page) {
    return app::read(db(), [&](Tx& tx) { return tx.contracts().list(org, f, {page, per_page}); });
  };

  // Every contract matches the customer's name: more than the limit.
  ContractFilter broad;
  broad.query = "kesselbau";
  const app::Page<Contract> first = list(broad, 1, 50);
  EXPECT_EQ(first.total, app::kExactTotalLimit);
  EXPECT_FALSE(first.total_exact);
  ASSERT_EQ(first.items.size(), 50u);

  // Paging on past the limit reaches every contract exactly once, in next-due order.
  std::vector<Id> seen;
  std::optional<Date> previous;
  for (int page = 1;; ++page) {
    const app::Page<Contract> p = list(broad, page, 200);
    for (const Contract& c : p.items) {
      if (previous) {
        EXPECT_LE(*previous, *c.next_due_date());
      }
      previous = c.next_due_date();
      seen.push_back(c.id());
    }
    if (p.items.size() < 200u) break;
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kContracts));
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());

  // The unfiltered list is counted by status, exactly, however large.
  const app::Page<Contract> all = list({}, 1, 50);
  EXPECT_EQ(all.total, kContracts);
  EXPECT_TRUE(all.total_exact);

  // Two thirds match "kesselwartung", a third "lüftung": both below the limit, exact.
  ContractFilter boilers;
  boilers.query = "Kesselwartung";
  const app::Page<Contract> kessel = list(boilers, 1, 50);
  EXPECT_TRUE(kessel.total_exact);
  EXPECT_EQ(kessel.total, kContracts - (kContracts + 2) / 3);
  ContractFilter ventilation;
  ventilation.query = "LÜFTUNG";
  const app::Page<Contract> fans = list(ventilation, 1, 50);
  EXPECT_TRUE(fans.total_exact);
  EXPECT_EQ(fans.total, (kContracts + 2) / 3);
  // An exact total also ends the pages: one past the last is empty.
  const int past_last = static_cast<int>(fans.total / 50) + 2;
  EXPECT_TRUE(list(ventilation, past_last, 50).items.empty());
}

// Keyset pages (`after`): paging with the cursor each page hands out reaches the same
// contracts in the same order as paging by number, for every sort and direction, across
// ties, rows without a due date or a customer (the group after the others), and each way
// the list is read: a walk of the sort's index, a text past the exact limit, a few text
// matches sorted, a customer's id set, a due range, a two-letter text.
TEST_P(RepositoryTest, ContractPagesAfterACursorAreThePagesByNumber) {
  const Id org = add_org("Schlüssel");
  const Id employee = add_user(org, "kessel@example.com");
  const Id nord = add_customer(org, "Kesselbau Nord");
  const Id sued = add_customer(org, "Kesselbau Süd");
  const Id mueller = add_customer(org, "Anlagen Müller");
  constexpr int kContracts = 1200;
  app::write(db(), [&](Tx& tx) {
    for (int i = 0; i < kContracts; ++i) {
      ContractSpec spec{
          .name = i % 3 == 0 ? "Lüftung " + std::to_string(i % 7) : "Kesselwartung " + std::to_string(i % 13),
          .employee_id = employee,
          .start = d(2026, 1, 1).plus_days(i % 53)};
      if (i % 5 != 0) spec.customer_id = i % 4 == 0 ? mueller : (i % 2 == 0 ? nord : sued);
      if (i % 7 == 0) {  // no occurrence left: no next due date
        spec.start = d(2025, 1, 1);
        spec.unit = IntervalUnit::fixed;
        spec.dates = {d(2025, 5, 1)};
      }
      tx.contracts().add(make_contract(org, spec), kNow);
    }
  });
  const auto list = [&](const ContractFilter& f, int page) {
    return app::read(db(), [&](Tx& tx) { return tx.contracts().list(org, f, {page, 97}); });
  };

  std::vector<std::pair<std::string, ContractFilter>> filters;
  filters.emplace_back("all", ContractFilter{});
  ContractFilter text;
  text.query = "kessel";
  filters.emplace_back("text past the limit", text);
  text.query = "müller";
  filters.emplace_back("text with few matches", text);
  text.query = "lü";
  filters.emplace_back("two letters", text);
  ContractFilter customer;
  customer.customer_id = nord;
  filters.emplace_back("customer", customer);
  ContractFilter due;
  due.due_after = d(2026, 1, 20);
  filters.emplace_back("due range", due);
  EXPECT_FALSE(list(filters[1].second, 1).total_exact);  // the walk of a text past the limit is covered

  for (auto [label, filter] : filters) {
    for (const ContractFilter::Sort sort :
         {ContractFilter::Sort::next_due_date, ContractFilter::Sort::name, ContractFilter::Sort::customer}) {
      for (const bool descending : {false, true}) {
        filter.sort = sort;
        filter.descending = descending;
        filter.after.reset();
        SCOPED_TRACE(label + ", sort " + std::to_string(static_cast<int>(sort)) + (descending ? " descending" : ""));
        std::vector<Id> by_number;
        for (int page = 1;; ++page) {
          const app::ContractListPage p = list(filter, page);
          for (const Contract& c : p.items) by_number.push_back(c.id());
          if (p.items.size() < 97u || (p.total_exact && page * 97 >= p.total)) {
            EXPECT_FALSE(p.next);
            break;
          }
          ASSERT_TRUE(p.next);
        }
        ASSERT_GT(by_number.size(), 97u);

        std::vector<Id> by_cursor;
        const app::ContractListPage first = list(filter, 1);
        for (app::ContractListPage p = first;;) {
          EXPECT_EQ(p.total, first.total);
          EXPECT_EQ(p.total_exact, first.total_exact);
          for (const Contract& c : p.items) by_cursor.push_back(c.id());
          if (!p.next) break;
          ASSERT_LE(by_cursor.size(), by_number.size());
          filter.after = p.next;
          // The page number only labels a cursor's page.
          p = list(filter, 7);
          EXPECT_EQ(p.page, 7);
        }
        EXPECT_EQ(by_cursor, by_number);
      }
    }
  }

  // A numbered page that an exact total says is the last hands out no cursor. After a cursor
  // the position is not known: a full last page hands one out, and the page after it is empty.
  ContractFilter mueller_only;
  mueller_only.customer_id = mueller;
  const auto read = [&](const ContractFilter& f, PageRequest page) {
    return app::read(db(), [&](Tx& tx) { return tx.contracts().list(org, f, page); });
  };
  const app::ContractListPage whole = read(mueller_only, {1, 1});
  ASSERT_TRUE(whole.total_exact);
  ASSERT_EQ(whole.total % 2, 0);
  ASSERT_LE(whole.total, 400);
  const int half = static_cast<int>(whole.total / 2);
  EXPECT_FALSE(read(mueller_only, {2, half}).next);
  const app::ContractListPage first_half = read(mueller_only, {1, half});
  ASSERT_TRUE(first_half.next);
  mueller_only.after = first_half.next;
  const app::ContractListPage second_half = read(mueller_only, {2, half});
  EXPECT_EQ(std::ssize(second_half.items), half);
  ASSERT_TRUE(second_half.next);
  mueller_only.after = second_half.next;
  const app::ContractListPage beyond = read(mueller_only, {3, half});
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_FALSE(beyond.next);
  EXPECT_EQ(beyond.total, whole.total);
}

TEST_P(RepositoryTest, ContractStateRoundTripsCompletely) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id customer = add_customer(org, "Kunde");
  domain::ContractDraft draft;
  draft.name = "Feuerlöscher prüfen";
  draft.customer_id = customer;
  draft.start_date = d(2026, 1, 15);
  draft.interval = {IntervalUnit::fixed, 1, {d(2026, 9, 1), d(2026, 3, 15), d(2027, 3, 15)}};
  draft.term = domain::Term{2, domain::TermUnit::year};
  draft.reminder = domain::Reminder{14};
  draft.action = {ActionType::create_order, employee};
  const Contract created = Contract::create(draft, org, d(2026, 1, 1));

  const Contract stored = app::write(db(), [&](Tx& tx) { return tx.contracts().add(created, kNow); });
  EXPECT_GT(stored.id(), 0);
  EXPECT_EQ(stored.state().version, 1);

  const Contract found = *find_contract(org, stored.id());
  const Contract::State& s = found.state();
  EXPECT_EQ(s.id, stored.id());
  EXPECT_EQ(s.organisation_id, org);
  EXPECT_EQ(s.name, "Feuerlöscher prüfen");
  EXPECT_EQ(s.customer_id, customer);
  EXPECT_FALSE(s.project_id);
  EXPECT_EQ(s.schedule.start(), d(2026, 1, 15));
  EXPECT_EQ(s.schedule.interval(), created.schedule().interval());
  EXPECT_EQ(s.schedule.term(), draft.term);
  EXPECT_EQ(s.reminder, draft.reminder);
  EXPECT_EQ(s.action, draft.action);
  EXPECT_EQ(s.status, ContractStatus::active);
  EXPECT_EQ(s.next_due_date, d(2026, 3, 15));
  EXPECT_FALSE(s.handled_through);
  EXPECT_EQ(s.version, 1);

  // An open-ended weekly internal task without reminder, after one handled occurrence.
  const Id weekly = add_contract(org, {.name = "Wochencheck",
                                       .employee_id = employee,
                                       .start = d(2026, 1, 5),
                                       .unit = IntervalUnit::week,
                                       .every = 2,
                                       .action = ActionType::create_task});
  change_contract(org, weekly, [](Contract& c) { c.trigger(); });
  const Contract::State w = find_contract(org, weekly)->state();
  EXPECT_FALSE(w.customer_id);
  EXPECT_FALSE(w.schedule.term());
  EXPECT_FALSE(w.reminder);
  EXPECT_EQ(w.schedule.interval(), (domain::Interval{IntervalUnit::week, 2, {}}));
  EXPECT_EQ(w.handled_through, d(2026, 1, 5));
  EXPECT_EQ(w.next_due_date, d(2026, 1, 19));
  EXPECT_EQ(w.version, 2);
}

TEST_P(RepositoryTest, ContractUpdateIncrementsVersionAndSavesTheChange) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id id = add_contract(org, {.name = "Wartung", .employee_id = employee});
  const Contract updated = app::write(db(), [&](Tx& tx) {
    return tx.contracts().update(
        org, id, [](Contract& c) { c.deactivate(); }, kNow);
  });
  EXPECT_EQ(updated.state().version, 2);
  EXPECT_EQ(updated.status(), ContractStatus::inactive);
  const Contract found = *find_contract(org, id);
  EXPECT_EQ(found.state().version, 2);
  EXPECT_EQ(found.status(), ContractStatus::inactive);

  change_contract(org, id, [](Contract& c) { c.archive(); });
  EXPECT_EQ(find_contract(org, id)->state().version, 3);
  EXPECT_EQ(find_contract(org, id)->status(), ContractStatus::archived);
}

TEST_P(RepositoryTest, ContractSaveProgressWritesTheScheduleProgressAndNothingElse) {
  const Id org = add_org("A");
  const Id other = add_org("B");
  const Id employee = add_user(org, "e@example.com");
  const Id id = add_contract(org, {.name = "Wartung", .employee_id = employee});
  Contract loaded = *find_contract(org, id);
  ASSERT_EQ(loaded.next_due_date(), d(2026, 3, 1));
  loaded.mark_handled(d(2026, 3, 1));
  // A change outside the schedule's progress, which save_progress() must not write.
  Contract::State changed = loaded.state();
  changed.name = "Umbenannt";
  const Contract saved =
      app::write(db(), [&](Tx& tx) { return tx.contracts().save_progress(Contract::restore(changed), kNow + 60); });
  EXPECT_EQ(saved.state().version, 2);

  const Contract found = *find_contract(org, id);
  EXPECT_EQ(found.state().version, 2);
  EXPECT_EQ(found.next_due_date(), d(2026, 4, 1));
  EXPECT_EQ(found.state().handled_through, d(2026, 3, 1));
  EXPECT_EQ(found.state().updated_at, kNow + 60);
  EXPECT_EQ(found.state().name, "Wartung");

  // The version it was loaded with is stale now; another organisation's id is no match.
  EXPECT_EQ(error_kind_of([&] { app::write(db(), [&](Tx& tx) { tx.contracts().save_progress(loaded, kNow); }); }),
            ErrorKind::conflict);
  Contract::State foreign = found.state();
  foreign.organisation_id = other;
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) { tx.contracts().save_progress(Contract::restore(foreign), kNow); });
            }),
            ErrorKind::conflict);
  EXPECT_EQ(find_contract(org, id)->state().version, 2);
}

TEST_P(RepositoryTest, ContractUpdateWithThrowingCallbackSavesNothing) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id id = add_contract(org, {.name = "Wartung", .employee_id = employee});
  // The domain refuses to archive an active contract; the caller even commits afterwards.
  app::write(db(), [&](Tx& tx) {
    EXPECT_THROW(tx.contracts().update(
                     org, id, [](Contract& c) { c.archive(); }, kNow),
                 domain::Error);
    EXPECT_THROW(tx.contracts().update(
                     org, id,
                     [](Contract& c) {
                       c.deactivate();
                       throw std::runtime_error("changed my mind");
                     },
                     kNow),
                 std::runtime_error);
  });
  const Contract found = *find_contract(org, id);
  EXPECT_EQ(found.state().version, 1);
  EXPECT_EQ(found.status(), ContractStatus::active);
}

TEST_P(RepositoryTest, ContractUpdateOfUnknownOrForeignIdIsNotFound) {
  const Id a = add_org("A");
  const Id b = add_org("B");
  const Id employee = add_user(a, "e@example.com");
  const Id id = add_contract(a, {.name = "Wartung", .employee_id = employee});
  bool called = false;
  const auto touch = [&](Contract&) { called = true; };
  EXPECT_EQ(error_kind_of([&] { change_contract(b, id, touch); }), ErrorKind::not_found);
  EXPECT_EQ(error_kind_of([&] { change_contract(a, id + 1000, touch); }), ErrorKind::not_found);
  EXPECT_FALSE(called);
  EXPECT_EQ(find_contract(a, id)->state().version, 1);
}

// A small organisation with one contract of each kind, plus a second organisation whose
// contracts must never appear.
class ContractListTest : public RepositoryTest {
 protected:
  void SetUp() override {
    RepositoryTest::SetUp();
    org = add_org("A");
    e1 = add_user(org, "e1@example.com");
    e2 = add_user(org, "e2@example.com");
    mueller = add_customer(org, "Müller GmbH");
    schmidt = add_customer(org, "Schmidt AG");
    project = add_project(org, schmidt, "Neubau");
    // next due 2026-03-01
    thermen = add_contract(org, {.name = "Thermenwartung",
                                 .customer_id = mueller,
                                 .employee_id = e1,
                                 .start = d(2026, 3, 1),
                                 .unit = IntervalUnit::year});
    // next due 2026-02-15
    heizung = add_contract(org, {.name = "Heizung Check",
                                 .customer_id = schmidt,
                                 .employee_id = e2,
                                 .start = d(2026, 2, 15),
                                 .action = ActionType::create_task});
    // next due 2026-06-01, inactive
    tuev = add_contract(org, {.name = "TÜV Transporter",
                              .employee_id = e1,
                              .start = d(2026, 6, 1),
                              .unit = IntervalUnit::year,
                              .action = ActionType::create_task});
    change_contract(org, tuev, [](Contract& c) { c.deactivate(); });
    // started 2026-01-10, archived: no next due date any more (NULL)
    projekt = add_contract(org, {.name = "Projektwartung",
                                 .project_id = project,
                                 .employee_id = e2,
                                 .start = d(2026, 1, 10),
                                 .unit = IntervalUnit::week,
                                 .action = ActionType::create_order});
    change_contract(org, projekt, [](Contract& c) { c.deactivate(); });
    change_contract(org, projekt, [](Contract& c) { c.archive(); });
    // no occurrence left: next due NULL
    loescher = add_contract(org, {.name = "Feuerlöscher",
                                  .employee_id = e2,
                                  .start = d(2025, 1, 1),
                                  .unit = IntervalUnit::fixed,
                                  .dates = {d(2025, 5, 1)}});

    other = add_org("B");
    const Id other_employee = add_user(other, "o@example.com");
    const Id other_customer = add_customer(other, "Müller GmbH");
    add_contract(other, {.name = "Thermenwartung",
                         .customer_id = other_customer,
                         .employee_id = other_employee,
                         .start = d(2026, 1, 20)});
  }

  static ContractFilter all_statuses() {
    ContractFilter f;
    f.statuses = {ContractStatus::active, ContractStatus::inactive, ContractStatus::archived};
    return f;
  }

  Id org = 0, other = 0, e1 = 0, e2 = 0, mueller = 0, schmidt = 0, project = 0;
  Id thermen = 0, heizung = 0, tuev = 0, projekt = 0, loescher = 0;
};

TEST_P(ContractListTest, DefaultListShowsActiveAndInactiveByNextDueDateWithNoDateLast) {
  EXPECT_THAT(list_ids(org, {}), ElementsAre(heizung, thermen, tuev, loescher));
  const auto page = app::read(db(), [&](Tx& tx) { return tx.contracts().list(org, {}, {1, 50}); });
  EXPECT_EQ(page.total, 4);
  EXPECT_EQ(page.page, 1);
  EXPECT_EQ(page.per_page, 50);
}

TEST_P(ContractListTest, FiltersByStatus) {
  ContractFilter f;
  f.statuses = {ContractStatus::archived};
  EXPECT_THAT(list_ids(org, f), ElementsAre(projekt));
  f.statuses = {ContractStatus::inactive};
  EXPECT_THAT(list_ids(org, f), ElementsAre(tuev));
  f.statuses = {ContractStatus::active};
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, thermen, loescher));
  EXPECT_THAT(list_ids(org, all_statuses()), ElementsAre(heizung, thermen, tuev, projekt, loescher));
}

TEST_P(ContractListTest, FiltersByCustomerIncludingTheCustomersProjects) {
  ContractFilter f = all_statuses();
  f.customer_id = mueller;
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen));
  f.customer_id = schmidt;
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, projekt));
}

TEST_P(ContractListTest, FiltersByProjectEmployeeActionAndInterval) {
  ContractFilter f = all_statuses();
  f.project_id = project;
  EXPECT_THAT(list_ids(org, f), ElementsAre(projekt));

  f = all_statuses();
  f.employee_id = e1;
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, tuev));

  f = all_statuses();
  f.action_type = ActionType::create_task;
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, tuev));
  f.action_type = ActionType::create_project;
  EXPECT_THAT(list_ids(org, f), IsEmpty());

  f = all_statuses();
  f.interval_unit = IntervalUnit::year;
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, tuev));
  f.interval_unit = IntervalUnit::fixed;
  EXPECT_THAT(list_ids(org, f), ElementsAre(loescher));

  f = all_statuses();
  f.employee_id = e2;
  f.action_type = ActionType::notify;
  EXPECT_THAT(list_ids(org, f), ElementsAre(loescher));
}

TEST_P(ContractListTest, FiltersByDueDateInclusively) {
  ContractFilter f;
  f.due_before = d(2026, 3, 1);
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, thermen));
  f = {};
  f.due_after = d(2026, 3, 1);
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, tuev));
  f.due_before = d(2026, 3, 1);
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen));
  f = {};
  f.due_before = d(2025, 12, 31);  // overdue as of 2026-01-01: nothing
  EXPECT_THAT(list_ids(org, f), IsEmpty());
}

TEST_P(ContractListTest, SearchesContractAndCustomerNamesCaseInsensitively) {
  ContractFilter f = all_statuses();
  f.query = "MÜLLER";
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen));
  f.query = "wartung";
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, projekt));
  f.query = "schmidt";  // the customer of the contract's project counts too
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, projekt));
  f.query = "tüv";
  EXPECT_THAT(list_ids(org, f), ElementsAre(tuev));
  f.query = "%";
  EXPECT_THAT(list_ids(org, f), IsEmpty());
}

TEST_P(ContractListTest, SortsByNameAndCustomerBothWays) {
  ContractFilter f;
  f.sort = ContractFilter::Sort::name;
  EXPECT_THAT(list_ids(org, f), ElementsAre(loescher, heizung, thermen, tuev));
  f.descending = true;
  EXPECT_THAT(list_ids(org, f), ElementsAre(tuev, thermen, heizung, loescher));

  f = all_statuses();
  f.sort = ContractFilter::Sort::customer;
  // Customer name, then id; contracts without a customer last.
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, heizung, projekt, tuev, loescher));
  f.descending = true;
  EXPECT_THAT(list_ids(org, f), ElementsAre(projekt, heizung, thermen, loescher, tuev));

  f = {};
  f.descending = true;
  EXPECT_THAT(list_ids(org, f), ElementsAre(tuev, thermen, heizung, loescher));
}

TEST_P(ContractListTest, NeverShowsAnotherOrganisationsContracts) {
  ContractFilter f = all_statuses();
  EXPECT_EQ(list_ids(org, f).size(), 5u);
  EXPECT_EQ(list_ids(other, f).size(), 1u);
  f.query = "müller";
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen));
  f = all_statuses();
  f.customer_id = mueller;
  EXPECT_THAT(list_ids(other, f), IsEmpty());
  f = all_statuses();
  f.employee_id = e1;
  EXPECT_THAT(list_ids(other, f), IsEmpty());
  EXPECT_FALSE(find_contract(other, thermen));
}

// The text filter (q). Behind it the SQLite backend answers three or more characters from a
// trigram index in large organisations and reads the names otherwise; the results must not
// depend on which (tests/store/contract_search_test.cpp runs the same texts through both).

TEST_P(ContractListTest, SearchFoldsUmlautsInContractAndCustomerNames) {
  const Id weiss = add_customer(org, "Bäckerei Weiß");
  const Id oel = add_contract(
      org, {.name = "Ölbrenner Überprüfung", .customer_id = weiss, .employee_id = e1, .start = d(2026, 4, 1)});
  ContractFilter f = all_statuses();
  for (const char* text : {"ÖLBRENNER", "überprüfung", "ÜBERPRÜFUNG", "BÄCKEREI", "bäckerei weiß", "WEIß", "äcker"}) {
    f.query = text;
    EXPECT_THAT(list_ids(org, f), ElementsAre(oel)) << text;
  }
  // Folding changes the case only: umlauts are not spelled out, ß stays ß.
  for (const char* text : {"Backerei", "Oelbrenner", "weiss"}) {
    f.query = text;
    EXPECT_THAT(list_ids(org, f), IsEmpty()) << text;
  }
  f.query = "Ü";  // Müller's contract, the new one, the TÜV
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, oel, tuev));
}

TEST_P(ContractListTest, SearchesForOneAndTwoCharacters) {
  ContractFilter f = all_statuses();
  f.query = "ö";
  EXPECT_THAT(list_ids(org, f), ElementsAre(loescher));
  f.query = "AG";  // Schmidt AG, directly and through its project
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, projekt));
  f.query = "g";
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, thermen, projekt));
  f.query = "zz";
  EXPECT_THAT(list_ids(org, f), IsEmpty());
}

TEST_P(ContractListTest, SearchTextIsMatchedLiterallyAndNeverAsSyntax) {
  const Id special = add_contract(
      org, {.name = "Wartung \"Spezial\" *OR* NEAR(1) 100% a_b 'x'", .employee_id = e1, .start = d(2026, 5, 1)});
  ContractFilter f = all_statuses();
  // Pieces of the name that look like FTS5 or SQL syntax find it, as text …
  for (const char* text : {"\"Spezial\"", "\"", "*OR*", "*", "NEAR(1)", "NEAR(", "100%", "%", "a_b", "_", "'x'", "'"}) {
    f.query = text;
    EXPECT_THAT(list_ids(org, f), ElementsAre(special)) << text;
  }
  // … and syntax that is in no name finds nothing and harms nothing.
  for (const char* text : {"wartung OR heizung", "\"wartung\" OR \"heizung\"", "NEAR(wartung heizung)", "heiz*",
                           "^heizung", "name: heizung", "{name customer}: heizung", "' OR '1'='1",
                           "'; DROP TABLE maintenance_contracts; --", "\") OR 1=1 --", "%wartung%", "a%b"}) {
    f.query = text;
    EXPECT_THAT(list_ids(org, f), IsEmpty()) << text;
  }
  f.query = "OR";  // a word of the query language, searched as two letters: "Transp-or-ter" too
  EXPECT_THAT(list_ids(org, f), ElementsAre(special, tuev));
  EXPECT_EQ(list_ids(org, all_statuses()).size(), 6u);
}

TEST_P(ContractListTest, EditedContractsAreFoundAndSortedByTheirNewNamesAndCustomers) {
  const auto edit = [&](Id id, const ContractSpec& spec) {
    domain::ContractDraft draft;
    draft.name = spec.name;
    draft.customer_id = spec.customer_id;
    draft.project_id = spec.project_id;
    draft.start_date = spec.start;
    draft.interval = {spec.unit, spec.every, spec.dates};
    draft.action = {spec.action, spec.employee_id};
    change_contract(org, id, [&](Contract& c) { c.edit(draft, spec.today); });
  };
  ContractFilter f = all_statuses();

  // From Müller to Schmidt.
  edit(thermen, {.name = "Thermenwartung",
                 .customer_id = schmidt,
                 .employee_id = e1,
                 .start = d(2026, 3, 1),
                 .unit = IntervalUnit::year});
  f.query = "müller";
  EXPECT_THAT(list_ids(org, f), IsEmpty());
  f.query = "schmidt";
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, thermen, projekt));
  f = all_statuses();
  f.sort = ContractFilter::Sort::customer;
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, heizung, projekt, tuev, loescher));

  // To Schmidt's project: still Schmidt's.
  edit(thermen, {.name = "Thermenwartung",
                 .project_id = project,
                 .employee_id = e1,
                 .start = d(2026, 3, 1),
                 .unit = IntervalUnit::year});
  f = all_statuses();
  f.query = "SCHMIDT";
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, thermen, projekt));

  // Renamed and made an internal task: neither the old name nor Schmidt find it.
  edit(thermen, {.name = "Gaswartung", .employee_id = e1, .start = d(2026, 3, 1), .unit = IntervalUnit::year});
  f.query = "schmidt";
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, projekt));
  f.query = "thermen";
  EXPECT_THAT(list_ids(org, f), IsEmpty());
  f.query = "GASWART";
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen));
  f = all_statuses();
  f.sort = ContractFilter::Sort::customer;
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, projekt, thermen, tuev, loescher));
}

// Customers and projects change outside the contract (the repositories cannot do that yet,
// other writers can): the list follows, through the backend's own triggers.
TEST_P(ContractListTest, ARenamedCustomerIsFoundByItsNewName) {
  temp_->execute("UPDATE customers SET name = 'Meier KG', name_folded = 'meier kg' WHERE id = " +
                 std::to_string(schmidt));
  ContractFilter f = all_statuses();
  f.query = "schmidt";
  EXPECT_THAT(list_ids(org, f), IsEmpty());
  f.query = "MEIER";  // directly and through its project
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, projekt));
  f = all_statuses();
  f.sort = ContractFilter::Sort::customer;
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung, projekt, thermen, tuev, loescher));
}

TEST_P(ContractListTest, AProjectMovedToAnotherCustomerTakesItsContractsAlong) {
  temp_->execute("UPDATE projects SET customer_id = " + std::to_string(mueller) +
                 " WHERE id = " + std::to_string(project));
  ContractFilter f = all_statuses();
  f.query = "müller";
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, projekt));
  f.query = "schmidt";
  EXPECT_THAT(list_ids(org, f), ElementsAre(heizung));
  f = all_statuses();
  f.customer_id = mueller;
  EXPECT_THAT(list_ids(org, f), ElementsAre(thermen, projekt));
}

TEST_P(ContractListTest, ADeletedContractLeavesSearchAndTotals) {
  temp_->execute("DELETE FROM maintenance_contracts WHERE id = " + std::to_string(heizung));
  ContractFilter f = all_statuses();
  f.query = "schmidt";
  EXPECT_THAT(list_ids(org, f), ElementsAre(projekt));
  f.query = "heizung";
  EXPECT_THAT(list_ids(org, f), IsEmpty());
  const auto page = app::read(db(), [&](Tx& tx) { return tx.contracts().list(org, {}, {1, 50}); });
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.items.size(), 3u);
}

TEST_P(RepositoryTest, ContractListPagesWithIdAsTieBreaker) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  std::vector<Id> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(add_contract(org, {.name = "Gleich", .employee_id = employee}));
  for (const auto sort : {ContractFilter::Sort::next_due_date, ContractFilter::Sort::name}) {
    for (const bool descending : {false, true}) {
      ContractFilter f;
      f.sort = sort;
      f.descending = descending;
      std::vector<Id> paged;
      for (int page = 1; page <= 3; ++page) {
        const auto result = app::read(db(), [&](Tx& tx) { return tx.contracts().list(org, f, {page, 3}); });
        EXPECT_EQ(result.total, 7);
        EXPECT_EQ(result.items.size(), page < 3 ? 3u : 1u);
        for (const Contract& c : result.items) paged.push_back(c.id());
      }
      std::vector<Id> expected = ids;
      if (descending) std::reverse(expected.begin(), expected.end());
      EXPECT_EQ(paged, expected);
    }
  }
}

// --- executions, transactions, orders ---------------------------------------------------

TEST_P(RepositoryTest, ExecutionIsUniquePerContractDueDateAndKind) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id contract = add_contract(org, {.name = "Wartung", .employee_id = employee});
  app::write(db(), [&](Tx& tx) {
    tx.executions().add(execution(org, contract, d(2026, 3, 1)));
    // The reminder of the same occurrence is another kind.
    tx.executions().add(execution(org, contract, d(2026, 3, 1), domain::ExecutionKind::reminder));
  });

  // A second execution of the same occurrence fails, and takes the rest of its transaction
  // (here: the task the action created) with it.
  Id task_id = 0;
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) {
                domain::Task t;
                t.organisation_id = org;
                t.title = "doppelt";
                t.assignee_id = employee;
                t.created_at = kNow;
                task_id = tx.tasks().add(t).id;
                tx.executions().add(execution(org, contract, d(2026, 3, 1)));
              });
            }),
            ErrorKind::conflict);
  EXPECT_NE(task_id, 0);
  EXPECT_FALSE(app::read(db(), [&](Tx& tx) { return tx.tasks().find(org, task_id); }));
  EXPECT_EQ(app::read(db(), [&](Tx& tx) { return tx.executions().for_contract(org, contract); }).size(), 2u);
}

TEST_P(RepositoryTest, ExecutionsAreListedNewestFirstWithAllFields) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id contract = add_contract(org, {.name = "Wartung", .employee_id = employee});
  app::write(db(), [&](Tx& tx) {
    domain::Execution skipped = execution(org, contract, d(2026, 3, 1));
    skipped.outcome = domain::ExecutionOutcome::skipped;
    skipped.reason = "inactive";
    tx.executions().add(skipped);
    domain::Execution manual = execution(org, contract, d(2026, 4, 1));
    manual.trigger = domain::ExecutionTrigger::manual;
    manual.created_type = "task";
    manual.created_id = 44;
    manual.triggered_by = employee;
    tx.executions().add(manual);
    tx.executions().add(execution(org, contract, d(2026, 2, 1)));
  });
  const auto history = app::read(db(), [&](Tx& tx) { return tx.executions().for_contract(org, contract); });
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].due_date, d(2026, 4, 1));
  EXPECT_EQ(history[0].trigger, domain::ExecutionTrigger::manual);
  EXPECT_EQ(history[0].created_type, "task");
  EXPECT_EQ(history[0].created_id, 44);
  EXPECT_EQ(history[0].triggered_by, employee);
  EXPECT_EQ(history[1].due_date, d(2026, 3, 1));
  EXPECT_EQ(history[1].outcome, domain::ExecutionOutcome::skipped);
  EXPECT_EQ(history[1].reason, "inactive");
  EXPECT_FALSE(history[1].created_id);
  EXPECT_EQ(history[2].due_date, d(2026, 2, 1));
  EXPECT_EQ(history[2].executed_at, kNow);
  EXPECT_EQ(history[2].organisation_id, org);
}

// Tx::batch_writes() lets PostgreSQL hold inserts back and send them per table; SQLite
// ignores it. Either way what add() returns is exact, reads see the transaction's own
// writes, and a refused row fails the transaction by the time write() returns.
TEST_P(RepositoryTest, BatchedWritesReturnExactRowsAndAreReadBackInTheSameTransaction) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id customer = add_customer(org, "Kunde");
  const Id contract = add_contract(org, {.name = "Wartung", .customer_id = customer, .employee_id = employee});
  const domain::Source source{contract, d(2026, 3, 1)};
  domain::Task task;
  domain::Notification note;
  domain::Project project;
  std::vector<domain::Order> orders;
  app::write(db(), [&](Tx& tx) {
    tx.batch_writes();
    domain::Task t;
    t.organisation_id = org;
    t.title = "Aufgabe \"mit\" Anführungszeichen, Komma und \\ {Klammern}";
    t.assignee_id = employee;
    t.due_date = d(2026, 3, 1);
    t.source = source;
    t.created_at = kNow;
    task = tx.tasks().add(t);
    domain::Notification n;
    n.organisation_id = org;
    n.recipient_id = employee;
    n.text = "NULL";
    n.link = "/maintenance-contracts/" + std::to_string(contract);
    n.source = source;
    n.created_at = kNow;
    note = tx.notifications().add(n);
    domain::Project p;
    p.organisation_id = org;
    p.customer_id = customer;
    p.name = "Projekt";
    p.stage_id = tx.pipeline().stages(org).front().id;
    p.main_contact_employee_id = employee;
    p.source = source;
    p.created_at = kNow;
    project = tx.projects().add(p);
    for (int i = 0; i < 3; ++i) orders.push_back(tx.orders().add(order(org, employee, "O" + std::to_string(i))));
    tx.executions().add(execution(org, contract, d(2026, 3, 1)));
    tx.audit().add(
        {0, org, std::nullopt, "contract.execute", "contract", contract, R"({"due_date":"2026-03-01"})", kNow});
    Contract c = *tx.contracts().find(org, contract);  // a read: sees everything so far
    EXPECT_EQ(tx.tasks().find(org, task.id)->title, task.title);
    c.mark_handled(d(2026, 3, 1));
    tx.contracts().save_progress(c, kNow);
  });
  EXPECT_NE(task.id, 0);
  EXPECT_NE(note.id, 0);
  EXPECT_NE(project.id, 0);
  ASSERT_EQ(orders.size(), 3u);
  EXPECT_EQ(orders[0].number, 1);
  EXPECT_EQ(orders[1].number, 2);
  EXPECT_EQ(orders[2].number, 3);
  app::read(db(), [&](Tx& tx) {
    const auto t = tx.tasks().find(org, task.id);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->title, task.title);
    EXPECT_EQ(t->due_date, d(2026, 3, 1));
    ASSERT_TRUE(t->source);
    EXPECT_EQ(t->source->contract_id, contract);
    EXPECT_EQ(tx.notifications().find(org, note.id)->text, "NULL");
    EXPECT_EQ(tx.projects().find(org, project.id)->main_contact_employee_id, employee);
    for (const domain::Order& o : orders) EXPECT_EQ(tx.orders().find(org, o.id)->number, o.number);
    EXPECT_EQ(tx.executions().for_contract(org, contract).size(), 1u);
    EXPECT_EQ(tx.audit().recent(org, 10).front().action, "contract.execute");
    const Contract c = *tx.contracts().find(org, contract);
    EXPECT_EQ(c.state().version, 2);
    EXPECT_EQ(c.state().handled_through, d(2026, 3, 1));
  });
  // The next transaction continues the order numbers from the organisation's sequence.
  EXPECT_EQ(app::write(db(), [&](Tx& tx) { return tx.orders().add(order(org, employee, "O3")); }).number, 4);
  EXPECT_EQ(app::write(db(),
                       [&](Tx& tx) {
                         tx.batch_writes();
                         return tx.orders().add(order(org, employee, "O4"));
                       })
                .number,
            5);
}

TEST_P(RepositoryTest, ARefusedBatchedWriteFailsItsTransactionAndLeavesNothingBehind) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id contract = add_contract(org, {.name = "Wartung", .employee_id = employee});
  app::write(db(), [&](Tx& tx) { tx.executions().add(execution(org, contract, d(2026, 3, 1))); });
  // A failed occurrence is replaced by its successful retry, also when batched.
  domain::Execution failed = execution(org, contract, d(2026, 4, 1));
  failed.outcome = domain::ExecutionOutcome::failed;
  failed.reason = "employee gone";
  app::write(db(), [&](Tx& tx) { tx.executions().record_failure(failed); });
  app::write(db(), [&](Tx& tx) {
    tx.batch_writes();
    tx.executions().add(execution(org, contract, d(2026, 4, 1)));
  });

  Id task_id = 0;
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) {
                tx.batch_writes();
                domain::Task t;
                t.organisation_id = org;
                t.title = "doppelt";
                t.assignee_id = employee;
                t.created_at = kNow;
                task_id = tx.tasks().add(t).id;
                tx.orders().add(order(org, employee, "O"));
                tx.executions().add(execution(org, contract, d(2026, 3, 1)));  // executed already
              });
            }),
            ErrorKind::conflict);
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) {
                tx.batch_writes();
                Contract stale = *tx.contracts().find(org, contract);
                Contract::State st = stale.state();
                st.version = 7;  // not the stored one
                tx.contracts().save_progress(Contract::restore(st), kNow);
              });
            }),
            ErrorKind::conflict);
  EXPECT_THROW(app::write(db(),
                          [&](Tx& tx) {
                            tx.batch_writes();
                            tx.orders().add(order(org, employee, "O"));
                            throw std::runtime_error("boom");
                          }),
               std::runtime_error);

  app::read(db(), [&](Tx& tx) {
    EXPECT_FALSE(tx.tasks().find(org, task_id));
    const auto history = tx.executions().for_contract(org, contract);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].due_date, d(2026, 4, 1));
    EXPECT_EQ(history[0].outcome, domain::ExecutionOutcome::executed);
    EXPECT_EQ(tx.contracts().find(org, contract)->state().version, 1);
  });
  // Nothing held back leaks into the next transaction on the same connection, and the
  // order numbers of the rolled-back ones are given out again.
  const domain::Order o = app::write(db(), [&](Tx& tx) { return tx.orders().add(order(org, employee, "O")); });
  EXPECT_EQ(o.number, 1);
  app::read(db(), [&](Tx& tx) { EXPECT_EQ(tx.orders().list(org, {}, {1, 50}).total, 1); });
}

TEST_P(RepositoryTest, WriteRollsBackEverythingWhenWorkThrows) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id contract = add_contract(org, {.name = "Wartung", .employee_id = employee});
  EXPECT_THROW(app::write(db(),
                          [&](Tx& tx) {
                            tx.customers().add({0, org, "Neu", "", "", "", kNow});
                            tx.orders().add(order(org, employee, "O"));
                            tx.contracts().update(
                                org, contract, [](Contract& c) { c.deactivate(); }, kNow);
                            tx.executions().add(execution(org, contract, d(2026, 3, 1)));
                            throw std::runtime_error("boom");
                          }),
               std::runtime_error);
  app::read(db(), [&](Tx& tx) {
    EXPECT_EQ(tx.customers().list(org, "", {1, 50}).total, 0);
    EXPECT_THAT(tx.executions().for_contract(org, contract), IsEmpty());
    EXPECT_EQ(tx.contracts().find(org, contract)->state().version, 1);
  });
  // The order number the rolled-back transaction took is given out again.
  const domain::Order o = app::write(db(), [&](Tx& tx) { return tx.orders().add(order(org, employee, "O")); });
  EXPECT_EQ(o.number, 1);
}

TEST_P(RepositoryTest, OrdersGetGapFreeNumbersPerOrganisation) {
  const Id a = add_org("A");
  const Id b = add_org("B");
  const Id ea = add_user(a, "a@example.com");
  const Id eb = add_user(b, "b@example.com");
  const Id customer = add_customer(a, "Kunde");
  std::vector<std::int64_t> numbers_a;
  std::vector<std::int64_t> numbers_b;
  for (int i = 0; i < 3; ++i) {
    numbers_a.push_back(app::write(db(), [&](Tx& tx) { return tx.orders().add(order(a, ea, "A")).number; }));
    if (i < 2) numbers_b.push_back(app::write(db(), [&](Tx& tx) { return tx.orders().add(order(b, eb, "B")).number; }));
  }
  EXPECT_THAT(numbers_a, ElementsAre(1, 2, 3));
  EXPECT_THAT(numbers_b, ElementsAre(1, 2));

  domain::Order full = order(a, ea, "Thermenwartung");
  full.customer_id = customer;
  full.due_date = d(2026, 3, 1);
  const Id contract = add_contract(a, {.name = "Wartung", .customer_id = customer, .employee_id = ea});
  full.source = domain::Source{contract, d(2026, 3, 1)};
  const domain::Order stored = app::write(db(), [&](Tx& tx) { return tx.orders().add(full); });
  const domain::Order found = *app::read(db(), [&](Tx& tx) { return tx.orders().find(a, stored.id); });
  EXPECT_EQ(found.number, 4);
  EXPECT_EQ(found.title, "Thermenwartung");
  EXPECT_EQ(found.customer_id, customer);
  EXPECT_EQ(found.assignee_id, ea);
  EXPECT_EQ(found.due_date, d(2026, 3, 1));
  EXPECT_EQ(found.status, domain::WorkStatus::open);
  EXPECT_EQ(found.source, full.source);
}

TEST_P(RepositoryTest, EveryLookupWithAnotherOrganisationsIdFindsNothing) {
  const Id a = add_org("A");
  const Id b = add_org("B");
  const Id employee = add_user(a, "e@example.com");
  const Id customer = add_customer(a, "Kunde");
  const Id project = add_project(a, customer, "Projekt");
  const Id contract = add_contract(a, {.name = "Wartung", .customer_id = customer, .employee_id = employee});
  app::write(db(), [&](Tx& tx) {
    domain::Task t;
    t.organisation_id = a;
    t.title = "T";
    t.assignee_id = employee;
    t.created_at = kNow;
    const Id task = tx.tasks().add(t).id;
    const Id ord = tx.orders().add(order(a, employee, "O")).id;
    domain::Notification n;
    n.organisation_id = a;
    n.recipient_id = employee;
    n.text = "N";
    tx.notifications().add(n);
    tx.executions().add(execution(a, contract, d(2026, 3, 1)));
    tx.audit().add({0, a, employee, "x", "contract", contract, "{}", kNow});

    EXPECT_FALSE(tx.users().find(b, employee));
    EXPECT_THAT(tx.users().list(b), IsEmpty());
    EXPECT_FALSE(tx.customers().find(b, customer));
    EXPECT_EQ(tx.customers().list(b, "", {1, 50}).total, 0);
    EXPECT_FALSE(tx.projects().find(b, project));
    EXPECT_EQ(tx.projects().list(b, {}, {1, 50}).total, 0);
    EXPECT_FALSE(tx.tasks().find(b, task));
    EXPECT_FALSE(tx.orders().find(b, ord));
    EXPECT_THAT(tx.notifications().for_recipient(b, employee), IsEmpty());
    EXPECT_FALSE(tx.contracts().find(b, contract));
    EXPECT_EQ(tx.contracts().list(b, {}, {1, 50}).total, 0);
    EXPECT_THAT(tx.executions().for_contract(b, contract), IsEmpty());
    EXPECT_THAT(tx.audit().recent(b, 10), IsEmpty());
    EXPECT_EQ(tx.pipeline().stages(b).size(), 5u);
    EXPECT_NE(tx.pipeline().stages(b).front().id, tx.pipeline().stages(a).front().id);
  });
}

// --- concurrency ---------------------------------------------------------------------------

// Each writer takes an order number and adds a customer in one transaction.
void hammer(app::Database& db, Id org, Id employee, int writes, std::atomic<int>& failures) {
  for (int i = 0; i < writes; ++i) {
    try {
      app::write(db, [&](Tx& tx) {
        tx.customers().add({0, org, "Kunde", "", "", "", kNow});
        domain::Order o;
        o.organisation_id = org;
        o.assignee_id = employee;
        o.title = "O";
        o.created_at = kNow;
        tx.orders().add(o);
      });
    } catch (const std::exception&) {
      ++failures;
    }
  }
}

std::set<std::int64_t> order_numbers(app::Database& db, Id org, std::int64_t max_id) {
  std::set<std::int64_t> numbers;
  app::read(db, [&](Tx& tx) {
    for (Id id = 1; id <= max_id; ++id) {
      if (auto o = tx.orders().find(org, id)) numbers.insert(o->number);
    }
  });
  return numbers;
}

TEST_P(RepositoryTest, ConcurrentWritersThroughOneDatabaseAllSucceed) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  constexpr int kThreads = 8;
  constexpr int kWrites = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back([&] { hammer(db(), org, employee, kWrites, failures); });
  // Readers run alongside and must never block or fail.
  std::atomic<int> read_failures{0};
  std::thread reader([&] {
    for (int i = 0; i < 50; ++i) {
      try {
        app::read(db(), [&](Tx& tx) { tx.customers().list(org, "", {1, 10}); });
      } catch (const std::exception&) {
        ++read_failures;
      }
    }
  });
  for (auto& t : threads) t.join();
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(read_failures.load(), 0);
  const auto total = app::read(db(), [&](Tx& tx) { return tx.customers().list(org, "", {1, 1}).total; });
  EXPECT_EQ(total, kThreads * kWrites);
  const auto numbers = order_numbers(db(), org, 10 * kThreads * kWrites);
  ASSERT_EQ(numbers.size(), static_cast<std::size_t>(kThreads * kWrites));
  EXPECT_EQ(*numbers.begin(), 1);
  EXPECT_EQ(*numbers.rbegin(), kThreads * kWrites);
  EXPECT_TRUE(db().healthy());
}

TEST_P(RepositoryTest, ConcurrentWritersThroughTwoDatabasesOnTheSameStoreAllSucceed) {
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  std::unique_ptr<app::Database> second = temp_->open_another();
  constexpr int kWrites = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    app::Database& target = t % 2 == 0 ? db() : *second;
    threads.emplace_back([&, &target = target] { hammer(target, org, employee, kWrites, failures); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  const auto numbers = order_numbers(*second, org, 10 * 4 * kWrites);
  ASSERT_EQ(numbers.size(), static_cast<std::size_t>(4 * kWrites));
  EXPECT_EQ(*numbers.rbegin(), 4 * kWrites);
}

TEST_P(RepositoryTest, ReadSeesCommittedWritesOfAnotherDatabase) {
  const Id org = add_org("A");
  std::unique_ptr<app::Database> second = temp_->open_another();
  add_customer(org, "Kunde");
  EXPECT_EQ(app::read(*second, [&](Tx& tx) { return tx.customers().list(org, "", {1, 50}).total; }), 1);
}

TEST_P(RepositoryTest, ConcurrentUpdatesOfOneContractThroughTwoDatabasesAllApply) {
  // Two instances editing the same contract: each update() sees the one before it, none is
  // lost and none fails the version check.
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id contract = add_contract(org, {.name = "Wartung", .employee_id = employee});
  std::unique_ptr<app::Database> second = temp_->open_another();
  constexpr int kThreads = 4;
  constexpr int kUpdates = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    app::Database& target = t % 2 == 0 ? db() : *second;
    threads.emplace_back([&, &target = target] {
      for (int i = 0; i < kUpdates; ++i) {
        try {
          // Flips the status: an update that depends on the state the previous one left.
          const auto flip = [](Contract& c) {
            if (c.status() == ContractStatus::active) {
              c.deactivate();
            } else {
              c.activate(d(2026, 1, 1));
            }
          };
          app::write(target, [&](Tx& tx) { tx.contracts().update(org, contract, flip, kNow); });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  const Contract found = *find_contract(org, contract);
  EXPECT_EQ(found.state().version, 1 + kThreads * kUpdates);
  EXPECT_EQ(found.status(), ContractStatus::active);  // an even number of switches
}

TEST_P(RepositoryTest, AnOccurrenceRacedForByManyWritersIsExecutedOnce) {
  // The store's last guard of "exactly once": whoever comes second, from whichever
  // instance, fails and takes the record it created with it.
  const Id org = add_org("A");
  const Id employee = add_user(org, "e@example.com");
  const Id contract = add_contract(org, {.name = "Wartung", .employee_id = employee});
  std::unique_ptr<app::Database> second = temp_->open_another();
  constexpr int kThreads = 6;
  std::atomic<int> executed{0};
  std::atomic<int> conflicts{0};
  std::mutex mutex;
  std::vector<Id> task_ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    app::Database& target = t % 2 == 0 ? db() : *second;
    threads.emplace_back([&, &target = target] {
      try {
        app::write(target, [&](Tx& tx) {
          domain::Task task;
          task.organisation_id = org;
          task.title = "Wartung";
          task.assignee_id = employee;
          task.source = domain::Source{contract, d(2026, 3, 1)};
          task.created_at = kNow;
          const Id id = tx.tasks().add(task).id;
          {
            std::lock_guard lock(mutex);
            task_ids.push_back(id);
          }
          domain::Execution e = execution(org, contract, d(2026, 3, 1));
          e.created_type = "task";
          e.created_id = id;
          tx.executions().add(e);
        });
        ++executed;
      } catch (const domain::Error& e) {
        if (e.kind() == ErrorKind::conflict) ++conflicts;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(executed.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  const auto history = app::read(db(), [&](Tx& tx) { return tx.executions().for_contract(org, contract); });
  ASSERT_EQ(history.size(), 1u);
  int tasks_left = 0;
  for (const Id id : task_ids) {
    if (app::read(db(), [&](Tx& tx) { return tx.tasks().find(org, id); })) ++tasks_left;
  }
  EXPECT_EQ(tasks_left, 1);
  EXPECT_EQ(app::read(db(), [&](Tx& tx) { return tx.tasks().find(org, *history[0].created_id); })->title, "Wartung");
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::ValuesIn(test::test_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, ContractListTest, ::testing::ValuesIn(test::test_backends()), backend_name);

}  // namespace
}  // namespace turnus
