// Query parameters of list endpoints: pagination (page from 1, per_page 1–200, default
// 50) and typed filters. A value that cannot be parsed is a 400 problem naming the
// parameter ("page", "due_before", …).
//
// Thread-safety: free functions; no shared state.
#pragma once

#include "http/message.hpp"

#include <optional>
#include <string>
#include <vector>

#include "app/repositories.hpp"
#include "app/use_cases.hpp"

namespace turnus::http {

app::PageRequest page_request(const Request& req);
std::optional<domain::Id> id_parameter(const Request& req, const char* name);
// "ids=3,17,5": comma-separated ids, at most app::kMaxLookupIds. A lookup by ids answers on
// its own: another query parameter beside it is a 400 naming "ids".
std::optional<std::vector<domain::Id>> ids_parameter(const Request& req);
std::optional<int> int_parameter(const Request& req, const char* name, int min, int max);
std::optional<bool> bool_parameter(const Request& req, const char* name);
std::optional<domain::Date> date_parameter(const Request& req, const char* name);
std::optional<domain::WorkStatus> work_status_parameter(const Request& req, const char* name);
app::ContractFilter contract_filter(const Request& req);
app::WorkFilter work_filter(const Request& req, bool with_customer);

}  // namespace turnus::http
