#include "domain/file_name.hpp"

#include <utility>
#include <vector>

#include "domain/text.hpp"

namespace turnus::domain {

namespace {

// The longest extension kept when a name must be shortened: longer "extensions" are more
// likely part of the name than a file type.
constexpr std::size_t kMaxKeptExtension = 16;

bool dropped(char32_t c) {
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return true;  // C0, DEL, C1
  switch (c) {
    case '<':
    case '>':
    case ':':
    case '"':
    case '|':
    case '?':
    case '*': return true;
    default: break;
  }
  // Bidirectional marks, embeddings, overrides and isolates.
  return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

bool trimmed_away(char32_t c) { return c == '.' || c == ' '; }

// The name as a list of code points, each kept as its UTF-8 bytes.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = decode_utf8(s, i);
    if (cp.bytes == 0) {
      ++i;  // an invalid byte: skip it and resynchronise on the next one
      continue;
    }
    if (!dropped(cp.value)) out.push_back(s.substr(i, cp.bytes));
    i += cp.bytes;
  }
  return out;
}

bool is_trimmed_away(std::string_view cp) { return cp.size() == 1 && trimmed_away(static_cast<char32_t>(cp[0])); }

void trim(std::vector<std::string_view>& cps) {
  std::size_t first = 0;
  while (first < cps.size() && is_trimmed_away(cps[first])) ++first;
  std::size_t last = cps.size();
  while (last > first && is_trimmed_away(cps[last - 1])) --last;
  cps = std::vector<std::string_view>(cps.begin() + static_cast<std::ptrdiff_t>(first),
                                      cps.begin() + static_cast<std::ptrdiff_t>(last));
}

std::string joined(const std::vector<std::string_view>& cps) {
  std::string out;
  for (const std::string_view cp : cps) out += cp;
  return out;
}

}  // namespace

std::string sanitize_file_name(std::string_view name) {
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);

  std::vector<std::string_view> cps = code_points(name);
  trim(cps);
  if (cps.size() > kMaxFileNameLength) {
    // Shorten the stem, not the extension, so the file still opens with the right program.
    std::size_t dot = cps.size();
    for (std::size_t i = cps.size(); i-- > 0;) {
      if (cps[i] == ".") {
        dot = i;
        break;
      }
    }
    const std::size_t extension = cps.size() - dot;  // with its dot; 0 when there is none
    if (dot > 0 && extension > 1 && extension <= kMaxKeptExtension + 1) {
      std::vector<std::string_view> stem(cps.begin(),
                                         cps.begin() + static_cast<std::ptrdiff_t>(kMaxFileNameLength - extension));
      trim(stem);
      stem.insert(stem.end(), cps.begin() + static_cast<std::ptrdiff_t>(dot), cps.end());
      cps = std::move(stem);
    } else {
      cps.resize(kMaxFileNameLength);
    }
    trim(cps);
  }
  if (cps.empty()) return std::string(kFallbackFileName);
  return joined(cps);
}

}  // namespace turnus::domain
