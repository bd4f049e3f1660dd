#include "cli/commands.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "app/use_cases.hpp"
#include "cli/scheduler_loop.hpp"
#include "domain/instant.hpp"
#include "domain/schedule.hpp"
#include "http/server.hpp"
#include "platform/content_type.hpp"
#include "platform/password_list.hpp"
#include "platform/system.hpp"
#include "store/copy.hpp"
#include "store/store.hpp"

namespace turnus::cli {

using domain::Date;

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts; nothing sets the environment.
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::string data_dir(const Options& o) { return o.data_dir.empty() ? env_or("TURNUS_DATA_DIR", "data") : o.data_dir; }

// --db, then TURNUS_DB, then the embedded SQLite file in the data directory.
std::string database_url(const Options& o) {
  if (!o.db.empty()) return o.db;
  std::string from_env = env_or("TURNUS_DB", "");
  if (!from_env.empty()) return from_env;
  const std::string dir = data_dir(o);
  std::filesystem::create_directories(dir);
  return "sqlite:" + dir + "/turnus.db";
}

Date parse_date_option(const std::string& option, const std::string& text) {
  const std::optional<Date> d = Date::parse(text);
  if (!d) throw UsageError(option + ": '" + text + "' is not a valid date (YYYY-MM-DD, 1900-01-01 to 9999-12-31)");
  return *d;
}

// The list of common passwords new passwords are checked against (docs/adr/0009-passwords.md):
// TURNUS_COMMON_PASSWORDS names a file (which must then be readable), else Debian's
// python3-zxcvbn list. Without either, nullopt: passwords are only checked for length and
// against the e-mail address, and the commands that set passwords say so.
std::optional<app::PasswordList> common_passwords() {
  const std::string chosen = env_or("TURNUS_COMMON_PASSWORDS", "");
  std::optional<app::PasswordList> list =
      platform::read_password_list(chosen.empty() ? platform::kDebianPasswordList : chosen);
  if (!list && !chosen.empty()) {
    throw UsageError("TURNUS_COMMON_PASSWORDS: cannot read the password list " + chosen);
  }
  return list;
}

constexpr const char* kNoPasswordList =
    "no list of common passwords (install python3-zxcvbn or set TURNUS_COMMON_PASSWORDS): new passwords are "
    "checked for length and against the e-mail address only";

// The platform services and the store, wired once per command.
struct Runtime {
  platform::SystemClock clock;
  platform::OsTimeZones zones;
  platform::SodiumSecrets secrets;
  std::optional<app::PasswordList> passwords = common_passwords();
  std::unique_ptr<app::Database> db;
  std::unique_ptr<app::UseCases> use_cases;

  explicit Runtime(const std::string& url) {
    store::migrate(url);
    db = store::open_database(url);
    use_cases =
        std::make_unique<app::UseCases>(app::Services{*db, clock, zones, secrets, passwords ? &*passwords : nullptr});
  }
};

int run_occurrences(const Options& o) {
  const Date start = parse_date_option("--start", o.start);
  domain::Interval interval;
  interval.unit = *domain::interval_unit_from_string(o.unit);  // CLI11 already checked the set
  interval.every = o.every;
  if (!o.dates.empty()) {
    std::stringstream list(o.dates);
    std::string item;
    while (std::getline(list, item, ',')) interval.dates.push_back(parse_date_option("--dates", item));
  }
  std::optional<domain::Term> term;
  if (o.term) term = domain::Term{*o.term, *domain::term_unit_from_string(o.term_unit)};
  const domain::Schedule schedule = domain::Schedule::create(start, interval, term);
  const Date from = o.from.empty() ? start : parse_date_option("--from", o.from);
  const Date until = o.until.empty() ? Date::max() : parse_date_option("--until", o.until);
  if (until < from) throw UsageError("--until lies before --from");
  // Stops at --until or after --limit lines (default 100), whichever comes first.
  const auto limit = static_cast<std::size_t>(o.limit);
  std::size_t printed = 0;
  std::string out;
  schedule.for_each_between(from, until, [&](Date d) {
    out += d.to_string();
    out += '\n';
    if (out.size() > (std::size_t{1} << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
    return ++printed < limit;
  });
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int run_migrate(const Options& o) {
  const std::string url = database_url(o);
  const std::vector<store::Migration> applied = store::migrate(url);
  if (applied.empty()) {
    std::printf("database is up to date\n");
  } else {
    for (const store::Migration& m : applied) std::printf("applied migration %04d %s\n", m.version, m.name.c_str());
  }
  return 0;
}

int run_user_add(const Options& o) {
  // CLI11 checks --role against the same names; this keeps the two from drifting apart.
  const std::optional<domain::Role> role = domain::role_from_string(o.role);
  if (!role) throw UsageError("--role: must be admin, office or technician");
  app::NewUser user{o.org, o.time_zone, o.email, o.name, *role, std::nullopt};
  if (o.password_stdin) {
    std::string line;
    if (!std::getline(std::cin, line)) throw UsageError("--password-stdin: no password on standard input");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    user.password = line;
  }
  Runtime rt(database_url(o));
  if (user.password && !rt.passwords) std::fprintf(stderr, "turnus: warning: %s\n", kNoPasswordList);
  const app::UserAdded added = rt.use_cases->add_user(user);
  std::printf("user %lld <%s> (%s) added to organisation \"%s\" (id %lld%s)\n", static_cast<long long>(added.user.id),
              added.user.email.c_str(), std::string(domain::to_string(added.user.role)).c_str(),
              added.organisation.name.c_str(), static_cast<long long>(added.organisation.id),
              added.organisation_created ? ", created" : "");
  if (!user.password) std::printf("no password set: this user cannot log in until one is set\n");
  return 0;
}

// "host pid N (what)", for the scheduler status.
std::string instance_name(const char* what) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + " pid " + std::to_string(getpid()) + " (" + what + ")";
}

int run_tick(const Options& o) {
  app::PassTime when;
  if (const std::optional<Date> day = Date::parse(o.now)) {
    when.local_date = day;
  } else if (const std::optional<domain::Timestamp> instant = domain::parse_rfc3339(o.now)) {
    when.instant = instant;
  } else {
    throw UsageError("--now: '" + o.now + "' is neither an RFC 3339 instant (2027-01-01T00:00:00+01:00) nor a date");
  }
  Runtime rt(database_url(o));
  const domain::Timestamp started_at = rt.clock.now();
  const auto started = std::chrono::steady_clock::now();
  const app::PassReport r = rt.use_cases->run_due_occurrences(when, o.batch);
  const auto duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  rt.use_cases->record_pass(r, started_at, duration_ms, instance_name("tick"));
  log_pass(r, duration_ms, o.now);
  std::printf("pass as of %s: %d organisations, %d executed (%d caught up), %d skipped, %d failed\n", o.now.c_str(),
              r.organisations, r.executed, r.caught_up, r.skipped, r.failed);
  for (const std::string& failure : r.failures) std::fprintf(stderr, "turnus: action failed: %s\n", failure.c_str());
  return 0;
}

int run_copy_db(const Options& o) {
  const store::CopyReport report = store::copy_database(o.copy_from, o.copy_to);
  std::int64_t total = 0;
  for (const auto& [table, rows] : report.rows_per_table) {
    std::printf("%-24s %lld rows\n", table.c_str(), static_cast<long long>(rows));
    total += rows;
  }
  std::printf("copied %lld rows; point TURNUS_DB at the new database now\n", static_cast<long long>(total));
  return 0;
}

int run_token_create(const Options& o) {
  Runtime rt(database_url(o));
  const app::CreatedToken created = rt.use_cases->create_token({o.email, o.org, o.label, o.expires_in});
  std::printf("%s\n", created.secret.c_str());
  return 0;
}

std::string instant_or_dash(const std::optional<domain::Timestamp>& t) {
  return t ? domain::format_rfc3339_utc(*t) : std::string("-");
}

// One line per token, tab-separated: id, label ("-" when empty), created, last used,
// expires (RFC 3339 UTC, "-" for never). Revoked tokens are not listed.
int run_token_list(const Options& o) {
  Runtime rt(database_url(o));
  for (const app::TokenInfo& info : rt.use_cases->user_tokens(o.email, o.org)) {
    const domain::ApiToken& t = info.token;
    std::printf("%lld\t%s\t%s\t%s\t%s\n", static_cast<long long>(t.id), t.label.empty() ? "-" : t.label.c_str(),
                domain::format_rfc3339_utc(t.created_at).c_str(), instant_or_dash(t.last_used_at).c_str(),
                instant_or_dash(t.expires_at).c_str());
  }
  return 0;
}

int run_token_revoke(const Options& o) {
  Runtime rt(database_url(o));
  rt.use_cases->revoke_token(o.token_id);
  std::printf("token %lld revoked\n", static_cast<long long>(o.token_id));
  return 0;
}

// The URL without its password, for printing.
std::string redacted(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::pair<std::string, int> split_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) throw UsageError("--listen: expected HOST:PORT, got '" + listen + "'");
  const std::string host = listen.substr(0, colon);
  const std::string port_text = listen.substr(colon + 1);
  int port = -1;
  try {
    std::size_t used = 0;
    port = std::stoi(port_text, &used);
    if (used != port_text.size()) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) throw UsageError("--listen: '" + port_text + "' is not a port number (0-65535)");
  return {host, port};
}

// The built UI: --web-root / TURNUS_WEB_ROOT, else web/ beside the binary (build tree),
// else ../share/turnus/web (installed); empty when none has an index.html (API only).
std::string web_root_of(const Options& o) {
  if (!o.web_root.empty()) return o.web_root;
  std::error_code ec;
  const std::filesystem::path exe_dir = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
  if (ec) return {};
  for (const std::filesystem::path& dir : {exe_dir / "web", exe_dir / ".." / "share" / "turnus" / "web"}) {
    if (std::filesystem::is_regular_file(dir / "index.html", ec)) return dir.lexically_normal().string();
  }
  return {};
}

int run_serve(const Options& o) {
  const auto [host, port] = split_listen(o.listen);
  // Block the shutdown signals before any thread starts, so only the waiter below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const std::string url = database_url(o);
  Runtime rt(url);
  if (!rt.passwords) spdlog::warn("{}", kNoPasswordList);
  const std::optional<app::DemoLogin> demo = rt.use_cases->ensure_demo_organisation();

  const platform::MagicContentTypes content_types;
  http::ServerConfig config;
  config.host = host;
  config.port = port;
  if (o.threads > 0) spdlog::warn("--threads is no longer used: a connection costs no thread (see --workers)");
  const unsigned long open_files = platform::raise_open_file_limit();
  config.io_threads = static_cast<std::size_t>(o.io_threads);
  config.workers = static_cast<std::size_t>(o.workers);
  // Room for the database's files and connections beside the clients' sockets.
  config.max_connections =
      std::min<std::size_t>(static_cast<std::size_t>(o.max_connections), open_files > 256 ? open_files - 128 : 128);
  config.max_connections_per_peer = static_cast<std::size_t>(o.max_connections_per_peer);
  config.max_upload_bytes = static_cast<std::size_t>(o.max_upload_mb) * 1024 * 1024;
  config.keep_alive_timeout_seconds = o.keep_alive_timeout;
  config.header_timeout_seconds = o.header_timeout;
  config.min_body_bytes_per_second = static_cast<std::size_t>(o.min_body_rate_kb) * 1024;
  config.write_timeout_seconds = o.request_timeout;
  config.spool_dir = o.spool_dir;
  if (config.spool_dir.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(data_dir(o), ec)) config.spool_dir = data_dir(o);
  }
  config.cookie_secure = o.cookie_secure;
  config.trust_proxy = o.trust_proxy;
  config.content_type_of = [&content_types](std::string_view bytes) { return content_types.detect(bytes); };
  config.web_root = web_root_of(o);
  if (config.web_root.empty()) spdlog::warn("no web UI found (build it or pass --web-root); serving the API only");
  http::HttpServer server(config, *rt.use_cases, *rt.db);
  if (!server.bind()) throw UsageError("--listen: cannot listen on " + o.listen + " (address in use or invalid)");

  std::printf("turnus is serving on http://%s:%d/  (database: %s)\n", host.c_str(), server.bound_port(),
              redacted(url).c_str());
  if (demo) {
    std::printf("Demo organisation \"%s\" created. Log in with\n  E-Mail:   %s\n  Passwort: %s\n",
                demo->organisation.c_str(), demo->email.c_str(), demo->password.c_str());
  }
  std::fflush(stdout);

  // The scheduler runs beside the server; contract changes wake it. It stops first on
  // shutdown, so no pass starts while requests are being finished.
  SchedulerLoop scheduler(*rt.use_cases, rt.clock,
                          {std::chrono::seconds(o.scheduler_max_sleep), 500, instance_name("serve")});
  if (o.no_scheduler) {
    spdlog::info("scheduler off (--no-scheduler): run `turnus tick` or another instance for due work");
  } else {
    rt.use_cases->set_change_notifier(&scheduler);
    scheduler.start();
  }

  std::thread waiter([&server, &scheduler, signals] {
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("signal {} received, stopping the scheduler and finishing requests in flight", received);
    scheduler.stop();
    server.stop();
  });
  server.run();
  // run() also returns when listening fails; the waiter must end too. Every thread blocks
  // SIGTERM, so this process-directed signal reaches the waiter's sigwait.
  kill(getpid(), SIGTERM);
  waiter.join();
  spdlog::info("turnus stopped");
  return 0;
}

void add_db_options(CLI::App* cmd, Options& o) {
  cmd->add_option("--db", o.db, "Database URL: sqlite:PATH or postgresql://… (env TURNUS_DB)");
  cmd->add_option("--data-dir", o.data_dir,
                  "Data directory for the default SQLite file (env TURNUS_DATA_DIR, default ./data)");
}

}  // namespace

void register_commands(CLI::App& app, Options& o) {
  CLI::App* serve = app.add_subcommand("serve", "Run the web server (API and UI) and the scheduler");
  add_db_options(serve, o);
  serve->add_option("--listen", o.listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_option("--io-threads", o.io_threads, "Threads doing socket I/O (default 0: one per CPU core)")
      ->envname("TURNUS_IO_THREADS")
      ->check(CLI::Range(0, 256));
  serve
      ->add_option("--workers", o.workers,
                   "Requests handled at once; the others wait in arrival order (default 0: the database's pool "
                   "size; SQLite: 2 x CPU cores, min 4)")
      ->envname("TURNUS_WORKERS")
      ->check(CLI::Range(0, 1024));
  serve->add_option("--active-requests", o.workers, "Old name of --workers")->group("")->check(CLI::Range(0, 1024));
  serve->add_option("--threads", o.threads, "No longer used: a connection costs no thread")
      ->group("")
      ->check(CLI::Range(1, 4096));
  serve
      ->add_option("--max-connections", o.max_connections,
                   "Open connections in all; beyond, the longest idle one is closed (default 10000)")
      ->envname("TURNUS_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1'000'000));
  serve
      ->add_option("--max-connections-per-peer", o.max_connections_per_peer,
                   "Open connections per client address (default 1000; behind a reverse proxy set it to "
                   "--max-connections)")
      ->envname("TURNUS_MAX_CONNECTIONS_PER_PEER")
      ->check(CLI::Range(1, 1'000'000));
  // The use case refuses documents above 25 MB whatever the server lets through.
  serve->add_option("--max-upload-mb", o.max_upload_mb, "Largest document upload in MB, 1-25 (default 25)")
      ->envname("TURNUS_MAX_UPLOAD_MB")
      ->check(CLI::Range(1, 25));
  serve
      ->add_option("--keep-alive-timeout", o.keep_alive_timeout,
                   "Idle keep-alive connections close after N s (default 15)")
      ->envname("TURNUS_KEEP_ALIVE_TIMEOUT")
      ->check(CLI::Range(1, 3600));
  serve
      ->add_option("--header-timeout", o.header_timeout,
                   "A request's header must arrive within N s of its first byte (default 10)")
      ->envname("TURNUS_HEADER_TIMEOUT")
      ->check(CLI::Range(1, 300));
  serve
      ->add_option("--min-body-rate-kb", o.min_body_rate_kb,
                   "Bodies must arrive at N KB/s at least, after the header timeout as grace (default 10)")
      ->envname("TURNUS_MIN_BODY_RATE_KB")
      ->check(CLI::Range(1, 1'000'000));
  serve
      ->add_option("--request-timeout", o.request_timeout,
                   "A write to a client that makes no progress for N s is abandoned (default 30)")
      ->envname("TURNUS_REQUEST_TIMEOUT")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--spool-dir", o.spool_dir, "Where uploads are spooled while they arrive (default: the data dir)")
      ->envname("TURNUS_SPOOL_DIR");
  serve->add_flag("--cookie-secure", o.cookie_secure, "Always mark the session cookie Secure (TLS in front)")
      ->envname("TURNUS_COOKIE_SECURE");
  serve
      ->add_flag("--trust-proxy", o.trust_proxy,
                 "Trust X-Forwarded-For/-Proto from a reverse proxy (only behind one that overwrites them)")
      ->envname("TURNUS_TRUST_PROXY");
  serve->add_option("--web-root", o.web_root, "Directory of the built web UI (default: web/ beside the binary)")
      ->envname("TURNUS_WEB_ROOT");
  serve
      ->add_flag("--no-scheduler", o.no_scheduler,
                 "Run no scheduler in this instance (another instance or `turnus tick` from cron does)")
      ->envname("TURNUS_NO_SCHEDULER");
  serve
      ->add_option("--scheduler-max-sleep", o.scheduler_max_sleep,
                   "Longest sleep of the scheduler between passes in s (default 60); contract changes and due "
                   "dates wake it earlier")
      ->envname("TURNUS_SCHEDULER_MAX_SLEEP")
      ->check(CLI::Range(1, 86400));

  CLI::App* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema");
  add_db_options(migrate, o);

  CLI::App* tick = app.add_subcommand("tick", "Run one scheduler pass as of an instant, then exit (cron, operations)");
  add_db_options(tick, o);
  tick->add_option("--now", o.now, "RFC 3339 instant, or a date meaning 00:00 in each organisation's time zone")
      ->required();
  tick->add_option("--batch", o.batch, "Contracts per transaction (default 500)")->check(CLI::Range(1, 100000));

  CLI::App* copy = app.add_subcommand("copy-db", "Copy a whole SQLite installation into an empty PostgreSQL database");
  copy->add_option("--from", o.copy_from, "Source: sqlite:PATH")->required();
  copy->add_option("--to", o.copy_to, "Target: postgresql://… (must be empty)")->required();

  CLI::App* occ = app.add_subcommand("occurrences", "Print the due dates of a schedule, one per line (no database)");
  occ->add_option("--start", o.start, "Start date YYYY-MM-DD (the first occurrence)")->required();
  occ->add_option("--unit", o.unit, "Interval unit")
      ->required()
      ->check(CLI::IsMember({"year", "month", "week", "day", "fixed"}));
  occ->add_option("--every", o.every, "Every N units (year 1-10, month 1-120, week 1-520, day 1-3650)");
  occ->add_option("--dates", o.dates, "Comma-separated dates for --unit fixed");
  CLI::Option* term = occ->add_option("--term", o.term, "Term (Laufzeit) length; occurrences end before start + term");
  CLI::Option* term_unit =
      occ->add_option("--term-unit", o.term_unit, "Unit of --term")->check(CLI::IsMember({"month", "year"}));
  term->needs(term_unit);
  term_unit->needs(term);
  occ->add_option("--from", o.from, "First date to print from (default: start)");
  occ->add_option("--until", o.until, "Last date to print, inclusive");
  occ->add_option("--limit", o.limit, "Print at most N dates (default 100)")->check(CLI::Range(1, 1000000));

  CLI::App* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  CLI::App* user_add = user->add_subcommand("add", "Add a user (and its organisation when new)");
  add_db_options(user_add, o);
  user_add->add_option("--org", o.org, "Organisation name; created when it does not exist")->required();
  user_add->add_option("--email", o.email, "E-mail address, used to log in")->required();
  user_add->add_option("--name", o.name, "Full name")->required();
  user_add->add_option("--role", o.role, "Role")->required()->check(CLI::IsMember({"admin", "office", "technician"}));
  user_add->add_option("--time-zone", o.time_zone, "Time zone of a new organisation (default Europe/Berlin)");
  user_add->add_flag("--password-stdin", o.password_stdin, "Read the password (one line) from standard input");

  CLI::App* token = app.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  CLI::App* token_create = token->add_subcommand("create", "Create an API token; prints it once");
  add_db_options(token_create, o);
  token_create->add_option("--email", o.email, "The user the token acts as")->required();
  token_create->add_option("--org", o.org, "The user's organisation, when the address is in several");
  token_create->add_option("--label", o.label, "What the token is for");
  token_create->add_option("--expires-in", o.expires_in, "Days until the token expires (1-3650; default: never)")
      ->check(CLI::Range(app::kMinTokenDays, app::kMaxTokenDays));
  CLI::App* token_list = token->add_subcommand(
      "list", "List a user's API tokens, one per line: id, label, created, last used, expires (tab-separated)");
  add_db_options(token_list, o);
  token_list->add_option("--email", o.email, "The user whose tokens to list")->required();
  token_list->add_option("--org", o.org, "The user's organisation, when the address is in several");
  CLI::App* token_revoke = token->add_subcommand("revoke", "Revoke an API token for good");
  add_db_options(token_revoke, o);
  token_revoke->add_option("id", o.token_id, "The token's id (from `turnus token list`)")
      ->required()
      ->check(CLI::PositiveNumber);
}

int run_selected(CLI::App& app, Options& o) {
  if (app.got_subcommand("occurrences")) return run_occurrences(o);
  if (app.got_subcommand("migrate")) return run_migrate(o);
  if (app.got_subcommand("serve")) return run_serve(o);
  if (app.got_subcommand("tick")) return run_tick(o);
  if (app.got_subcommand("copy-db")) return run_copy_db(o);
  if (CLI::App* user = app.get_subcommand("user"); user->parsed()) return run_user_add(o);
  if (CLI::App* token = app.get_subcommand("token"); token->parsed()) {
    if (token->got_subcommand("list")) return run_token_list(o);
    if (token->got_subcommand("revoke")) return run_token_revoke(o);
    return run_token_create(o);
  }
  return 2;
}

std::string one_line(const domain::Error& error) {
  if (error.fields().empty()) return error.message().en;
  std::string line;
  for (const domain::FieldError& f : error.fields()) {
    if (!line.empty()) line += "; ";
    std::string message = f.message.en;
    if (!message.empty() && message.back() == '.') message.pop_back();
    line += f.field + ": " + message;
  }
  return line;
}

}  // namespace turnus::cli
