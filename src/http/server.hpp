// HttpServer: turnus's HTTP front, on cpp-httplib. Translates HTTP to use cases and back;
// it holds no business rules. This first version answers /healthz; the API comes with the
// API issue.
//
// Thread-safety: routes run on the server's worker pool; start() blocks the calling
// thread until stop() is called from another thread (e.g. the signal handler thread).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "app/use_cases.hpp"

namespace turnus::http {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  // cpp-httplib's Debian defaults (8 threads, 5 requests per keep-alive connection, no
  // TCP_NODELAY, unlimited payload) do not suit a server; every limit is set explicitly.
  std::size_t worker_threads = 16;
  std::size_t keep_alive_max_requests = 1000;
  int keep_alive_timeout_seconds = 30;
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 30;
  std::size_t max_payload_bytes = 26 * 1024 * 1024;  // a 25 MB document plus multipart framing
  bool tcp_nodelay = true;
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace turnus::http
