// The HTTP edge against clients that do not play by the rules, over raw sockets: framing
// that could be read two ways, pipelining, limits on the header, bodies refused on their
// header (size, credentials, permission, Expect: 100-continue), deadlines for slow headers,
// bodies and readers, connection limits, and a saturated worker pool. Also the parts the
// server is built from (WorkerPool, ConnectionRegistry, MultipartParser, gzip).
#include <sqlite3.h>
#include <zlib.h>

#include <gmock/gmock.h>
#include <atomic>
#include <future>
#include <sstream>
#include <thread>

#include "http/api_fixture.hpp"
#include "http/compression.hpp"
#include "http/connection_registry.hpp"
#include "http/message.hpp"
#include "http/multipart.hpp"
#include "http/worker_pool.hpp"
#include "support/raw_http.hpp"

namespace turnus::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::string get_request(const std::string& path, const std::string& extra = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

std::string bearer(const Caller& who) { return "Authorization: Bearer " + who.token + "\r\n"; }

// --- Parts ---------------------------------------------------------------------------------

TEST(WorkerPool, RefusesWhenTheQueueIsFullOrItsOldestJobWaitedTooLong) {
  http::WorkerPool pool({1, 2, 200ms});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  const auto blocker = [released, &ran] {
    released.wait();
    ++ran;
  };
  ASSERT_TRUE(pool.submit(blocker));  // runs at once and holds the only thread
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(pool.submit([&ran] { ++ran; }));
  EXPECT_TRUE(pool.submit([&ran] { ++ran; }));
  EXPECT_FALSE(pool.submit([&ran] { ++ran; })) << "a third waiting job exceeds max_queued";
  EXPECT_TRUE(pool.submit([&ran] { ++ran; }, false)) << "a job that must not be refused is queued anyway";
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(pool.submit([&ran] { ++ran; }, true)) << "the oldest job has waited longer than max_wait";
  release.set_value();
  pool.stop();
  EXPECT_EQ(ran.load(), 4);
  EXPECT_FALSE(pool.submit([] {}, false)) << "a stopped pool refuses everything";
}

TEST(ConnectionRegistry, ClosesTheLongestIdleConnectionFirstAndRefusesWhenNoneIsIdle) {
  http::ConnectionRegistry registry({3, 2});
  std::vector<std::string> closed;
  const auto closer = [&closed](std::string name) { return [&closed, name] { closed.push_back(name); }; };
  const auto a = registry.admit("10.0.0.1", closer("a"));
  const auto b = registry.admit("10.0.0.1", closer("b"));
  ASSERT_TRUE(a.id && b.id);
  // The peer's limit, and nothing of it idle: refused.
  EXPECT_FALSE(registry.admit("10.0.0.1", closer("x")).id);
  registry.set_idle(*b.id, true);
  registry.set_idle(*a.id, true);
  const auto c = registry.admit("10.0.0.1", closer("c"));
  ASSERT_TRUE(c.id);
  ASSERT_EQ(c.evicted.size(), 1U);
  c.evicted[0]();
  EXPECT_EQ(closed, std::vector<std::string>{"b"}) << "b has been idle longer than a";
  registry.remove(*b.id);  // the evicted connection ends later: no effect on the counts
  EXPECT_EQ(registry.open_from("10.0.0.1"), 2U);
  // The total limit: the longest idle of any peer.
  const auto d = registry.admit("10.0.0.2", closer("d"));
  ASSERT_TRUE(d.id);
  EXPECT_EQ(registry.open(), 3U);
  registry.set_idle(*c.id, false);
  const auto e = registry.admit("10.0.0.3", closer("e"));
  ASSERT_TRUE(e.id);
  ASSERT_EQ(e.evicted.size(), 1U);
  e.evicted[0]();
  EXPECT_EQ(closed.back(), "a");
  EXPECT_EQ(registry.open(), 3U);
}

TEST(Multipart, ReadsPartsFedInPiecesOfEverySize) {
  const std::string body =
      "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhallo\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Pr\xc3\xbc"
      "fbericht.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-\r\n--XyQ is not the "
      "boundary\r\n-\r\n--XyZ--\r\nepilogue";
  for (std::size_t piece = 1; piece <= body.size(); ++piece) {
    std::vector<http::MultipartPart> parts;
    std::vector<std::string> data;
    http::MultipartParser parser("XyZ", {[&](const http::MultipartPart& p) {
                                           parts.push_back(p);
                                           data.emplace_back();
                                         },
                                         [&](std::string_view bytes) { data.back() += bytes; }});
    for (std::size_t at = 0; at < body.size(); at += piece) parser.feed(std::string_view(body).substr(at, piece));
    ASSERT_NO_THROW(parser.finish()) << piece;
    ASSERT_EQ(parts.size(), 2U) << piece;
    EXPECT_EQ(parts[0].name, "note");
    EXPECT_FALSE(parts[0].file_name);
    EXPECT_EQ(data[0], "hallo");
    EXPECT_EQ(parts[1].name, "file");
    EXPECT_EQ(parts[1].file_name.value_or(""),
              "Pr\xc3\xbc"
              "fbericht.pdf");
    EXPECT_EQ(parts[1].content_type, "application/pdf");
    EXPECT_EQ(data[1], "%PDF-\r\n--XyQ is not the boundary\r\n-") << piece;
  }
}

TEST(Multipart, RefusesBrokenBodiesAndMarksUnreadableParts) {
  const auto parse = [](const std::string& body) {
    std::vector<http::MultipartPart> parts;
    http::MultipartParser parser("b", {[&](const http::MultipartPart& p) { parts.push_back(p); }, {}});
    parser.feed(body);
    parser.finish();
    return parts;
  };
  EXPECT_THROW(parse("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"), http::MultipartError);
  EXPECT_THROW(parse("no boundary at all"), http::MultipartError);
  EXPECT_THROW(parse("--b\r\n" + std::string(9000, 'h') + "\r\n\r\nx\r\n--b--"), http::MultipartError);
  // A delimiter followed by anything but a line end or "--" is a broken body (RFC 2046: the
  // boundary must not occur inside a part).
  EXPECT_THROW(parse("--bX\r\n\r\n"), http::MultipartError);
  EXPECT_THROW(parse("--b\r\n\r\ndata\r\n--b and more\r\n--b--"), http::MultipartError);
  // A raw line break in a quoted file name cuts the header line: the part is unreadable.
  const auto broken = parse(
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\r\nSet-Cookie: x\"\r\n\r\n"
      "data\r\n--b--\r\n");
  ASSERT_EQ(broken.size(), 1U);
  EXPECT_FALSE(broken[0].readable);
  EXPECT_FALSE(broken[0].file_name);
  // RFC 8187 names win over the plain ones.
  const auto extended = parse(
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fallback.txt\"; "
      "filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt\r\n\r\nx\r\n--b--");
  ASSERT_EQ(extended.size(), 1U);
  EXPECT_EQ(extended[0].file_name.value_or(""),
            "Gr\xc3\xbc\xc3\x9f"
            "e.txt");
  EXPECT_EQ(http::multipart_boundary("multipart/form-data; boundary=\"a b\""), "a b");
  EXPECT_EQ(http::multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')), std::nullopt);
  EXPECT_EQ(http::multipart_boundary("multipart/form-data"), std::nullopt);
  EXPECT_EQ(http::multipart_boundary("text/plain; boundary=x"), std::nullopt);
}

TEST(Compression, GzipOnlyWhereTheClientAcceptsIt) {
  EXPECT_TRUE(http::accepts_gzip("gzip, deflate, br, zstd"));
  EXPECT_TRUE(http::accepts_gzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_FALSE(http::accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(http::accepts_gzip("br"));
  EXPECT_TRUE(http::accepts_gzip("*"));
  EXPECT_FALSE(http::accepts_gzip("*, gzip;q=0"));
  EXPECT_FALSE(http::accepts_gzip(""));
  const std::string text(5000, 'a');
  const std::optional<std::string> packed = http::gzip(text);
  ASSERT_TRUE(packed);
  EXPECT_LT(packed->size(), 100U);
  std::string unpacked(text.size() + 10, '\0');
  z_stream z{};
  ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed->data()));  // NOLINT
  z.avail_in = static_cast<uInt>(packed->size());
  z.next_out = reinterpret_cast<Bytef*>(unpacked.data());  // NOLINT
  z.avail_out = static_cast<uInt>(unpacked.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  unpacked.resize(z.total_out);
  inflateEnd(&z);
  EXPECT_EQ(unpacked, text);
}

TEST(PercentDecoding, RefusesMalformedEscapesAndNul) {
  EXPECT_EQ(http::percent_decode("/a%20b", false), "/a b");
  EXPECT_EQ(http::percent_decode("a+b", true), "a b");
  EXPECT_EQ(http::percent_decode("a+b", false), "a+b");
  EXPECT_EQ(http::percent_decode("%zz", false), std::nullopt);
  EXPECT_EQ(http::percent_decode("%2", false), std::nullopt);
  EXPECT_EQ(http::percent_decode("%", false), std::nullopt);
  EXPECT_EQ(http::percent_decode("a%00b", false), std::nullopt);
  const auto query = http::parse_query("q=M%C3%BCller&&status=active,inactive&empty=&flag");
  ASSERT_TRUE(query);
  ASSERT_EQ(query->size(), 4U);
  EXPECT_EQ((*query)[0], (std::pair<std::string, std::string>{"q", "M\xc3\xbcller"}));
  EXPECT_EQ((*query)[3], (std::pair<std::string, std::string>{"flag", ""}));
}

// --- The server, over raw sockets ------------------------------------------------------------

class EdgeApi : public ApiTest {
 protected:
  EdgeApi() : ApiTest(config()) {}
  static http::ServerConfig config() {
    http::ServerConfig c;
    c.max_upload_bytes = std::size_t{2} * 1024 * 1024;
    return c;
  }
  std::string documents_path() {
    const json contract = create_contract();
    return "/api/v1/maintenance-contracts/" + std::to_string(contract["id"].get<std::int64_t>()) + "/documents";
  }
};

TEST_P(EdgeApi, FramingThatCouldBeReadTwoWaysIs400AndClosesTheConnection) {
  const std::vector<std::string> ambiguous = {
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}",
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}GET /",
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 5\r\n\r\n{}GET /",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length : 0\r\n\r\n",
      "GET /healthz HTTP/1.1\nHost: x\n\n",
      "GET /healthz HTTP/1.1\r\n\r\n",  // no Host
      "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
  };
  for (const std::string& request : ambiguous) {
    RawConnection c(port_);
    ASSERT_TRUE(c.send(request + get_request("/healthz")));
    const std::optional<RawResponse> r = c.read_response();
    ASSERT_TRUE(r) << request;
    EXPECT_EQ(r->status, 400) << request;
    EXPECT_EQ(r->header("Connection"), "close") << request;
    EXPECT_TRUE(c.wait_closed(5s)) << "the pipelined GET after it must not be answered: " << request;
  }
  // A coding the server does not implement: 501, closed.
  RawConnection gzip(port_);
  ASSERT_TRUE(
      gzip.send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"));
  const std::optional<RawResponse> r = gzip.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 501);
  EXPECT_TRUE(gzip.wait_closed(5s));
  // The same value twice is one length (RFC 9110 allows it) and is served.
  RawConnection same(port_);
  ASSERT_TRUE(
      same.send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}"));
  const std::optional<RawResponse> accepted = same.read_response();
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 422) << accepted->body;  // read as a login without e-mail and password
}

TEST_P(EdgeApi, PipelinedRequestsAreAllAnsweredInOrder) {
  RawConnection c(port_);
  const std::string customer = R"({"name":"Pipeline GmbH"})";
  ASSERT_TRUE(c.send(get_request("/healthz") + get_request("/api/v1/me", bearer(as_admin_a_)) +
                     "POST /api/v1/customers HTTP/1.1\r\nHost: x\r\n" + bearer(as_office_a_) +
                     "Content-Type: application/json\r\nContent-Length: " + std::to_string(customer.size()) +
                     "\r\n\r\n" + customer + get_request("/api/v1/nothing-here") +
                     "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n" +
                     get_request("/api/v1/customers?q=Pipeline", bearer(as_office_a_))));
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) {
    const std::optional<RawResponse> r = c.read_response(10s, i == 4);
    ASSERT_TRUE(r) << "answer " << i;
    statuses.push_back(r->status);
    if (i == 1) {
      EXPECT_THAT(r->body, HasSubstr("admin@a.example"));
    }
    if (i == 4) {
      EXPECT_EQ(r->header("Content-Length"), "15") << "HEAD says the length of the GET's body";
      EXPECT_EQ(r->body, "");
    }
    if (i == 5) {
      EXPECT_THAT(r->body, HasSubstr("Pipeline GmbH"));
    }
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 201, 404, 200, 200}));
}

TEST_P(EdgeApi, TheHeaderIsLimitedInLengthFieldsAndSize) {
  const auto status_of = [this](const std::string& request) {
    RawConnection c(port_);
    c.send(request);
    const std::optional<RawResponse> r = c.read_response();
    const bool closed = c.wait_closed(5s);
    return r && closed ? r->status : -1;
  };
  EXPECT_EQ(status_of(get_request("/api/v1/customers?q=" + std::string(9000, 'a'))), 414);
  EXPECT_EQ(status_of("GET /" + std::string(100'000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
  std::string many;
  for (int i = 0; i < 101; ++i) many += "X-Field-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(status_of(get_request("/healthz", many)), 431);
  EXPECT_EQ(status_of(get_request("/healthz", "Cookie: " + std::string(17'000, 'c') + "\r\n")), 431);
  EXPECT_EQ(status_of(get_request("/healthz", "X-Big: " + std::string(60'000, 'c') + "\r\n")), 431);
  // Just inside the limits: served.
  RawConnection fine(port_);
  fine.send(get_request("/healthz", "X-Padding: " + std::string(15'000, 'p') + "\r\n"));
  const std::optional<RawResponse> r = fine.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Content-Type"), "application/json");
}

TEST_P(EdgeApi, ABodyLargerThanTheRouteAllowsIsRefusedBeforeItIsSent) {
  const std::string docs = documents_path();
  RawConnection json_body(port_);
  json_body.send("POST /api/v1/customers HTTP/1.1\r\nHost: x\r\n" + bearer(as_office_a_) +
                 "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{");
  std::optional<RawResponse> r = json_body.read_response();
  ASSERT_TRUE(r) << "413 comes before the body";
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(json_body.wait_closed(10s));
  RawConnection upload(port_);
  upload.send("POST " + docs + " HTTP/1.1\r\nHost: x\r\n" + bearer(as_office_a_) +
              "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 40000000\r\n\r\n");
  r = upload.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_THAT(r->body, HasSubstr("2 MB"));
}

TEST_P(EdgeApi, AnUploadIsCheckedForCredentialsAndPermissionBeforeItsBodyIsRead) {
  const std::string docs = documents_path();
  const std::string head = "POST " + docs +
                           " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                           "Content-Length: 1500000\r\n";
  // No credentials: 401 while not a byte of the body has been sent.
  RawConnection stranger(port_);
  stranger.send(head + "\r\n");
  std::optional<RawResponse> r = stranger.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_TRUE(stranger.wait_closed(10s));
  // With Expect: 100-continue, a technician (who may not add documents) gets 403 and no 100.
  RawConnection technician(port_);
  technician.send(head + bearer(as_tech_a_) + "Expect: 100-continue\r\n\r\n");
  r = technician.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  // An office employee is told to continue, and then the upload is stored.
  const std::string file(1'400'000, 'x');
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gross.txt\"\r\n\r\n" + file + "\r\n--b--\r\n";
  RawConnection office(port_);
  office.send("POST " + docs + " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n" +
              bearer(as_office_a_) + "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n\r\n");
  r = office.read_response();
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 100);
  office.send(body);
  r = office.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(json::parse(r->body)["size"], file.size());
  EXPECT_EQ(get(docs, as_office_a_).json_body()["total"], 1);
}

// The permission a route's use case needs is checked on the header too, for JSON routes:
// a technician's customer or an office employee's new colleague is refused before the body.
TEST_P(EdgeApi, AJsonBodyTheCallerMayNotSendIsRefusedOnTheHeader) {
  const auto refused_on_header = [this](const Caller& who, const std::string& path) {
    RawConnection c(port_);
    c.send("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + bearer(who) +
           "Content-Type: application/json\r\nContent-Length: 40\r\nExpect: 100-continue\r\n\r\n");
    const std::optional<RawResponse> r = c.read_response();
    return r ? r->status : -1;
  };
  EXPECT_EQ(refused_on_header(as_tech_a_, "/api/v1/customers"), 403);
  EXPECT_EQ(refused_on_header(as_tech_a_, "/api/v1/maintenance-contracts"), 403);
  EXPECT_EQ(refused_on_header(as_office_a_, "/api/v1/employees"), 403);
  EXPECT_EQ(refused_on_header(as_office_a_, "/api/v1/tokens"), 403);
  EXPECT_EQ(refused_on_header(as_office_a_, "/api/v1/customers"), 100) << "allowed: told to continue";
}

TEST_P(EdgeApi, ChunkedBodiesAreReadForJsonAndUploads) {
  RawConnection c(port_);
  c.send("POST /api/v1/customers HTTP/1.1\r\nHost: x\r\n" + bearer(as_office_a_) +
         "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5\r\n{\"nam\r\n13\r\ne\":\"Chunk & Co KG\"}\r\n0\r\n\r\n");
  std::optional<RawResponse> r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  EXPECT_THAT(r->body, HasSubstr("Chunk & Co KG"));
  const std::string docs = documents_path();
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.txt\"\r\n\r\nchunked content\r\n--b--\r\n";
  c.send("POST " + docs + " HTTP/1.1\r\nHost: x\r\n" + bearer(as_office_a_) +
         "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" +
         body.substr(0, 16) + "\r\n" +
         [&] {
           std::ostringstream hex;
           hex << std::hex << body.size() - 16;
           return hex.str();
         }() +
         "\r\n" + body.substr(16) + "\r\n0\r\n\r\n");
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(json::parse(r->body)["size"], 15);
}

TEST_P(EdgeApi, AChunkedUploadBeyondTheLimitIsRefusedWhileItArrives) {
  const std::string docs = documents_path();
  RawConnection c(port_);
  c.send("POST " + docs + " HTTP/1.1\r\nHost: x\r\n" + bearer(as_office_a_) +
         "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string part = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n";
  std::ostringstream hex;
  hex << std::hex << part.size();
  c.send(hex.str() + "\r\n" + part + "\r\n");
  const std::string chunk(65536, 'z');
  std::optional<RawResponse> r;
  for (int i = 0; i < 64 && !r; ++i) {
    if (!c.send("10000\r\n" + chunk + "\r\n")) break;
    r = c.read_response(10ms);
  }
  if (!r) r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(get(docs, as_office_a_).json_body()["total"], 0);
}

// Beast limits the header but not a chunk's size line, its extensions or the trailer: the
// connection's buffer does, so a line that never ends cannot grow the server's memory.
TEST_P(EdgeApi, AChunkLineOrTrailerThatNeverEndsIsRefused) {
  for (const std::string& endless :
       {"1;" + std::string(200'000, 'e'), "0\r\nX-Trailer: " + std::string(200'000, 't')}) {
    RawConnection c(port_);
    c.send(
        "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n");
    c.send(endless);
    const std::optional<RawResponse> r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(c.wait_closed(10s));
  }
}

// Anybody may send a login; it is a few hundred bytes, so more than 16 KiB is refused on
// the header.
TEST_P(EdgeApi, TheOpenLoginTakesASmallBodyOnly) {
  RawConnection c(port_);
  c.send(
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 20000\r\n\r\n");
  const std::optional<RawResponse> r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

// HTTP/1.0 knows no interim answers: the body is simply read.
TEST_P(EdgeApi, AnHttp10ClientIsNotToldToContinue) {
  RawConnection c(port_);
  const std::string body = R"({"name":"Alt & Bewährt"})";
  c.send("POST /api/v1/customers HTTP/1.0\r\n" + bearer(as_office_a_) +
         "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n");
  EXPECT_EQ(c.read_some(100, 300ms), "") << "no 100 Continue for HTTP/1.0";
  c.send(body);
  const std::optional<RawResponse> r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->head.rfind("HTTP/1.1 201", 0), 0U);
  EXPECT_EQ(r->header("Connection"), "close");
}

class BodyBudgetApi : public ApiTest {
 protected:
  BodyBudgetApi() : ApiTest(config()) {}
  static http::ServerConfig config() {
    http::ServerConfig c;
    c.max_buffered_body_bytes = std::size_t{1500} * 1024;
    return c;
  }
};

// JSON bodies are held in memory until their handler has run; all connections together
// hold at most the budget, and a body beyond it is refused on its header.
TEST_P(BodyBudgetApi, BodiesBeyondTheServersBudgetAreRefusedUntilOthersAreDone) {
  const std::string head = "POST /api/v1/customers HTTP/1.1\r\nHost: x\r\n" + bearer(as_office_a_) +
                           "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n";
  RawConnection first(port_);
  ASSERT_TRUE(first.send(head + "{\"name\":\"Budget\""));  // reserved, still arriving
  std::this_thread::sleep_for(300ms);
  RawConnection second(port_);
  ASSERT_TRUE(second.send(head));
  const std::optional<RawResponse> refused = second.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->header("Retry-After"), "1");
  // The first one completes, and then there is room again.
  const auto padded_to = [](std::string start, std::size_t size) {  // {...,"notes":"nnn…"} of `size` bytes
    start += ",\"notes\":\"";
    return start + std::string(size - start.size() - 2, 'n') + "\"}";
  };
  ASSERT_TRUE(first.send(padded_to("{\"name\":\"Budget\"", 1'000'000).substr(16)));
  const std::optional<RawResponse> done = first.read_response();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 201) << done->body.substr(0, 300);
  RawConnection third(port_);
  ASSERT_TRUE(third.send(head + padded_to("{\"name\":\"Danach\"", 1'000'000)));
  const std::optional<RawResponse> later = third.read_response();
  ASSERT_TRUE(later);
  EXPECT_NE(later->status, 503);
}

class ReauthenticationApi : public ApiTest {
 protected:
  ReauthenticationApi() : ApiTest(config()) {}
  static http::ServerConfig config() {
    http::ServerConfig c;
    c.reauthenticate_after_seconds = 1;
    return c;
  }
};

// A token revoked while it downloads a large document stops the download.
TEST_P(ReauthenticationApi, ARevokedTokenStopsTheDownloadItStarted) {
  const json contract = create_contract();
  const std::string docs =
      "/api/v1/maintenance-contracts/" + std::to_string(contract["id"].get<std::int64_t>()) + "/documents";
  const std::string bytes(std::size_t{20} * 1024 * 1024, 'r');
  const Reply up = upload(docs, as_office_a_, "gross.bin", bytes);
  ASSERT_EQ(up.status, 201) << up.body;
  const Reply created = post("/api/v1/tokens", as_admin_a_, {{"user_id", office_a_}, {"label", "Download"}});
  ASSERT_EQ(created.status, 201) << created.body;
  Caller downloader;
  downloader.token = created.json_body()["token"];
  RawConnection c(port_, 4096);
  ASSERT_TRUE(
      c.send(get_request("/api/v1/documents/" + std::to_string(up.json_body()["id"].get<std::int64_t>()) + "/content",
                         bearer(downloader))));
  ASSERT_FALSE(c.read_some(4096, 2s).empty()) << "the download began";
  ASSERT_EQ(del("/api/v1/tokens/" + std::to_string(created.json_body()["id"].get<std::int64_t>()), as_admin_a_).status,
            204);
  std::this_thread::sleep_for(1500ms);
  std::size_t received = 0;
  EXPECT_TRUE(c.wait_closed(60s, &received));
  EXPECT_LT(received, bytes.size()) << "the download went on after its token was revoked";
}

class SlowClientApi : public ApiTest {
 protected:
  SlowClientApi() : ApiTest(config()) {}
  static http::ServerConfig config() {
    http::ServerConfig c;
    c.header_timeout_seconds = 1;
    c.keep_alive_timeout_seconds = 1;
    c.min_body_bytes_per_second = 1024;
    c.write_timeout_seconds = 1;
    return c;
  }
};

TEST_P(SlowClientApi, AHeaderThatDoesNotArriveInTimeEndsTheConnection) {
  RawConnection c(port_);
  ASSERT_TRUE(c.send("GET /healthz HT"));
  EXPECT_TRUE(c.wait_closed(5s)) << "a header of a byte every few seconds must not keep the connection";
  // An idle connection that never sends anything is closed too.
  RawConnection silent(port_);
  EXPECT_TRUE(silent.wait_closed(5s));
}

TEST_P(SlowClientApi, ABodyBelowTheMinimumRateEndsTheConnection) {
  RawConnection c(port_);
  ASSERT_TRUE(c.send("POST /api/v1/customers HTTP/1.1\r\nHost: x\r\n" + bearer(as_office_a_) +
                     "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {
    if (!c.send("  ")) break;  // 4 bytes a second
    closed = c.wait_closed(500ms);
  }
  EXPECT_TRUE(closed || !c.send(" ")) << "the server still waits for a body that trickles in";
}

TEST_P(SlowClientApi, AnAnswerToAClientThatDoesNotReadIsAbandoned) {
  const json contract = create_contract();
  const std::string docs =
      "/api/v1/maintenance-contracts/" + std::to_string(contract["id"].get<std::int64_t>()) + "/documents";
  const std::string bytes(std::size_t{20} * 1024 * 1024, 'd');
  const Reply up = upload(docs, as_office_a_, "gross.bin", bytes);
  ASSERT_EQ(up.status, 201) << up.body;
  RawConnection c(port_, 4096);
  ASSERT_TRUE(
      c.send(get_request("/api/v1/documents/" + std::to_string(up.json_body()["id"].get<std::int64_t>()) + "/content",
                         bearer(as_office_a_))));
  std::this_thread::sleep_for(4s);  // reads nothing while the server's write deadline passes
  std::size_t received = 0;
  EXPECT_TRUE(c.wait_closed(30s, &received));
  EXPECT_LT(received, bytes.size()) << "the server kept writing to a client that did not read";
  EXPECT_EQ(get("/healthz", Caller{}).status, 200);
}

class ConnectionLimitApi : public ApiTest {
 protected:
  ConnectionLimitApi() : ApiTest(config()) {}
  static http::ServerConfig config() {
    http::ServerConfig c;
    c.max_connections_per_peer = 4;
    c.keep_alive_timeout_seconds = 60;
    c.header_timeout_seconds = 60;
    return c;
  }
};

TEST_P(ConnectionLimitApi, TheLongestIdleConnectionMakesRoomForANewOne) {
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(idle.back()->send(get_request("/healthz")));
    ASSERT_TRUE(idle.back()->read_response());  // now idle on keep-alive
  }
  RawConnection fresh(port_);
  ASSERT_TRUE(fresh.send(get_request("/healthz")));
  const std::optional<RawResponse> r = fresh.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(idle.front()->wait_closed(5s)) << "the first idle connection is the one closed";
  EXPECT_FALSE(idle.back()->wait_closed(200ms));
}

TEST_P(ConnectionLimitApi, WithNoConnectionIdleANewOneIsRefused) {
  std::vector<std::unique_ptr<RawConnection>> busy;
  for (int i = 0; i < 4; ++i) {
    busy.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(busy.back()->send("GET /healthz HTTP/1.1\r\nHost"));  // in the middle of a header: not idle
  }
  std::this_thread::sleep_for(200ms);
  RawConnection fifth(port_);
  const std::optional<RawResponse> r = fifth.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->header("Retry-After"), "1");
  EXPECT_TRUE(fifth.wait_closed(5s));
  // The busy ones are still served when their header is complete.
  busy.front()->send(": x\r\n\r\n");
  const std::optional<RawResponse> served = busy.front()->read_response();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
}

class SaturatedApi : public ApiTest {
 protected:
  SaturatedApi() : ApiTest(config()) {}
  static http::ServerConfig config() {
    http::ServerConfig c;
    c.workers = 1;
    c.max_queued_requests = 0;
    return c;
  }
};

// The only worker waits for SQLite's write lock, which the test holds: the next request
// finds the pool saturated and is told so at once.
TEST_P(SaturatedApi, ASaturatedPoolAnswers503WithRetryAfterAndRecovers) {
  const std::string path = database_.url().substr(std::string("sqlite:").size());
  sqlite3* lock = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &lock), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(lock, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  // The write takes the only worker and waits there for the lock (up to SQLite's busy
  // timeout of 5 s): still unanswered after 300 ms, it holds the worker.
  std::future<Reply> blocked = std::async(std::launch::async, [this] {
    return post("/api/v1/customers", as_office_a_, {{"name", "Wartet GmbH"}});
  });
  ASSERT_EQ(blocked.wait_for(300ms), std::future_status::timeout) << "the write did not wait for the lock";
  std::optional<Reply> refused;
  const Reply r = get("/healthz", Caller{});
  if (r.status == 503) refused = r;
  sqlite3_exec(lock, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(lock);
  ASSERT_TRUE(refused) << "no 503 while the only worker was busy";
  EXPECT_EQ(refused->header("Retry-After"), "1") << refused->body;
  EXPECT_EQ(refused->header("Content-Type"), "application/problem+json");
  EXPECT_THAT(refused->body, HasSubstr("ausgelastet"));
  EXPECT_EQ(blocked.get().status, 201);
  EXPECT_EQ(get("/healthz", Caller{}).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, EdgeApi, ::testing::Values(std::string("sqlite")),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
INSTANTIATE_TEST_SUITE_P(Sqlite, SlowClientApi, ::testing::Values(std::string("sqlite")),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
INSTANTIATE_TEST_SUITE_P(Sqlite, ConnectionLimitApi, ::testing::Values(std::string("sqlite")),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
INSTANTIATE_TEST_SUITE_P(Sqlite, BodyBudgetApi, ::testing::Values(std::string("sqlite")),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
INSTANTIATE_TEST_SUITE_P(Sqlite, ReauthenticationApi, ::testing::Values(std::string("sqlite")),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
INSTANTIATE_TEST_SUITE_P(Sqlite, SaturatedApi, ::testing::Values(std::string("sqlite")),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
