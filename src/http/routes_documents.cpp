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

namespace {

// An upload's spool file as the use case reads it.
class SpoolSource final : public app::ByteSource {
 public:
  explicit SpoolSource(std::shared_ptr<SpooledFile> file) : file_(std::move(file)) {}
  std::int64_t size() const override { return file_->size(); }
  std::size_t read(char* out, std::size_t max) override {
    const std::size_t n = file_->read_at(position_, out, max);
    position_ += static_cast<std::int64_t>(n);
    return n;
  }
  void rewind() override { position_ = 0; }

 private:
  std::shared_ptr<SpooledFile> file_;
  std::int64_t position_ = 0;
};

// A download, piece by piece out of the store (each piece a read transaction of its own).
class DocumentStream final : public BodyStream {
 public:
  DocumentStream(app::UseCases& uc, app::Actor actor, domain::Document document)
      : uc_(uc), actor_(actor), document_(std::move(document)) {}
  std::int64_t size() const override { return document_.size; }
  std::string next(std::size_t max) override {
    std::string piece = uc_.document_piece(actor_, document_.id, offset_, max, document_.sha256);
    offset_ += static_cast<std::int64_t>(piece.size());
    return piece;
  }

 private:
  app::UseCases& uc_;
  app::Actor actor_;
  domain::Document document_;
  std::int64_t offset_ = 0;
};

// libmagic looks at the first bytes only.
constexpr std::size_t kSniffBytes = std::size_t{64} * 1024;

}  // namespace

void add_document_routes(Router& router, const RouteDeps& deps) {
  app::UseCases& uc = deps.use_cases;
  const ServerConfig& config = deps.config;

  router.add("GET", "/api/v1/maintenance-contracts/{id}/documents", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::PageRequest page = page_request(ctx.req);
    send_json(ctx.res, vector_page(uc.contract_documents(ctx.who(), ctx.id()), page));
  });

  // The server has checked the caller, the permission and the declared size on the
  // header, and spooled the file while the body arrived (RouteBody::upload).
  router.add("POST", "/api/v1/maintenance-contracts/{id}/documents", Access::authenticated,
             [&uc, &config](RequestContext& ctx) {
               const domain::Id contract_id = ctx.id();
               if (!ctx.req.is_multipart_form_data()) {
                 throw HttpError(415, {"Bitte als multipart/form-data mit dem Feld \"file\" hochladen.",
                                       "Upload as multipart/form-data with the field \"file\"."});
               }
               const UploadedFile* file = ctx.req.file("file");
               if (file == nullptr) {
                 throw domain::Error::validation(
                     {{"file", {"Bitte eine Datei im Feld \"file\" senden.", "Send a file in the field \"file\"."}}});
               }
               std::string head(static_cast<std::size_t>(std::min<std::int64_t>(file->content->size(), kSniffBytes)),
                                '\0');
               head.resize(file->content->read_at(0, head.data(), head.size()));
               app::DocumentUpload upload;
               upload.file_name = file->file_name;
               upload.content = std::make_shared<SpoolSource>(file->content);
               upload.content_type = config.content_type_of ? config.content_type_of(head) : "application/octet-stream";
               const domain::Document d = uc.add_document(ctx.who(), contract_id, upload);
               send_created(ctx.res, to_json(d), "/api/v1/documents/" + std::to_string(d.id));
             },
             {app::Permission::manage_contracts, RouteBody::upload});

  router.add("GET", "/api/v1/documents/{id}/content", Access::authenticated, [&uc](RequestContext& ctx) {
    const domain::Document doc = uc.get_document(ctx.who(), ctx.id());
    ctx.res.set_header("Content-Disposition", content_disposition(doc.file_name));
    // Stricter than the API's own policy: nothing in a downloaded file may run.
    ctx.res.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
    ctx.res.set_header("X-Content-SHA256", doc.sha256);
    ctx.res.set_header("Content-Type", doc.content_type.empty() ? "application/octet-stream" : doc.content_type);
    ctx.res.stream = std::make_shared<DocumentStream>(uc, ctx.who(), doc);
  });

  router.add("DELETE", "/api/v1/documents/{id}", Access::authenticated, [&uc](RequestContext& ctx) {
    uc.delete_document(ctx.who(), ctx.id());
    ctx.res.status = 204;
  });
}

}  // namespace turnus::http
