// The log's set-up: every line the process logs goes through domain::log_text, so that no
// text from a client or the database (a path, a name in an error) can start a line of its
// own, carry a terminal escape sequence, or reorder the line with bidi controls.
#pragma once

namespace turnus::cli {

// Installs the escaping formatter on every logger, the default one included. Call once at
// start, before other threads log.
void configure_logging();

}  // namespace turnus::cli
