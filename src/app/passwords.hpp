// PasswordList: passwords too commonly used to accept (NIST SP 800-63B 5.1.1.2: "values
// known to be commonly-used, expected, or compromised"). Loaded once at start-up by the
// composition root (platform/password_list.hpp reads Debian's python3-zxcvbn list, see
// docs/adr/0009-passwords.md) and handed to the use cases through Services.
//
// Immutable after construction; contains() is safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace turnus::app {

class PasswordList {
 public:
  PasswordList() = default;
  explicit PasswordList(const std::vector<std::string>& passwords);

  // Case-insensitively (ASCII): "Qwerty123456" is as common as "qwerty123456".
  bool contains(std::string_view password) const;
  std::size_t size() const { return passwords_.size(); }
  bool empty() const { return passwords_.empty(); }

 private:
  std::unordered_set<std::string> passwords_;
};

}  // namespace turnus::app
