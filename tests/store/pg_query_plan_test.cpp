// EXPLAIN of the PostgreSQL contract list's statements exactly as the repository issues
// them (store/postgres/contract_list.hpp): every filter and sort has an index that answers
// it, so no statement reads the contracts table from end to end, and the pages of every
// sort are read off an index in order instead of being sorted. PostgreSQL chooses plans by
// statistics, so the test fills an organisation, runs ANALYZE, and asks the planner with
// sequential scans priced out (enable_seqscan off): a plan that still reads the whole table
// then means no index can serve the statement. Which index serves a text filter is the
// planner's choice by the numbers (at a million contracts the trigram indexes, shown by
// `list_bench --explain`; on this test's smaller table sometimes the status index), so
// that is not asserted here. No timing here: bench/list_bench does that.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "app/repositories.hpp"
#include "domain/contract.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/contract_list.hpp"
#include "support/temp_database.hpp"

namespace turnus {
namespace {

using app::ContractFilter;
using app::PageRequest;
using app::Tx;
using domain::ContractStatus;
using domain::Date;
using domain::Id;
using store::postgres::PgStatement;

constexpr domain::Timestamp kNow = 1'780'000'000;
// Contracts per organisation through the repository, and bulk-inserted ones in the
// measured organisation: enough that its organisation condition alone selects a large
// part of the table, as in an installation of a million contracts, where the planner must
// prefer the trigram indexes for a rare text.
constexpr int kContracts = 2000;
constexpr int kBulkContracts = 10'000;

bool postgres_available() {
  const std::vector<std::string> backends = test::test_backends();
  return std::find(backends.begin(), backends.end(), "postgresql") != backends.end();
}

class PgQueryPlanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!postgres_available()) return;
    temp_ = new test::TempDatabase("postgresql");
    app::write(temp_->db(), [&](Tx& tx) {
      // A second organisation, so the organisation condition matters.
      for (const char* name : {"B", "A"}) {
        org_ = tx.organisations().add({0, name, "Europe/Berlin", kNow}).id;
        std::vector<Id> employees;
        for (int e = 0; e < 20; ++e) {
          domain::User u;
          u.organisation_id = org_;
          u.email = std::string(name) + std::to_string(e) + "@example.com";
          u.name = "Techniker " + std::to_string(e);
          u.created_at = kNow;
          employees.push_back(tx.users().add(u).id);
        }
        employee_ = employees.front();
        std::vector<Id> customers;
        for (int c = 0; c < 500; ++c) {
          const std::string surname = c % 10 == 0 ? "Müller" : c % 3 == 0 ? "Schmidt" : "Kundin";
          customers.push_back(tx.customers().add({0, org_, surname + " " + std::to_string(c), "", "", "", kNow}).id);
        }
        customer_ = customers.at(7);
        for (int i = 0; i < kContracts; ++i) {
          domain::ContractDraft d;
          d.name = (i % 4 == 0 ? "Thermenwartung " : i % 4 == 1 ? "Heizungscheck " : "Lüftung ") + std::to_string(i);
          if (i % 10 != 0) d.customer_id = customers[static_cast<std::size_t>(i) % customers.size()];
          d.start_date = Date::from_civil(2026, 1, 1).plus_days(i % 400);
          d.interval = {i % 2 == 0 ? domain::IntervalUnit::year : domain::IntervalUnit::month, 1, {}};
          d.action = {domain::ActionType::notify, employees[static_cast<std::size_t>(i) % employees.size()]};
          domain::Contract contract = domain::Contract::create(d, org_, Date::from_civil(2026, 1, 1));
          if (i % 5 == 0) contract.deactivate();
          tx.contracts().add(contract, kNow);
        }
      }
    });
    // Names and customers cycle; dates spread over a year; statuses 80 % active.
    temp_->execute(
        "INSERT INTO maintenance_contracts (organisation_id, name, name_folded, customer_id, start_date,"
        " interval_unit, interval_every, action_type, action_employee_id, status, next_due_date, version,"
        " created_at, updated_at)"
        " SELECT o.id, n.name || ' ' || g, lower(n.name) || ' ' || g, c.ids[1 + g % 500],"
        "  DATE '2026-01-01' + g % 365, 'year', 1, 'notify', e.ids[1 + g % 20],"
        "  CASE WHEN g % 5 = 0 THEN 'inactive' ELSE 'active' END, DATE '2026-01-01' + g % 365, 1, 0, 0"
        " FROM generate_series(1, " +
        std::to_string(kBulkContracts) +
        ") g"
        " CROSS JOIN (SELECT id FROM organisations WHERE name = 'A') o"
        " CROSS JOIN LATERAL (SELECT array_agg(id ORDER BY id) ids FROM customers WHERE organisation_id = o.id) c"
        " CROSS JOIN LATERAL (SELECT array_agg(id ORDER BY id) ids FROM users WHERE organisation_id = o.id) e"
        " CROSS JOIN LATERAL (SELECT (ARRAY['Thermenwartung', 'Heizungscheck', 'Lüftung', 'Wartung Kältetechnik'])"
        "  [1 + g % 4] AS name) n");
    // VACUUM sets the visibility map as autovacuum would on a real database; without it the
    // planner would cost an index-only scan as a table read per entry.
    temp_->execute("VACUUM ANALYZE");
  }
  static void TearDownTestSuite() {
    delete temp_;
    temp_ = nullptr;
  }

  void SetUp() override {
    if (!postgres_available()) GTEST_SKIP() << "TURNUS_TEST_POSTGRES_URL is not set";
    connection_ = std::make_unique<store::postgres::Connection>(temp_->url());
    connection_->exec("SET enable_seqscan = off");
  }

  std::string plan(const PgStatement& statement) {
    std::string out;
    for (const auto row : connection_->exec_params("EXPLAIN " + statement.sql, statement.params)) {
      out += row.text(0) + "\n";
    }
    return out;
  }

  // One test runs them all: filling the database takes most of the time, and ctest runs
  // every test in a process of its own.
  void NoListStatementReadsTheWholeContractsTable();
  void TheDefaultListIsCountedFromContractCountsAndEverySortReadsItsPageOffAnIndex();
  void TheTotalOfAFilterStopsCountingPastTheExactLimit();
  void TheFirstPageOfADenseTextWalksTheSortIndexAndFindsTheSameRows();
  void TheTotalAndPageInOneAnswerAsTheTwoStatementsDo();
  void APageAfterACursorSeeksToItInTheSortIndex();

  static inline test::TempDatabase* temp_ = nullptr;
  static inline Id org_ = 0, employee_ = 0, customer_ = 0;
  std::unique_ptr<store::postgres::Connection> connection_;
};

struct NamedFilter {
  std::string name;
  ContractFilter filter;
};

std::vector<NamedFilter> filters(Id employee, Id customer) {
  std::vector<NamedFilter> out;
  const auto add = [&](std::string name, auto change) {
    ContractFilter f;
    change(f);
    out.push_back({std::move(name), f});
  };
  add("default", [](ContractFilter&) {});
  add("all statuses", [](ContractFilter& f) { f.statuses.clear(); });
  add("q rare", [](ContractFilter& f) { f.query = "Müller 170"; });
  add("q common", [](ContractFilter& f) { f.query = "müller"; });
  add("q very common", [](ContractFilter& f) { f.query = "wartung"; });
  add("employee", [&](ContractFilter& f) { f.employee_id = employee; });
  add("customer", [&](ContractFilter& f) { f.customer_id = customer; });
  add("due range", [](ContractFilter& f) {
    f.due_after = Date::from_civil(2026, 3, 1);
    f.due_before = Date::from_civil(2026, 3, 31);
  });
  add("action and interval", [](ContractFilter& f) {
    f.action_type = domain::ActionType::notify;
    f.interval_unit = domain::IntervalUnit::month;
  });
  add("q + employee", [&](ContractFilter& f) {
    f.query = "müller";
    f.employee_id = employee;
  });
  return out;
}

std::vector<NamedFilter> with_every_sort(const std::vector<NamedFilter>& base) {
  std::vector<NamedFilter> out;
  for (const NamedFilter& b : base) {
    for (auto sort :
         {ContractFilter::Sort::next_due_date, ContractFilter::Sort::name, ContractFilter::Sort::customer}) {
      for (bool descending : {false, true}) {
        NamedFilter n = b;
        n.filter.sort = sort;
        n.filter.descending = descending;
        n.name += sort == ContractFilter::Sort::name       ? ", name"
                  : sort == ContractFilter::Sort::customer ? ", customer"
                                                           : ", next due";
        n.name += descending ? " desc" : "";
        out.push_back(std::move(n));
      }
    }
  }
  return out;
}

void PgQueryPlanTest::NoListStatementReadsTheWholeContractsTable() {
  for (const NamedFilter& n : with_every_sort(filters(employee_, customer_))) {
    for (const PageRequest page : {PageRequest{1, 50}, PageRequest{40, 50}}) {
      std::vector<PgStatement> statements{store::postgres::contract_total_statement(org_, n.filter),
                                          store::postgres::contract_page_statement(org_, n.filter, page)};
      if (store::postgres::contract_total_reads_rows(n.filter)) {
        statements.push_back(store::postgres::contract_total_and_page_statement(org_, n.filter, page));
      }
      for (const PgStatement& statement : statements) {
        const std::string p = plan(statement);
        EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << n.name << "\n" << statement.sql << "\n" << p;
      }
    }
  }
}

void PgQueryPlanTest::TheDefaultListIsCountedFromContractCountsAndEverySortReadsItsPageOffAnIndex() {
  const std::string total = plan(store::postgres::contract_total_statement(org_, {}));
  EXPECT_NE(total.find("contract_counts"), std::string::npos) << total;
  EXPECT_EQ(total.find("maintenance_contracts"), std::string::npos) << total;

  for (const NamedFilter& n : with_every_sort({{"default", {}}})) {
    const std::string index =
        n.filter.sort == ContractFilter::Sort::name ? "contracts_name"
        : n.filter.sort == ContractFilter::Sort::customer
            ? (n.filter.descending ? "contracts_customer_name_desc" : "contracts_customer_name_asc")
            : (n.filter.descending ? "contracts_next_due_desc" : "contracts_next_due_asc");
    const std::string on_index = "using " + index + " on maintenance_contracts";
    // The first page straight off the sort's index, nothing sorted.
    const std::string first = plan(store::postgres::contract_page_statement(org_, n.filter, {1, 50}));
    EXPECT_NE(first.find(on_index), std::string::npos) << n.name << "\n" << first;
    EXPECT_EQ(first.find("Sort"), std::string::npos) << n.name << "\n" << first;
    // A later page's ids off the same index without touching the table (deferred join); the
    // only sort is the outermost one, of the page's rows.
    const std::string later = plan(store::postgres::contract_page_statement(org_, n.filter, {40, 50}));
    EXPECT_TRUE(later.find("Index Only Scan " + on_index) != std::string::npos ||
                later.find("Index Only Scan Backward " + on_index) != std::string::npos)
        << n.name << "\n"
        << later;
    EXPECT_EQ(later.find("Sort  (", 1), std::string::npos) << n.name << "\n" << later;
  }
}

void PgQueryPlanTest::TheTotalOfAFilterStopsCountingPastTheExactLimit() {
  ContractFilter f;
  f.query = "wartung";
  const PgStatement total = store::postgres::contract_total_statement(org_, f);
  const std::string p = plan(total);
  EXPECT_NE(p.find("Limit"), std::string::npos) << p;
  const auto counted = connection_->exec_params(total.sql, total.params).row(0).int64(0);
  EXPECT_EQ(counted, app::kExactTotalLimit + 1);
}

void PgQueryPlanTest::TheFirstPageOfADenseTextWalksTheSortIndexAndFindsTheSameRows() {
  ContractFilter f;
  f.query = "wartung";  // a quarter of the contracts: past the exact limit
  const PgStatement walked = store::postgres::contract_page_statement(org_, f, {1, 50}, true);
  const std::string p = plan(walked);
  // The walk reads the index alone, text included (migration 0007); only the page's 50
  // rows are sorted again at the top.
  EXPECT_NE(p.find("Index Only Scan using contracts_next_due_asc on maintenance_contracts"), std::string::npos) << p;
  EXPECT_NE(p.find("strpos(search_folded"), std::string::npos) << p;
  EXPECT_EQ(p.find("Bitmap"), std::string::npos) << p;
  EXPECT_EQ(p.find("Sort  (", 1), std::string::npos) << p;

  const auto ids = [this](const PgStatement& statement) {
    std::vector<std::int64_t> out;
    for (const auto row : connection_->exec_params(statement.sql, statement.params)) out.push_back(row.int64(0));
    return out;
  };
  const std::vector<std::int64_t> by_trigrams = ids(store::postgres::contract_page_statement(org_, f, {1, 50}, false));
  EXPECT_EQ(by_trigrams.size(), 50U);
  EXPECT_EQ(ids(walked), by_trigrams);
  // Deeper pages keep the trigram indexes.
  EXPECT_EQ(store::postgres::contract_page_statement(org_, f, {2, 50}, true).sql,
            store::postgres::contract_page_statement(org_, f, {2, 50}, false).sql);
}

void PgQueryPlanTest::TheTotalAndPageInOneAnswerAsTheTwoStatementsDo() {
  int compared_pages = 0, past_the_limit = 0;
  for (const NamedFilter& n : with_every_sort(filters(employee_, customer_))) {
    if (!store::postgres::contract_total_reads_rows(n.filter)) continue;
    const PgStatement total = store::postgres::contract_total_statement(org_, n.filter);
    const std::int64_t counted = connection_->exec_params(total.sql, total.params).row(0).int64(0);
    for (const PageRequest page : {PageRequest{1, 50}, PageRequest{2, 7}, PageRequest{400, 50}}) {
      const PgStatement both = store::postgres::contract_total_and_page_statement(org_, n.filter, page);
      const store::postgres::Result result = connection_->exec_params(both.sql, both.params);
      const int total_column = PQnfields(result.get()) - 1;
      ASSERT_GE(result.rows(), 1) << n.name;
      std::vector<std::int64_t> ids;
      for (const auto row : result) {
        EXPECT_EQ(row.int64(total_column), counted) << n.name;
        if (!row.is_null(0)) ids.push_back(row.int64(0));
      }
      // The matches are found once: one scan of the table for them, one lookup per page row.
      const std::string p = plan(both);
      EXPECT_EQ(p.find("Bitmap Heap Scan", p.find("Bitmap Heap Scan") + 1), std::string::npos) << n.name << "\n" << p;
      if (counted > app::kExactTotalLimit) {
        // Past the limit the page is statement 2's business: one row of NULLs and the count.
        EXPECT_EQ(result.rows(), 1) << n.name;
        EXPECT_TRUE(ids.empty()) << n.name;
        ++past_the_limit;
        continue;
      }
      std::vector<std::int64_t> expected;
      if (counted > page.offset()) {
        const PgStatement rows = store::postgres::contract_page_statement(org_, n.filter, page);
        for (const auto row : connection_->exec_params(rows.sql, rows.params)) expected.push_back(row.int64(0));
      }
      EXPECT_EQ(ids, expected) << n.name << " page " << page.page;
      if (!expected.empty()) ++compared_pages;
    }
  }
  // Both branches were exercised, with real pages among them.
  EXPECT_GT(compared_pages, 12);
  EXPECT_GT(past_the_limit, 0);
}

// A page after a cursor (keyset pages) starts at the cursor in the sort's index: the cursor's
// value and id as one row value (or, among the rows without a value, its id) are a bound of
// the index scan, not a filter over everything before it.
void PgQueryPlanTest::APageAfterACursorSeeksToItInTheSortIndex() {
  int checked = 0;
  for (const NamedFilter& n : with_every_sort({{"default", {}}, {"q very common", [] {
                                                                   ContractFilter f;
                                                                   f.query = "wartung";
                                                                   return f;
                                                                 }()}})) {
    const std::string value = n.filter.sort == ContractFilter::Sort::next_due_date ? "2026-06-01"
                              : n.filter.sort == ContractFilter::Sort::name        ? "lüftung 5"
                                                                                   : "müller 50";
    for (const std::optional<std::string>& cursor_value :
         {std::optional<std::string>(value), std::optional<std::string>()}) {
      if (!cursor_value && n.filter.sort == ContractFilter::Sort::name) continue;  // every contract has a name
      ContractFilter f = n.filter;
      f.after = app::ContractCursor{.sort = f.sort, .descending = f.descending, .value = cursor_value, .id = 4711};
      const PgStatement page = store::postgres::contract_page_statement(org_, f, {1, 50}, !f.query.empty());
      const std::string p = plan(page);
      const std::string context = n.name + (cursor_value ? ", after a value" : ", after no value");
      EXPECT_EQ(p.find("Seq Scan"), std::string::npos) << context << "\n" << p;
      bool bounded = false;
      std::size_t at = 0;
      while ((at = p.find("Index Cond: ", at)) != std::string::npos) {
        const std::string condition = p.substr(at, p.find('\n', at) - at);
        bounded = bounded || condition.find(cursor_value ? "ROW(" : "id >") != std::string::npos ||
                  condition.find(cursor_value ? "ROW(" : "id <") != std::string::npos;
        ++at;
      }
      EXPECT_TRUE(bounded) << context << "\n" << page.sql << "\n" << p;
      if (f.query.empty()) {
        EXPECT_EQ(p.find("Sort"), std::string::npos) << context << "\n" << p;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 20);
}

TEST_F(PgQueryPlanTest, EveryListStatementHasAnIndexPlan) {
  {
    SCOPED_TRACE("NoListStatementReadsTheWholeContractsTable");
    NoListStatementReadsTheWholeContractsTable();
  }
  {
    SCOPED_TRACE("TheDefaultListIsCountedFromContractCountsAndEverySortReadsItsPageOffAnIndex");
    TheDefaultListIsCountedFromContractCountsAndEverySortReadsItsPageOffAnIndex();
  }
  {
    SCOPED_TRACE("TheTotalOfAFilterStopsCountingPastTheExactLimit");
    TheTotalOfAFilterStopsCountingPastTheExactLimit();
  }
  {
    SCOPED_TRACE("TheFirstPageOfADenseTextWalksTheSortIndexAndFindsTheSameRows");
    TheFirstPageOfADenseTextWalksTheSortIndexAndFindsTheSameRows();
  }
  {
    SCOPED_TRACE("APageAfterACursorSeeksToItInTheSortIndex");
    APageAfterACursorSeeksToItInTheSortIndex();
  }
  {
    SCOPED_TRACE("TheTotalAndPageInOneAnswerAsTheTwoStatementsDo");
    TheTotalAndPageInOneAnswerAsTheTwoStatementsDo();
  }
}

}  // namespace
}  // namespace turnus
