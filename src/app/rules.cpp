#include "app/rules.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "domain/name.hpp"
#include "domain/text.hpp"

namespace turnus::app::rules {

namespace {

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

std::string str(std::string_view s) { return std::string(s); }

// The length of the UTF-8 sequence a byte starts and the payload bits it carries; length 0
// for a byte that starts none.
std::pair<std::size_t, char32_t> lead_of(unsigned char lead) {
  if (lead < 0x80) return {1, lead};
  if (lead >= 0xC2 && lead <= 0xDF) return {2, lead & 0x1FU};
  if (lead >= 0xE0 && lead <= 0xEF) return {3, lead & 0x0FU};
  if (lead >= 0xF0 && lead <= 0xF4) return {4, lead & 0x07U};
  return {0, 0};
}

}  // namespace

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto [length, value] = lead_of(static_cast<unsigned char>(s[i]));
    if (length == 0 || i + length > s.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0U) != 0x80U) return false;
      value = (value << 6U) | (next & 0x3FU);
    }
    const bool overlong = (length == 3 && value < 0x800) || (length == 4 && value < 0x10000);
    if (overlong || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

bool plausible_email(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain_part = email.substr(at + 1);
  if (domain_part.size() < 3 || domain_part.find('.') == std::string_view::npos || domain_part.front() == '.' ||
      domain_part.back() == '.') {
    return false;
  }
  return std::none_of(email.begin(), email.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

void check_name(domain::Violations& v, std::string_view field, std::string_view value, std::string_view label_de,
                std::string_view label_en, std::size_t max) {
  domain::check_name(v, field, value, label_de, label_en, max);
}

void check_optional_text(domain::Violations& v, std::string_view field, std::string_view value,
                         std::string_view label_de, std::string_view label_en, std::size_t max, bool multiline) {
  const bool bad_char = std::any_of(value.begin(), value.end(), [&](char c) {
    return is_control(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'));
  });
  if (domain::utf8_length(value) > max || bad_char || !valid_utf8(value)) {
    const std::string limit = std::to_string(max);
    v.add(str(field), str(label_de) + " darf höchstens " + limit + " Zeichen lang sein, ohne Steuerzeichen.",
          str(label_en) + " must be at most " + limit + " characters long, without control characters.");
  }
}

void check_email(domain::Violations& v, std::string_view field, std::string_view value, bool required) {
  if (value.empty() && !required) return;
  if (!plausible_email(value) || value.size() > kMaxEmail || !valid_utf8(value)) {
    v.add(str(field), "Bitte eine gültige E-Mail-Adresse angeben.", "Please give a valid e-mail address.");
  }
}

namespace {

bool same_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

void check_password(domain::Violations& v, std::string_view field, std::string_view value, std::string_view email,
                    const PasswordList* common) {
  const std::string address = trimmed(email);
  const std::string_view local = std::string_view(address).substr(0, address.rfind('@'));
  if (domain::utf8_length(value) < kMinPassword) {
    v.add(str(field), "Das Passwort muss mindestens " + std::to_string(kMinPassword) + " Zeichen lang sein.",
          "The password must be at least " + std::to_string(kMinPassword) + " characters long.");
  } else if (value.size() > kMaxPassword) {
    v.add(str(field), "Das Passwort darf höchstens 1024 Zeichen lang sein.",
          "The password must be at most 1024 characters long.");
  } else if (!address.empty() && (same_ignoring_ascii_case(value, address) || same_ignoring_ascii_case(value, local))) {
    v.add(str(field), "Das Passwort darf nicht die E-Mail-Adresse oder ihr Teil vor dem @ sein.",
          "The password must not be the e-mail address or its part before the @.");
  } else if (common != nullptr && common->contains(value)) {
    v.add(str(field),
          "Dieses Passwort ist zu verbreitet: Es steht in Listen bekannter Passwörter. Bitte ein anderes wählen, "
          "gern einen Satz aus mehreren Wörtern.",
          "This password is too common: it appears in lists of known passwords. Please choose another one, for "
          "example a phrase of several words.");
  }
}

void check_query(domain::Violations& v, std::string_view field, std::string_view value) {
  if (domain::utf8_length(value) > kMaxQuery || !valid_utf8(value) || domain::has_control_chars(value)) {
    v.add(str(field), "Der Suchbegriff darf höchstens 200 Zeichen haben, ohne Steuerzeichen.",
          "The search text must be at most 200 characters long, without control characters.");
  }
}

void check_page(domain::Violations& v, PageRequest page) {
  if (page.page < 1) v.add("page", "Die Seite beginnt bei 1.", "Pages start at 1.");
  if (page.per_page < 1 || page.per_page > 200) {
    v.add("per_page", "per_page muss zwischen 1 und 200 liegen.", "per_page must be within 1–200.");
  }
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (is_control(c)) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string changed_fields_detail(const std::vector<std::string>& fields) {
  std::string out = R"({"fields":[)";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += json_string(fields[i]);
  }
  out += "]}";
  return out;
}

}  // namespace turnus::app::rules
