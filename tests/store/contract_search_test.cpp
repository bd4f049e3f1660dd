// The SQLite contract search (migration 0002): the trigram path answers exactly what the
// plain substring search answers, and the data behind it (customer_name_folded, the
// contract_search FTS5 table, contract_counts) stays right through every kind of change and
// is built for rows that existed before the migration.
//
// Which way the repository reads a page (walking a sorted index or sorting the filter's
// matches) depends on the organisation's numbers; these tests also run the repository's own
// statements (store/sqlite/contract_list.hpp) with a large organisation's numbers on a small
// database to take both ways, and compare everything with the search as it was before
// migration 0002 (joins and instr()).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "app/repositories.hpp"
#include "domain/contract.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/contract_list.hpp"
#include "store/store.hpp"
#include "store/text_fold.hpp"
#include "support/temp_database.hpp"

namespace turnus {
namespace {

using app::ContractFilter;
using app::Tx;
using domain::ContractStatus;
using domain::Date;
using domain::Id;
using store::sqlite::Connection;
using store::sqlite::ContractCounts;
using store::sqlite::SqlStatement;
using store::sqlite::Statement;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr domain::Timestamp kNow = 1'780'000'000;
constexpr Date kToday = Date::from_civil(2026, 1, 1);

std::string sqlite_path(const std::string& url) { return url.substr(std::string("sqlite:").size()); }

Statement bound(Connection& conn, const SqlStatement& statement) {
  Statement s = conn.prepare(statement.sql);
  for (const store::sqlite::SqlValue& value : statement.params) std::visit([&s](const auto& v) { s.bind(v); }, value);
  return s;
}

std::int64_t single_number(Connection& conn, const std::string& sql) {
  Statement s = conn.prepare(sql);
  EXPECT_TRUE(s.step()) << sql;
  return s.int64(0);
}

// The derived data equals what it is derived from, for every contract of every organisation.
void expect_derived_data_consistent(Connection& conn) {
  EXPECT_EQ(single_number(conn,
                          "SELECT count(*) FROM maintenance_contracts c WHERE c.customer_name_folded IS NOT coalesce("
                          " (SELECT cu.name_folded FROM customers cu"
                          "  WHERE cu.organisation_id = c.organisation_id AND cu.id = c.customer_id),"
                          " (SELECT cu.name_folded FROM projects p JOIN customers cu"
                          "  ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id"
                          "  WHERE p.organisation_id = c.organisation_id AND p.id = c.project_id))"),
            0)
      << "customer_name_folded";
  EXPECT_EQ(single_number(conn,
                          "SELECT count(*) FROM maintenance_contracts c LEFT JOIN contract_search s ON s.rowid = c.id"
                          " WHERE s.rowid IS NULL OR s.name IS NOT c.name_folded"
                          " OR s.customer IS NOT c.customer_name_folded"),
            0)
      << "contract_search rows";
  EXPECT_EQ(single_number(conn,
                          "SELECT count(*) FROM maintenance_contracts c JOIN contract_search s ON s.rowid = c.id"
                          " WHERE s.organisation IS NOT char(57344 + c.organisation_id / 40960000 % 6400,"
                          " 57344 + c.organisation_id / 6400 % 6400, 57344 + c.organisation_id % 6400)"),
            0)
      << "contract_search organisation tokens";
  EXPECT_EQ(single_number(conn, "SELECT count(*) FROM contract_search"),
            single_number(conn, "SELECT count(*) FROM maintenance_contracts"))
      << "contract_search rows without a contract";
  // FTS5's own check that its index matches its content.
  EXPECT_NO_THROW(conn.exec("INSERT INTO contract_search (contract_search) VALUES ('integrity-check')"));
  EXPECT_EQ(
      single_number(conn,
                    "SELECT count(*) FROM ("
                    " SELECT organisation_id, status, count(*) FROM maintenance_contracts GROUP BY 1, 2"
                    " EXCEPT SELECT organisation_id, status, contracts FROM contract_counts WHERE contracts > 0)"),
      0)
      << "contract_counts misses a count";
  EXPECT_EQ(single_number(conn,
                          "SELECT count(*) FROM ("
                          " SELECT organisation_id, status, contracts FROM contract_counts WHERE contracts > 0"
                          " EXCEPT SELECT organisation_id, status, count(*) FROM maintenance_contracts GROUP BY 1, 2)"),
            0)
      << "contract_counts has a wrong count";
}

// The search as the repository did it before migration 0002, ids ascending.
std::vector<Id> substring_search(Connection& conn, Id org, const std::string& text) {
  const std::string needle = store::fold(text);
  Statement s = conn.prepare(
      "SELECT c.id FROM maintenance_contracts c"
      " LEFT JOIN projects p ON p.organisation_id = c.organisation_id AND p.id = c.project_id"
      " LEFT JOIN customers cu ON cu.organisation_id = c.organisation_id AND cu.id = coalesce(c.customer_id,"
      " p.customer_id)"
      " WHERE c.organisation_id = ? AND (instr(c.name_folded, ?) > 0 OR instr(cu.name_folded, ?) > 0) ORDER BY c.id");
  s.bind_all(org, needle, needle);
  std::vector<Id> ids;
  while (s.step()) ids.push_back(s.int64(0));
  return ids;
}

std::vector<Id> sorted(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

class ContractSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_ = std::make_unique<test::TempDatabase>("sqlite");
    conn_ = std::make_unique<Connection>(sqlite_path(temp_->url()), Connection::Options{});
    org_ = write([&](Tx& tx) { return tx.organisations().add({0, "A", "Europe/Berlin", kNow}).id; });
    other_ = write([&](Tx& tx) { return tx.organisations().add({0, "B", "Europe/Berlin", kNow}).id; });
    employee_ = add_user(org_, "e@example.com");
    other_employee_ = add_user(other_, "o@example.com");

    mueller_ = add_customer(org_, "Müller GmbH");
    weiss_ = add_customer(org_, "Bäckerei Weiß");
    pub_ = add_customer(org_, "O'Brien \"Pub\" 100%");
    cafe_ = add_customer(org_, "Café Ünal_2");
    neubau_ = add_project(org_, mueller_, "Neubau");
    umbau_ = add_project(org_, pub_, "Umbau");
    for (const auto& [name, customer, project] : std::vector<std::tuple<std::string, Id, Id>>{
             {"Thermenwartung", mueller_, 0},
             {"Ölbrenner Überprüfung", weiss_, 0},
             {"Wartung \"Spezial\" *OR* NEAR(1)", cafe_, 0},
             {"'; DROP TABLE maintenance_contracts; --", 0, 0},
             {"Straßenbeleuchtung", 0, neubau_},
             {"Zapfanlage", 0, umbau_},
             {"Σίσυφος Aufzug", pub_, 0},
             {"日本語テキスト", 0, 0},
             {"🔥 Brandschutz", weiss_, 0},
             {"Heizung", cafe_, 0},
         }) {
      contracts_.push_back(add_contract(org_, name, customer, project, employee_));
    }
    // The same names in another organisation must never show up.
    const Id other_customer = add_customer(other_, "Müller GmbH");
    add_contract(other_, "Thermenwartung", other_customer, 0, other_employee_);
    add_contract(other_, "Zapfanlage Überprüfung", 0, 0, other_employee_);
  }

  template <class Work>
  auto write(Work&& work) -> decltype(work(std::declval<Tx&>())) {
    return app::write(temp_->db(), std::forward<Work>(work));
  }
  Id add_user(Id org, const std::string& email) {
    return write([&](Tx& tx) {
      domain::User u;
      u.organisation_id = org;
      u.email = email;
      u.name = email;
      u.created_at = kNow;
      return tx.users().add(u).id;
    });
  }
  Id add_customer(Id org, const std::string& name) {
    return write([&](Tx& tx) { return tx.customers().add({0, org, name, "", "", "", kNow}).id; });
  }
  Id add_project(Id org, Id customer, const std::string& name) {
    return write([&](Tx& tx) {
      domain::Project p;
      p.organisation_id = org;
      p.customer_id = customer;
      p.name = name;
      p.stage_id = tx.pipeline().stages(org).front().id;
      p.created_at = kNow;
      return tx.projects().add(p).id;
    });
  }
  static domain::ContractDraft draft(const std::string& name, Id customer, Id project, Id employee) {
    domain::ContractDraft d;
    d.name = name;
    if (customer != 0) d.customer_id = customer;
    if (project != 0) d.project_id = project;
    d.start_date = Date::from_civil(2026, 3, 1);
    d.interval = {domain::IntervalUnit::year, 1, {}};
    d.action = {domain::ActionType::create_task, employee};
    return d;
  }
  Id add_contract(Id org, const std::string& name, Id customer, Id project, Id employee) {
    return write([&](Tx& tx) {
      return tx.contracts()
          .add(domain::Contract::create(draft(name, customer, project, employee), org, kToday), kNow)
          .id();
    });
  }

  std::vector<Id> repository_ids(const ContractFilter& f) {
    const auto page = app::read(temp_->db(), [&](Tx& tx) { return tx.contracts().list(org_, f, {1, 200}); });
    std::vector<Id> ids;
    for (const domain::Contract& c : page.items) ids.push_back(c.id());
    return ids;
  }

  // The repository's statements as an organisation of a million contracts would get them;
  // `assumed_total` only steers the choice between walking and driving.
  std::vector<Id> statement_ids(const ContractFilter& f, std::optional<std::int64_t> assumed_total,
                                std::string* strategy) {
    const ContractCounts counts{1'000'000, 1'000'000};
    std::int64_t total = 0;
    {
      const std::optional<SqlStatement> count = store::sqlite::contract_count_sql(org_, f, counts);
      EXPECT_TRUE(count);
      *strategy = count->strategy;
      Statement s = bound(*conn_, *count);
      s.step();
      total = s.int64(0);
    }
    if (total == 0) return {};
    const SqlStatement page =
        store::sqlite::contract_page_sql(org_, f, {1, 200}, counts, assumed_total.value_or(total));
    *strategy += "; " + page.strategy;
    Statement s = bound(*conn_, page);
    std::vector<Id> ids;
    while (s.step()) ids.push_back(s.int64(0));
    EXPECT_EQ(static_cast<std::int64_t>(ids.size()), total);
    return ids;
  }

  // Every way of answering `text` gives the substring search's contracts, in list order.
  void expect_all_paths_agree(const std::string& text) {
    ContractFilter f;
    f.statuses.clear();
    f.query = text;
    const std::vector<Id> expected = substring_search(*conn_, org_, text);
    const std::vector<Id> listed = repository_ids(f);
    EXPECT_EQ(sorted(listed), expected) << "repository, text " << text;
    std::string strategy;
    const std::vector<Id> driven = statement_ids(f, std::nullopt, &strategy);
    EXPECT_EQ(driven, listed) << strategy << ", text " << text;
    const std::vector<Id> walked = statement_ids(f, 1'000'000, &strategy);
    EXPECT_EQ(walked, listed) << strategy << ", text " << text;
    // Counted through the trigram index exactly when the text has a trigram; the last page
    // (when there is one) was walked.
    const bool trigram = store::sqlite::trigram_match_expression(store::fold(text)).has_value();
    EXPECT_EQ(strategy.rfind(trigram ? "drive trigram" : "drive scan", 0), 0u) << strategy << ", " << text;
    if (!listed.empty()) {
      EXPECT_NE(strategy.find("; walk"), std::string::npos) << strategy << ", " << text;
    }
  }

  std::unique_ptr<test::TempDatabase> temp_;
  std::unique_ptr<Connection> conn_;
  Id org_ = 0, other_ = 0, employee_ = 0, other_employee_ = 0;
  Id mueller_ = 0, weiss_ = 0, pub_ = 0, cafe_ = 0, neubau_ = 0, umbau_ = 0;
  std::vector<Id> contracts_;
};

const char* const kTexts[] = {
    // across the end of a contract's name and the start of its customer's: no match, though
    // the indexes keep both in one value (search_folded, migration 0007)
    "wartungmüller",
    "wartung müller",
    "heizungcafé",
    "ng mü",
    // umlauts and ß, in any case
    "müller",
    "MÜLLER",
    "Ü",
    "üb",
    "überprüfung",
    "ÖLBRENNER",
    "weiß",
    "WEIß",
    "straße",
    "strasse",
    "äcker",
    // short and common
    "g",
    "ng",
    "ung",
    "wartung",
    "x",
    "zz",
    // FTS5 and SQL syntax as text
    "\"",
    "\"pub\"",
    "*",
    "*or*",
    "or",
    "OR",
    "near(",
    "NEAR(1)",
    "100%",
    "%",
    "_",
    "l_2",
    "n_",
    "'",
    "o'b",
    "'; drop",
    "drop table",
    "--",
    "' OR '1'='1",
    "\") OR 1=1 --",
    "{name customer}: x",
    "ab AND cd",
    "^the",
    // scripts the folding leaves alone, and characters outside the Basic Multilingual Plane
    "σίσ",
    "ΣΊΣ",
    "Σίσυφος",
    "本語テ",
    "テ",
    "🔥",
    "🔥 b",
    "🔥 Brand",
    // longer than 16 trigrams
    "; drop table maintenance_contracts; --",
    "wartung \"spezial\" *or* near(1)",
};

TEST_F(ContractSearchTest, TrigramScanAndSubstringSearchAgree) {
  for (const char* text : kTexts) expect_all_paths_agree(text);
  expect_derived_data_consistent(*conn_);
}

// With an employee, the text is checked on the employee index's entries (migration 0007).
TEST_F(ContractSearchTest, AnEmployeesContractsAreSearchedLikeAllOthers) {
  const Id other_employee = add_user(org_, "f@example.com");
  add_contract(org_, "Thermenwartung Nord", mueller_, 0, other_employee);
  for (const char* text : kTexts) {
    ContractFilter f;
    f.statuses.clear();
    f.query = text;
    std::vector<Id> expected;
    for (const Id id : substring_search(*conn_, org_, text)) {
      if (std::find(contracts_.begin(), contracts_.end(), id) != contracts_.end()) expected.push_back(id);
    }
    f.employee_id = employee_;
    EXPECT_EQ(sorted(repository_ids(f)), expected) << "text " << text;
    std::string strategy;
    EXPECT_EQ(sorted(statement_ids(f, std::nullopt, &strategy)), expected) << strategy << ", text " << text;
    EXPECT_EQ(strategy.rfind("drive employee", 0), 0u) << strategy;
  }
}

// A later page of a text past the exact limit is walked or driven by the number of its
// trigram candidates; both give the same rows.
TEST_F(ContractSearchTest, ALaterPageOfACommonTextIsTheSameWalkedOrDriven) {
  for (int i = 0; i < 12; ++i) add_contract(org_, "Wartung Nr. " + std::to_string(i), weiss_, 0, employee_);
  ContractFilter f;
  f.statuses.clear();
  f.query = "wartung";
  const app::PageRequest page{2, 5};

  // As if the organisation had a million contracts and the text more than the limit.
  const ContractCounts counts{1'000'000, 1'000'000};
  // The count covers every organisation's contracts holding the trigram: 14 of A
  // ("Thermenwartung", "Wartung \"Spezial\"…", the 12 above), 1 of B.
  EXPECT_FALSE(store::sqlite::text_candidates_sql(org_, f, {1, 5}, counts, false));  // a first page walks
  EXPECT_FALSE(store::sqlite::text_candidates_sql(org_, f, page, counts, true));     // an exact total says it
  ContractFilter with_employee = f;
  with_employee.employee_id = employee_;  // the employee's index drives, not the trigrams
  EXPECT_FALSE(store::sqlite::text_candidates_sql(org_, with_employee, page, counts, false));
  const std::optional<SqlStatement> lookup = store::sqlite::text_candidates_sql(org_, f, page, counts, false);
  ASSERT_TRUE(lookup);
  Statement vocab = bound(*conn_, *lookup);
  ASSERT_TRUE(vocab.step());
  EXPECT_EQ(vocab.int64(0), 15);

  const auto ids = [&](std::int64_t candidates, std::string* strategy) {
    const SqlStatement sql =
        store::sqlite::contract_page_sql(org_, f, page, counts, app::kExactTotalLimit, false, candidates);
    *strategy = sql.strategy;
    Statement s = bound(*conn_, sql);
    std::vector<Id> out;
    while (s.step()) out.push_back(s.int64(0));
    return out;
  };
  std::string few, many;
  const std::vector<Id> driven = ids(15, &few);
  const std::vector<Id> walked = ids(1'000'000, &many);
  EXPECT_EQ(few, "drive trigram");
  EXPECT_EQ(many.rfind("walk ", 0), 0U) << many;
  EXPECT_EQ(driven.size(), 5U);
  EXPECT_EQ(driven, walked);
  const auto listed = app::read(temp_->db(), [&](Tx& tx) { return tx.contracts().list(org_, f, page); });
  std::vector<Id> listed_ids;
  for (const domain::Contract& c : listed.items) listed_ids.push_back(c.id());
  EXPECT_EQ(listed_ids, driven);
}

TEST_F(ContractSearchTest, SearchNeverReachesIntoAnotherOrganisation) {
  ContractFilter f;
  f.statuses.clear();
  f.query = "zapfanlage überprüfung";  // only the other organisation has it
  std::string strategy;
  EXPECT_THAT(statement_ids(f, std::nullopt, &strategy), IsEmpty());
  f.query = "thermenwartung";
  EXPECT_THAT(statement_ids(f, std::nullopt, &strategy), ElementsAre(contracts_[0]));
}

TEST_F(ContractSearchTest, DerivedDataFollowsRenamesMovesEditsStatusChangesAndDeletes) {
  // A customer renamed: its own contracts and those of its projects.
  conn_->exec("UPDATE customers SET name = 'Maier AG', name_folded = 'maier ag' WHERE id = " +
              std::to_string(mueller_));
  expect_derived_data_consistent(*conn_);
  for (const char* text : {"müller", "maier", "MAIER AG", "ai"}) expect_all_paths_agree(text);

  // A project moved to another customer.
  conn_->exec("UPDATE projects SET customer_id = " + std::to_string(cafe_) + " WHERE id = " + std::to_string(neubau_));
  expect_derived_data_consistent(*conn_);
  for (const char* text : {"maier", "café", "ünal_2", "straßen"}) expect_all_paths_agree(text);

  // Contracts edited through the repository: renamed and moved in one step, to a
  // project, to no customer; a rename alone; a move alone.
  const auto edit = [&](Id id, const domain::ContractDraft& d) {
    write([&](Tx& tx) {
      tx.contracts().update(
          org_, id, [&](domain::Contract& c) { c.edit(d, kToday); }, kNow);
    });
  };
  edit(contracts_[0], draft("Gasthermenwartung", weiss_, 0, employee_));
  edit(contracts_[1], draft("Ölbrenner", 0, umbau_, employee_));
  edit(contracts_[2], draft("Wartung intern", 0, 0, employee_));
  edit(contracts_[3], draft("Zapfhahn", 0, 0, employee_));
  edit(contracts_[9], draft("Heizung", mueller_, 0, employee_));
  expect_derived_data_consistent(*conn_);
  for (const char* text :
       {"gasthermen", "bäckerei", "o'brien", "ölbrenner", "café", "wartung", "zapf", "drop", "maier", "heizung"}) {
    expect_all_paths_agree(text);
  }

  // Status changes move the counts.
  write([&](Tx& tx) {
    tx.contracts().update(
        org_, contracts_[4], [](domain::Contract& c) { c.deactivate(); }, kNow);
    tx.contracts().update(
        org_, contracts_[5], [](domain::Contract& c) { c.deactivate(); }, kNow);
    tx.contracts().update(
        org_, contracts_[5], [](domain::Contract& c) { c.archive(); }, kNow);
  });
  expect_derived_data_consistent(*conn_);
  const auto default_total = [&] {
    return app::read(temp_->db(), [&](Tx& tx) { return tx.contracts().list(org_, {}, {1, 1}).total; });
  };
  EXPECT_EQ(default_total(), 9);

  // Deleted contracts leave the index and the counts.
  conn_->exec("DELETE FROM maintenance_contracts WHERE id IN (" + std::to_string(contracts_[0]) + ", " +
              std::to_string(contracts_[4]) + ")");
  expect_derived_data_consistent(*conn_);
  EXPECT_EQ(default_total(), 7);
  for (const char* text : {"gasthermen", "straßen", "bäckerei", "ung"}) expect_all_paths_agree(text);
}

TEST_F(ContractSearchTest, ACustomerWithContractsCannotBeDeleted) {
  // The triggers rely on this: no contract's customer or project ever disappears.
  EXPECT_THROW(conn_->exec("DELETE FROM customers WHERE id = " + std::to_string(weiss_)), domain::Error);
  EXPECT_THROW(conn_->exec("DELETE FROM projects WHERE id = " + std::to_string(umbau_)), domain::Error);
  expect_derived_data_consistent(*conn_);
}

// Rows written before migration 0002 get their derived data from the migration itself.
TEST(ContractSearchMigration, FillsTheDerivedDataOfExistingContracts) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "turnus-search-XXXXXX").string();
  const std::filesystem::path dir = mkdtemp(tmpl.data());
  const std::string url = "sqlite:" + (dir / "test.db").string();
  std::vector<store::Migration> first;
  for (const store::Migration& m : store::migrations_for("sqlite")) {
    if (m.version == 1) first.push_back(m);
  }
  store::migrate(url, first);
  {
    Connection conn(sqlite_path(url), Connection::Options{});
    conn.exec(
        "INSERT INTO organisations (id, name, created_at) VALUES (1, 'A', 0), (2, 'B', 0);"
        "INSERT INTO users (id, organisation_id, email, name, role, created_at) VALUES"
        " (1, 1, 'a@example.com', 'A', 'office', 0), (2, 2, 'b@example.com', 'B', 'office', 0);"
        "INSERT INTO pipeline_stages (id, organisation_id, name, position) VALUES (1, 1, 'Neu', 0);"
        "INSERT INTO customers (id, organisation_id, name, name_folded, created_at) VALUES"
        " (1, 1, 'Müller', 'müller', 0), (2, 1, 'Weiß', 'weiß', 0), (3, 2, 'Müller', 'müller', 0);"
        "INSERT INTO projects (id, organisation_id, customer_id, name, stage_id, created_at) VALUES"
        " (1, 1, 2, 'Neubau', 1, 0);");
    const char* contract =
        "INSERT INTO maintenance_contracts (id, organisation_id, name, name_folded, customer_id, project_id,"
        " start_date, interval_unit, action_type, action_employee_id, status, next_due_date, created_at, updated_at)"
        " VALUES ";
    conn.exec(std::string(contract) +
              "(1, 1, 'Therme', 'therme', 1, NULL, '2026-01-01', 'year', 'notify', 1, 'active', '2026-01-01', 0, 0),"
              "(2, 1, 'Lüftung', 'lüftung', NULL, 1, '2026-01-01', 'year', 'notify', 1, 'inactive', NULL, 0, 0),"
              "(3, 1, 'TÜV', 'tüv', NULL, NULL, '2026-01-01', 'year', 'notify', 1, 'archived', NULL, 0, 0),"
              "(4, 2, 'Therme', 'therme', 3, NULL, '2026-01-01', 'year', 'notify', 2, 'active', NULL, 0, 0)");
  }
  const std::vector<store::Migration> applied = store::migrate(url);
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied.front().version, 2);
  {
    Connection conn(sqlite_path(url), Connection::Options{});
    expect_derived_data_consistent(conn);
    // The project's customer, and none for the internal task.
    EXPECT_EQ(single_number(conn,
                            "SELECT count(*) FROM maintenance_contracts WHERE id = 2 AND "
                            "customer_name_folded = 'weiß'"),
              1);
    EXPECT_EQ(single_number(conn,
                            "SELECT count(*) FROM maintenance_contracts WHERE id = 3 AND "
                            "customer_name_folded IS NULL"),
              1);
    EXPECT_EQ(single_number(conn, "SELECT count(*) FROM contract_search WHERE contract_search MATCH '\"wei\"'"), 1);
    EXPECT_EQ(single_number(conn,
                            "SELECT contracts FROM contract_counts WHERE organisation_id = 1 AND "
                            "status = 'inactive'"),
              1);
  }
  {
    std::unique_ptr<app::Database> db = store::open_database(url);
    ContractFilter f;
    f.statuses.clear();
    f.query = "WEIß";
    const auto page = app::read(*db, [&](Tx& tx) { return tx.contracts().list(1, f, {1, 50}); });
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items.front().id(), 2);
    EXPECT_EQ(app::read(*db, [&](Tx& tx) { return tx.contracts().list(1, {}, {1, 50}).total; }), 2);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace turnus
