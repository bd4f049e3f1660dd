// Parsing and printing instants (UTC seconds) in RFC 3339, as the API and `turnus tick`
// use them. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/records.hpp"

namespace turnus::domain {

// "2027-01-01T00:00:00+01:00", "2027-01-01T00:00:00Z", "2027-01-01 00:00:00.5z" (fractions
// are dropped). nullopt for anything else, including invalid calendar dates and offsets
// beyond ±23:59.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

// "2027-01-01T00:00:00Z".
std::string format_rfc3339_utc(Timestamp instant);

}  // namespace turnus::domain
