// Reads the list of commonly used passwords that app::PasswordList refuses
// (docs/adr/0009-passwords.md): by default the 30,000 passwords of Debian's python3-zxcvbn
// (its generated frequency_lists.py, list "passwords"), or any file of one password per
// line. Called once by the composition root; the result is immutable.
#pragma once

#include <optional>
#include <string>

#include "app/passwords.hpp"

namespace turnus::platform {

// Where Debian's python3-zxcvbn installs the list.
inline constexpr const char* kDebianPasswordList = "/usr/lib/python3/dist-packages/zxcvbn/frequency_lists.py";

// The passwords in `path`: the "passwords" list when the file is zxcvbn's
// frequency_lists.py, otherwise every non-empty line. nullopt when the file cannot be read.
std::optional<app::PasswordList> read_password_list(const std::string& path);

// The parsing, for tests: the same, from the file's text.
app::PasswordList parse_password_list(const std::string& text);

}  // namespace turnus::platform
