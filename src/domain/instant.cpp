#include "domain/instant.hpp"

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
  // The date as Date writes it; the time of day by hand, as snprintf's format parsing was a
  // tenth of the contract list's server time (two timestamps per row).
  std::string out = Date::from_days(static_cast<std::int32_t>(days)).to_string();
  const std::size_t time_at = out.size() + 1;
  out += "T00:00:00Z";
  const auto put = [&out](std::size_t at, Timestamp value) {
    out[at] = static_cast<char>('0' + value / 10);
    out[at + 1] = static_cast<char>('0' + value % 10);
  };
  put(time_at, rest / 3600);
  put(time_at + 3, rest % 3600 / 60);
  put(time_at + 6, rest % 60);
  return out;
}

}  // namespace turnus::domain
