// The request framing: any bytes as the head of a request, through Beast's parser and the
// server's own checks of the header (RFC 9112 framing, limits) and its target. Whatever the
// parser accepts must be decided: refused with a status, or a path and query decoded.
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/request_head.hpp"

namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::empty_body> parser;
  parser.header_limit(32 * 1024);
  parser.body_limit(boost::none);
  parser.eager(false);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  const auto& message = parser.get();
  turnus::http::Headers headers;
  std::size_t header_bytes = 0;
  for (const auto& field : message) {
    header_bytes += field.name_string().size() + field.value().size() + 4;
    headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  const std::string_view target(message.target().data(), message.target().size());
  const auto refusal = turnus::http::check_request_head(message.version(), target, headers, header_bytes, {});
  if (refusal) {
    const int status = refusal->first;
    if (status != 400 && status != 414 && status != 431 && status != 501 && status != 505) std::abort();
    return 0;
  }
  // Accepted: the framing is unambiguous.
  if (headers.has("Transfer-Encoding") && headers.has("Content-Length")) std::abort();
  if (const auto decoded = turnus::http::decode_target(target)) {
    if (decoded->path.empty() || decoded->path.front() != '/') std::abort();
    if (decoded->path.find('\0') != std::string::npos) std::abort();
  }
  return 0;
}
