// Authentication of API requests: `Authorization: Bearer TOKEN` (API tokens) or the
// session cookie `turnus_session` (browser), the latter with the CSRF check for unsafe
// methods (X-CSRF-Token must equal the session's token). Also the cookie itself and the
// client address used for login rate limiting.
//
// Thread-safety: free functions; the use cases they call are thread-safe.
#pragma once

#include "http/message.hpp"

#include <string>

#include "app/use_cases.hpp"
#include "http/router.hpp"

namespace turnus::http {

inline constexpr const char* kSessionCookie = "turnus_session";

struct AuthConfig {
  bool cookie_secure = false;  // always mark the cookie Secure (TLS in front, --cookie-secure)
  bool trust_proxy = false;    // honour X-Forwarded-For / X-Forwarded-Proto from the proxy in front
};

// Sets ctx.actor (and ctx.session_secret for cookie sessions). Throws Error unauthenticated
// (no or bad credentials) or forbidden (cookie session without a matching CSRF token on an
// unsafe method).
void authenticate(RequestContext& ctx, app::UseCases& use_cases);

// The value of one cookie of the request, or "".
std::string cookie_value(const Request& req, const std::string& name);
// Set-Cookie value for a new session, or for clearing it (empty secret).
std::string session_cookie(const std::string& secret, domain::Timestamp expires_at, bool secure);
// Whether the request came over TLS (directly configured, or X-Forwarded-Proto from a trusted proxy).
bool secure_request(const Request& req, const AuthConfig& config);
// The address that login attempts are counted against.
std::string client_address(const Request& req, const AuthConfig& config);

}  // namespace turnus::http
