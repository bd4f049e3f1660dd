#include "store/store.hpp"

#include <string_view>

#include "store/postgres/database.hpp"
#include "store/sqlite/database.hpp"

namespace turnus::store {

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";

enum class Backend { sqlite, postgresql };

// Which backend a URL names; refuses everything else with a clear message.
Backend backend_of(const std::string& url) {
  const std::string_view text = url;
  if (text.starts_with("postgresql://") || text.starts_with("postgres://")) return Backend::postgresql;
  if (text.starts_with(kSqlitePrefix) && text.size() > kSqlitePrefix.size()) return Backend::sqlite;
  throw domain::Error::validation(
      {{"db",
        {"Unbekannte Datenbank-URL \"" + url + "\": erwartet sqlite:PFAD oder postgresql://…",
         "Unknown database URL \"" + url + "\": expected sqlite:PATH or postgresql://…"}}});
}

// The file path of a `sqlite:PATH` URL.
std::string sqlite_path(const std::string& url) { return url.substr(kSqlitePrefix.size()); }

}  // namespace

std::unique_ptr<app::Database> open_database(const std::string& url) {
  switch (backend_of(url)) {
    case Backend::postgresql: return postgres::open(url);
    case Backend::sqlite: break;
  }
  return sqlite::open(sqlite_path(url));
}

std::vector<Migration> migrate(const std::string& url) {
  switch (backend_of(url)) {
    case Backend::postgresql: return postgres::migrate(url, migrations_for("postgresql"));
    case Backend::sqlite: break;
  }
  return sqlite::migrate(sqlite_path(url), migrations_for("sqlite"));
}

std::vector<Migration> migrate(const std::string& url, const std::vector<Migration>& migrations) {
  switch (backend_of(url)) {
    case Backend::postgresql: return postgres::migrate(url, migrations);
    case Backend::sqlite: break;
  }
  return sqlite::migrate(sqlite_path(url), migrations);
}

std::vector<int> applied_migrations(const std::string& url) {
  switch (backend_of(url)) {
    case Backend::postgresql: return postgres::applied_migrations(url);
    case Backend::sqlite: break;
  }
  return sqlite::applied_migrations(sqlite_path(url));
}

}  // namespace turnus::store
