#include "http/contract_cursor.hpp"

#include <sodium.h>

#include <charconv>

#include "domain/date.hpp"
#include "domain/text.hpp"

namespace turnus::http {

namespace {

using app::ContractCursor;
using app::ContractFilter;

// Version 1 reads "1", the sort (d, n, c), the direction (+, -), the id, ":" and then "-"
// for no value or "=" and the value.
constexpr char kVersion = '1';
// A folded name is at most a few times its 200 characters; anything longer was not made here.
constexpr std::size_t kMaxValueBytes = 2000;
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string base64url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// libsodium refuses characters outside the alphabet, padding, and leftover bits that are not
// zero, so only the canonical form of some bytes decodes.
std::optional<std::string> from_base64url(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, kVariant) != 0) {
    return std::nullopt;
  }
  out.resize(length);
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

}  // namespace turnus::http
