#include "app/contract_cursor.hpp"

#include <array>
#include <charconv>
#include <cstdint>

#include "domain/date.hpp"
#include "domain/text.hpp"

namespace turnus::app {

namespace {

// Version 1 reads "1", the sort (d, n, c), the direction (+, -), the id, ":" and then "-"
// for no value or "=" and the value.
constexpr char kVersion = '1';
// A folded name is at most a few times its 200 characters; anything longer was not made here.
constexpr std::size_t kMaxValueBytes = 2000;
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                            (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                            std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(n >> shift) & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) n |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    if (rest == 2) out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t k = 0; k < kAlphabet.size(); ++k)
    value[static_cast<unsigned char>(kAlphabet[k])] = static_cast<int>(k);
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char ch : text) {
    const int v = value[static_cast<unsigned char>(ch)];
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  // The leftover bits of a canonical encoding are zero; others are not ours.
  if ((bits & ((1U << count) - 1)) != 0) return std::nullopt;
  return out;
}

char sort_code(ContractFilter::Sort sort) {
  switch (sort) {
    case ContractFilter::Sort::name: return 'n';
    case ContractFilter::Sort::customer: return 'c';
    case ContractFilter::Sort::next_due_date: break;
  }
  return 'd';
}

}  // namespace

std::string encode_contract_cursor(const ContractCursor& cursor) {
  std::string plain;
  plain += kVersion;
  plain += sort_code(cursor.sort);
  plain += cursor.descending ? '-' : '+';
  plain += std::to_string(cursor.id);
  plain += ':';
  if (cursor.value) {
    plain += '=';
    plain += *cursor.value;
  } else {
    plain += '-';
  }
  return base64url(plain);
}

std::optional<ContractCursor> decode_contract_cursor(std::string_view text) {
  if (text.empty() || text.size() > (kMaxValueBytes + 40) / 3 * 4) return std::nullopt;
  const std::optional<std::string> decoded = from_base64url(text);
  if (!decoded || decoded->size() < 6 || (*decoded)[0] != kVersion) return std::nullopt;
  const std::string_view plain = *decoded;
  ContractCursor cursor;
  switch (plain[1]) {
    case 'd': cursor.sort = ContractFilter::Sort::next_due_date; break;
    case 'n': cursor.sort = ContractFilter::Sort::name; break;
    case 'c': cursor.sort = ContractFilter::Sort::customer; break;
    default: return std::nullopt;
  }
  if (plain[2] != '+' && plain[2] != '-') return std::nullopt;
  cursor.descending = plain[2] == '-';
  const std::size_t colon = plain.find(':', 3);
  if (colon == std::string_view::npos || colon + 1 >= plain.size()) return std::nullopt;
  const std::string_view id_text = plain.substr(3, colon - 3);
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), cursor.id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || cursor.id < 0) return std::nullopt;
  const char marker = plain[colon + 1];
  const std::string_view value = plain.substr(colon + 2);
  if (marker == '-') {
    // Every contract has a name: only the other sorts have rows without a value.
    if (!value.empty() || cursor.sort == ContractFilter::Sort::name) return std::nullopt;
    return cursor;
  }
  // A row with a sort value has a real id; names are never sorted without a value.
  if (marker != '=' || cursor.id < 1 || value.size() > kMaxValueBytes) return std::nullopt;
  if (cursor.sort == ContractFilter::Sort::next_due_date) {
    const std::optional<domain::Date> date = domain::Date::parse(value);
    if (!date || date->to_string() != value) return std::nullopt;
  } else if (!domain::is_valid_utf8(value) || domain::has_control_chars(value)) {
    return std::nullopt;
  }
  cursor.value = std::string(value);
  return cursor;
}

}  // namespace turnus::app
