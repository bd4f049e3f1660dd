// The name rule (domain/name.hpp): what records and organisations may be called.
#include "domain/name.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace {

using turnus::domain::check_name;
using turnus::domain::name_problem;
using turnus::domain::NameProblem;
using turnus::domain::Violations;

NameProblem problem(const std::string& name) { return name_problem(name, 200); }

TEST(Name, OrdinaryNamesPass) {
  for (const char* name : {"Thermenwartung Müller", "Bäckerei Sonnenschein", "TÜV Sprinter", "Ärztehaus Süd-West",
                           "株式会社", "שלום", "Wartung 😀", "O'Neil & Söhne", "Müller\xc2\xa0GmbH"}) {
    EXPECT_EQ(problem(name), NameProblem::none) << name;
  }
  // Zero-width joiners inside visible text (emoji sequences) stay allowed.
  EXPECT_EQ(problem("Team \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x94\xa7"), NameProblem::none);
}

TEST(Name, BidiOverridesEmbeddingsAndIsolatesAreRefused) {
  // U+202A–U+202E and U+2066–U+2069, each inside an otherwise ordinary name.
  for (const char* bidi : {"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
                           "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9"}) {
    EXPECT_EQ(problem(std::string("Rechnung") + bidi + "fdp.exe"), NameProblem::bidi) << bidi;
  }
  EXPECT_EQ(problem("a\xe2\x80\x8f"
                    "b"),
            NameProblem::bidi);  // U+200F, right-to-left mark
}

TEST(Name, ControlCharactersAreRefused) {
  EXPECT_EQ(problem("Wartung\nKessel"), NameProblem::control);
  EXPECT_EQ(problem("Wartung\tKessel"), NameProblem::control);
  EXPECT_EQ(problem(std::string("a\0b", 3)), NameProblem::control);
  EXPECT_EQ(problem("a\x7f"), NameProblem::control);
  EXPECT_EQ(problem("a\xc2\x85"), NameProblem::control);  // U+0085 (C1)
  EXPECT_EQ(problem("a\xe2\x80\xa8"
                    "b"),
            NameProblem::control);  // U+2028, line separator
}

TEST(Name, NamesOfOnlyInvisibleCharactersAreEmpty) {
  for (const char* name :
       {"", " ", "   ", "\t\n", "\xc2\xa0", "\xe2\x80\x8b", "\xe2\x80\x8c\xe2\x80\x8d", "\xe2\x81\xa0", "\xef\xbb\xbf",
        "\xc2\xad", "\xe3\x80\x80", "\xe2\x80\x83\xe2\x80\x89", "\xe3\x85\xa4", " \xe2\x80\x8b \xc2\xad "}) {
    EXPECT_EQ(problem(name), NameProblem::empty) << testing::PrintToString(std::string(name));
  }
}

TEST(Name, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(problem(std::string(200, 'a')), NameProblem::none);
  EXPECT_EQ(problem(std::string(201, 'a')), NameProblem::too_long);
  std::string umlauts;
  for (int i = 0; i < 200; ++i) umlauts += "ä";
  EXPECT_EQ(problem(umlauts), NameProblem::none);
  EXPECT_EQ(problem(umlauts + "ä"), NameProblem::too_long);
}

TEST(Name, InvalidUtf8IsRefused) {
  EXPECT_EQ(problem("caf\xe9"), NameProblem::invalid_utf8);
  EXPECT_EQ(problem("\xed\xa0\x80"), NameProblem::invalid_utf8);  // a surrogate
  EXPECT_EQ(problem("\xc0\xaf"), NameProblem::invalid_utf8);      // overlong '/'
}

TEST(Name, CheckNameNamesTheFieldWithAMessageInBothLanguages) {
  Violations v;
  check_name(v, "name",
             "a\xe2\x80\xae"
             "b",
             "Der Name", "The name", 200);
  check_name(v, "title", "\xe2\x80\x8b", "Der Titel", "The title", 200);
  check_name(v, "ok", "Gut", "Der Name", "The name", 200);
  ASSERT_EQ(v.items().size(), 2U);
  EXPECT_EQ(v.items()[0].field, "name");
  EXPECT_THAT(v.items()[0].message.en, testing::HasSubstr("direction"));
  EXPECT_THAT(v.items()[0].message.de, testing::HasSubstr("Schreibrichtung"));
  EXPECT_EQ(v.items()[1].field, "title");
  EXPECT_THAT(v.items()[1].message.en, testing::HasSubstr("visible"));
}

}  // namespace
