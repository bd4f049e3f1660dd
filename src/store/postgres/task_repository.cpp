#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

domain::Task PgTaskRepository::add(const domain::Task& task) {
  Query q = conn_.query(
      "INSERT INTO tasks (organisation_id, title, assignee_id, due_date, status, source_contract_id, "
      "source_due_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
  q.bind_all(task.organisation_id, task.title, task.assignee_id, task.due_date, domain::to_string(task.status));
  bind_source(q, task.source);
  q.bind(task.created_at);
  domain::Task stored = task;
  stored.id = returned_id(q.run());
  return stored;
}

std::optional<domain::Task> PgTaskRepository::find(Id organisation_id, Id id) {
  const Result r = conn_
                       .query(
                           "SELECT id, organisation_id, title, assignee_id, due_date, status, source_contract_id, "
                           "source_due_date, created_at FROM tasks WHERE organisation_id = $1 AND id = $2")
                       .bind_all(organisation_id, id)
                       .run();
  if (r.empty()) return std::nullopt;
  const Row row = r.row(0);
  domain::Task t;
  t.id = row.int64(0);
  t.organisation_id = row.int64(1);
  t.title = row.text(2);
  t.assignee_id = row.int64(3);
  t.due_date = row.optional_date(4);
  const std::string status = row.text(5);
  t.status = parse_enum(domain::work_status_from_string(status), status);
  t.source = source_at(row, 6);
  t.created_at = row.int64(8);
  return t;
}

}  // namespace turnus::store::postgres
