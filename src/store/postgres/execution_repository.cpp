#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

domain::Execution PgExecutionRepository::add(const domain::Execution& e) {
  // The unique key (contract_id, due_date, kind) is the store's half of "exactly once": a
  // second scheduler, a retry or a manual trigger racing the scheduler gets nothing back
  // here (after waiting for the first one's commit) and throws, and its whole transaction
  // (the created record, the contract's advance) rolls back with it.
  const Result inserted =
      conn_
          .query(
              "INSERT INTO executions (organisation_id, contract_id, due_date, kind, trigger, outcome, reason, "
              "created_type, created_id, triggered_by, executed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
              "$11) ON CONFLICT (contract_id, due_date, kind) DO NOTHING RETURNING id")
          .bind_all(e.organisation_id, e.contract_id, e.due_date, domain::to_string(e.kind),
                    domain::to_string(e.trigger), domain::to_string(e.outcome), e.reason, e.created_type, e.created_id,
                    e.triggered_by, e.executed_at)
          .run();
  if (inserted.empty()) {
    throw domain::Error::conflict(
        {"Die Fälligkeit " + e.due_date.to_string() + " dieses Vertrags wurde bereits ausgeführt.",
         "The occurrence " + e.due_date.to_string() + " of this contract was executed already."});
  }
  domain::Execution stored = e;
  stored.id = returned_id(inserted);
  return stored;
}

std::vector<domain::Execution> PgExecutionRepository::for_contract(Id organisation_id, Id contract_id) {
  // Newest occurrence first; the id orders the action and reminder rows of one date.
  std::vector<domain::Execution> out;
  for (const Row row :
       conn_
           .query(
               "SELECT id, organisation_id, contract_id, due_date, kind, trigger, outcome, reason, created_type, "
               "created_id, triggered_by, executed_at FROM executions WHERE organisation_id = $1 AND contract_id = $2 "
               "ORDER BY due_date DESC, id DESC")
           .bind_all(organisation_id, contract_id)
           .run()) {
    domain::Execution e;
    e.id = row.int64(0);
    e.organisation_id = row.int64(1);
    e.contract_id = row.int64(2);
    e.due_date = row.date(3);
    const std::string kind = row.text(4);
    e.kind = parse_enum(domain::execution_kind_from_string(kind), kind);
    const std::string trigger = row.text(5);
    e.trigger = parse_enum(domain::execution_trigger_from_string(trigger), trigger);
    const std::string outcome = row.text(6);
    e.outcome = parse_enum(domain::execution_outcome_from_string(outcome), outcome);
    e.reason = row.text(7);
    e.created_type = row.text(8);
    e.created_id = row.optional_int64(9);
    e.triggered_by = row.optional_int64(10);
    e.executed_at = row.int64(11);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace turnus::store::postgres
