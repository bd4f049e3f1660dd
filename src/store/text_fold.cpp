#include "store/text_fold.hpp"

#include <cstdint>

namespace turnus::store {

namespace {

// Lower-case of a code point in U+00C0 … U+017F, or the code point itself.
char32_t lower_latin(char32_t c) {
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;  // À … Þ except ×
  if (c == 0x178) return 0xFF;                               // Ÿ
  if (c == 0x130) return 'i';                                // İ
  // Latin Extended-A pairs upper/lower by parity, with the parity flipping in two ranges.
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c % 2 == 0) ? c + 1 : c;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
  return c;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else {  // every code point lower_latin returns is below U+0800
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 'A' && byte <= 'Z') {
      out.push_back(static_cast<char>(byte + ('a' - 'A')));
      continue;
    }
    // Two-byte sequences C3 xx and C4/C5 xx cover U+00C0 … U+017F.
    if ((byte == 0xC3 || byte == 0xC4 || byte == 0xC5) && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if ((next & 0xC0) == 0x80) {
        const char32_t c = (char32_t{byte & 0x1Fu} << 6) | char32_t{next & 0x3Fu};
        append_utf8(out, lower_latin(c));
        ++i;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace turnus::store
