// A fresh, migrated database for one test, on a real backend, removed afterwards.
// Backends: "sqlite" (a file in a new temp dir) and, when TURNUS_TEST_POSTGRES_URL names a
// server (scripts/test-postgres.sh starts one), "postgresql": a new schema of its own in
// that database, which every connection of the test reaches through the URL's search_path.
// Not thread-safe itself; the Database it hands out is.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/repositories.hpp"

namespace turnus::test {

// The backends the suites run against in this build/environment.
std::vector<std::string> test_backends();

class TempDatabase {
 public:
  enum class Schema { migrated, empty };

  // `empty`: nothing created and no Database opened (db() must not be called), for tests of
  // migrating and opening themselves.
  explicit TempDatabase(const std::string& backend, Schema schema = Schema::migrated);
  ~TempDatabase();
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  const std::string& backend() const { return backend_; }
  const std::string& url() const { return url_; }
  app::Database& db() { return *db_; }
  // A second, independent connection pool on the same database (another "process").
  std::unique_ptr<app::Database> open_another() const;

  // Runs SQL statements directly, outside the store (setting up old schema versions);
  // returns the first column of the last statement's first row, or "".
  std::string execute(const std::string& sql) const;
  // PostgreSQL only: the server connections this test's pools hold open now.
  int server_connections() const;
  // PostgreSQL only: ends every server connection of this test's pools from outside, as a
  // server restart or an administrator would. Returns how many it ended.
  int terminate_connections() const;

 private:
  std::string backend_;
  std::filesystem::path dir_;  // sqlite
  std::string schema_;         // postgresql
  std::string url_;
  std::unique_ptr<app::Database> db_;
};

}  // namespace turnus::test
