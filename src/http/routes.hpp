// The route groups of the API and the small helpers their handlers share. Handlers only
// parse, call one use case, and serialise; every error goes to problem.cpp.
//
// Thread-safety: handlers hold references to thread-safe services and run concurrently.
#pragma once

#include <string>

#include "app/use_cases.hpp"
#include "http/json_codec.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace turnus::http {

struct RouteDeps {
  app::UseCases& use_cases;
  app::Database& database;
  const ServerConfig& config;
};

void add_system_routes(Router& router, const RouteDeps& deps);    // healthz, openapi, session, me
void add_contract_routes(Router& router, const RouteDeps& deps);  // maintenance contracts
void add_record_routes(Router& router, const RouteDeps& deps);    // customers … notifications
void add_document_routes(Router& router, const RouteDeps& deps);  // documents of contracts
void add_token_routes(Router& router, const RouteDeps& deps);     // API tokens (admins)

// Content-Disposition of a download: attachment; filename="ASCII fallback";
// filename*=UTF-8''percent-encoded (RFC 6266 / RFC 5987).
std::string content_disposition(const std::string& file_name);

void send_json(Response& res, const json& body, int status = 200);
// The same for JSON that is already text (contract_page_text).
void send_json_text(Response& res, std::string body, int status = 200);
void send_created(Response& res, const json& body, const std::string& location);

// A page of an in-memory list (executions, documents), shaped like every list.
template <class T, class... Extra>
json vector_page(const std::vector<T>& all, app::PageRequest page, Extra&&... extra) {
  json items = json::array();
  const auto from =
      static_cast<std::size_t>(std::min<std::int64_t>(page.offset(), static_cast<std::int64_t>(all.size())));
  const std::size_t to = std::min(all.size(), from + static_cast<std::size_t>(page.per_page));
  for (std::size_t i = from; i < to; ++i) items.push_back(to_json(all[i], std::forward<Extra>(extra)...));
  return {{"items", std::move(items)},
          {"total", static_cast<std::int64_t>(all.size())},
          {"total_exact", true},
          {"page", page.page},
          {"per_page", page.per_page}};
}

}  // namespace turnus::http
