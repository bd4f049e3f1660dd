#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, customer_id, name, stage_id, main_contact_employee_id, source_contract_id, "
    "source_due_date, created_at FROM projects ";

domain::Project read_row(const Row& r) {
  domain::Project p;
  p.id = r.int64(0);
  p.organisation_id = r.int64(1);
  p.customer_id = r.int64(2);
  p.name = r.text(3);
  p.stage_id = r.int64(4);
  p.main_contact_employee_id = r.optional_int64(5);
  p.source = source_at(r, 6);
  p.created_at = r.int64(8);
  return p;
}

}  // namespace

domain::Project PgProjectRepository::add(const domain::Project& project) {
  Query q = conn_.query(
      "INSERT INTO projects (organisation_id, customer_id, name, stage_id, main_contact_employee_id, "
      "source_contract_id, source_due_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
  q.bind_all(project.organisation_id, project.customer_id, project.name, project.stage_id,
             project.main_contact_employee_id);
  bind_source(q, project.source);
  q.bind(project.created_at);
  domain::Project stored = project;
  stored.id = returned_id(q.run());
  return stored;
}

std::optional<domain::Project> PgProjectRepository::find(Id organisation_id, Id id) {
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

app::Page<domain::Project> PgProjectRepository::list(Id organisation_id, app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  app::Page<domain::Project> out;
  out.page = page.page;
  out.per_page = page.per_page;
  out.total = conn_.query("SELECT count(*) FROM projects WHERE organisation_id = $1")
                  .bind(organisation_id)
                  .run()
                  .row(0)
                  .int64(0);
  // Newest first: the list is where created projects (also by contracts) show up.
  for (const Row row :
       conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3")
           .bind_all(organisation_id, std::int64_t{page.per_page}, page.offset())
           .run()) {
    out.items.push_back(read_row(row));
  }
  return out;
}

}  // namespace turnus::store::postgres
