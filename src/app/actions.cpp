#include "app/actions.hpp"

namespace turnus::app {

using domain::ActionType;
using domain::Error;

namespace {

std::string contract_link(Id contract_id) { return "/maintenance-contracts/" + std::to_string(contract_id); }

}  // namespace

ActionPlan plan_action(Tx& tx, const domain::Contract& contract, ActionCache& cache) {
  const domain::Contract::State& c = contract.state();
  const Id org = c.organisation_id;
  auto user = cache.users.find(c.action.employee_id);
  if (user == cache.users.end()) {
    user = cache.users.emplace(c.action.employee_id, tx.users().find(org, c.action.employee_id)).first;
  }
  const std::optional<domain::User>& employee = user->second;
  if (!employee || !employee->active) {
    throw Error::validation(
        {{"action.employee_id",
          {"Der zugewiesene Mitarbeiter existiert nicht mehr.", "The assigned employee no longer exists."}}});
  }
  ActionPlan plan{*employee, c.customer_id, 0};

  // The customer behind the contract: its own, or its project's.
  if (!plan.customer_id && c.project_id) {
    auto project = cache.projects.find(*c.project_id);
    if (project == cache.projects.end()) {
      project = cache.projects.emplace(*c.project_id, tx.projects().find(org, *c.project_id)).first;
    }
    if (!project->second) throw Error::not_found("Projekt", "Project");
    plan.customer_id = project->second->customer_id;
  }
  if (c.action.type == ActionType::create_project) {
    if (!plan.customer_id) {
      throw Error::validation({{"action.type", {"Kein Kunde für das Projekt.", "No customer for the project."}}});
    }
    if (!cache.stages) cache.stages = tx.pipeline().stages(org);
    if (cache.stages->empty())
      throw Error(domain::ErrorKind::internal, {"Keine Pipeline-Phasen.", "No pipeline stages."});
    plan.stage_id = cache.stages->front().id;
  }
  return plan;
}

CreatedRecord perform_action(Tx& tx, const domain::Contract& contract, const ActionPlan& plan, domain::Date due_date,
                             domain::Timestamp now) {
  const domain::Contract::State& c = contract.state();
  const Id org = c.organisation_id;
  const domain::Source source{c.id, due_date};
  const std::string when = due_date.to_string();

  switch (c.action.type) {
    case ActionType::create_project: {
      domain::Project p;
      p.organisation_id = org;
      p.customer_id = *plan.customer_id;
      p.name = c.name + " " + when;
      p.stage_id = plan.stage_id;
      p.main_contact_employee_id = plan.employee.id;
      p.source = source;
      p.created_at = now;
      return {"project", tx.projects().add(p).id};
    }
    case ActionType::create_task: {
      domain::Task t;
      t.organisation_id = org;
      t.title = c.name;
      t.assignee_id = plan.employee.id;
      t.due_date = due_date;
      t.source = source;
      t.created_at = now;
      return {"task", tx.tasks().add(t).id};
    }
    case ActionType::notify: {
      domain::Notification n;
      n.organisation_id = org;
      n.recipient_id = plan.employee.id;
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
      o.customer_id = plan.customer_id;
      o.assignee_id = plan.employee.id;
      o.due_date = due_date;
      o.source = source;
      o.created_at = now;
      return {"order", tx.orders().add(o).id};
    }
  }
  throw Error(domain::ErrorKind::internal, {"Unbekannte Aktion.", "Unknown action."});
}

CreatedRecord perform_reminder(Tx& tx, const domain::Contract& contract, const ActionPlan& plan, domain::Date due_date,
                               domain::Timestamp now) {
  const domain::Contract::State& c = contract.state();
  domain::Notification n;
  n.organisation_id = c.organisation_id;
  n.recipient_id = plan.employee.id;
  n.text = "Wartung bald fällig am " + due_date.to_string() + ": " + c.name;
  n.link = contract_link(c.id);
  n.source = domain::Source{c.id, due_date};
  n.created_at = now;
  return {"notification", tx.notifications().add(n).id};
}

CreatedRecord run_action(Tx& tx, const domain::Contract& contract, domain::Date due_date, domain::Timestamp now) {
  ActionCache cache;
  const ActionPlan plan = plan_action(tx, contract, cache);
  return perform_action(tx, contract, plan, due_date, now);
}

}  // namespace turnus::app
