// Customers, projects and the pipeline, employees, tasks, orders, notifications.
#include "http/problem.hpp"
#include "http/query.hpp"
#include "http/routes.hpp"

namespace turnus::http {

namespace {

std::string text_parameter(const Request& req, const char* name) {
  std::string value = req.has_param(name) ? req.get_param_value(name) : std::string();
  if (value.size() > 200) throw bad_parameter(name, {"Höchstens 200 Zeichen.", "At most 200 characters."});
  return value;
}

// The answer of a lookup by ids in the shape of a list page: everything found, on one page.
template <class T>
app::Page<T> whole_page(std::vector<T> items) {
  app::Page<T> page;
  page.total = static_cast<std::int64_t>(items.size());
  page.per_page = static_cast<int>(app::kMaxLookupIds);
  page.items = std::move(items);
  return page;
}

void add_customer_routes(Router& router, app::UseCases& uc) {
  router.add("GET", "/api/v1/customers", Access::authenticated, [&uc](RequestContext& ctx) {
    if (const std::optional<std::vector<domain::Id>> ids = ids_parameter(ctx.req)) {
      send_json(ctx.res, page_json(whole_page(uc.find_customers(ctx.who(), *ids))));
      return;
    }
    const std::string query = text_parameter(ctx.req, "q");
    const app::PageRequest page = page_request(ctx.req);
    send_json(ctx.res, page_json(uc.list_customers(ctx.who(), query, page)));
  });
  router.add("POST", "/api/v1/customers", Access::authenticated,
             [&uc](RequestContext& ctx) {
               const domain::Customer c = uc.create_customer(ctx.who(), customer_fields_from_json(parse_body(ctx.req)));
               send_created(ctx.res, to_json(c), "/api/v1/customers/" + std::to_string(c.id));
             },
             {app::Permission::manage_contracts});
  router.add("GET", "/api/v1/customers/{id}", Access::authenticated,
             [&uc](RequestContext& ctx) { send_json(ctx.res, to_json(uc.get_customer(ctx.who(), ctx.id()))); });
  router.add("PATCH", "/api/v1/customers/{id}", Access::authenticated,
             [&uc](RequestContext& ctx) {
               const domain::Id id = ctx.id();
               const app::CustomerPatch patch = customer_patch_from_json(parse_body(ctx.req));
               send_json(ctx.res, to_json(uc.update_customer(ctx.who(), id, patch)));
             },
             {app::Permission::manage_contracts});
  router.add("DELETE", "/api/v1/customers/{id}", Access::authenticated, [&uc](RequestContext& ctx) {
    uc.delete_customer(ctx.who(), ctx.id());
    ctx.res.status = 204;
  });
}

void add_project_routes(Router& router, app::UseCases& uc) {
  router.add("GET", "/api/v1/pipeline-stages", Access::authenticated, [&uc](RequestContext& ctx) {
    json items = json::array();
    for (const domain::PipelineStage& s : uc.pipeline_stages(ctx.who())) items.push_back(to_json(s));
    send_json(ctx.res, {{"items", std::move(items)}});
  });
  router.add("GET", "/api/v1/projects", Access::authenticated, [&uc](RequestContext& ctx) {
    if (const std::optional<std::vector<domain::Id>> ids = ids_parameter(ctx.req)) {
      send_json(ctx.res, page_json(whole_page(uc.find_projects(ctx.who(), *ids))));
      return;
    }
    app::ProjectFilter filter;
    filter.customer_id = id_parameter(ctx.req, "customer_id");
    filter.stage_id = id_parameter(ctx.req, "stage_id");
    filter.main_contact_employee_id = id_parameter(ctx.req, "main_contact_employee_id");
    filter.query = text_parameter(ctx.req, "q");
    const app::PageRequest page = page_request(ctx.req);
    send_json(ctx.res, page_json(uc.list_projects(ctx.who(), filter, page)));
  });
  router.add("POST", "/api/v1/projects", Access::authenticated,
             [&uc](RequestContext& ctx) {
               const domain::Project p = uc.create_project(ctx.who(), project_fields_from_json(parse_body(ctx.req)));
               send_created(ctx.res, to_json(p), "/api/v1/projects/" + std::to_string(p.id));
             },
             {app::Permission::manage_contracts});
  router.add("GET", "/api/v1/projects/{id}", Access::authenticated,
             [&uc](RequestContext& ctx) { send_json(ctx.res, to_json(uc.get_project(ctx.who(), ctx.id()))); });
  router.add("PATCH", "/api/v1/projects/{id}", Access::authenticated,
             [&uc](RequestContext& ctx) {
               const domain::Id id = ctx.id();
               const app::ProjectPatch patch = project_patch_from_json(parse_body(ctx.req));
               send_json(ctx.res, to_json(uc.update_project(ctx.who(), id, patch)));
             },
             {app::Permission::manage_contracts});
}

void add_employee_routes(Router& router, app::UseCases& uc) {
  router.add("GET", "/api/v1/employees", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::PageRequest page = page_request(ctx.req);
    send_json(ctx.res, page_json(uc.list_employees(ctx.who(), page)));
  });
  router.add("POST", "/api/v1/employees", Access::authenticated,
             [&uc](RequestContext& ctx) {
               const domain::User u = uc.create_employee(ctx.who(), employee_fields_from_json(parse_body(ctx.req)));
               send_created(ctx.res, to_json(u), "/api/v1/employees/" + std::to_string(u.id));
             },
             {app::Permission::manage_people});
  router.add("GET", "/api/v1/employees/{id}", Access::authenticated,
             [&uc](RequestContext& ctx) { send_json(ctx.res, to_json(uc.get_employee(ctx.who(), ctx.id()))); });
  router.add("PATCH", "/api/v1/employees/{id}", Access::authenticated,
             [&uc](RequestContext& ctx) {
               const domain::Id id = ctx.id();
               const app::EmployeePatch patch = employee_patch_from_json(parse_body(ctx.req));
               send_json(ctx.res, to_json(uc.update_employee(ctx.who(), id, patch)));
             },
             {app::Permission::manage_people});
}

void add_work_routes(Router& router, app::UseCases& uc) {
  router.add("GET", "/api/v1/tasks", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::WorkFilter filter = work_filter(ctx.req, false);
    const app::PageRequest page = page_request(ctx.req);
    send_json(ctx.res, page_json(uc.list_tasks(ctx.who(), filter, page)));
  });
  router.add("PATCH", "/api/v1/tasks/{id}", Access::authenticated, [&uc](RequestContext& ctx) {
    const domain::Id id = ctx.id();
    const app::TaskPatch patch = task_patch_from_json(parse_body(ctx.req));
    send_json(ctx.res, to_json(uc.update_task(ctx.who(), id, patch)));
  });
  router.add("GET", "/api/v1/orders", Access::authenticated, [&uc](RequestContext& ctx) {
    const app::WorkFilter filter = work_filter(ctx.req, true);
    const app::PageRequest page = page_request(ctx.req);
    send_json(ctx.res, page_json(uc.list_orders(ctx.who(), filter, page)));
  });
  router.add("GET", "/api/v1/orders/{id}", Access::authenticated,
             [&uc](RequestContext& ctx) { send_json(ctx.res, to_json(uc.get_order(ctx.who(), ctx.id()))); });
  router.add("PATCH", "/api/v1/orders/{id}", Access::authenticated, [&uc](RequestContext& ctx) {
    const domain::Id id = ctx.id();
    const app::OrderPatch patch = order_patch_from_json(parse_body(ctx.req));
    send_json(ctx.res, to_json(uc.update_order(ctx.who(), id, patch)));
  });
  router.add("GET", "/api/v1/notifications", Access::authenticated, [&uc](RequestContext& ctx) {
    app::NotificationFilter filter;
    filter.recipient_id = id_parameter(ctx.req, "recipient_id");
    filter.read = bool_parameter(ctx.req, "read");
    const app::PageRequest page = page_request(ctx.req);
    json body = page_json(uc.list_notifications(ctx.who(), filter, page));
    body["unread"] = uc.unread_notifications(ctx.who());
    send_json(ctx.res, body);
  });
  router.add("POST", "/api/v1/notifications/{id}/read", Access::authenticated, [&uc](RequestContext& ctx) {
    send_json(ctx.res, to_json(uc.mark_notification_read(ctx.who(), ctx.id())));
  });
}

}  // namespace

void add_record_routes(Router& router, const RouteDeps& deps) {
  add_customer_routes(router, deps.use_cases);
  add_project_routes(router, deps.use_cases);
  add_employee_routes(router, deps.use_cases);
  add_work_routes(router, deps.use_cases);
}

}  // namespace turnus::http
