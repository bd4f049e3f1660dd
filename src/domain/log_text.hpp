// Text made safe for a log line (every line turnus logs passes through it, see
// src/cli/logging.cpp): control characters (CR and LF among them,
// so no one can forge a line; ESC, so no terminal escape sequence reaches an operator's
// screen), backslashes and bytes that are not UTF-8 are written as \xNN, and bidi controls
// (U+202A–U+202E, U+2066–U+2069) as \u{NNNN}, so a path can neither start a new line nor
// reorder what follows it.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace turnus::domain {

std::string log_text(std::string_view text);

}  // namespace turnus::domain
