// The HTTP tests' fixture: a real HttpServer on a real port (127.0.0.1, port 0) over a real
// database of the backend under test, with two organisations (A: admin, office,
// technician; B: admin) and their API tokens, talked to with httplib::Client.
// One fixture per test; not thread-safe itself (the server it runs is).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "app/use_cases.hpp"
#include "http/server.hpp"
#include "platform/content_type.hpp"
#include "platform/system.hpp"
#include "support/temp_database.hpp"

namespace turnus::test {

using nlohmann::json;

class TestClock final : public app::Clock {
 public:
  domain::Timestamp now() const override { return now_.load(); }
  void set(domain::Timestamp t) { now_ = t; }

 private:
  std::atomic<domain::Timestamp> now_{0};
};

struct Reply {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  json json_body() const;  // null when the body is not JSON
  std::string header(const std::string& name) const;
  // The "field" of every entry of a problem's "errors".
  std::vector<std::string> fields() const;
};

struct Caller {
  std::string token;            // Bearer, when set
  std::string cookie;           // "turnus_session=…", when set
  std::string csrf;             // X-CSRF-Token, when set
  std::string accept_language;  // when set
};

// A caller with this Bearer token.
inline Caller bearer(std::string token) {
  Caller c;
  c.token = std::move(token);
  return c;
}

// Password hashing without argon2id, for tests that log in hundreds of times (the login
// throttle's): the hash is a SHA-256.
class FastSecrets final : public app::Secrets {
 public:
  std::string hash_password(std::string_view password) const override { return "fast$" + real_.sha256_hex(password); }
  bool verify_password(std::string_view hash, std::string_view password) const override {
    return hash == "fast$" + real_.sha256_hex(password);
  }
  std::string random_secret(std::size_t bytes) const override { return real_.random_secret(bytes); }
  std::string sha256_hex(std::string_view data) const override { return real_.sha256_hex(data); }
  std::string sha256_hex(app::ByteSource& data) const override { return real_.sha256_hex(data); }

 private:
  platform::SodiumSecrets real_;
};

class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApiTest() : ApiTest(http::ServerConfig{}) {}
  // `secrets`: instead of libsodium's (which the real server uses); must outlive the test.
  explicit ApiTest(http::ServerConfig config, const app::Secrets* secrets = nullptr);
  ~ApiTest() override;

  Reply send(const std::string& method, const std::string& path, const Caller& who, const std::string& body = "",
             const std::string& content_type = "application/json", const httplib::Headers& extra = {});
  Reply get(const std::string& path, const Caller& who) { return send("GET", path, who); }
  Reply post(const std::string& path, const Caller& who, const json& body = nullptr) {
    return send("POST", path, who, body.is_null() ? "" : body.dump());
  }
  Reply patch(const std::string& path, const Caller& who, const json& body) {
    return send("PATCH", path, who, body.dump());
  }
  Reply del(const std::string& path, const Caller& who) { return send("DELETE", path, who); }
  Reply upload(const std::string& path, const Caller& who, const std::string& file_name, const std::string& bytes,
               const std::string& declared_type = "application/octet-stream");

  domain::Id add_customer(domain::Id org, const std::string& name);
  // A contract of org A through the API (internal recurring task, notify the technician).
  json create_contract(const json& overrides = json::object());
  json contract_body() const;

  TempDatabase database_;
  TestClock clock_;
  platform::OsTimeZones zones_;
  platform::SodiumSecrets secrets_;
  platform::MagicContentTypes content_types_;
  app::UseCases use_cases_;
  std::unique_ptr<http::HttpServer> server_;
  std::thread thread_;
  int port_ = 0;

  domain::Id org_a_ = 0, org_b_ = 0;
  domain::Id admin_a_ = 0, office_a_ = 0, tech_a_ = 0, admin_b_ = 0;
  domain::Id customer_a_ = 0, customer_b_ = 0;
  Caller as_admin_a_, as_office_a_, as_tech_a_, as_admin_b_;
  static constexpr const char* kPassword = "correct horse battery";
};

}  // namespace turnus::test
