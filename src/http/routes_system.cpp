// Health, the OpenAPI document, login/logout, the current user and the scheduler's status.
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

  // The one route that takes a body from anybody: a login is a few hundred bytes.
  router.add("POST", "/api/v1/session", Access::open,
             [&uc, auth](RequestContext& ctx) {
               const json body = parse_body(ctx.req);
               domain::Violations v;
               Fields f(body, "", v);
               const std::optional<std::string> email = f.text("email", true);
               const std::optional<std::string> password = f.text("password", true);
               // Only needed when the address and password fit accounts of several organisations.
               const std::string organisation = f.text("organisation").value_or("");
               v.throw_if_any();
               const app::SessionStart session =
                   uc.login(*email, *password, client_address(ctx.req, auth), organisation);
               ctx.res.set_header("Set-Cookie",
                                  session_cookie(session.secret, session.expires_at, secure_request(ctx.req, auth)));
               send_json(ctx.res, {{"user", to_json(session.user)},
                                   {"csrf_token", session.csrf_token},
                                   {"expires_at", timestamp_json(session.expires_at)}});
             },
             {std::nullopt, RouteBody::buffered, std::size_t{16} * 1024});

  router.add("DELETE", "/api/v1/session", Access::authenticated, [&uc, auth](RequestContext& ctx) {
    if (!ctx.session_secret.empty()) uc.logout(ctx.session_secret);
    ctx.res.set_header("Set-Cookie", session_cookie("", 0, secure_request(ctx.req, auth)));
    ctx.res.status = 204;
  });

  router.add("GET", "/api/v1/scheduler/status", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::SchedulerStatus status = uc.scheduler_status(ctx.who());
    json last = nullptr;
    if (const auto& p = status.last_pass) {
      last = {{"as_of", timestamp_json(p->as_of)},
              {"started_at", timestamp_json(p->started_at)},
              {"duration_ms", p->duration_ms},
              {"executed", p->executed},
              {"caught_up", p->caught_up},
              {"skipped", p->skipped},
              {"reminded", p->reminded},
              {"failed", p->failed},
              {"instance", p->instance}};
    }
    json failures = json::array();
    for (const domain::Execution& e : status.failures) failures.push_back(to_json(e));
    send_json(ctx.res, {{"last_pass", std::move(last)},
                        {"next_due_date", status.next_due_day ? json(status.next_due_day->to_string()) : json(nullptr)},
                        {"next_due_at", status.next_due_at ? timestamp_json(*status.next_due_at) : json(nullptr)},
                        {"failures", std::move(failures)}});
  });

  router.add("GET", "/api/v1/me", Access::authenticated, [&uc](RequestContext& ctx) {
    json user = to_json(uc.me(ctx.who()));
    user["organisation_id"] = ctx.who().organisation_id;
    send_json(ctx.res, user);
  });
}

}  // namespace turnus::http
