// Walks the route table: every route except GET /healthz and POST /api/v1/session answers
// 401 without credentials; the OpenAPI document lists exactly the routes that exist; and
// organisation B gets 404 for every route with organisation A's ids.
#include <map>
#include <set>

#include <gmock/gmock.h>

#include "http/api_fixture.hpp"
#include "http/problem.hpp"
#include "http/routes.hpp"

namespace turnus::test {
namespace {

class RoutesApi : public ApiTest {};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string with_id(std::string pattern, const std::string& id) {
  const std::size_t at = pattern.find("{id}");
  if (at != std::string::npos) pattern.replace(at, 4, id);
  return pattern;
}

TEST_P(RoutesApi, EveryRouteButHealthAndLoginNeedsCredentials) {
  const std::vector<http::RouteInfo> routes = server_->routes();
  ASSERT_GE(routes.size(), 40U);
  for (const http::RouteInfo& route : routes) {
    const bool open = (route.method == "GET" && route.pattern == "/healthz") ||
                      (route.method == "POST" && route.pattern == "/api/v1/session");
    EXPECT_EQ(route.requires_authentication, !open) << route.method << " " << route.pattern;
    if (open) continue;
    const std::string path = with_id(route.pattern, "1");
    const Reply none = send(route.method, path, Caller{}, route.method == "GET" ? "" : "{}");
    EXPECT_EQ(none.status, 401) << route.method << " " << path;
    EXPECT_EQ(none.header("Content-Type"), "application/problem+json") << route.method << " " << path;
    Caller bad;
    bad.token = "tn_not_a_token";
    EXPECT_EQ(send(route.method, path, bad, route.method == "GET" ? "" : "{}").status, 401)
        << route.method << " " << path;
    Caller cookie;
    cookie.cookie = "turnus_session=forged";
    EXPECT_EQ(send(route.method, path, cookie, route.method == "GET" ? "" : "{}").status, 401)
        << route.method << " " << path;
  }
}

TEST_P(RoutesApi, OpenApiDocumentsExactlyTheRoutes) {
  const Reply r = get("/api/v1/openapi.json", as_tech_a_);
  ASSERT_EQ(r.status, 200);
  json doc = r.json_body();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      documented.insert(lower(method) + " " + path);
      EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
    }
  }
  std::set<std::string> served;
  for (const http::RouteInfo& route : server_->routes()) served.insert(lower(route.method) + " " + route.pattern);
  EXPECT_EQ(documented, served);
  EXPECT_EQ(get("/api/v1/openapi.json", Caller{}).status, 401);
}

TEST_P(RoutesApi, AnotherOrganisationsIdsAre404OnEveryRoute) {
  // Organisation A owns contracts whose triggers created a task, a notification, an order
  // and a project, a customer, employees, and (once uploads work) a document.
  std::map<std::string, std::string> ids = {
      {"/api/v1/customers/", std::to_string(customer_a_)},
      {"/api/v1/employees/", std::to_string(tech_a_)},
  };
  const std::map<std::string, std::string> prefix_of = {{"task", "/api/v1/tasks/"},
                                                        {"notification", "/api/v1/notifications/"},
                                                        {"order", "/api/v1/orders/"},
                                                        {"project", "/api/v1/projects/"}};
  std::string contract_id;
  for (const char* type : {"create_task", "notify", "create_order", "create_project"}) {
    json contract =
        create_contract({{"customer_id", customer_a_}, {"action", {{"type", type}, {"employee_id", tech_a_}}}});
    contract_id = std::to_string(contract["id"].get<std::int64_t>());
    const Reply triggered = post("/api/v1/maintenance-contracts/" + contract_id + "/trigger", as_office_a_);
    ASSERT_EQ(triggered.status, 200) << triggered.body;
    json created = triggered.json_body()["created"];
    ids[prefix_of.at(created["type"].get<std::string>())] = std::to_string(created["id"].get<std::int64_t>());
  }
  ids["/api/v1/maintenance-contracts/"] = contract_id;
  const Reply uploaded =
      upload("/api/v1/maintenance-contracts/" + contract_id + "/documents", as_office_a_, "a.txt", "hello");
  ids["/api/v1/documents/"] =
      uploaded.status == 201 ? std::to_string(uploaded.json_body()["id"].get<std::int64_t>()) : "1";
  const Reply token = post("/api/v1/tokens", as_admin_a_, {{"user_id", tech_a_}, {"label", "Werkstatt"}});
  ASSERT_EQ(token.status, 201) << token.body;
  ids["/api/v1/tokens/"] = std::to_string(token.json_body()["id"].get<std::int64_t>());

  for (const http::RouteInfo& route : server_->routes()) {
    if (route.pattern.find("{id}") == std::string::npos) continue;
    std::string value;
    for (const auto& [prefix, known] : ids) {
      if (route.pattern.rfind(prefix, 0) == 0) value = known;
    }
    ASSERT_FALSE(value.empty()) << "no id of organisation A for " << route.pattern;
    const std::string path = with_id(route.pattern, value);
    const bool has_body = route.method == "PATCH";
    const Reply r = route.pattern.ends_with("/documents") && route.method == "POST"
                        ? upload(path, as_admin_b_, "b.txt", "intruder")
                        : send(route.method, path, as_admin_b_, has_body ? "{\"version\":1}" : "");
    EXPECT_EQ(r.status, 404) << route.method << " " << path << " " << r.body;
  }
  // And A still has everything.
  EXPECT_EQ(get("/api/v1/maintenance-contracts/" + contract_id, as_admin_a_).json_body()["status"], "active");
  EXPECT_EQ(get("/api/v1/maintenance-contracts/" + contract_id + "/executions", as_admin_a_).json_body()["total"], 1);
  EXPECT_EQ(get("/api/v1/customers/" + std::to_string(customer_a_), as_admin_a_).status, 200);
  EXPECT_EQ(get("/api/v1/me", bearer(token.json_body()["token"].get<std::string>())).status, 200);
}

TEST_P(RoutesApi, ListsNeverShowForeignRows) {
  create_contract({{"action", {{"type", "create_task"}, {"employee_id", tech_a_}}}});
  for (const std::string list :
       {"/api/v1/maintenance-contracts?status=active,inactive,archived", "/api/v1/customers", "/api/v1/projects",
        "/api/v1/employees", "/api/v1/tasks", "/api/v1/orders", "/api/v1/notifications"}) {
    const Reply r = get(list, as_admin_b_);
    ASSERT_EQ(r.status, 200) << list << " " << r.body;
    // Named: a range-for over a member of the temporary json_body() would read freed memory.
    const json body = r.json_body();
    for (const json& item : body["items"]) {
      if (item.contains("organisation_id")) {
        EXPECT_EQ(item["organisation_id"], org_b_) << list;
      }
      if (list == "/api/v1/customers") {
        EXPECT_EQ(item["id"], customer_b_);
      }
      if (list == "/api/v1/employees") {
        EXPECT_EQ(item["id"], admin_b_);
      }
    }
    if (list != "/api/v1/customers" && list != "/api/v1/employees") {
      EXPECT_EQ(body["total"], 0) << list;
    }
  }
}

TEST(HttpHelpers, AcceptLanguage) {
  EXPECT_FALSE(http::prefers_english(""));
  EXPECT_FALSE(http::prefers_english("de"));
  EXPECT_TRUE(http::prefers_english("en"));
  EXPECT_TRUE(http::prefers_english("en-US,en;q=0.9"));
  EXPECT_FALSE(http::prefers_english("de-CH,en;q=0.5"));
  EXPECT_TRUE(http::prefers_english("de;q=0.3, en;q=0.7"));
  EXPECT_FALSE(http::prefers_english("fr"));
  EXPECT_FALSE(http::prefers_english("english"));
}

// The store's text for an unreachable database names hosts, ports, SQL and the driver's
// words; the client gets a plain sentence in its language, the log the details.
TEST(HttpHelpers, AnUnavailableDatabaseIsAPlainSentenceWithoutItsDetails) {
  const domain::Error down(domain::ErrorKind::unavailable,
                           {"Die Datenbank ist nicht verfügbar: connect: could not connect to server at "
                            "\"db.internal\" (10.0.0.5), port 5432 failed: Connection refused",
                            "The database is unavailable: connect: could not connect to server at "
                            "\"db.internal\" (10.0.0.5), port 5432 failed: Connection refused"});
  for (const bool english : {false, true}) {
    http::Response res;
    http::write_problem(res, down, english);
    EXPECT_EQ(res.status, 503);
    EXPECT_EQ(res.headers.get("Retry-After"), "5");
    for (const char* detail : {"db.internal", "10.0.0.5", "5432", "connect", "refused"}) {
      EXPECT_EQ(res.body.find(detail), std::string::npos) << detail << " in " << res.body;
    }
    EXPECT_NE(res.body.find(english ? "temporarily unavailable" : "vorübergehend nicht erreichbar"), std::string::npos)
        << res.body;
  }
}

TEST(HttpHelpers, ContentDispositionHasAnAsciiFallbackAndUtf8Name) {
  EXPECT_EQ(http::content_disposition("Prüfbericht 2026.pdf"),
            "attachment; filename=\"Pr__fbericht 2026.pdf\"; filename*=UTF-8''Pr%C3%BCfbericht%202026.pdf");
  const std::string hostile = http::content_disposition("a\"b\r\nSet-Cookie: x;.pdf");
  EXPECT_EQ(hostile.find('\r'), std::string::npos);
  EXPECT_EQ(hostile.find('\n'), std::string::npos);
  EXPECT_EQ(hostile,
            "attachment; filename=\"a_b__Set-Cookie: x_.pdf\"; filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x%3B.pdf");
}

INSTANTIATE_TEST_SUITE_P(Backends, RoutesApi, ::testing::ValuesIn(test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
