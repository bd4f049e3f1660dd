// Connection and Statement: a thin RAII layer over the sqlite3 C API.
//
// A Connection owns one sqlite3 handle, opened with the pragmas turnus relies on (WAL,
// foreign keys, busy timeout), and a cache of prepared statements keyed by their SQL text.
// A Statement borrows a cached statement for one execution and resets it when it goes out
// of scope. Every SQLite failure becomes a domain::Error (see raise()).
//
// Thread-safety: none. A connection (and every Statement from it) is used by one thread at
// a time; the pool in database.cpp hands connections out one caller at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/date.hpp"
#include "domain/error.hpp"

namespace turnus::store::sqlite {

// SQLITE_BUSY / SQLITE_LOCKED after the busy timeout ran out. Its own type because it is the
// one failure a transaction may retry from scratch; its kind is still `unavailable` for
// everyone who does not care.
class BusyError : public domain::Error {
 public:
  using domain::Error::Error;
};

// Throws the domain::Error for SQLite result code `rc`: unique/primary-key violations are
// conflict, foreign-key violations not_found, busy/locked BusyError, I/O and open failures
// unavailable, the rest internal. `context` says what was being done, for the log.
[[noreturn]] void raise(sqlite3* db, int rc, std::string_view context);

class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Each call binds the next parameter: the first call binds ?1, the second ?2, …
  Statement& bind(std::int64_t value);
  Statement& bind(int value);
  Statement& bind(bool value);
  Statement& bind(std::string_view value);
  Statement& bind(const std::string& value) { return bind(std::string_view(value)); }
  Statement& bind(const char* value) { return bind(std::string_view(value)); }
  Statement& bind(domain::Date value);  // as 'YYYY-MM-DD'
  Statement& bind(std::nullopt_t);
  // Bytes as a BLOB (bind() of text would make a STRICT table refuse them).
  Statement& bind_blob(std::string_view bytes);
  template <class T>
  Statement& bind(const std::optional<T>& value) {
    return value ? bind(*value) : bind(std::nullopt);
  }
  template <class... Ts>
  Statement& bind_all(const Ts&... values) {
    (bind(values), ...);
    return *this;
  }

  // Advances to the next row; false when there is none (the statement is done).
  bool step();
  // Runs a statement that returns no rows.
  void run();

  // Columns of the current row, counted from 0. Reading a NULL through a non-optional
  // accessor, or a malformed date, is Error internal: the schema forbids both.
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const;
  bool boolean(int column) const { return int64(column) != 0; }
  std::string text(int column) const;
  // The text without a copy: valid until the statement steps, resets or converts the column.
  std::string_view text_view(int column) const;
  std::string blob(int column) const;  // the bytes of a BLOB column
  domain::Date date(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::optional<domain::Date> optional_date(int column) const;

 private:
  friend class Connection;
  Statement(sqlite3_stmt* stmt, bool* in_use, bool owned);
  void check_column(int column) const;
  void bind_result(int rc);

  sqlite3_stmt* stmt_;
  bool* in_use_;  // the cache slot's flag; nullptr when the statement is not cached
  bool owned_;    // finalise on destruction (prepared because the cached one was busy)
  int next_parameter_ = 1;
};

class Connection {
 public:
  struct Options {
    // Off only for the migration runner, which checks foreign keys itself per migration
    // (SQLite cannot rebuild a table with them on).
    bool foreign_keys = true;
    // Create the file when missing: only the migration runner does, so a mistyped path in
    // `serve` fails instead of serving an empty database.
    bool create = false;
  };

  Connection(const std::string& path, Options options);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // A statement for `sql`, prepared once per connection and then reused.
  Statement prepare(std::string_view sql);
  // Runs one or more statements without parameters or results (DDL, BEGIN, COMMIT).
  void exec(const std::string& sql);
  // Rolls back when a transaction is open; never throws (it runs on error paths).
  void rollback_quietly() noexcept;

  std::int64_t last_insert_id() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;
  bool in_transaction() const;
  sqlite3* handle() const { return db_; }

 private:
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  void evict_idle_statements();

  sqlite3* db_ = nullptr;
  // Node-based: a Statement keeps a pointer to its slot's flag across rehashes.
  std::unordered_map<std::string, CachedStatement> cache_;
};

}  // namespace turnus::store::sqlite
