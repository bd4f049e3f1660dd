// API tokens over HTTP (admins): list without secrets, create with the secret once, revoke
// with an immediate 401 for the token; other organisations' ids are 404, other roles 403.
#include <gmock/gmock.h>

#include "http/api_fixture.hpp"

namespace turnus::test {
namespace {

class TokensApi : public ApiTest {};

TEST_P(TokensApi, AdminsCreateListAndRevokeTokensAndTheSecretIsShownOnce) {
  const Reply created =
      post("/api/v1/tokens", as_admin_a_, {{"user_id", tech_a_}, {"label", "Tablet Lager"}, {"expires_in_days", 30}});
  ASSERT_EQ(created.status, 201) << created.body;
  const json token = created.json_body();
  const std::string path = "/api/v1/tokens/" + std::to_string(token["id"].get<std::int64_t>());
  EXPECT_EQ(created.header("Location"), path);
  const std::string secret = token["token"];
  EXPECT_EQ(secret.rfind("tn_", 0), 0U);
  EXPECT_EQ(token["user_id"], tech_a_);
  EXPECT_EQ(token["user_name"], "tech@a.example");
  EXPECT_EQ(token["label"], "Tablet Lager");
  EXPECT_EQ(token["created_at"], "2026-03-02T08:00:00Z");
  EXPECT_EQ(token["expires_at"], "2026-04-01T08:00:00Z");
  EXPECT_TRUE(token["last_used_at"].is_null());
  EXPECT_FALSE(token.contains("token_hash"));

  // The secret works as a Bearer token and is not in any later answer.
  const Reply me = get("/api/v1/me", bearer(secret));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json_body()["id"], tech_a_);
  const Reply list = get("/api/v1/tokens", as_admin_a_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  EXPECT_EQ(list.body.find("hash"), std::string::npos);
  EXPECT_EQ(list.json_body()["total"], 4);  // the fixture's three of organisation A and this one
  const json first = list.json_body()["items"][0];
  EXPECT_EQ(first["label"], "Tablet Lager");
  EXPECT_EQ(first["last_used_at"], "2026-03-02T08:00:00Z");
  EXPECT_FALSE(first.contains("token"));
  EXPECT_EQ(get(path, as_admin_a_).json_body()["label"], "Tablet Lager");

  EXPECT_EQ(del(path, as_admin_a_).status, 204);
  EXPECT_EQ(get("/api/v1/me", bearer(secret)).status, 401);  // at once
  EXPECT_EQ(get(path, as_admin_a_).status, 404);
  EXPECT_EQ(del(path, as_admin_a_).status, 404);
  EXPECT_EQ(get("/api/v1/tokens", as_admin_a_).json_body()["total"], 3);
}

TEST_P(TokensApi, OnlyAdminsOfTheSameOrganisationSeeAndRevokeTokens) {
  const Reply created = post("/api/v1/tokens", as_admin_a_, {{"user_id", office_a_}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = "/api/v1/tokens/" + std::to_string(created.json_body()["id"].get<std::int64_t>());
  for (const Caller* who : {&as_office_a_, &as_tech_a_}) {
    EXPECT_EQ(get("/api/v1/tokens", *who).status, 403);
    EXPECT_EQ(post("/api/v1/tokens", *who, {{"user_id", tech_a_}}).status, 403);
    EXPECT_EQ(del(path, *who).status, 403);
  }
  EXPECT_EQ(get(path, as_admin_b_).status, 404);
  EXPECT_EQ(del(path, as_admin_b_).status, 404);
  EXPECT_EQ(get("/api/v1/tokens", as_admin_b_).json_body()["total"], 1);  // B's own fixture token
  EXPECT_EQ(get("/api/v1/me", bearer(created.json_body()["token"].get<std::string>())).status, 200);
}

TEST_P(TokensApi, BadInputIs422OnItsField) {
  EXPECT_EQ(post("/api/v1/tokens", as_admin_a_, json::object()).fields(), std::vector<std::string>{"user_id"});
  EXPECT_EQ(post("/api/v1/tokens", as_admin_a_, {{"user_id", admin_b_}}).fields(), std::vector<std::string>{"user_id"});
  EXPECT_EQ(post("/api/v1/tokens", as_admin_a_, {{"user_id", tech_a_}, {"expires_in_days", 0}}).fields(),
            std::vector<std::string>{"expires_in_days"});
  EXPECT_EQ(post("/api/v1/tokens", as_admin_a_, {{"user_id", tech_a_}, {"expires_in_days", 3651}}).fields(),
            std::vector<std::string>{"expires_in_days"});
  EXPECT_EQ(post("/api/v1/tokens", as_admin_a_, {{"user_id", tech_a_}, {"label", std::string(201, 'x')}}).fields(),
            std::vector<std::string>{"label"});
  EXPECT_EQ(post("/api/v1/tokens", as_admin_a_, {{"user_id", tech_a_}, {"label", "a\nb"}}).fields(),
            std::vector<std::string>{"label"});
}

TEST_P(TokensApi, AnExpiredTokenIs401AndDeactivatingItsUserRevokesItForGood) {
  const Reply created = post("/api/v1/tokens", as_admin_a_, {{"user_id", tech_a_}, {"expires_in_days", 1}});
  ASSERT_EQ(created.status, 201);
  const Caller short_lived = bearer(created.json_body()["token"].get<std::string>());
  EXPECT_EQ(get("/api/v1/me", short_lived).status, 200);
  clock_.set(clock_.now() + 24 * 3600);
  EXPECT_EQ(get("/api/v1/me", short_lived).status, 401);

  const std::string employee = "/api/v1/employees/" + std::to_string(tech_a_);
  EXPECT_EQ(get("/api/v1/me", as_tech_a_).status, 200);
  ASSERT_EQ(patch(employee, as_admin_a_, {{"active", false}}).status, 200);
  EXPECT_EQ(get("/api/v1/me", as_tech_a_).status, 401);
  ASSERT_EQ(patch(employee, as_admin_a_, {{"active", true}}).status, 200);
  EXPECT_EQ(get("/api/v1/me", as_tech_a_).status, 401);  // reactivating brings no token back
}

INSTANTIATE_TEST_SUITE_P(Backends, TokensApi, ::testing::ValuesIn(test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
