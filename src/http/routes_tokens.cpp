// API tokens of the organisation, for admins: list, look at, create (the secret is in the
// answer once), revoke. Never the secret or its hash otherwise.
#include "http/query.hpp"
#include "http/routes.hpp"

namespace turnus::http {

namespace {

json optional_timestamp(const std::optional<domain::Timestamp>& t) { return t ? timestamp_json(*t) : json(nullptr); }

json token_json(const app::TokenInfo& info) {
  const domain::ApiToken& t = info.token;
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"user_name", info.user_name},
          {"user_email", info.user_email},
          {"label", t.label},
          {"created_at", timestamp_json(t.created_at)},
          {"last_used_at", optional_timestamp(t.last_used_at)},
          {"expires_at", optional_timestamp(t.expires_at)}};
}

}  // namespace

void add_token_routes(Router& router, const RouteDeps& deps) {
  app::UseCases& uc = deps.use_cases;
  router.add("GET", "/api/v1/tokens", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::PageRequest page = page_request(ctx.req);
    const std::vector<app::TokenInfo> tokens = uc.list_tokens(ctx.who());
    json items = json::array();
    const auto from =
        static_cast<std::size_t>(std::min<std::int64_t>(page.offset(), static_cast<std::int64_t>(tokens.size())));
    const std::size_t to = std::min(tokens.size(), from + static_cast<std::size_t>(page.per_page));
    for (std::size_t i = from; i < to; ++i) items.push_back(token_json(tokens[i]));
    send_json(ctx.res, {{"items", std::move(items)},
                        {"total", static_cast<std::int64_t>(tokens.size())},
                        {"total_exact", true},
                        {"page", page.page},
                        {"per_page", page.per_page}});
  });
  router.add("POST", "/api/v1/tokens", Access::authenticated,
             [&uc](RequestContext& ctx) {
               const json body = parse_body(ctx.req);
               domain::Violations v;
               Fields f(body, "", v);
               const std::optional<std::int64_t> user_id = f.integer("user_id", true);
               const std::string label = f.text("label").value_or("");
               const std::optional<int> days = f.small_integer("expires_in_days");
               v.throw_if_any();
               const app::CreatedToken created = uc.create_token(ctx.who(), *user_id, label, days);
               json out = token_json(created.info);
               out["token"] = created.secret;
               send_created(ctx.res, out, "/api/v1/tokens/" + std::to_string(created.info.token.id));
             },
             {app::Permission::manage_people});
  router.add("GET", "/api/v1/tokens/{id}", Access::authenticated,
             [&uc](RequestContext& ctx) { send_json(ctx.res, token_json(uc.get_token(ctx.who(), ctx.id()))); });
  router.add("DELETE", "/api/v1/tokens/{id}", Access::authenticated, [&uc](RequestContext& ctx) {
    uc.revoke_token(ctx.who(), ctx.id());
    ctx.res.status = 204;
  });
}

}  // namespace turnus::http
