// HttpServer: turnus's HTTP front on cpp-httplib. Translates HTTP to use cases and back;
// it holds no business rules. The routes of api.md live in routes_*.cpp; the route table
// is data (routes()) so tests can walk it.
//
// Thread-safety: routes run on the server's worker pool; run() blocks the calling thread
// until stop() is called from another thread (e.g. the signal handler thread). stop() lets
// requests in flight finish.
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
  // cpp-httplib's Debian defaults (8 threads, 5 requests per keep-alive connection, no
  // TCP_NODELAY, unlimited payload) do not suit a server; every limit is set explicitly.
  // cpp-httplib keeps a thread per open connection (keep-alive included), so this is the
  // number of connections served at once; an idle one costs a sleeping thread.
  std::size_t worker_threads = 128;
  // Requests doing their work at once; the others wait in arrival order (AdmissionGate).
  // 0: twice the CPU cores, at least 4.
  std::size_t active_requests = 0;
  std::size_t keep_alive_max_requests = 1000;
  // Also bounds how long a graceful shutdown waits for idle keep-alive connections.
  int keep_alive_timeout_seconds = 5;
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 30;
  // One uploaded document at most; the request as a whole may add multipart framing.
  std::size_t max_upload_bytes = std::size_t{25} * 1024 * 1024;
  std::size_t multipart_overhead_bytes = std::size_t{1024} * 1024;
  // Bodies of every other (JSON) request.
  std::size_t max_json_bytes = std::size_t{1024} * 1024;
  bool tcp_nodelay = true;
  // Session cookie: always Secure (TLS in front) — else only when a trusted proxy says https.
  bool cookie_secure = false;
  // Trust X-Forwarded-For / X-Forwarded-Proto (set only behind a proxy that overwrites them).
  bool trust_proxy = false;
  // The content type of uploaded bytes (libmagic in production); none: application/octet-stream.
  std::function<std::string(std::string_view)> content_type_of;
  // The built web UI (index.html, assets/); empty: the server answers only the API.
  std::string web_root;

  std::size_t max_payload_bytes() const { return max_upload_bytes + multipart_overhead_bytes; }
  std::size_t effective_active_requests() const;
};

// One entry of the route table.
struct RouteInfo {
  std::string method;
  std::string pattern;  // OpenAPI path template, e.g. /api/v1/customers/{id}
  bool requires_authentication = true;
};

class HttpServer {
 public:
  HttpServer(ServerConfig config, app::UseCases& use_cases, app::Database& database);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; returns false when the address is in use or invalid. Returns the
  // bound port (useful with port 0) through bound_port().
  bool bind();
  int bound_port() const;
  // Serves until stop(); requests in flight are finished before it returns.
  void run();
  void stop();

  std::vector<RouteInfo> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3.1 document served at /api/v1/openapi.json (src/http/openapi.json, embedded).
std::string_view openapi_document();

}  // namespace turnus::http
