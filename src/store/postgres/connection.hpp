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
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// Throws the domain::Error for a failed statement: unique violations are conflict, foreign-key
// violations not_found, serialisation failures and deadlocks RetryableError, a lost connection
// or a server shutting down ConnectionLost, other connection and resource failures
// unavailable, the rest internal. `context` says what was being done, for the log.
[[noreturn]] void raise(PGconn* conn, const PGresult* result, std::string_view context);

}  // namespace turnus::store::postgres
