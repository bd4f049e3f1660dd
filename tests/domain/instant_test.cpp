#include "domain/instant.hpp"

#include <gtest/gtest.h>

namespace {

using turnus::domain::format_rfc3339_utc;
using turnus::domain::parse_rfc3339;

TEST(Instant, ParsesOffsetsAndZulu) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2027-01-01T00:00:00+01:00"), parse_rfc3339("2026-12-31T23:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-03-29T03:00:00+02:00"), parse_rfc3339("2026-03-29T01:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-01-01T00:00:00-05:30"), parse_rfc3339("2026-01-01T05:30:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-01-01t00:00:00.123456z"), parse_rfc3339("2026-01-01T00:00:00Z"));
  EXPECT_EQ(parse_rfc3339("1969-12-31T23:59:59Z"), -1);
}

TEST(Instant, RefusesAnythingElse) {
  for (const char* bad :
       {"", "2026-01-01", "2026-01-01T00:00:00", "2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z",
        "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+0100", "2026-01-01T00:00:00Zjunk", "2026-01-01T00:00:00.Z",
        "2026-01-01X00:00:00Z", "'; DROP TABLE x; --"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(Instant, FormatsUtcAndRoundTrips) {
  EXPECT_EQ(format_rfc3339_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339_utc(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339_utc(1'700'000'000), "2023-11-14T22:13:20Z");
  EXPECT_EQ(format_rfc3339_utc(253'402'300'799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339_utc(253'402'300'800), "10000-01-01T00:00:00Z");
  for (const turnus::domain::Timestamp t : {0LL, 1'700'000'000LL, 4'102'444'800LL, -86'401LL}) {
    EXPECT_EQ(parse_rfc3339(format_rfc3339_utc(t)), t);
  }
}

}  // namespace
