// Maintenance contracts: list with filters and sorting, create, read, edit (PATCH with
// version), lifecycle calls, manual trigger, upcoming occurrences, execution history.
// Contracts carry "due_soon", which needs the organisation's date today.
#include "http/problem.hpp"
#include "http/query.hpp"
#include "http/routes.hpp"

namespace turnus::http {

namespace {
constexpr const char* kBase = "/api/v1/maintenance-contracts";
std::string location_of(domain::Id id) { return std::string(kBase) + "/" + std::to_string(id); }
}  // namespace

void add_contract_routes(Router& router, const RouteDeps& deps) {
  app::UseCases& uc = deps.use_cases;
  const std::string base = kBase;
  const std::string one = base + "/{id}";

  router.add("GET", base, Access::authenticated, [&uc](RequestContext& ctx) {
    const app::ContractFilter filter = contract_filter(ctx.req);
    const app::PageRequest page = page_request(ctx.req);
    const app::ContractPage found = uc.list_contracts(ctx.who(), filter, page);
    send_json_text(ctx.res, contract_page_text(found, ctx.english, found.today));
  });
  router.add("POST", base, Access::authenticated,
             [&uc](RequestContext& ctx) {
               const domain::ContractDraft draft = contract_draft_from_json(parse_body(ctx.req));
               const domain::Contract created = uc.create_contract(ctx.who(), draft);
               send_created(ctx.res, to_json(created, ctx.english, uc.today(ctx.who())), location_of(created.id()));
             },
             {app::Permission::manage_contracts});
  router.add("GET", one, Access::authenticated, [&uc](RequestContext& ctx) {
    const domain::Contract c = uc.get_contract(ctx.who(), ctx.id());
    send_json(ctx.res, to_json(c, ctx.english, uc.today(ctx.who())));
  });
  router.add("PATCH", one, Access::authenticated,
             [&uc](RequestContext& ctx) {
               const json patch = parse_body(ctx.req);
               const domain::Id id = ctx.id();
               const domain::Contract current = uc.get_contract(ctx.who(), id);
               const auto [draft, version] = contract_patch_from_json(current, patch);
               const domain::Contract edited = uc.edit_contract(ctx.who(), id, version, draft);
               send_json(ctx.res, to_json(edited, ctx.english, uc.today(ctx.who())));
             },
             {app::Permission::manage_contracts});
  router.add("POST", one + "/activate", Access::authenticated, [&uc](RequestContext& ctx) {
    const domain::Contract c = uc.activate_contract(ctx.who(), ctx.id());
    send_json(ctx.res, to_json(c, ctx.english, uc.today(ctx.who())));
  });
  router.add("POST", one + "/deactivate", Access::authenticated, [&uc](RequestContext& ctx) {
    const domain::Contract c = uc.deactivate_contract(ctx.who(), ctx.id());
    send_json(ctx.res, to_json(c, ctx.english, uc.today(ctx.who())));
  });
  router.add("POST", one + "/archive", Access::authenticated, [&uc](RequestContext& ctx) {
    const domain::Contract c = uc.archive_contract(ctx.who(), ctx.id());
    send_json(ctx.res, to_json(c, ctx.english, uc.today(ctx.who())));
  });
  router.add("POST", one + "/trigger", Access::authenticated,
             [&uc](RequestContext& ctx) { send_json(ctx.res, to_json(uc.trigger_contract(ctx.who(), ctx.id()))); });
  router.add("GET", one + "/occurrences", Access::authenticated, [&uc](RequestContext& ctx) {
    const int count = int_parameter(ctx.req, "count", 1, 100).value_or(10);
    json items = json::array();
    for (const domain::Date& d : uc.upcoming_occurrences(ctx.who(), ctx.id(), count)) items.push_back(d.to_string());
    send_json(ctx.res, {{"items", std::move(items)}});
  });
  router.add("GET", one + "/executions", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::PageRequest page = page_request(ctx.req);
    send_json(ctx.res, vector_page(uc.contract_executions(ctx.who(), ctx.id()), page));
  });
}

}  // namespace turnus::http
