// sanitize_file_name(): hostile and careless upload names become safe, readable ones.
#include "domain/file_name.hpp"

#include <gtest/gtest.h>

#include <string>

#include "domain/text.hpp"

namespace {

using turnus::domain::kMaxFileNameLength;
using turnus::domain::sanitize_file_name;
using turnus::domain::utf8_length;

TEST(FileName, KeepsOrdinaryNamesAsTheyAre) {
  EXPECT_EQ(sanitize_file_name("Wartungsprotokoll 2026.pdf"), "Wartungsprotokoll 2026.pdf");
  EXPECT_EQ(sanitize_file_name("Bedienungsanleitung Vaillant ecoTEC (Übersicht).pdf"),
            "Bedienungsanleitung Vaillant ecoTEC (Übersicht).pdf");
  EXPECT_EQ(sanitize_file_name("archiv.tar.gz"), "archiv.tar.gz");
}

TEST(FileName, KeepsOnlyTheLastPathComponent) {
  EXPECT_EQ(sanitize_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitize_file_name("a\\b\\c.pdf"), "c.pdf");
  EXPECT_EQ(sanitize_file_name("C:\\Users\\anna\\Desktop\\Foto.jpg"), "Foto.jpg");
  EXPECT_EQ(sanitize_file_name("/absolute/path/x.txt"), "x.txt");
  EXPECT_EQ(sanitize_file_name("mixed/dir\\name.doc"), "name.doc");
}

TEST(FileName, FallsBackWhenNothingIsLeft) {
  EXPECT_EQ(sanitize_file_name(""), "dokument");
  EXPECT_EQ(sanitize_file_name(".."), "dokument");
  EXPECT_EQ(sanitize_file_name("../"), "dokument");
  EXPECT_EQ(sanitize_file_name("dir/"), "dokument");
  EXPECT_EQ(sanitize_file_name(" . . "), "dokument");
  EXPECT_EQ(sanitize_file_name("???"), "dokument");
  EXPECT_EQ(sanitize_file_name(std::string("\x01\x02\x7f", 3)), "dokument");
}

TEST(FileName, DropsControlAndReservedCharacters) {
  EXPECT_EQ(sanitize_file_name(std::string("bad\0name.pdf", 12)), "badname.pdf");
  EXPECT_EQ(sanitize_file_name("line\r\nbreak\t.pdf"), "linebreak.pdf");
  EXPECT_EQ(sanitize_file_name("a<b>c:d\"e|f?g*h.txt"), "abcdefgh.txt");
  EXPECT_EQ(sanitize_file_name("x\x7fy.txt"), "xy.txt");
  EXPECT_EQ(sanitize_file_name("c1\xc2\x85.txt"), "c1.txt");  // U+0085, a C1 control
  EXPECT_EQ(sanitize_file_name("rechnung\xe2\x80\xae"
                               "fdp.exe"),
            "rechnungfdp.exe");  // U+202E
}

TEST(FileName, TrimsDotsAndSpaces) {
  EXPECT_EQ(sanitize_file_name(".hidden"), "hidden");
  EXPECT_EQ(sanitize_file_name("  Angebot.pdf  "), "Angebot.pdf");
  EXPECT_EQ(sanitize_file_name("name.pdf..."), "name.pdf");
  EXPECT_EQ(sanitize_file_name("...name"), "name");
}

TEST(FileName, DropsInvalidUtf8) {
  EXPECT_EQ(sanitize_file_name("caf\xe9.txt"), "caf.txt");  // Latin-1, not UTF-8
  EXPECT_EQ(sanitize_file_name("a\xc0\xaf.txt"), "a.txt");  // overlong '/'
  EXPECT_EQ(sanitize_file_name("x\xed\xa0\x80y"), "xy");    // a surrogate
  EXPECT_EQ(sanitize_file_name("trunc\xe2\x82"), "trunc");  // cut-off sequence
}

TEST(FileName, ShortensLongNamesKeepingTheExtension) {
  const std::string long_name = std::string(500, 'a') + ".pdf";
  const std::string cut = sanitize_file_name(long_name);
  EXPECT_EQ(utf8_length(cut), kMaxFileNameLength);
  EXPECT_EQ(cut, std::string(196, 'a') + ".pdf");
  EXPECT_EQ(utf8_length(sanitize_file_name(std::string(500, 'b'))), kMaxFileNameLength);
  // An "extension" too long to be one is cut like the rest.
  const std::string no_extension = sanitize_file_name("x." + std::string(400, 'c'));
  EXPECT_EQ(utf8_length(no_extension), kMaxFileNameLength);
  EXPECT_EQ(no_extension.substr(0, 2), "x.");
}

TEST(FileName, NeverCutsInsideACodePoint) {
  // 😀 takes four bytes, ü two: every cut must land between code points.
  for (const std::string& unit : {std::string("\xf0\x9f\x98\x80"), std::string("\xc3\xbc")}) {
    std::string name;
    for (int i = 0; i < 300; ++i) name += unit;
    for (const std::string& candidate : {name, "a" + name, name + ".jpg", "ab" + name + ".jpg"}) {
      const std::string cut = sanitize_file_name(candidate);
      EXPECT_EQ(utf8_length(cut), kMaxFileNameLength) << candidate.size();
      EXPECT_EQ(sanitize_file_name(cut), cut);  // whole code points only: sanitising again changes nothing
    }
  }
  const std::string emoji_name = sanitize_file_name(std::string(199, 'x') + "\xf0\x9f\x98\x80\xf0\x9f\x98\x80");
  EXPECT_EQ(emoji_name, std::string(199, 'x') + "\xf0\x9f\x98\x80");
}

}  // namespace
