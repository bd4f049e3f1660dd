#include "support/temp_database.hpp"

#include <stdlib.h>

#include "store/store.hpp"

namespace turnus::test {

std::vector<std::string> test_backends() { return {"sqlite"}; }

TempDatabase::TempDatabase(const std::string& backend) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "turnus-test-XXXXXX").string();
  dir_ = mkdtemp(tmpl.data());
  if (backend != "sqlite") throw std::runtime_error("unknown test backend " + backend);
  url_ = "sqlite:" + (dir_ / "test.db").string();
  store::migrate(url_);
  db_ = store::open_database(url_);
}

TempDatabase::~TempDatabase() {
  db_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::unique_ptr<app::Database> TempDatabase::open_another() const { return store::open_database(url_); }

}  // namespace turnus::test
