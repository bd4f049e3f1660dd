#include "http/api_fixture.hpp"

#include "platform/password_list.hpp"

namespace turnus::test {

json Reply::json_body() const {
  json j = json::parse(body, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

std::string Reply::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::vector<std::string> Reply::fields() const {
  std::vector<std::string> out;
  const json j = json_body();
  if (j.is_object() && j.contains("errors")) {
    for (const json& e : j["errors"]) out.push_back(e.value("field", ""));
  }
  return out;
}

namespace {

// Debian's python3-zxcvbn list, read once for every test, as `turnus serve` reads it.
const app::PasswordList* common_passwords() {
  static const std::optional<app::PasswordList> list = platform::read_password_list(platform::kDebianPasswordList);
  return list ? &*list : nullptr;
}

}  // namespace

ApiTest::ApiTest(http::ServerConfig config, const app::Secrets* secrets)
    : database_(GetParam()),
      use_cases_({database_.db(), clock_, zones_, secrets != nullptr ? *secrets : secrets_, common_passwords()}) {
  clock_.set(zones_.start_of_day(*domain::Date::parse("2026-03-02"), "Europe/Berlin") + 9 * 3600);
  const auto add = [&](const std::string& org, const std::string& email, domain::Role role) {
    const app::UserAdded added =
        use_cases_.add_user({org, "Europe/Berlin", email, email, role, std::string(kPassword)});
    return added.user;
  };
  const domain::User admin_a = add("Heizung A", "admin@a.example", domain::Role::admin);
  office_a_ = add("Heizung A", "office@a.example", domain::Role::office).id;
  tech_a_ = add("Heizung A", "tech@a.example", domain::Role::technician).id;
  const domain::User admin_b = add("Garage B", "admin@b.example", domain::Role::admin);
  admin_a_ = admin_a.id;
  admin_b_ = admin_b.id;
  org_a_ = admin_a.organisation_id;
  org_b_ = admin_b.organisation_id;
  as_admin_a_.token = use_cases_.create_token("admin@a.example", "test");
  as_office_a_.token = use_cases_.create_token("office@a.example", "test");
  as_tech_a_.token = use_cases_.create_token("tech@a.example", "test");
  as_admin_b_.token = use_cases_.create_token("admin@b.example", "test");
  customer_a_ = add_customer(org_a_, "Familie Schmidt");
  customer_b_ = add_customer(org_b_, "Autohaus Berg");

  config.host = "127.0.0.1";
  config.port = 0;
  if (config.workers == 0) config.workers = 4;
  if (config.io_threads == 0) config.io_threads = 2;
  config.content_type_of = [this](std::string_view bytes) { return content_types_.detect(bytes); };
  server_ = std::make_unique<http::HttpServer>(config, use_cases_, database_.db());
  if (!server_->bind()) throw std::runtime_error("cannot bind a port");
  port_ = server_->bound_port();
  thread_ = std::thread([this] { server_->run(); });
  // listen_after_bind() starts accepting at once: the socket is bound and listening.
}

ApiTest::~ApiTest() {
  server_->stop();
  thread_.join();
}

domain::Id ApiTest::add_customer(domain::Id org, const std::string& name) {
  return app::write(database_.db(), [&](app::Tx& tx) {
    domain::Customer c;
    c.organisation_id = org;
    c.name = name;
    return tx.customers().add(c).id;
  });
}

Reply ApiTest::send(const std::string& method, const std::string& path, const Caller& who, const std::string& body,
                    const std::string& content_type, const httplib::Headers& extra) {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(30, 0);
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = extra;
  if (!who.token.empty()) req.headers.emplace("Authorization", "Bearer " + who.token);
  if (!who.cookie.empty()) req.headers.emplace("Cookie", who.cookie);
  if (!who.csrf.empty()) req.headers.emplace("X-CSRF-Token", who.csrf);
  if (!who.accept_language.empty()) req.headers.emplace("Accept-Language", who.accept_language);
  if (!body.empty()) {
    req.body = body;
    req.headers.emplace("Content-Type", content_type);
  }
  const httplib::Result result = client.send(req);
  if (!result) throw std::runtime_error("HTTP request failed: " + httplib::to_string(result.error()));
  return {result->status, result->body, result->headers};
}

Reply ApiTest::upload(const std::string& path, const Caller& who, const std::string& file_name,
                      const std::string& bytes, const std::string& declared_type) {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(60, 0);
  client.set_write_timeout(60, 0);
  httplib::Headers headers{{"Authorization", "Bearer " + who.token}};
  const httplib::MultipartFormDataItems items{{"file", bytes, file_name, declared_type}};
  const httplib::Result result = client.Post(path, headers, items);
  if (!result) throw std::runtime_error("upload failed: " + httplib::to_string(result.error()));
  return {result->status, result->body, result->headers};
}

json ApiTest::contract_body() const {
  return {{"name", "Feuerlöscher prüfen"},
          {"start_date", "2026-03-15"},
          {"interval", {{"unit", "year"}, {"every", 1}}},
          {"reminder", {{"days_before", 14}}},
          {"action", {{"type", "notify"}, {"employee_id", tech_a_}}}};
}

json ApiTest::create_contract(const json& overrides) {
  json body = contract_body();
  for (const auto& [key, value] : overrides.items()) body[key] = value;
  const Reply r = post("/api/v1/maintenance-contracts", as_office_a_, body);
  if (r.status != 201) throw std::runtime_error("create_contract: " + std::to_string(r.status) + " " + r.body);
  return r.json_body();
}

}  // namespace turnus::test
