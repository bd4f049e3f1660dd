// JSON mapping of the API (api.md): domain values to JSON and request bodies to use-case
// inputs. Readers collect every bad field with its dotted API name ("interval.every") so
// one 422 lists all of them; a body that is not JSON at all is a 400.
// Unknown fields in request bodies are ignored (forward compatible; documented in
// docs/api.md).
//
// Thread-safety: free functions and short-lived per-request objects; no shared state.
#pragma once

#include "http/message.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/use_cases.hpp"
#include "domain/contract.hpp"
#include "domain/records.hpp"

namespace turnus::http {

using nlohmann::json;

// The request body as a JSON object. Throws HttpError 415 when a non-empty body is not
// declared application/json, 400 when it is not valid JSON or not an object. An empty body
// is an empty object.
json parse_body(const Request& req);
// Throws HttpError 400 naming "body" when `body` nests arrays and objects deeper than
// kMaxJsonDepth (json_depth.hpp). The server calls it for every body that is not
// multipart, before any handler runs, so no route can build such a value.
void refuse_deep_json(std::string_view body);

// Typed access to the members of one JSON object; wrong types and missing required members
// are added to `violations` under prefix + name.
class Fields {
 public:
  Fields(const json& object, std::string prefix, domain::Violations& violations)
      : object_(object), prefix_(std::move(prefix)), v_(violations) {}

  bool has(const char* key) const;      // present and not null
  bool present(const char* key) const;  // present, null or not
  std::string path(const char* key) const { return prefix_ + key; }
  void missing(const char* key);

  std::optional<std::string> text(const char* key, bool required = false);
  std::optional<std::int64_t> integer(const char* key, bool required = false);
  std::optional<int> small_integer(const char* key, bool required = false);
  std::optional<bool> boolean(const char* key, bool required = false);
  std::optional<domain::Date> date(const char* key, bool required = false);
  std::optional<std::vector<domain::Date>> dates(const char* key, bool required = false);
  // A member that must be an object; nullopt when absent/null (or wrong type, recorded).
  const json* object(const char* key, bool required = false);
  // One of `allowed` (for the message); `parse` maps text to the value.
  template <class E, class Parse>
  std::optional<E> choice(const char* key, Parse parse, const char* allowed, bool required = false) {
    const std::optional<std::string> t = text(key, required);
    if (!t) return std::nullopt;
    std::optional<E> value = parse(*t);
    if (!value) bad_choice(key, allowed);
    return value;
  }
  domain::Violations& violations() { return v_; }

 private:
  void wrong(const char* key, const char* de, const char* en);
  void bad_choice(const char* key, const char* allowed);

  const json& object_;
  std::string prefix_;
  domain::Violations& v_;
};

// --- Bodies to use-case inputs (throw Error validation listing every bad field) ---------
domain::ContractDraft contract_draft_from_json(const json& body);
// PATCH of a contract: `patch`'s members replace those of `current` (nested objects as a
// whole); "version" is required (422 on field version when missing).
std::pair<domain::ContractDraft, std::int64_t> contract_patch_from_json(const domain::Contract& current,
                                                                        const json& patch);
app::CustomerFields customer_fields_from_json(const json& body);
app::CustomerPatch customer_patch_from_json(const json& body);
app::ProjectFields project_fields_from_json(const json& body);
app::ProjectPatch project_patch_from_json(const json& body);
app::EmployeeFields employee_fields_from_json(const json& body);
app::EmployeePatch employee_patch_from_json(const json& body);
app::TaskPatch task_patch_from_json(const json& body);
app::OrderPatch order_patch_from_json(const json& body);

// --- Domain values to JSON -------------------------------------------------------------
// `today` (the organisation's date): for "due_soon" ("bald fällig"); false without it.
json to_json(const domain::Contract& contract, bool english, std::optional<domain::Date> today = std::nullopt);
json to_json(const domain::Execution& execution);
json to_json(const domain::Customer& customer);
json to_json(const domain::Project& project);
json to_json(const domain::PipelineStage& stage);
json to_json(const domain::User& user);  // never the password hash
json to_json(const domain::Task& task);
json to_json(const domain::Order& order);
json to_json(const domain::Notification& notification);
json to_json(const domain::Document& document);
json timestamp_json(domain::Timestamp t);  // RFC 3339 UTC, null for 0

// The contract list's answer: page_json's fields and "next", the cursor of the page after
// it (null when the page is not full).
json contract_page_json(const app::ContractListPage& page, bool english, std::optional<domain::Date> today);

// The same JSON as contract_page_json (tests compare the two), written straight into a
// string. Building the DOM of 50 contracts first (a std::map per object) took about half of
// the server's time for a list request.
std::string contract_page_text(const app::ContractListPage& page, bool english, std::optional<domain::Date> today);

template <class T, class... Extra>
json page_json(const app::Page<T>& page, Extra&&... extra) {
  json items = json::array();
  for (const T& item : page.items) items.push_back(to_json(item, std::forward<Extra>(extra)...));
  // total_exact false: the list stopped counting at app::kExactTotalLimit (ADR 0006).
  return {{"items", std::move(items)},
          {"total", page.total},
          {"total_exact", page.total_exact},
          {"page", page.page},
          {"per_page", page.per_page}};
}

}  // namespace turnus::http
