#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr const char* kSelect =
    "SELECT id, organisation_id, contract_id, due_date, kind, trigger, outcome, reason, created_type, created_id, "
    "triggered_by, executed_at FROM executions ";

domain::Execution read_execution(const Statement& s) {
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
  return e;
}

}  // namespace

domain::Execution SqliteExecutionRepository::add(const domain::Execution& e) {
  // The unique key (contract_id, due_date, kind) is the store's half of "exactly once": a
  // second scheduler, a retry or a manual trigger racing the scheduler finds the row and
  // throws, and its whole transaction (the created record, the contract's advance) rolls
  // back with it. Only a recorded failure gives way: the retry that succeeded replaces it.
  Statement s = conn_.prepare(
      "INSERT INTO executions (organisation_id, contract_id, due_date, kind, trigger, outcome, reason, created_type, "
      "created_id, triggered_by, executed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (contract_id, due_date, kind) DO UPDATE SET trigger = excluded.trigger, outcome = excluded.outcome, "
      "reason = excluded.reason, created_type = excluded.created_type, created_id = excluded.created_id, "
      "triggered_by = excluded.triggered_by, executed_at = excluded.executed_at "
      "WHERE executions.outcome = 'failed' RETURNING id");
  s.bind_all(e.organisation_id, e.contract_id, e.due_date, domain::to_string(e.kind), domain::to_string(e.trigger),
             domain::to_string(e.outcome), e.reason, e.created_type, e.created_id, e.triggered_by, e.executed_at);
  if (!s.step()) {
    throw domain::Error::conflict(
        {"Die Fälligkeit " + e.due_date.to_string() + " dieses Vertrags wurde bereits ausgeführt.",
         "The occurrence " + e.due_date.to_string() + " of this contract was executed already."});
  }
  domain::Execution stored = e;
  stored.id = s.int64(0);
  return stored;
}

bool SqliteExecutionRepository::record_failure(const domain::Execution& e) {
  // The first failure of an occurrence inserts its row; a repeated one only refreshes
  // reason and time; an executed or skipped row is never touched.
  {
    Statement s = conn_.prepare(
        "INSERT INTO executions (organisation_id, contract_id, due_date, kind, trigger, outcome, reason, "
        "executed_at) VALUES (?, ?, ?, ?, ?, 'failed', ?, ?) ON CONFLICT (contract_id, due_date, kind) DO NOTHING "
        "RETURNING id");
    s.bind_all(e.organisation_id, e.contract_id, e.due_date, domain::to_string(e.kind), domain::to_string(e.trigger),
               e.reason, e.executed_at);
    if (s.step()) return true;
  }
  conn_
      .prepare(
          "UPDATE executions SET reason = ?, executed_at = ? WHERE contract_id = ? AND due_date = ? AND kind = ? "
          "AND outcome = 'failed'")
      .bind_all(e.reason, e.executed_at, e.contract_id, e.due_date, domain::to_string(e.kind))
      .run();
  return false;
}

std::vector<domain::Execution> SqliteExecutionRepository::for_contract(Id organisation_id, Id contract_id) {
  // Newest occurrence first; the id orders the action and reminder rows of one date.
  Statement s = conn_.prepare(std::string(kSelect) +
                              "WHERE organisation_id = ? AND contract_id = ? ORDER BY due_date DESC, id DESC");
  s.bind_all(organisation_id, contract_id);
  std::vector<domain::Execution> out;
  while (s.step()) out.push_back(read_execution(s));
  return out;
}

std::vector<domain::Execution> SqliteExecutionRepository::failures(Id organisation_id, int limit) {
  Statement s = conn_.prepare(std::string(kSelect) +
                              "WHERE organisation_id = ? AND outcome = 'failed' ORDER BY executed_at DESC, id DESC "
                              "LIMIT ?");
  s.bind_all(organisation_id, static_cast<std::int64_t>(limit));
  std::vector<domain::Execution> out;
  while (s.step()) out.push_back(read_execution(s));
  return out;
}

void SqliteSchedulerStatusRepository::record(const app::SchedulerPassRecord& p) {
  conn_
      .prepare(
          "INSERT INTO scheduler_status (organisation_id, as_of, started_at, duration_ms, executed, caught_up, "
          "skipped, "
          "reminded, failed, instance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id) DO UPDATE "
          "SET "
          "as_of = excluded.as_of, started_at = excluded.started_at, duration_ms = excluded.duration_ms, "
          "executed = excluded.executed, caught_up = excluded.caught_up, skipped = excluded.skipped, "
          "reminded = excluded.reminded, failed = excluded.failed, instance = excluded.instance")
      .bind_all(p.organisation_id, p.as_of, p.started_at, p.duration_ms, p.executed, p.caught_up, p.skipped, p.reminded,
                p.failed, p.instance)
      .run();
}

std::optional<app::SchedulerPassRecord> SqliteSchedulerStatusRepository::last(Id organisation_id) {
  Statement s = conn_.prepare(
      "SELECT organisation_id, as_of, started_at, duration_ms, executed, caught_up, skipped, reminded, failed, "
      "instance FROM scheduler_status WHERE organisation_id = ?");
  s.bind(organisation_id);
  if (!s.step()) return std::nullopt;
  return app::SchedulerPassRecord{s.int64(0), s.int64(1), s.int64(2), s.int64(3), s.int64(4),
                                  s.int64(5), s.int64(6), s.int64(7), s.int64(8), s.text(9)};
}

}  // namespace turnus::store::sqlite
