// The `turnus` subcommands of api.md: their options and what each runs.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "domain/error.hpp"

namespace turnus::cli {

// Bad arguments that CLI11 cannot see (e.g. an invalid date): exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string db;        // --db; falls back to TURNUS_DB, then sqlite:<data dir>/turnus.db
  std::string data_dir;  // --data-dir; falls back to TURNUS_DATA_DIR, then ./data
  // serve
  std::string listen = "127.0.0.1:8080";
  int io_threads = 0;  // 0: one per CPU core
  int workers = 0;     // 0: the database's pool size (SQLite: twice the CPU cores, at least 4)
  int threads = 0;     // --threads: no longer used (connections cost no thread); accepted, warned about
  int max_connections = 10'000;
  int max_connections_per_peer = 1'000;
  int max_upload_mb = 25;
  int keep_alive_timeout = 15;
  int header_timeout = 10;
  int request_timeout = 30;
  int min_body_rate_kb = 10;
  std::string spool_dir;  // --spool-dir; default: the data dir when it exists, else $TMPDIR
  bool cookie_secure = false;
  bool trust_proxy = false;
  std::string web_root;          // --web-root; default: web/ beside the binary, then ../share/turnus/web
  bool no_scheduler = false;     // --no-scheduler: `turnus tick` from cron does the passes
  int scheduler_max_sleep = 60;  // --scheduler-max-sleep, seconds
  // copy-db
  std::string copy_from, copy_to;
  // tick
  std::string now;
  int batch = 500;
  // occurrences
  std::string start, unit, dates, from, until, term_unit;
  int every = 1;
  std::optional<int> term;
  int limit = 100;
  // user add / token create, list, revoke
  std::string org, email, name, role, time_zone = "Europe/Berlin", label;
  bool password_stdin = false;
  std::optional<int> expires_in;  // token create --expires-in DAYS
  std::int64_t token_id = 0;      // token revoke ID
};

void register_commands(CLI::App& app, Options& options);
int run_selected(CLI::App& app, Options& options);
// An Error as one English line: "field: message; field: message".
std::string one_line(const domain::Error& error);

}  // namespace turnus::cli
