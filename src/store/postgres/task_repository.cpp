#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, title, assignee_id, due_date, status, source_contract_id, source_due_date, "
    "created_at FROM tasks ";

domain::Task read_row(const Row& row) {
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

}  // namespace

domain::Task PgTaskRepository::add(const domain::Task& task) {
  if (conn_.batching()) {
    domain::Task stored = task;
    stored.id = conn_.reserve_id("tasks");
    Query q = conn_.query("");
    q.bind_all(stored.id, task.organisation_id, task.title, task.assignee_id, task.due_date,
               domain::to_string(task.status));
    bind_source(q, task.source);
    q.bind(task.created_at);
    q.defer(
        "INSERT INTO tasks (id, organisation_id, title, assignee_id, due_date, status, source_contract_id, "
        "source_due_date, created_at) OVERRIDING SYSTEM VALUE SELECT * FROM unnest($1::bigint[], $2::bigint[], "
        "$3::text[], $4::bigint[], $5::date[], $6::text[], $7::bigint[], $8::date[], $9::bigint[])");
    return stored;
  }
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
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

app::Page<domain::Task> PgTaskRepository::list(Id organisation_id, const app::WorkQuery& query,
                                               app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  const auto where = [&](Query& q) {
    q.append("WHERE organisation_id = " + q.arg(organisation_id));
    if (query.assignee_id) q.append(" AND assignee_id = " + q.arg(*query.assignee_id));
    if (query.status) q.append(" AND status = " + q.arg(domain::to_string(*query.status)));
  };
  auto out = empty_page<domain::Task>(page);
  {
    Query count = conn_.query("SELECT count(*) FROM tasks ");
    where(count);
    out.total = count.run().row(0).int64(0);
  }
  // The order of the indexes tasks_assignee and tasks_due.
  Query q = conn_.query(std::string(kSelect));
  where(q);
  q.append(" ORDER BY due_date ASC NULLS LAST, id LIMIT " + q.arg(std::int64_t{page.per_page}) + " OFFSET " +
           q.arg(page.offset()));
  for (const Row row : q.run()) out.items.push_back(read_row(row));
  return out;
}

void PgTaskRepository::update(const domain::Task& task) {
  const Result updated = conn_
                             .query(
                                 "UPDATE tasks SET title = $1, assignee_id = $2, due_date = $3, status = $4 "
                                 "WHERE organisation_id = $5 AND id = $6")
                             .bind_all(task.title, task.assignee_id, task.due_date, domain::to_string(task.status),
                                       task.organisation_id, task.id)
                             .run();
  if (updated.affected() == 0) throw domain::Error::not_found("Aufgabe", "Task");
}

}  // namespace turnus::store::postgres
