// What the server decides on a request's header alone, before it reads a body: whether the
// header may be processed at all (RFC 9112 framing, HTTP version, the URI and header
// limits), and the request's decoded path and query. Kept apart from the socket code so
// that it can be tested and fuzzed on its own.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "http/message.hpp"

namespace turnus::http {

struct HeadLimits {
  std::size_t max_uri_bytes = std::size_t{8} * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::size_t max_header_fields = 100;
};

// A refusal: the status (400, 414, 431, 501, 505) and what to tell the client. The server
// answers it and closes the connection.
using HeadRefusal = std::pair<int, domain::Text>;

// `version` as 10 or 11 for HTTP/1.0 and 1.1. `header_bytes`: the fields' names and values
// with their separators. Nullopt when the header may be processed.
std::optional<HeadRefusal> check_request_head(unsigned version, std::string_view target, const Headers& headers,
                                              std::size_t header_bytes, const HeadLimits& limits);

// The target's path (percent-decoded, starting with '/') and query parameters (decoded);
// nullopt when either is malformed or the path is not absolute.
struct DecodedTarget {
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;
};
std::optional<DecodedTarget> decode_target(std::string_view target);

}  // namespace turnus::http
