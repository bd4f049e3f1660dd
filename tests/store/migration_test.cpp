// Migrations and opening databases by URL. The first part runs on every backend of
// test::test_backends(); the second part tests the SQLite file handling itself, the third
// the parsing of URLs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "app/repositories.hpp"
#include "domain/error.hpp"
#include "store/migrations.hpp"
#include "store/store.hpp"
#include "support/temp_database.hpp"

namespace turnus {
namespace {

using domain::ErrorKind;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

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

std::vector<int> versions_of(const std::vector<store::Migration>& migrations) {
  std::vector<int> out;
  for (const auto& m : migrations) out.push_back(m.version);
  return out;
}

TEST(EmbeddedMigrations, AreNumberedFromOneWithoutDuplicates) {
  const auto sqlite = store::migrations_for("sqlite");
  ASSERT_FALSE(sqlite.empty());
  EXPECT_EQ(sqlite.front().version, 1);
  EXPECT_EQ(sqlite.front().name, "init");
  EXPECT_NE(sqlite.front().sql.find("CREATE TABLE maintenance_contracts"), std::string::npos);
  for (std::size_t i = 1; i < sqlite.size(); ++i) EXPECT_LT(sqlite[i - 1].version, sqlite[i].version);
  EXPECT_THAT(store::migrations_for("oracle"), IsEmpty());
}

TEST(EmbeddedMigrations, EveryDialectHasTheSameVersions) {
  // "The same version means the same change in every dialect" (migrations.hpp).
  const auto postgresql = store::migrations_for("postgresql");
  const auto sqlite = store::migrations_for("sqlite");
  ASSERT_EQ(versions_of(postgresql), versions_of(sqlite));
  for (std::size_t i = 0; i < sqlite.size(); ++i) EXPECT_EQ(postgresql[i].name, sqlite[i].name);
}

// --- on every backend ----------------------------------------------------------------------

class MigrationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { temp_ = std::make_unique<test::TempDatabase>(GetParam()); }
  std::unique_ptr<test::TempDatabase> temp_;
};

TEST_P(MigrationTest, AllMigrationsAreRecordedAndApplyingAgainDoesNothing) {
  const std::vector<int> applied = store::applied_migrations(temp_->url());
  // The backend names are the dialect names.
  EXPECT_EQ(applied, versions_of(store::migrations_for(GetParam())));
  EXPECT_THAT(store::migrate(temp_->url()), IsEmpty());
  EXPECT_THAT(store::migrate(temp_->url()), IsEmpty());
  EXPECT_EQ(store::applied_migrations(temp_->url()), applied);
  EXPECT_TRUE(temp_->db().healthy());
}

TEST_P(MigrationTest, AFailingMigrationLeavesTheDatabaseAsItWas) {
  const std::vector<int> before = store::applied_migrations(temp_->url());
  // The first statement succeeds, the second fails: the table must not survive.
  const store::Migration broken{9001, "broken",
                                "CREATE TABLE probe (a INTEGER);\n"
                                "INSERT INTO no_such_table (a) VALUES (1);\n"};
  try {
    store::migrate(temp_->url(), {broken});
    FAIL() << "the broken migration was applied";
  } catch (const domain::Error& e) {
    EXPECT_NE(std::string(e.what()).find("9001_broken"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store::applied_migrations(temp_->url()), before);

  // CREATE TABLE probe succeeds only because the broken migration left no table behind.
  const store::Migration fixed{9001, "probe", "CREATE TABLE probe (a INTEGER);"};
  const auto applied = store::migrate(temp_->url(), {fixed});
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].name, "probe");
  EXPECT_THAT(store::applied_migrations(temp_->url()), Contains(9001));
  EXPECT_THAT(store::migrate(temp_->url(), {fixed}), IsEmpty());
  EXPECT_TRUE(temp_->db().healthy());
}

TEST_P(MigrationTest, MigrationsAfterAFailingOneDoNotRun) {
  const store::Migration broken{9001, "broken", "INSERT INTO no_such_table (a) VALUES (1);"};
  const store::Migration later{9002, "later", "CREATE TABLE later (a INTEGER);"};
  EXPECT_THROW(store::migrate(temp_->url(), {later, broken}), domain::Error);
  EXPECT_THAT(store::applied_migrations(temp_->url()), Not(Contains(9002)));
}

TEST_P(MigrationTest, RefusesAMalformedMigrationList) {
  const store::Migration a{9001, "a", "SELECT 1;"};
  EXPECT_EQ(error_kind_of([&] { store::migrate(temp_->url(), {a, a}); }), ErrorKind::internal);
}

TEST_P(MigrationTest, AMigrationThatEndsItsOwnTransactionIsReported) {
  const store::Migration rogue{9001, "rogue", "CREATE TABLE rogue (a INTEGER); COMMIT;"};
  EXPECT_EQ(error_kind_of([&] { store::migrate(temp_->url(), {rogue}); }), ErrorKind::internal);
  EXPECT_THAT(store::applied_migrations(temp_->url()), Not(Contains(9001)));
}

// On a database (or schema) nothing was created in yet.
class EmptyDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { temp_ = std::make_unique<test::TempDatabase>(GetParam(), test::TempDatabase::Schema::empty); }
  std::unique_ptr<test::TempDatabase> temp_;
};

TEST_P(EmptyDatabaseTest, OpenRefusesAnUnmigratedDatabase) {
  EXPECT_THAT(store::applied_migrations(temp_->url()), IsEmpty());
  store::migrate(temp_->url(), {});  // only the bookkeeping table
  EXPECT_THAT(store::applied_migrations(temp_->url()), IsEmpty());
  try {
    store::open_database(temp_->url());
    FAIL() << "opened an unmigrated database";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
    EXPECT_NE(std::string(e.what()).find("turnus migrate"), std::string::npos) << e.what();
  }
}

TEST_P(EmptyDatabaseTest, ConcurrentMigrationsApplyEachVersionOnce) {
  // Several instances starting at once on a new database, each running `turnus migrate`.
  constexpr int kRunners = 4;
  std::vector<std::vector<store::Migration>> results(kRunners);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& result : results) {
    threads.emplace_back([&] {
      try {
        result = store::migrate(temp_->url());
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<int> versions;
  for (const auto& r : results) {
    for (const int v : versions_of(r)) versions.push_back(v);
  }
  std::sort(versions.begin(), versions.end());
  EXPECT_EQ(versions, versions_of(store::migrations_for(GetParam())));  // each exactly once
  EXPECT_EQ(store::applied_migrations(temp_->url()), versions_of(store::migrations_for(GetParam())));
  EXPECT_TRUE(store::open_database(temp_->url())->healthy());
}

// An installation that has run version 1 for a while: its data must survive every later
// migration and be found by the current code (folded names, search, list order).
TEST_P(EmptyDatabaseTest, ADatabaseAtVersionOneIsUpgradedInPlace) {
  const auto all = store::migrations_for(GetParam());
  ASSERT_FALSE(all.empty());
  ASSERT_EQ(versions_of(store::migrate(temp_->url(), {all.front()})), std::vector<int>{1});
  // Plain SQL that both dialects take as it is, written the way version 1 of the store wrote
  // its rows.
  temp_->execute(
      "INSERT INTO organisations (name, time_zone, created_at) VALUES ('Heizung Alt', 'Europe/Berlin', 1000);"
      "INSERT INTO pipeline_stages (organisation_id, name, position) VALUES "
      "  ((SELECT id FROM organisations), 'Neu - Erstkontakt', 0);"
      "INSERT INTO order_sequences (organisation_id, next_number) VALUES ((SELECT id FROM organisations), 8);"
      "INSERT INTO users (organisation_id, email, name, role, created_at) VALUES "
      "  ((SELECT id FROM organisations), 'chef@alt.example', 'Chef', 'admin', 1000);"
      "INSERT INTO customers (organisation_id, name, name_folded, created_at) VALUES "
      "  ((SELECT id FROM organisations), 'Müller GmbH', 'müller gmbh', 1000);"
      "INSERT INTO maintenance_contracts (organisation_id, name, name_folded, customer_id, start_date, "
      "  interval_unit, interval_every, action_type, action_employee_id, status, next_due_date, created_at, "
      "  updated_at) VALUES ((SELECT id FROM organisations), 'Thermenwartung', 'thermenwartung', "
      "  (SELECT id FROM customers), '2026-03-01', 'year', 1, 'notify', (SELECT id FROM users), 'active', "
      "  '2026-03-01', 1000, 1000);"
      "INSERT INTO maintenance_contracts (organisation_id, name, name_folded, start_date, interval_unit, "
      "  interval_every, action_type, action_employee_id, status, next_due_date, created_at, updated_at) VALUES "
      "  ((SELECT id FROM organisations), 'TÜV Transporter', 'tüv transporter', '2026-02-01', 'year', 1, "
      "  'create_task', (SELECT id FROM users), 'inactive', '2026-02-01', 1000, 1000);"
      "INSERT INTO projects (organisation_id, customer_id, name, stage_id, created_at) VALUES "
      "  ((SELECT id FROM organisations), (SELECT id FROM customers), 'Ölheizung Müller', "
      "  (SELECT id FROM pipeline_stages), 1000);");

  const auto upgraded = store::migrate(temp_->url());
  EXPECT_EQ(versions_of(upgraded), versions_of(std::vector<store::Migration>(all.begin() + 1, all.end())));
  EXPECT_EQ(store::applied_migrations(temp_->url()), versions_of(all));

  auto db = store::open_database(temp_->url());
  app::read(*db, [&](app::Tx& tx) {
    const auto org = tx.organisations().find_by_name("Heizung Alt");
    ASSERT_TRUE(org);
    EXPECT_EQ(tx.users().with_email("CHEF@alt.example").at(0).name, "Chef");
    app::ContractFilter filter;
    filter.query = "MÜLLER";
    const auto by_customer = tx.contracts().list(org->id, filter, {1, 50});
    ASSERT_EQ(by_customer.total, 1);
    EXPECT_EQ(by_customer.items[0].state().name, "Thermenwartung");
    filter.query = "tüv";
    EXPECT_EQ(tx.contracts().list(org->id, filter, {1, 50}).total, 1);
    filter = {};
    const auto page = tx.contracts().list(org->id, filter, {1, 50});
    ASSERT_EQ(page.total, 2);
    EXPECT_EQ(page.items[0].state().name, "TÜV Transporter");  // due first
    EXPECT_EQ(tx.customers().list(org->id, "müll", {1, 50}).total, 1);
    // Version 3 folded the names of existing projects for the project search.
    app::ProjectQuery projects;
    projects.text = "ÖLHEIZUNG MÜ";
    EXPECT_EQ(tx.projects().list(org->id, projects, {1, 50}).total, 1);
  });
  // New rows go on where the old ones stopped.
  const domain::Order order = app::write(*db, [&](app::Tx& tx) {
    const auto org = *tx.organisations().find_by_name("Heizung Alt");
    domain::Order o;
    o.organisation_id = org.id;
    o.assignee_id = tx.users().with_email("chef@alt.example").at(0).id;
    o.title = "Wartung";
    o.created_at = 2000;
    return tx.orders().add(o);
  });
  EXPECT_EQ(order.number, 8);
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& param) { return param.param; }

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest, ::testing::ValuesIn(test::test_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, EmptyDatabaseTest, ::testing::ValuesIn(test::test_backends()), backend_name);

// --- SQLite files and URLs -----------------------------------------------------------------

class SqliteFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "turnus-migration-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    url_ = "sqlite:" + (dir_ / "turnus.db").string();
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::filesystem::path dir_;
  std::string url_;
};

TEST_F(SqliteFileTest, MigrateCreatesTheFileAndAppliesEverythingOnce) {
  EXPECT_THAT(store::applied_migrations(url_), IsEmpty());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "turnus.db"));  // looking does not create it
  const auto applied = store::migrate(url_);
  EXPECT_EQ(versions_of(applied), versions_of(store::migrations_for("sqlite")));
  EXPECT_THAT(store::migrate(url_), IsEmpty());
  auto db = store::open_database(url_);
  EXPECT_TRUE(db->healthy());
}

TEST_F(SqliteFileTest, OpenRefusesAMissingOrUnmigratedDatabase) {
  EXPECT_EQ(error_kind_of([&] { store::open_database(url_); }), ErrorKind::unavailable);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "turnus.db"));  // opening does not create it
  store::migrate(url_, {});                                   // only the bookkeeping table
  try {
    store::open_database(url_);
    FAIL() << "opened an unmigrated database";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
    EXPECT_NE(std::string(e.what()).find("turnus migrate"), std::string::npos) << e.what();
  }
}

TEST(DatabaseUrl, UnknownSchemesAreInvalid) {
  EXPECT_EQ(error_kind_of([] { store::open_database("mysql://localhost/turnus"); }), ErrorKind::validation);
  EXPECT_EQ(error_kind_of([] { store::open_database("sqlite:"); }), ErrorKind::validation);
  EXPECT_EQ(error_kind_of([] { store::open_database("/tmp/turnus.db"); }), ErrorKind::validation);
}

TEST(DatabaseUrl, UnreachableSqlitePathIsUnavailable) {
  EXPECT_EQ(error_kind_of([] { store::migrate("sqlite:/nonexistent-dir/turnus/x.db"); }), ErrorKind::unavailable);
}

TEST(DatabaseUrl, UnreachablePostgresqlServerIsUnavailable) {
  // Port 1 on the loopback: refused at once, no server needed.
  for (const char* url :
       {"postgresql://turnus@127.0.0.1:1/turnus", "postgres://turnus@127.0.0.1:1/turnus?pool_size=4"}) {
    EXPECT_EQ(error_kind_of([&] { store::open_database(url); }), ErrorKind::unavailable) << url;
    EXPECT_EQ(error_kind_of([&] { store::migrate(url); }), ErrorKind::unavailable) << url;
    EXPECT_EQ(error_kind_of([&] { store::applied_migrations(url); }), ErrorKind::unavailable) << url;
  }
}

TEST(DatabaseUrl, MalformedPostgresqlUrlsAndPoolSizesAreInvalid) {
  for (const char* url : {"postgresql://127.0.0.1:1/turnus?pool_size=0", "postgresql://127.0.0.1:1/turnus?pool_size=x",
                          "postgresql://127.0.0.1:1/turnus?pool_size=1001", "postgresql://127.0.0.1:1/turnus?no_such=1",
                          "postgresql://[::1/turnus"}) {
    try {
      store::open_database(url);
      ADD_FAILURE() << "accepted " << url;
    } catch (const domain::Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::validation) << url << ": " << e.what();
      ASSERT_EQ(e.fields().size(), 1u);
      EXPECT_EQ(e.fields()[0].field, "db");
    }
  }
}

}  // namespace
}  // namespace turnus
