#include "platform/content_type.hpp"

#include <magic.h>

#include <memory>
#include <stdexcept>

namespace turnus::platform {

namespace {

struct CookieCloser {
  void operator()(magic_set* cookie) const { magic_close(cookie); }
};
using Cookie = std::unique_ptr<magic_set, CookieCloser>;

Cookie open_cookie() {
  Cookie cookie(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS));
  if (!cookie) throw std::runtime_error("libmagic: magic_open failed");
  if (magic_load(cookie.get(), nullptr) != 0) {
    throw std::runtime_error(std::string("libmagic: cannot load the magic database: ") + magic_error(cookie.get()));
  }
  return cookie;
}

magic_set* thread_cookie() {
  thread_local Cookie cookie = open_cookie();
  return cookie.get();
}

}  // namespace

MagicContentTypes::MagicContentTypes() { thread_cookie(); }

std::string MagicContentTypes::detect(std::string_view bytes) const {
  if (bytes.empty()) return "application/x-empty";
  const char* type = magic_buffer(thread_cookie(), bytes.data(), bytes.size());
  if (type == nullptr || *type == '\0') return "application/octet-stream";
  return type;
}

}  // namespace turnus::platform
