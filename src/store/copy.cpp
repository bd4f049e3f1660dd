// Deliberately on the raw sqlite3 and libpq APIs: the copy is table-generic (columns are
// read from each schema), so it needs none of the repositories' mapping, and it streams
// rows with COPY FROM STDIN instead of one INSERT per row.
#include "store/copy.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <set>

#include "domain/error.hpp"
#include "store/postgres/connection.hpp"
#include "store/store.hpp"

namespace turnus::store {

namespace {

using domain::Error;
using domain::ErrorKind;

// Every table of the schema that holds data of its own, parents before children. Tables
// not listed here that exist in the source make the copy refuse, so a table added by a
// later migration can never be left behind silently.
const std::vector<std::string> kTables = {"organisations",
                                          "users",
                                          "api_tokens",
                                          "sessions",
                                          "login_failures",
                                          "login_known_pairs",
                                          "customers",
                                          "pipeline_stages",
                                          "projects",
                                          "order_sequences",
                                          "maintenance_contracts",
                                          "tasks",
                                          "orders",
                                          "notifications",
                                          "executions",
                                          "documents",
                                          "audit_log"};

// Derived by triggers from the tables above, or bookkeeping of the store itself (the last
// scheduler pass is the new installation's to record).
bool is_derived(const std::string& table) {
  return table == "schema_migrations" || table == "scheduler_status" || table == "contract_counts" ||
         table.starts_with("contract_search") || table.starts_with("sqlite_");
}

Error failed(const std::string& what) {
  return Error(ErrorKind::unavailable, {"Kopieren fehlgeschlagen: " + what, "Copy failed: " + what});
}

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
struct PgCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClearer {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;
using Result = std::unique_ptr<PGresult, ResultClearer>;

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw failed(std::string("SQLite: ") + sqlite3_errmsg(db));
  }
  return Stmt(raw);
}

Result pg(PGconn* conn, const std::string& sql, const std::vector<std::string>& params = {}) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  Result r(
      PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
  const ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN) {
    throw failed(std::string("PostgreSQL: ") + PQerrorMessage(conn));
  }
  return r;
}

std::string quoted(const std::string& identifier) { return "\"" + identifier + "\""; }

// libpq refuses query parameters it does not know; turnus's own (pool_size) go.
std::string conninfo_of(const std::string& url) {
  const auto q = url.find('?');
  if (q == std::string::npos) return url;
  std::string kept;
  std::size_t pos = q + 1;
  while (pos <= url.size()) {
    const auto amp = std::min(url.find('&', pos), url.size());
    const std::string param = url.substr(pos, amp - pos);
    if (!param.empty() && !param.starts_with("pool_size=")) kept += (kept.empty() ? "" : "&") + param;
    pos = amp + 1;
  }
  return url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
}

// COPY's text format: backslash escapes for the separators (append_copy_text), \N for NULL.
void append_copy_value(std::string& out, sqlite3_stmt* row, int column) {
  switch (sqlite3_column_type(row, column)) {
    case SQLITE_NULL: out += "\\N"; break;
    case SQLITE_INTEGER: out += std::to_string(sqlite3_column_int64(row, column)); break;
    case SQLITE_FLOAT: {
      char buf[64];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, sqlite3_column_double(row, column));
      out.append(buf, ec == std::errc() ? end : buf);
      break;
    }
    case SQLITE_BLOB: {
      // bytea in hex, its backslash escaped for COPY.
      static constexpr char kHex[] = "0123456789abcdef";
      const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(row, column));
      const int size = sqlite3_column_bytes(row, column);
      out += "\\\\x";
      for (int i = 0; i < size; ++i) {
        out += kHex[bytes[i] >> 4];
        out += kHex[bytes[i] & 0xF];
      }
      break;
    }
    default:
      postgres::append_copy_text(
          out, std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(row, column)),  // NOLINT
                                static_cast<std::size_t>(sqlite3_column_bytes(row, column))));
  }
}

std::vector<std::string> sqlite_columns(sqlite3* db, const std::string& table) {
  std::vector<std::string> columns;
  Stmt s = prepare(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
  sqlite3_bind_text(s.get(), 1, table.c_str(), -1, nullptr);
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
  }
  return columns;
}

std::set<std::string> pg_columns(PGconn* conn, const std::string& table) {
  const Result r = pg(conn,
                      "SELECT column_name FROM information_schema.columns "
                      "WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'",
                      {table});
  std::set<std::string> columns;
  for (int i = 0; i < PQntuples(r.get()); ++i) columns.insert(PQgetvalue(r.get(), i, 0));
  return columns;
}

std::int64_t copy_table(sqlite3* source, PGconn* target, const std::string& table) {
  const std::vector<std::string> columns = sqlite_columns(source, table);
  const std::set<std::string> target_columns = pg_columns(target, table);
  std::string list;
  for (const std::string& c : columns) {
    if (target_columns.count(c) == 0) {
      std::string what = "column ";
      what.append(table).append(".").append(c).append(" does not exist in PostgreSQL");
      throw failed(what);
    }
    list += (list.empty() ? "" : ", ") + quoted(c);
  }
  pg(target, "COPY " + quoted(table) + " (" + list + ") FROM STDIN");
  Stmt rows = prepare(source, "SELECT " + list + " FROM " + quoted(table) + " ORDER BY rowid");
  std::string buffer;
  std::int64_t count = 0;
  const int n = static_cast<int>(columns.size());
  auto flush = [&] {
    if (PQputCopyData(target, buffer.data(), static_cast<int>(buffer.size())) != 1) {
      throw failed(std::string("PostgreSQL: ") + PQerrorMessage(target));
    }
    buffer.clear();
  };
  int rc = 0;
  while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
    for (int i = 0; i < n; ++i) {
      if (i > 0) buffer += '\t';
      append_copy_value(buffer, rows.get(), i);
    }
    buffer += '\n';
    ++count;
    if (buffer.size() > (1U << 20)) flush();
  }
  if (rc != SQLITE_DONE) throw failed(std::string("SQLite: ") + sqlite3_errmsg(source));
  flush();
  if (PQputCopyEnd(target, nullptr) != 1) throw failed(std::string("PostgreSQL: ") + PQerrorMessage(target));
  const Result end(PQgetResult(target));
  if (PQresultStatus(end.get()) != PGRES_COMMAND_OK) {
    throw failed("COPY " + table + ": " + PQerrorMessage(target));
  }
  while (PGresult* extra = PQgetResult(target)) PQclear(extra);
  return count;
}

}  // namespace

CopyReport copy_database(const std::string& sqlite_url, const std::string& postgresql_url) {
  if (!sqlite_url.starts_with("sqlite:")) {
    throw Error::validation({{"from", {"Quelle muss sqlite:PFAD sein.", "The source must be sqlite:PATH."}}});
  }
  if (!postgresql_url.starts_with("postgresql://") && !postgresql_url.starts_with("postgres://")) {
    throw Error::validation({{"to", {"Ziel muss postgresql://… sein.", "The target must be postgresql://…."}}});
  }
  migrate(sqlite_url);
  migrate(postgresql_url);

  sqlite3* raw = nullptr;
  const std::string path = sqlite_url.substr(7);
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(raw);
    throw failed("cannot open " + path);
  }
  const std::unique_ptr<sqlite3, SqliteCloser> source(raw);
  const std::unique_ptr<PGconn, PgCloser> target(PQconnectdb(conninfo_of(postgresql_url).c_str()));
  if (PQstatus(target.get()) != CONNECTION_OK) throw failed(std::string("PostgreSQL: ") + PQerrorMessage(target.get()));

  // One read transaction on the source: a consistent snapshot even if someone writes.
  sqlite3_exec(source.get(), "BEGIN", nullptr, nullptr, nullptr);
  Stmt tables = prepare(source.get(), "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (sqlite3_step(tables.get()) == SQLITE_ROW) {
    const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(tables.get(), 0));
    if (!is_derived(name) && std::find(kTables.begin(), kTables.end(), name) == kTables.end()) {
      throw failed("table " + name + " is not known to copy-db");
    }
  }

  pg(target.get(), "BEGIN");
  if (std::string(PQgetvalue(pg(target.get(), "SELECT count(*) FROM organisations").get(), 0, 0)) != "0") {
    throw Error::conflict({"Die Ziel-Datenbank enthält schon Daten; es wird nur in eine leere kopiert.",
                           "The target database already holds data; copy-db only copies into an empty one."});
  }
  CopyReport report;
  for (const std::string& table : kTables) {
    report.rows_per_table.emplace_back(table, copy_table(source.get(), target.get(), table));
  }
  for (const std::string& table : kTables) {
    if (pg_columns(target.get(), table).count("id") == 0) continue;
    pg(target.get(),
       "SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST(max(id), 1), max(id) IS NOT NULL) FROM " +
           quoted(table),
       {table});
  }
  for (const auto& [table, rows] : report.rows_per_table) {
    const std::string counted = PQgetvalue(pg(target.get(), "SELECT count(*) FROM " + quoted(table)).get(), 0, 0);
    if (counted != std::to_string(rows)) {
      throw failed(table + ": copied " + std::to_string(rows) + " rows, target holds " + std::string(counted));
    }
  }
  pg(target.get(), "COMMIT");
  return report;
}

}  // namespace turnus::store
