// scheduler_bench: one scheduler pass over N contracts that fall due at the same instant.
//
// Fills an empty database (--db) with one organisation, 20 technicians, 2,000 customers,
// 200 projects and N contracts (default 100,000), all due on the same day, with mixed
// actions (a quarter each: create a task, notify, create an order, create a project;
// contracts without a customer only create tasks or notify). Then measures:
//
//   pass   UseCases::run_due_occurrences as `turnus tick` runs it: claim a batch, create
//          the records, execution records and audit entries, advance each contract; one
//          transaction per batch.
//   floor  the same inserts and updates as plain batched SQL in the same run, for the
//          following occurrence (a year later) of the same contracts: per batch one
//          claiming SELECT, then, on SQLite, prepared statements stepped per row in one
//          transaction; on PostgreSQL one multi-row statement per table (unnest of arrays),
//          the records and their execution rows in one statement each.
//
// and prints both times, occurrences per second and the ratio. It checks that the pass
// executed every occurrence exactly once (rows in `executions` = N) and fails otherwise.
//
// Usage:
//   scheduler_bench --db URL [--contracts N] [--batch B]
//   --db        sqlite:PATH (a new file) or postgresql://… (an empty database)
//   --batch     contracts per transaction, for the pass and the floor (default 500, what
//               `turnus serve` and `turnus tick` use)
// Exit status: 0 on success, 1 on a failure, 2 on bad usage.

#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/repositories.hpp"
#include "app/use_cases.hpp"
#include "domain/contract.hpp"
#include "domain/error.hpp"
#include "platform/system.hpp"
#include "store/store.hpp"

namespace {

using namespace turnus;
using app::Tx;
using domain::Date;
using domain::Id;
using SteadyClock = std::chrono::steady_clock;

constexpr Date kDueDay = Date::from_civil(2027, 3, 1);
constexpr Date kNextDueDay = Date::from_civil(2028, 3, 1);
constexpr Date kFollowingDueDay = Date::from_civil(2029, 3, 1);
constexpr std::string_view kZone = "Europe/Berlin";
constexpr int kEmployees = 20;
constexpr int kCustomers = 2000;
constexpr int kProjects = 200;

struct Options {
  std::string url;
  std::int64_t contracts = 100'000;
  int batch = 500;
};

[[noreturn]] void usage(const std::string& message) {
  std::fprintf(stderr, "scheduler_bench: %s\nusage: scheduler_bench --db URL [--contracts N] [--batch B]\n",
               message.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + std::string(arg));
      return argv[++i];
    };
    if (arg == "--db") {
      o.url = value();
    } else if (arg == "--contracts") {
      o.contracts = std::stoll(value());
    } else if (arg == "--batch") {
      o.batch = std::stoi(value());
    } else {
      usage("unknown argument " + std::string(arg));
    }
  }
  if (o.url.empty()) usage("--db is required");
  if (o.contracts < 1 || o.batch < 1) usage("--contracts and --batch must be positive");
  return o;
}

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// --- fill ----------------------------------------------------------------------------------

struct Fixture {
  Id organisation = 0;
  std::vector<Id> employees;
  std::vector<Id> customers;
  std::vector<Id> projects;
};

Fixture fill(app::Database& db, std::int64_t contracts, domain::Timestamp now) {
  Fixture f;
  app::write(db, [&](Tx& tx) {
    if (!tx.organisations().list().empty()) throw std::runtime_error("the database is not empty");
    f.organisation = tx.organisations().add({0, "Scheduler Bench GmbH", std::string(kZone), now}).id;
    domain::User admin;
    admin.organisation_id = f.organisation;
    admin.email = "admin@scheduler-bench.example";
    admin.name = "Admin";
    admin.role = domain::Role::admin;
    admin.created_at = now;
    tx.users().add(admin);
    f.employees.clear();
    for (int e = 0; e < kEmployees; ++e) {
      domain::User u;
      u.organisation_id = f.organisation;
      u.email = "t" + std::to_string(e) + "@scheduler-bench.example";
      u.name = "Techniker " + std::to_string(e);
      u.role = domain::Role::technician;
      u.created_at = now;
      f.employees.push_back(tx.users().add(u).id);
    }
    f.customers.clear();
    for (int c = 0; c < kCustomers; ++c) {
      f.customers.push_back(tx.customers().add({0, f.organisation, "Kunde " + std::to_string(c), "", "", "", now}).id);
    }
    const Id stage = tx.pipeline().stages(f.organisation).front().id;
    f.projects.clear();
    for (int p = 0; p < kProjects; ++p) {
      domain::Project project;
      project.organisation_id = f.organisation;
      project.customer_id = f.customers[static_cast<std::size_t>(p * 7 % kCustomers)];
      project.name = "Projekt " + std::to_string(p);
      project.stage_id = stage;
      project.created_at = now;
      f.projects.push_back(tx.projects().add(project).id);
    }
  });
  constexpr std::int64_t kFillBatch = 5000;
  const domain::ActionType kTypes[] = {domain::ActionType::create_task, domain::ActionType::notify,
                                       domain::ActionType::create_order, domain::ActionType::create_project};
  for (std::int64_t start = 0; start < contracts; start += kFillBatch) {
    const std::int64_t end = std::min(start + kFillBatch, contracts);
    app::write(db, [&](Tx& tx) {
      for (std::int64_t i = start; i < end; ++i) {
        const auto n = static_cast<std::size_t>(i);
        domain::ContractDraft draft;
        draft.name = "Heizungswartung " + std::to_string(i);
        const bool internal = i % 10 == 9;
        if (i % 10 < 8) {
          draft.customer_id = f.customers[n % f.customers.size()];
        } else if (!internal) {
          draft.project_id = f.projects[n % f.projects.size()];
        }
        draft.start_date = kDueDay;
        draft.interval = {domain::IntervalUnit::year, 1, {}};
        draft.action.type = kTypes[internal ? n % 2 : n % 4];
        draft.action.employee_id = f.employees[n / 4 % f.employees.size()];
        tx.contracts().add(domain::Contract::create(draft, f.organisation, kDueDay.plus_days(-30)), now);
      }
    });
  }
  return f;
}

// --- bare SQL: SQLite ------------------------------------------------------------------------

struct SqliteDb {
  sqlite3* db = nullptr;
  explicit SqliteDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("open " + path);
    }
    sqlite3_busy_timeout(db, 10'000);
    // The store's connection settings (store/sqlite/connection.cpp).
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
    exec("PRAGMA foreign_keys = ON");
    exec("PRAGMA cache_size = -65536");
    exec("PRAGMA temp_store = MEMORY");
  }
  ~SqliteDb() { sqlite3_close(db); }
  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error != nullptr ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(std::string(sql) + ": " + message);
    }
  }
};

struct Stmt {
  sqlite3_stmt* s = nullptr;
  sqlite3* db;
  Stmt(sqlite3* database, const char* sql) : db(database) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db));
    }
  }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt& i(int at, std::int64_t v) {
    sqlite3_bind_int64(s, at, v);
    return *this;
  }
  Stmt& t(int at, const std::string& v) {
    sqlite3_bind_text(s, at, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  bool step() {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("step: ") + sqlite3_errmsg(db));
    return false;
  }
  void run() {
    while (step()) {
    }
    sqlite3_reset(s);
  }
  void reset() { sqlite3_reset(s); }
};

struct Due {
  Id id = 0;
  std::string name;
  std::string action;
  Id employee = 0;
  std::int64_t customer = 0;  // 0: none
};

std::int64_t sqlite_floor(const std::string& path, Id org, Id stage, Date day, Date following, int batch,
                          domain::Timestamp now) {
  SqliteDb b(path);
  Stmt claim(b.db,
             "SELECT c.id, c.name, c.action_type, c.action_employee_id, coalesce(c.customer_id, p.customer_id, 0) "
             "FROM maintenance_contracts c LEFT JOIN projects p ON p.organisation_id = c.organisation_id AND "
             "p.id = c.project_id WHERE c.organisation_id = ?1 AND c.status IN ('active', 'inactive') AND "
             "c.next_due_date <= ?2 LIMIT ?3");
  Stmt task(b.db,
            "INSERT INTO tasks (organisation_id, title, assignee_id, due_date, source_contract_id, source_due_date, "
            "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6)");
  Stmt note(b.db,
            "INSERT INTO notifications (organisation_id, recipient_id, text, link, source_contract_id, "
            "source_due_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  Stmt order(b.db,
             "INSERT INTO orders (organisation_id, number, title, customer_id, assignee_id, due_date, "
             "source_contract_id, source_due_date, created_at) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6, ?7, ?6, "
             "?8)");
  Stmt numbers(b.db,
               "UPDATE order_sequences SET next_number = next_number + 1 WHERE organisation_id = ?1 "
               "RETURNING next_number - 1");
  Stmt project(b.db,
               "INSERT INTO projects (organisation_id, customer_id, name, stage_id, main_contact_employee_id, "
               "source_contract_id, source_due_date, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  Stmt execution(b.db,
                 "INSERT INTO executions (organisation_id, contract_id, due_date, kind, trigger, outcome, "
                 "created_type, created_id, executed_at) VALUES (?1, ?2, ?3, 'action', 'scheduler', 'executed', ?4, "
                 "?5, ?6)");
  Stmt audit(b.db,
             "INSERT INTO audit_log (organisation_id, actor_id, action, entity, entity_id, detail, at) VALUES (?1, "
             "NULL, 'contract.execute', 'contract', ?2, ?3, ?4)");
  Stmt advance(b.db,
               "UPDATE maintenance_contracts SET next_due_date = ?1, handled_through = ?2, version = version + 1, "
               "updated_at = ?3 WHERE id = ?4 AND organisation_id = ?5");
  const std::string when = day.to_string();
  const std::string next = following.to_string();
  std::int64_t done = 0;
  for (;;) {
    b.exec("BEGIN IMMEDIATE");
    std::vector<Due> due;
    claim.i(1, org).t(2, when).i(3, batch);
    while (claim.step()) {
      Due d;
      d.id = sqlite3_column_int64(claim.s, 0);
      d.name = reinterpret_cast<const char*>(sqlite3_column_text(claim.s, 1));
      d.action = reinterpret_cast<const char*>(sqlite3_column_text(claim.s, 2));
      d.employee = sqlite3_column_int64(claim.s, 3);
      d.customer = sqlite3_column_int64(claim.s, 4);
      due.push_back(std::move(d));
    }
    claim.reset();
    for (const Due& d : due) {
      std::string type;
      if (d.action == "create_task") {
        task.i(1, org).t(2, d.name).i(3, d.employee).t(4, when).i(5, d.id).i(6, now).run();
        type = "task";
      } else if (d.action == "notify") {
        note.i(1, org)
            .i(2, d.employee)
            .t(3, "Fällig am " + when + ": " + d.name)
            .t(4, "/maintenance-contracts/" + std::to_string(d.id))
            .i(5, d.id)
            .t(6, when)
            .i(7, now)
            .run();
        type = "notification";
      } else if (d.action == "create_order") {
        numbers.i(1, org);
        numbers.step();
        const std::int64_t number = sqlite3_column_int64(numbers.s, 0);
        numbers.run();
        order.i(1, org)
            .i(2, number)
            .t(3, d.name)
            .i(4, d.customer)
            .i(5, d.employee)
            .t(6, when)
            .i(7, d.id)
            .i(8, now)
            .run();
        type = "order";
      } else {
        project.i(1, org)
            .i(2, d.customer)
            .t(3, d.name + " " + when)
            .i(4, stage)
            .i(5, d.employee)
            .i(6, d.id)
            .t(7, when)
            .i(8, now)
            .run();
        type = "project";
      }
      const Id created = sqlite3_last_insert_rowid(b.db);
      execution.i(1, org).i(2, d.id).t(3, when).t(4, type).i(5, created).i(6, now).run();
      audit.i(1, org).i(2, d.id).t(3, R"({"due_date":")" + when + R"(","trigger":"scheduler"})").i(4, now).run();
      advance.t(1, next).t(2, when).i(3, now).i(4, d.id).i(5, org).run();
    }
    b.exec("COMMIT");
    done += static_cast<std::int64_t>(due.size());
    if (due.empty()) break;
  }
  return done;
}

std::int64_t sqlite_count(const std::string& path, const char* sql) {
  SqliteDb b(path);
  Stmt s(b.db, sql);
  s.step();
  return sqlite3_column_int64(s.s, 0);
}

// --- bare SQL: PostgreSQL ------------------------------------------------------------------

struct PgConn {
  PGconn* c = nullptr;
  explicit PgConn(const std::string& url) : c(PQconnectdb(url.c_str())) {
    if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(std::string("connect: ") + PQerrorMessage(c));
  }
  ~PgConn() { PQfinish(c); }
  PGresult* run(const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    for (const std::string& p : params) values.push_back(p.c_str());
    PGresult* r =
        PQexecParams(c, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      const std::string message = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(sql.substr(0, 80) + ": " + message);
    }
    return r;
  }
  void exec(const std::string& sql, const std::vector<std::string>& params = {}) { PQclear(run(sql, params)); }
};

// A PostgreSQL array literal of text values: {"a","b"}.
std::string pg_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char ch : values[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

std::int64_t postgres_floor(const std::string& url, Id org, Id stage, Date day, Date following, int batch,
                            domain::Timestamp now) {
  PgConn b(url);
  const std::string when = day.to_string();
  const std::string next = following.to_string();
  const std::string o = std::to_string(org);
  const std::string at = std::to_string(now);
  std::int64_t done = 0;
  for (;;) {
    b.exec("BEGIN");
    PGresult* r = b.run(
        "SELECT c.id, c.name, c.action_type, c.action_employee_id, coalesce(c.customer_id, p.customer_id, 0) "
        "FROM maintenance_contracts c LEFT JOIN projects p ON p.organisation_id = c.organisation_id AND "
        "p.id = c.project_id WHERE c.organisation_id = $1 AND c.status IN ('active', 'inactive') AND "
        "c.next_due_date <= $2 LIMIT $3 FOR UPDATE OF c SKIP LOCKED",
        {o, when, std::to_string(batch)});
    const int rows = PQntuples(r);
    // Per action: contract ids, names, employees, customers.
    struct Columns {
      std::vector<std::string> ids, names, employees, customers;
    };
    Columns task, note, order, project;
    std::vector<std::string> all;
    for (int i = 0; i < rows; ++i) {
      const std::string_view action = PQgetvalue(r, i, 2);
      Columns& into = action == "create_task"    ? task
                      : action == "notify"       ? note
                      : action == "create_order" ? order
                                                 : project;
      into.ids.emplace_back(PQgetvalue(r, i, 0));
      into.names.emplace_back(PQgetvalue(r, i, 1));
      into.employees.emplace_back(PQgetvalue(r, i, 3));
      into.customers.emplace_back(PQgetvalue(r, i, 4));
      all.emplace_back(PQgetvalue(r, i, 0));
    }
    PQclear(r);
    // Each statement inserts the records of one action and their execution rows.
    const std::string execution_tail =
        " INSERT INTO executions (organisation_id, contract_id, due_date, kind, trigger, outcome, created_type, "
        "created_id, executed_at) SELECT $1, source_contract_id, $2::date, 'action', 'scheduler', 'executed', ";
    if (!task.ids.empty()) {
      b.exec(
          "WITH created AS (INSERT INTO tasks (organisation_id, title, assignee_id, due_date, source_contract_id, "
          "source_due_date, created_at) SELECT $1, name, employee, $2, id, $2, $3 FROM unnest($4::bigint[], "
          "$5::text[], $6::bigint[]) AS u(id, name, employee) RETURNING id, source_contract_id)" +
              execution_tail + "'task', id, $3 FROM created",
          {o, when, at, pg_array(task.ids), pg_array(task.names), pg_array(task.employees)});
    }
    if (!note.ids.empty()) {
      b.exec(
          "WITH created AS (INSERT INTO notifications (organisation_id, recipient_id, text, link, "
          "source_contract_id, source_due_date, created_at) SELECT $1, employee, 'Fällig am ' || $2::text || ': ' "
          "|| name, '/maintenance-contracts/' || id, id, $2::date, $3 FROM unnest($4::bigint[], $5::text[], "
          "$6::bigint[]) AS u(id, name, employee) RETURNING id, source_contract_id)" +
              execution_tail + "'notification', id, $3 FROM created",
          {o, when, at, pg_array(note.ids), pg_array(note.names), pg_array(note.employees)});
    }
    if (!order.ids.empty()) {
      // The numbers: one UPDATE of the organisation's sequence row for the whole batch.
      PGresult* n = b.run(
          "UPDATE order_sequences SET next_number = next_number + $2 WHERE organisation_id = $1 "
          "RETURNING next_number - $2",
          {o, std::to_string(order.ids.size())});
      const std::string first = PQgetvalue(n, 0, 0);
      PQclear(n);
      b.exec(
          "WITH created AS (INSERT INTO orders (organisation_id, number, title, customer_id, assignee_id, "
          "due_date, source_contract_id, source_due_date, created_at) SELECT $1, $7::bigint + ord - 1, name, "
          "nullif(customer, 0), employee, $2, id, $2, $3 FROM unnest($4::bigint[], $5::text[], $6::bigint[], "
          "$8::bigint[]) WITH ORDINALITY AS u(id, name, employee, customer, ord) RETURNING id, "
          "source_contract_id)" +
              execution_tail + "'order', id, $3 FROM created",
          {o, when, at, pg_array(order.ids), pg_array(order.names), pg_array(order.employees), first,
           pg_array(order.customers)});
    }
    if (!project.ids.empty()) {
      b.exec(
          "WITH created AS (INSERT INTO projects (organisation_id, customer_id, name, stage_id, "
          "main_contact_employee_id, source_contract_id, source_due_date, created_at) SELECT $1, customer, name "
          "|| ' ' || $2::text, $7, employee, id, $2::date, $3 FROM unnest($4::bigint[], $5::text[], $6::bigint[], "
          "$8::bigint[]) AS u(id, name, employee, customer) RETURNING id, source_contract_id)" +
              execution_tail + "'project', id, $3 FROM created",
          {o, when, at, pg_array(project.ids), pg_array(project.names), pg_array(project.employees),
           std::to_string(stage), pg_array(project.customers)});
    }
    if (!all.empty()) {
      b.exec(
          "INSERT INTO audit_log (organisation_id, actor_id, action, entity, entity_id, detail, at) SELECT $1, "
          "NULL, 'contract.execute', 'contract', id, '{\"due_date\":\"' || $2::text || "
          "'\",\"trigger\":\"scheduler\"}', "
          "$3 FROM unnest($4::bigint[]) AS u(id)",
          {o, when, at, pg_array(all)});
      b.exec(
          "UPDATE maintenance_contracts c SET next_due_date = $3, handled_through = $2, version = version + 1, "
          "updated_at = $4 FROM unnest($5::bigint[]) AS u(id) WHERE c.id = u.id AND c.organisation_id = $1",
          {o, when, next, at, pg_array(all)});
    }
    b.exec("COMMIT");
    done += rows;
    if (rows == 0) break;
  }
  return done;
}

std::int64_t postgres_count(const std::string& url, const std::string& sql) {
  PgConn b(url);
  PGresult* r = b.run(sql);
  const std::int64_t n = std::stoll(PQgetvalue(r, 0, 0));
  PQclear(r);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const bool postgres = o.url.starts_with("postgresql:") || o.url.starts_with("postgres:");
  const std::string sqlite_path = postgres ? "" : o.url.substr(o.url.find(':') + 1);
  try {
    platform::OsTimeZones zones;
    const domain::Timestamp due_instant = zones.start_of_day(kDueDay, kZone);
    const domain::Timestamp fill_time = due_instant - 40 * 86'400;
    store::migrate(o.url);
    std::unique_ptr<app::Database> db = store::open_database(o.url);

    auto start = SteadyClock::now();
    const Fixture f = fill(*db, o.contracts, fill_time);
    std::printf("backend %s, %lld contracts due on %s, batch %d\n", postgres ? "postgresql" : "sqlite",
                static_cast<long long>(o.contracts), kDueDay.to_string().c_str(), o.batch);
    std::printf("fill: %.1f s\n", seconds_since(start));
    if (postgres) PgConn(o.url).exec("ANALYZE");

    // The pass, as `turnus tick --now` runs it (an hour into the due day).
    platform::FixedClock clock(due_instant + 3600);
    platform::SodiumSecrets secrets;
    app::UseCases uc({*db, clock, zones, secrets});
    start = SteadyClock::now();
    const app::PassReport report = uc.run_due_occurrences({due_instant + 3600, std::nullopt}, o.batch);
    const double pass_s = seconds_since(start);

    const char* count_sql = "SELECT count(*) FROM executions WHERE outcome = 'executed'";
    const std::int64_t recorded = postgres ? postgres_count(o.url, count_sql) : sqlite_count(sqlite_path, count_sql);
    if (report.executed != o.contracts || recorded != o.contracts || !report.failures.empty()) {
      std::fprintf(stderr, "scheduler_bench: the pass executed %d, recorded %lld, failed %zu of %lld\n",
                   report.executed, static_cast<long long>(recorded), report.failures.size(),
                   static_cast<long long>(o.contracts));
      return 1;
    }

    std::printf("pass : %8.3f s  %9.0f occurrences/s  (executed %d)\n", pass_s,
                static_cast<double>(o.contracts) / pass_s, report.executed);
    std::fflush(stdout);

    // The floor: the following occurrence of the same contracts as plain batched SQL.
    const Id stage = app::read(*db, [&](Tx& tx) { return tx.pipeline().stages(f.organisation).front().id; });
    const domain::Timestamp floor_now = due_instant + 366 * 86'400;
    start = SteadyClock::now();
    const std::int64_t floor_done =
        postgres ? postgres_floor(o.url, f.organisation, stage, kNextDueDay, kFollowingDueDay, o.batch, floor_now)
                 : sqlite_floor(sqlite_path, f.organisation, stage, kNextDueDay, kFollowingDueDay, o.batch, floor_now);
    const double floor_s = seconds_since(start);
    if (floor_done != o.contracts) {
      std::fprintf(stderr, "scheduler_bench: the floor handled %lld of %lld\n", static_cast<long long>(floor_done),
                   static_cast<long long>(o.contracts));
      return 1;
    }

    const auto per_second = [&](double s) { return static_cast<double>(o.contracts) / s; };
    std::printf("floor: %8.3f s  %9.0f occurrences/s  (bare batched SQL)\n", floor_s, per_second(floor_s));
    std::printf("pass / floor: %.2f\n", pass_s / floor_s);
    return 0;
  } catch (const domain::Error& e) {
    std::fprintf(stderr, "scheduler_bench: %s\n", e.message().en.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scheduler_bench: %s\n", e.what());
  }
  return 1;
}
