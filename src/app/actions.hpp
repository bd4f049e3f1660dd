// Runs a contract's action for one occurrence inside the caller's transaction: creates the
// project, task, notification or order, linked back to the contract and due date.
// Stateless; thread-safe.
#pragma once

#include <string>

#include "app/repositories.hpp"
#include "domain/contract.hpp"
#include "domain/records.hpp"

namespace turnus::app {

struct CreatedRecord {
  std::string type;  // "project" | "task" | "notification" | "order"
  Id id = 0;
};

// Throws Error(validation/not_found) when the action cannot run (e.g. the employee is gone);
// the caller's transaction then rolls back and nothing of it stays.
CreatedRecord run_action(Tx& tx, const domain::Contract& contract, domain::Date due_date, domain::Timestamp now);

}  // namespace turnus::app
