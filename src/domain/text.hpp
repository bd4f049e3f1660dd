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

inline bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace turnus::domain
