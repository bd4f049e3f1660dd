// MultipartParser: a multipart/form-data body (RFC 7578, framing of RFC 2046) parsed as it
// arrives, piece by piece, so an upload never has to be held in memory: the bytes of each
// part go to the sink as soon as they are known not to be part of a boundary.
//
// Thread-safety: one parser per request, used by one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace turnus::http {

// The body is not well-formed multipart (no boundary found, a part header too long or
// broken, the body ends inside a part). The server answers 400.
class MultipartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The boundary parameter of a multipart Content-Type ("multipart/form-data; boundary=…",
// quoted or not); nullopt when missing or not a valid boundary (1–70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

struct MultipartPart {
  std::string name;  // the form field; empty when its Content-Disposition could not be read
  std::optional<std::string> file_name;
  std::string content_type;
  // False when the part's Content-Disposition is not a readable form-data disposition (a
  // raw line break inside a quoted file name ends the header line and leaves an
  // unterminated quote). Its bytes still pass through on_data; callers ignore the part.
  bool readable = true;
};

class MultipartParser {
 public:
  struct Limits {
    std::size_t max_part_header_bytes = 8 * 1024;  // one part's header block
    std::size_t max_parts = 32;
  };
  struct Sink {
    std::function<void(const MultipartPart&)> on_part;  // a part begins
    std::function<void(std::string_view)> on_data;      // bytes of the current part, in order
  };

  MultipartParser(const std::string& boundary, Sink sink) : MultipartParser(boundary, std::move(sink), Limits{}) {}
  MultipartParser(const std::string& boundary, Sink sink, Limits limits);

  // Throws MultipartError. After the closing boundary, further bytes (the epilogue) are
  // ignored.
  void feed(std::string_view bytes);
  // The body has ended; throws MultipartError when the closing boundary was not seen.
  void finish() const;
  bool done() const { return state_ == State::done; }

 private:
  enum class State { preamble, after_boundary, headers, data, done };

  void parse_headers(std::string_view block);
  void emit(std::string_view bytes);

  std::string delimiter_;  // CRLF "--" boundary
  Sink sink_;
  Limits limits_;
  State state_ = State::preamble;
  std::string pending_;  // bytes not yet decided on
  std::size_t parts_ = 0;
};

}  // namespace turnus::http
