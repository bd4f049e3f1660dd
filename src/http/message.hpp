// Request and Response: one HTTP exchange as the handlers see it, independent of the
// server that reads and writes it (server.cpp, on Boost.Beast). A handler reads the
// request, fills the response, and never touches a socket.
//
// Thread-safety: plain values, owned by one request at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace turnus::http {

// Header fields in the order received (or set), names compared case-insensitively.
class Headers {
 public:
  // The first value of `name`, or "".
  const std::string& get(std::string_view name) const;
  std::size_t count(std::string_view name) const;
  // The n-th value of `name` (0-based), or "".
  const std::string& get(std::string_view name, std::size_t n) const;
  bool has(std::string_view name) const { return count(name) > 0; }
  // Replaces every field of that name by one.
  void set(std::string name, std::string value);
  void add(std::string name, std::string value);
  void erase(std::string_view name);
  std::size_t size() const { return fields_.size(); }
  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

bool iequals(std::string_view a, std::string_view b);
// Without the spaces and tabs around it (HTTP's optional white space).
std::string_view trim_ows(std::string_view s);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, as in a query). Nullopt for
// a malformed escape or an escaped NUL.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// "a=1&b=x%20y" into decoded pairs, in order. Nullopt when an escape is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query);

// A file of a multipart upload, spooled to an unnamed temporary file while the body was
// read (it vanishes when the last reference closes it). Read it with read_at().
class SpooledFile {
 public:
  explicit SpooledFile(int fd) : fd_(fd) {}
  ~SpooledFile();
  SpooledFile(const SpooledFile&) = delete;
  SpooledFile& operator=(const SpooledFile&) = delete;

  // Creates one in `dir` (empty: the system's temporary directory). Throws std::system_error.
  static std::shared_ptr<SpooledFile> create(const std::string& dir);
  void append(std::string_view bytes);  // throws std::system_error
  // Up to `max` bytes from `offset`; fewer only at the end.
  std::size_t read_at(std::int64_t offset, char* out, std::size_t max) const;
  std::int64_t size() const { return size_; }

 private:
  int fd_;
  std::int64_t size_ = 0;
};

struct UploadedFile {
  std::string field;          // the form field's name
  std::string file_name;      // as the client sent it (unsanitised)
  std::string declared_type;  // the part's Content-Type, never trusted
  std::shared_ptr<SpooledFile> content;
};

struct Request {
  std::string method;                                       // GET, HEAD, POST, …
  std::string target;                                       // as received: path and query
  std::string path;                                         // decoded
  std::vector<std::pair<std::string, std::string>> params;  // the query, decoded
  Headers headers;
  std::string body;                 // every body but a multipart upload, at most ServerConfig::max_json_bytes
  std::vector<UploadedFile> files;  // the files of a multipart upload
  std::string remote_addr;          // the TCP peer

  const std::string& get_header_value(std::string_view name) const { return headers.get(name); }
  bool has_param(std::string_view name) const;
  // The first value of the query parameter, or "".
  const std::string& get_param_value(std::string_view name) const;
  bool is_multipart_form_data() const;
  const UploadedFile* file(std::string_view field) const;
};

// A body produced piece by piece after the header has gone out (a document download): the
// server asks for the next piece on a worker thread, writes it, and asks again, so a slow
// client holds one piece in memory and no worker while it reads.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  virtual std::int64_t size() const = 0;
  // The next up to `max` bytes; empty only after size() bytes. May block (the database).
  virtual std::string next(std::size_t max) = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::shared_ptr<BodyStream> stream;  // instead of body, when set

  void set_header(std::string name, std::string value) { headers.set(std::move(name), std::move(value)); }
  void set_content(std::string content, std::string content_type) {
    body = std::move(content);
    headers.set("Content-Type", std::move(content_type));
  }
};

}  // namespace turnus::http
