#include <string_view>

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, title, assignee_id, due_date, status, source_contract_id, source_due_date, "
    "created_at FROM tasks ";

domain::Task read_row(const Statement& s) {
  domain::Task t;
  t.id = s.int64(0);
  t.organisation_id = s.int64(1);
  t.title = s.text(2);
  t.assignee_id = s.int64(3);
  t.due_date = s.optional_date(4);
  const std::string status = s.text(5);
  t.status = parse_enum(domain::work_status_from_string(status), status);
  t.source = source_at(s, 6);
  t.created_at = s.int64(8);
  return t;
}

}  // namespace

domain::Task SqliteTaskRepository::add(const domain::Task& task) {
  Statement s = conn_.prepare(
      "INSERT INTO tasks (organisation_id, title, assignee_id, due_date, status, source_contract_id, "
      "source_due_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind_all(task.organisation_id, task.title, task.assignee_id, task.due_date, domain::to_string(task.status));
  bind_source(s, task.source);
  s.bind(task.created_at).run();
  domain::Task stored = task;
  stored.id = conn_.last_insert_id();
  return stored;
}

std::optional<domain::Task> SqliteTaskRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

app::Page<domain::Task> SqliteTaskRepository::list(Id organisation_id, const app::WorkQuery& query,
                                                   app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  Conditions where;
  if (query.assignee_id) where.add("assignee_id = ?", *query.assignee_id);
  if (query.status) where.add("status = ?", std::string(domain::to_string(*query.status)));

  auto out = empty_page<domain::Task>(page);
  {
    Statement count = conn_.prepare("SELECT count(*) FROM tasks WHERE organisation_id = ?" + where.sql);
    count.bind(organisation_id);
    where.bind(count);
    count.step();
    out.total = count.int64(0);
  }
  // Spelled like the indexes tasks_assignee and tasks_due, so the page is read off them.
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ?" + where.sql +
                              " ORDER BY due_date IS NULL, due_date, id LIMIT ? OFFSET ?");
  s.bind(organisation_id);
  where.bind(s);
  s.bind_all(std::int64_t{page.per_page}, page.offset());
  while (s.step()) out.items.push_back(read_row(s));
  return out;
}

void SqliteTaskRepository::update(const domain::Task& task) {
  conn_
      .prepare(
          "UPDATE tasks SET title = ?, assignee_id = ?, due_date = ?, status = ? WHERE organisation_id = ? AND id = ?")
      .bind_all(task.title, task.assignee_id, task.due_date, domain::to_string(task.status), task.organisation_id,
                task.id)
      .run();
  if (conn_.changes() == 0) throw domain::Error::not_found("Aufgabe", "Task");
}

}  // namespace turnus::store::sqlite
