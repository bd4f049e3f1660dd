// Browser sessions over HTTP: login sets the cookie, unsafe methods need the CSRF token,
// Bearer tokens need none, logout ends the session, login attempts are rate-limited.
#include <gmock/gmock.h>

#include "http/api_fixture.hpp"

namespace turnus::test {
namespace {

class SessionApi : public ApiTest {
 protected:
  // Logs in and returns a caller with the session cookie and the CSRF token.
  Caller login(const std::string& email) {
    const Reply r = post("/api/v1/session", Caller{}, {{"email", email}, {"password", kPassword}});
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie = r.header("Set-Cookie");
    Caller c;
    c.cookie = set_cookie.substr(0, set_cookie.find(';'));
    c.csrf = r.json_body().value("csrf_token", "");
    return c;
  }
};

TEST_P(SessionApi, LoginSetsAHttpOnlyLaxCookieAndAnswersUserAndCsrfToken) {
  const Reply r = post("/api/v1/session", Caller{}, {{"email", "office@a.example"}, {"password", kPassword}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.header("Set-Cookie");
  EXPECT_EQ(cookie.rfind("turnus_session=", 0), 0U) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP, no trusted proxy
  const json body = r.json_body();
  EXPECT_EQ(body["user"]["email"], "office@a.example");
  EXPECT_FALSE(body["user"].contains("password_hash"));
  EXPECT_FALSE(body["csrf_token"].get<std::string>().empty());
}

TEST_P(SessionApi, UnsafeMethodsWithTheCookieNeedTheCsrfToken) {
  const Caller session = login("office@a.example");
  EXPECT_EQ(get("/api/v1/me", session).status, 200);
  Caller no_csrf = session;
  no_csrf.csrf.clear();
  EXPECT_EQ(get("/api/v1/maintenance-contracts", no_csrf).status, 200);  // safe method
  const Reply refused = post("/api/v1/maintenance-contracts", no_csrf, contract_body());
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.header("Content-Type"), "application/problem+json");
  Caller wrong = session;
  // Another token of the same length (one that begins with "x" must not stay the same).
  wrong.csrf = (session.csrf.front() == 'x' ? "y" : "x") + session.csrf.substr(1);
  EXPECT_EQ(post("/api/v1/maintenance-contracts", wrong, contract_body()).status, 403);
  EXPECT_EQ(get("/api/v1/maintenance-contracts", session).json_body()["total"], 0);  // nothing stored
  EXPECT_EQ(post("/api/v1/maintenance-contracts", session, contract_body()).status, 201);
  // Bearer requests carry no ambient credentials and need no CSRF token.
  EXPECT_EQ(post("/api/v1/maintenance-contracts", as_office_a_, contract_body()).status, 201);
}

TEST_P(SessionApi, LogoutEndsTheSession) {
  const Caller session = login("tech@a.example");
  const Reply out = del("/api/v1/session", session);
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(get("/api/v1/me", session).status, 401);
}

TEST_P(SessionApi, WrongPasswordIs401AndMissingFieldsAreNamed) {
  const Reply wrong = post("/api/v1/session", Caller{}, {{"email", "office@a.example"}, {"password", "nope"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.header("Set-Cookie"), "");
  const Reply missing = post("/api/v1/session", Caller{}, json::object());
  EXPECT_EQ(missing.status, 422);
  EXPECT_THAT(missing.fields(), ::testing::ElementsAre("email", "password"));
  EXPECT_EQ(send("POST", "/api/v1/session", Caller{}, "{oops").status, 400);
}

TEST_P(SessionApi, LoginAttemptsAreRateLimited) {
  int status = 0;
  Reply last;
  for (int attempt = 0; attempt < 30 && status != 429; ++attempt) {
    last = post("/api/v1/session", Caller{}, {{"email", "office@a.example"}, {"password", "wrong"}});
    status = last.status;
  }
  ASSERT_EQ(status, 429);
  EXPECT_FALSE(last.header("Retry-After").empty());
  EXPECT_EQ(last.header("Content-Type"), "application/problem+json");
  // Even the right password is refused while the limit holds.
  EXPECT_EQ(post("/api/v1/session", Caller{}, {{"email", "office@a.example"}, {"password", kPassword}}).status, 429);
}

TEST_P(SessionApi, MeAnswersTheCurrentUserForTokens) {
  const Reply r = get("/api/v1/me", as_tech_a_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json_body()["id"], tech_a_);
  EXPECT_EQ(r.json_body()["role"], "technician");
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionApi, ::testing::ValuesIn(test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

class SecureCookieApi : public ApiTest {
 protected:
  static http::ServerConfig behind_proxy() {
    http::ServerConfig c;
    c.trust_proxy = true;
    return c;
  }
  SecureCookieApi() : ApiTest(behind_proxy()) {}
};

TEST_P(SecureCookieApi, CookieIsSecureWhenTheTrustedProxySaysHttps) {
  const Reply r =
      send("POST", "/api/v1/session", Caller{}, json{{"email", "office@a.example"}, {"password", kPassword}}.dump(),
           "application/json", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "203.0.113.7"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("Set-Cookie").find("; Secure"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, SecureCookieApi, ::testing::ValuesIn(test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
