// Every route's JSON body decoder, on whatever a client may send: the depth check, the
// parser, and each *_from_json reader must answer with a problem or a value, never crash,
// leak or hit undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/contract.hpp"
#include "http/json_codec.hpp"
#include "http/problem.hpp"

namespace {

using turnus::http::json;

const turnus::domain::Contract& current_contract() {
  static const turnus::domain::Contract contract = [] {
    turnus::domain::ContractDraft draft;
    draft.name = "Thermenwartung";
    draft.customer_id = 3;
    draft.start_date = turnus::domain::Date::from_civil(2026, 3, 1);
    draft.interval = {turnus::domain::IntervalUnit::year, 1, {}};
    draft.reminder = turnus::domain::Reminder{14};
    draft.action = {turnus::domain::ActionType::create_task, 5};
    return turnus::domain::Contract::create(draft, 1, turnus::domain::Date::from_civil(2026, 2, 1));
  }();
  return contract;
}

template <class Decode>
void decode(const json& body, Decode&& decoder) {
  try {
    decoder(body);
  } catch (const turnus::domain::Error&) {
  } catch (const turnus::http::HttpError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);  // NOLINT
  try {
    turnus::http::refuse_deep_json(text);
  } catch (const turnus::http::HttpError&) {
    return 0;
  }
  const json body = json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return 0;
  namespace h = turnus::http;
  decode(body, [](const json& b) {
    const turnus::domain::ContractDraft draft = h::contract_draft_from_json(b);
    (void)turnus::domain::Contract::check(draft);
  });
  decode(body, [](const json& b) {
    const auto [draft, version] = h::contract_patch_from_json(current_contract(), b);
    (void)turnus::domain::Contract::check(draft);
    (void)version;
  });
  decode(body, [](const json& b) { (void)h::customer_fields_from_json(b); });
  decode(body, [](const json& b) { (void)h::customer_patch_from_json(b); });
  decode(body, [](const json& b) { (void)h::project_fields_from_json(b); });
  decode(body, [](const json& b) { (void)h::project_patch_from_json(b); });
  decode(body, [](const json& b) { (void)h::employee_fields_from_json(b); });
  decode(body, [](const json& b) { (void)h::employee_patch_from_json(b); });
  decode(body, [](const json& b) { (void)h::task_patch_from_json(b); });
  decode(body, [](const json& b) { (void)h::order_patch_from_json(b); });
  return 0;
}
