#include "domain/log_text.hpp"

#include "domain/text.hpp"

namespace turnus::domain {

namespace {

void append_hex(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

}  // namespace

std::string log_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f || c == '\\') {
        append_hex(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const CodePoint decoded = decode_utf8(text, i);
    const std::size_t length = decoded.bytes;
    const auto code_point = static_cast<unsigned>(decoded.value);
    if (length == 0) {
      append_hex(out, c);
      ++i;
      continue;
    }
    const bool bidi = (code_point >= 0x202A && code_point <= 0x202E) || (code_point >= 0x2066 && code_point <= 0x2069);
    const bool c1_control = code_point >= 0x80 && code_point < 0xA0;
    if (bidi || c1_control) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u{";
      for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code_point >> static_cast<unsigned>(shift)) & 0xF];
      out += '}';
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace turnus::domain
