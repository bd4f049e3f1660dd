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

void put_two_digits(char* at, int value) {
  at[0] = static_cast<char>('0' + value / 10);
  at[1] = static_cast<char>('0' + value % 10);
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
  // Every list row carries several dates; snprintf's format parsing cost more than the rest
  // of writing a row, so years of four digits (all of [min(), max()]) are written by hand.
  if (c.year >= 0 && c.year <= 9999) {
    std::string out(10, '-');
    put_two_digits(&out[0], c.year / 100);
    put_two_digits(&out[2], c.year % 100);
    put_two_digits(&out[5], c.month);
    put_two_digits(&out[8], c.day);
    return out;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

}  // namespace turnus::domain
