#include "store/postgres/connection.hpp"

#include <charconv>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

namespace turnus::store::postgres {

namespace {

// libpq's messages end with a newline (and sometimes carry several lines); one line reads
// better in a problem detail and a log.
std::string one_line(const char* message) {
  std::string text;
  for (const char* p = message != nullptr ? message : ""; *p != '\0'; ++p) {
    const bool space = *p == '\n' || *p == '\r' || *p == '\t' || *p == ' ';
    if (!space) {
      text += *p;
    } else if (!text.empty() && text.back() != ' ') {
      text += ' ';
    }
  }
  if (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string shortened(std::string_view sql) {
  constexpr std::size_t kMax = 200;
  return sql.size() > kMax ? std::string(sql.substr(0, kMax)) + "…" : std::string(sql);
}

domain::Error unavailable(const std::string& detail) {
  return domain::Error(domain::ErrorKind::unavailable,
                       {"Die Datenbank ist nicht verfügbar: " + detail, "The database is unavailable: " + detail});
}

ConnectionLost connection_lost(const std::string& detail) {
  return ConnectionLost(domain::ErrorKind::unavailable, {"Die Verbindung zur Datenbank ist unterbrochen: " + detail,
                                                         "The connection to the database was lost: " + detail});
}

[[noreturn]] void corrupt(const std::string& what) {
  throw domain::Error(domain::ErrorKind::internal,
                      {"Ungültiger Wert in der Datenbank: " + what, "Invalid value in the database: " + what});
}

// NOTICEs ("… already exists, skipping") would otherwise go to stderr.
void ignore_notice(void*, const char*) {}

}  // namespace

void raise(PGconn* conn, const PGresult* result, std::string_view context) {
  const char* message = result != nullptr ? PQresultErrorMessage(result) : nullptr;
  if (message == nullptr || *message == '\0') message = conn != nullptr ? PQerrorMessage(conn) : "unknown error";
  const std::string detail = std::string(context) + ": " + one_line(message);
  const char* code = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = code != nullptr ? code : "";

  // A dead connection first: libpq reports it without a SQLSTATE, or with the server's
  // last words (57P01 "terminating connection due to administrator command").
  if (conn == nullptr || PQstatus(conn) == CONNECTION_BAD || sqlstate.starts_with("08") || sqlstate == "57P01" ||
      sqlstate == "57P02" || sqlstate == "57P03") {
    throw connection_lost(detail);
  }
  if (sqlstate == "23505") {
    throw domain::Error::conflict({"Ein solcher Eintrag existiert bereits.", "Such an entry exists already."});
  }
  if (sqlstate == "23503") throw domain::Error::not_found("Verknüpfter Datensatz", "Referenced record");
  if (sqlstate == "40001" || sqlstate == "40P01") {
    throw RetryableError(domain::ErrorKind::unavailable,
                         {"Die Datenbank ist ausgelastet, bitte später erneut versuchen (" + detail + ").",
                          "The database is busy, please try again later (" + detail + ")."});
  }
  // Text that is not UTF-8: SQLite would store it, PostgreSQL refuses it.
  if (sqlstate == "22021" || sqlstate == "22P05") {
    throw domain::Error(domain::ErrorKind::validation,
                        {"Der Text ist kein gültiges UTF-8.", "The text is not valid UTF-8."});
  }
  // Insufficient resources (too many connections, disk full), a cancelled statement.
  if (sqlstate.starts_with("53") || sqlstate == "57014") throw unavailable(detail);
  // CHECK, NOT NULL, syntax: the layers above let invalid data through, or a bug.
  throw domain::Error(domain::ErrorKind::internal, {"Datenbankfehler: " + detail, "Database error: " + detail});
}

// --- Result and Row ----------------------------------------------------------------------

Row Result::row(int index) const { return Row(result_.get(), index); }

Row Result::Iterator::operator*() const { return result_->row(index_); }

std::int64_t Result::affected() const {
  const char* text = PQcmdTuples(result_.get());
  std::int64_t value = 0;
  if (text == nullptr || *text == '\0') return 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

bool Row::is_null(int column) const {
  if (column < 0 || column >= PQnfields(result_) || row_ < 0 || row_ >= PQntuples(result_)) {
    throw domain::Error(domain::ErrorKind::internal,
                        {"Ungültige Spalte " + std::to_string(column), "Invalid column " + std::to_string(column)});
  }
  return PQgetisnull(result_, row_, column) != 0;
}

const char* Row::raw(int column) const {
  if (is_null(column)) {
    const char* name = PQfname(result_, column);
    corrupt(std::string("unexpected NULL in ") + (name != nullptr ? name : "?"));
  }
  return PQgetvalue(result_, row_, column);
}

std::int64_t Row::int64(int column) const {
  const char* text = raw(column);
  const char* end = text + std::strlen(text);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end) corrupt(std::string("number ") + text);
  return value;
}

int Row::int32(int column) const {
  const std::int64_t value = int64(column);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    corrupt("number out of range " + std::to_string(value));
  }
  return static_cast<int>(value);
}

bool Row::boolean(int column) const {
  const std::string_view text = raw(column);
  if (text == "t") return true;
  if (text == "f") return false;
  corrupt("boolean " + std::string(text));
}

std::string Row::text(int column) const {
  const char* data = raw(column);
  return std::string(data, static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::string Row::bytea(int column) const {
  const char* data = raw(column);
  // PQunescapeBytea reads both the hex and the old escape output format.
  std::size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(data), &length);
  if (bytes == nullptr) corrupt("bytea");
  std::string out(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

domain::Date Row::date(int column) const {
  const std::string value = text(column);
  const std::optional<domain::Date> parsed = domain::Date::parse(value);
  if (!parsed) corrupt("date " + value);
  return *parsed;
}

std::optional<std::int64_t> Row::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Row::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<domain::Date> Row::optional_date(int column) const {
  if (is_null(column)) return std::nullopt;
  return date(column);
}

// --- Query -------------------------------------------------------------------------------

Query& Query::bind(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

Query& Query::bind(bool value) {
  values_.emplace_back(value ? "true" : "false");
  return *this;
}

Query& Query::bind(std::string_view value) {
  // Text parameters travel NUL-terminated: an embedded NUL would cut the value short
  // without anyone noticing. PostgreSQL text cannot hold one anyway.
  if (value.find('\0') != std::string_view::npos) {
    throw domain::Error(domain::ErrorKind::validation,
                        {"Der Text enthält ein NUL-Zeichen.", "The text contains a NUL character."});
  }
  values_.emplace_back(std::string(value));
  return *this;
}

Query& Query::bind(domain::Date value) {
  values_.emplace_back(value.to_string());
  return *this;
}

Query& Query::bind(std::nullopt_t) {
  values_.emplace_back(std::nullopt);
  return *this;
}

Query& Query::bind_binary(std::string_view bytes) {
  formats_.resize(values_.size(), 0);
  values_.emplace_back(std::string(bytes));
  formats_.push_back(1);
  return *this;
}

Result Query::run() {
  if (!formats_.empty()) formats_.resize(values_.size(), 0);
  return connection_.exec_params(sql_, values_, formats_);
}

void Query::defer(const std::string& array_sql, std::function<void(std::int64_t, std::size_t)> check) {
  if (!formats_.empty()) {
    throw domain::Error(domain::ErrorKind::internal,
                        {"Binäre Werte können nicht gesammelt werden.", "Binary values cannot be deferred."});
  }
  connection_.defer(array_sql, std::move(values_), std::move(check));
  values_.clear();
}

// --- Connection --------------------------------------------------------------------------

Connection::Connection(const std::string& conninfo) : conn_(nullptr, &PQfinish) {
  // Keywords before "dbname" are defaults: the URL's own settings, expanded from dbname,
  // override them. A server that does not answer must not hang a request for minutes.
  const char* const keywords[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
  const char* const values[] = {"10", "turnus", "UTF8", conninfo.c_str(), nullptr};
  conn_.reset(PQconnectdbParams(keywords, values, 1));
  if (!conn_) throw unavailable("out of memory");
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    throw unavailable("connect: " + one_line(PQerrorMessage(conn_.get())));
  }
  PQsetNoticeProcessor(conn_.get(), &ignore_notice, nullptr);
  // Dates are read as 'YYYY-MM-DD' and text as UTF-8 whatever the server or the URL set.
  const char* encoding = PQparameterStatus(conn_.get(), "client_encoding");
  if (encoding == nullptr || std::string_view(encoding) != "UTF8") {
    if (PQsetClientEncoding(conn_.get(), "UTF8") != 0) {
      throw unavailable("client_encoding: " + one_line(PQerrorMessage(conn_.get())));
    }
  }
  const char* date_style = PQparameterStatus(conn_.get(), "DateStyle");
  if (date_style == nullptr || !std::string_view(date_style).starts_with("ISO")) exec("SET datestyle = 'ISO'");
}

Result Connection::check(PGresult* result, std::string_view sql) {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    return Result(result);
  }
  Result owned(result);  // freed when raise() throws
  raise(conn_.get(), result, shortened(sql));
}

Result Connection::exec(const std::string& sql) {
  flush_if_batching();
  return check(PQexec(conn_.get(), sql.c_str()), sql);
}

Result Connection::exec_params(const std::string& sql, const std::vector<std::optional<std::string>>& values,
                               const std::vector<int>& formats) {
  flush_if_batching();
  return run_params(sql, values, formats);
}

void Connection::copy_in(const std::string& sql, const std::function<bool(std::string&)>& next) {
  flush_if_batching();
  PGresult* started = PQexec(conn_.get(), sql.c_str());
  if (started == nullptr || PQresultStatus(started) != PGRES_COPY_IN) {
    check(started, sql);  // throws for a failed statement, and owns `started` either way
    throw domain::Error(domain::ErrorKind::internal, {"COPY hat nicht begonnen.", "COPY did not start."});
  }
  PQclear(started);
  // Ends the COPY and reads every result of it, so the connection is ready for ROLLBACK or
  // more; returns the first result (the COPY's own), nullptr when ending failed.
  const auto finish = [&](const char* abandoned) -> PGresult* {
    const bool ended = PQputCopyEnd(conn_.get(), abandoned) == 1;
    PGresult* first = nullptr;
    while (PGresult* r = PQgetResult(conn_.get())) {
      // Still in COPY mode (ending it failed): more results would never come.
      const bool copying = PQresultStatus(r) == PGRES_COPY_IN || PQresultStatus(r) == PGRES_COPY_OUT;
      if (first == nullptr) {
        first = r;
      } else {
        PQclear(r);
      }
      if (copying) break;
    }
    if (!ended) {
      PQclear(first);
      return nullptr;
    }
    return first;
  };
  try {
    std::string piece;
    bool more = true;
    while (more) {
      piece.clear();
      more = next(piece);
      if (!piece.empty() && PQputCopyData(conn_.get(), piece.data(), static_cast<int>(piece.size())) != 1) {
        raise(conn_.get(), nullptr, shortened(sql));
      }
    }
  } catch (...) {
    PQclear(finish("abandoned by the client"));
    throw;
  }
  PGresult* result = finish(nullptr);
  if (result == nullptr) raise(conn_.get(), nullptr, shortened(sql));
  check(result, sql);
}

void append_copy_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

// --- Batched writes ----------------------------------------------------------------------

namespace {

// One column of deferred rows as an array literal: {"a",NULL,"b \"c\""}. Every element
// quoted, so no value is ever read as array syntax.
std::optional<std::string> array_literal(const std::vector<std::vector<std::optional<std::string>>>& rows,
                                         std::size_t column) {
  std::string out = "{";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += ',';
    const std::optional<std::string>& value = rows[i][column];
    if (!value) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (const char ch : *value) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

constexpr std::size_t kIdBlock = 512;

}  // namespace

void Connection::defer(const std::string& array_sql, std::vector<std::optional<std::string>> row,
                       std::function<void(std::int64_t, std::size_t)> check) {
  if (!batching_) {
    // One row on its own: the same statement over one-element arrays, at once.
    DeferredGroup single{array_sql, {std::move(row)}, std::move(check)};
    std::vector<std::optional<std::string>> arrays;
    for (std::size_t c = 0; c < single.rows.front().size(); ++c) arrays.push_back(array_literal(single.rows, c));
    const Result r = exec_params(array_sql, arrays);
    if (single.check) single.check(r.affected(), 1);
    return;
  }
  const auto [at, added] = group_of_sql_.try_emplace(array_sql, deferred_.size());
  if (added) deferred_.push_back(DeferredGroup{array_sql, {}, std::move(check)});
  DeferredGroup& group = deferred_[at->second];
  if (!group.rows.empty() && group.rows.front().size() != row.size()) {
    throw domain::Error(domain::ErrorKind::internal,
                        {"Zeilen einer Anweisung verschieden lang.", "Deferred rows differ in length."});
  }
  group.rows.push_back(std::move(row));
}

void Connection::flush_if_batching() {
  if (batching_ && !flushing_ && !deferred_.empty()) flush();
}

void Connection::flush() {
  if (flushing_ || deferred_.empty()) return;
  std::vector<DeferredGroup> groups = std::move(deferred_);
  deferred_.clear();
  group_of_sql_.clear();
  flushing_ = true;
  try {
    for (const DeferredGroup& group : groups) {
      std::vector<std::optional<std::string>> arrays;
      const std::size_t columns = group.rows.front().size();
      arrays.reserve(columns);
      for (std::size_t c = 0; c < columns; ++c) arrays.push_back(array_literal(group.rows, c));
      const Result r = run_params(group.sql, arrays, {});
      if (group.check) group.check(r.affected(), group.rows.size());
    }
  } catch (...) {
    flushing_ = false;
    throw;
  }
  flushing_ = false;
}

void Connection::reset_batching() noexcept {
  batching_ = false;
  flushing_ = false;
  deferred_.clear();
  group_of_sql_.clear();
  counters_.clear();
}

std::int64_t Connection::reserve_id(const std::string& table) {
  std::vector<std::int64_t>& ids = reserved_ids_[table];
  if (ids.empty()) {
    // Not a flush point: reserving ids changes nothing the deferred rows could depend on.
    const Result r = run_params("SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
                                {table, std::to_string(kIdBlock)}, {});
    for (int i = r.rows() - 1; i >= 0; --i) ids.push_back(r.row(i).int64(0));  // taken from the back
  }
  const std::int64_t id = ids.back();
  ids.pop_back();
  return id;
}

Result Connection::run_params(const std::string& sql, const std::vector<std::optional<std::string>>& values,
                              const std::vector<int>& formats) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& value : values) pointers.push_back(value ? value->c_str() : nullptr);
  if (values.size() > 65535) {
    throw domain::Error(domain::ErrorKind::internal, {"Zu viele Parameter", "Too many parameters"});
  }
  // Binary parameters need their lengths; text ones are NUL-terminated and libpq ignores
  // the length it is given for them.
  std::vector<int> lengths;
  if (!formats.empty()) {
    lengths.reserve(values.size());
    for (const auto& value : values) {
      if (value && value->size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw domain::Error(domain::ErrorKind::validation, {"Der Wert ist zu groß.", "The value is too large."});
      }
      lengths.push_back(value ? static_cast<int>(value->size()) : 0);
    }
  }
  // Types unspecified (nullptr): the server infers each parameter's type from where it
  // appears. Text everywhere but for bytes, which is what PostgreSQL parses best.
  return check(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, pointers.data(),
                            formats.empty() ? nullptr : lengths.data(), formats.empty() ? nullptr : formats.data(), 0),
               sql);
}

void Connection::rollback_quietly() noexcept {
  reset_batching();
  if (!in_transaction()) return;
  PQclear(PQexec(conn_.get(), "ROLLBACK"));
}

bool Connection::in_transaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_.get());
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

bool Connection::transaction_failed() const { return PQtransactionStatus(conn_.get()) == PQTRANS_INERROR; }

bool Connection::broken() const { return PQstatus(conn_.get()) != CONNECTION_OK; }

}  // namespace turnus::store::postgres
