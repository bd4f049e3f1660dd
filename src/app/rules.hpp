// Input rules and small helpers shared by the use cases of the HTTP API: trimming, names,
// e-mail addresses, passwords, paging, "not found" lookups and the JSON detail of audit
// entries. Every check adds to a domain::Violations under the API's field name, in German
// and English, so a user sees all problems of one input at once. Pure functions;
// thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/passwords.hpp"
#include "app/repositories.hpp"
#include "domain/error.hpp"

namespace turnus::app::rules {

inline constexpr std::size_t kMaxName = 200;
inline constexpr std::size_t kMaxEmail = 254;  // RFC 5321's limit of a forward path
// NIST SP 800-63B asks for at least 8 characters and lets a verifier ask for more; 12 is
// what an online guess against a password that is also not on the list of common ones
// cannot reach (docs/adr/0009-passwords.md).
inline constexpr std::size_t kMinPassword = 12;
// argon2id hashes any length, but nobody types more; a megabyte "password" is an attack.
inline constexpr std::size_t kMaxPassword = 1024;
inline constexpr std::size_t kMaxQuery = 200;

// Well-formed UTF-8: no stray continuation bytes, overlong forms or surrogates, nothing past
// U+10FFFF. PostgreSQL refuses anything else, and SQLite must store the same.
bool valid_utf8(std::string_view s);

// Without surrounding spaces, tabs and line breaks.
std::string trimmed(std::string_view s);

// One '@', something on both sides, a dot inside the domain, no spaces or control
// characters. Deliverability is the mail server's business.
bool plausible_email(std::string_view email);

// A required name of 1–max characters by domain::check_name (domain/name.hpp): valid UTF-8,
// something visible, no control or text direction characters. `label_de`/`label_en` name
// it in the message ("Der Name", "Der Titel").
void check_name(domain::Violations& v, std::string_view field, std::string_view value, std::string_view label_de,
                std::string_view label_en, std::size_t max = kMaxName);
// An optional text of at most `max` characters; line breaks only where `multiline`.
void check_optional_text(domain::Violations& v, std::string_view field, std::string_view value,
                         std::string_view label_de, std::string_view label_en, std::size_t max, bool multiline);
// Empty is fine unless `required`.
void check_email(domain::Violations& v, std::string_view field, std::string_view value, bool required);
// A password being set (existing ones are never checked again): at least kMinPassword
// characters (code points), at most kMaxPassword bytes, not the e-mail address `email` or
// its part before the '@' (case-insensitively), and not in `common` (when given). No rules
// about character classes or dictionary words: long passphrases are what we want.
void check_password(domain::Violations& v, std::string_view field, std::string_view value, std::string_view email,
                    const PasswordList* common);
// A free-text filter: at most kMaxQuery characters of valid UTF-8 without control characters.
void check_query(domain::Violations& v, std::string_view field, std::string_view value);
// page from 1, per_page 1–200 (api.md).
void check_page(domain::Violations& v, PageRequest page);

// `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);
// {"fields":["name","email"]}: what an update changed, never the values (no personal data
// or secrets in the audit log).
std::string changed_fields_detail(const std::vector<std::string>& fields);

}  // namespace turnus::app::rules
