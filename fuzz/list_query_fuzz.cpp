// The contract list's query string and its cursor, as a client may send them: every
// parameter is parsed into a filter or refused with a 400/422 naming it, and a cursor that
// decodes encodes back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/contract_cursor.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);  // NOLINT
  if (const auto cursor = turnus::http::decode_contract_cursor(text)) {
    const auto again = turnus::http::decode_contract_cursor(turnus::http::encode_contract_cursor(*cursor));
    if (!again) std::abort();
  }
  auto params = turnus::http::parse_query(text);
  if (!params) return 0;
  turnus::http::Request req;
  req.params = std::move(*params);
  const auto attempt = [](auto&& parse) {
    try {
      parse();
    } catch (const turnus::http::HttpError&) {
    } catch (const turnus::domain::Error&) {
    }
  };
  attempt([&] { (void)turnus::http::contract_filter(req); });
  attempt([&] { (void)turnus::http::page_request(req); });
  attempt([&] { (void)turnus::http::work_filter(req, true); });
  attempt([&] { (void)turnus::http::ids_parameter(req); });
  return 0;
}
