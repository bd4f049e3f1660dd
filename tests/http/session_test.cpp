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

// The login throttle over HTTP, behind a trusted proxy so that each request can come from
// its own address (X-Forwarded-For), with fast password hashing: these tests log in
// hundreds of times.
class ThrottleApi : public ApiTest {
 protected:
  static http::ServerConfig behind_proxy() {
    http::ServerConfig c;
    c.trust_proxy = true;
    return c;
  }
  static const app::Secrets* fast() {
    static const FastSecrets secrets;
    return &secrets;
  }
  ThrottleApi() : ApiTest(behind_proxy(), fast()) {}

  Reply login_from(const std::string& address, const std::string& email, const std::string& password,
                   const std::string& organisation = "") {
    json body{{"email", email}, {"password", password}};
    if (!organisation.empty()) body["organisation"] = organisation;
    return send("POST", "/api/v1/session", Caller{}, body.dump(), "application/json", {{"X-Forwarded-For", address}});
  }
};

TEST_P(ThrottleApi, AStrangersWrongPasswordsFromOneAddressDoNotKeepTheOwnerOut) {
  std::vector<std::string> waits;
  for (int i = 0; i < 11; ++i) {  // ends on a failure: the pair's next attempt waits 80 s
    const Reply r = login_from("203.0.113.7", "office@a.example", "falsch-falsch");
    ASSERT_TRUE(r.status == 401 || r.status == 429) << r.status << " " << r.body;
    if (r.status == 429) {
      waits.push_back(r.header("Retry-After"));
      EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
      clock_.set(clock_.now() + std::stoll(r.header("Retry-After")));
    }
  }
  // The stranger's pair waits ever longer…
  ASSERT_EQ(waits.size(), 4U);
  EXPECT_EQ(waits[0], "5");
  EXPECT_EQ(waits[1], "10");
  EXPECT_EQ(waits[2], "20");
  EXPECT_EQ(waits[3], "40");
  EXPECT_EQ(login_from("203.0.113.7", "office@a.example", kPassword).status, 429);
  // …while the owner, at another address, logs in at once.
  const Reply owner = login_from("198.51.100.20", "office@a.example", kPassword);
  EXPECT_EQ(owner.status, 200) << owner.body;
}

TEST_P(ThrottleApi, AKnownPairPassesWhileItsAddressIsThrottledForOtherAccounts) {
  ASSERT_EQ(login_from("203.0.113.9", "office@a.example", kPassword).status, 200);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(login_from("203.0.113.9", "guess" + std::to_string(i) + "@a.example", "x").status, 401) << i;
  }
  const Reply sprayed = login_from("203.0.113.9", "tech@a.example", kPassword);
  EXPECT_EQ(sprayed.status, 429) << sprayed.body;
  EXPECT_EQ(sprayed.header("Retry-After"), "900");
  EXPECT_EQ(login_from("203.0.113.9", "office@a.example", kPassword).status, 200);
  EXPECT_EQ(login_from("203.0.113.10", "tech@a.example", kPassword).status, 200);
}

TEST_P(ThrottleApi, AnAddressInTwoOrganisationsAsksForTheOrganisationWhenThePasswordFitsBoth) {
  use_cases_.add_user(
      {"Garage B", "Europe/Berlin", "office@a.example", "Nachbar", domain::Role::office, std::string(kPassword)});
  Caller english;
  english.accept_language = "en";
  const Reply ask =
      send("POST", "/api/v1/session", english, json{{"email", "office@a.example"}, {"password", kPassword}}.dump());
  ASSERT_EQ(ask.status, 422) << ask.body;
  EXPECT_EQ(ask.fields(), std::vector<std::string>{"organisation"});
  const std::string message = ask.json_body()["errors"][0]["message"];
  EXPECT_NE(message.find("Heizung A"), std::string::npos) << message;
  EXPECT_NE(message.find("Garage B"), std::string::npos) << message;
  EXPECT_EQ(ask.header("Set-Cookie"), "");
  const Reply chosen = login_from("192.0.2.1", "office@a.example", kPassword, "Garage B");
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(chosen.json_body()["user"]["name"], "Nachbar");
  // A wrong password does not ask, and says nothing about the second account.
  const Reply wrong = login_from("192.0.2.1", "office@a.example", "falsch-falsch");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(login_from("192.0.2.1", "office@a.example", "falsch-falsch", "Garage B").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, ThrottleApi, ::testing::ValuesIn(test_backends()),
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
