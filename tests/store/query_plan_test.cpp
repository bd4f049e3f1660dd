// EXPLAIN QUERY PLAN of the contract list's statements exactly as the SQLite repository
// issues them (store/sqlite/contract_list.hpp), for every filter, sort, direction, page depth
// and size of result: none may read a whole table, and a page read by walking an index must
// not sort. The plans are fixed by the SQL (INDEXED BY / NOT INDEXED), not by statistics, so
// a small database shows the plans of a large one. No timing here: bench/list_bench does that.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/repositories.hpp"
#include "domain/contract.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/contract_list.hpp"
#include "support/temp_database.hpp"

namespace turnus {
namespace {

using app::ContractFilter;
using app::PageRequest;
using app::Tx;
using domain::ContractStatus;
using domain::Date;
using domain::Id;
using store::sqlite::ContractCounts;
using store::sqlite::SqlStatement;

constexpr domain::Timestamp kNow = 1'780'000'000;

struct PlanLine {
  int id = 0;
  int parent = 0;
  std::string detail;
};

std::string describe(const std::vector<PlanLine>& plan) {
  std::string out;
  for (const PlanLine& line : plan) out += "  " + std::to_string(line.parent) + " " + line.detail + "\n";
  return out;
}

class QueryPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_ = std::make_unique<test::TempDatabase>("sqlite");
    app::write(temp_->db(), [&](Tx& tx) {
      org_ = tx.organisations().add({0, "A", "Europe/Berlin", kNow}).id;
      domain::User u;
      u.organisation_id = org_;
      u.email = "e@example.com";
      u.name = "E";
      u.created_at = kNow;
      employee_ = tx.users().add(u).id;
      customer_ = tx.customers().add({0, org_, "Müller", "", "", "", kNow}).id;
      domain::Project p;
      p.organisation_id = org_;
      p.customer_id = customer_;
      p.name = "Neubau";
      p.stage_id = tx.pipeline().stages(org_).front().id;
      p.created_at = kNow;
      project_ = tx.projects().add(p).id;
    });
    connection_ = std::make_unique<store::sqlite::Connection>(temp_->url().substr(std::string("sqlite:").size()),
                                                              store::sqlite::Connection::Options{});
  }

  std::vector<PlanLine> plan(const SqlStatement& statement) {
    store::sqlite::Statement s = connection_->prepare("EXPLAIN QUERY PLAN " + statement.sql);
    for (const store::sqlite::SqlValue& value : statement.params) {
      std::visit([&s](const auto& v) { s.bind(v); }, value);
    }
    std::vector<PlanLine> lines;
    while (s.step()) lines.push_back({s.int32(0), s.int32(1), s.text(3)});
    return lines;
  }

  // Every statement of one list call, given the organisation's size and the filter's total.
  struct Call {
    SqlStatement counts;
    std::optional<SqlStatement> count;
    SqlStatement page;
  };
  Call call(const ContractFilter& f, PageRequest page, ContractCounts counts, std::int64_t total) {
    return {store::sqlite::contract_counts_sql(org_, f), store::sqlite::contract_count_sql(org_, f, counts),
            store::sqlite::contract_page_sql(org_, f, page, counts, total)};
  }

  // No statement reads a table, or an index from end to end: "SCAN c" and "SCAN c USING
  // INDEX …" both mean every row of every organisation. (FTS5's "SCAN contract_search
  // VIRTUAL TABLE INDEX 0:M…" is its index lookup, and "SCAN (subquery…)" reads a result.)
  static bool is_full_scan(const std::string& detail) {
    for (const std::string table : {"c", "maintenance_contracts", "customers", "cu", "projects", "p"}) {
      const std::string prefix = "SCAN " + table;
      if (detail == prefix || detail.rfind(prefix + " ", 0) == 0) return true;
    }
    return false;
  }
  void expect_no_full_scan(const SqlStatement& statement, const std::string& context) {
    const std::vector<PlanLine> lines = plan(statement);
    for (const PlanLine& line : lines) {
      EXPECT_FALSE(is_full_scan(line.detail)) << context << ": " << statement.sql << "\n" << describe(lines);
    }
  }

  // A walked page sorts nothing but its own rows: the statement's top level may sort the
  // page it read (at most 200 rows), the subquery that picks the page must not sort at all.
  void expect_no_sort_below_top(const SqlStatement& statement, const std::string& context) {
    const std::vector<PlanLine> lines = plan(statement);
    for (const PlanLine& line : lines) {
      if (line.detail.find("TEMP B-TREE") != std::string::npos) {
        EXPECT_EQ(line.parent, 0) << context << ": " << statement.sql << "\n" << describe(lines);
      }
    }
  }

  // A first page read in walk order is not sorted at all: its rows come out of the walk in
  // the list's order.
  void expect_no_sort(const SqlStatement& statement, const std::string& context) {
    const std::vector<PlanLine> lines = plan(statement);
    for (const PlanLine& line : lines) {
      EXPECT_EQ(line.detail.find("TEMP B-TREE"), std::string::npos) << context << ": " << statement.sql << "\n"
                                                                    << describe(lines);
    }
  }

  bool uses_trigram_index(const SqlStatement& statement) {
    for (const PlanLine& line : plan(statement)) {
      if (line.detail.rfind("SCAN contract_search VIRTUAL TABLE INDEX 0:M", 0) == 0) return true;
    }
    return false;
  }

  std::unique_ptr<test::TempDatabase> temp_;
  std::unique_ptr<store::sqlite::Connection> connection_;
  Id org_ = 0, employee_ = 0, customer_ = 0, project_ = 0;
};

// A million contracts, 900,000 of them active or inactive.
constexpr ContractCounts kLarge{1'000'000, 900'000};

struct NamedFilter {
  std::string name;
  ContractFilter filter;
};

std::vector<NamedFilter> filters(Id employee, Id customer, Id project) {
  std::vector<NamedFilter> out;
  const auto add = [&](std::string name, auto change) {
    ContractFilter f;
    change(f);
    out.push_back({std::move(name), std::move(f)});
  };
  add("default", [](ContractFilter&) {});
  add("all statuses", [](ContractFilter& f) {
    f.statuses = {ContractStatus::active, ContractStatus::inactive, ContractStatus::archived};
  });
  add("no status given", [](ContractFilter& f) { f.statuses.clear(); });
  add("archived", [](ContractFilter& f) { f.statuses = {ContractStatus::archived}; });
  add("q, trigram", [](ContractFilter& f) { f.query = "Müller"; });
  add("q, two characters", [](ContractFilter& f) { f.query = "mü"; });
  add("employee", [&](ContractFilter& f) { f.employee_id = employee; });
  add("customer", [&](ContractFilter& f) { f.customer_id = customer; });
  add("project", [&](ContractFilter& f) { f.project_id = project; });
  add("due range", [](ContractFilter& f) {
    f.due_after = Date::from_civil(2026, 1, 1);
    f.due_before = Date::from_civil(2026, 1, 31);
  });
  add("overdue", [](ContractFilter& f) { f.due_before = Date::from_civil(2025, 12, 31); });
  add("action", [](ContractFilter& f) { f.action_type = domain::ActionType::create_order; });
  add("interval", [](ContractFilter& f) { f.interval_unit = domain::IntervalUnit::week; });
  add("q and employee and due", [&](ContractFilter& f) {
    f.query = "Wartung";
    f.employee_id = employee;
    f.due_after = Date::from_civil(2026, 1, 1);
  });
  add("customer and q", [&](ContractFilter& f) {
    f.customer_id = customer;
    f.query = "Wartung";
  });
  return out;
}

struct NamedSort {
  std::string name;
  ContractFilter::Sort sort;
  bool descending;
};

const std::vector<NamedSort> kSorts = {
    {"next due", ContractFilter::Sort::next_due_date, false},
    {"next due desc", ContractFilter::Sort::next_due_date, true},
    {"name", ContractFilter::Sort::name, false},
    {"name desc", ContractFilter::Sort::name, true},
    {"customer", ContractFilter::Sort::customer, false},
    {"customer desc", ContractFilter::Sort::customer, true},
};

TEST_F(QueryPlanTest, NoListStatementReadsAWholeTableAndWalkedPagesAreNotSorted) {
  int walked = 0, walked_first_pages = 0, driven = 0;
  for (const NamedFilter& nf : filters(employee_, customer_, project_)) {
    for (const NamedSort& sort : kSorts) {
      ContractFilter f = nf.filter;
      f.sort = sort.sort;
      f.descending = sort.descending;
      // Few and many matches (drive and walk), first, 5,000th and last page.
      for (const std::int64_t total : {std::int64_t{12}, std::int64_t{40'000}, std::int64_t{900'000}}) {
        for (const int page : {1, 5000, static_cast<int>((total + 49) / 50)}) {
          const PageRequest request{page, 50};
          if (request.offset() >= total) continue;
          const std::string context =
              nf.name + ", " + sort.name + ", total " + std::to_string(total) + ", page " + std::to_string(page);
          const Call c = call(f, request, kLarge, total);
          expect_no_full_scan(c.counts, context);
          if (c.count) expect_no_full_scan(*c.count, context);
          expect_no_full_scan(c.page, context);
          if (c.page.strategy.rfind("walk", 0) == 0) {
            expect_no_sort_below_top(c.page, context + " (" + c.page.strategy + ")");
            if (page == 1) {
              expect_no_sort(c.page, context + " (" + c.page.strategy + ")");
              ++walked_first_pages;
            }
            ++walked;
          } else {
            ++driven;
          }
        }
      }
    }
  }
  // Both kinds were looked at.
  EXPECT_GT(walked, 100);
  EXPECT_GT(walked_first_pages, 20);
  EXPECT_GT(driven, 100);
}

TEST_F(QueryPlanTest, TheDefaultListIsCountedFromContractCountsAndWalkedAtAnyDepth) {
  for (const NamedSort& sort : kSorts) {
    ContractFilter f;
    f.sort = sort.sort;
    f.descending = sort.descending;
    for (const int page : {1, 2, 100, 9000, 17999, 18000}) {
      const std::string context = sort.name + ", page " + std::to_string(page);
      const Call c = call(f, {page, 50}, kLarge, kLarge.in_statuses);
      EXPECT_FALSE(c.count) << context << ": " << c.count->sql;
      EXPECT_EQ(c.page.strategy.rfind("walk", 0), 0u) << context << ": " << c.page.strategy;
      expect_no_sort_below_top(c.page, context);
      expect_no_full_scan(c.page, context);
    }
  }
}

// A page after a cursor (keyset pages) is a first page that starts at the cursor: the walk
// seeks to it in the sort's index and reads on in order, sorting nothing. After a value it
// is read in two parts, each an index seek: the cursor's own value from the next id on
// ("next_due_date=? AND id>?"), then the later values ("next_due_date>?"); after no value,
// the rows without one from the next id on.
TEST_F(QueryPlanTest, APageAfterACursorSeeksToItInTheSortIndexAndSortsNothing) {
  using store::sqlite::CursorPart;
  int checked = 0;
  for (const NamedSort& sort : kSorts) {
    const std::string column = sort.sort == ContractFilter::Sort::next_due_date ? "next_due_date"
                               : sort.sort == ContractFilter::Sort::name        ? "name_folded"
                                                                                : "customer_name_folded";
    const std::string value = sort.sort == ContractFilter::Sort::next_due_date ? "2027-03-01"
                              : sort.sort == ContractFilter::Sort::name        ? "lüftung 5"
                                                                               : "müller 50";
    const std::string after = sort.descending ? "<?" : ">?";
    for (const std::optional<std::string>& cursor_value :
         {std::optional<std::string>(value), std::optional<std::string>()}) {
      if (!cursor_value && sort.sort == ContractFilter::Sort::name) continue;  // every contract has a name
      for (const CursorPart part : {CursorPart::same_value, CursorPart::later_values}) {
        if (!cursor_value && part == CursorPart::later_values) continue;
        for (const char* text : {"", "wartung"}) {
          ContractFilter f;
          f.sort = sort.sort;
          f.descending = sort.descending;
          f.query = text;
          f.after = app::ContractCursor{.sort = f.sort, .descending = f.descending, .value = cursor_value, .id = 4711};
          const std::string context = sort.name + (cursor_value ? ", after a value" : ", after no value") +
                                      (part == CursorPart::same_value ? ", same value" : ", later values") +
                                      (f.query.empty() ? "" : ", text past the limit");
          // The default list, and a text past the exact limit: both walk.
          const SqlStatement page =
              f.query.empty()
                  ? store::sqlite::contract_page_sql(org_, f, {1, 50}, kLarge, kLarge.in_statuses, true, {}, part)
                  : store::sqlite::contract_page_sql(org_, f, {1, 50}, kLarge, app::kExactTotalLimit, false, {}, part);
          ASSERT_EQ(page.strategy.rfind("walk", 0), 0u) << context << ": " << page.strategy;
          expect_no_full_scan(page, context);
          expect_no_sort(page, context);
          const std::string bound = !cursor_value                    ? "id" + after
                                    : part == CursorPart::same_value ? column + "=? AND id" + after
                                                                     : column + after;
          bool seeks = false;
          for (const PlanLine& line : plan(page)) {
            seeks =
                seeks || (line.detail.rfind("SEARCH c USING", 0) == 0 && line.detail.find(bound) != std::string::npos);
          }
          EXPECT_TRUE(seeks) << context << ", expected " << bound << ": " << page.sql << "\n" << describe(plan(page));
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, 32);
}

TEST_F(QueryPlanTest, TextOfThreeOrMoreCharactersIsLookedUpInTheTrigramIndex) {
  ContractFilter f;
  for (const char* text : {"Müller", "weiß", "a\"b", "NEAR(", "' OR 1=1 --"}) {
    f.query = text;
    const Call c = call(f, {1, 50}, kLarge, 25'000);
    ASSERT_TRUE(c.count) << text;
    EXPECT_TRUE(uses_trigram_index(*c.count)) << text << "\n" << describe(plan(*c.count));
    EXPECT_EQ(c.count->strategy, "drive trigram") << text;
  }
  // One or two characters have no trigram: the organisation's names are read instead.
  for (const char* text : {"m", "mü", "ab"}) {
    f.query = text;
    EXPECT_EQ(store::sqlite::text_search_for(f), store::sqlite::TextSearch::scan) << text;
    const Call c = call(f, {1, 50}, kLarge, 25'000);
    EXPECT_FALSE(uses_trigram_index(*c.count)) << text;
  }
}

TEST_F(QueryPlanTest, OrganisationTokensAreTheMigrationsAndDistinct) {
  using store::sqlite::organisation_token;
  EXPECT_EQ(organisation_token(1), "\uE000\uE000\uE001");
  EXPECT_EQ(organisation_token(6401), "\uE000\uE001\uE001");
  EXPECT_EQ(organisation_token(40'960'000 + 6400 * 6399 + 6399), "\uE001\uF8FF\uF8FF");
  // The migration's and the triggers' SQL spelling of the same encoding.
  for (const Id id : {Id{1}, Id{2}, Id{6399}, Id{6400}, Id{6401}, Id{40'959'999}, Id{40'960'000}, Id{123'456'789}}) {
    store::sqlite::Statement s =
        connection_->prepare("SELECT char(57344 + ?1 / 40960000 % 6400, 57344 + ?1 / 6400 % 6400, 57344 + ?1 % 6400)");
    s.bind(id);
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.text(0), organisation_token(id)) << id;
  }
  EXPECT_NE(organisation_token(1), organisation_token(6401));
}

TEST(TrigramMatchExpression, QuotesRareTrigramsSoNothingIsSyntax) {
  using store::sqlite::trigram_match_expression;
  // "mül" is the rarest; "ler" the only one that does not overlap it.
  EXPECT_EQ(trigram_match_expression("müller"), R"("mül" "ler")");
  EXPECT_EQ(trigram_match_expression("abc"), R"("abc")");
  EXPECT_EQ(trigram_match_expression("a\"bc"), R"("""bc")");
  EXPECT_EQ(trigram_match_expression("\"\"\""), R"("""""""")");
  EXPECT_EQ(trigram_match_expression("or*"), R"("or*")");
  EXPECT_EQ(trigram_match_expression("aaaaaaa"), R"("aaa")");  // the same trigram once
  // Digits and rare letters before common ones, at most two, in text order.
  EXPECT_EQ(trigram_match_expression("weingut kaiser 66666"), R"("kai" "666")");
  EXPECT_EQ(trigram_match_expression("ab"), std::nullopt);
  EXPECT_EQ(trigram_match_expression("äö"), std::nullopt);          // two characters, four bytes
  EXPECT_EQ(trigram_match_expression("ab\xC3"), std::nullopt);      // truncated UTF-8
  EXPECT_EQ(trigram_match_expression("a\xC0\x80z"), std::nullopt);  // overlong NUL
  EXPECT_EQ(trigram_match_expression("ab\tc"), std::nullopt);       // control character
  const std::optional<std::string> long_text = trigram_match_expression("abcdefghijklmnopqrstuvwxyz0123456789");
  ASSERT_TRUE(long_text);
  EXPECT_EQ(std::count(long_text->begin(), long_text->end(), '"'), 4);
}

}  // namespace
}  // namespace turnus
