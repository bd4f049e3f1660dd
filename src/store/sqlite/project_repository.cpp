#include <string_view>

#include "store/sqlite/repositories.hpp"
#include "store/text_fold.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, customer_id, name, stage_id, main_contact_employee_id, source_contract_id, "
    "source_due_date, created_at FROM projects ";

domain::Project read_row(const Statement& s) {
  domain::Project p;
  p.id = s.int64(0);
  p.organisation_id = s.int64(1);
  p.customer_id = s.int64(2);
  p.name = s.text(3);
  p.stage_id = s.int64(4);
  p.main_contact_employee_id = s.optional_int64(5);
  p.source = source_at(s, 6);
  p.created_at = s.int64(8);
  return p;
}

}  // namespace

domain::Project SqliteProjectRepository::add(const domain::Project& project) {
  Statement s = conn_.prepare(
      "INSERT INTO projects (organisation_id, customer_id, name, name_folded, stage_id, main_contact_employee_id, "
      "source_contract_id, source_due_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind_all(project.organisation_id, project.customer_id, project.name, fold(project.name), project.stage_id,
             project.main_contact_employee_id);
  bind_source(s, project.source);
  s.bind(project.created_at).run();
  domain::Project stored = project;
  stored.id = conn_.last_insert_id();
  return stored;
}

std::optional<domain::Project> SqliteProjectRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

app::Page<domain::Project> SqliteProjectRepository::list(Id organisation_id, const app::ProjectQuery& query,
                                                         app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  Conditions where;
  if (query.customer_id) where.add("customer_id = ?", *query.customer_id);
  if (query.stage_id) where.add("stage_id = ?", *query.stage_id);
  if (query.main_contact_employee_id) where.add("main_contact_employee_id = ?", *query.main_contact_employee_id);
  // instr() instead of LIKE: the text is matched literally, no escaping of % and _.
  if (!query.text.empty()) where.add("instr(name_folded, ?) > 0", fold(query.text));

  auto out = empty_page<domain::Project>(page);
  {
    Statement count = conn_.prepare("SELECT count(*) FROM projects WHERE organisation_id = ?" + where.sql);
    count.bind(organisation_id);
    where.bind(count);
    count.step();
    out.total = count.int64(0);
  }
  // Newest first: the list is where created projects (also by contracts) show up.
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ?" + where.sql +
                              " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
  s.bind(organisation_id);
  where.bind(s);
  s.bind_all(std::int64_t{page.per_page}, page.offset());
  while (s.step()) out.items.push_back(read_row(s));
  return out;
}

void SqliteProjectRepository::update(const domain::Project& project) {
  conn_
      .prepare(
          "UPDATE projects SET customer_id = ?, name = ?, name_folded = ?, stage_id = ?, "
          "main_contact_employee_id = ? WHERE organisation_id = ? AND id = ?")
      .bind_all(project.customer_id, project.name, fold(project.name), project.stage_id,
                project.main_contact_employee_id, project.organisation_id, project.id)
      .run();
  if (conn_.changes() == 0) throw domain::Error::not_found("Projekt", "Project");
}

}  // namespace turnus::store::sqlite
