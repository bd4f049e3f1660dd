#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr const char* kSelect =
    "SELECT id, organisation_id, contract_id, due_date, kind, trigger, outcome, reason, created_type, created_id, "
    "triggered_by, executed_at FROM executions ";

domain::Execution read_execution(const Row& row) {
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
  return e;
}

}  // namespace

domain::Execution PgExecutionRepository::add(const domain::Execution& e) {
  if (conn_.batching()) {
    // The same over arrays, in two statements (an identity id cannot be updated): the
    // failures these rows replace go first, then the rows. A row that is executed or
    // skipped already makes the INSERT fail (conflict) at flush.
    domain::Execution stored = e;
    stored.id = conn_.reserve_id("executions");
    conn_.query("")
        .bind_all(e.contract_id, e.due_date, domain::to_string(e.kind))
        .defer(
            "DELETE FROM executions x USING unnest($1::bigint[], $2::date[], $3::text[]) AS u(contract_id, due_date, "
            "kind) WHERE x.contract_id = u.contract_id AND x.due_date = u.due_date AND x.kind = u.kind AND "
            "x.outcome = 'failed'");
    conn_.query("")
        .bind_all(stored.id, e.organisation_id, e.contract_id, e.due_date, domain::to_string(e.kind),
                  domain::to_string(e.trigger), domain::to_string(e.outcome), e.reason, e.created_type, e.created_id,
                  e.triggered_by, e.executed_at)
        .defer(
            "INSERT INTO executions (id, organisation_id, contract_id, due_date, kind, trigger, outcome, reason, "
            "created_type, created_id, triggered_by, executed_at) OVERRIDING SYSTEM VALUE SELECT * FROM "
            "unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::date[], $5::text[], $6::text[], $7::text[], "
            "$8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::bigint[])");
    return stored;
  }
  // The unique key (contract_id, due_date, kind) is the store's half of "exactly once": a
  // second scheduler, a retry or a manual trigger racing the scheduler gets nothing back
  // here (after waiting for the first one's commit) and throws, and its whole transaction
  // (the created record, the contract's advance) rolls back with it. Only a recorded
  // failure gives way: the retry that succeeded replaces it in place.
  const Result inserted =
      conn_
          .query(
              "INSERT INTO executions (organisation_id, contract_id, due_date, kind, trigger, outcome, reason, "
              "created_type, created_id, triggered_by, executed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
              "$11) ON CONFLICT (contract_id, due_date, kind) DO UPDATE SET trigger = excluded.trigger, "
              "outcome = excluded.outcome, reason = excluded.reason, created_type = excluded.created_type, "
              "created_id = excluded.created_id, triggered_by = excluded.triggered_by, "
              "executed_at = excluded.executed_at WHERE executions.outcome = 'failed' RETURNING id")
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

bool PgExecutionRepository::record_failure(const domain::Execution& e) {
  // The first failure of an occurrence inserts its row (of two instances failing at once,
  // exactly one does); a repeated one only refreshes reason and time; an executed or
  // skipped row is never touched.
  const Result inserted =
      conn_
          .query(
              "INSERT INTO executions (organisation_id, contract_id, due_date, kind, trigger, outcome, reason, "
              "executed_at) VALUES ($1, $2, $3, $4, $5, 'failed', $6, $7) "
              "ON CONFLICT (contract_id, due_date, kind) DO NOTHING RETURNING id")
          .bind_all(e.organisation_id, e.contract_id, e.due_date, domain::to_string(e.kind),
                    domain::to_string(e.trigger), e.reason, e.executed_at)
          .run();
  if (!inserted.empty()) return true;
  conn_
      .query(
          "UPDATE executions SET reason = $1, executed_at = $2 WHERE contract_id = $3 AND due_date = $4 AND kind = $5 "
          "AND outcome = 'failed'")
      .bind_all(e.reason, e.executed_at, e.contract_id, e.due_date, domain::to_string(e.kind))
      .run();
  return false;
}

std::vector<domain::Execution> PgExecutionRepository::for_contract(Id organisation_id, Id contract_id) {
  // Newest occurrence first; the id orders the action and reminder rows of one date.
  std::vector<domain::Execution> out;
  for (const Row row : conn_
                           .query(std::string(kSelect) +
                                  "WHERE organisation_id = $1 AND contract_id = $2 ORDER BY due_date DESC, id DESC")
                           .bind_all(organisation_id, contract_id)
                           .run()) {
    out.push_back(read_execution(row));
  }
  return out;
}

std::vector<domain::Execution> PgExecutionRepository::failures(Id organisation_id, int limit) {
  std::vector<domain::Execution> out;
  for (const Row row : conn_
                           .query(std::string(kSelect) + "WHERE organisation_id = $1 AND outcome = 'failed' "
                                                         "ORDER BY executed_at DESC, id DESC LIMIT $2")
                           .bind_all(organisation_id, static_cast<std::int64_t>(limit))
                           .run()) {
    out.push_back(read_execution(row));
  }
  return out;
}

void PgSchedulerStatusRepository::record(const app::SchedulerPassRecord& p) {
  conn_
      .query(
          "INSERT INTO scheduler_status (organisation_id, as_of, started_at, duration_ms, executed, caught_up, "
          "skipped, "
          "reminded, failed, instance) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (organisation_id) "
          "DO UPDATE SET as_of = excluded.as_of, started_at = excluded.started_at, duration_ms = excluded.duration_ms, "
          "executed = excluded.executed, caught_up = excluded.caught_up, skipped = excluded.skipped, "
          "reminded = excluded.reminded, failed = excluded.failed, instance = excluded.instance")
      .bind_all(p.organisation_id, p.as_of, p.started_at, p.duration_ms, p.executed, p.caught_up, p.skipped, p.reminded,
                p.failed, p.instance)
      .run();
}

std::optional<app::SchedulerPassRecord> PgSchedulerStatusRepository::last(Id organisation_id) {
  const Result r = conn_
                       .query(
                           "SELECT organisation_id, as_of, started_at, duration_ms, executed, caught_up, skipped, "
                           "reminded, failed, instance FROM scheduler_status WHERE organisation_id = $1")
                       .bind(organisation_id)
                       .run();
  if (r.empty()) return std::nullopt;
  const Row row = r.row(0);
  return app::SchedulerPassRecord{row.int64(0), row.int64(1), row.int64(2), row.int64(3), row.int64(4),
                                  row.int64(5), row.int64(6), row.int64(7), row.int64(8), row.text(9)};
}

}  // namespace turnus::store::postgres
