#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

domain::Execution SqliteExecutionRepository::add(const domain::Execution& e) {
  // The unique key (contract_id, due_date, kind) is the store's half of "exactly once": a
  // second scheduler, a retry or a manual trigger racing the scheduler fails here and its
  // whole transaction (the created record, the contract's advance) rolls back with it.
  with_conflict_message(
      {"Die Fälligkeit " + e.due_date.to_string() + " dieses Vertrags wurde bereits ausgeführt.",
       "The occurrence " + e.due_date.to_string() + " of this contract was executed already."},
      [&] {
        conn_
            .prepare(
                "INSERT INTO executions (organisation_id, contract_id, due_date, kind, trigger, outcome, reason, "
                "created_type, created_id, triggered_by, executed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind_all(e.organisation_id, e.contract_id, e.due_date, domain::to_string(e.kind),
                      domain::to_string(e.trigger), domain::to_string(e.outcome), e.reason, e.created_type,
                      e.created_id, e.triggered_by, e.executed_at)
            .run();
      });
  domain::Execution stored = e;
  stored.id = conn_.last_insert_id();
  return stored;
}

std::vector<domain::Execution> SqliteExecutionRepository::for_contract(Id organisation_id, Id contract_id) {
  // Newest occurrence first; the id orders the action and reminder rows of one date.
  Statement s = conn_.prepare(
      "SELECT id, organisation_id, contract_id, due_date, kind, trigger, outcome, reason, created_type, created_id, "
      "triggered_by, executed_at FROM executions WHERE organisation_id = ? AND contract_id = ? "
      "ORDER BY due_date DESC, id DESC");
  s.bind_all(organisation_id, contract_id);
  std::vector<domain::Execution> out;
  while (s.step()) {
    domain::Execution e;
    e.id = s.int64(0);
    e.organisation_id = s.int64(1);
    e.contract_id = s.int64(2);
    e.due_date = s.date(3);
    const std::string kind = s.text(4);
    e.kind = parse_enum(domain::execution_kind_from_string(kind), kind);
    const std::string trigger = s.text(5);
    e.trigger = parse_enum(domain::execution_trigger_from_string(trigger), trigger);
    const std::string outcome = s.text(6);
    e.outcome = parse_enum(domain::execution_outcome_from_string(outcome), outcome);
    e.reason = s.text(7);
    e.created_type = s.text(8);
    e.created_id = s.optional_int64(9);
    e.triggered_by = s.optional_int64(10);
    e.executed_at = s.int64(11);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace turnus::store::sqlite
