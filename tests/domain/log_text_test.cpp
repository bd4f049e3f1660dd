// Log lines cannot be forged or hidden by what a client or a record's name carries.
#include <gtest/gtest.h>

#include "domain/log_text.hpp"

namespace turnus {
namespace {

TEST(LogText, EscapesWhatCouldForgeOrHideALogLine) {
  EXPECT_EQ(domain::log_text("/api/v1/customers"), "/api/v1/customers");
  EXPECT_EQ(domain::log_text("/x\r\n2026-01-01 [info] forged"), "/x\\x0d\\x0a2026-01-01 [info] forged");
  EXPECT_EQ(domain::log_text("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(domain::log_text("a\\x0a"), "a\\x5cx0a") << "a backslash of the client cannot imitate an escape";
  EXPECT_EQ(domain::log_text("M\xc3\xbcller"), "M\xc3\xbcller");
  EXPECT_EQ(domain::log_text("\xff\xc3"), "\\xff\\xc3");
  EXPECT_EQ(domain::log_text("a\xe2\x80\xae"
                             "b"),
            "a\\u{202e}b");
  EXPECT_EQ(domain::log_text("\xc2\x85"), "\\u{0085}");
}

}  // namespace
}  // namespace turnus
