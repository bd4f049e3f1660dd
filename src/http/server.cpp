#include "http/server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "http/admission_gate.hpp"
#include "http/auth.hpp"
#include "http/json_codec.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"
#include "http/routes.hpp"
#include "http/static_files.hpp"

namespace turnus::http {

namespace {

// Each request is handled start to finish on one worker thread, so the pre-routing hook,
// the dispatcher and the logger hand the start time and the user over through a
// thread-local.
struct RequestLog {
  std::chrono::steady_clock::time_point started;
  domain::Id user_id = 0;
};
thread_local RequestLog request_log;  // NOLINT(cert-err58-cpp): noexcept constructor

// cpp-httplib 0.11 answers a client that accepts brotli with brotli at quality 11, its
// slowest: 66–71 ms for a 20 kB contract list, where gzip (level 6) takes 2 ms for 1.2 kB.
// It offers no setting for either and chooses from the request's Accept-Encoding after the
// handler ran (any "br" in it wins), so the request forgets "br" before routing. (Only the
// reference is const: cpp-httplib builds a new Request per request.)
void forget_brotli(const httplib::Request& req) {
  auto& headers = const_cast<httplib::Request&>(req).headers;  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  const auto found = headers.find("Accept-Encoding");
  if (found == headers.end() || found->second.find("br") == std::string::npos) return;
  std::string kept;
  std::string_view rest = found->second;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view token = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    const std::string_view name = token.substr(0, token.find(';'));
    if (token.empty() || name.find("br") != std::string_view::npos) continue;
    if (!kept.empty()) kept += ", ";
    kept += token;
  }
  found->second = kept;
}

void security_headers(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cache-Control", "no-store");
}

bool english_of(const httplib::Request& req) { return prefers_english(req.get_header_value("Accept-Language")); }

std::string joined(const std::vector<std::string>& methods) {
  std::string out;
  for (const std::string& m : methods) {
    if (!out.empty()) out += ", ";
    out += m;
  }
  return out;
}

bool is_multipart(const httplib::Request& req) {
  return req.get_header_value("Content-Type").rfind("multipart/form-data", 0) == 0;
}

}  // namespace

struct HttpServer::Impl {
  ServerConfig config;
  app::UseCases& use_cases;
  app::Database& database;
  httplib::Server server;
  Router router;
  AdmissionGate gate;
  int port = 0;
  int listen_socket = -1;

  Impl(ServerConfig c, app::UseCases& u, app::Database& d)
      : config(std::move(c)), use_cases(u), database(d), gate(config.effective_active_requests()) {}

  void dispatch(const httplib::Request& req, httplib::Response& res) {
    RequestContext ctx{req, res, english_of(req), {}, std::nullopt, {}};
    try {
      Router::Match match = router.match(req.method, req.path);
      if (match.route == nullptr) {
        if (match.allowed.empty()) {
          throw HttpError(404, {"Diese Adresse gibt es nicht.", "There is no such resource."});
        }
        std::vector<std::string> allowed = match.allowed;
        if (const auto get = std::find(allowed.begin(), allowed.end(), "GET"); get != allowed.end()) {
          allowed.insert(get + 1, "HEAD");
        }
        res.set_header("Allow", joined(allowed));
        throw HttpError(405, {"Diese Methode ist hier nicht erlaubt.", "This method is not allowed here."});
      }
      ctx.params = std::move(match.params);
      if (match.route->access == Access::authenticated) {
        authenticate(ctx, use_cases);
        request_log.user_id = ctx.actor->user_id.value_or(0);
      }
      // Multipart bodies are bounded by the payload limit (checked before they are read);
      // everything else is JSON with its own, smaller limit.
      if (!is_multipart(req)) {
        if (req.body.size() > config.max_json_bytes) {
          throw HttpError(413, {"Der Inhalt ist zu groß.", "The body is too large."});
        }
        refuse_deep_json(req.body);
      }
      match.route->handler(ctx);
    } catch (...) {
      write_problem(res, std::current_exception(), ctx.english, req.method + " " + req.path);
    }
  }

  void configure() {
    const std::size_t threads = config.worker_threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_keep_alive_max_count(config.keep_alive_max_requests);
    server.set_keep_alive_timeout(config.keep_alive_timeout_seconds);
    server.set_read_timeout(config.read_timeout_seconds, 0);
    server.set_write_timeout(config.write_timeout_seconds, 0);
    server.set_payload_max_length(config.max_payload_bytes());
    server.set_tcp_nodelay(config.tcp_nodelay);
    // cpp-httplib 0.11 listens with a backlog of 5 and SO_REUSEPORT. A burst of new
    // connections (a browser opening six, 64 from wrk, clients reconnecting when a
    // keep-alive connection ends) overflowed that queue; the kernel dropped their SYNs and
    // each waited a second for its retransmission (wrk: p99 of 0.8–1.4 s; ListenOverflows in
    // /proc/net/netstat). The socket gets SO_REUSEADDR only, since SO_REUSEPORT lets a
    // second turnus bind the same port and take half of its connections, and bind()
    // calls listen() again with the system's limit, which on a listening socket changes
    // only the backlog.
    server.set_socket_options([this](int sock) {
      const int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listen_socket = sock;
    });

    server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      request_log = {std::chrono::steady_clock::now(), 0};
      forget_brotli(req);
      security_headers(res);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // One line per request: address, method, path (never the query, which may carry
    // secrets), status, duration, user.
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      const auto micros =
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - request_log.started);
      spdlog::info("{} {} {} {} {:.3f}ms user={}", req.remote_addr, req.method, req.path, res.status,
                   static_cast<double>(micros.count()) / 1000.0, request_log.user_id);
    });
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, const std::exception_ptr& ep) {
      write_problem(res, ep, english_of(req), req.method + " " + req.path);
    });
    // Answers cpp-httplib produced itself (413 payload too large, 400 bad request line, …).
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      security_headers(res);
      const bool english = english_of(req);
      switch (res.status) {
        case 413: write_problem(res, 413, {"Die Anfrage ist zu groß.", "The request is too large."}, english); break;
        case 404:
          write_problem(res, 404, {"Diese Adresse gibt es nicht.", "There is no such resource."}, english);
          break;
        default:
          write_problem(res, res.status, {"Die Anfrage konnte nicht bearbeitet werden.", "The request failed."},
                        english);
      }
    });

    const RouteDeps deps{use_cases, database, config};
    add_system_routes(router, deps);
    add_contract_routes(router, deps);
    add_record_routes(router, deps);
    add_document_routes(router, deps);
    add_token_routes(router, deps);

    // The request was read before the gate and its answer is written after it, so a slow
    // client holds a thread but no slot.
    const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      const AdmissionGate::Pass pass = gate.enter();
      dispatch(req, res);
    };
    server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      const AdmissionGate::Pass pass = gate.enter();
      if (!serve_static_file(config.web_root, req, res)) dispatch(req, res);
    });
    server.Post(".*", handler);
    server.Put(".*", handler);
    server.Patch(".*", handler);
    server.Delete(".*", handler);
    server.Options(".*", handler);
  }
};

std::size_t ServerConfig::effective_active_requests() const {
  if (active_requests > 0) return active_requests;
  return std::max<std::size_t>(4, std::size_t{2} * std::thread::hardware_concurrency());
}

HttpServer::HttpServer(ServerConfig config, app::UseCases& use_cases, app::Database& database)
    : impl_(std::make_unique<Impl>(std::move(config), use_cases, database)) {
  impl_->configure();
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind() {
  if (impl_->config.port == 0) {
    impl_->port = impl_->server.bind_to_any_port(impl_->config.host);
    if (impl_->port <= 0) return false;
  } else {
    if (!impl_->server.bind_to_port(impl_->config.host, impl_->config.port)) return false;
    impl_->port = impl_->config.port;
  }
  return ::listen(impl_->listen_socket, SOMAXCONN) == 0;
}

int HttpServer::bound_port() const { return impl_->port; }

void HttpServer::run() { impl_->server.listen_after_bind(); }

void HttpServer::stop() { impl_->server.stop(); }

std::vector<RouteInfo> HttpServer::routes() const {
  std::vector<RouteInfo> out;
  for (const Route& r : impl_->router.routes()) out.push_back({r.method, r.pattern, r.access == Access::authenticated});
  return out;
}

void send_json(httplib::Response& res, const json& body, int status) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_json_text(httplib::Response& res, std::string body, int status) {
  res.status = status;
  res.body = std::move(body);  // set_content() would copy it
  res.set_header("Content-Type", "application/json");
}

void send_created(httplib::Response& res, const json& body, const std::string& location) {
  res.set_header("Location", location);
  send_json(res, body, 201);
}

}  // namespace turnus::http
