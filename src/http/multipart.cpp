#include "http/multipart.hpp"

#include <algorithm>

#include "http/message.hpp"

namespace turnus::http {

namespace {

constexpr std::size_t kMaxTransportPadding = 64;

bool boundary_char(char c) {
  // RFC 2046 bchars: DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?" / " "
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// The parameters of a header value after its first token: `; key=token` or
// `; key="quoted"`. Returns false when the value cannot be read (an unterminated quote, a
// parameter without '=').
bool read_parameters(std::string_view rest, const std::function<void(const std::string&, std::string)>& each) {
  while (true) {
    rest = trim_ows(rest);
    if (rest.empty()) return true;
    if (rest.front() != ';') return false;
    rest.remove_prefix(1);
    rest = trim_ows(rest);
    if (rest.empty()) return true;  // a trailing ';'
    const std::size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return false;
    std::string key(trim_ows(rest.substr(0, eq)));
    for (char& c : key) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    rest = trim_ows(rest.substr(eq + 1));
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      // Browsers escape '"', CR and LF in names as %22, %0D, %0A and send a backslash as it
      // is (a Windows path), so a backslash is not an escape here.
      const std::size_t close = rest.find('"', 1);
      if (close == std::string_view::npos) return false;
      value = std::string(rest.substr(1, close - 1));
      rest = rest.substr(close + 1);
    } else {
      const std::size_t semi = rest.find(';');
      value = std::string(trim_ows(rest.substr(0, semi)));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi);
    }
    each(key, std::move(value));
  }
}

// RFC 8187 ext-value: charset'language'percent-encoded. Only UTF-8 is taken.
std::optional<std::string> ext_value(std::string_view value) {
  const std::size_t first = value.find('\'');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = value.find('\'', first + 1);
  if (second == std::string_view::npos || !iequals(value.substr(0, first), "utf-8")) return std::nullopt;
  return percent_decode(value.substr(second + 1), false);
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (semi == std::string_view::npos || !iequals(trim_ows(content_type.substr(0, semi)), "multipart/form-data")) {
    return std::nullopt;
  }
  std::optional<std::string> boundary;
  const bool readable = read_parameters(content_type.substr(semi), [&](const std::string& key, std::string value) {
    if (key == "boundary" && !boundary) boundary = std::move(value);
  });
  if (!readable || !boundary || boundary->empty() || boundary->size() > 70 || boundary->back() == ' ' ||
      !std::all_of(boundary->begin(), boundary->end(), boundary_char)) {
    return std::nullopt;
  }
  return boundary;
}

MultipartParser::MultipartParser(const std::string& boundary, Sink sink, Limits limits)
    : delimiter_("\r\n--" + boundary), sink_(std::move(sink)), limits_(limits), pending_("\r\n") {}

void MultipartParser::emit(std::string_view bytes) {
  if (!bytes.empty() && sink_.on_data) sink_.on_data(bytes);
}

void MultipartParser::feed(std::string_view bytes) {
  if (state_ == State::done) return;
  pending_.append(bytes);
  while (true) {
    switch (state_) {
      case State::preamble: {
        const std::size_t at = pending_.find(delimiter_);
        if (at == std::string::npos) {
          // Keep what could be the start of the first delimiter; the preamble is ignored.
          if (pending_.size() >= delimiter_.size()) pending_.erase(0, pending_.size() - (delimiter_.size() - 1));
          return;
        }
        pending_.erase(0, at + delimiter_.size());
        state_ = State::after_boundary;
        break;
      }
      case State::after_boundary: {
        if (pending_.size() < 2) return;
        if (pending_.compare(0, 2, "--") == 0) {
          state_ = State::done;
          pending_.clear();
          return;
        }
        std::size_t padding = 0;
        while (padding < pending_.size() && (pending_[padding] == ' ' || pending_[padding] == '\t')) ++padding;
        if (padding > kMaxTransportPadding) throw MultipartError("a boundary line is too long");
        if (pending_.size() < padding + 2) return;
        if (pending_.compare(padding, 2, "\r\n") != 0) throw MultipartError("a boundary is not followed by a line end");
        pending_.erase(0, padding + 2);
        state_ = State::headers;
        break;
      }
      case State::headers: {
        std::size_t end = 0;
        std::size_t skip = 0;
        if (pending_.size() >= 2 && pending_.compare(0, 2, "\r\n") == 0) {
          end = 0;  // a part without any header
          skip = 2;
        } else {
          end = pending_.find("\r\n\r\n");
          skip = 4;
        }
        if (end == std::string::npos) {
          if (pending_.size() > limits_.max_part_header_bytes) throw MultipartError("a part's header is too long");
          return;
        }
        if (end > limits_.max_part_header_bytes) throw MultipartError("a part's header is too long");
        if (++parts_ > limits_.max_parts) throw MultipartError("too many parts");
        parse_headers(std::string_view(pending_).substr(0, end));
        pending_.erase(0, end + skip);
        state_ = State::data;
        break;
      }
      case State::data: {
        const std::size_t at = pending_.find(delimiter_);
        if (at == std::string::npos) {
          // Everything but a possible beginning of the delimiter belongs to the part.
          if (pending_.size() >= delimiter_.size()) {
            const std::size_t safe = pending_.size() - (delimiter_.size() - 1);
            emit(std::string_view(pending_).substr(0, safe));
            pending_.erase(0, safe);
          }
          return;
        }
        emit(std::string_view(pending_).substr(0, at));
        pending_.erase(0, at + delimiter_.size());
        state_ = State::after_boundary;
        break;
      }
      case State::done: pending_.clear(); return;
    }
  }
}

void MultipartParser::finish() const {
  if (state_ != State::done) throw MultipartError("the body ends before the closing boundary");
}

void MultipartParser::parse_headers(std::string_view block) {
  MultipartPart part;
  bool has_disposition = false;
  std::optional<std::string> plain_name;
  std::optional<std::string> extended_name;
  while (!block.empty()) {
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      part.readable = false;  // a broken line, e.g. the rest of a name cut by a raw line break
      continue;
    }
    const std::string_view name = trim_ows(line.substr(0, colon));
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (iequals(name, "Content-Disposition")) {
      if (has_disposition) part.readable = false;
      has_disposition = true;
      const std::size_t semi = value.find(';');
      if (!iequals(trim_ows(value.substr(0, semi)), "form-data")) {
        part.readable = false;
        continue;
      }
      std::optional<std::string> field;
      const bool readable = semi != std::string_view::npos &&
                            read_parameters(value.substr(semi), [&](const std::string& key, std::string v) {
                              if (key == "name") {
                                field = std::move(v);
                              } else if (key == "filename") {
                                plain_name = std::move(v);
                              } else if (key == "filename*") {
                                extended_name = ext_value(v);
                              }
                            });
      if (!readable || !field) {
        part.readable = false;
        continue;
      }
      part.name = std::move(*field);
    } else if (iequals(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  if (!has_disposition) part.readable = false;
  if (extended_name) {
    part.file_name = std::move(extended_name);
  } else if (plain_name) {
    part.file_name = std::move(plain_name);
  }
  if (!part.readable) {
    part.name.clear();
    part.file_name.reset();
  }
  if (sink_.on_part) sink_.on_part(part);
}

}  // namespace turnus::http
