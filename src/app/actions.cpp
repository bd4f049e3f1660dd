#include "app/actions.hpp"

namespace turnus::app {

using domain::ActionType;
using domain::Error;

namespace {

std::string contract_link(Id contract_id) { return "/maintenance-contracts/" + std::to_string(contract_id); }

}  // namespace

CreatedRecord run_action(Tx& tx, const domain::Contract& contract, domain::Date due_date, domain::Timestamp now) {
  const domain::Contract::State& c = contract.state();
  const Id org = c.organisation_id;
  const std::optional<domain::User> employee = tx.users().find(org, c.action.employee_id);
  if (!employee || !employee->active) {
    throw Error::validation(
        {{"action.employee_id",
          {"Der zugewiesene Mitarbeiter existiert nicht mehr.", "The assigned employee no longer exists."}}});
  }
  const domain::Source source{c.id, due_date};
  const std::string when = due_date.to_string();

  // The customer behind the contract: its own, or its project's.
  std::optional<Id> customer_id = c.customer_id;
  if (!customer_id && c.project_id) {
    const std::optional<domain::Project> project = tx.projects().find(org, *c.project_id);
    if (!project) throw Error::not_found("Projekt", "Project");
    customer_id = project->customer_id;
  }

  switch (c.action.type) {
    case ActionType::create_project: {
      if (!customer_id) {
        throw Error::validation({{"action.type", {"Kein Kunde für das Projekt.", "No customer for the project."}}});
      }
      const std::vector<domain::PipelineStage> stages = tx.pipeline().stages(org);
      if (stages.empty()) throw Error(domain::ErrorKind::internal, {"Keine Pipeline-Phasen.", "No pipeline stages."});
      domain::Project p;
      p.organisation_id = org;
      p.customer_id = *customer_id;
      p.name = c.name + " " + when;
      p.stage_id = stages.front().id;
      p.main_contact_employee_id = employee->id;
      p.source = source;
      p.created_at = now;
      return {"project", tx.projects().add(p).id};
    }
    case ActionType::create_task: {
      domain::Task t;
      t.organisation_id = org;
      t.title = c.name;
      t.assignee_id = employee->id;
      t.due_date = due_date;
      t.source = source;
      t.created_at = now;
      return {"task", tx.tasks().add(t).id};
    }
    case ActionType::notify: {
      domain::Notification n;
      n.organisation_id = org;
      n.recipient_id = employee->id;
      n.text = "Fällig am " + when + ": " + c.name;
      n.link = contract_link(c.id);
      n.source = source;
      n.created_at = now;
      return {"notification", tx.notifications().add(n).id};
    }
    case ActionType::create_order: {
      domain::Order o;
      o.organisation_id = org;
      o.title = c.name;
      o.customer_id = customer_id;
      o.assignee_id = employee->id;
      o.due_date = due_date;
      o.source = source;
      o.created_at = now;
      return {"order", tx.orders().add(o).id};
    }
  }
  throw Error(domain::ErrorKind::internal, {"Unbekannte Aktion.", "Unknown action."});
}

}  // namespace turnus::app
