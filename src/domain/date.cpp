#include "domain/date.hpp"

#include <cstdio>

namespace turnus::domain {

namespace {
bool read_digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}
}  // namespace

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!read_digits(text, 0, 4, y) || !read_digits(text, 5, 2, m) || !read_digits(text, 8, 2, d)) {
    return std::nullopt;
  }
  if (!is_valid_civil(y, m, d)) return std::nullopt;
  const Date date = from_civil(y, m, d);
  if (date < min() || date > max()) return std::nullopt;
  return date;
}

std::string Date::to_string() const {
  const CivilDate c = civil();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

}  // namespace turnus::domain
