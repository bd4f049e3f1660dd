#include "store/trigrams.hpp"

#include <algorithm>
#include <utility>

#include "domain/text.hpp"

namespace turnus::store {

namespace {

// Code points of valid UTF-8 text, as byte offsets of their first bytes plus the end; nullopt
// for invalid UTF-8 (overlong forms, surrogates and values past U+10FFFF included), on which
// FTS5's tokenizer and instr() might disagree. In valid UTF-8 every byte that is not a
// continuation byte (10xxxxxx) starts a code point.
std::optional<std::vector<std::size_t>> code_point_starts(std::string_view text) {
  if (!domain::is_valid_utf8(text)) return std::nullopt;
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  return starts;
}

// How often a (folded) character occurs in German names, in per mille: letter frequencies of
// German text, the space as in short names, digits as in numbered names; anything else is
// taken as rare. Only the order matters: it picks the trigrams least likely to be common.
double character_frequency(std::string_view character) {
  static constexpr std::pair<std::string_view, double> kFrequencies[] = {
      {"e", 164}, {" ", 150}, {"n", 98}, {"i", 76}, {"s", 73}, {"r", 70}, {"a", 65}, {"t", 62},
      {"d", 51},  {"h", 48},  {"u", 42}, {"l", 34}, {"c", 31}, {"g", 30}, {"m", 25}, {"o", 25},
      {"b", 19},  {"w", 19},  {"f", 17}, {"k", 12}, {"z", 11}, {"p", 8},  {"v", 7},  {"ü", 6},
      {"ä", 5},   {"ö", 3},   {"ß", 3},  {"j", 3},  {"y", 1},  {"x", 1},  {"q", 1},
  };
  for (const auto& [c, frequency] : kFrequencies) {
    if (c == character) return frequency;
  }
  if (character.size() == 1 && character[0] >= '0' && character[0] <= '9') return 10;
  return 5;
}

// Letters and digits as pg_trgm sees them: ASCII alphanumerics and every byte of a
// multi-byte character (the letters of German and other European names).
bool is_word_byte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

}  // namespace

std::optional<std::vector<std::string>> rarest_trigrams(std::string_view folded, std::size_t max,
                                                        bool word_characters_only) {
  const std::optional<std::vector<std::size_t>> starts = code_point_starts(folded);
  if (!starts) return std::nullopt;
  const std::size_t characters = starts->size() - 1;
  if (characters < 3) return std::nullopt;
  if (std::any_of(folded.begin(), folded.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return std::nullopt;
  }
  // The trigram at each position and how common it probably is; the rarest ones that do
  // not overlap (overlapping ones share two characters and narrow down little more) are
  // looked up.
  struct Candidate {
    std::size_t position;
    std::string_view text;
    double commonness;
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i + 3 <= characters; ++i) {
    const std::string_view t = folded.substr((*starts)[i], (*starts)[i + 3] - (*starts)[i]);
    double commonness = 1;
    for (std::size_t k = i; k < i + 3; ++k) {
      commonness *= character_frequency(folded.substr((*starts)[k], (*starts)[k + 1] - (*starts)[k]));
    }
    if (word_characters_only && !std::all_of(t.begin(), t.end(), is_word_byte)) continue;
    candidates.push_back({i, t, commonness});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.commonness < b.commonness; });
  std::vector<Candidate> picked;
  for (const Candidate& c : candidates) {
    if (picked.size() == max) break;
    const bool overlaps = std::any_of(picked.begin(), picked.end(), [&](const Candidate& p) {
      return (p.position > c.position ? p.position - c.position : c.position - p.position) < 3 || p.text == c.text;
    });
    if (!overlaps) picked.push_back(c);
  }
  std::sort(picked.begin(), picked.end(),
            [](const Candidate& a, const Candidate& b) { return a.position < b.position; });
  if (picked.empty()) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(picked.size());
  for (const Candidate& c : picked) out.emplace_back(c.text);
  return out;
}

}  // namespace turnus::store
