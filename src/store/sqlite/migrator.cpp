// The SQLite migration runner: each pending migration runs in its own BEGIN IMMEDIATE
// transaction together with its schema_migrations row, so a failing one leaves the database
// exactly as it was, and two processes migrating at once apply each migration once.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/database.hpp"

namespace turnus::store::sqlite {

namespace {

bool has_migrations_table(Connection& conn) {
  Statement s = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  return s.step();
}

std::vector<int> read_applied(Connection& conn) {
  std::vector<int> versions;
  if (!has_migrations_table(conn)) return versions;
  Statement s = conn.prepare("SELECT version FROM schema_migrations ORDER BY version");
  while (s.step()) versions.push_back(s.int32(0));
  return versions;
}

bool is_applied(Connection& conn, int version) {
  Statement s = conn.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  s.bind(version);
  return s.step();
}

std::string label(const Migration& m) {
  std::string number = std::to_string(m.version);
  if (number.size() < 4) number.insert(0, 4 - number.size(), '0');
  return number + "_" + m.name;
}

void check_list(const std::vector<Migration>& migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version <= 0 || (i > 0 && migrations[i].version <= migrations[i - 1].version)) {
      throw domain::Error(domain::ErrorKind::internal, {"Migrationen müssen aufsteigend und eindeutig nummeriert sein.",
                                                        "Migrations must have unique, increasing version numbers."});
    }
  }
}

void apply(Connection& conn, const Migration& m) {
  conn.exec(m.sql);
  // A COMMIT or ROLLBACK inside the file would end the runner's transaction and with it
  // the guarantee that the migration and its schema_migrations row commit together.
  if (!conn.in_transaction()) {
    throw domain::Error(domain::ErrorKind::internal, {"Eine Migration darf ihre Transaktion nicht selbst beenden.",
                                                      "A migration must not end its own transaction."});
  }
  // Foreign keys are off while migrating (a table rebuild needs that), so check them here,
  // before the migration can commit.
  {
    Statement broken = conn.prepare("PRAGMA foreign_key_check");
    if (broken.step()) {
      throw domain::Error(domain::ErrorKind::internal,
                          {"Die Migration hinterlässt ungültige Verweise in " + broken.text(0) + ".",
                           "The migration leaves broken references in " + broken.text(0) + "."});
    }
  }
  Statement record = conn.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) "
      "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
  record.bind_all(m.version, m.name).run();
}

}  // namespace

std::vector<Migration> migrate(const std::string& path, const std::vector<Migration>& migrations) {
  std::vector<Migration> sorted = migrations;
  std::sort(sorted.begin(), sorted.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  check_list(sorted);

  Connection conn(path, {.foreign_keys = false, .create = true});
  conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");

  std::vector<Migration> applied;
  for (const Migration& m : sorted) {
    try {
      // IMMEDIATE takes the write lock before looking, so a concurrent runner waits here and
      // then sees the row the other one committed.
      conn.exec("BEGIN IMMEDIATE");
      if (is_applied(conn, m.version)) {
        conn.exec("COMMIT");
        continue;
      }
      apply(conn, m);
      conn.exec("COMMIT");
      applied.push_back(m);
    } catch (const domain::Error& e) {
      conn.rollback_quietly();
      throw domain::Error(e.kind(), {"Migration " + label(m) + " fehlgeschlagen: " + e.message().de,
                                     "Migration " + label(m) + " failed: " + e.message().en});
    } catch (...) {
      conn.rollback_quietly();
      throw;
    }
  }
  return applied;
}

std::vector<int> applied_migrations(const std::string& path) {
  // Looking must not create the file.
  if (!std::filesystem::exists(path)) return {};
  Connection conn(path, {.foreign_keys = true, .create = false});
  return read_applied(conn);
}

}  // namespace turnus::store::sqlite
