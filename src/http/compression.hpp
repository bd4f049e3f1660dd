// gzip for answers that compress well (JSON, HTML, scripts, styles), when the client
// accepts it. Browsers also offer brotli and zstd; gzip at a fast level costs a fraction of
// a millisecond for a list page and shrinks it about tenfold, which is all that matters on
// the way to an office PC or a phone.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace turnus::http {

// Whether Accept-Encoding allows gzip (a q-value of 0 refuses it; "*" allows it).
bool accepts_gzip(std::string_view accept_encoding);
// Whether a body of this Content-Type is worth compressing.
bool compressible(std::string_view content_type);
// The gzip stream of `bytes`; nullopt when zlib fails.
std::optional<std::string> gzip(std::string_view bytes);

}  // namespace turnus::http
