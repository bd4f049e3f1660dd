// Small text rules shared by the domain and the use cases. Pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace turnus::domain {

// Limits are promised in characters, and German names are full of two-byte umlauts: count
// UTF-8 code points (every byte that is not a continuation byte 10xxxxxx).
inline std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// One code point of well-formed UTF-8 at s[i]: its value and length in bytes; a length of
// 0 where the bytes there are not UTF-8 (a stray continuation byte, an overlong form, a
// surrogate, anything past U+10FFFF, a sequence cut short).
struct CodePoint {
  char32_t value = 0;
  std::size_t bytes = 0;
};

inline CodePoint decode_utf8(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t value = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1FU;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0FU;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07U;
  } else {
    return {};
  }
  if (i + length > s.size()) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0U) != 0x80U) return {};
    value = (value << 6U) | (next & 0x3FU);
  }
  const bool overlong = (length == 3 && value < 0x800) || (length == 4 && value < 0x10000);
  if (overlong || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) return {};
  return {value, length};
}

// Well-formed UTF-8 throughout.
inline bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t length = decode_utf8(s, i).bytes;
    if (length == 0) return false;
    i += length;
  }
  return true;
}

inline bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace turnus::domain
