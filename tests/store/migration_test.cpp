// Migrations and opening databases by URL. The first part runs on every backend of
// test::test_backends(); the second part tests the SQLite file handling itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

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

// --- on every backend ----------------------------------------------------------------------

class MigrationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { temp_ = std::make_unique<test::TempDatabase>(GetParam()); }
  std::unique_ptr<test::TempDatabase> temp_;
};

TEST_P(MigrationTest, AllMigrationsAreRecordedAndApplyingAgainDoesNothing) {
  const std::vector<int> applied = store::applied_migrations(temp_->url());
  for (const char* dialect : {"sqlite"}) {
    if (GetParam() != dialect) continue;
    EXPECT_EQ(applied, versions_of(store::migrations_for(dialect)));
  }
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

std::string backend_name(const ::testing::TestParamInfo<std::string>& param) { return param.param; }

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest, ::testing::ValuesIn(test::test_backends()), backend_name);

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

TEST_F(SqliteFileTest, ConcurrentMigrationsApplyEachVersionOnce) {
  std::vector<std::vector<store::Migration>> results(4);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& result : results) {
    threads.emplace_back([&] {
      try {
        result = store::migrate(url_);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::size_t total = 0;
  for (const auto& r : results) total += r.size();
  EXPECT_EQ(total, store::migrations_for("sqlite").size());
  EXPECT_EQ(store::applied_migrations(url_), versions_of(store::migrations_for("sqlite")));
}

TEST_F(SqliteFileTest, AMigrationThatEndsItsOwnTransactionIsReported) {
  store::migrate(url_);
  const store::Migration rogue{9001, "rogue", "CREATE TABLE rogue (a INTEGER); COMMIT;"};
  EXPECT_EQ(error_kind_of([&] { store::migrate(url_, {rogue}); }), ErrorKind::internal);
  EXPECT_THAT(store::applied_migrations(url_), Not(Contains(9001)));
}

TEST(DatabaseUrl, PostgresqlIsNotAvailableYetAndUnknownSchemesAreInvalid) {
  EXPECT_EQ(error_kind_of([] { store::open_database("postgresql://turnus@localhost/turnus"); }),
            ErrorKind::unavailable);
  EXPECT_EQ(error_kind_of([] { store::migrate("postgresql://turnus@localhost/turnus"); }), ErrorKind::unavailable);
  EXPECT_EQ(error_kind_of([] { store::open_database("mysql://localhost/turnus"); }), ErrorKind::validation);
  EXPECT_EQ(error_kind_of([] { store::open_database("sqlite:"); }), ErrorKind::validation);
  EXPECT_EQ(error_kind_of([] { store::open_database("/tmp/turnus.db"); }), ErrorKind::validation);
}

TEST(DatabaseUrl, UnreachableSqlitePathIsUnavailable) {
  EXPECT_EQ(error_kind_of([] { store::migrate("sqlite:/nonexistent-dir/turnus/x.db"); }), ErrorKind::unavailable);
}

}  // namespace
}  // namespace turnus
