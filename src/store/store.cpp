#include "store/store.hpp"

#include <string_view>

#include "store/sqlite/database.hpp"

namespace turnus::store {

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";

bool starts_with_any(std::string_view url, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (url.substr(0, p.size()) == p) return true;
  }
  return false;
}

// The file path of a `sqlite:PATH` URL; refuses everything else with a clear message.
std::string sqlite_path(const std::string& url) {
  const std::string_view text = url;
  if (starts_with_any(text, {"postgresql://", "postgres://"})) {
    throw domain::Error(domain::ErrorKind::unavailable,
                        {"PostgreSQL wird von dieser Version von turnus noch nicht unterstützt; bitte sqlite:PFAD "
                         "verwenden.",
                         "PostgreSQL is not supported by this version of turnus yet; use sqlite:PATH."});
  }
  if (text.substr(0, kSqlitePrefix.size()) == kSqlitePrefix && text.size() > kSqlitePrefix.size()) {
    return std::string(text.substr(kSqlitePrefix.size()));
  }
  throw domain::Error::validation(
      {{"db",
        {"Unbekannte Datenbank-URL \"" + url + "\": erwartet sqlite:PFAD oder postgresql://…",
         "Unknown database URL \"" + url + "\": expected sqlite:PATH or postgresql://…"}}});
}

}  // namespace

std::unique_ptr<app::Database> open_database(const std::string& url) { return sqlite::open(sqlite_path(url)); }

std::vector<Migration> migrate(const std::string& url) {
  const std::string path = sqlite_path(url);
  return sqlite::migrate(path, migrations_for("sqlite"));
}

std::vector<Migration> migrate(const std::string& url, const std::vector<Migration>& migrations) {
  return sqlite::migrate(sqlite_path(url), migrations);
}

std::vector<int> applied_migrations(const std::string& url) { return sqlite::applied_migrations(sqlite_path(url)); }

}  // namespace turnus::store
