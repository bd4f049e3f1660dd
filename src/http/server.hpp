// HttpServer: turnus's HTTP/1.1 front, event-driven on Boost.Beast and Asio with C++20
// coroutines (docs/adr/0011-http-server.md). Translates HTTP to use cases and back; it
// holds no business rules. The routes of api.md live in routes_*.cpp; the route table is
// data (routes()) so tests can walk it.
//
// A few I/O threads do every socket's reading and writing; a connection costs a socket and
// a few KB, never a thread, however slowly it reads, writes or idles. Handlers, which block
// on the database, run on a bounded WorkerPool. Every request is checked on its header —
// framing, limits, the route, authentication and the route's permission — before a byte of
// its body is read.
//
// Thread-safety: run() blocks the calling thread until stop() is called from another
// thread (e.g. the signal handler's); stop() lets requests in flight finish.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/use_cases.hpp"

namespace turnus::http {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;

  // Threads doing socket I/O; 0: one per CPU core.
  std::size_t io_threads = 0;
  // Handlers running at once; 0: as many as the database serves (Database::concurrency()).
  std::size_t workers = 0;
  // Requests waiting for a worker beyond which, or beyond whose oldest wait, the server is
  // saturated and answers 503 with Retry-After instead.
  std::size_t max_queued_requests = 1024;
  int max_queue_wait_ms = 5000;

  // Open connections in all and per peer address. Beyond them the connection idle longest
  // is closed first; with none idle, the new one is refused. Behind a reverse proxy every
  // connection comes from the proxy: set the per-peer limit to the total.
  std::size_t max_connections = 10'000;
  std::size_t max_connections_per_peer = 1'000;
  std::size_t keep_alive_max_requests = 1000;
  // An idle keep-alive connection (and a new one that has sent nothing) is closed after this.
  int keep_alive_timeout_seconds = 15;
  // The whole request header must arrive within this of its first byte.
  int header_timeout_seconds = 10;
  // A body must arrive at this rate at least (after header_timeout_seconds of grace).
  std::size_t min_body_bytes_per_second = std::size_t{10} * 1024;
  // A write that makes no progress for this long is abandoned (a client that does not read).
  int write_timeout_seconds = 30;
  // In a long upload or download, the credentials are checked again after this long: a
  // revoked token or an ended session stops it.
  int reauthenticate_after_seconds = 60;
  // Graceful shutdown waits at most this long for requests in flight.
  int shutdown_grace_seconds = 30;

  std::size_t max_uri_bytes = std::size_t{8} * 1024;      // 414 beyond
  std::size_t max_header_bytes = std::size_t{16} * 1024;  // 431 beyond (all fields together)
  std::size_t max_header_fields = 100;                    // 431 beyond
  // One uploaded document at most; the request as a whole may add multipart framing.
  std::size_t max_upload_bytes = std::size_t{25} * 1024 * 1024;
  std::size_t multipart_overhead_bytes = std::size_t{1024} * 1024;
  // Bodies of every other (JSON) request.
  std::size_t max_json_bytes = std::size_t{1024} * 1024;
  // JSON bodies held in memory by all connections together; beyond, 503 with Retry-After.
  std::size_t max_buffered_body_bytes = std::size_t{256} * 1024 * 1024;
  bool tcp_nodelay = true;
  // Uploads are spooled to unnamed files here while they arrive; empty: $TMPDIR or /tmp.
  std::string spool_dir;

  // Session cookie: always Secure (TLS in front) — else only when a trusted proxy says https.
  bool cookie_secure = false;
  // Trust X-Forwarded-For / X-Forwarded-Proto (set only behind a proxy that overwrites them).
  bool trust_proxy = false;
  // The content type of uploaded bytes, given their first bytes (libmagic in production);
  // none: application/octet-stream.
  std::function<std::string(std::string_view)> content_type_of;
  // The built web UI (index.html, assets/); empty: the server answers only the API.
  std::string web_root;

  std::size_t max_payload_bytes() const { return max_upload_bytes + multipart_overhead_bytes; }
};

// One entry of the route table.
struct RouteInfo {
  std::string method;
  std::string pattern;  // OpenAPI path template, e.g. /api/v1/customers/{id}
  bool requires_authentication = true;
};

class Connection;

class HttpServer {
 public:
  HttpServer(ServerConfig config, app::UseCases& use_cases, app::Database& database);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; returns false when the address is in use or invalid. The bound
  // port (useful with port 0) is bound_port().
  bool bind();
  int bound_port() const;
  // Serves until stop(); requests in flight are finished before it returns.
  void run();
  // From any thread, also before run() starts (run() then returns at once).
  void stop();

  std::vector<RouteInfo> routes() const;

 private:
  friend class Connection;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3.1 document served at /api/v1/openapi.json (src/http/openapi.json, embedded).
std::string_view openapi_document();

}  // namespace turnus::http
