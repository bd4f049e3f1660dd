#include "platform/password_list.hpp"

#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

namespace turnus::platform {

namespace {

// zxcvbn's generated Python module holds each list as one comma-separated string literal:
//     "passwords": "123456,password,12345678,…",
// The passwords contain no comma, quote or backslash (the generator drops such entries).
constexpr std::string_view kZxcvbnList = "\"passwords\": \"";

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    std::string_view item = text.substr(start, end - start);
    if (!item.empty() && item.back() == '\r') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

}  // namespace

app::PasswordList parse_password_list(const std::string& text) {
  const std::size_t list = text.find(kZxcvbnList);
  if (list == std::string::npos) return app::PasswordList(split(text, '\n'));
  const std::size_t begin = list + kZxcvbnList.size();
  const std::size_t end = text.find('"', begin);
  if (end == std::string::npos) return app::PasswordList();
  return app::PasswordList(split(std::string_view(text).substr(begin, end - begin), ','));
}

std::optional<app::PasswordList> read_password_list(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return parse_password_list(text.str());
}

}  // namespace turnus::platform
