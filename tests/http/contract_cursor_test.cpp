#include "http/contract_cursor.hpp"

#include <gtest/gtest.h>

#include <string>

namespace turnus::http {
namespace {

using app::ContractCursor;
using Sort = app::ContractFilter::Sort;

void expect_round_trip(const ContractCursor& cursor) {
  const std::string text = encode_contract_cursor(cursor);
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << text;
  const std::optional<ContractCursor> back = decode_contract_cursor(text);
  ASSERT_TRUE(back) << text;
  EXPECT_EQ(back->sort, cursor.sort);
  EXPECT_EQ(back->descending, cursor.descending);
  EXPECT_EQ(back->value, cursor.value);
  EXPECT_EQ(back->id, cursor.id);
}

TEST(ContractCursor, EveryKindOfCursorComesBackAsItWasHandedOut) {
  for (const bool descending : {false, true}) {
    expect_round_trip({Sort::next_due_date, descending, "2027-03-01", 17});
    expect_round_trip({Sort::next_due_date, descending, std::nullopt, 123456789012});
    expect_round_trip({Sort::next_due_date, descending, std::nullopt, 0});
    expect_round_trip({Sort::customer, descending, "müller gmbh & co. kg", 5});
    expect_round_trip({Sort::customer, descending, std::nullopt, 9});
    // Every length modulo three, so every padding case of base64 is met.
    for (const std::string name : {"a", "ab", "abc", "abcd", "thermenwartung 🔧 \"süd\" \\ <b>", ":=-+:"}) {
      expect_round_trip({Sort::name, descending, name, 1});
    }
  }
}

TEST(ContractCursor, AnythingNotHandedOutIsRefused) {
  const auto encoded = [](const ContractCursor& c) { return encode_contract_cursor(c); };
  for (const std::string& text : {
           std::string(), std::string("="),
           std::string("a"),                                          // one character is no base64 of anything
           std::string("MWQrMTo9"),                                   // "1d+1:=": a date sort with an empty value
           std::string("MmQrMTot"),                                   // "2d+1:-": another version
           std::string("MXgrMTot"),                                   // "1x+1:-": an unknown sort
           std::string("MWQqMTot"),                                   // "1d*1:-": an unknown direction
           std::string("MWQrLTE6LQ"),                                 // "1d+-1:-": a negative id
           std::string("MWQrMTot!"),                                  // not base64url
           std::string("MWQrMTotAB"),                                 // leftover bits that are not zero
           encoded({Sort::next_due_date, false, "2027-02-29", 1}),    // no such day
           encoded({Sort::next_due_date, false, "2027-3-1", 1}),      // not the ISO form
           encoded({Sort::name, false, std::nullopt, 1}),             // every contract has a name
           encoded({Sort::name, false, "thermen", 0}),                // a row with a value has an id
           encoded({Sort::name, false, "zeile\nzwei", 1}),            // a control character
           encoded({Sort::name, false, std::string("\xff\xfe"), 1}),  // not UTF-8
           encoded({Sort::name, false, std::string(2001, 'a'), 1}),   // longer than any name
       }) {
    EXPECT_FALSE(decode_contract_cursor(text)) << text;
  }
}

}  // namespace
}  // namespace turnus::http
