// What only the PostgreSQL backend has: a server that can go away under a running process,
// a connection pool of configured size, and transactions PostgreSQL aborts on the first
// error. The shared behaviour is in repository_test.cpp and migration_test.cpp, which run
// on PostgreSQL too. These tests need TURNUS_TEST_POSTGRES_URL (scripts/test-postgres.sh)
// and are skipped without it; the URL parsing ones need no server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "app/repositories.hpp"
#include "domain/error.hpp"
#include "store/postgres/database.hpp"
#include "store/store.hpp"
#include "support/temp_database.hpp"

namespace turnus {
namespace {

using app::Tx;
using domain::ErrorKind;
using domain::Id;

constexpr domain::Timestamp kNow = 1'780'000'000;

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

// --- URLs (no server needed) ---------------------------------------------------------------

class PoolSizeEnvironment : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv("TURNUS_DB_POOL_SIZE"); }
  void TearDown() override { unsetenv("TURNUS_DB_POOL_SIZE"); }
};

TEST_F(PoolSizeEnvironment, PoolSizeIsTakenOutOfTheUrlAndTheRestGoesToLibpq) {
  auto s = store::postgres::parse_url("postgresql://u@db.example:5433/turnus");
  EXPECT_EQ(s.conninfo, "postgresql://u@db.example:5433/turnus");
  EXPECT_EQ(s.pool_size, 16);

  s = store::postgres::parse_url("postgresql://u@h/turnus?pool_size=4");
  EXPECT_EQ(s.conninfo, "postgresql://u@h/turnus");
  EXPECT_EQ(s.pool_size, 4);

  s = store::postgres::parse_url("postgres://u@h/turnus?sslmode=require&pool_size=32&connect_timeout=3");
  EXPECT_EQ(s.conninfo, "postgres://u@h/turnus?sslmode=require&connect_timeout=3");
  EXPECT_EQ(s.pool_size, 32);
}

TEST_F(PoolSizeEnvironment, TheEnvironmentSetsTheDefaultAndTheUrlWins) {
  setenv("TURNUS_DB_POOL_SIZE", "3", 1);
  EXPECT_EQ(store::postgres::parse_url("postgresql://u@h/turnus").pool_size, 3);
  EXPECT_EQ(store::postgres::parse_url("postgresql://u@h/turnus?pool_size=5").pool_size, 5);
  setenv("TURNUS_DB_POOL_SIZE", "many", 1);
  EXPECT_EQ(error_kind_of([] { store::postgres::parse_url("postgresql://u@h/turnus"); }), ErrorKind::validation);
}

// --- against a server ----------------------------------------------------------------------

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = getenv("TURNUS_TEST_POSTGRES_URL");
    if (url == nullptr || *url == '\0') GTEST_SKIP() << "TURNUS_TEST_POSTGRES_URL is not set";
    temp_ = std::make_unique<test::TempDatabase>("postgresql");
    org_ = app::write(db(), [&](Tx& tx) { return tx.organisations().add({0, "A", "Europe/Berlin", kNow}).id; });
  }

  app::Database& db() { return temp_->db(); }

  domain::Customer customer(const std::string& name) const { return {0, org_, name, "", "", "", kNow}; }

  std::int64_t customer_count(app::Database& database) {
    return app::read(database, [&](Tx& tx) { return tx.customers().list(org_, "", {1, 1}).total; });
  }

  // Holds `n` connections of `database` at once, so that many sit idle in its pool afterwards.
  static void fill_pool(app::Database& database, int n) {
    std::atomic<int> inside{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&] {
        app::read(database, [&](Tx&) {
          ++inside;
          const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
          while (inside.load() < n && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        });
      });
    }
    for (auto& t : threads) t.join();
  }

  std::unique_ptr<test::TempDatabase> temp_;
  Id org_ = 0;
};

TEST_F(PostgresTest, IdleConnectionsLostToAServerRestartAreReplacedWithoutTheCallerNoticing) {
  fill_pool(db(), 4);
  EXPECT_GE(temp_->server_connections(), 4);
  EXPECT_GE(temp_->terminate_connections(), 4);
  EXPECT_EQ(temp_->server_connections(), 0);

  // Nothing had started on the dead connections yet, so each call goes on with a fresh one.
  EXPECT_EQ(customer_count(db()), 0);
  app::write(db(), [&](Tx& tx) { tx.customers().add(customer("Neu")); });
  EXPECT_EQ(customer_count(db()), 1);
  EXPECT_TRUE(db().healthy());
}

TEST_F(PostgresTest, AConnectionLostInsideATransactionIsUnavailableAndTheNextCallWorks) {
  try {
    app::write(db(), [&](Tx& tx) {
      tx.customers().add(customer("verloren"));
      temp_->terminate_connections();
      tx.customers().add(customer("auch verloren"));
    });
    FAIL() << "the transaction survived losing its connection";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable) << e.what();  // HTTP 503, not 500
  }
  // The half-done transaction never committed, and the store works again.
  EXPECT_EQ(customer_count(db()), 0);
  app::write(db(), [&](Tx& tx) { tx.customers().add(customer("Neu")); });
  EXPECT_EQ(customer_count(db()), 1);
}

TEST_F(PostgresTest, ReadsAndHealthChecksSurviveRepeatedConnectionLoss) {
  for (int round = 0; round < 3; ++round) {
    fill_pool(db(), 3);
    temp_->terminate_connections();
    EXPECT_TRUE(db().healthy()) << "round " << round;
    fill_pool(db(), 2);
    temp_->terminate_connections();
    EXPECT_EQ(customer_count(db()), 0) << "round " << round;
  }
}

TEST_F(PostgresTest, ThePoolNeverOpensMoreConnectionsThanConfigured) {
  auto small = store::open_database(temp_->url() + "&pool_size=2");
  std::atomic<bool> done{false};
  std::atomic<int> most{0};
  std::thread watcher([&] {
    while (!done) {
      const int now = temp_->server_connections();
      most = std::max(most.load(), now);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  // The default pool of db() holds one connection from SetUp; the small pool may add two.
  const int before = temp_->server_connections();
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t) {
    writers.emplace_back([&] {
      try {
        app::write(*small, [&](Tx& tx) {
          tx.customers().add(customer("K"));
          std::this_thread::sleep_for(std::chrono::milliseconds(30));  // hold the connection
        });
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  done = true;
  watcher.join();
  EXPECT_EQ(failures.load(), 0);  // the callers beyond two waited for a connection
  EXPECT_EQ(customer_count(db()), 6);
  EXPECT_LE(most.load(), before + 2);
}

TEST_F(PostgresTest, AStatementErrorCaughtInsideTheWorkFailsTheCommitInsteadOfLosingWritesSilently) {
  // PostgreSQL gives up on a transaction at its first failed statement; COMMIT would then
  // quietly roll back. The store says so instead (SQLite would have committed the rest).
  EXPECT_EQ(error_kind_of([&] {
              app::write(db(), [&](Tx& tx) {
                tx.customers().add(customer("vorher"));
                try {
                  tx.tokens().add({0, org_, 999'999, "", "x", kNow});  // no such user: not_found
                } catch (const domain::Error&) {
                }
              });
            }),
            ErrorKind::internal);
  EXPECT_EQ(customer_count(db()), 0);
}

TEST_F(PostgresTest, ExpectedConflictsLeaveTheTransactionUsable) {
  // A taken name, address or occurrence is an answer, not a broken transaction: the caller
  // may catch it and carry on, as on SQLite.
  app::write(db(), [&](Tx& tx) {
    EXPECT_THROW(tx.organisations().add({0, "A", "Europe/Berlin", kNow}), domain::Error);
    tx.customers().add(customer("danach"));
  });
  EXPECT_EQ(customer_count(db()), 1);
}

TEST_F(PostgresTest, ReadTransactionsAreReadOnlyAndSeeOneSnapshot) {
  EXPECT_EQ(error_kind_of([&] { app::read(db(), [&](Tx& tx) { tx.customers().add(customer("nein")); }); }),
            ErrorKind::internal);
  auto other = temp_->open_another();
  app::read(db(), [&](Tx& tx) {
    EXPECT_EQ(tx.customers().list(org_, "", {1, 1}).total, 0);
    app::write(*other, [&](Tx& w) { w.customers().add(customer("dazwischen")); });
    EXPECT_EQ(tx.customers().list(org_, "", {1, 1}).total, 0);  // still the snapshot of its start
  });
  EXPECT_EQ(customer_count(db()), 1);
}

}  // namespace
}  // namespace turnus
