// The HTTP/1.1 server on Boost.Beast (docs/adr/0011-http-server.md).
//
// Each connection is one coroutine on a strand of the I/O context. It reads a request's
// header under a deadline, checks it (framing, limits, route, and on a worker thread the
// credentials and the route's permission), only then reads the body (at a minimum rate),
// hands the request to a worker for the handler, and writes the answer under a deadline.
// Requests of one connection are answered in order, so pipelined requests simply wait in
// the connection's buffer. While a request is on a worker, its coroutine is suspended:
// neither a slow client nor an idle one ever holds a thread.
#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <thread>

#include "http/auth.hpp"
#include "http/compression.hpp"
#include "http/connection_registry.hpp"
#include "http/json_codec.hpp"
#include "http/multipart.hpp"
#include "http/problem.hpp"
#include "http/request_head.hpp"
#include "http/router.hpp"
#include "http/routes.hpp"
#include "http/static_files.hpp"
#include "http/worker_pool.hpp"

namespace turnus::http {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
// How much is read from a socket at once, and the pieces a streamed body is written in.
constexpr std::size_t kReadPiece = std::size_t{16} * 1024;
constexpr std::size_t kIdleRead = 512;
constexpr std::size_t kUploadPiece = std::size_t{64} * 1024;
constexpr std::size_t kStreamPiece = std::size_t{256} * 1024;
// Answers smaller than this are sent as they are: gzip would save less than it costs.
constexpr std::size_t kMinCompressed = 1024;
// After an answer that leaves a body unread, the rest of it is read and thrown away for
// this long at most (an idle pause of kLingerPause ends it sooner), so the client sees the
// answer instead of a reset connection.
constexpr auto kLinger = std::chrono::seconds(5);
constexpr auto kLingerPause = std::chrono::seconds(2);

// Thrown into a connection's coroutine when the worker pool refused its job.
struct Refused {};

void security_headers(Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cache-Control", "no-store");
}

// RFC 9110 IMF-fixdate of now, computed once per second per thread.
const std::string& http_date() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[64];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached.assign(buffer, n);
    cached_second = now;
  }
  return cached;
}

std::string joined(const std::vector<std::string>& methods) {
  std::string out;
  for (const std::string& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

// The peer's address as the access log shows it: IPv4-mapped IPv6 as IPv4.
net::ip::address address_of(const tcp::socket& socket) {
  beast::error_code ec;
  const tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  net::ip::address address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address;
}

// What the per-peer limit counts by: an IPv4 address, or an IPv6 /64 (one host usually has
// a whole /64 to choose its addresses from).
std::string peer_key_of(const net::ip::address& address) {
  if (!address.is_v6()) return address.to_string();
  net::ip::address_v6::bytes_type bytes = address.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return net::ip::make_address_v6(bytes).to_string() + "/64";
}

// No body may follow these statuses (RFC 9110, 6.4.1).
bool bodiless(int status) { return status < 200 || status == 204 || status == 304; }

// The status line and header fields of an answer. Values never carry CR, LF or NUL: a
// handler that put text from a client into a header cannot split the answer. The status
// line says HTTP/1.1 to HTTP/1.0 clients too (RFC 9110, 2.5).
std::string serialize_head(const Response& res, unsigned version, bool keep_alive, std::int64_t content_length) {
  std::string out;
  out.reserve(512);
  out += "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  const beast::string_view reason = bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(res.status)));
  out.append(reason.data(), reason.size());
  out += "\r\n";
  const auto append_field = [&out](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    for (const char c : value) out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
    out += "\r\n";
  };
  for (const auto& [name, value] : res.headers) {
    if (iequals(name, "Content-Length") || iequals(name, "Connection") || iequals(name, "Transfer-Encoding")) {
      continue;
    }
    append_field(name, value);
  }
  append_field("Date", http_date());
  if (!bodiless(res.status)) append_field("Content-Length", std::to_string(content_length));
  if (!keep_alive) {
    append_field("Connection", "close");
  } else if (version == 10) {
    append_field("Connection", "keep-alive");
  }
  out += "\r\n";
  return out;
}

// What an error before any handler turns into.
Response problem_response(int status, const domain::Text& detail, bool english,
                          const std::vector<domain::FieldError>& fields = {}) {
  Response res;
  security_headers(res);
  write_problem(res, status, detail, english, fields);
  return res;
}

}  // namespace

struct HttpServer::Impl {
  ServerConfig config;
  app::UseCases& use_cases;
  app::Database& database;
  Router router;
  net::io_context ioc;
  // The acceptor, the shutdown timer and the shutdown's state live on this strand, so the
  // accept loop, stop() and the last connection's end never run at the same time.
  net::strand<net::io_context::executor_type> control{net::make_strand(ioc)};
  tcp::acceptor acceptor{control};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> keep_running;
  net::steady_timer shutdown_timer{control};
  bool shutdown_finished = false;  // on `control`
  std::atomic<bool> forced{false};
  WorkerPool workers;
  // Spool files are created, written and closed here, never on an I/O thread: a disk that
  // stalls holds up uploads, not every socket.
  WorkerPool file_io{{1, std::size_t{1} << 30, std::chrono::hours(24)}};
  ConnectionRegistry registry;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> live{0};
  // Bytes of request bodies held in memory by all connections together (JSON bodies; the
  // uploads go to disk), reserved before a body is read.
  std::atomic<std::size_t> buffered_bodies{0};
  std::size_t io_threads;
  int port = 0;

  Impl(ServerConfig c, app::UseCases& u, app::Database& d)
      : config(std::move(c)),
        use_cases(u),
        database(d),
        keep_running(net::make_work_guard(ioc)),
        workers({config.workers > 0 ? config.workers : std::max<std::size_t>(1, d.concurrency()),
                 config.max_queued_requests, std::chrono::milliseconds(config.max_queue_wait_ms)}),
        registry({config.max_connections, config.max_connections_per_peer}),
        io_threads(config.io_threads > 0 ? config.io_threads
                                         : std::max<unsigned>(1, std::thread::hardware_concurrency())) {
    const RouteDeps deps{use_cases, database, config};
    add_system_routes(router, deps);
    add_contract_routes(router, deps);
    add_record_routes(router, deps);
    add_document_routes(router, deps);
    add_token_routes(router, deps);
  }

  // Runs `work` on a thread of `pool` and resumes the calling coroutine on its own executor
  // afterwards; an exception of `work` is rethrown there. Throws Refused when the pool is
  // saturated (a job with may_refuse false is only refused by a pool that stopped).
  template <class Work>
  net::awaitable<void> on_pool(WorkerPool& pool, Work& work, bool may_refuse) {
#ifdef __clang_analyzer__
    // clang-tidy 14's analyzer follows use_awaitable into coroutine frames that Asio's
    // runtime sets up, which it cannot see, and reports a null dereference inside Asio.
    // It analyses everything else of the server.
    (void)pool;
    (void)work;
    (void)may_refuse;
    co_return;
#else
    co_await net::async_initiate<decltype(net::use_awaitable), void(std::exception_ptr)>(
        [this, &pool, &work, may_refuse](auto handler) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          auto guard = std::make_shared<net::executor_work_guard<net::io_context::executor_type>>(ioc.get_executor());
          const auto complete = [shared, guard](std::exception_ptr error) {
            const auto executor = net::get_associated_executor(*shared);
            net::post(executor, [shared, guard, error]() mutable { std::move (*shared)(error); });
          };
          auto error = std::make_shared<std::exception_ptr>();
          const bool queued = pool.submit(
              [&work, error] {
                try {
                  work();
                } catch (...) {
                  *error = std::current_exception();
                }
              },
              may_refuse, [complete, error] { complete(*error); });
          if (!queued) complete(std::make_exception_ptr(Refused{}));
        },
        net::use_awaitable);
#endif
  }

  template <class Work>
  net::awaitable<void> on_worker(Work& work, bool may_refuse = true) {
    co_await on_pool(workers, work, may_refuse);
  }

  // On `control`.
  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    beast::error_code ec;
    acceptor.close(ec);
    for (const ConnectionRegistry::Closer& close : registry.idle_closers()) close();
    shutdown_timer.expires_after(std::chrono::seconds(config.shutdown_grace_seconds));
    shutdown_timer.async_wait([this](const beast::error_code& error) {
      if (error || shutdown_finished) return;  // cancelled: every connection ended in time
      spdlog::warn("shutdown: {} connection(s) still busy after {} s, closing them", live.load(),
                   config.shutdown_grace_seconds);
      forced = true;
      ioc.stop();
    });
    if (live.load() == 0) finish_shutdown();
  }

  // On `control`; once.
  void finish_shutdown() {
    if (shutdown_finished) return;
    shutdown_finished = true;
    shutdown_timer.cancel();
    keep_running.reset();
  }

  void connection_ended() {
    if (live.fetch_sub(1) == 1 && stopping.load()) net::post(control, [this] { finish_shutdown(); });
  }

  net::awaitable<void> accept_loop();
};

namespace {

// One request on its way through the server.
struct Exchange {
  Request req;
  Response res;
  const Route* route = nullptr;
  std::vector<std::string> params;
  std::vector<std::string> allowed;  // the path's methods, when the method is not among them
  std::optional<app::Actor> actor;
  std::string session_secret;
  bool english = false;
  bool authenticated = false;
  Clock::time_point authenticated_at;
  unsigned version = 11;
  Clock::time_point started = Clock::now();
  // Bytes reserved of Impl::buffered_bodies, given back at the latest when the exchange ends.
  std::atomic<std::size_t>* budget = nullptr;
  std::size_t reserved_body_bytes = 0;

  Exchange() = default;
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
  ~Exchange() {
    if (budget != nullptr) budget->fetch_sub(reserved_body_bytes);
  }
};

}  // namespace

class Connection {
 public:
  Connection(HttpServer::Impl& server, tcp::socket socket)
      : server_(server),
        stream_(std::move(socket)),
        // Bounded: Beast limits the header, but not the size of a chunk line or a trailer.
        buffer_(server.config.max_uri_bytes + server.config.max_header_bytes + std::size_t{64} * 1024) {
    const net::ip::address address = address_of(stream_.socket());
    peer_ = address.is_unspecified() ? "unknown" : address.to_string();
    peer_key_ = peer_key_of(address);
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(server_.config.tcp_nodelay), ec);
  }

  const std::string& peer() const { return peer_; }
  const std::string& peer_key() const { return peer_key_; }
  void set_id(ConnectionRegistry::Id id) { id_ = id; }
  tcp::socket::executor_type executor() { return stream_.socket().get_executor(); }
  // From any thread. On the connection's own strand: an idle connection is closed; one
  // whose next request has begun meanwhile answers it and then closes.
  static ConnectionRegistry::Closer closer_of(const std::shared_ptr<Connection>& connection) {
    return [weak = std::weak_ptr<Connection>(connection)] {
      if (const std::shared_ptr<Connection> c = weak.lock()) {
        net::post(c->executor(), [c] {
          c->close_after_request_ = true;
          if (c->idle_) c->stream_.close();
        });
      }
    };
  }

  static net::awaitable<void> run(std::shared_ptr<Connection> self) {
    // Whatever ends the connection, its slot and its count are given back.
    struct Ended {
      Connection& c;
      explicit Ended(Connection& connection) : c(connection) {}
      Ended(const Ended&) = delete;
      Ended& operator=(const Ended&) = delete;
      ~Ended() {
        beast::error_code ec;
        c.stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        c.stream_.close();
        c.server_.registry.remove(c.id_);
        c.server_.connection_ended();
      }
    } ended{*self};
    try {
      co_await self->serve();
    } catch (const std::exception& e) {
      spdlog::error("connection from {}: {}", self->peer_, e.what());
    } catch (...) {
      spdlog::error("connection from {}: an exception that is no std::exception", self->peer_);
    }
  }

  // A connection beyond the limits: told so, and closed.
  static net::awaitable<void> refuse(std::shared_ptr<Connection> self) {
    Response res = problem_response(503,
                                    {"Zu viele Verbindungen; bitte gleich noch einmal versuchen.",
                                     "Too many connections; please try again in a moment."},
                                    false);
    res.set_header("Retry-After", "1");
    std::string text = serialize_head(res, 11, false, static_cast<std::int64_t>(res.body.size())) + res.body;
    self->stream_.expires_after(std::chrono::seconds(1));
    co_await net::async_write(self->stream_, net::buffer(text), use_tuple);
    beast::error_code ec;
    self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    self->stream_.close();
  }

 private:
  net::awaitable<void> serve() {
    for (std::size_t served = 0;; ++served) {
      if ((server_.stopping.load() || close_after_request_) && buffer_.size() == 0) co_return;
      if (buffer_.size() == 0) {
        // Idle: waiting for the first byte of the next request. This is the one state in
        // which the registry may close the connection to make room. An idle connection
        // keeps a buffer of a few hundred bytes, whatever its last request needed.
        buffer_.shrink_to_fit();
        idle_ = true;
        server_.registry.set_idle(id_, true);
        stream_.expires_after(std::chrono::seconds(served == 0 ? server_.config.header_timeout_seconds
                                                               : server_.config.keep_alive_timeout_seconds));
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kIdleRead), use_tuple);
        idle_ = false;
        server_.registry.set_idle(id_, false);
        if (ec) co_return;
        buffer_.commit(n);
      }
      const bool keep_going = co_await serve_one(served + 1 >= server_.config.keep_alive_max_requests);
      if (!keep_going) co_return;
    }
  }

  // One request, from its header to its answer. False: the connection closes.
  net::awaitable<bool> serve_one(bool last_allowed) {
    Exchange x;
    bhttp::request_parser<bhttp::empty_body> head;
    const ServerConfig& config = server_.config;
    head.header_limit(static_cast<std::uint32_t>(config.max_uri_bytes + config.max_header_bytes + 1024));
    head.body_limit(boost::none);  // the route decides, below
    stream_.expires_after(std::chrono::seconds(config.header_timeout_seconds));
    {
      auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, head, use_tuple);
      if (ec == bhttp::error::header_limit) {
        // Beast consumes the request line as soon as it is complete: without a method, the
        // request line alone was too long.
        if (head.get().method_string().empty()) {
          refuse(x, 414, {"Die Adresse ist zu lang.", "The URI is too long."});
        } else {
          refuse(x, 431, {"Die Kopfzeilen sind zu groß.", "The header is too large."});
        }
        co_await respond(x, false, true);
        co_return false;
      }
      if (ec == beast::error::timeout || ec == net::error::operation_aborted || ec == bhttp::error::end_of_stream ||
          ec == net::error::eof || ec == net::error::connection_reset) {
        co_return false;
      }
      if (ec) {
        // Malformed, or framing that could be read two ways (Content-Length with
        // Transfer-Encoding, two different Content-Lengths): RFC 9112 says 400 and close.
        spdlog::info("{} bad request: {}", peer_, ec.message());
        refuse(x, 400,
               {"Die Anfrage ist nicht lesbar: " + ec.message() + ".",
                "The request cannot be read: " + ec.message() + "."});
        co_await respond(x, false, true);
        co_return false;
      }
    }
    const bhttp::request<bhttp::empty_body>& message = head.get();
    x.version = message.version();
    x.req.method = std::string(message.method_string());
    x.req.target = std::string(message.target());
    x.req.remote_addr = peer_;
    std::size_t header_bytes = 0;
    for (const auto& field : message) {
      header_bytes += field.name_string().size() + field.value().size() + 4;
      x.req.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    x.english = prefers_english(x.req.get_header_value("Accept-Language"));
    const HeadLimits limits{config.max_uri_bytes, config.max_header_bytes, config.max_header_fields};
    if (const std::optional<HeadRefusal> bad =
            check_request_head(message.version(), x.req.target, x.req.headers, header_bytes, limits)) {
      refuse(x, bad->first, bad->second);
      co_await respond(x, false, true);
      co_return false;
    }
    const bool keep_alive = head.keep_alive() && !last_allowed;

    const bool has_body = head.chunked() || (head.content_length() && *head.content_length() > 0);
    std::optional<DecodedTarget> decoded = decode_target(x.req.target);
    if (!decoded) {
      refuse(x, 400, {"Die Adresse ist ungültig kodiert.", "The URI is not validly encoded."});
      co_await respond(x, false, true);
      co_return false;
    }
    x.req.path = std::move(decoded->path);
    x.req.params = std::move(decoded->params);
    Router::Match match = server_.router.match(x.req.method, x.req.path);
    x.route = match.route;
    x.params = std::move(match.params);
    x.allowed = std::move(match.allowed);

    if (has_body) {
      // Everything that can be decided on the header is decided before the body is read.
      const bool upload = x.route != nullptr && x.route->rules.body == RouteBody::upload;
      std::size_t limit = upload ? config.max_payload_bytes() : config.max_json_bytes;
      if (x.route != nullptr && x.route->rules.max_body_bytes > 0)
        limit = std::min(limit, x.route->rules.max_body_bytes);
      if (x.route == nullptr) {
        const auto answer = [this, &x] { handle(x); };
        co_await on_worker_or_refuse(x, answer);
        co_await respond(x, false, true);
        co_return false;
      }
      if (head.content_length() && *head.content_length() > limit) {
        refuse(x, 413, too_large_text(upload));
        co_await respond(x, false, true);
        co_return false;
      }
      if (x.route->access == Access::authenticated) {
        bool admitted = false;
        const auto check = [this, &x, &admitted] { admitted = admit(x); };
        const bool ran = co_await on_worker_or_refuse(x, check);
        if (!ran || !admitted) {
          co_await respond(x, false, true);
          co_return false;
        }
      }
      if (upload && !multipart_boundary(x.req.get_header_value("Content-Type"))) {
        refuse(x, 415,
               {"Bitte als multipart/form-data mit dem Feld \"file\" hochladen.",
                "Upload as multipart/form-data with the field \"file\"."});
        co_await respond(x, false, true);
        co_return false;
      }
      // JSON bodies are held in memory until their handler has run: all connections
      // together hold at most max_buffered_body_bytes. Decided before 100 Continue.
      if (!upload) {
        x.budget = &server_.buffered_bodies;
        x.reserved_body_bytes = head.content_length() ? static_cast<std::size_t>(*head.content_length()) : limit;
        if (server_.buffered_bodies.fetch_add(x.reserved_body_bytes) + x.reserved_body_bytes >
            config.max_buffered_body_bytes) {
          release_body(x);
          x.res = problem_response(503,
                                   {"Der Server ist gerade ausgelastet; bitte gleich noch einmal versuchen.",
                                    "The server is busy right now; please try again in a moment."},
                                   x.english);
          x.res.set_header("Retry-After", "1");
          co_await respond(x, false, true);
          co_return false;
        }
      }
      const std::string& expect = x.req.get_header_value("Expect");
      if (!expect.empty()) {
        if (!iequals(trim_ows(expect), "100-continue")) {
          release_body(x);
          refuse(x, 417,
                 {"Nur \"Expect: 100-continue\" wird verstanden.", "Only \"Expect: 100-continue\" is understood."});
          co_await respond(x, false, true);
          co_return false;
        }
        // HTTP/1.0 clients know no interim answers (RFC 9110, 10.1.1): they just send.
        if (x.version == 11) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          stream_.expires_after(std::chrono::seconds(config.write_timeout_seconds));
          auto [ec, n] = co_await net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()), use_tuple);
          if (ec) {
            release_body(x);
            co_return false;
          }
        }
      }
      const bool read = upload ? co_await read_upload(x, head, limit) : co_await read_body(x, head, limit);
      if (!read) {
        release_body(x);
        co_await release_files(x);
        co_return false;
      }
    }

    // A saturated pool answers 503; the request was read whole, so the connection may go on.
    const auto answer = [this, &x] {
      handle(x);
      finish(x);
    };
    co_await on_worker_or_refuse(x, answer);
    release_body(x);
    x.req.body.clear();
    x.req.body.shrink_to_fit();
    // Stopping, or evicted while this request ran: answer it and close.
    const bool go_on = keep_alive && !server_.stopping.load() && !close_after_request_;
    const bool kept = co_await respond(x, go_on, !go_on && buffer_.size() > 0);
    co_await release_files(x);
    co_return kept;
  }

  static void release_body(Exchange& x) {
    if (x.budget != nullptr) x.budget->fetch_sub(x.reserved_body_bytes);
    x.reserved_body_bytes = 0;
  }

  // The spool files go on the file pool, where closing them (freeing their blocks) may take
  // its time.
  net::awaitable<void> release_files(Exchange& x) {
    if (x.req.files.empty()) co_return;
    auto files = std::make_shared<std::vector<UploadedFile>>(std::move(x.req.files));
    x.req.files.clear();
    server_.file_io.submit([files] { files->clear(); }, false);
  }

  std::chrono::seconds reauthenticate_after() const {
    return std::chrono::seconds(server_.config.reauthenticate_after_seconds);
  }

  domain::Text too_large_text(bool upload) const {
    if (!upload) return {"Der Inhalt ist zu groß.", "The body is too large."};
    const std::string mb = std::to_string(server_.config.max_upload_bytes / (std::size_t{1024} * 1024));
    return {"Die Datei ist größer als " + mb + " MB.", "The file is larger than " + mb + " MB."};
  }

  // Deadline for the next piece of a body: a grace period, plus the time the bytes so far
  // take at the minimum rate. A client sending at that rate never runs out of time.
  void body_deadline(Clock::time_point body_started, std::uint64_t received) {
    const ServerConfig& config = server_.config;
    const double rate = static_cast<double>(std::max<std::size_t>(1, config.min_body_bytes_per_second));
    const auto allowed = std::chrono::seconds(config.header_timeout_seconds) +
                         std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(static_cast<double>(received) / rate));
    stream_.expires_at(body_started + allowed);
  }

  // A JSON (or any non-upload) body into Request::body. False: answered and closing.
  net::awaitable<bool> read_body(Exchange& x, bhttp::request_parser<bhttp::empty_body>& head, std::size_t limit) {
    bhttp::request_parser<bhttp::string_body> parser(std::move(head));
    parser.body_limit(limit);
    const Clock::time_point started = Clock::now();
    std::uint64_t received = 0;
    while (!parser.is_done()) {
      body_deadline(started, received);
      auto [ec, n] = co_await bhttp::async_read_some(stream_, buffer_, parser, use_tuple);
      if (ec == bhttp::error::body_limit) {
        refuse(x, 413, too_large_text(false));
        co_await respond(x, false, true);
        co_return false;
      }
      if (ec) co_return co_await body_failed(x, ec);
      received += n;
    }
    x.req.body = std::move(parser.get().body());
    co_return true;
  }

  // A multipart upload, its field "file" spooled to an unnamed temporary file as it
  // arrives. The spool file is written on the file pool, one piece at a time: the socket is
  // read again only when the piece before it is on disk.
  net::awaitable<bool> read_upload(Exchange& x, bhttp::request_parser<bhttp::empty_body>& head, std::size_t limit) {
    const std::optional<std::string> boundary = multipart_boundary(x.req.get_header_value("Content-Type"));
    bhttp::request_parser<bhttp::buffer_body> parser(std::move(head));
    parser.body_limit(limit);
    // What the parser found in the last piece, for the file pool to do.
    struct Pending {
      std::optional<UploadedFile> begins;  // the file part starts (its spool file not made yet)
      std::string bytes;                   // bytes of the file part
    } pending;
    bool in_file = false;
    bool seen_file = false;
    std::int64_t file_size = 0;
    bool too_large = false;
    MultipartParser multipart(
        *boundary,
        MultipartParser::Sink{[&](const MultipartPart& part) {
                                in_file = part.readable && part.file_name && part.name == "file" && !seen_file;
                                if (!in_file) return;
                                seen_file = true;
                                pending.begins = UploadedFile{part.name, *part.file_name, part.content_type, nullptr};
                              },
                              [&](std::string_view bytes) {
                                if (!in_file || too_large) return;
                                file_size += static_cast<std::int64_t>(bytes.size());
                                if (file_size > static_cast<std::int64_t>(server_.config.max_upload_bytes)) {
                                  too_large = true;
                                  return;
                                }
                                pending.bytes.append(bytes);
                              }});
    const auto spool = [this, &x, &pending] {
      if (pending.begins) {
        pending.begins->content = SpooledFile::create(server_.config.spool_dir);
        x.req.files.push_back(std::move(*pending.begins));
        pending.begins.reset();
      }
      if (!pending.bytes.empty()) x.req.files.back().content->append(pending.bytes);
      pending.bytes.clear();
    };
    std::vector<char> piece(kUploadPiece);
    const Clock::time_point started = Clock::now();
    std::uint64_t received = 0;
    std::optional<std::pair<int, domain::Text>> failure;
    while (!parser.is_done() && !failure) {
      parser.get().body().data = piece.data();
      parser.get().body().size = piece.size();
      body_deadline(started, received);
      auto [ec, n] = co_await bhttp::async_read_some(stream_, buffer_, parser, use_tuple);
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec == bhttp::error::body_limit) {
        failure = std::pair{413, too_large_text(true)};
        break;
      }
      if (ec) co_return co_await body_failed(x, ec);
      const std::size_t got = piece.size() - parser.get().body().size;
      received += got;
      try {
        if (got > 0) multipart.feed(std::string_view(piece.data(), got));
        if (parser.is_done()) multipart.finish();
      } catch (const MultipartError& e) {
        failure =
            std::pair{400, domain::Text{"Der Inhalt ist kein lesbares multipart/form-data: " + std::string(e.what()),
                                        "The body is not readable multipart/form-data: " + std::string(e.what())}};
        break;
      }
      if (too_large) {
        failure = std::pair{413, too_large_text(true)};
        break;
      }
      if (!pending.begins && pending.bytes.empty()) continue;
      bool spooled = true;
      try {
        co_await server_.on_pool(server_.file_io, spool, false);
      } catch (const std::exception& e) {
        spdlog::error("upload from {}: {}", peer_, e.what());
        spooled = false;
      }
      if (!spooled) {
        failure = std::pair{503, domain::Text{"Die Datei kann gerade nicht angenommen werden.",
                                              "The file cannot be accepted right now."}};
      }
    }
    if (failure) {
      refuse(x, failure->first, failure->second);
      co_await respond(x, false, true);
      co_return false;
    }
    co_return true;
  }

  net::awaitable<bool> body_failed(Exchange& x, const beast::error_code& ec) {
    if (ec == beast::error::timeout) {
      spdlog::info("{} {} {}: body too slow, connection closed", peer_, x.req.method, x.req.path);
      co_return false;
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_chunk).category()) {
      // A broken chunk, or a chunk line or trailer longer than the connection's buffer.
      refuse(x, 400,
             {"Der Inhalt ist nicht lesbar: " + ec.message() + ".", "The body cannot be read: " + ec.message() + "."});
      co_await respond(x, false, true);
    }
    co_return false;
  }

  // Runs `work` on a worker. When the pool is saturated, the exchange gets 503 with
  // Retry-After instead; returns false then.
  template <class Work>
  net::awaitable<bool> on_worker_or_refuse(Exchange& x, Work& work) {
    try {
      co_await server_.on_worker(work);
      co_return true;
    } catch (const Refused&) {
      x.res = problem_response(503,
                               {"Der Server ist gerade ausgelastet; bitte gleich noch einmal versuchen.",
                                "The server is busy right now; please try again in a moment."},
                               x.english);
      x.res.set_header("Retry-After", "1");
      co_return false;
    }
  }

  // On a worker: authentication and the route's permission, for a request whose body is
  // still unread. False: x.res holds the refusal.
  bool admit(Exchange& x) {
    security_headers(x.res);
    RequestContext ctx{x.req, x.res, x.english, x.params, std::nullopt, {}};
    try {
      authenticate(ctx, server_.use_cases);
      if (x.route->rules.permission) app::require(*ctx.actor, *x.route->rules.permission);
    } catch (...) {
      write_problem(x.res, std::current_exception(), x.english, x.req.method + " " + x.req.path);
      return false;
    }
    x.actor = ctx.actor;
    x.session_secret = ctx.session_secret;
    x.authenticated = true;
    x.authenticated_at = Clock::now();
    return true;
  }

  // On a worker: the answer, from the static files, the route's handler, or an error.
  void handle(Exchange& x) {
    security_headers(x.res);
    const std::string where = x.req.method + " " + x.req.path;
    try {
      // The UI's files answer a GET that no API route takes.
      if (x.route == nullptr && (x.req.method == "GET" || x.req.method == "HEAD") &&
          serve_static_file(server_.config.web_root, x.req, x.res)) {
        return;
      }
      if (x.route == nullptr && x.allowed.empty()) {
        throw HttpError(404, {"Diese Adresse gibt es nicht.", "There is no such resource."});
      }
      if (x.route == nullptr) {
        std::vector<std::string> allowed = x.allowed;
        if (const auto get = std::find(allowed.begin(), allowed.end(), "GET"); get != allowed.end()) {
          allowed.insert(get + 1, "HEAD");
        }
        write_problem(x.res, 405, {"Diese Methode ist hier nicht erlaubt.", "This method is not allowed here."},
                      x.english);
        x.res.set_header("Allow", joined(allowed));
        return;
      }
      RequestContext ctx{x.req, x.res, x.english, x.params, x.actor, x.session_secret};
      if (x.route->access == Access::authenticated &&
          (!x.authenticated || Clock::now() - x.authenticated_at > reauthenticate_after())) {
        // Not yet (a request without a body), or long ago (a slow upload): the credentials
        // must hold now.
        authenticate(ctx, server_.use_cases);
        if (x.route->rules.permission) app::require(*ctx.actor, *x.route->rules.permission);
        x.actor = ctx.actor;
        x.session_secret = ctx.session_secret;
        x.authenticated = true;
        x.authenticated_at = Clock::now();
      }
      if (!x.req.is_multipart_form_data()) refuse_deep_json(x.req.body);
      x.route->handler(ctx);
    } catch (...) {
      // Nothing a handler set before it failed (a cookie, a file name) goes out with the problem.
      x.res = Response{};
      security_headers(x.res);
      write_problem(x.res, std::current_exception(), x.english, where);
    }
  }

  // On a worker: what every answer gets after its handler.
  void finish(Exchange& x) {
    Response& res = x.res;
    if (res.stream || res.body.size() < kMinCompressed || res.headers.has("Content-Encoding")) return;
    const std::string& type = res.headers.get("Content-Type");
    if (!compressible(type)) return;
    res.headers.set("Vary", "Accept-Encoding");
    if (!accepts_gzip(x.req.get_header_value("Accept-Encoding"))) return;
    if (std::optional<std::string> packed = gzip(res.body)) {
      res.body = std::move(*packed);
      res.headers.set("Content-Encoding", "gzip");
    }
  }

  // An answer to a request that will not be processed; the caller writes it with respond()
  // and closes. (Not itself a coroutine: GCC 12 destroys temporaries passed to a coroutine
  // inside a co_await expression twice, so no co_await here takes one.)
  static void refuse(Exchange& x, int status, const domain::Text& detail) {
    x.res = problem_response(status, detail, x.english);
  }

  // Writes x.res (and its stream), logs the request. Returns whether the connection may
  // serve another request.
  net::awaitable<bool> respond(Exchange& x, bool keep_alive, bool body_unread) {
    if (bodiless(x.res.status)) {
      x.res.body.clear();
      x.res.stream.reset();
    }
    const Response& res = x.res;
    const bool head_only = x.req.method == "HEAD";
    const std::int64_t length = res.stream ? res.stream->size() : static_cast<std::int64_t>(res.body.size());
    const std::string head = serialize_head(res, x.version, keep_alive, length);
    const ServerConfig& config = server_.config;
    bool written = true;
    const auto write_deadline = [&](std::size_t bytes) {
      const double rate = static_cast<double>(std::max<std::size_t>(1, config.min_body_bytes_per_second));
      stream_.expires_after(std::chrono::seconds(config.write_timeout_seconds) +
                            std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(static_cast<double>(bytes) / rate)));
    };
    if (head_only || res.stream || res.body.empty()) {
      write_deadline(head.size());
      auto [ec, n] = co_await net::async_write(stream_, net::buffer(head), use_tuple);
      written = !ec;
    } else {
      write_deadline(head.size() + res.body.size());
      const std::array<net::const_buffer, 2> buffers{net::buffer(head), net::buffer(res.body)};
      auto [ec, n] = co_await net::async_write(stream_, buffers, use_tuple);
      written = !ec;
    }
    if (written && res.stream && !head_only) written = co_await write_stream(x, length);
    log(x);
    if (!written) co_return false;
    if (!keep_alive) {
      if (body_unread) co_await linger();
      co_return false;
    }
    co_return true;
  }

  // A streamed body: each piece read on a worker, then written; one piece in memory.
  net::awaitable<bool> write_stream(Exchange& x, std::int64_t length) {
    std::int64_t sent = 0;
    std::string piece;
    while (sent < length) {
      if (x.actor && Clock::now() - x.authenticated_at > reauthenticate_after()) {
        bool still = false;
        const auto check = [this, &x, &still] { still = reauthenticated(x); };
        try {
          co_await server_.on_worker(check, false);
        } catch (...) {
          still = false;
        }
        if (!still) {
          spdlog::info("{} {} {}: credentials gone after {} of {} bytes, cut", peer_, x.req.method, x.req.path, sent,
                       length);
          co_return false;
        }
      }
      const auto next = [&] { piece = x.res.stream->next(kStreamPiece); };
      try {
        co_await server_.on_worker(next, false);
      } catch (...) {
        // The header has gone out; all that is left is to cut the connection short.
        spdlog::warn("{} {} {}: stream ended after {} of {} bytes", peer_, x.req.method, x.req.path, sent, length);
        co_return false;
      }
      if (piece.empty() || sent + static_cast<std::int64_t>(piece.size()) > length) co_return false;
      stream_.expires_after(std::chrono::seconds(server_.config.write_timeout_seconds));
      auto [ec, n] = co_await net::async_write(stream_, net::buffer(piece), use_tuple);
      if (ec) co_return false;
      sent += static_cast<std::int64_t>(piece.size());
    }
    co_return true;
  }

  // On a worker, in the middle of a long download: whether the request's credentials still
  // hold (a token not revoked, a session not ended, the user still active).
  bool reauthenticated(Exchange& x) {
    Response scratch;
    RequestContext ctx{x.req, scratch, x.english, x.params, std::nullopt, {}};
    try {
      authenticate(ctx, server_.use_cases);
    } catch (...) {
      return false;
    }
    x.authenticated_at = Clock::now();
    return ctx.actor && x.actor && ctx.actor->user_id == x.actor->user_id;
  }

  // After an answer that left a body unsent or unread: stop sending, read and discard for
  // a while, so that the client gets to read the answer before the connection ends.
  net::awaitable<void> linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) co_return;
    const Clock::time_point until = Clock::now() + kLinger;
    std::vector<char> discard(kReadPiece);
    buffer_.clear();
    while (Clock::now() < until) {
      stream_.expires_at(std::min(until, Clock::now() + kLingerPause));
      auto [error, n] = co_await stream_.async_read_some(net::buffer(discard), use_tuple);
      if (error) break;
    }
  }

  // One line per request: address, method, path (never the query, which may carry
  // secrets), status, duration, user. The logger escapes what the client sent in them
  // (domain/log_text.hpp, installed by the command line's logging set-up).
  void log(const Exchange& x) const {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - x.started);
    const std::string_view path =
        x.req.path.empty() ? std::string_view(x.req.target).substr(0, x.req.target.find('?')) : x.req.path;
    spdlog::info("{} {} {} {} {:.3f}ms user={}", peer_, x.req.method, path, x.res.status,
                 static_cast<double>(micros.count()) / 1000.0, x.actor ? x.actor->user_id.value_or(0) : 0);
  }

  HttpServer::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string peer_;
  std::string peer_key_;
  ConnectionRegistry::Id id_ = 0;
  // On the connection's strand only.
  bool idle_ = false;
  bool close_after_request_ = false;
};

// On `control`.
net::awaitable<void> HttpServer::Impl::accept_loop() {
  auto last_warning = Clock::time_point{};
  while (!stopping.load()) {
    auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), use_tuple);
    if (ec) {
      if (ec == net::error::operation_aborted || stopping.load()) co_return;
      // Out of file descriptors or memory: the longest idle connection makes room, and the
      // loop pauses instead of spinning on a backlog it cannot take.
      if (std::optional<ConnectionRegistry::Closer> close = registry.evict_oldest_idle()) (*close)();
      if (Clock::now() - last_warning > std::chrono::seconds(1)) {
        spdlog::warn("accept: {} ({} connections open)", ec.message(), registry.open());
        last_warning = Clock::now();
      }
      net::steady_timer pause(control, std::chrono::milliseconds(10));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    try {
      auto connection = std::make_shared<Connection>(*this, std::move(socket));
      ConnectionRegistry::Admission admission =
          registry.admit(connection->peer_key(), Connection::closer_of(connection));
      for (const ConnectionRegistry::Closer& close : admission.evicted) close();
      if (!admission.id) {
        net::co_spawn(connection->executor(), Connection::refuse(connection), net::detached);
        continue;
      }
      connection->set_id(*admission.id);
      live.fetch_add(1);
      net::co_spawn(connection->executor(), Connection::run(connection), net::detached);
    } catch (const std::exception& e) {
      spdlog::error("accept: {}", e.what());
    }
  }
}

HttpServer::HttpServer(ServerConfig config, app::UseCases& use_cases, app::Database& database)
    : impl_(std::make_unique<Impl>(std::move(config), use_cases, database)) {}

HttpServer::~HttpServer() {
  impl_->workers.stop();
  impl_->file_io.stop();
}

bool HttpServer::bind() {
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(impl_->config.host, ec);
  if (ec) return false;
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(impl_->config.port));
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return false;
  // SO_REUSEADDR only: SO_REUSEPORT would let a second turnus bind the same port and take
  // half of its connections.
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  acceptor.bind(endpoint, ec);
  if (ec) return false;
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return false;
  impl_->port = acceptor.local_endpoint(ec).port();
  return !ec;
}

int HttpServer::bound_port() const { return impl_->port; }

void HttpServer::run() {
  Impl& impl = *impl_;
  if (impl.acceptor.is_open()) net::co_spawn(impl.control, impl.accept_loop(), net::detached);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.io_threads; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (std::thread& t : threads) t.join();
  // Workers finish what they hold before the coroutines waiting for them are destroyed
  // with the I/O context. After a forced stop (the grace period ran out), the requests
  // still waiting are dropped: nobody would receive their answers.
  impl.workers.stop(impl.forced.load());
  impl.file_io.stop();
}

void HttpServer::stop() {
  net::post(impl_->control, [impl = impl_.get()] { impl->begin_shutdown(); });
}

std::vector<RouteInfo> HttpServer::routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : impl_->router.routes()) out.push_back({r.method, r.pattern, r.access == Access::authenticated});
  return out;
}

void send_json(Response& res, const json& body, int status) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_json_text(Response& res, std::string body, int status) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

void send_created(Response& res, const json& body, const std::string& location) {
  res.set_header("Location", location);
  send_json(res, body, 201);
}

}  // namespace turnus::http
