// Runs a contract's action (or reminder) for one occurrence inside the caller's
// transaction: creates the project, task, notification or order, linked back to the
// contract and due date. In two steps, so a contract whose action cannot run is found out
// before anything was written: plan_action() only reads (and throws), perform_action() only
// writes. Stateless functions; an ActionCache belongs to one transaction and one thread.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/repositories.hpp"
#include "domain/contract.hpp"
#include "domain/records.hpp"

namespace turnus::app {

struct CreatedRecord {
  std::string type;  // "project" | "task" | "notification" | "order"
  Id id = 0;
};

// Reads one transaction has made already (employees, projects, pipeline stages), so a batch
// of contracts of the same few employees reads each of them once.
struct ActionCache {
  std::unordered_map<Id, std::optional<domain::User>> users;
  std::unordered_map<Id, std::optional<domain::Project>> projects;
  std::optional<std::vector<domain::PipelineStage>> stages;
};

// What an action needs, checked.
struct ActionPlan {
  domain::User employee;
  std::optional<Id> customer_id;  // the contract's, or its project's customer
  Id stage_id = 0;                // create_project: the first pipeline stage
};

// Reads only. Throws Error(validation/not_found) when the action cannot run (e.g. the
// employee is gone); nothing has been written then, so the transaction stays usable.
ActionPlan plan_action(Tx& tx, const domain::Contract& contract, ActionCache& cache);
// Writes the record of the contract's action for `due_date`.
CreatedRecord perform_action(Tx& tx, const domain::Contract& contract, const ActionPlan& plan, domain::Date due_date,
                             domain::Timestamp now);
// The reminder of `due_date`: an unread notification "Wartung bald fällig …" for the employee.
CreatedRecord perform_reminder(Tx& tx, const domain::Contract& contract, const ActionPlan& plan, domain::Date due_date,
                               domain::Timestamp now);
// plan_action() and perform_action() in one (the manual trigger).
CreatedRecord run_action(Tx& tx, const domain::Contract& contract, domain::Date due_date, domain::Timestamp now);

}  // namespace turnus::app
