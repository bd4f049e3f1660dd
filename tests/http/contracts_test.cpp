// Maintenance contracts over real HTTP: shapes of api.md, problem+json for malformed JSON,
// bad fields, foreign ids, lifecycle conflicts and stale versions, filters and pagination,
// and that a refused request stores nothing.
#include <algorithm>

#include <gmock/gmock.h>

#include "http/api_fixture.hpp"
#include "http/contract_cursor.hpp"
#include "http/json_codec.hpp"

namespace turnus::test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

class ContractsApi : public ApiTest {};

std::string base() { return "/api/v1/maintenance-contracts"; }
std::string of(const json& c) { return base() + "/" + std::to_string(c["id"].get<std::int64_t>()); }

TEST_P(ContractsApi, CreateAnswersTheShapeOfApiMd) {
  const Reply r = post(base(), as_office_a_,
                       {{"name", "Thermenwartung"},
                        {"customer_id", customer_a_},
                        {"start_date", "2026-03-15"},
                        {"term", {{"count", 24}, {"unit", "month"}}},
                        {"interval", {{"unit", "year"}, {"every", 1}}},
                        {"reminder", {{"days_before", 14}}},
                        {"action", {{"type", "create_task"}, {"employee_id", tech_a_}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  json c = r.json_body();
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("Location"), of(c));
  EXPECT_EQ(c["name"], "Thermenwartung");
  EXPECT_EQ(c["customer_id"], customer_a_);
  EXPECT_TRUE(c["project_id"].is_null());
  EXPECT_EQ(c["start_date"], "2026-03-15");
  EXPECT_EQ(c["term"], (json{{"count", 24}, {"unit", "month"}}));
  EXPECT_EQ(c["interval"], (json{{"unit", "year"}, {"every", 1}}));
  EXPECT_EQ(c["reminder"], (json{{"days_before", 14}}));
  EXPECT_EQ(c["action"], (json{{"type", "create_task"}, {"employee_id", tech_a_}}));
  EXPECT_EQ(c["status"], "active");
  EXPECT_EQ(c["next_due_date"], "2026-03-15");
  EXPECT_EQ(c["version"], 1);
  EXPECT_TRUE(c.contains("created_at"));
  EXPECT_TRUE(c.contains("updated_at"));

  const Reply again = get(of(c), as_tech_a_);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json_body()["id"], c["id"]);
}

// Browsers accept brotli, which cpp-httplib would apply at its slowest setting (tens of ms
// for a list page); the server answers them with gzip instead, and a client that accepts
// only brotli gets the identity encoding.
TEST_P(ContractsApi, ListsAreGzippedForBrowsersThatAlsoAcceptBrotli) {
  for (int i = 0; i < 30; ++i) create_contract({{"name", "Wartung " + std::to_string(i)}});
  const Reply browser = send("GET", "/api/v1/maintenance-contracts", as_office_a_, "", "application/json",
                             {{"Accept-Encoding", "gzip, deflate, br, zstd"}});
  ASSERT_EQ(browser.status, 200);
  EXPECT_EQ(browser.header("Content-Encoding"), "gzip");
  EXPECT_EQ(browser.json_body().at("items").size(), 30U);  // decompressed by the client
  const Reply brotli_only =
      send("GET", "/api/v1/maintenance-contracts", as_office_a_, "", "application/json", {{"Accept-Encoding", "br"}});
  ASSERT_EQ(brotli_only.status, 200);
  EXPECT_EQ(brotli_only.header("Content-Encoding"), "");
  EXPECT_EQ(brotli_only.json_body().at("items").size(), 30U);
}

// The list writes its JSON text directly; it must be exactly what the DOM would say, for
// every shape a contract can take and any text in its name.
TEST(ContractPageText, SaysWhatPageJsonSays) {
  using domain::Contract;
  using domain::ContractDraft;
  const domain::Date today = domain::Date::from_civil(2026, 3, 1);
  std::vector<ContractDraft> drafts;
  ContractDraft yearly;
  yearly.name = "Thermenwartung";
  yearly.customer_id = 3;
  yearly.start_date = today;
  yearly.interval = {domain::IntervalUnit::year, 2, {}};
  yearly.term = domain::Term{24, domain::TermUnit::month};
  yearly.reminder = domain::Reminder{14};
  yearly.action = {domain::ActionType::create_order, 5};
  drafts.push_back(yearly);
  ContractDraft fixed;
  fixed.name = "Feste \"Termine\" C:\\Kunden";
  fixed.project_id = 9;
  fixed.start_date = today;
  fixed.interval = {domain::IntervalUnit::fixed, 1, {today.plus_days(10), today.plus_days(40)}};
  fixed.action = {domain::ActionType::create_project, 6};
  drafts.push_back(fixed);
  ContractDraft weekly;
  weekly.name = "Wöchentlich";
  weekly.start_date = today.plus_days(-3);
  weekly.interval = {domain::IntervalUnit::week, 1, {}};
  weekly.reminder = domain::Reminder{0};
  weekly.action = {domain::ActionType::notify, 7};
  drafts.push_back(weekly);

  app::ContractListPage page;
  domain::Id id = 100;
  for (const ContractDraft& draft : drafts) {
    Contract::State st = Contract::create(draft, 1, today).state();
    st.id = ++id;
    st.version = 3;
    st.created_at = 1'767'225'600;
    st.updated_at = id % 2 == 0 ? 0 : 1'767'312'000;
    // Text the API refuses, but an escaper must still get right.
    if (st.id == 101) st.name = "Thermenwartung \"Müller\" \\ C:\\ \t\n\x01\x1f\x7f / <script> 🔧";
    page.items.push_back(Contract::restore(st));
  }
  Contract archived = page.items[1];
  archived.deactivate();
  archived.archive();
  page.items.push_back(archived);
  page.total = 1000;
  page.total_exact = false;
  page.page = 3;
  page.per_page = 4;
  page.next = app::ContractCursor{.sort = app::ContractFilter::Sort::name,
                                  .descending = true,
                                  .value = "thermenwartung \"müller\" \\ <script>",
                                  .id = 104};

  for (const bool english : {false, true}) {
    for (const std::optional<domain::Date> day : {std::optional<domain::Date>{}, std::optional(today.plus_days(20))}) {
      const std::string text = http::contract_page_text(page, english, day);
      EXPECT_EQ(json::parse(text), http::contract_page_json(page, english, day)) << text;
      EXPECT_EQ(http::decode_contract_cursor(json::parse(text)["next"].get<std::string>())->value, page.next->value);
    }
  }
  app::ContractListPage empty;
  EXPECT_EQ(json::parse(http::contract_page_text(empty, false, today)), http::contract_page_json(empty, false, today));
  EXPECT_TRUE(json::parse(http::contract_page_text(empty, false, today))["next"].is_null());
}

TEST_P(ContractsApi, FixedDatesAndNoDueDateLeftIsNull) {
  json c =
      create_contract({{"interval", {{"unit", "fixed"}, {"dates", {"2026-01-10"}}}}, {"start_date", "2026-01-01"}});
  EXPECT_EQ(c["interval"], (json{{"unit", "fixed"}, {"dates", {"2026-01-10"}}}));
  EXPECT_TRUE(c["next_due_date"].is_null());
}

TEST_P(ContractsApi, MalformedJsonIs400Problem) {
  const Reply r = send("POST", base(), as_office_a_, "{\"name\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  json p = r.json_body();
  EXPECT_EQ(p["status"], 400);
  EXPECT_TRUE(p.contains("title"));
  EXPECT_TRUE(p.contains("detail"));
  EXPECT_EQ(send("POST", base(), as_office_a_, "[1,2]").status, 400);
  EXPECT_EQ(send("POST", base(), as_office_a_, "name=x", "application/x-www-form-urlencoded").status, 415);
}

TEST_P(ContractsApi, ValidationNamesEveryBadFieldInGermanByDefault) {
  json body = contract_body();
  body["interval"] = {{"unit", "month"}, {"every", 500}};
  body["action"] = {{"type", "create_order"}, {"employee_id", admin_b_}};  // another organisation's employee
  body["reminder"] = {{"days_before", "soon"}};
  const Reply r = post(base(), as_office_a_, body);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  EXPECT_THAT(r.fields(), Contains("reminder.days_before"));
  EXPECT_EQ(r.header("Content-Language"), "de");

  body["reminder"] = {{"days_before", 3}};
  const Reply domain_errors = post(base(), as_office_a_, body);
  ASSERT_EQ(domain_errors.status, 422);
  EXPECT_THAT(domain_errors.fields(), Contains("interval.every"));
  EXPECT_THAT(domain_errors.fields(), Contains("action.type"));  // create_order needs a customer
}

TEST_P(ContractsApi, ForeignEmployeeIsNamedAsActionEmployeeId) {
  json body = contract_body();
  body["action"] = {{"type", "notify"}, {"employee_id", admin_b_}};
  const Reply r = post(base(), as_office_a_, body);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(r.fields(), ElementsAre("action.employee_id"));
}

TEST_P(ContractsApi, MissingMembersAreNamed) {
  const Reply r = post(base(), as_office_a_, json::object());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(r.fields(), Contains("interval"));
  EXPECT_THAT(r.fields(), Contains("action"));
}

TEST_P(ContractsApi, EnglishWhenPreferred) {
  Caller english = as_office_a_;
  english.accept_language = "en-GB,en;q=0.9,de;q=0.5";
  json body = contract_body();
  body["interval"]["every"] = 0;
  const Reply r = post(base(), english, body);
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(r.json_body()["title"], "Validation failed");
  EXPECT_EQ(r.header("Content-Language"), "en");
  Caller german = as_office_a_;
  german.accept_language = "de-DE,en;q=0.8";
  EXPECT_EQ(post(base(), german, body).json_body()["title"], "Ungültige Eingaben");
}

TEST_P(ContractsApi, ForeignAndUnknownIdsAre404) {
  json c = create_contract();
  for (const std::string& path : {of(c), of(c) + "/executions", of(c) + "/occurrences"}) {
    const Reply r = get(path, as_admin_b_);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  }
  EXPECT_EQ(post(of(c) + "/deactivate", as_admin_b_).status, 404);
  EXPECT_EQ(get(base() + "/999999", as_admin_a_).status, 404);
  EXPECT_EQ(get(base() + "/abc", as_admin_a_).status, 404);
  EXPECT_EQ(get(base() + "/-1", as_admin_a_).status, 404);
  // Still active and unchanged for its own organisation.
  EXPECT_EQ(get(of(c), as_admin_a_).json_body()["status"], "active");
}

TEST_P(ContractsApi, LifecycleAndItsConflicts) {
  json c = create_contract();
  const Reply refused = post(of(c) + "/archive", as_office_a_);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.header("Content-Type"), "application/problem+json");
  EXPECT_FALSE(refused.json_body()["detail"].get<std::string>().empty());
  EXPECT_EQ(get(of(c), as_office_a_).json_body()["status"], "active");  // nothing stored

  EXPECT_EQ(post(of(c) + "/deactivate", as_office_a_).json_body()["status"], "inactive");
  EXPECT_EQ(post(of(c) + "/activate", as_office_a_).json_body()["status"], "active");
  EXPECT_EQ(post(of(c) + "/deactivate", as_office_a_).status, 200);
  const Reply archived = post(of(c) + "/archive", as_office_a_);
  ASSERT_EQ(archived.status, 200);
  EXPECT_EQ(archived.json_body()["status"], "archived");
  EXPECT_EQ(post(of(c) + "/activate", as_office_a_).status, 409);
  EXPECT_EQ(post(of(c) + "/trigger", as_office_a_).status, 409);
  EXPECT_EQ(patch(of(c), as_office_a_, {{"version", archived.json_body()["version"]}, {"name", "x"}}).status, 409);
}

TEST_P(ContractsApi, PatchNeedsVersionAndRefusesStaleOnes) {
  json c = create_contract();
  const Reply missing = patch(of(c), as_office_a_, {{"name", "Neu"}});
  ASSERT_EQ(missing.status, 422);
  EXPECT_THAT(missing.fields(), ElementsAre("version"));

  const Reply edited =
      patch(of(c), as_office_a_, {{"version", 1}, {"name", "Neu"}, {"interval", {{"unit", "month"}, {"every", 6}}}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json_body()["name"], "Neu");
  EXPECT_EQ(edited.json_body()["interval"], (json{{"unit", "month"}, {"every", 6}}));
  EXPECT_EQ(edited.json_body()["reminder"], (json{{"days_before", 14}}));  // untouched
  EXPECT_EQ(edited.json_body()["version"], 2);

  const Reply stale = patch(of(c), as_office_a_, {{"version", 1}, {"name", "Alt"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(get(of(c), as_office_a_).json_body()["name"], "Neu");

  const Reply removed = patch(of(c), as_office_a_, {{"version", 2}, {"reminder", nullptr}});
  ASSERT_EQ(removed.status, 200);
  EXPECT_TRUE(removed.json_body()["reminder"].is_null());
}

TEST_P(ContractsApi, TriggerAnswersTheExecutionAndHistoryListsIt) {
  json c = create_contract({{"action", {{"type", "create_task"}, {"employee_id", tech_a_}}}});
  const Reply r = post(of(c) + "/trigger", as_office_a_);
  ASSERT_EQ(r.status, 200) << r.body;
  json e = r.json_body();
  EXPECT_EQ(e["contract_id"], c["id"]);
  EXPECT_EQ(e["due_date"], "2026-03-15");
  EXPECT_EQ(e["trigger"], "manual");
  EXPECT_EQ(e["outcome"], "executed");
  EXPECT_EQ(e["created"]["type"], "task");
  EXPECT_TRUE(e["created"]["id"].is_number_integer());
  EXPECT_TRUE(e["executed_at"].is_string());

  const Reply history = get(of(c) + "/executions", as_tech_a_);
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(history.json_body()["total"], 1);
  EXPECT_EQ(history.json_body()["items"][0]["id"], e["id"]);
  EXPECT_EQ(get(of(c), as_office_a_).json_body()["next_due_date"], "2027-03-15");
}

TEST_P(ContractsApi, UpcomingOccurrences) {
  json c = create_contract();
  const Reply r = get(of(c) + "/occurrences?count=3", as_tech_a_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json_body()["items"], (json{"2026-03-15", "2027-03-15", "2028-03-15"}));
  const Reply bad = get(of(c) + "/occurrences?count=0", as_tech_a_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.fields(), ElementsAre("count"));
}

TEST_P(ContractsApi, ListFiltersSortsAndPaginates) {
  json a = create_contract({{"name", "Alpha"}, {"start_date", "2026-05-01"}});
  json b = create_contract({{"name", "Beta"}, {"start_date", "2026-04-01"}, {"customer_id", customer_a_}});
  json c = create_contract({{"name", "Gamma"}, {"start_date", "2026-06-01"}});
  ASSERT_EQ(post(of(c) + "/deactivate", as_office_a_).status, 200);
  ASSERT_EQ(post(of(c) + "/archive", as_office_a_).status, 200);

  json all = get(base(), as_tech_a_).json_body();
  EXPECT_EQ(all["total"], 2);
  EXPECT_EQ(all["page"], 1);
  EXPECT_EQ(all["per_page"], 50);
  EXPECT_EQ(all["items"][0]["name"], "Beta");  // next_due_date ascending by default

  EXPECT_EQ(get(base() + "?sort=-name", as_tech_a_).json_body()["items"][0]["name"], "Beta");
  EXPECT_EQ(get(base() + "?sort=name", as_tech_a_).json_body()["items"][0]["name"], "Alpha");
  EXPECT_EQ(get(base() + "?status=archived", as_tech_a_).json_body()["items"][0]["name"], "Gamma");
  EXPECT_EQ(get(base() + "?status=active,archived", as_tech_a_).json_body()["total"], 3);
  EXPECT_EQ(get(base() + "?customer_id=" + std::to_string(customer_a_), as_tech_a_).json_body()["total"], 1);
  EXPECT_EQ(get(base() + "?due_before=2026-04-15", as_tech_a_).json_body()["total"], 1);
  EXPECT_EQ(get(base() + "?due_after=2026-04-15", as_tech_a_).json_body()["total"], 1);
  EXPECT_EQ(get(base() + "?q=alph", as_tech_a_).json_body()["total"], 1);
  EXPECT_EQ(get(base() + "?action_type=notify&interval_unit=year", as_tech_a_).json_body()["total"], 2);
  json page2 = get(base() + "?per_page=1&page=2", as_tech_a_).json_body();
  EXPECT_EQ(page2["items"].size(), 1U);
  EXPECT_EQ(page2["items"][0]["name"], "Alpha");
  EXPECT_EQ(page2["total"], 2);
  (void)a;
  (void)b;

  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"per_page=0", "per_page"},
                                                        {"per_page=201", "per_page"},
                                                        {"page=0", "page"},
                                                        {"page=x", "page"},
                                                        {"status=deleted", "status"},
                                                        {"due_before=2026-02-30", "due_before"},
                                                        {"sort=colour", "sort"},
                                                        {"customer_id=abc", "customer_id"},
                                                        {"action_type=call", "action_type"},
                                                        {"interval_unit=hour", "interval_unit"}}) {
    const Reply r = get(base() + "?" + query, as_tech_a_);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_THAT(r.fields(), ElementsAre(field)) << query;
  }
  // Organisation B sees none of A's contracts.
  EXPECT_EQ(get(base() + "?status=active,inactive,archived", as_admin_b_).json_body()["total"], 0);
}

TEST_P(ContractsApi, ListContinuesAfterTheCursorOfThePreviousPage) {
  for (int i = 0; i < 5; ++i) {
    create_contract(
        {{"name", "Wartung " + std::to_string(i)}, {"start_date", "2026-0" + std::to_string(i + 3) + "-01"}});
  }
  std::vector<std::string> by_number;
  for (int page = 1; page <= 3; ++page) {
    const json body = get(base() + "?per_page=2&page=" + std::to_string(page), as_tech_a_).json_body();
    for (const json& c : body["items"]) by_number.push_back(c["name"]);
  }
  ASSERT_EQ(by_number.size(), 5U);

  std::vector<std::string> by_cursor;
  json page = get(base() + "?per_page=2", as_tech_a_).json_body();
  for (int pages = 1;; ++pages) {
    ASSERT_LE(pages, 3);
    EXPECT_EQ(page["total"], 5);
    for (const json& c : page["items"]) by_cursor.push_back(c["name"]);
    if (page["next"].is_null()) break;
    page = get(base() + "?per_page=2&after=" + page["next"].get<std::string>(), as_tech_a_).json_body();
  }
  EXPECT_EQ(by_cursor, by_number);

  // A cursor's page is not bound to the page window of numbered pages; `page` only labels it.
  const std::string next = get(base() + "?per_page=2", as_tech_a_).json_body()["next"];
  EXPECT_EQ(get(base() + "?per_page=200&page=60", as_tech_a_).status, 422);
  const Reply far = get(base() + "?per_page=200&page=60&after=" + next, as_tech_a_);
  ASSERT_EQ(far.status, 200) << far.body;
  EXPECT_EQ(far.json_body()["page"], 60);
  EXPECT_EQ(far.json_body()["items"].size(), 3U);

  // Another sort's cursor, and cursors that were never handed out.
  const Reply other_sort = get(base() + "?sort=name&after=" + next, as_tech_a_);
  EXPECT_EQ(other_sort.status, 422) << other_sort.body;
  EXPECT_THAT(other_sort.fields(), ElementsAre("after"));
  const app::ContractCursor no_date{.sort = app::ContractFilter::Sort::next_due_date, .value = "2026-02-30", .id = 1};
  const app::ContractCursor no_id{.sort = app::ContractFilter::Sort::name, .value = "wartung", .id = 0};
  for (const std::string& bad :
       {std::string("x"), std::string("!!!!"), std::string("MWQrMTox"), http::encode_contract_cursor(no_date),
        http::encode_contract_cursor(no_id), std::string(5000, 'A')}) {
    const Reply r = get(base() + "?after=" + bad, as_tech_a_);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_THAT(r.fields(), ElementsAre("after")) << bad;
  }
  // A name cursor holding SQL is only a value to compare with.
  const app::ContractCursor hostile{
      .sort = app::ContractFilter::Sort::name, .value = "' OR 1=1; DROP TABLE maintenance_contracts; --", .id = 1};
  const Reply r = get(base() + "?sort=name&after=" + http::encode_contract_cursor(hostile), as_tech_a_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json_body()["items"].size(), 5U) << r.body;
  EXPECT_EQ(get(base(), as_tech_a_).json_body()["total"], 5);
}

TEST_P(ContractsApi, TechnicianMayReadButNotWrite) {
  json c = create_contract();
  EXPECT_EQ(get(of(c), as_tech_a_).status, 200);
  const Reply r = post(base(), as_tech_a_, contract_body());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(post(of(c) + "/deactivate", as_tech_a_).status, 403);
}

TEST_P(ContractsApi, RefusedRequestsStoreNothing) {
  create_contract();
  json bad = contract_body();
  bad["interval"]["every"] = 99;
  EXPECT_EQ(post(base(), as_office_a_, bad).status, 422);
  EXPECT_EQ(send("POST", base(), as_office_a_, "{").status, 400);
  EXPECT_EQ(post(base(), as_tech_a_, contract_body()).status, 403);
  EXPECT_EQ(post(base(), Caller{}, contract_body()).status, 401);
  EXPECT_EQ(get(base() + "?status=active,inactive,archived", as_admin_a_).json_body()["total"], 1);
}

TEST_P(ContractsApi, UnknownRouteWrongMethodAndSecurityHeaders) {
  const Reply unknown = get("/api/v1/nothing-here", as_admin_a_);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.header("Content-Type"), "application/problem+json");
  const Reply wrong = send("PUT", base(), as_admin_a_, "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(wrong.header("Content-Type"), "application/problem+json");

  const Reply ok = get(base(), as_admin_a_);
  EXPECT_EQ(ok.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(ok.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(ok.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(ok.header("Cache-Control"), "no-store");
  EXPECT_NE(ok.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(get("/healthz", Caller{}).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, ContractsApi, ::testing::ValuesIn(test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
