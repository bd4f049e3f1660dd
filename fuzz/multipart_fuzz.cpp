// The streaming multipart parser on any body, cut into pieces at any points: the parts it
// reports and their bytes must not depend on how the body arrived.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "http/multipart.hpp"

namespace {

struct Seen {
  std::vector<std::string> parts;  // name and file name of each
  std::vector<std::string> bytes;
  bool failed = false;
  bool done = false;
};

Seen parse(const std::string& boundary, const std::string& body, const std::vector<std::size_t>& cuts) {
  Seen seen;
  turnus::http::MultipartParser parser(
      boundary, {[&](const turnus::http::MultipartPart& p) {
                   seen.parts.push_back(p.name + "|" + p.file_name.value_or("-") + "|" + (p.readable ? "r" : "u"));
                   seen.bytes.emplace_back();
                 },
                 [&](std::string_view b) {
                   if (seen.bytes.empty()) std::abort();  // data before any part
                   seen.bytes.back() += b;
                 }});
  try {
    std::size_t at = 0;
    for (const std::size_t cut : cuts) {
      parser.feed(std::string_view(body).substr(at, cut - at));
      at = cut;
    }
    parser.feed(std::string_view(body).substr(at));
    parser.finish();
    seen.done = true;
  } catch (const turnus::http::MultipartError&) {
    seen.failed = true;
  }
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  std::string boundary = in.ConsumeRandomLengthString(72);
  if (boundary.empty()) boundary = "b";
  const std::string body = in.ConsumeRemainingBytesAsString();
  (void)turnus::http::multipart_boundary("multipart/form-data; boundary=" + boundary);
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < body.size(); i += 1 + (i * 7) % 13) cuts.push_back(i);
  const Seen whole = parse(boundary, body, {});
  const Seen pieces = parse(boundary, body, cuts);
  if (whole.failed != pieces.failed || whole.done != pieces.done) std::abort();
  if (!whole.failed && (whole.parts != pieces.parts || whole.bytes != pieces.bytes)) std::abort();
  return 0;
}
