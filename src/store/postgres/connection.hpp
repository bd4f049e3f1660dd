// Connection, Query and Result: a thin RAII layer over libpq, the PostgreSQL C API.
//
// A Connection owns one PGconn. A Query collects the parameters of one statement ($1, $2, …
// in the SQL, bound in that order as text, so the server infers their types from the
// context) and runs it with PQexecParams; the Result owns the PGresult and reads its rows.
// Every failure becomes a domain::Error (see raise()).
//
// Thread-safety: none. A connection (and every Query and Result from it) is used by one
// thread at a time; the pool in database.cpp hands connections out one caller at a time.
// Results own their data and stay valid after the connection moves on.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"

namespace turnus::store::postgres {

// A serialisation failure (40001) or deadlock (40P01): the one failure a transaction may
// retry from scratch. Its kind is still `unavailable` for everyone who does not care.
class RetryableError : public domain::Error {
 public:
  using domain::Error::Error;
};

// The connection to the server is gone (server restart, network, administrator): the
// connection must be thrown away. Kind `unavailable`, which the HTTP layer answers with 503.
class ConnectionLost : public domain::Error {
 public:
  using domain::Error::Error;
};

class Row;

// The rows of one statement. Owns its PGresult.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result, &PQclear) {}

  int rows() const { return PQntuples(result_.get()); }
  bool empty() const { return rows() == 0; }
  Row row(int index) const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t affected() const;

  class Iterator {
   public:
    Iterator(const Result& result, int index) : result_(&result), index_(index) {}
    Row operator*() const;
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return index_ != other.index_; }

   private:
    const Result* result_;
    int index_;
  };
  Iterator begin() const { return {*this, 0}; }
  Iterator end() const { return {*this, rows()}; }

  const PGresult* get() const { return result_.get(); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

// One row of a Result. Columns are counted from 0. Reading a NULL through a non-optional
// accessor, or a malformed value, is Error internal: the schema forbids both.
class Row {
 public:
  Row(const PGresult* result, int row) : result_(result), row_(row) {}

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const;
  bool boolean(int column) const;
  std::string text(int column) const;
  std::string bytea(int column) const;  // a BYTEA column's bytes, whatever bytea_output says
  domain::Date date(int column) const;  // DATE in ISO style, 'YYYY-MM-DD'
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::optional<domain::Date> optional_date(int column) const;

 private:
  const char* raw(int column) const;  // checked: column exists and is not NULL

  const PGresult* result_;
  int row_;
};

class Connection;

// One statement with its parameters, bound in order: the first bind() is $1, the next $2, …
class Query {
 public:
  Query(Connection& connection, std::string sql) : connection_(connection), sql_(std::move(sql)) {}

  Query& bind(std::int64_t value);
  Query& bind(int value) { return bind(std::int64_t{value}); }
  Query& bind(bool value);
  Query& bind(std::string_view value);
  Query& bind(const std::string& value) { return bind(std::string_view(value)); }
  Query& bind(const char* value) { return bind(std::string_view(value)); }
  Query& bind(domain::Date value);  // as 'YYYY-MM-DD'
  Query& bind(std::nullopt_t);
  // Bytes for a BYTEA parameter, sent in binary: no escaping, no doubling in size, and NUL
  // bytes are fine (text parameters cannot carry them).
  Query& bind_binary(std::string_view bytes);
  template <class T>
  Query& bind(const std::optional<T>& value) {
    return value ? bind(*value) : bind(std::nullopt);
  }
  template <class... Ts>
  Query& bind_all(const Ts&... values) {
    (bind(values), ...);
    return *this;
  }
  // Binds `value` and returns its placeholder, for SQL built together with its parameters:
  //   q.append(" AND c.status = " + q.arg(status));
  // A placeholder may appear several times in the SQL, and in any order.
  template <class T>
  std::string arg(const T& value) {
    std::string placeholder = "$" + std::to_string(values_.size() + 1);
    bind(value);
    return placeholder;
  }
  Query& append(std::string_view sql) {
    sql_ += sql;
    return *this;
  }

  Result run();
  // While the connection batches writes (Connection::begin_batching), holds this row back
  // for `array_sql`, a statement over one array parameter per bound value ($1::bigint[],
  // $2::text[], … in bind order), which Connection::flush() runs once for every row
  // deferred under the same text. Text parameters only. `check` (may be empty) gets the
  // statement's affected-row count and the number of rows, and throws when a row was
  // refused. Without batching, runs `array_sql` for this one row at once.
  void defer(const std::string& array_sql, std::function<void(std::int64_t affected, std::size_t rows)> check = {});

 private:
  Connection& connection_;
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;  // per parameter, 0 text and 1 binary; empty while all are text
};

class Connection {
 public:
  // `conninfo`: a libpq connection string or postgresql:// URI. Throws Error unavailable
  // when the server cannot be reached or refuses the login.
  explicit Connection(const std::string& conninfo);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() = default;

  Query query(std::string sql) { return Query(*this, std::move(sql)); }
  // Runs one or more statements without parameters (DDL, BEGIN, COMMIT, a migration file).
  Result exec(const std::string& sql);
  // Runs a parameterised statement; Query::run() lands here. `formats`: per parameter, 0
  // text or 1 binary; empty = all text.
  Result exec_params(const std::string& sql, const std::vector<std::optional<std::string>>& values,
                     const std::vector<int>& formats = {});

  // COPY … FROM STDIN, its data produced piece by piece: `next` appends the next piece (in
  // COPY's text format) and returns false after the last one. The rows never have to be in
  // memory at once (a document's content). When `next` throws, the COPY is abandoned (the
  // transaction is then failed) and the exception passes on.
  void copy_in(const std::string& sql, const std::function<bool(std::string&)>& next);

  // --- Batched writes (app::Tx::batch_writes) ---------------------------------------------
  // In batching mode, rows deferred with Query::defer() wait, grouped by statement, until
  // the next other statement on this connection or COMMIT, and then go as one statement
  // per group, in the order the groups were first used. An error of such a row surfaces
  // there, not at the call that deferred it. reset_batching() (at BEGIN and ROLLBACK) ends
  // the mode and forgets the rows and the transaction's counters.
  void begin_batching() { batching_ = true; }
  bool batching() const { return batching_; }
  void reset_batching() noexcept;
  void flush();
  // An id for a row of `table` whose insert is deferred, reserved from the table's identity
  // sequence in blocks (the insert then says OVERRIDING SYSTEM VALUE). Unused ids of a block
  // stay reserved for later transactions on this connection; like any sequence, ids get gaps.
  std::int64_t reserve_id(const std::string& table);
  // A number the current transaction keeps for itself (e.g. the next order number of an
  // organisation it has locked), nullopt until set; forgotten at the transaction's end.
  std::optional<std::int64_t>& transaction_counter(const std::string& key) { return counters_[key]; }

  // Rolls back when a transaction is open; never throws (it runs on error paths).
  void rollback_quietly() noexcept;
  bool in_transaction() const;
  // A statement of the open transaction failed: PostgreSQL ignores everything up to ROLLBACK.
  bool transaction_failed() const;
  // The server connection is gone; the pool must not hand this connection out again.
  bool broken() const;

 private:
  // Checks a statement's result; throws the domain::Error for a failed one.
  Result check(PGresult* result, std::string_view sql);
  // exec_params() without flushing deferred rows first.
  Result run_params(const std::string& sql, const std::vector<std::optional<std::string>>& values,
                    const std::vector<int>& formats);
  void flush_if_batching();

  struct DeferredGroup {
    std::string sql;
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::function<void(std::int64_t, std::size_t)> check;
  };
  friend class Query;
  void defer(const std::string& array_sql, std::vector<std::optional<std::string>> row,
             std::function<void(std::int64_t, std::size_t)> check);

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  bool batching_ = false;
  bool flushing_ = false;
  std::vector<DeferredGroup> deferred_;
  std::unordered_map<std::string, std::size_t> group_of_sql_;
  std::unordered_map<std::string, std::vector<std::int64_t>> reserved_ids_;
  std::unordered_map<std::string, std::optional<std::int64_t>> counters_;
};

// Appends `text` in COPY's text format: backslash, tab, newline and carriage return escaped.
void append_copy_text(std::string& out, std::string_view text);

// Throws the domain::Error for a failed statement: unique violations are conflict, foreign-key
// violations not_found, serialisation failures and deadlocks RetryableError, a lost connection
// or a server shutting down ConnectionLost, other connection and resource failures
// unavailable, the rest internal. `context` says what was being done, for the log.
[[noreturn]] void raise(PGconn* conn, const PGresult* result, std::string_view context);

}  // namespace turnus::store::postgres
