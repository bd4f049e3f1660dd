#include "http/request_head.hpp"

namespace turnus::http {

std::optional<HeadRefusal> check_request_head(unsigned version, std::string_view target, const Headers& headers,
                                              std::size_t header_bytes, const HeadLimits& limits) {
  if (version != 11 && version != 10) {
    return HeadRefusal{505, {"Nur HTTP/1.1 wird unterstützt.", "Only HTTP/1.1 is supported."}};
  }
  if (target.size() > limits.max_uri_bytes) {
    return HeadRefusal{414, {"Die Adresse ist zu lang.", "The URI is too long."}};
  }
  if (headers.size() > limits.max_header_fields || header_bytes > limits.max_header_bytes) {
    return HeadRefusal{431, {"Die Kopfzeilen sind zu groß.", "The header is too large."}};
  }
  // A body whose end two parties could find in two places is how requests are smuggled
  // past a proxy: refuse every such header (RFC 9112, 6.1 and 6.3).
  const std::size_t transfer_encodings = headers.count("Transfer-Encoding");
  if (transfer_encodings > 0) {
    if (headers.has("Content-Length")) {
      return HeadRefusal{400,
                         {"Content-Length und Transfer-Encoding zusammen sind mehrdeutig.",
                          "Content-Length together with Transfer-Encoding is ambiguous."}};
    }
    if (transfer_encodings > 1 || !iequals(trim_ows(headers.get("Transfer-Encoding")), "chunked") || version == 10) {
      return HeadRefusal{501,
                         {"Nur die Übertragungskodierung \"chunked\" wird unterstützt.",
                          "Only the transfer coding \"chunked\" is supported."}};
    }
  }
  if (version == 11 && headers.count("Host") != 1) {
    return HeadRefusal{
        400, {"Die Anfrage braucht genau eine Host-Kopfzeile.", "The request needs exactly one Host header."}};
  }
  return std::nullopt;
}

std::optional<DecodedTarget> decode_target(std::string_view target) {
  const std::size_t question = target.find('?');
  std::optional<std::string> path = percent_decode(target.substr(0, question), false);
  if (!path || path->empty() || path->front() != '/') return std::nullopt;
  DecodedTarget out{std::move(*path), {}};
  if (question != std::string_view::npos) {
    auto query = parse_query(target.substr(question + 1));
    if (!query) return std::nullopt;
    out.params = std::move(*query);
  }
  return out;
}

}  // namespace turnus::http
