// Documents of a contract: list, multipart upload (field "file"), download as attachment,
// delete. The content type is detected from the bytes (ServerConfig::content_type_of),
// never taken from the client.
#include "http/problem.hpp"
#include "http/query.hpp"
#include "http/routes.hpp"

namespace turnus::http {

namespace {

bool attr_char(unsigned char c) {
  // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

// attachment; filename="ASCII fallback"; filename*=UTF-8''percent-encoded (RFC 6266/5987).
std::string content_disposition(const std::string& file_name) {
  std::string fallback;
  std::string encoded;
  for (const char ch : file_name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' && c != ';' && c != '%';
    fallback += plain ? ch : '_';
    if (attr_char(c)) {
      encoded += ch;
    } else {
      static constexpr char hex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 0x0f];
    }
  }
  if (fallback.empty()) fallback = "download";
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

void add_document_routes(Router& router, const RouteDeps& deps) {
  app::UseCases& uc = deps.use_cases;
  const ServerConfig& config = deps.config;

  router.add("GET", "/api/v1/maintenance-contracts/{id}/documents", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::PageRequest page = page_request(ctx.req);
    send_json(ctx.res, vector_page(uc.contract_documents(ctx.who(), ctx.id()), page));
  });

  router.add(
      "POST", "/api/v1/maintenance-contracts/{id}/documents", Access::authenticated,
      [&uc, &config](RequestContext& ctx) {
        const domain::Id contract_id = ctx.id();
        if (!ctx.req.is_multipart_form_data()) {
          throw HttpError(415, {"Bitte als multipart/form-data mit dem Feld \"file\" hochladen.",
                                "Upload as multipart/form-data with the field \"file\"."});
        }
        if (!ctx.req.has_file("file")) {
          throw domain::Error::validation(
              {{"file", {"Bitte eine Datei im Feld \"file\" senden.", "Send a file in the field \"file\"."}}});
        }
        const httplib::MultipartFormData file = ctx.req.get_file_value("file");
        if (file.content.size() > config.max_upload_bytes) {
          const std::string mb = std::to_string(config.max_upload_bytes / (std::size_t{1024} * 1024));
          throw HttpError(413, {"Die Datei ist größer als " + mb + " MB.", "The file is larger than " + mb + " MB."});
        }
        app::DocumentUpload upload;
        upload.file_name = file.filename;
        upload.content = file.content;
        upload.content_type =
            config.content_type_of ? config.content_type_of(upload.content) : "application/octet-stream";
        const domain::Document d = uc.add_document(ctx.who(), contract_id, upload);
        send_created(ctx.res, to_json(d), "/api/v1/documents/" + std::to_string(d.id));
      });

  router.add("GET", "/api/v1/documents/{id}/content", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::DocumentContent doc = uc.document_content(ctx.who(), ctx.id());
    ctx.res.set_header("Content-Disposition", content_disposition(doc.document.file_name));
    // Stricter than the API's own policy: nothing in a downloaded file may run.
    ctx.res.headers.erase("Content-Security-Policy");
    ctx.res.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
    ctx.res.set_header("X-Content-SHA256", doc.document.sha256);
    ctx.res.set_content(doc.content,
                        doc.document.content_type.empty() ? "application/octet-stream" : doc.document.content_type);
  });

  router.add("DELETE", "/api/v1/documents/{id}", Access::authenticated, [&uc](RequestContext& ctx) {
    uc.delete_document(ctx.who(), ctx.id());
    ctx.res.status = 204;
  });
}

}  // namespace turnus::http
