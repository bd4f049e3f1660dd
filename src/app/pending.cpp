// Placeholders for the issue-4 use cases not implemented yet: each throws Error(internal)
// so the HTTP layer can link against the full interface while the store work lands.
// Remove each one as its real implementation arrives; this file goes when it is empty.
#include "app/use_cases.hpp"

namespace turnus::app {
namespace {
[[noreturn]] void pending(const char* name) {
  throw domain::Error(domain::ErrorKind::internal,
                      {std::string("Noch nicht umgesetzt: ") + name, std::string("Not implemented yet: ") + name});
}
}  // namespace

SessionStart UseCases::login(const std::string& /*email*/, const std::string& /*password*/,
                             const std::string& /*client_address*/) {
  pending("login");
}
std::optional<SessionInfo> UseCases::authenticate_session(const std::string& /*secret*/) {
  pending("authenticate_session");
}
void UseCases::logout(const std::string& /*secret*/) { pending("logout"); }
domain::User UseCases::me(const Actor& /*actor*/) { pending("me"); }
Page<domain::Customer> UseCases::list_customers(const Actor& /*actor*/, const std::string& /*query*/,
                                                PageRequest /*page*/) {
  pending("list_customers");
}
domain::Customer UseCases::get_customer(const Actor& /*actor*/, Id /*id*/) { pending("get_customer"); }
domain::Customer UseCases::create_customer(const Actor& /*actor*/, const CustomerFields& /*fields*/) {
  pending("create_customer");
}
domain::Customer UseCases::update_customer(const Actor& /*actor*/, Id /*id*/, const CustomerPatch& /*patch*/) {
  pending("update_customer");
}
void UseCases::delete_customer(const Actor& /*actor*/, Id /*id*/) { pending("delete_customer"); }
std::vector<domain::PipelineStage> UseCases::pipeline_stages(const Actor& /*actor*/) { pending("pipeline_stages"); }
Page<domain::Project> UseCases::list_projects(const Actor& /*actor*/, const ProjectFilter& /*filter*/,
                                              PageRequest /*page*/) {
  pending("list_projects");
}
domain::Project UseCases::get_project(const Actor& /*actor*/, Id /*id*/) { pending("get_project"); }
domain::Project UseCases::create_project(const Actor& /*actor*/, const ProjectFields& /*fields*/) {
  pending("create_project");
}
domain::Project UseCases::update_project(const Actor& /*actor*/, Id /*id*/, const ProjectPatch& /*patch*/) {
  pending("update_project");
}
Page<domain::User> UseCases::list_employees(const Actor& /*actor*/, PageRequest /*page*/) { pending("list_employees"); }
domain::User UseCases::get_employee(const Actor& /*actor*/, Id /*id*/) { pending("get_employee"); }
domain::User UseCases::create_employee(const Actor& /*actor*/, const EmployeeFields& /*fields*/) {
  pending("create_employee");
}
domain::User UseCases::update_employee(const Actor& /*actor*/, Id /*id*/, const EmployeePatch& /*patch*/) {
  pending("update_employee");
}
Page<domain::Task> UseCases::list_tasks(const Actor& /*actor*/, const WorkFilter& /*filter*/, PageRequest /*page*/) {
  pending("list_tasks");
}
domain::Task UseCases::update_task(const Actor& /*actor*/, Id /*id*/, const TaskPatch& /*patch*/) {
  pending("update_task");
}
Page<domain::Order> UseCases::list_orders(const Actor& /*actor*/, const WorkFilter& /*filter*/, PageRequest /*page*/) {
  pending("list_orders");
}
domain::Order UseCases::get_order(const Actor& /*actor*/, Id /*id*/) { pending("get_order"); }
domain::Order UseCases::update_order(const Actor& /*actor*/, Id /*id*/, const OrderPatch& /*patch*/) {
  pending("update_order");
}
Page<domain::Notification> UseCases::list_notifications(const Actor& /*actor*/, const NotificationFilter& /*filter*/,
                                                        PageRequest /*page*/) {
  pending("list_notifications");
}
std::int64_t UseCases::unread_notifications(const Actor& /*actor*/) { pending("unread_notifications"); }
domain::Notification UseCases::mark_notification_read(const Actor& /*actor*/, Id /*id*/) {
  pending("mark_notification_read");
}
std::vector<domain::Document> UseCases::contract_documents(const Actor& /*actor*/, Id /*contract_id*/) {
  pending("contract_documents");
}
domain::Document UseCases::add_document(const Actor& /*actor*/, Id /*contract_id*/, const DocumentUpload& /*upload*/) {
  pending("add_document");
}
DocumentContent UseCases::document_content(const Actor& /*actor*/, Id /*id*/) { pending("document_content"); }
void UseCases::delete_document(const Actor& /*actor*/, Id /*id*/) { pending("delete_document"); }

}  // namespace turnus::app
