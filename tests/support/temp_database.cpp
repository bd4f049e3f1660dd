#include "support/temp_database.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <memory>
#include <random>
#include <stdexcept>

#include "store/store.hpp"

namespace turnus::test {

namespace {

const char* postgres_url() {
  const char* url = getenv("TURNUS_TEST_POSTGRES_URL");
  return url != nullptr && *url != '\0' ? url : nullptr;
}

// A short-lived libpq connection of the test itself, outside the store under test.
class AdminConnection {
 public:
  explicit AdminConnection(const std::string& url) : conn_(PQconnectdb(url.c_str()), &PQfinish) {
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      throw std::runtime_error("test: cannot connect to " + url + ": " + PQerrorMessage(conn_.get()));
    }
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);  // "… skipping", "drop cascades"
  }
  // Runs `sql`; returns the first column of the first row ("" when there is none).
  std::string run(const std::string& sql) const {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn_.get(), sql.c_str()), &PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error("test: " + sql + ": " + PQerrorMessage(conn_.get()));
    }
    if (status != PGRES_TUPLES_OK || PQntuples(result.get()) == 0) return "";
    return PQgetvalue(result.get(), 0, 0);
  }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

std::string random_schema_name() {
  std::random_device device;
  std::mt19937_64 engine(device());
  constexpr char kHex[] = "0123456789abcdef";
  std::string name = "t_";
  for (int i = 0; i < 16; ++i) name += kHex[engine() % 16];
  return name;
}

// Every test schema finds pg_trgm in public; an extension created inside a test's schema
// would vanish with it, under the feet of the tests running in parallel.
void ensure_shared_extensions(const AdminConnection& admin) {
  try {
    admin.run("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public");
  } catch (const std::runtime_error&) {
    // Two test processes raced to create it; fine when the other one won.
    if (admin.run("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").empty()) throw;
  }
}

}  // namespace

std::vector<std::string> test_backends() {
  if (postgres_url() != nullptr) return {"sqlite", "postgresql"};
  return {"sqlite"};
}

TempDatabase::TempDatabase(const std::string& backend, Schema schema) : backend_(backend) {
  if (backend == "sqlite") {
    std::string tmpl = (std::filesystem::temp_directory_path() / "turnus-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("test: mkdtemp failed");
    dir_ = tmpl;
    url_ = "sqlite:" + (dir_ / "test.db").string();
  } else if (backend == "postgresql") {
    const char* base = postgres_url();
    if (base == nullptr) throw std::runtime_error("test: TURNUS_TEST_POSTGRES_URL is not set");
    const AdminConnection admin(base);
    ensure_shared_extensions(admin);
    schema_ = random_schema_name();
    admin.run("CREATE SCHEMA " + schema_);
    // The schema first, public for the extensions; the application name lets
    // terminate_connections() find this test's connections and no one else's.
    const std::string separator = std::string(base).find('?') == std::string::npos ? "?" : "&";
    url_ =
        std::string(base) + separator + "options=-csearch_path%3D" + schema_ + "%2Cpublic&application_name=" + schema_;
  } else {
    throw std::runtime_error("test: unknown backend " + backend);
  }
  if (schema == Schema::migrated) {
    store::migrate(url_);
    db_ = store::open_database(url_);
  }
}

TempDatabase::~TempDatabase() {
  db_.reset();
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  if (!schema_.empty()) {
    try {
      const AdminConnection admin(postgres_url());
      // Connections a test left open (or a test that failed half-way) must not keep the
      // schema alive.
      terminate_connections();
      admin.run("DROP SCHEMA " + schema_ + " CASCADE");
    } catch (const std::exception&) {
      // A dead server takes the schema with it; nothing to clean up.
    }
  }
}

std::unique_ptr<app::Database> TempDatabase::open_another() const { return store::open_database(url_); }

std::string TempDatabase::execute(const std::string& sql) const {
  if (backend_ == "postgresql") return AdminConnection(url_).run(sql);
  sqlite3* raw = nullptr;
  const std::string path = url_.substr(std::string("sqlite:").size());
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) throw std::runtime_error("test: cannot open " + path);
  // Statement by statement, keeping the first row of the last one that returned rows.
  std::string first;
  const char* rest = sql.c_str();
  while (rest != nullptr && *rest != '\0') {
    sqlite3_stmt* raw_stmt = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db.get(), rest, -1, &raw_stmt, &tail) != SQLITE_OK) {
      throw std::runtime_error("test: " + sql + ": " + sqlite3_errmsg(db.get()));
    }
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw_stmt, &sqlite3_finalize);
    rest = tail;
    if (!stmt) continue;  // whitespace or a comment
    const int step = sqlite3_step(stmt.get());
    if (step == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt.get(), 0);
      first = text != nullptr ? reinterpret_cast<const char*>(text) : "";
    } else if (step != SQLITE_DONE) {
      throw std::runtime_error("test: " + sql + ": " + sqlite3_errmsg(db.get()));
    }
  }
  return first;
}

int TempDatabase::server_connections() const {
  if (backend_ != "postgresql") throw std::logic_error("server_connections() is for PostgreSQL");
  return std::stoi(AdminConnection(postgres_url())
                       .run("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + schema_ + "'"));
}

int TempDatabase::terminate_connections() const {
  if (backend_ != "postgresql") throw std::logic_error("terminate_connections() is for PostgreSQL");
  const AdminConnection admin(postgres_url());
  // The timeout makes pg_terminate_backend wait until the backend is gone, so the test's
  // next statement meets a dead connection rather than a dying one.
  return std::stoi(
      admin.run("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name = '" +
                schema_ + "' AND pid <> pg_backend_pid()"));
}

}  // namespace turnus::test
