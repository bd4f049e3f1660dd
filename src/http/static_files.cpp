#include "http/static_files.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>
#include <utility>

namespace turnus::http {

namespace {

namespace fs = std::filesystem;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The request path as a relative path below the root, or none when it could leave the root
// (a ".." segment, a backslash, a NUL) — such a request gets index.html, never a file.
std::optional<fs::path> relative_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  fs::path out;
  std::size_t pos = 1;
  while (pos <= path.size()) {
    const std::size_t slash = std::min(path.find('/', pos), path.size());
    const std::string_view segment = path.substr(pos, slash - pos);
    if (segment == ".." || segment == "." || segment.find('\\') != std::string_view::npos ||
        segment.find('\0') != std::string_view::npos) {
      return std::nullopt;
    }
    if (!segment.empty()) out /= std::string(segment);
    pos = slash + 1;
  }
  return out;
}

// Sized read rather than istreambuf_iterator, which GCC 12 at -O2 flags with a false
// -Wnull-dereference inside libstdc++.
std::optional<std::string> read_file(const fs::path& file) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return std::nullopt;
  return bytes;
}

// A regular file below root (symlinks resolved, still inside root), or none.
std::optional<fs::path> file_below(const fs::path& root, const fs::path& relative) {
  std::error_code ec;
  const fs::path candidate = fs::weakly_canonical(root / relative, ec);
  if (ec || !fs::is_regular_file(candidate, ec)) return std::nullopt;
  const fs::path canonical_root = fs::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  const auto [root_end, unused] =
      std::mismatch(canonical_root.begin(), canonical_root.end(), candidate.begin(), candidate.end());
  if (root_end != canonical_root.end()) return std::nullopt;
  return candidate;
}

void send_file(Response& res, const std::string& bytes, const std::string& content_type, const char* cache_control) {
  res.headers.erase("Cache-Control");  // the pre-routing hook's no-store is for the API
  res.set_header("Cache-Control", cache_control);
  res.status = 200;
  res.set_content(bytes, content_type);
}

}  // namespace

std::string static_content_type(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> types{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  const std::size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view ext = file_name.substr(dot);
    for (const auto& [suffix, type] : types) {
      if (ext == suffix) return std::string(type);
    }
  }
  return "application/octet-stream";
}

bool serve_static_file(const std::string& web_root, const Request& req, Response& res) {
  if (web_root.empty() || (req.method != "GET" && req.method != "HEAD")) return false;
  const std::string_view path = req.path;
  if (path == "/api" || starts_with(path, "/api/") || path == "/healthz") return false;
  const fs::path root(web_root);
  const bool hashed_asset = starts_with(path, "/assets/");
  if (const std::optional<fs::path> relative = relative_path(path); relative && !relative->empty()) {
    if (const std::optional<fs::path> file = file_below(root, *relative)) {
      if (const std::optional<std::string> bytes = read_file(*file)) {
        send_file(res, *bytes, static_content_type(file->filename().string()),
                  hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
        return true;
      }
    }
  }
  // A missing hashed asset is a 404 (an old page asking for a replaced bundle), not the page.
  if (hashed_asset) return false;
  const std::optional<std::string> index = read_file(root / "index.html");
  if (!index) return false;
  send_file(res, *index, "text/html; charset=utf-8", "no-cache");
  return true;
}

}  // namespace turnus::http
