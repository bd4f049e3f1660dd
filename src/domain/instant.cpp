#include "domain/instant.hpp"

#include <cstdio>

#include "domain/date.hpp"

namespace turnus::domain {

namespace {
bool digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  out = value;
  return true;
}
}  // namespace

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  const std::optional<Date> day = Date::parse(text.substr(0, 10));
  const char sep = text[10];
  if (!day || (sep != 'T' && sep != 't' && sep != ' ')) return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!digits(text, 11, 2, hh) || text[13] != ':' || !digits(text, 14, 2, mm) || text[16] != ':' ||
      !digits(text, 17, 2, ss) || hh > 23 || mm > 59 || ss > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t first = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;
  int offset_seconds = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int oh = 0, om = 0;
    if (!digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_seconds = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  // A leap second (:60) is read as the next second's start, as POSIX time has no room for it.
  return Timestamp{day->days()} * 86400 + Timestamp{hh} * 3600 + Timestamp{mm} * 60 + ss - offset_seconds;
}

std::string format_rfc3339_utc(Timestamp instant) {
  Timestamp days = instant / 86400;
  Timestamp rest = instant % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const CivilDate c = civil_from_days(static_cast<std::int32_t>(days));
  // Written by hand for four-digit years: every list row carries two timestamps, and
  // snprintf's format parsing was a tenth of the list's whole server time.
  if (c.year >= 0 && c.year <= 9999) {
    std::string out = "0000-00-00T00:00:00Z";
    const auto put = [&out](std::size_t at, Timestamp value) {
      out[at] = static_cast<char>('0' + value / 10);
      out[at + 1] = static_cast<char>('0' + value % 10);
    };
    put(0, c.year / 100);
    put(2, c.year % 100);
    put(5, c.month);
    put(8, c.day);
    put(11, rest / 3600);
    put(14, rest % 3600 / 60);
    put(17, rest % 60);
    return out;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day,
                static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
  return buf;
}

}  // namespace turnus::domain
