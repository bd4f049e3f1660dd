// SqliteDatabase: app::Database over a pool of connections to one SQLite file.
//
// Each write() or read() takes a connection of its own from the pool (opening one when none
// is idle), so concurrent callers never share a connection. write() starts with BEGIN
// IMMEDIATE: it takes SQLite's single write lock up front, so two writers queue at BEGIN
// (SQLite's busy handler waits up to the busy timeout) instead of deadlocking when both try
// to upgrade a read lock later. When the lock is still taken after that, the whole work is
// retried a few times before the caller sees Error unavailable. read() uses BEGIN DEFERRED,
// which in WAL mode never waits for the writer.
#include "store/sqlite/database.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr int kMaxAttempts = 4;
// Idle connections kept open; callers beyond this still get one, it is closed afterwards.
constexpr std::size_t kMaxIdleConnections = 16;

class Pool {
 public:
  explicit Pool(std::string path) : path_(std::move(path)) {}

  // A connection lent to one caller; returns to the pool when the lease ends.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection) : pool_(pool), connection_(std::move(connection)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.release(std::move(connection_)); }
    Connection& operator*() const { return *connection_; }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  Lease acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<Connection> connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(connection));
      }
    }
    return Lease(*this, std::make_unique<Connection>(path_, Connection::Options{}));
  }

  void keep(std::unique_ptr<Connection> connection) { release(std::move(connection)); }

 private:
  void release(std::unique_ptr<Connection> connection) {
    if (!connection) return;
    connection->rollback_quietly();
    // A connection that could not even roll back is in an unknown state: drop it.
    if (connection->in_transaction()) return;
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
  }

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

class SqliteTx final : public app::Tx {
 public:
  explicit SqliteTx(Connection& c)
      : organisations_(c),
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

 private:
  SqliteOrganisationRepository organisations_;
  SqliteUserRepository users_;
  SqliteTokenRepository tokens_;
  SqliteCustomerRepository customers_;
  SqlitePipelineRepository pipeline_;
  SqliteProjectRepository projects_;
  SqliteTaskRepository tasks_;
  SqliteOrderRepository orders_;
  SqliteNotificationRepository notifications_;
  SqliteContractRepository contracts_;
  SqliteExecutionRepository executions_;
  SqliteSchedulerStatusRepository scheduler_status_;
  SqliteAuditRepository audit_;
  SqliteDocumentRepository documents_;
  SqliteSessionRepository sessions_;
  SqliteLoginThrottleRepository login_throttle_;
};

class SqliteDatabase final : public app::Database {
 public:
  explicit SqliteDatabase(std::string path) : pool_(std::move(path)) {}

  // SQLite works on the caller's thread and CPU: more transactions at once than twice the
  // cores only switch between them (and one writer at a time holds the lock anyway).
  std::size_t concurrency() const override {
    return std::max<std::size_t>(4, std::size_t{2} * std::thread::hardware_concurrency());
  }

  Pool& pool() { return pool_; }

  void write(const std::function<void(app::Tx&)>& work) override { run("BEGIN IMMEDIATE", work); }
  void read(const std::function<void(app::Tx&)>& work) override { run("BEGIN DEFERRED", work); }

  bool healthy() override {
    try {
      Pool::Lease lease = pool_.acquire();
      return (*lease).prepare("SELECT 1").step();
    } catch (...) {
      return false;
    }
  }

 private:
  void run(const char* begin, const std::function<void(app::Tx&)>& work) {
    for (int attempt = 1;; ++attempt) {
      Pool::Lease lease = pool_.acquire();
      Connection& conn = *lease;
      try {
        conn.prepare(begin).run();
        SqliteTx tx(conn);
        work(tx);
        conn.prepare("COMMIT").run();
        return;
      } catch (const BusyError&) {
        conn.rollback_quietly();
        if (attempt >= kMaxAttempts) throw;
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
};

}  // namespace

app::PageRequest clamp(app::PageRequest page) {
  page.page = std::max(page.page, 1);
  page.per_page = std::clamp(page.per_page, 1, 200);
  return page;
}

std::unique_ptr<app::Database> open(const std::string& path) {
  auto db = std::make_unique<SqliteDatabase>(path);
  // Open one connection now, so a wrong path or an unmigrated file fails here and not on
  // the first request.
  auto first = std::make_unique<Connection>(path, Connection::Options{});
  std::vector<int> applied;
  {
    Statement exists =
        first->prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (exists.step()) {
      Statement versions = first->prepare("SELECT version FROM schema_migrations");
      while (versions.step()) applied.push_back(versions.int32(0));
    }
  }
  std::string missing;
  for (const Migration& m : migrations_for("sqlite")) {
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

}  // namespace turnus::store::sqlite
