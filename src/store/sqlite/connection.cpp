#include "store/sqlite/connection.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace turnus::store::sqlite {

namespace {

// SQLITE_TRANSIENT is an old-style cast in sqlite3.h; this is the same value without one.
// It makes SQLite copy bound text, so callers may pass temporaries.
// NOLINTNEXTLINE(performance-no-int-to-ptr): the sentinel value SQLite defines, not a real pointer.
const sqlite3_destructor_type kTransient = reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));

constexpr int kBusyTimeoutMs = 5000;
// Enough for every query shape the repositories build (the contract list has the most);
// past it idle statements are dropped rather than let the cache grow without bound.
constexpr std::size_t kMaxCachedStatements = 256;

std::string message_of(sqlite3* db, int rc) {
  const char* text = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return text != nullptr ? text : sqlite3_errstr(rc);
}

// SQLite counts every allocation for sqlite3_memory_used() under one process-wide mutex.
// Nothing reads those counts, and with requests on both cores that mutex was contended: a
// `perf` profile of the server under wrk put about 5 % of its time into taking it and
// waiting for it. Must happen before SQLite initialises, i.e. before the first open; if
// something else in the process opened a database first, SQLite refuses and keeps counting.
void stop_counting_allocations_once() {
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)rc;
}

}  // namespace

void raise(sqlite3* db, int rc, std::string_view context) {
  const std::string detail = std::string(context) + ": " + message_of(db, rc);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        throw domain::Error::conflict({"Ein solcher Eintrag existiert bereits.", "Such an entry exists already."});
      }
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        throw domain::Error::not_found("Verknüpfter Datensatz", "Referenced record");
      }
      // CHECK and NOT NULL: the layers above let invalid data through.
      throw domain::Error(domain::ErrorKind::internal, {"Datenbankfehler: " + detail, "Database error: " + detail});
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw BusyError(domain::ErrorKind::unavailable,
                      {"Die Datenbank ist ausgelastet, bitte später erneut versuchen (" + detail + ").",
                       "The database is busy, please try again later (" + detail + ")."});
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PROTOCOL:
      throw domain::Error(domain::ErrorKind::unavailable,
                          {"Die Datenbank ist nicht verfügbar: " + detail, "The database is unavailable: " + detail});
    default:
      throw domain::Error(domain::ErrorKind::internal, {"Datenbankfehler: " + detail, "Database error: " + detail});
  }
}

// --- Statement ---------------------------------------------------------------------------

Statement::Statement(sqlite3_stmt* stmt, bool* in_use, bool owned) : stmt_(stmt), in_use_(in_use), owned_(owned) {}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      owned_(std::exchange(other.owned_, false)),
      next_parameter_(other.next_parameter_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (in_use_ != nullptr) *in_use_ = false;
}

void Statement::bind_result(int rc) {
  if (rc != SQLITE_OK) raise(sqlite3_db_handle(stmt_), rc, "bind");
  ++next_parameter_;
}

Statement& Statement::bind(std::int64_t value) {
  bind_result(sqlite3_bind_int64(stmt_, next_parameter_, value));
  return *this;
}

Statement& Statement::bind(int value) { return bind(std::int64_t{value}); }

Statement& Statement::bind(bool value) { return bind(std::int64_t{value ? 1 : 0}); }

Statement& Statement::bind(std::string_view value) {
  bind_result(sqlite3_bind_text64(stmt_, next_parameter_, value.data(), value.size(), kTransient, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_blob(std::string_view bytes) {
  // An empty view may have a null data pointer, which SQLite would store as NULL.
  static constexpr char kNothing = 0;
  bind_result(
      sqlite3_bind_blob64(stmt_, next_parameter_, bytes.empty() ? &kNothing : bytes.data(), bytes.size(), kTransient));
  return *this;
}

Statement& Statement::bind(domain::Date value) { return bind(std::string_view(value.to_string())); }

Statement& Statement::bind(std::nullopt_t) {
  bind_result(sqlite3_bind_null(stmt_, next_parameter_));
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  raise(sqlite3_db_handle(stmt_), rc, sqlite3_sql(stmt_));
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::check_column(int column) const {
  if (column < 0 || column >= sqlite3_column_count(stmt_)) {
    throw domain::Error(domain::ErrorKind::internal,
                        {"Ungültige Spalte " + std::to_string(column), "Invalid column " + std::to_string(column)});
  }
}

bool Statement::is_null(int column) const {
  check_column(column);
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
  if (is_null(column)) {
    throw domain::Error(domain::ErrorKind::internal, {"Unerwarteter NULL-Wert in " + std::string(sqlite3_sql(stmt_)),
                                                      "Unexpected NULL in " + std::string(sqlite3_sql(stmt_))});
  }
  return sqlite3_column_int64(stmt_, column);
}

int Statement::int32(int column) const {
  const std::int64_t value = int64(column);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    throw domain::Error(domain::ErrorKind::internal, {"Zahl außerhalb des Bereichs", "Number out of range"});
  }
  return static_cast<int>(value);
}

std::string Statement::text(int column) const { return std::string(text_view(column)); }

std::string_view Statement::text_view(int column) const {
  check_column(column);
  const unsigned char* data = sqlite3_column_text(stmt_, column);
  const int bytes = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(bytes)};
}

std::string Statement::blob(int column) const {
  check_column(column);
  const void* data = sqlite3_column_blob(stmt_, column);
  const int bytes = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::string(static_cast<const char*>(data), static_cast<std::size_t>(bytes));
}

domain::Date Statement::date(int column) const {
  const std::string_view value = text_view(column);
  const std::optional<domain::Date> parsed = domain::Date::parse(value);
  if (!parsed) {
    const std::string shown(value);
    throw domain::Error(domain::ErrorKind::internal,
                        {"Ungültiges Datum in der Datenbank: " + shown, "Invalid date in the database: " + shown});
  }
  return *parsed;
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<domain::Date> Statement::optional_date(int column) const {
  if (is_null(column)) return std::nullopt;
  return date(column);
}

// --- Connection --------------------------------------------------------------------------

Connection::Connection(const std::string& path, Options options) {
  stop_counting_allocations_once();
  // NOMUTEX: a connection is confined to one thread at a time by the pool, so SQLite's own
  // per-connection mutex would only cost.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string detail = "open " + path + ": " + message_of(db_, rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw domain::Error(domain::ErrorKind::unavailable, {"Die Datenbank lässt sich nicht öffnen (" + detail + ").",
                                                         "Cannot open the database (" + detail + ")."});
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    // WAL: readers never block the writer and vice versa; NORMAL is durable across
    // application crashes and loses at most the last commits on power loss.
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
    exec(options.foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
    // SQLite's default page cache (2 MiB) holds a small part of the indexes a large
    // organisation's writes touch (contracts alone carry a dozen), and every miss is a
    // pread() plus, for a change, a pwrite(); 64 MiB keeps a scheduler batch in memory. It
    // is an upper bound, allocated as pages are used.
    exec("PRAGMA cache_size = -65536");
    // Statement journals (the undo of one statement inside a longer transaction) in memory:
    // on a file they cost a write() per page, tens of thousands in one scheduler batch.
    exec("PRAGMA temp_store = MEMORY");
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

void Connection::evict_idle_statements() {
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (it->second.in_use) {
      ++it;
    } else {
      sqlite3_finalize(it->second.stmt);
      it = cache_.erase(it);
    }
  }
}

Statement Connection::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(it->second.stmt, &it->second.in_use, false);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) raise(db_, rc, "prepare " + std::string(sql));
  if (it != cache_.end()) {
    // The cached one is busy (a query nested in a loop over the same query): use a private copy.
    return Statement(stmt, nullptr, true);
  }
  if (cache_.size() >= kMaxCachedStatements) evict_idle_statements();
  auto [slot, inserted] = cache_.emplace(std::string(sql), CachedStatement{stmt, true});
  (void)inserted;
  return Statement(slot->second.stmt, &slot->second.in_use, false);
}

void Connection::exec(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (error != nullptr) sqlite3_free(error);
  if (rc != SQLITE_OK) raise(db_, rc, sql.size() > 200 ? sql.substr(0, 200) + "…" : sql);
}

void Connection::rollback_quietly() noexcept {
  if (db_ == nullptr || sqlite3_get_autocommit(db_) != 0) return;
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace turnus::store::sqlite
