// A fresh, migrated database for one test, on a real backend, removed afterwards.
// Backends: "sqlite" (a file in a new temp dir). The PostgreSQL issue adds "postgresql".
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
  explicit TempDatabase(const std::string& backend);
  ~TempDatabase();
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  const std::string& url() const { return url_; }
  app::Database& db() { return *db_; }
  // A second, independent connection pool on the same database (another "process").
  std::unique_ptr<app::Database> open_another() const;

 private:
  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<app::Database> db_;
};

}  // namespace turnus::test
