// Hostile JSON bodies: a value nested far deeper than any body of the API needs is refused
// with 400 naming the body on every route that takes one, before a handler can build or
// copy it, and the server lives on.
#include <gmock/gmock.h>

#include "http/api_fixture.hpp"
#include "http/json_depth.hpp"

namespace turnus::test {
namespace {

using ::testing::Contains;

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string with_id(std::string pattern, const std::string& id) {
  const std::size_t at = pattern.find("{id}");
  if (at != std::string::npos) pattern.replace(at, 4, id);
  return pattern;
}

TEST(JsonDepth, CountsArraysAndObjectsButNotBracketsInStrings) {
  EXPECT_FALSE(http::json_nested_deeper_than("{}", 1));
  EXPECT_TRUE(http::json_nested_deeper_than("{\"a\":[]}", 1));
  EXPECT_FALSE(http::json_nested_deeper_than("{\"a\":[]}", 2));
  EXPECT_FALSE(http::json_nested_deeper_than("[[],[],[[]]]", 3));
  EXPECT_TRUE(http::json_nested_deeper_than("[[],[],[[[]]]]", 3));
  EXPECT_FALSE(http::json_nested_deeper_than(R"({"name":"[[[[[[{{{{"})", 1));
  EXPECT_FALSE(http::json_nested_deeper_than(R"({"name":"a\"[[[[\\"})", 1));
  EXPECT_TRUE(http::json_nested_deeper_than(R"({"name":"a\\",[[]]})", 2));
  // Unbalanced closers do not let a later opener hide.
  EXPECT_TRUE(http::json_nested_deeper_than("]]]]" + nested_arrays(5), 4));
  EXPECT_FALSE(http::json_nested_deeper_than(nested_arrays(http::kMaxJsonDepth), http::kMaxJsonDepth));
  EXPECT_TRUE(http::json_nested_deeper_than(nested_arrays(http::kMaxJsonDepth + 1), http::kMaxJsonDepth));
}

class HostileJsonApi : public ApiTest {};

// The reproduction of the audit: 150,000 levels (300 KB, under the 1 MB limit) in a PATCH of
// a contract ended the process with SIGSEGV.
TEST_P(HostileJsonApi, ADeeplyNestedPatchOfAContractIsA400AndTheServerLivesOn) {
  const json contract = create_contract();
  const std::string body = R"({"version":1,"name":)" + nested_arrays(150'000) + "}";
  ASSERT_LT(body.size(), std::size_t{1024} * 1024);
  const Reply r = send("PATCH", "/api/v1/maintenance-contracts/" + std::to_string(contract["id"].get<std::int64_t>()),
                       as_office_a_, body);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  EXPECT_THAT(r.fields(), Contains("body"));
  EXPECT_EQ(get("/healthz", Caller{}).status, 200);
  // Nothing was changed.
  const Reply read =
      get("/api/v1/maintenance-contracts/" + std::to_string(contract["id"].get<std::int64_t>()), as_office_a_);
  EXPECT_EQ(read.json_body()["name"], contract["name"]);
  EXPECT_EQ(read.json_body()["version"], contract["version"]);
}

TEST_P(HostileJsonApi, EveryRouteThatTakesABodyRefusesDeepJson) {
  // 150,000 levels (300 KB), and 7,000 (14 KB), which fits even the login's small limit.
  const std::string deep = R"({"version":1,"name":)" + nested_arrays(150'000) + "}";
  const std::string small_deep = R"({"version":1,"name":)" + nested_arrays(7'000) + "}";
  int checked = 0;
  for (const http::RouteInfo& route : server_->routes()) {
    if (route.method == "GET") continue;
    const std::string path = with_id(route.pattern, "1");
    if (route.pattern.ends_with("/documents") && route.method == "POST") {
      // The upload route takes multipart only: it never reads JSON into anything.
      EXPECT_EQ(send(route.method, path, as_admin_a_, deep).status, 415);
      continue;
    }
    const Reply r = send(route.method, path, as_admin_a_, deep);
    if (route.pattern == "/api/v1/session" && route.method == "POST") {
      EXPECT_EQ(r.status, 413) << "a login is refused beyond 16 KiB, before it is read: " << r.body;
    } else {
      EXPECT_EQ(r.status, 400) << route.method << " " << path << " " << r.body;
      EXPECT_THAT(r.fields(), Contains("body")) << route.method << " " << path;
    }
    const Reply small = send(route.method, path, as_admin_a_, small_deep);
    EXPECT_EQ(small.status, 400) << route.method << " " << path << " " << small.body;
    EXPECT_THAT(small.fields(), Contains("body")) << route.method << " " << path;
    ++checked;
  }
  EXPECT_GE(checked, 19);
  EXPECT_EQ(get("/healthz", Caller{}).status, 200);
}

TEST_P(HostileJsonApi, TheLimitItselfIsAllowedAndJudgedByTheRoute) {
  const json contract = create_contract();
  // kMaxJsonDepth levels in all: the body object and 63 arrays. The route then says what
  // is wrong with the value (a name must be text).
  const std::string body = R"({"version":1,"name":)" + nested_arrays(http::kMaxJsonDepth - 1) + "}";
  const Reply r = send("PATCH", "/api/v1/maintenance-contracts/" + std::to_string(contract["id"].get<std::int64_t>()),
                       as_office_a_, body);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(r.fields(), Contains("name"));
}

INSTANTIATE_TEST_SUITE_P(Backends, HostileJsonApi, ::testing::ValuesIn(test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
