// The PostgreSQL migration runner: each pending migration runs in its own transaction
// together with its schema_migrations row. PostgreSQL's DDL is transactional, so a failing
// migration leaves the database exactly as it was.
//
// Several instances starting at once: every transaction of the runner first takes a
// transaction-scoped advisory lock, so they queue, and each finds the row the one before
// it committed and skips that migration. The lock is per schema (the first of the
// search_path, where the tables go), so separate schemas of one database do not wait for
// each other.
#include <algorithm>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/database.hpp"

namespace turnus::store::postgres {

namespace {

// Locks for the rest of the transaction; released by COMMIT or ROLLBACK.
void lock_migrations(Connection& conn) {
  conn.exec("SELECT pg_advisory_xact_lock(hashtext('turnus.migrate'), hashtext(current_schema()))");
}

bool has_migrations_table(Connection& conn) {
  return !conn.exec(
                  "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                  "AND tablename = 'schema_migrations'")
              .empty();
}

std::vector<int> read_applied(Connection& conn) {
  std::vector<int> versions;
  if (!has_migrations_table(conn)) return versions;
  for (const Row row : conn.exec("SELECT version FROM schema_migrations ORDER BY version")) {
    versions.push_back(row.int32(0));
  }
  return versions;
}

bool is_applied(Connection& conn, int version) {
  return !conn.query("SELECT 1 FROM schema_migrations WHERE version = $1").bind(version).run().empty();
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
  // The simple query protocol runs the whole file, statement by statement, inside the
  // transaction the runner opened.
  conn.exec(m.sql);
  // A COMMIT or ROLLBACK inside the file would end the runner's transaction and with it
  // the guarantee that the migration and its schema_migrations row commit together.
  if (!conn.in_transaction()) {
    throw domain::Error(domain::ErrorKind::internal, {"Eine Migration darf ihre Transaktion nicht selbst beenden.",
                                                      "A migration must not end its own transaction."});
  }
  conn.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)").bind_all(m.version, m.name).run();
}

// Runs `step` in a transaction holding the migration lock.
template <class Step>
void locked(Connection& conn, Step&& step) {
  try {
    conn.exec("BEGIN");
    lock_migrations(conn);
    step();
    conn.exec("COMMIT");
  } catch (...) {
    conn.rollback_quietly();
    throw;
  }
}

}  // namespace

std::vector<Migration> migrate(const std::string& url, const std::vector<Migration>& migrations) {
  std::vector<Migration> sorted = migrations;
  std::sort(sorted.begin(), sorted.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  check_list(sorted);

  Connection conn(parse_url(url).conninfo);
  // Under the lock: two concurrent CREATE TABLE IF NOT EXISTS can both decide to create.
  locked(conn, [&] {
    conn.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  });

  std::vector<Migration> applied;
  for (const Migration& m : sorted) {
    try {
      bool ran = false;
      locked(conn, [&] {
        if (is_applied(conn, m.version)) return;
        apply(conn, m);
        ran = true;
      });
      if (ran) applied.push_back(m);
    } catch (const domain::Error& e) {
      throw domain::Error(e.kind(), {"Migration " + label(m) + " fehlgeschlagen: " + e.message().de,
                                     "Migration " + label(m) + " failed: " + e.message().en});
    }
  }
  return applied;
}

std::vector<int> applied_migrations(const std::string& url) {
  Connection conn(parse_url(url).conninfo);
  return read_applied(conn);
}

}  // namespace turnus::store::postgres
