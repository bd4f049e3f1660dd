#include "http/auth.hpp"

#include <ctime>

#include "domain/error.hpp"

namespace turnus::http {

namespace {

bool unsafe(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// Compares without an early exit, so the time taken says nothing about the token.
bool same_secret(const std::string& a, const std::string& b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

domain::Error unauthenticated() {
  return {domain::ErrorKind::unauthenticated,
          {"Bitte anmelden (Sitzung oder API-Token).", "Please log in (session or API token)."}};
}

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

}  // namespace

std::string cookie_value(const Request& req, const std::string& name) {
  const std::size_t count = req.headers.count("Cookie");
  for (std::size_t n = 0; n < count; ++n) {
    const std::string& header = req.headers.get("Cookie", n);
    std::size_t pos = 0;
    while (pos < header.size()) {
      std::size_t end = header.find(';', pos);
      if (end == std::string::npos) end = header.size();
      const std::string pair = trim(header.substr(pos, end - pos));
      pos = end + 1;
      const std::size_t eq = pair.find('=');
      if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    }
  }
  return "";
}

void authenticate(RequestContext& ctx, app::UseCases& use_cases) {
  const std::string authorization = ctx.req.get_header_value("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view bearer = "Bearer ";
    if (authorization.size() <= bearer.size() || authorization.compare(0, bearer.size(), bearer) != 0) {
      throw unauthenticated();
    }
    const std::optional<app::Actor> actor = use_cases.authenticate_token(trim(authorization.substr(bearer.size())));
    if (!actor) throw unauthenticated();
    ctx.actor = *actor;  // Bearer requests carry no ambient credentials: no CSRF token needed
    return;
  }
  const std::string secret = cookie_value(ctx.req, kSessionCookie);
  if (secret.empty() || secret.size() > 200) throw unauthenticated();
  const std::optional<app::SessionInfo> session = use_cases.authenticate_session(secret);
  if (!session) throw unauthenticated();
  if (unsafe(ctx.req.method) && !same_secret(ctx.req.get_header_value("X-CSRF-Token"), session->csrf_token)) {
    throw domain::Error(domain::ErrorKind::forbidden, {"Der CSRF-Token fehlt oder passt nicht zur Sitzung.",
                                                       "The CSRF token is missing or does not match the session."});
  }
  ctx.actor = session->actor;
  ctx.session_secret = secret;
}

std::string session_cookie(const std::string& secret, domain::Timestamp expires_at, bool secure) {
  std::string cookie = std::string(kSessionCookie) + "=" + secret + "; Path=/; HttpOnly; SameSite=Lax";
  if (secret.empty()) {
    cookie += "; Max-Age=0";
  } else if (expires_at > 0) {
    const std::time_t t = static_cast<std::time_t>(expires_at);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[64];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cookie += "; Expires=" + std::string(buffer, n);
  }
  if (secure) cookie += "; Secure";
  return cookie;
}

bool secure_request(const Request& req, const AuthConfig& config) {
  if (config.cookie_secure) return true;
  return config.trust_proxy && req.get_header_value("X-Forwarded-Proto") == "https";
}

std::string client_address(const Request& req, const AuthConfig& config) {
  if (config.trust_proxy) {
    // The proxy appends the address it saw; earlier entries come from the client and may lie.
    const std::string& forwarded = req.get_header_value("X-Forwarded-For");
    if (!forwarded.empty()) {
      const std::size_t comma = forwarded.rfind(',');
      std::string last = trim(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
      if (!last.empty()) return last;
    }
  }
  return req.remote_addr;
}

}  // namespace turnus::http
