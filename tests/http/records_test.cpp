// Customers, projects and the pipeline, employees, tasks, orders and notifications over
// HTTP: shapes, validation field names, roles, and the technician's own view.
#include <gmock/gmock.h>

#include "http/api_fixture.hpp"

namespace turnus::test {
namespace {

using ::testing::Contains;

class RecordsApi : public ApiTest {};

std::string id_of(const Reply& r) { return std::to_string(r.json_body()["id"].get<std::int64_t>()); }

TEST_P(RecordsApi, CustomersCrud) {
  const Reply created = post(
      "/api/v1/customers", as_office_a_,
      {{"name", "Bäckerei Korn"}, {"email", "info@korn.example"}, {"phone", "0301234"}, {"address", "Hauptstr. 1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json_body()["name"], "Bäckerei Korn");
  const std::string path = "/api/v1/customers/" + id_of(created);
  EXPECT_EQ(created.header("Location"), path);
  EXPECT_EQ(get(path, as_tech_a_).json_body()["email"], "info@korn.example");
  const Reply changed = patch(path, as_office_a_, {{"phone", "0309999"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json_body()["phone"], "0309999");
  EXPECT_EQ(changed.json_body()["name"], "Bäckerei Korn");
  json list = get("/api/v1/customers?q=korn", as_office_a_).json_body();
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(post("/api/v1/customers", as_office_a_, {{"name", 7}}).fields(), std::vector<std::string>{"name"});
  EXPECT_EQ(del(path, as_office_a_).status, 204);
  EXPECT_EQ(get(path, as_office_a_).status, 404);
}

// Names of every kind of record follow one rule (domain/name.hpp): no text direction
// controls, no control characters, and something visible.
TEST_P(RecordsApi, NamesWithDirectionControlsOrNothingVisibleAre422OnTheirField) {
  const std::string override_name =
      "Rechnung\xe2\x80\xae"
      "fdp.exe";  // U+202E
  const std::string isolate_name =
      "Heizung \xe2\x81\xa6"
      "A\xe2\x81\xa9";                                                       // U+2066 … U+2069
  const std::string invisible = "\xe2\x80\x8b\xc2\xa0\xc2\xad\xef\xbb\xbf";  // ZWSP, NBSP, SHY, BOM
  for (const std::string& bad : {override_name, isolate_name, invisible}) {
    const Reply customer = post("/api/v1/customers", as_office_a_, {{"name", bad}});
    EXPECT_EQ(customer.status, 422) << customer.body;
    EXPECT_EQ(customer.fields(), std::vector<std::string>{"name"});
    const Reply renamed = patch("/api/v1/customers/" + std::to_string(customer_a_), as_office_a_, {{"name", bad}});
    EXPECT_EQ(renamed.fields(), std::vector<std::string>{"name"}) << renamed.body;
    const Reply project = post("/api/v1/projects", as_office_a_, {{"customer_id", customer_a_}, {"name", bad}});
    EXPECT_EQ(project.fields(), std::vector<std::string>{"name"}) << project.body;
    const Reply employee =
        post("/api/v1/employees", as_admin_a_, {{"email", "neu@a.example"}, {"name", bad}, {"role", "office"}});
    EXPECT_EQ(employee.fields(), std::vector<std::string>{"name"}) << employee.body;
    json contract = contract_body();
    contract["name"] = bad;
    const Reply c = post("/api/v1/maintenance-contracts", as_office_a_, contract);
    EXPECT_EQ(c.fields(), std::vector<std::string>{"name"}) << c.body;
  }
  // The message says what is wrong, in the language asked for.
  Caller english = as_office_a_;
  english.accept_language = "en";
  const Reply r = send("POST", "/api/v1/customers", english, json{{"name", override_name}}.dump());
  ASSERT_EQ(r.status, 422);
  EXPECT_NE(r.json_body()["errors"][0]["message"].get<std::string>().find("direction"), std::string::npos) << r.body;
  EXPECT_EQ(get("/api/v1/customers", as_office_a_).json_body()["total"], 1);  // nothing stored
  // Ordinary names with umlauts, other scripts and emoji pass.
  EXPECT_EQ(post("/api/v1/customers", as_office_a_, {{"name", "Ärztehaus Süd \xf0\x9f\x94\xa7"}}).status, 201);
}

// docs/adr/0009-passwords.md: twelve characters, not a common one, not the address.
TEST_P(RecordsApi, WeakPasswordsAre422OnPassword) {
  Caller english = as_admin_a_;
  english.accept_language = "en";
  for (const std::string& weak : {std::string("elf-zeichen"), std::string("qwerty123456"),
                                  std::string("Neu.Mitarbeiter@A.example"), std::string("neu.mitarbeiter")}) {
    const Reply r = send(
        "POST", "/api/v1/employees", english,
        json{{"email", "neu.mitarbeiter@a.example"}, {"name", "Neu"}, {"role", "office"}, {"password", weak}}.dump());
    ASSERT_EQ(r.status, 422) << weak << " " << r.body;
    EXPECT_EQ(r.fields(), std::vector<std::string>{"password"}) << weak;
  }
  // A new password for an existing employee: the same rule, against their own address.
  for (const char* weak : {"elf-zeichen", "1qaz2wsx3edc", "TECH@a.example"}) {
    const Reply change = patch("/api/v1/employees/" + std::to_string(tech_a_), as_admin_a_, {{"password", weak}});
    EXPECT_EQ(change.status, 422) << weak << " " << change.body;
    EXPECT_EQ(change.fields(), std::vector<std::string>{"password"}) << weak;
  }
  const Reply ok = post(
      "/api/v1/employees", as_admin_a_,
      {{"email", "neu.mitarbeiter@a.example"}, {"name", "Neu"}, {"role", "office"}, {"password", "zwölf zeichen"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_P(RecordsApi, CustomerWithContractsCannotBeDeleted) {
  create_contract({{"customer_id", customer_a_}});
  const Reply r = del("/api/v1/customers/" + std::to_string(customer_a_), as_office_a_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(get("/api/v1/customers/" + std::to_string(customer_a_), as_office_a_).status, 200);
}

TEST_P(RecordsApi, ProjectsStartInTheFirstPipelineStage) {
  const Reply stages = get("/api/v1/pipeline-stages", as_tech_a_);
  ASSERT_EQ(stages.status, 200) << stages.body;
  json items = stages.json_body()["items"];
  ASSERT_GE(items.size(), 2U);
  EXPECT_EQ(items[0]["name"], "Neu - Erstkontakt");
  const Reply created =
      post("/api/v1/projects", as_office_a_, {{"customer_id", customer_a_}, {"name", "Heizung tauschen"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json_body()["stage_id"], items[0]["id"]);
  const std::string path = "/api/v1/projects/" + id_of(created);
  const Reply moved = patch(path, as_office_a_, {{"stage_id", items[1]["id"]}, {"main_contact_employee_id", tech_a_}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json_body()["stage_id"], items[1]["id"]);
  EXPECT_EQ(moved.json_body()["main_contact_employee_id"], tech_a_);
  EXPECT_EQ(get("/api/v1/projects?customer_id=" + std::to_string(customer_a_), as_office_a_).json_body()["total"], 1);
  const Reply foreign = post("/api/v1/projects", as_office_a_, {{"customer_id", customer_b_}, {"name", "x"}});
  EXPECT_EQ(foreign.status, 422);
  EXPECT_THAT(foreign.fields(), Contains("customer_id"));
}

// One request for the names of a page of contracts: ?ids= on the customer and project lists.
TEST_P(RecordsApi, CustomersAndProjectsAreLookedUpByIds) {
  const std::string second = id_of(post("/api/v1/customers", as_office_a_, {{"name", "Zweiter Kunde"}}));
  const std::string a = std::to_string(customer_a_);
  // In the order asked, each once; B's customer and an unknown id are left out.
  const Reply found =
      get("/api/v1/customers?ids=" + second + "," + std::to_string(customer_b_) + "," + a + ",999999," + second,
          as_tech_a_);
  ASSERT_EQ(found.status, 200) << found.body;
  const json items = found.json_body()["items"];
  ASSERT_EQ(items.size(), 2U) << found.body;
  EXPECT_EQ(std::to_string(items[0]["id"].get<std::int64_t>()), second);
  EXPECT_EQ(items[0]["name"], "Zweiter Kunde");
  EXPECT_EQ(items[1]["id"], customer_a_);
  EXPECT_EQ(found.json_body()["total"], 2);
  EXPECT_EQ(get("/api/v1/customers?ids=" + a, as_admin_b_).json_body()["items"].size(), 0U);

  // Malformed, too many, or combined with another parameter: 400 naming ids.
  std::string too_many = "1";
  for (int i = 2; i <= 201; ++i) too_many += "," + std::to_string(i);
  for (const std::string& bad :
       std::vector<std::string>{"", "1,,2", "0", "-3", "x", "1%3BDROP%20TABLE%20customers", too_many}) {
    const Reply r = get("/api/v1/customers?ids=" + bad, as_office_a_);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_THAT(r.fields(), Contains("ids")) << bad;
  }
  EXPECT_EQ(get("/api/v1/customers?ids=" + a + "&q=x", as_office_a_).status, 400);
  EXPECT_EQ(get("/api/v1/customers?ids=" + a + "&page=2", as_office_a_).status, 400);

  // Projects: a technician gets only those whose main contact they are.
  const std::string own =
      id_of(post("/api/v1/projects", as_office_a_,
                 {{"customer_id", customer_a_}, {"name", "Eigenes"}, {"main_contact_employee_id", tech_a_}}));
  const std::string other =
      id_of(post("/api/v1/projects", as_office_a_, {{"customer_id", customer_a_}, {"name", "Fremdes"}}));
  const std::string both = "/api/v1/projects?ids=" + other + "," + own;
  const json office = get(both, as_office_a_).json_body()["items"];
  ASSERT_EQ(office.size(), 2U);
  EXPECT_EQ(office[0]["name"], "Fremdes");
  const json tech = get(both, as_tech_a_).json_body()["items"];
  ASSERT_EQ(tech.size(), 1U);
  EXPECT_EQ(tech[0]["name"], "Eigenes");
  EXPECT_EQ(get(both, as_admin_b_).json_body()["items"].size(), 0U);
  EXPECT_THAT(get("/api/v1/projects?ids=" + own + "&customer_id=" + a, as_office_a_).fields(), Contains("ids"));
}

TEST_P(RecordsApi, EmployeesAreManagedByAdmins) {
  const Reply created =
      post("/api/v1/employees", as_admin_a_,
           {{"email", "neu@a.example"}, {"name", "Neu"}, {"role", "technician"}, {"password", "a-long-password"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_FALSE(created.json_body().contains("password_hash"));
  EXPECT_FALSE(created.json_body().contains("password"));
  EXPECT_EQ(
      post("/api/v1/employees", as_office_a_, {{"email", "x@a.example"}, {"name", "X"}, {"role", "office"}}).status,
      403);
  const Reply bad_role =
      post("/api/v1/employees", as_admin_a_, {{"email", "y@a.example"}, {"name", "Y"}, {"role", "boss"}});
  EXPECT_EQ(bad_role.status, 422);
  EXPECT_THAT(bad_role.fields(), Contains("role"));
  const std::string path = "/api/v1/employees/" + id_of(created);
  const Reply off = patch(path, as_admin_a_, {{"active", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json_body()["active"], false);
  EXPECT_EQ(get("/api/v1/employees", as_office_a_).json_body()["total"], 4);
}

TEST_P(RecordsApi, TechnicianSeesAndCompletesOwnWork) {
  for (const char* type : {"create_task", "create_order", "notify"}) {
    json c = create_contract({{"customer_id", customer_a_}, {"action", {{"type", type}, {"employee_id", tech_a_}}}});
    ASSERT_EQ(
        post("/api/v1/maintenance-contracts/" + std::to_string(c["id"].get<std::int64_t>()) + "/trigger", as_office_a_)
            .status,
        200);
  }
  json tasks = get("/api/v1/tasks", as_tech_a_).json_body();
  ASSERT_EQ(tasks["total"], 1);
  EXPECT_EQ(tasks["items"][0]["assignee_id"], tech_a_);
  EXPECT_EQ(tasks["items"][0]["source"]["due_date"], "2026-03-15");
  const std::string task = "/api/v1/tasks/" + std::to_string(tasks["items"][0]["id"].get<std::int64_t>());
  const Reply done = patch(task, as_tech_a_, {{"status", "done"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json_body()["status"], "done");
  EXPECT_THAT(patch(task, as_tech_a_, {{"status", "finished"}}).fields(), Contains("status"));
  EXPECT_EQ(get("/api/v1/tasks?status=open", as_tech_a_).json_body()["total"], 0);
  EXPECT_EQ(get("/api/v1/tasks?status=maybe", as_tech_a_).status, 400);

  json orders = get("/api/v1/orders", as_tech_a_).json_body();
  ASSERT_EQ(orders["total"], 1);
  EXPECT_EQ(orders["items"][0]["number"].is_number_integer(), true);
  const std::string order = "/api/v1/orders/" + std::to_string(orders["items"][0]["id"].get<std::int64_t>());
  EXPECT_EQ(get(order, as_tech_a_).status, 200);
  EXPECT_EQ(patch(order, as_tech_a_, {{"status", "done"}}).json_body()["status"], "done");

  json notes = get("/api/v1/notifications?read=false", as_tech_a_).json_body();
  ASSERT_GE(notes["total"].get<int>(), 1);
  const std::string note =
      "/api/v1/notifications/" + std::to_string(notes["items"][0]["id"].get<std::int64_t>()) + "/read";
  EXPECT_EQ(post(note, as_tech_a_).json_body()["read"], true);
  EXPECT_EQ(get("/api/v1/notifications?read=maybe", as_tech_a_).status, 400);
  // The office sees the whole organisation's work; the admin of B none of it.
  EXPECT_EQ(get("/api/v1/tasks", as_office_a_).json_body()["total"], 1);
  EXPECT_EQ(get("/api/v1/tasks", as_admin_b_).json_body()["total"], 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, RecordsApi, ::testing::ValuesIn(test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
