#include "app/passwords.hpp"

namespace turnus::app {

namespace {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

PasswordList::PasswordList(const std::vector<std::string>& passwords) {
  passwords_.reserve(passwords.size());
  for (const std::string& p : passwords) {
    if (!p.empty()) passwords_.insert(ascii_lower(p));
  }
}

bool PasswordList::contains(std::string_view password) const { return passwords_.contains(ascii_lower(password)); }

}  // namespace turnus::app
