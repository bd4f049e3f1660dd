// End-to-end tests of the `turnus` binary: real processes, real SQLite files, real HTTP.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/process.hpp"
#include "support/raw_http.hpp"

namespace {

using turnus::test::BackgroundProcess;
using turnus::test::ProcessResult;
using turnus::test::run_process;

ProcessResult turnus(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), TURNUS_BINARY);
  return run_process(args, input);
}

std::size_t line_count(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

// "tn_" + at least 40 URL-safe base64 characters + newline, nothing else.
bool looks_like_token(const std::string& out) {
  if (out.size() < 44 || out.rfind("tn_", 0) != 0 || out.back() != '\n') return false;
  return std::all_of(out.begin() + 3, out.end() - 1,
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_'; });
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "turnus-cli-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string db() const { return "sqlite:" + (path_ / "t.db").string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// --- occurrences ---------------------------------------------------------------------

TEST(CliOccurrences, MonthlyFromJanuary31stClampsWithoutDrift) {
  const ProcessResult r = turnus({"occurrences", "--start", "2024-01-31", "--unit", "month", "--limit", "5"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2024-01-31\n2024-02-29\n2024-03-31\n2024-04-30\n2024-05-31\n");
  EXPECT_EQ(r.err, "");
}

TEST(CliOccurrences, DefaultLimitIsOneHundred) {
  const ProcessResult r = turnus({"occurrences", "--start", "2026-01-01", "--unit", "day"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(line_count(r.out), 100U);
}

TEST(CliOccurrences, UntilIsInclusiveAndFromSkipsEarlierOnes) {
  const ProcessResult r = turnus({"occurrences", "--start", "2026-01-05", "--unit", "week", "--every", "2", "--from",
                                  "2026-02-01", "--until", "2026-03-02"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2026-02-02\n2026-02-16\n2026-03-02\n");
}

TEST(CliOccurrences, TermEndsTheScheduleExclusively) {
  const ProcessResult r =
      turnus({"occurrences", "--start", "2024-02-29", "--unit", "year", "--term", "4", "--term-unit", "year"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2024-02-29\n2025-02-28\n2026-02-28\n2027-02-28\n");
}

TEST(CliOccurrences, FixedDatesBeforeTheStartAreNotOccurrences) {
  const ProcessResult r = turnus(
      {"occurrences", "--start", "2026-03-01", "--unit", "fixed", "--dates", "2026-09-15,2026-01-10,2027-03-15"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2026-09-15\n2027-03-15\n");
}

struct BadArguments {
  std::vector<std::string> args;
  std::string mentions;
};

class CliBadArguments : public ::testing::TestWithParam<BadArguments> {};

TEST_P(CliBadArguments, ExitTwoWithOneClearLine) {
  const ProcessResult r = turnus(GetParam().args);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(line_count(r.err), 1U) << r.err;
  EXPECT_NE(r.err.find(GetParam().mentions), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(
    All, CliBadArguments,
    ::testing::Values(
        BadArguments{{}, "subcommand"},
        BadArguments{{"occurrences", "--start", "2023-02-29", "--unit", "month"}, "--start"},
        BadArguments{{"occurrences", "--start", "31.01.2024", "--unit", "month"}, "--start"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "fortnight"}, "--unit"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "month", "--every", "0"}, "interval.every"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "month", "--every", "121"}, "interval.every"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "month", "--every", "abc"}, "--every"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "day", "--term", "2"}, "--term"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "fixed"}, "interval.dates"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "fixed", "--dates", "2024-02-01,2024-02-01"},
                     "interval.dates"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "month", "--limit", "0"}, "--limit"},
        BadArguments{{"occurrences", "--start", "2024-01-31", "--unit", "month", "--until", "2023-01-01"}, "--until"},
        BadArguments{{"occurrences", "--unit", "month"}, "--start"},
        BadArguments{{"user", "add", "--org", "X", "--email", "a@b.de", "--name", "A", "--role", "boss"}, "--role"},
        BadArguments{{"serve", "--listen", "localhost"}, "--listen"}));

TEST(CliHelp, EveryCommandHasHelp) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                                    {"serve", "--help"},
                                                                                    {"migrate", "--help"},
                                                                                    {"occurrences", "--help"},
                                                                                    {"user", "add", "--help"},
                                                                                    {"token", "create", "--help"}}) {
    const ProcessResult r = turnus(args);
    EXPECT_EQ(r.exit_code, 0) << args.back();
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
}

// --- database commands ---------------------------------------------------------------

TEST(CliDatabase, MigrateAppliesOnceThenReportsUpToDate) {
  TempDir dir;
  const ProcessResult first = turnus({"migrate", "--db", dir.db()});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("applied migration 0001"), std::string::npos) << first.out;
  const ProcessResult second = turnus({"migrate", "--db", dir.db()});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "database is up to date\n");
}

TEST(CliDatabase, DatabaseComesFromTheEnvironmentWhenNotGiven) {
  TempDir dir;
  const ProcessResult r = run_process({TURNUS_BINARY, "migrate"}, "", {"TURNUS_DB=" + dir.db()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "t.db"));
}

TEST(CliDatabase, UserAddCreatesOrganisationOnceAndTokenCreatePrintsOnlyTheToken) {
  TempDir dir;
  const ProcessResult added =
      turnus({"user", "add", "--db", dir.db(), "--org", "Heizung Müller GmbH", "--email", "chef@mueller.example",
              "--name", "Anna Müller", "--role", "admin", "--password-stdin"},
             "ein-langes-passwort\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("created"), std::string::npos) << added.out;

  const ProcessResult second = turnus({"user", "add", "--db", dir.db(), "--org", "Heizung Müller GmbH", "--email",
                                       "tech@mueller.example", "--name", "Tom", "--role", "technician"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out.find("created)"), std::string::npos) << "organisation must be reused: " << second.out;

  const ProcessResult token = turnus({"token", "create", "--db", dir.db(), "--email", "CHEF@mueller.example"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  EXPECT_TRUE(looks_like_token(token.out)) << token.out;
  const ProcessResult other = turnus({"token", "create", "--db", dir.db(), "--email", "chef@mueller.example"});
  EXPECT_NE(other.out, token.out);
}

TEST(CliDatabase, RefusedUsersChangeNothing) {
  TempDir dir;
  ASSERT_EQ(turnus({"user", "add", "--db", dir.db(), "--org", "A", "--email", "a@a.example", "--name", "A", "--role",
                    "office"})
                .exit_code,
            0);
  // Taken in the same organisation (another organisation may have the address: see
  // UserAddAndTokensWithOneAddressInTwoOrganisations).
  const ProcessResult duplicate = turnus(
      {"user", "add", "--db", dir.db(), "--org", "A", "--email", "A@a.example", "--name", "Other", "--role", "office"});
  EXPECT_EQ(duplicate.exit_code, 2);
  EXPECT_EQ(line_count(duplicate.err), 1U) << duplicate.err;
  const ProcessResult bad_name = turnus({"user", "add", "--db", dir.db(), "--org", "B", "--email", "b@b.example",
                                         "--name", "\xe2\x80\x8b", "--role", "office"});
  EXPECT_EQ(bad_name.exit_code, 2);
  EXPECT_EQ(line_count(bad_name.err), 1U) << bad_name.err;
  EXPECT_NE(bad_name.err.find("name:"), std::string::npos) << bad_name.err;
  const ProcessResult bad_zone = turnus({"user", "add", "--db", dir.db(), "--org", "C", "--email", "c@c.example",
                                         "--name", "C", "--role", "office", "--time-zone", "Mars/Olympus"});
  EXPECT_EQ(bad_zone.exit_code, 2);
  EXPECT_NE(bad_zone.err.find("time_zone"), std::string::npos) << bad_zone.err;
  const ProcessResult bad_mail = turnus(
      {"user", "add", "--db", dir.db(), "--org", "C", "--email", "not-an-address", "--name", "C", "--role", "office"});
  EXPECT_EQ(bad_mail.exit_code, 2);
  EXPECT_NE(bad_mail.err.find("email"), std::string::npos) << bad_mail.err;
  const ProcessResult short_password = turnus({"user", "add", "--db", dir.db(), "--org", "C", "--email", "c@c.example",
                                               "--name", "C", "--role", "office", "--password-stdin"},
                                              "short\n");
  EXPECT_EQ(short_password.exit_code, 2);
  EXPECT_EQ(line_count(short_password.err), 1U) << short_password.err;
  EXPECT_NE(short_password.err.find("password: The password must be at least 12 characters long"), std::string::npos)
      << short_password.err;
  const ProcessResult common = turnus({"user", "add", "--db", dir.db(), "--org", "C", "--email", "c@c.example",
                                       "--name", "C", "--role", "office", "--password-stdin"},
                                      "qwerty123456\n");
  EXPECT_EQ(common.exit_code, 2);
  EXPECT_EQ(line_count(common.err), 1U) << common.err;
  EXPECT_NE(common.err.find("password: This password is too common"), std::string::npos) << common.err;
  // None of the refused organisations exists: adding to "B" creates it now.
  const ProcessResult b = turnus(
      {"user", "add", "--db", dir.db(), "--org", "B", "--email", "b@b.example", "--name", "B", "--role", "office"});
  EXPECT_NE(b.out.find("created"), std::string::npos) << b.out;
  const ProcessResult unknown = turnus({"token", "create", "--db", dir.db(), "--email", "nobody@x.example"});
  EXPECT_EQ(unknown.exit_code, 2);
}

// `token create --expires-in`, `token list`, `token revoke`: what scripts and operators use.
TEST(CliDatabase, TokensAreListedWithoutSecretsAndRevokedById) {
  TempDir dir;
  ASSERT_EQ(turnus({"user", "add", "--db", dir.db(), "--org", "A", "--email", "a@a.example", "--name", "A", "--role",
                    "admin"})
                .exit_code,
            0);
  const ProcessResult none = turnus({"token", "list", "--db", dir.db(), "--email", "a@a.example"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "");
  const ProcessResult first = turnus(
      {"token", "create", "--db", dir.db(), "--email", "a@a.example", "--label", "Buchhaltung", "--expires-in", "30"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_TRUE(looks_like_token(first.out)) << first.out;
  ASSERT_EQ(turnus({"token", "create", "--db", dir.db(), "--email", "a@a.example"}).exit_code, 0);

  const ProcessResult listed = turnus({"token", "list", "--db", dir.db(), "--email", "A@a.example"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  ASSERT_EQ(line_count(listed.out), 2U) << listed.out;
  EXPECT_EQ(listed.out.find(first.out.substr(0, first.out.size() - 1)), std::string::npos) << "no secret listed";
  // Newest first: id, label, created, last used, expires; "-" for none.
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) fields.push_back(cell);
    ASSERT_EQ(fields.size(), 5U) << line;
    rows.push_back(fields);
  }
  EXPECT_EQ(rows[0][1], "-");
  EXPECT_EQ(rows[0][4], "-");
  EXPECT_EQ(rows[1][1], "Buchhaltung");
  EXPECT_EQ(rows[1][3], "-");
  EXPECT_EQ(rows[1][2].size(), 20U) << rows[1][2];  // 2026-12-02T15:04:05Z
  EXPECT_EQ(rows[1][4].size(), 20U) << rows[1][4];
  EXPECT_GT(rows[1][4], rows[1][2]);

  const ProcessResult revoked = turnus({"token", "revoke", "--db", dir.db(), rows[1][0]});
  EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(line_count(turnus({"token", "list", "--db", dir.db(), "--email", "a@a.example"}).out), 1U);
  const ProcessResult again = turnus({"token", "revoke", "--db", dir.db(), rows[1][0]});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(line_count(again.err), 1U) << again.err;

  for (const char* bad : {"0", "3651", "-5", "zehn"}) {
    const ProcessResult r =
        turnus({"token", "create", "--db", dir.db(), "--email", "a@a.example", "--expires-in", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_EQ(line_count(r.err), 1U) << r.err;
    EXPECT_EQ(r.out, "") << bad;
  }
  EXPECT_EQ(turnus({"token", "revoke", "--db", dir.db(), "abc"}).exit_code, 2);
}

TEST(CliDatabase, UserAddAndTokensWithOneAddressInTwoOrganisations) {
  TempDir dir;
  for (const char* org : {"Heizung Müller GmbH", "Garage Berg"}) {
    const ProcessResult r = turnus({"user", "add", "--db", dir.db(), "--org", org, "--email", "chef@beide.example",
                                    "--name", "Chef", "--role", "admin"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const ProcessResult ambiguous = turnus({"token", "create", "--db", dir.db(), "--email", "chef@beide.example"});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_EQ(line_count(ambiguous.err), 1U) << ambiguous.err;
  EXPECT_NE(ambiguous.err.find("--org"), std::string::npos) << ambiguous.err;
  EXPECT_EQ(ambiguous.out, "");
  const ProcessResult made = turnus(
      {"token", "create", "--db", dir.db(), "--email", "chef@beide.example", "--org", "Garage Berg", "--label", "x"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_TRUE(looks_like_token(made.out));
  EXPECT_EQ(turnus({"token", "list", "--db", dir.db(), "--email", "chef@beide.example"}).exit_code, 2);
  EXPECT_EQ(
      line_count(
          turnus({"token", "list", "--db", dir.db(), "--email", "chef@beide.example", "--org", "Garage Berg"}).out),
      1U);
  EXPECT_EQ(
      turnus({"token", "list", "--db", dir.db(), "--email", "chef@beide.example", "--org", "Heizung Müller GmbH"}).out,
      "");
}

// --- serve -----------------------------------------------------------------------------

// The port from "serving on http://127.0.0.1:PORT/". (No std::regex: GCC 12 under ASan
// warns inside <regex>.)
int served_port(const std::string& output) {
  const std::string prefix = "http://127.0.0.1:";
  const auto at = output.find(prefix);
  if (at == std::string::npos) return -1;
  const auto digits = at + prefix.size();
  const auto end = output.find('/', digits);
  if (end == std::string::npos || end == digits) return -1;
  return std::stoi(output.substr(digits, end - digits));
}

TEST(CliServe, FreshDatabaseGetsDemoLoginAndHealthzAnswersAndSigtermStopsCleanly) {
  TempDir dir;
  int port = -1;
  {
    BackgroundProcess server({TURNUS_BINARY, "serve", "--db", dir.db(), "--listen", "127.0.0.1:0"});
    const std::string out = server.wait_for_output("Passwort:", 60000);
    EXPECT_NE(out.find("E-Mail:"), std::string::npos) << out;
    port = served_port(out);
    ASSERT_GT(port, 0) << out;
    httplib::Client client("127.0.0.1", port);
    const httplib::Result res = client.Get("/healthz");
    ASSERT_TRUE(res) << "no answer from /healthz";
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, R"({"status":"ok"})");
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
    // Outside /api the web UI answers (its SPA fallback); an unknown API path is a problem.
    const httplib::Result missing = client.Get("/api/v1/no-such-thing");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
    EXPECT_EQ(missing->get_header_value("Content-Type"), "application/problem+json");
    EXPECT_EQ(server.stop(SIGTERM), 0);
  }
  // A second start on the same database prints no new demo login.
  BackgroundProcess again({TURNUS_BINARY, "serve", "--db", dir.db(), "--listen", "127.0.0.1:0"});
  const std::string out = again.wait_for_output("serving on", 60000);
  ASSERT_GT(served_port(out), 0) << out;
  EXPECT_EQ(again.wait_for_output("Passwort:", 500).find("Passwort:"), std::string::npos);
  EXPECT_EQ(again.stop(SIGTERM), 0);
}

// With cpp-httplib every open connection kept a server thread, an idle keep-alive one too:
// with its former sixteen threads, three browsers' idle connections stalled every other
// request until they timed out. Now an idle connection costs no thread at all.
TEST(CliServe, IdleKeepAliveConnectionsDoNotHoldUpOtherRequests) {
  TempDir dir;
  BackgroundProcess server({TURNUS_BINARY, "serve", "--db", dir.db(), "--listen", "127.0.0.1:0", "--no-scheduler",
                            "--keep-alive-timeout", "120"});
  const std::string out = server.wait_for_output("serving on", 60000);
  const int port = served_port(out);
  ASSERT_GT(port, 0) << out;
  std::vector<std::unique_ptr<httplib::Client>> idle;
  for (int i = 0; i < 24; ++i) {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
    client->set_keep_alive(true);
    const httplib::Result res = client->Get("/healthz");
    ASSERT_TRUE(res) << "connection " << i;
    idle.push_back(std::move(client));
  }
  // Held up by the idle ones, the answer would come when they time out, after 120 s.
  httplib::Client fresh("127.0.0.1", port);
  fresh.set_read_timeout(30, 0);
  const httplib::Result res = fresh.Get("/healthz");
  ASSERT_TRUE(res) << "no answer while 24 idle keep-alive connections were open";
  EXPECT_EQ(res->status, 200);
  // A graceful stop closes idle keep-alive connections at once.
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

TEST(CliServe, DemoLoginIsPrintedOnlyForAnEmptyInstallation) {
  TempDir dir;
  ASSERT_EQ(turnus({"user", "add", "--db", dir.db(), "--org", "Real GmbH", "--email", "r@r.example", "--name", "R",
                    "--role", "admin"})
                .exit_code,
            0);
  BackgroundProcess server({TURNUS_BINARY, "serve", "--db", dir.db(), "--listen", "127.0.0.1:0"});
  const std::string out = server.wait_for_output("serving on", 60000);
  ASSERT_GT(served_port(out), 0) << out;
  EXPECT_EQ(server.wait_for_output("Passwort:", 500).find("Demo"), std::string::npos);
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// An installation with one admin and an API token for them; the token without newline.
std::string admin_with_token(const TempDir& dir) {
  EXPECT_EQ(turnus({"user", "add", "--db", dir.db(), "--org", "Heizung A", "--email", "admin@a.example", "--name",
                    "Admin", "--role", "admin"})
                .exit_code,
            0);
  std::string token = turnus({"token", "create", "--db", dir.db(), "--email", "admin@a.example"}).out;
  while (!token.empty() && token.back() == '\n') token.pop_back();
  return token;
}

// The UTC calendar date `days` from now, as YYYY-MM-DD.
std::string utc_date_in(int days) {
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(days);
  const std::chrono::year_month_day ymd(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return text;
}

// The scheduler sleeps for an hour here, but a new contract that is due at once wakes it:
// its action runs within seconds, not at the next scheduled wake-up.
TEST(CliServe, ANewDueContractWakesTheSleepingScheduler) {
  TempDir dir;
  const std::string token = admin_with_token(dir);
  BackgroundProcess server(
      {TURNUS_BINARY, "serve", "--db", dir.db(), "--listen", "127.0.0.1:0", "--scheduler-max-sleep", "3600"});
  const std::string out = server.wait_for_output("serving on", 60000);
  const int port = served_port(out);
  ASSERT_GT(port, 0) << out;
  httplib::Client client("127.0.0.1", port);
  client.set_bearer_token_auth(token);
  const httplib::Result me = client.Get("/api/v1/me");
  ASSERT_TRUE(me && me->status == 200);
  const auto employee = nlohmann::json::parse(me->body).at("id").get<std::int64_t>();
  // Daily since five days ago: its next due date is today in Berlin, whatever the hour.
  const nlohmann::json draft = {{"name", "Weckruf"},
                                {"start_date", utc_date_in(-5)},
                                {"interval", {{"unit", "day"}, {"every", 1}}},
                                {"action", {{"type", "notify"}, {"employee_id", employee}}}};
  const httplib::Result created = client.Post("/api/v1/maintenance-contracts", draft.dump(), "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const auto id = nlohmann::json::parse(created->body).at("id").get<std::int64_t>();

  nlohmann::json history = nlohmann::json::array();
  for (int attempt = 0; attempt < 600 && history.empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const httplib::Result r = client.Get("/api/v1/maintenance-contracts/" + std::to_string(id) + "/executions");
    ASSERT_TRUE(r && r->status == 200);
    const nlohmann::json body = nlohmann::json::parse(r->body);
    history = body.is_array() ? body : body.at("items");
  }
  ASSERT_EQ(history.size(), 1U) << "the scheduler did not wake up for the new contract";
  EXPECT_EQ(history[0].at("outcome"), "executed");
  EXPECT_EQ(history[0].at("trigger"), "scheduler");
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// SIGTERM while a request is being received: the server stops accepting, finishes that
// request (it answers and stores it), then exits 0.
TEST(CliServe, SigtermFinishesTheRequestInFlight) {
  TempDir dir;
  const std::string token = admin_with_token(dir);
  BackgroundProcess server({TURNUS_BINARY, "serve", "--db", dir.db(), "--listen", "127.0.0.1:0", "--no-scheduler"});
  const std::string out = server.wait_for_output("serving on", 60000);
  const int port = served_port(out);
  ASSERT_GT(port, 0) << out;

  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  const std::string body = R"({"name": "Kunde während des Herunterfahrens", "email": "k@example.com"})";
  const std::string head = "POST /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\nConnection: close\r\n\r\n";
  const std::string first = head + body.substr(0, 10);
  ASSERT_EQ(write(fd, first.data(), first.size()), static_cast<ssize_t>(first.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the server is reading the body now
  ASSERT_EQ(kill(server.pid(), SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const std::string rest = body.substr(10);
  ASSERT_EQ(write(fd, rest.data(), rest.size()), static_cast<ssize_t>(rest.size()));
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 201", 0), 0U) << answer;
  EXPECT_NE(answer.find("Kunde während des Herunterfahrens"), std::string::npos) << answer;
  // Already shutting down: this second SIGTERM stays blocked, and the exit code is the first one's.
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// --- The HTTP edge under attack, against a real `turnus serve` -----------------------

using turnus::test::RawConnection;
using turnus::test::RawResponse;
using namespace std::chrono_literals;

// `turnus serve` on a fresh SQLite database in `dir`, without the scheduler, and its port.
struct Served {
  std::unique_ptr<BackgroundProcess> process;
  int port = -1;
};
Served serve_fresh(const TempDir& dir, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {TURNUS_BINARY, "serve",       "--db",          dir.db(),
                                   "--listen",    "127.0.0.1:0", "--no-scheduler"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Served served{std::make_unique<BackgroundProcess>(argv), -1};
  served.port = served_port(served.process->wait_for_output("serving on", 60000));
  return served;
}

// A field of /proc/PID/status in kB (VmRSS: resident now, VmHWM: the peak so far).
long status_kb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// Under AddressSanitizer freed memory is held back in a quarantine (256 MB by default) and
// every allocation carries redzones: resident memory says nothing about the server's own
// use there, so the Release run alone judges it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMemoryIsMeasurable = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kMemoryIsMeasurable = false;
#else
constexpr bool kMemoryIsMeasurable = true;
#endif
#else
constexpr bool kMemoryIsMeasurable = true;
#endif

void raise_own_file_limit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

// The reproduction of the audit: 300 connections that send a header one byte every few
// seconds and 1,000 that send nothing held every thread of the old server. Now they cost
// sockets only, and a new client is served at once.
TEST(CliEdge, SlowHeadersAndIdleSocketsDoNotKeepANewClientOut) {
  raise_own_file_limit();
  TempDir dir;
  const Served served = serve_fresh(dir, {"--max-connections-per-peer", "5000"});
  BackgroundProcess& server = *served.process;
  const int port = served.port;
  ASSERT_GT(port, 0);
  std::vector<std::unique_ptr<RawConnection>> idle;
  std::vector<std::unique_ptr<RawConnection>> trickling;
  for (int i = 0; i < 1000; ++i) idle.push_back(std::make_unique<RawConnection>(port));
  const std::string header = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  for (int i = 0; i < 300; ++i) {
    trickling.push_back(std::make_unique<RawConnection>(port));
    trickling.back()->send(header.substr(0, 1));
  }
  const long rss_with_connections = status_kb(server.pid(), "VmRSS");
  std::chrono::milliseconds slowest{0};
  for (std::size_t round = 1; round <= 4; ++round) {
    std::this_thread::sleep_for(1500ms);
    for (const auto& c : trickling) c->send(header.substr(std::min(round, header.size() - 1), 1));
    const auto started = std::chrono::steady_clock::now();
    RawConnection fresh(port);
    ASSERT_TRUE(fresh.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    const std::optional<RawResponse> r = fresh.read_response(5s);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    ASSERT_TRUE(r) << "round " << round;
    EXPECT_EQ(r->status, 200);
    slowest = std::max(slowest, took);
  }
  EXPECT_LT(slowest, 1000ms) << "a new client waited behind 1,300 connections that hold nothing";
  std::cout << "[ measure  ] 1,300 open connections: server VmRSS " << rss_with_connections << " kB; slowest /healthz "
            << slowest.count() << " ms\n";
  // The header deadline (10 s from the first byte) ends the trickling ones.
  std::size_t ended = 0;
  for (const auto& c : trickling) ended += c->wait_closed(15s) ? 1U : 0U;
  EXPECT_EQ(ended, trickling.size());
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// 40 clients without credentials each announce a 25 MB upload and send it anyway: each is
// refused on its header (401), nothing of the bodies is kept, the server's memory stays flat.
TEST(CliEdge, UnauthenticatedLargeUploadsAreRefusedOnTheirHeaderAndCostNoMemory) {
  TempDir dir;
  const Served served = serve_fresh(dir);
  BackgroundProcess& server = *served.process;
  const int port = served.port;
  ASSERT_GT(port, 0);
  const long before = status_kb(server.pid(), "VmHWM");
  const std::size_t size = std::size_t{25} * 1024 * 1024;
  const std::string chunk(std::size_t{1024} * 1024, 'u');
  std::vector<std::future<int>> clients;
  for (int i = 0; i < 40; ++i) {
    clients.push_back(std::async(std::launch::async, [&] {
      RawConnection c(port);
      c.send(
          "POST /api/v1/maintenance-contracts/1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " +
          std::to_string(size) + "\r\n\r\n");
      const std::optional<RawResponse> r = c.read_response(30s);
      // A careless client goes on sending; the server reads it only to throw it away.
      for (std::size_t sent = 0; sent < size && c.send(chunk); sent += chunk.size()) {
      }
      return r ? r->status : -1;
    }));
  }
  int unauthenticated = 0;
  for (auto& f : clients) unauthenticated += f.get() == 401 ? 1 : 0;
  EXPECT_EQ(unauthenticated, 40);
  const long after = status_kb(server.pid(), "VmHWM");
  std::cout << "[ measure  ] 40 unauthenticated 25 MB uploads: server peak RSS " << before << " -> " << after
            << " kB\n";
  if (kMemoryIsMeasurable) {
    EXPECT_LT(after - before, 100 * 1024) << "the server kept what it was sent";
  }
  httplib::Client client("127.0.0.1", port);
  const httplib::Result health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// A 25 MB document downloaded by 40 clients that read slowly: each holds one piece of it
// in the server, not the whole file.
TEST(CliEdge, SlowDownloadsOfALargeDocumentHoldOnePieceEach) {
  TempDir dir;
  const std::string token = admin_with_token(dir);
  const Served served = serve_fresh(dir);
  BackgroundProcess& server = *served.process;
  const int port = served.port;
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  client.set_bearer_token_auth(token);
  client.set_read_timeout(120, 0);
  client.set_write_timeout(120, 0);
  const auto employee = nlohmann::json::parse(client.Get("/api/v1/me")->body).at("id").get<std::int64_t>();
  const nlohmann::json draft = {{"name", "Handbuch"},
                                {"start_date", utc_date_in(30)},
                                {"interval", {{"unit", "year"}, {"every", 1}}},
                                {"action", {{"type", "notify"}, {"employee_id", employee}}}};
  const httplib::Result created = client.Post("/api/v1/maintenance-contracts", draft.dump(), "application/json");
  ASSERT_TRUE(created && created->status == 201);
  const auto contract = nlohmann::json::parse(created->body).at("id").get<std::int64_t>();
  std::string bytes(std::size_t{25} * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * std::size_t{2654435761U}) >> 13U);
  const httplib::Result uploaded =
      client.Post("/api/v1/maintenance-contracts/" + std::to_string(contract) + "/documents",
                  httplib::MultipartFormDataItems{{"file", bytes, "handbuch.bin", "application/octet-stream"}});
  ASSERT_TRUE(uploaded);
  ASSERT_EQ(uploaded->status, 201) << uploaded->body;
  const std::string path = "/api/v1/documents/" +
                           std::to_string(nlohmann::json::parse(uploaded->body).at("id").get<std::int64_t>()) +
                           "/content";
  const long before = status_kb(server.pid(), "VmRSS");
  std::vector<std::unique_ptr<RawConnection>> readers;
  for (int i = 0; i < 40; ++i) {
    readers.push_back(std::make_unique<RawConnection>(port, 16 * 1024));
    readers.back()->send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n");
  }
  long peak = before;
  for (int round = 0; round < 10; ++round) {
    for (const auto& r : readers) r->read_some(4096, 10ms);
    std::this_thread::sleep_for(200ms);
    peak = std::max(peak, status_kb(server.pid(), "VmRSS"));
  }
  std::cout << "[ measure  ] 40 slow downloads of 25 MB: server VmRSS " << before << " kB before, " << peak
            << " kB at most while they read\n";
  // SQLite's page cache (64 MB per connection, one connection per worker) holds pieces
  // of the file too; what matters is that 40 readers do not hold 40 files.
  if (kMemoryIsMeasurable) {
    EXPECT_LT(peak - before, 200 * 1024) << "the downloads are held in memory whole";
  }
  readers.clear();
  // And the document arrives whole when read at speed.
  const httplib::Result whole = client.Get(path);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 200);
  EXPECT_TRUE(whole->body == bytes);
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// A path with an encoded line break and a terminal escape cannot start a log line of its
// own or colour the operator's terminal: the server's log escapes them.
TEST(CliEdge, WhatAClientSendsCannotForgeALogLine) {
  TempDir dir;
  const Served served = serve_fresh(dir);
  BackgroundProcess& server = *served.process;
  const int port = served.port;
  ASSERT_GT(port, 0);
  RawConnection c(port);
  c.send("GET /api/v1/x%0d%0a2026-01-01%20[info]%20admin%20logged%20in%1b[2J HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const std::optional<RawResponse> r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  const std::string log = server.wait_for_output("x\\x0d\\x0a", 5000);
  EXPECT_NE(log.find("/api/v1/x\\x0d\\x0a2026-01-01 [info] admin logged in\\x1b[2J 404"), std::string::npos) << log;
  EXPECT_EQ(log.find("\n2026-01-01 [info] admin"), std::string::npos) << log;
  EXPECT_EQ(log.find('\x1b'), std::string::npos) << log;
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

}  // namespace
