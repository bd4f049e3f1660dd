// PgDatabase: app::Database over a pool of libpq connections to one PostgreSQL database.
//
// Each write() or read() takes a connection of its own from the pool, so concurrent callers
// never share one. The pool opens at most pool_size connections; a caller beyond that waits
// for one to come back (Error unavailable after kAcquireTimeout).
//
// write() runs at READ COMMITTED, PostgreSQL's default: writers to different rows never
// wait for each other, and the rows that must be taken one writer at a time are locked
// explicitly (the order number sequence by its UPDATE, a contract by update()'s SELECT …
// FOR UPDATE), so a second writer waits and then sees the first one's commit, as SQLite's
// single writer would. A deadlock or serialisation failure re-runs the whole work a few
// times. read() is REPEATABLE READ, READ ONLY: one snapshot for all its statements (a
// page and its total agree), and such a transaction never fails to serialise.
//
// A lost connection (server restart, failover, pg_terminate_backend) is thrown away, and
// with it every idle one, which most likely died the same way. When that shows at BEGIN,
// nothing has happened yet and the call goes on with a fresh connection; when it shows
// later, the call throws ConnectionLost (Error unavailable: HTTP 503), and the next call
// connects anew. Nothing ever crashes on a dead connection.
#include "store/postgres/database.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr int kMaxAttempts = 5;
constexpr int kDefaultPoolSize = 16;
constexpr int kMaxPoolSize = 1000;
// Long enough to ride out a burst, short enough that a request gives up before its client.
constexpr auto kAcquireTimeout = std::chrono::seconds(30);

domain::Error bad_url(const std::string& de, const std::string& en) {
  return domain::Error::validation({{"db", {de, en}}});
}

int parse_pool_size(std::string_view text, std::string_view origin) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > kMaxPoolSize) {
    const std::string shown(text);
    const std::string where(origin);
    throw bad_url(where + ": pool_size muss eine Zahl von 1 bis 1000 sein, nicht \"" + shown + "\".",
                  where + ": pool_size must be a number from 1 to 1000, not \"" + shown + "\".");
  }
  return value;
}

class Pool {
 public:
  Pool(std::string conninfo, std::size_t size) : conninfo_(std::move(conninfo)), size_(size) {}

  // A connection lent to one caller; returns to the pool when the lease ends.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection, bool reused)
        : pool_(&pool), connection_(std::move(connection)), reused_(reused) {}
    Lease(Lease&& other) noexcept = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->release(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    // Taken from the idle connections rather than opened for this lease.
    bool reused() const { return reused_; }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
    bool reused_;
  };

  Lease acquire() {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, kAcquireTimeout, [&] { return !idle_.empty() || open_ < size_; })) {
      const std::string n = std::to_string(size_);
      throw domain::Error(domain::ErrorKind::unavailable,
                          {"Alle " + n + " Datenbankverbindungen sind belegt; bitte später erneut versuchen.",
                           "All " + n + " database connections are busy; please try again later."});
    }
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection), true);
    }
    ++open_;  // the slot is taken before connecting, which happens outside the lock
    lock.unlock();
    try {
      return Lease(*this, std::make_unique<Connection>(conninfo_), false);
    } catch (...) {
      lock.lock();
      --open_;
      available_.notify_one();
      throw;
    }
  }

  // Adds a connection opened elsewhere (by open()) as idle.
  void keep(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard lock(mutex_);
      ++open_;
    }
    release(std::move(connection));
  }

  // Closes every idle connection: after one was found dead, the others most likely are too.
  void discard_idle() {
    std::vector<std::unique_ptr<Connection>> doomed;
    {
      std::lock_guard lock(mutex_);
      doomed.swap(idle_);
      open_ -= doomed.size();
    }
    available_.notify_all();
  }

 private:
  void release(std::unique_ptr<Connection> connection) {
    connection->rollback_quietly();
    // A dead connection, or one that could not even roll back, is in no state to lend out.
    const bool usable = !connection->broken() && !connection->in_transaction();
    {
      std::lock_guard lock(mutex_);
      if (usable) {
        idle_.push_back(std::move(connection));
      } else {
        --open_;
      }
    }
    available_.notify_one();
    // A discarded connection closes here, outside the lock.
  }

  std::string conninfo_;
  std::size_t size_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::size_t open_ = 0;  // idle + lent out
  std::vector<std::unique_ptr<Connection>> idle_;
};

class PgTx final : public app::Tx {
 public:
  explicit PgTx(Connection& c)
      : conn_(c),
        organisations_(c),
        users_(c),
        tokens_(c),
        customers_(c),
        pipeline_(c),
        projects_(c),
        tasks_(c),
        orders_(c),
        notifications_(c),
        contracts_(c),
        executions_(c),
        scheduler_status_(c),
        audit_(c),
        documents_(c),
        sessions_(c),
        login_throttle_(c) {}

  app::OrganisationRepository& organisations() override { return organisations_; }
  app::UserRepository& users() override { return users_; }
  app::TokenRepository& tokens() override { return tokens_; }
  app::CustomerRepository& customers() override { return customers_; }
  app::PipelineRepository& pipeline() override { return pipeline_; }
  app::ProjectRepository& projects() override { return projects_; }
  app::TaskRepository& tasks() override { return tasks_; }
  app::OrderRepository& orders() override { return orders_; }
  app::NotificationRepository& notifications() override { return notifications_; }
  app::ContractRepository& contracts() override { return contracts_; }
  app::ExecutionRepository& executions() override { return executions_; }
  app::SchedulerStatusRepository& scheduler_status() override { return scheduler_status_; }
  app::AuditRepository& audit() override { return audit_; }
  app::DocumentRepository& documents() override { return documents_; }
  app::SessionRepository& sessions() override { return sessions_; }
  app::LoginThrottleRepository& login_throttle() override { return login_throttle_; }
  void batch_writes() override { conn_.begin_batching(); }

 private:
  Connection& conn_;
  PgOrganisationRepository organisations_;
  PgUserRepository users_;
  PgTokenRepository tokens_;
  PgCustomerRepository customers_;
  PgPipelineRepository pipeline_;
  PgProjectRepository projects_;
  PgTaskRepository tasks_;
  PgOrderRepository orders_;
  PgNotificationRepository notifications_;
  PgContractRepository contracts_;
  PgExecutionRepository executions_;
  PgSchedulerStatusRepository scheduler_status_;
  PgAuditRepository audit_;
  PgDocumentRepository documents_;
  PgSessionRepository sessions_;
  PgLoginThrottleRepository login_throttle_;
};

class PgDatabase final : public app::Database {
 public:
  PgDatabase(std::string conninfo, int pool_size)
      : pool_(std::move(conninfo), static_cast<std::size_t>(pool_size)),
        pool_size_(static_cast<std::size_t>(pool_size)) {}

  std::size_t concurrency() const override { return pool_size_; }

  Pool& pool() { return pool_; }

  void write(const std::function<void(app::Tx&)>& work) override {
    run("BEGIN ISOLATION LEVEL READ COMMITTED, READ WRITE", work);
  }
  void read(const std::function<void(app::Tx&)>& work) override {
    run("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", work);
  }

  bool healthy() override {
    try {
      Pool::Lease lease = start("SELECT 1");
      return true;
    } catch (...) {
      return false;
    }
  }

 private:
  // A connection on which `sql` (BEGIN) succeeded. An idle connection that turns out dead
  // is replaced: nothing of the caller's work has run yet.
  Pool::Lease start(const char* sql) {
    for (;;) {
      Pool::Lease lease = pool_.acquire();
      try {
        (*lease).reset_batching();
        (*lease).exec(sql);
        return lease;
      } catch (const ConnectionLost&) {
        pool_.discard_idle();
        if (!lease.reused()) throw;  // a fresh connection failed: the server is really gone
      }
    }
  }

  void run(const char* begin, const std::function<void(app::Tx&)>& work) {
    for (int attempt = 1;; ++attempt) {
      Pool::Lease lease = start(begin);
      Connection& conn = *lease;
      try {
        PgTx tx(conn);
        work(tx);
        // A statement failed and `work` caught the error: PostgreSQL has already given up
        // on the transaction, and COMMIT would quietly roll back. Say so instead.
        if (conn.transaction_failed()) {
          throw domain::Error(domain::ErrorKind::internal,
                              {"Eine Anweisung der Transaktion ist fehlgeschlagen; sie wurde zurückgerollt.",
                               "A statement of the transaction failed; it was rolled back."});
        }
        conn.exec("COMMIT");  // sends the rows batch_writes() held back first
        conn.reset_batching();
        return;
      } catch (const RetryableError&) {
        conn.rollback_quietly();
        if (attempt >= kMaxAttempts) throw;
      } catch (const ConnectionLost&) {
        pool_.discard_idle();
        throw;
      } catch (...) {
        conn.rollback_quietly();
        throw;
      }
      // Jittered back-off, so retrying writers do not collide in lockstep again.
      const auto jitter = static_cast<int>(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 20);
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt + jitter));
    }
  }

  Pool pool_;
  std::size_t pool_size_;
};

}  // namespace

app::PageRequest clamp(app::PageRequest page) {
  page.page = std::max(page.page, 1);
  page.per_page = std::clamp(page.per_page, 1, 200);
  return page;
}

std::string contains_pattern(const std::string& needle) {
  std::string pattern = "%";
  for (const char c : needle) {
    if (c == '\\' || c == '%' || c == '_') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

Settings parse_url(const std::string& url) {
  Settings settings;
  // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in turnus sets its environment, and libpq reads it anyway.
  if (const char* env = std::getenv("TURNUS_DB_POOL_SIZE"); env != nullptr && *env != '\0') {
    settings.pool_size = parse_pool_size(env, "TURNUS_DB_POOL_SIZE");
  } else {
    settings.pool_size = kDefaultPoolSize;
  }
  // Take pool_size out of the query string; libpq refuses parameters it does not know.
  const std::size_t question = url.find('?');
  settings.conninfo = url.substr(0, question);
  if (question != std::string::npos) {
    std::string kept;
    std::string_view rest = std::string_view(url).substr(question + 1);
    while (!rest.empty()) {
      const std::size_t amp = rest.find('&');
      const std::string_view param = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (param.starts_with("pool_size=")) {
        settings.pool_size = parse_pool_size(param.substr(10), "URL");
      } else if (!param.empty()) {
        kept += (kept.empty() ? "?" : "&") + std::string(param);
      }
    }
    settings.conninfo += kept;
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(settings.conninfo.c_str(), &error);
  if (options == nullptr) {
    const std::string detail = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    throw bad_url("Ungültige PostgreSQL-URL: " + detail, "Invalid PostgreSQL URL: " + detail);
  }
  PQconninfoFree(options);
  return settings;
}

std::unique_ptr<app::Database> open(const std::string& url) {
  const Settings settings = parse_url(url);
  auto db = std::make_unique<PgDatabase>(settings.conninfo, settings.pool_size);
  // Connect once now, so a wrong URL or an unmigrated database fails here and not on the
  // first request.
  auto first = std::make_unique<Connection>(settings.conninfo);
  std::vector<int> applied;
  const Result table = first->exec(
      "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'");
  if (!table.empty()) {
    for (const Row row : first->exec("SELECT version FROM schema_migrations")) applied.push_back(row.int32(0));
  }
  std::string missing;
  for (const Migration& m : migrations_for("postgresql")) {
    if (std::find(applied.begin(), applied.end(), m.version) == applied.end()) {
      missing += (missing.empty() ? "" : ", ") + std::to_string(m.version);
    }
  }
  if (!missing.empty()) {
    throw domain::Error(
        domain::ErrorKind::unavailable,
        {"Das Datenbankschema ist nicht aktuell (fehlende Migrationen: " + missing +
             "). Bitte zuerst `turnus migrate` ausführen.",
         "The database schema is out of date (missing migrations: " + missing + "). Run `turnus migrate` first."});
  }
  db->pool().keep(std::move(first));
  return db;
}

}  // namespace turnus::store::postgres
