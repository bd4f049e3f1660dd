// sanitize_file_name(): turns the file name a client sent with an upload into one that is
// safe to store, list and send back in a Content-Disposition header. Pure function;
// thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace turnus::domain {

// Characters, not bytes: German names are full of two-byte umlauts.
inline constexpr std::size_t kMaxFileNameLength = 200;
// What an upload is called when nothing of its name survives.
inline constexpr std::string_view kFallbackFileName = "dokument";

// Keeps only the last path component (after '/' or '\'), drops control characters (C0, DEL,
// C1), the bidirectional controls that disguise an extension (U+202E turns "rechnungfdp.exe" into one that looks like a
// PDF), the characters Windows refuses (<>:"|?*) and invalid UTF-8; trims dots and spaces at both ends (no "..", no
// hidden files); shortens to kMaxFileNameLength characters, never inside a code point and keeping a short extension;
// and falls back to kFallbackFileName when nothing is left.
std::string sanitize_file_name(std::string_view name);

}  // namespace turnus::domain
