// MagicContentTypes: the MIME type of a byte string, detected from the bytes themselves by
// libmagic (never from a client's file name or header), e.g. "application/pdf".
//
// Thread-safety: detect() may be called from any thread; libmagic cookies are not
// thread-safe, so each calling thread gets its own cookie, opened on first use.
#pragma once

#include <string>
#include <string_view>

namespace turnus::platform {

class MagicContentTypes {
 public:
  // Loads the magic database once to fail early when it is missing (throws runtime_error).
  MagicContentTypes();
  // "type/subtype" (no charset); "application/octet-stream" when libmagic cannot tell.
  std::string detect(std::string_view bytes) const;
};

}  // namespace turnus::platform
