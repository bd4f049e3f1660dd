// list_bench: the contract list at a million contracts.
//
// Fills the database given by --db with N contracts (default 1,000,000) through the
// repositories, in one of two shapes:
//   one   all contracts in one organisation (the worst case for the list);
//   many  1,000 organisations of N / 1,000 contracts each.
// Then measures SqliteContractRepository::list (or whichever backend the URL selects) for
// a set of list queries in one organisation, each after a warm-up, and reports p50 / p99 /
// max in milliseconds. It also measures the same statements as bare SQL: the SQL text the
// repository issues (store/sqlite/contract_list.hpp, store/postgres/contract_list.hpp) run
// through the C API (sqlite3: prepare, bind, step every row, finalize; libpq: PQexecParams,
// every row received) and through the command-line shell (sqlite3 `.timer on`; psql
// `\timing on`, the parameters written in as literals).
//
// Usage:
//   list_bench --db URL [--contracts N] [--shape one|many] [--iterations I] [--warmup W]
//              [--reuse] [--explain] [--cli PATH|none] [--cli-runs R] [--only NAME]
//              [--bare-setup SQL] [--batch N]
//   --db       sqlite:PATH or postgresql://… (anything store::open_database accepts)
//   --reuse    measure an already filled database (same --contracts and --shape) instead
//              of refusing it
//   --explain  print EXPLAIN QUERY PLAN of every statement (SQLite)
//   --cli      the shell to time the bare SQL with (default: sqlite3, or psql for PostgreSQL;
//              none: skip)
//   --only     measure only the queries whose name contains NAME
//   --bare-setup SQL  run SQL on the bare-SQL connection first (e.g. "PRAGMA mmap_size=…")
//   --batch N  rows per write transaction while filling (default 20,000 on SQLite, 2,000 on
//              PostgreSQL)
// Exit status: 0 on success, 1 on a failure, 2 on bad usage.
//
// The data is a pure function of (shape, N): every name, status and date comes from a hash
// of the row's number, so a --reuse run measures the same rows a fresh fill would create.

#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/repositories.hpp"
#include "domain/contract.hpp"
#include "domain/error.hpp"
#include "domain/records.hpp"
#include "store/postgres/contract_list.hpp"
#include "store/sqlite/contract_list.hpp"
#include "store/store.hpp"

namespace {

using namespace turnus;
using app::ContractFilter;
using app::PageRequest;
using app::Tx;
using domain::Date;
using domain::Id;
using Clock = std::chrono::steady_clock;

// The day the fill pretends to be: next due dates are computed from it, and the due-range
// query asks for the 30 days after it.
constexpr Date kToday = Date::from_civil(2026, 1, 1);
constexpr domain::Timestamp kNow = 1'767'225'600;  // 2026-01-01T00:00:00Z
constexpr int kManyOrganisations = 1000;
// Rows per write transaction (--batch). SQLite: large enough that commits do not matter,
// small enough that one transaction's memory stays modest. PostgreSQL: its contract_counts
// row gets a new version per inserted contract, which the rest of the same transaction has
// to walk past (see its migration 0002), so it commits more often.
constexpr std::int64_t kSqliteBatch = 20'000;
constexpr std::int64_t kPostgresBatch = 2'000;

// --- deterministic data ----------------------------------------------------------------------

// SplitMix64's finaliser: a well-mixed 64-bit hash of (stream, n).
std::uint64_t hash(std::uint64_t stream, std::uint64_t n) {
  std::uint64_t z = stream * 0x9e3779b97f4a7c15ULL + n + 0x7475726e7573ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
template <std::size_t N>
std::string_view pick(const std::string_view (&list)[N], std::uint64_t h) {
  return list[h % N];
}
int uniform(std::uint64_t h, int lo, int hi) {
  return lo + static_cast<int>(h % static_cast<std::uint64_t>(hi - lo + 1));
}

// The most frequent German surnames, a few trades, and what craftsmen maintain.
constexpr std::string_view kSurnames[] = {
    "Müller",   "Schmidt",    "Schneider", "Fischer", "Weber",    "Meyer",    "Wagner",    "Becker",   "Schulz",
    "Hoffmann", "Schäfer",    "Koch",      "Bauer",   "Richter",  "Klein",    "Wolf",      "Schröder", "Neumann",
    "Schwarz",  "Zimmermann", "Braun",     "Krüger",  "Hofmann",  "Hartmann", "Lange",     "Schmitt",  "Werner",
    "Schmitz",  "Krause",     "Meier",     "Lehmann", "Schmid",   "Schulze",  "Maier",     "Köhler",   "Herrmann",
    "König",    "Walter",     "Mayer",     "Huber",   "Kaiser",   "Fuchs",    "Peters",    "Lang",     "Scholz",
    "Möller",   "Weiß",       "Jung",      "Hahn",    "Schubert", "Vogel",    "Friedrich", "Keller",   "Günther",
    "Frank",    "Berger",     "Winkler",   "Roth",    "Beck",     "Lorenz"};
constexpr std::string_view kTrades[] = {"",
                                        "",
                                        "",
                                        "",
                                        "Bäckerei ",
                                        "Metzgerei ",
                                        "Autohaus ",
                                        "Praxis Dr. ",
                                        "Hotel ",
                                        "Weingut ",
                                        "Hausverwaltung ",
                                        "Elektro ",
                                        "Gasthaus ",
                                        "Apotheke "};
constexpr std::string_view kContractNames[] = {
    "Thermenwartung",        "Heizungscheck",          "Wartung Lüftungsanlage", "Brennerwartung",
    "Gasheizung Inspektion", "Wärmepumpe Service",     "Klimaanlage Wartung",    "Legionellenprüfung",
    "Rauchmelderprüfung",    "Feuerlöscherprüfung",    "Dachrinnenreinigung",    "Solaranlage Inspektion",
    "Ölheizung Wartung",     "Pelletkessel Reinigung", "Enthärtungsanlage",      "Aufzugsprüfung",
    "DGUV V3 Prüfung",       "Blitzschutzprüfung",     "Druckluftanlage",        "Kaminkehrer-Termin"};
constexpr std::string_view kSites[] = {"Haus", "Halle", "Filiale", "Objekt", "Praxis", "Lager", "Büro"};

std::string customer_name(std::uint64_t number) {
  const std::uint64_t h = hash(1, number);
  return std::string(pick(kTrades, h)) + std::string(pick(kSurnames, h >> 8)) + " " + std::to_string(number);
}

std::string contract_name(std::uint64_t number) {
  const std::uint64_t h = hash(2, number);
  std::string name(pick(kContractNames, h));
  if ((h >> 16) % 2 == 0) name += " " + std::string(pick(kSites, h >> 20)) + " " + std::to_string(1 + (h >> 24) % 40);
  return name;
}

// --- shapes --------------------------------------------------------------------------------

struct Shape {
  std::string name;  // "one" | "many"
  int organisations = 1;
  std::int64_t contracts_per_organisation = 0;
  std::int64_t employees_per_organisation = 0;
  std::int64_t customers_per_organisation = 0;
  std::int64_t projects_per_organisation = 0;
};

Shape make_shape(const std::string& name, std::int64_t contracts) {
  Shape s;
  s.name = name;
  s.organisations = name == "many" ? kManyOrganisations : 1;
  s.contracts_per_organisation = std::max<std::int64_t>(1, contracts / s.organisations);
  // One technician per ~20,000 contracts (at least 5), one customer per 5 contracts, one
  // project per 50.
  s.employees_per_organisation = std::max<std::int64_t>(5, s.contracts_per_organisation / 20'000);
  s.customers_per_organisation = std::max<std::int64_t>(1, s.contracts_per_organisation / 5);
  s.projects_per_organisation = std::max<std::int64_t>(1, s.contracts_per_organisation / 50);
  return s;
}

std::string organisation_name(const Shape& shape, int k) {
  return "list-bench " + shape.name + " " + std::to_string(shape.organisations * shape.contracts_per_organisation) +
         " #" + std::to_string(k);
}

// The organisation the queries run in: the only one, or one in the middle.
int measured_organisation(const Shape& shape) { return shape.organisations / 2; }

struct OrganisationIds {
  Id organisation = 0;
  std::vector<Id> employees;
  std::vector<Id> customers;  // customer k of the organisation is customers[k]
  std::vector<Id> projects;
};

domain::Contract make_contract(const OrganisationIds& ids, std::uint64_t number) {
  const std::uint64_t h = hash(3, number);
  domain::ContractDraft draft;
  draft.name = contract_name(number);
  const int kind = uniform(h, 0, 99);
  const bool internal = kind >= 90;
  if (kind < 80) {
    draft.customer_id = ids.customers[hash(4, number) % ids.customers.size()];
  } else if (!internal) {
    draft.project_id = ids.projects[hash(4, number) % ids.projects.size()];
  }
  // Starts from two years back to one year ahead; next due dates are spread over the years.
  draft.start_date = kToday.plus_days(uniform(h >> 8, -730, 365));
  const int unit = uniform(h >> 20, 0, 99);
  if (unit < 50) {
    draft.interval = {domain::IntervalUnit::year, uniform(h >> 28, 1, 3), {}};
  } else if (unit < 75) {
    draft.interval = {domain::IntervalUnit::month, uniform(h >> 28, 1, 12), {}};
  } else if (unit < 85) {
    draft.interval = {domain::IntervalUnit::week, uniform(h >> 28, 1, 8), {}};
  } else if (unit < 92) {
    draft.interval = {domain::IntervalUnit::day, uniform(h >> 28, 7, 90), {}};
  } else {
    // Two fixed dates within ±1 year of the start: some have none left (next due NULL).
    const Date first = draft.start_date->plus_days(uniform(h >> 28, 0, 200));
    draft.interval = {domain::IntervalUnit::fixed, 1, {first, first.plus_days(uniform(h >> 36, 1, 160))}};
  }
  if ((h >> 44) % 3 == 0) draft.reminder = domain::Reminder{14};
  const domain::ActionType kTypes[] = {domain::ActionType::create_task, domain::ActionType::notify,
                                       domain::ActionType::create_order, domain::ActionType::create_project};
  draft.action.type = kTypes[internal ? (h >> 48) % 2 : (h >> 48) % 4];
  draft.action.employee_id = ids.employees[hash(5, number) % ids.employees.size()];

  domain::Contract contract = domain::Contract::create(draft, ids.organisation, kToday);
  // 70 % active, 20 % inactive, 10 % archived.
  const int status = uniform(h >> 52, 0, 9);
  if (status >= 7) contract.deactivate();
  if (status == 9) contract.archive();
  return contract;
}

// --- fill ----------------------------------------------------------------------------------

// Each write() below may be retried by the store, so it fills local vectors that are only
// appended to `ids` once the transaction committed.
OrganisationIds fill_organisation(app::Database& db, const Shape& shape, int k, std::int64_t batch,
                                  std::uint64_t& next_contract) {
  OrganisationIds ids;
  app::write(db, [&](Tx& tx) {
    ids.organisation = tx.organisations().add({0, organisation_name(shape, k), "Europe/Berlin", kNow}).id;
    ids.employees.clear();
    for (std::int64_t e = 0; e < shape.employees_per_organisation; ++e) {
      domain::User u;
      u.organisation_id = ids.organisation;
      u.email = "t" + std::to_string(e) + ".org" + std::to_string(k) + "@list-bench.example";
      u.name = "Techniker " + std::to_string(e);
      u.role = domain::Role::technician;
      u.created_at = kNow;
      ids.employees.push_back(tx.users().add(u).id);
    }
  });
  for (std::int64_t start = 0; start < shape.customers_per_organisation; start += batch) {
    const std::int64_t end = std::min(start + batch, shape.customers_per_organisation);
    std::vector<Id> added;
    app::write(db, [&](Tx& tx) {
      added.clear();
      for (std::int64_t c = start; c < end; ++c) {
        const auto number = static_cast<std::uint64_t>(k * shape.customers_per_organisation + c);
        added.push_back(tx.customers().add({0, ids.organisation, customer_name(number), "", "", "", kNow}).id);
      }
    });
    ids.customers.insert(ids.customers.end(), added.begin(), added.end());
  }
  app::write(db, [&](Tx& tx) {
    const Id stage = tx.pipeline().stages(ids.organisation).front().id;
    ids.projects.clear();
    for (std::int64_t p = 0; p < shape.projects_per_organisation; ++p) {
      domain::Project project;
      project.organisation_id = ids.organisation;
      project.customer_id = ids.customers[hash(6, static_cast<std::uint64_t>(p)) % ids.customers.size()];
      project.name = "Projekt " + std::to_string(p);
      project.stage_id = stage;
      project.created_at = kNow;
      ids.projects.push_back(tx.projects().add(project).id);
    }
  });
  for (std::int64_t start = 0; start < shape.contracts_per_organisation; start += batch) {
    const std::int64_t end = std::min(start + batch, shape.contracts_per_organisation);
    const std::uint64_t first = next_contract;
    app::write(db, [&](Tx& tx) {
      // Repeatable (the store may retry the transaction): numbers restart from `first`.
      std::uint64_t number = first;
      for (std::int64_t c = start; c < end; ++c) tx.contracts().add(make_contract(ids, number++), kNow);
    });
    next_contract = first + static_cast<std::uint64_t>(end - start);
  }
  return ids;
}

// --- statistics ------------------------------------------------------------------------------

struct Stats {
  double p50 = 0, p99 = 0, max = 0;
};

Stats stats_of(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(ms.size())));
    return ms[std::min(ms.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  return {at(0.50), at(0.99), ms.back()};
}

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

// CPU time of the calling thread: SQLite works on the caller's thread, so this is the
// query's own cost, apart from the waiting a busy machine adds to the wall-clock time.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// --- bare SQL (SQLite) -----------------------------------------------------------------------

class RawSqlite {
 public:
  // `setup`: SQL run once after opening (--bare-setup), e.g. to try pragmas the store does
  // not set.
  RawSqlite(const std::string& path, const std::string& setup) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      throw std::runtime_error("sqlite3_open_v2 " + path + ": " + sqlite3_errmsg(db_));
    }
    if (!setup.empty() && sqlite3_exec(db_, setup.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::runtime_error(setup + ": " + sqlite3_errmsg(db_));
    }
  }
  RawSqlite(const RawSqlite&) = delete;
  RawSqlite& operator=(const RawSqlite&) = delete;
  ~RawSqlite() { sqlite3_close_v2(db_); }

  // Prepares, binds, steps every row (reading each column, as a caller would), finalizes.
  // Returns the first column of the first row.
  std::int64_t run(const store::sqlite::SqlStatement& statement) {
    sqlite3_stmt* stmt = prepare(statement);
    std::int64_t first = 0;
    bool first_row = true;
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const int columns = sqlite3_column_count(stmt);
      for (int c = 0; c < columns; ++c) (void)sqlite3_column_text(stmt, c);
      if (first_row) first = sqlite3_column_int64(stmt, 0);
      first_row = false;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("step: ") + sqlite3_errmsg(db_));
    return first;
  }

  // How many rows the statement returns.
  std::int64_t count_rows(const store::sqlite::SqlStatement& statement) {
    sqlite3_stmt* stmt = prepare(statement);
    std::int64_t rows = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) ++rows;
    sqlite3_finalize(stmt);
    return rows;
  }

  // The integer columns of the statement's first row.
  std::vector<std::int64_t> first_row(const store::sqlite::SqlStatement& statement) {
    sqlite3_stmt* stmt = prepare(statement);
    std::vector<std::int64_t> row;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) row.push_back(sqlite3_column_int64(stmt, c));
    }
    sqlite3_finalize(stmt);
    return row;
  }

  // The statement with its parameters written in as literals, for the sqlite3 shell.
  std::string expanded(const store::sqlite::SqlStatement& statement) {
    sqlite3_stmt* stmt = prepare(statement);
    char* text = sqlite3_expanded_sql(stmt);
    std::string out = text != nullptr ? text : "";
    sqlite3_free(text);
    sqlite3_finalize(stmt);
    return out;
  }

  std::vector<std::string> plan(const store::sqlite::SqlStatement& statement) {
    store::sqlite::SqlStatement explain = statement;
    explain.sql = "EXPLAIN QUERY PLAN " + statement.sql;
    sqlite3_stmt* stmt = prepare(explain);
    std::vector<std::string> lines;
    std::vector<std::pair<int, int>> depth;  // (id, depth)
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const int id = sqlite3_column_int(stmt, 0);
      const int parent = sqlite3_column_int(stmt, 1);
      int d = 0;
      for (const auto& [known, known_depth] : depth) {
        if (known == parent) d = known_depth + 1;
      }
      depth.emplace_back(id, d);
      lines.push_back(std::string(static_cast<std::size_t>(2 * d), ' ') +
                      reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)));
    }
    sqlite3_finalize(stmt);
    return lines;
  }

 private:
  sqlite3_stmt* prepare(const store::sqlite::SqlStatement& statement) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, statement.sql.c_str(), static_cast<int>(statement.sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error("prepare " + statement.sql + ": " + sqlite3_errmsg(db_));
    }
    int index = 1;
    for (const store::sqlite::SqlValue& value : statement.params) {
      if (const auto* number = std::get_if<std::int64_t>(&value)) {
        sqlite3_bind_int64(stmt, index++, *number);
      } else {
        const std::string& text = std::get<std::string>(value);
        sqlite3_bind_text(stmt, index++, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
    }
    return stmt;
  }

  sqlite3* db_ = nullptr;
};

// The statements the repository issues for one list call, as it would choose them now.
std::vector<store::sqlite::SqlStatement> list_statements(RawSqlite& raw, Id organisation, const ContractFilter& filter,
                                                         PageRequest page, std::int64_t* total_out) {
  std::vector<store::sqlite::SqlStatement> out;
  out.push_back(store::sqlite::contract_counts_sql(organisation, filter));
  const std::vector<std::int64_t> numbers = raw.first_row(out.back());
  const store::sqlite::ContractCounts counts{numbers.at(0), numbers.at(1)};
  std::int64_t total = counts.in_statuses;
  bool exact = true;
  if (auto count = store::sqlite::contract_count_sql(organisation, filter, counts)) {
    const std::int64_t counted = raw.run(*count);
    total = std::min(counted, app::kExactTotalLimit);
    exact = counted <= app::kExactTotalLimit;
    out.push_back(std::move(*count));
  }
  *total_out = total;
  std::optional<std::int64_t> candidates;
  if (auto lookup = store::sqlite::text_candidates_sql(organisation, filter, page, counts, exact)) {
    candidates = raw.run(*lookup);
    out.push_back(std::move(*lookup));
  }
  if (!exact || total > page.offset()) {
    out.push_back(store::sqlite::contract_page_sql(organisation, filter, page, counts, total, exact, candidates));
    // After a cursor with a value: the later values, when its own value does not fill the
    // page (the rows without a value, a third part, are not followed here).
    const std::int64_t rows = filter.after && filter.after->value ? raw.count_rows(out.back()) : page.per_page;
    if (rows < page.per_page) {
      out.push_back(store::sqlite::contract_page_sql(organisation, filter, {1, page.per_page - static_cast<int>(rows)},
                                                     counts, total, exact, candidates,
                                                     store::sqlite::CursorPart::later_values));
    }
  }
  return out;
}

// Runs `script` through the sqlite3 shell and returns the "Run Time: real" of each
// statement in seconds (the shell prints them with millisecond resolution).
std::vector<double> shell_times(const std::string& cli, const std::string& path, const std::string& script) {
  char name[] = "/tmp/list-bench-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  {
    std::ofstream out(name);
    out << script;
  }
  const std::string command = cli + " '" + path + "' < " + name + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen " + command);
  std::vector<double> times;
  char line[4096];
  std::string errors;
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    double real = 0;
    if (std::sscanf(line, "Run Time: real %lf", &real) == 1) {
      times.push_back(real);
    } else {
      errors += line;
    }
  }
  const int status = pclose(pipe);
  std::filesystem::remove(name);
  if (status != 0 || !errors.empty()) throw std::runtime_error(cli + " failed: " + errors);
  return times;
}

// The PostgreSQL statements of one list call, run on a plain libpq connection: the floor
// under what the repository does with them.
class RawPostgres {
 public:
  explicit RawPostgres(const std::string& url) {
    // The repository's pool_size parameter is turnus's own, not libpq's.
    std::string conninfo = url;
    if (const std::size_t at = conninfo.find("pool_size="); at != std::string::npos) {
      std::size_t end = conninfo.find('&', at);
      conninfo.erase(at, end == std::string::npos ? std::string::npos : end + 1 - at);
      if (!conninfo.empty() && (conninfo.back() == '?' || conninfo.back() == '&')) conninfo.pop_back();
    }
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(std::string("libpq: ") + PQerrorMessage(conn_));
  }
  ~RawPostgres() { PQfinish(conn_); }
  RawPostgres(const RawPostgres&) = delete;
  RawPostgres& operator=(const RawPostgres&) = delete;

  // Runs the statement, receives every row; returns the first column of the first row.
  std::int64_t run(const store::postgres::PgStatement& statement) {
    std::vector<const char*> values;
    values.reserve(statement.params.size());
    for (const auto& p : statement.params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* r = PQexecParams(conn_, statement.sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      const std::string message = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error("libpq " + statement.sql + ": " + message);
    }
    // The first row's last column: the count of a total statement, alone or after the page's
    // columns (contract_total_and_page_statement).
    const std::int64_t first = PQntuples(r) > 0 ? std::strtoll(PQgetvalue(r, 0, PQnfields(r) - 1), nullptr, 10) : 0;
    PQclear(r);
    return first;
  }

  std::vector<std::string> plan(const store::postgres::PgStatement& statement) {
    store::postgres::PgStatement explain = statement;
    explain.sql = "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql;
    std::vector<const char*> values;
    values.reserve(explain.params.size());
    for (const auto& p : explain.params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* r = PQexecParams(conn_, explain.sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0);
    std::vector<std::string> lines;
    for (int i = 0; i < PQntuples(r); ++i) lines.emplace_back(PQgetvalue(r, i, 0));
    PQclear(r);
    return lines;
  }

  // The statement with its parameters written in as quoted literals, for psql.
  std::string expanded(const store::postgres::PgStatement& statement) {
    std::string sql = statement.sql;
    // From the highest number down, so that $1 does not eat the start of $12.
    for (std::size_t i = statement.params.size(); i >= 1; --i) {
      const std::string placeholder = "$" + std::to_string(i);
      const std::optional<std::string>& value = statement.params[i - 1];
      std::string literal = "NULL";
      if (value) {
        char* quoted = PQescapeLiteral(conn_, value->c_str(), value->size());
        literal = quoted;
        PQfreemem(quoted);
      }
      for (std::size_t at = sql.find(placeholder); at != std::string::npos; at = sql.find(placeholder, at)) {
        sql.replace(at, placeholder.size(), literal);
        at += literal.size();
      }
    }
    return sql;
  }

 private:
  PGconn* conn_ = nullptr;
};

// The PostgreSQL statements the repository issues for one list call.
std::vector<store::postgres::PgStatement> pg_list_statements(RawPostgres& raw, Id organisation,
                                                             const ContractFilter& filter, PageRequest page,
                                                             std::int64_t* total_out) {
  std::vector<store::postgres::PgStatement> out;
  const bool both_in_one = store::postgres::contract_total_reads_rows(filter);
  out.push_back(both_in_one ? store::postgres::contract_total_and_page_statement(organisation, filter, page)
                            : store::postgres::contract_total_statement(organisation, filter));
  const std::int64_t counted = raw.run(out.back());
  const bool counts_matches = store::postgres::contract_total_counts_matches(filter);
  const std::int64_t total = counts_matches ? std::min(counted, app::kExactTotalLimit) : counted;
  const bool exact = !counts_matches || counted <= app::kExactTotalLimit;
  *total_out = total;
  if (!exact || (!both_in_one && total > page.offset())) {
    out.push_back(store::postgres::contract_page_statement(organisation, filter, page, !exact));
  }
  return out;
}

// Runs `script` through psql and returns the "Time:" of each statement in seconds.
std::vector<double> psql_times(const std::string& cli, const std::string& url, const std::string& script) {
  char name[] = "/tmp/list-bench-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  {
    std::ofstream out(name);
    out << script;
  }
  std::string conninfo =
      url.substr(0, url.find("pool_size=") == std::string::npos ? url.size() : url.find("pool_size="));
  if (!conninfo.empty() && (conninfo.back() == '?' || conninfo.back() == '&')) conninfo.pop_back();
  const std::string command = cli + " -X -q -v ON_ERROR_STOP=1 '" + conninfo + "' -f " + name + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen " + command);
  std::vector<double> times;
  char line[4096];
  std::string errors;
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    double ms = 0;
    if (std::sscanf(line, "Time: %lf ms", &ms) == 1) {
      times.push_back(ms / 1000);
    } else {
      errors += line;
    }
  }
  const int status = pclose(pipe);
  std::filesystem::remove(name);
  if (status != 0 || !errors.empty()) throw std::runtime_error(cli + " failed: " + errors);
  return times;
}

// --- the queries -------------------------------------------------------------------------------

struct Query {
  std::string name;
  ContractFilter filter;
  PageRequest page;
  // > 0: the page after this one, read after its cursor (`after`). The cursor is taken
  // from reading this page by number once, before the measurement.
  int cursor_after_page = 0;
};

// What the queries filter by, in the measured organisation.
struct Targets {
  Id organisation = 0;
  Id employee = 0;
  Id customer = 0;             // the customer whose name is the rare text
  std::string rare_text;       // that customer's full name
  std::int64_t default_total;  // contracts in the default list
};

std::vector<Query> queries_for(const Targets& t) {
  std::vector<Query> q;
  const auto with = [](auto change) {
    ContractFilter f;
    change(f);
    return f;
  };
  q.push_back({"default", {}, {1, 50}});
  q.push_back({"q common (\"Müller\")", with([](ContractFilter& f) { f.query = "Müller"; }), {1, 50}});
  q.push_back({"q rare (\"" + t.rare_text + "\")", with([&](ContractFilter& f) { f.query = t.rare_text; }), {1, 50}});
  q.push_back({"q very common (\"wartung\")", with([](ContractFilter& f) { f.query = "wartung"; }), {1, 50}});
  q.push_back({"employee", with([&](ContractFilter& f) { f.employee_id = t.employee; }), {1, 50}});
  q.push_back({"customer", with([&](ContractFilter& f) { f.customer_id = t.customer; }), {1, 50}});
  q.push_back({"due in the next 30 days",
               with([](ContractFilter& f) {
                 f.due_after = kToday;
                 f.due_before = kToday.plus_days(30);
               }),
               {1, 50}});
  q.push_back({"sort next due, descending", with([](ContractFilter& f) { f.descending = true; }), {1, 50}});
  q.push_back({"sort name", with([](ContractFilter& f) { f.sort = ContractFilter::Sort::name; }), {1, 50}});
  q.push_back({"sort name, descending",
               with([](ContractFilter& f) {
                 f.sort = ContractFilter::Sort::name;
                 f.descending = true;
               }),
               {1, 50}});
  q.push_back({"sort customer", with([](ContractFilter& f) { f.sort = ContractFilter::Sort::customer; }), {1, 50}});
  q.push_back({"sort customer, descending",
               with([](ContractFilter& f) {
                 f.sort = ContractFilter::Sort::customer;
                 f.descending = true;
               }),
               {1, 50}});
  q.push_back({"q common + employee",
               with([&](ContractFilter& f) {
                 f.query = "Müller";
                 f.employee_id = t.employee;
               }),
               {1, 50}});
  // The deepest pages the API serves (app::kPageWindow): the 10,000th match.
  const int window_end = static_cast<int>(app::kPageWindow / 50);
  const auto pages = static_cast<int>((t.default_total + 49) / 50);
  if (pages >= 100) q.push_back({"page 100", {}, {100, 50}});
  if (pages >= window_end)
    q.push_back({"page " + std::to_string(window_end) + " (end of window)", {}, {window_end, 50}});
  q.push_back({"q common, page " + std::to_string(window_end / 10),
               with([](ContractFilter& f) { f.query = "Müller"; }),
               {window_end / 10, 50}});
  q.push_back({"q very common, page " + std::to_string(window_end),
               with([](ContractFilter& f) { f.query = "wartung"; }),
               {window_end, 50}});
  // The same depths read after the previous page's cursor (keyset pages), and one far
  // past the window, which only a cursor reaches.
  if (pages >= window_end)
    q.push_back({"page " + std::to_string(window_end) + ", after a cursor", {}, {1, 50}, window_end - 1});
  q.push_back({"q common, page " + std::to_string(window_end / 10) + ", after a cursor",
               with([](ContractFilter& f) { f.query = "Müller"; }),
               {1, 50},
               window_end / 10 - 1});
  q.push_back({"q very common, page " + std::to_string(window_end) + ", after a cursor",
               with([](ContractFilter& f) { f.query = "wartung"; }),
               {1, 50},
               window_end - 1});
  if (pages >= 5 * window_end) {
    q.push_back({"q very common, page " + std::to_string(5 * window_end) + ", after a cursor",
                 with([](ContractFilter& f) { f.query = "wartung"; }),
                 {1, 50},
                 5 * window_end - 1});
  }
  return q;
}

struct Result {
  std::string name;
  std::int64_t total = 0;
  bool exact = true;
  std::size_t items = 0;
  std::string strategy;
  Stats repository;
  Stats repository_cpu;
  std::optional<Stats> bare;
  std::optional<Stats> shell;
};

// "1000+" when the list stopped counting (app::kExactTotalLimit).
std::string total_text(const Result& r) { return std::to_string(r.total) + (r.exact ? "" : "+"); }

std::string fmt(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.2f" : "%.1f", ms);
  return buf;
}

struct Options {
  std::string url;
  std::int64_t contracts = 1'000'000;
  std::string shape = "one";
  int iterations = 200;
  int warmup = 20;
  bool reuse = false;
  bool explain = false;
  std::string cli;  // empty: sqlite3 or psql, by backend
  int cli_runs = 50;
  std::string only;
  std::string bare_setup;
  std::optional<std::int64_t> batch;
};

[[noreturn]] void usage(const std::string& message) {
  std::fprintf(stderr,
               "list_bench: %s\nusage: list_bench --db URL [--contracts N] [--shape one|many] [--iterations I] "
               "[--warmup W] [--reuse] [--explain] [--cli PATH|none] [--cli-runs R] [--only NAME] [--bare-setup SQL] "
               "[--batch N]\n",
               message.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(arg + " needs a value");
      return argv[++i];
    };
    const auto number = [&](long long at_least = 1) -> std::int64_t {
      const std::string v = value();
      char* end = nullptr;
      const long long n = std::strtoll(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || n < at_least) {
        usage(arg + " needs a number of at least " + std::to_string(at_least));
      }
      return n;
    };
    if (arg == "--db") {
      o.url = value();
    } else if (arg == "--contracts") {
      o.contracts = number();
    } else if (arg == "--shape") {
      o.shape = value();
      if (o.shape != "one" && o.shape != "many") usage("--shape is one or many");
    } else if (arg == "--iterations") {
      o.iterations = static_cast<int>(number());
    } else if (arg == "--warmup") {
      o.warmup = static_cast<int>(number(0));
    } else if (arg == "--reuse") {
      o.reuse = true;
    } else if (arg == "--explain") {
      o.explain = true;
    } else if (arg == "--cli") {
      o.cli = value();
    } else if (arg == "--cli-runs") {
      o.cli_runs = static_cast<int>(number());
    } else if (arg == "--only") {
      o.only = value();
    } else if (arg == "--bare-setup") {
      o.bare_setup = value();
    } else if (arg == "--batch") {
      o.batch = number();
    } else {
      usage("unknown argument " + arg);
    }
  }
  if (o.url.empty()) usage("--db is required");
  return o;
}

int run(const Options& o) {
  const Shape shape = make_shape(o.shape, o.contracts);
  const std::optional<std::string> sqlite_path =
      o.url.rfind("sqlite:", 0) == 0 ? std::optional<std::string>(o.url.substr(7)) : std::nullopt;

  store::migrate(o.url);
  std::unique_ptr<app::Database> db = store::open_database(o.url);
  const int measured = measured_organisation(shape);
  const bool filled = app::read(*db, [&](Tx& tx) {
    return tx.organisations().find_by_name(organisation_name(shape, shape.organisations - 1)).has_value();
  });
  if (filled && !o.reuse) {
    std::fprintf(stderr, "list_bench: %s is filled already; pass --reuse to measure it\n", o.url.c_str());
    return 1;
  }
  if (!filled) {
    const auto started = Clock::now();
    std::uint64_t next_contract = 0;
    for (int k = 0; k < shape.organisations; ++k) {
      // Organisations must not exist half-filled from an interrupted run.
      if (app::read(*db, [&](Tx& tx) { return tx.organisations().find_by_name(organisation_name(shape, k)); })) {
        std::fprintf(stderr, "list_bench: %s holds a partial fill; use a fresh database\n", o.url.c_str());
        return 1;
      }
      fill_organisation(*db, shape, k, o.batch.value_or(sqlite_path ? kSqliteBatch : kPostgresBatch), next_contract);
      if (shape.organisations == 1 || (k + 1) % 100 == 0) {
        std::printf("filled %d of %d organisations, %llu contracts, %.0f s\n", k + 1, shape.organisations,
                    static_cast<unsigned long long>(next_contract), elapsed_ms(started) / 1000);
        std::fflush(stdout);
      }
    }
    const double seconds = elapsed_ms(started) / 1000;
    std::printf("fill: %llu contracts through the repositories in %.1f s (%.0f contracts/s)\n",
                static_cast<unsigned long long>(next_contract), seconds, static_cast<double>(next_contract) / seconds);
  }
  if (sqlite_path) {
    std::uintmax_t bytes = std::filesystem::file_size(*sqlite_path);
    std::error_code ignored;
    const std::uintmax_t wal = std::filesystem::file_size(*sqlite_path + "-wal", ignored);
    if (!ignored) bytes += wal;
    std::printf("database file: %.0f MB\n", static_cast<double>(bytes) / 1e6);
  }

  // The measured organisation's targets, read back (a --reuse run did not create them).
  Targets t;
  // The rare text: one customer's full name, as a user would type it.
  t.rare_text = customer_name(
      static_cast<std::uint64_t>(measured * shape.customers_per_organisation + shape.customers_per_organisation / 3));
  app::read(*db, [&](Tx& tx) {
    t.organisation = tx.organisations().find_by_name(organisation_name(shape, measured))->id;
    t.employee = tx.users().list(t.organisation).front().id;
    t.customer = tx.customers().list(t.organisation, t.rare_text, {1, 1}).items.at(0).id;
    t.default_total = tx.contracts().list(t.organisation, {}, {1, 1}).total;
  });

  std::unique_ptr<RawSqlite> raw;
  if (sqlite_path) raw = std::make_unique<RawSqlite>(*sqlite_path, o.bare_setup);
  std::unique_ptr<RawPostgres> raw_pg;
  if (!sqlite_path) raw_pg = std::make_unique<RawPostgres>(o.url);
  const bool use_shell = o.cli != "none";
  const std::string shell = o.cli.empty() ? (sqlite_path ? "sqlite3" : "psql") : o.cli;

  std::vector<Result> results;
  for (Query query : queries_for(t)) {
    if (!o.only.empty() && query.name.find(o.only) == std::string::npos) continue;
    if (query.cursor_after_page > 0) {
      const app::ContractListPage before = app::read(*db, [&](Tx& tx) {
        return tx.contracts().list(t.organisation, query.filter, {query.cursor_after_page, query.page.per_page});
      });
      if (!before.next) throw std::runtime_error(query.name + ": the page before it is not full");
      query.filter.after = before.next;
    }
    Result r;
    r.name = query.name;
    const auto call = [&] {
      return app::read(*db, [&](Tx& tx) { return tx.contracts().list(t.organisation, query.filter, query.page); });
    };
    for (int i = 0; i < o.warmup; ++i) call();
    std::vector<double> samples;
    std::vector<double> cpu;
    for (int i = 0; i < o.iterations; ++i) {
      const double cpu_started = thread_cpu_ms();
      const auto started = Clock::now();
      const app::Page<domain::Contract> page = call();
      samples.push_back(elapsed_ms(started));
      cpu.push_back(thread_cpu_ms() - cpu_started);
      r.total = page.total;
      r.exact = page.total_exact;
      r.items = page.items.size();
    }
    r.repository = stats_of(std::move(samples));
    r.repository_cpu = stats_of(std::move(cpu));

    if (raw) {
      std::int64_t total = 0;
      const auto statements = list_statements(*raw, t.organisation, query.filter, query.page, &total);
      if (total != r.total) throw std::runtime_error(query.name + ": bare SQL total differs from the repository's");
      for (std::size_t k = 1; k < statements.size(); ++k) {
        r.strategy += (r.strategy.empty() ? "" : "; ") + statements[k].strategy;
      }
      if (o.explain) {
        std::printf("\n== %s\n", query.name.c_str());
        for (const auto& statement : statements) {
          std::printf("-- %s\n%s\n", statement.strategy.c_str(), raw->expanded(statement).c_str());
          for (const std::string& line : raw->plan(statement)) std::printf("   %s\n", line.c_str());
        }
      }
      const auto once = [&] {
        for (const auto& statement : statements) raw->run(statement);
      };
      for (int i = 0; i < o.warmup; ++i) once();
      std::vector<double> bare;
      for (int i = 0; i < o.iterations; ++i) {
        const auto started = Clock::now();
        once();
        bare.push_back(elapsed_ms(started));
      }
      r.bare = stats_of(std::move(bare));

      if (use_shell) {
        std::string script = ".timer on\n.output /dev/null\n";
        std::string one_call;
        for (const auto& statement : statements) one_call += raw->expanded(statement) + ";\n";
        for (int i = 0; i < 3 + o.cli_runs; ++i) script += one_call;
        const std::vector<double> times = shell_times(shell, *sqlite_path, script);
        const std::size_t per_call = statements.size();
        std::vector<double> calls;
        for (std::size_t i = 3 * per_call; i + per_call <= times.size(); i += per_call) {
          double sum = 0;
          for (std::size_t k = 0; k < per_call; ++k) sum += times[i + k];
          calls.push_back(sum * 1000);
        }
        r.shell = stats_of(std::move(calls));
      }
    }
    if (raw_pg) {
      std::int64_t total = 0;
      const auto statements = pg_list_statements(*raw_pg, t.organisation, query.filter, query.page, &total);
      if (total != r.total) throw std::runtime_error(query.name + ": bare SQL total differs from the repository's");
      const bool both_in_one = store::postgres::contract_total_reads_rows(query.filter);
      r.strategy = statements.size() == 2 ? (both_in_one ? "total + page (past the limit); page" : "total; page")
                   : both_in_one          ? "total + page in one"
                                          : "total only";
      if (o.explain) {
        std::printf("\n== %s\n", query.name.c_str());
        for (const auto& statement : statements) {
          std::printf("%s\n", raw_pg->expanded(statement).c_str());
          for (const std::string& line : raw_pg->plan(statement)) std::printf("   %s\n", line.c_str());
        }
      }
      const auto once = [&] {
        for (const auto& statement : statements) raw_pg->run(statement);
      };
      for (int i = 0; i < o.warmup; ++i) once();
      std::vector<double> bare;
      for (int i = 0; i < o.iterations; ++i) {
        const auto started = Clock::now();
        once();
        bare.push_back(elapsed_ms(started));
      }
      r.bare = stats_of(std::move(bare));
      if (use_shell) {
        std::string script = "\\timing on\n\\o /dev/null\n";
        std::string one_call;
        for (const auto& statement : statements) one_call += raw_pg->expanded(statement) + ";\n";
        for (int i = 0; i < 3 + o.cli_runs; ++i) script += one_call;
        const std::vector<double> times = psql_times(shell, o.url, script);
        const std::size_t per_call = statements.size();
        std::vector<double> calls;
        for (std::size_t i = 3 * per_call; i + per_call <= times.size(); i += per_call) {
          double sum = 0;
          for (std::size_t k = 0; k < per_call; ++k) sum += times[i + k];
          calls.push_back(sum * 1000);
        }
        r.shell = stats_of(std::move(calls));
      }
    }
    std::printf("%-34s total %8s  rows %3zu  repository p50 %7s p99 %7s max %7s ms (CPU p50 %7s p99 %7s)",
                r.name.c_str(), total_text(r).c_str(), r.items, fmt(r.repository.p50).c_str(),
                fmt(r.repository.p99).c_str(), fmt(r.repository.max).c_str(), fmt(r.repository_cpu.p50).c_str(),
                fmt(r.repository_cpu.p99).c_str());
    if (r.bare) {
      std::printf(" | C API p50 %7s p99 %7s", fmt(r.bare->p50).c_str(), fmt(r.bare->p99).c_str());
    }
    if (r.shell) {
      std::printf(" | %s p50 %6s p99 %6s", shell.c_str(), fmt(r.shell->p50).c_str(), fmt(r.shell->p99).c_str());
    }
    std::printf("\n");
    std::fflush(stdout);
    results.push_back(std::move(r));
  }

  utsname machine{};
  uname(&machine);
  std::printf(
      "\nshape %s: %d organisation(s) of %lld contracts; measured organisation #%d; %d iterations after %d "
      "warm-up; %s %s; SQLite %s\n\n",
      shape.name.c_str(), shape.organisations, static_cast<long long>(shape.contracts_per_organisation), measured,
      o.iterations, o.warmup, machine.sysname, machine.release, sqlite3_libversion());
  std::printf(
      "| query | total | plan | repository p50 / p99 / max (ms) | repository CPU p50 / p99 (ms) | bare SQL, "
      "C API p50 / p99 (ms) | shell p50 / p99 (ms) |\n|---|---:|---|---:|---:|---:|---:|\n");
  for (const Result& r : results) {
    std::printf("| %s | %s | %s | %s / %s / %s | %s / %s | %s | %s |\n", r.name.c_str(), total_text(r).c_str(),
                r.strategy.c_str(), fmt(r.repository.p50).c_str(), fmt(r.repository.p99).c_str(),
                fmt(r.repository.max).c_str(), fmt(r.repository_cpu.p50).c_str(), fmt(r.repository_cpu.p99).c_str(),
                r.bare ? (fmt(r.bare->p50) + " / " + fmt(r.bare->p99)).c_str() : "–",
                r.shell ? (fmt(r.shell->p50) + " / " + fmt(r.shell->p99)).c_str() : "–");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  try {
    return run(options);
  } catch (const turnus::domain::Error& e) {
    std::fprintf(stderr, "list_bench: %s\n", e.message().en.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "list_bench: %s\n", e.what());
  }
  return 1;
}
