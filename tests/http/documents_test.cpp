// Documents over HTTP: multipart upload with the content type detected from the bytes,
// SHA-256, hostile file names, download as attachment with nosniff, 413 beyond the limit,
// refusals on archived contracts that store nothing.
#include <gmock/gmock.h>

#include "http/api_fixture.hpp"

namespace turnus::test {
namespace {

const std::string kPdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

class DocumentsApi : public ApiTest {
 protected:
  static http::ServerConfig small_limit() {
    http::ServerConfig c;
    c.max_upload_bytes = std::size_t{1024} * 1024;  // 1 MB, so the test stays quick
    return c;
  }
  DocumentsApi() : ApiTest(small_limit()) {}
  std::string docs_of(const json& c) {
    return "/api/v1/maintenance-contracts/" + std::to_string(c["id"].get<std::int64_t>()) + "/documents";
  }
};

TEST_P(DocumentsApi, UploadDetectsTheTypeFromTheBytesAndKeepsTheSha256) {
  json c = create_contract();
  const Reply r = upload(docs_of(c), as_office_a_, "bericht.pdf", kPdf, "image/png");
  ASSERT_EQ(r.status, 201) << r.body;
  json d = r.json_body();
  EXPECT_EQ(d["content_type"], "application/pdf");
  EXPECT_EQ(d["size"], kPdf.size());
  EXPECT_EQ(d["sha256"], secrets_.sha256_hex(kPdf));
  EXPECT_EQ(d["file_name"], "bericht.pdf");
  EXPECT_EQ(d["contract_id"], c["id"]);

  const Reply list = get(docs_of(c), as_tech_a_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json_body()["total"], 1);

  const Reply download =
      get("/api/v1/documents/" + std::to_string(d["id"].get<std::int64_t>()) + "/content", as_tech_a_);
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, kPdf);
  EXPECT_EQ(download.header("Content-Type"), "application/pdf");
  EXPECT_EQ(download.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(download.header("Content-Disposition").rfind("attachment; filename=\"bericht.pdf\"", 0), 0U);
}

TEST_P(DocumentsApi, HtmlIsServedAsAnAttachmentNeverInline) {
  json c = create_contract();
  const Reply r =
      upload(docs_of(c), as_office_a_, "x.pdf", "<html><script>alert(1)</script></html>", "application/pdf");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json_body()["content_type"], "text/html");
  const Reply download =
      get("/api/v1/documents/" + std::to_string(r.json_body()["id"].get<std::int64_t>()) + "/content", as_office_a_);
  EXPECT_EQ(download.header("Content-Disposition").rfind("attachment;", 0), 0U);
  EXPECT_EQ(download.header("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(download.header("Content-Security-Policy").find("sandbox"), std::string::npos);
}

TEST_P(DocumentsApi, HostileFileNamesAreSanitised) {
  json c = create_contract();
  // A raw line break cannot even travel in a multipart header: the part is unreadable, the
  // upload refused, nothing stored.
  const Reply broken = upload(docs_of(c), as_office_a_, "a\r\nSet-Cookie: x=1.txt", "plain text");
  EXPECT_EQ(broken.status, 422) << broken.body;
  EXPECT_EQ(get(docs_of(c), as_office_a_).json_body()["total"], 0);
  for (const std::string& name : {std::string("../../etc/passwd"), std::string("a\x01b\x7f\tc<>:|?*.txt"),
                                  std::string("..\\..\\boot.ini"), std::string(".htaccess"), std::string(300, 'n')}) {
    const Reply r = upload(docs_of(c), as_office_a_, name, "plain text");
    ASSERT_EQ(r.status, 201) << name << " " << r.body;
    const std::string stored = r.json_body()["file_name"];
    EXPECT_EQ(stored.find('/'), std::string::npos) << stored;
    EXPECT_EQ(stored.find('\\'), std::string::npos) << stored;
    EXPECT_EQ(stored.find('\r'), std::string::npos) << stored;
    EXPECT_EQ(stored.find('\n'), std::string::npos) << stored;
    for (const char bad : {'\x01', '\x7f', '\t', '<', '>', ':', '|', '?', '*'}) {
      EXPECT_EQ(stored.find(bad), std::string::npos) << stored;
    }
    EXPECT_NE(stored.rfind("..", 0), 0U) << stored;
    EXPECT_LE(stored.size(), 255U);
    const Reply download =
        get("/api/v1/documents/" + std::to_string(r.json_body()["id"].get<std::int64_t>()) + "/content", as_office_a_);
    EXPECT_EQ(download.status, 200);
    EXPECT_EQ(download.header("Set-Cookie"), "");
  }
}

TEST_P(DocumentsApi, TooLargeIs413AndNothingIsStored) {
  json c = create_contract();
  const Reply r = upload(docs_of(c), as_office_a_, "big.bin", std::string(3 * 1024 * 1024, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  // Just over the per-file limit but within the request limit: refused by the handler.
  const Reply over = upload(docs_of(c), as_office_a_, "over.bin", std::string(1024 * 1024 + 10, 'x'));
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(get(docs_of(c), as_office_a_).json_body()["total"], 0);
}

TEST_P(DocumentsApi, UploadNeedsMultipartWithAFile) {
  json c = create_contract();
  EXPECT_EQ(send("POST", docs_of(c), as_office_a_, "{}").status, 415);
  httplib::Client client("127.0.0.1", port_);
  const httplib::Result r = client.Post(docs_of(c), {{"Authorization", "Bearer " + as_office_a_.token}},
                                        httplib::MultipartFormDataItems{{"other", "x", "", "text/plain"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("\"file\""), std::string::npos);
}

TEST_P(DocumentsApi, ArchivedContractsRefuseUploadAndDelete) {
  json c = create_contract();
  const Reply up = upload(docs_of(c), as_office_a_, "a.txt", "hello");
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string contract = "/api/v1/maintenance-contracts/" + std::to_string(c["id"].get<std::int64_t>());
  ASSERT_EQ(post(contract + "/deactivate", as_office_a_).status, 200);
  ASSERT_EQ(post(contract + "/archive", as_office_a_).status, 200);
  const Reply refused = upload(docs_of(c), as_office_a_, "b.txt", "more");
  EXPECT_EQ(refused.status, 409);
  const Reply not_deleted =
      del("/api/v1/documents/" + std::to_string(up.json_body()["id"].get<std::int64_t>()), as_office_a_);
  EXPECT_EQ(not_deleted.status, 409);
  EXPECT_EQ(get(docs_of(c), as_office_a_).json_body()["total"], 1);
}

TEST_P(DocumentsApi, DeleteRemovesTheDocument) {
  json c = create_contract();
  const Reply up = upload(docs_of(c), as_office_a_, "a.txt", "hello");
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string doc = "/api/v1/documents/" + std::to_string(up.json_body()["id"].get<std::int64_t>());
  EXPECT_EQ(del(doc, as_office_a_).status, 204);
  EXPECT_EQ(get(doc + "/content", as_office_a_).status, 404);
  EXPECT_EQ(get(docs_of(c), as_office_a_).json_body()["total"], 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, DocumentsApi, ::testing::ValuesIn(test_backends()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
