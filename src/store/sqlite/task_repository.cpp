#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

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
  Statement s = conn_.prepare(
      "SELECT id, organisation_id, title, assignee_id, due_date, status, source_contract_id, source_due_date, "
      "created_at FROM tasks WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
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

}  // namespace turnus::store::sqlite
