#include "store/contract_codec.hpp"

#include <nlohmann/json.hpp>

#include <optional>

#include "domain/error.hpp"

namespace turnus::store {

void corrupt_contract(domain::Id contract_id, const std::string& what) {
  throw domain::Error(domain::ErrorKind::internal,
                      {"Gespeicherter Vertrag " + std::to_string(contract_id) + " ist ungültig: " + what,
                       "Stored contract " + std::to_string(contract_id) + " is invalid: " + what});
}

std::string fixed_dates_to_json(const std::vector<domain::Date>& dates) {
  nlohmann::json array = nlohmann::json::array();
  for (const domain::Date& d : dates) array.push_back(d.to_string());
  return array.dump();
}

std::vector<domain::Date> fixed_dates_from_json(domain::Id contract_id, const std::string& text) {
  const nlohmann::json array = nlohmann::json::parse(text, nullptr, false);
  if (!array.is_array()) corrupt_contract(contract_id, "interval_dates " + text);
  std::vector<domain::Date> dates;
  dates.reserve(array.size());
  for (const nlohmann::json& item : array) {
    const std::optional<domain::Date> d =
        item.is_string() ? domain::Date::parse(item.get<std::string>()) : std::nullopt;
    if (!d) corrupt_contract(contract_id, "interval_dates " + text);
    dates.push_back(*d);
  }
  return dates;
}

}  // namespace turnus::store
