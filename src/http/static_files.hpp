// The web UI (web/, built by Vite) served from a directory next to the API: files as they
// are, hashed /assets/* cached for a year, index.html revalidated, and every other GET
// that is neither /api/* nor /healthz answered with index.html (the UI routes itself).
//
// Thread-safety: stateless apart from the immutable root; safe on any worker thread.
#pragma once

#include "http/message.hpp"

#include <string>
#include <string_view>

namespace turnus::http {

// The Content-Type for a file name, by its extension (application/octet-stream otherwise).
std::string static_content_type(std::string_view file_name);

// Serves req from web_root when it is a UI request; returns false when it is not (the
// caller routes it to the API): web_root empty, a method other than GET/HEAD, /api/…,
// /healthz, or a missing file under /assets/.
bool serve_static_file(const std::string& web_root, const Request& req, Response& res);

}  // namespace turnus::http
