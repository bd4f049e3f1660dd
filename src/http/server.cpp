#include "http/server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

namespace turnus::http {

namespace {
// Each request is handled start to finish on one worker thread, so the pre-routing hook
// and the logger can hand the start time over through a thread-local.
thread_local std::chrono::steady_clock::time_point request_started;  // NOLINT(cert-err58-cpp): noexcept constructor

void security_headers(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  res.set_header("X-Frame-Options", "DENY");
}

void problem(httplib::Response& res, int status, const std::string& title, const std::string& detail) {
  res.status = status;
  res.set_content(
      nlohmann::json{{"type", "about:blank"}, {"status", status}, {"title", title}, {"detail", detail}}.dump(),
      "application/problem+json");
}
}  // namespace

struct HttpServer::Impl {
  ServerConfig config;
  app::UseCases& use_cases;
  app::Database& database;
  httplib::Server server;
  int port = 0;

  Impl(ServerConfig c, app::UseCases& u, app::Database& d) : config(std::move(c)), use_cases(u), database(d) {}

  void configure() {
    const std::size_t threads = config.worker_threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_keep_alive_max_count(config.keep_alive_max_requests);
    server.set_keep_alive_timeout(config.keep_alive_timeout_seconds);
    server.set_read_timeout(config.read_timeout_seconds, 0);
    server.set_write_timeout(config.write_timeout_seconds, 0);
    server.set_payload_max_length(config.max_payload_bytes);
    server.set_tcp_nodelay(config.tcp_nodelay);

    server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
      request_started = std::chrono::steady_clock::now();
      security_headers(res);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      const auto micros =
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - request_started);
      spdlog::info("{} {} {} {} {:.3f}ms", req.remote_addr, req.method, req.path, res.status,
                   static_cast<double>(micros.count()) / 1000.0);
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        spdlog::error("unhandled exception: {}", e.what());
      } catch (...) {
        spdlog::error("unhandled non-standard exception");
      }
      problem(res, 500, "Interner Fehler", "Ein unerwarteter Fehler ist aufgetreten.");
    });
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) {
        problem(res, res.status, res.status == 404 ? "Nicht gefunden" : "Fehler", "");
      }
    });

    server.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
      if (database.healthy()) {
        res.set_content(R"({"status":"ok"})", "application/json");
      } else {
        problem(res, 503, "Datenbank nicht erreichbar", "The database does not answer.");
      }
    });
  }
};

HttpServer::HttpServer(ServerConfig config, app::UseCases& use_cases, app::Database& database)
    : impl_(std::make_unique<Impl>(std::move(config), use_cases, database)) {
  impl_->configure();
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind() {
  if (impl_->config.port == 0) {
    impl_->port = impl_->server.bind_to_any_port(impl_->config.host);
    return impl_->port > 0;
  }
  if (!impl_->server.bind_to_port(impl_->config.host, impl_->config.port)) return false;
  impl_->port = impl_->config.port;
  return true;
}

int HttpServer::bound_port() const { return impl_->port; }

void HttpServer::run() { impl_->server.listen_after_bind(); }

void HttpServer::stop() { impl_->server.stop(); }

}  // namespace turnus::http
