// Health, the OpenAPI document, login/logout and the current user.
#include "http/auth.hpp"
#include "http/problem.hpp"
#include "http/routes.hpp"

namespace turnus::http {

void add_system_routes(Router& router, const RouteDeps& deps) {
  app::UseCases& uc = deps.use_cases;
  app::Database& db = deps.database;
  const AuthConfig auth{deps.config.cookie_secure, deps.config.trust_proxy};

  router.add("GET", "/healthz", Access::open, [&db](RequestContext& ctx) {
    if (!db.healthy()) {
      throw domain::Error(domain::ErrorKind::unavailable,
                          {"Die Datenbank antwortet nicht.", "The database does not answer."});
    }
    send_json(ctx.res, {{"status", "ok"}});
  });

  router.add("GET", "/api/v1/openapi.json", Access::authenticated,
             [](RequestContext& ctx) { ctx.res.set_content(std::string(openapi_document()), "application/json"); });

  router.add("POST", "/api/v1/session", Access::open, [&uc, auth](RequestContext& ctx) {
    const json body = parse_body(ctx.req);
    domain::Violations v;
    Fields f(body, "", v);
    const std::optional<std::string> email = f.text("email", true);
    const std::optional<std::string> password = f.text("password", true);
    v.throw_if_any();
    const app::SessionStart session = uc.login(*email, *password, client_address(ctx.req, auth));
    ctx.res.set_header("Set-Cookie", session_cookie(session.secret, session.expires_at, secure_request(ctx.req, auth)));
    send_json(ctx.res, {{"user", to_json(session.user)},
                        {"csrf_token", session.csrf_token},
                        {"expires_at", timestamp_json(session.expires_at)}});
  });

  router.add("DELETE", "/api/v1/session", Access::authenticated, [&uc, auth](RequestContext& ctx) {
    if (!ctx.session_secret.empty()) uc.logout(ctx.session_secret);
    ctx.res.set_header("Set-Cookie", session_cookie("", 0, secure_request(ctx.req, auth)));
    ctx.res.status = 204;
  });

  router.add("GET", "/api/v1/me", Access::authenticated, [&uc](RequestContext& ctx) {
    json user = to_json(uc.me(ctx.who()));
    user["organisation_id"] = ctx.who().organisation_id;
    send_json(ctx.res, user);
  });
}

}  // namespace turnus::http
