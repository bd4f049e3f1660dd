#include <string_view>

#include "store/postgres/repositories.hpp"
#include "store/text_fold.hpp"

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
  if (conn_.batching()) {
    domain::Project stored = project;
    stored.id = conn_.reserve_id("projects");
    Query q = conn_.query("");
    q.bind_all(stored.id, project.organisation_id, project.customer_id, project.name, fold(project.name),
               project.stage_id, project.main_contact_employee_id);
    bind_source(q, project.source);
    q.bind(project.created_at);
    q.defer(
        "INSERT INTO projects (id, organisation_id, customer_id, name, name_folded, stage_id, "
        "main_contact_employee_id, "
        "source_contract_id, source_due_date, created_at) OVERRIDING SYSTEM VALUE SELECT * FROM unnest($1::bigint[], "
        "$2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::date[], "
        "$10::bigint[])");
    return stored;
  }
  Query q = conn_.query(
      "INSERT INTO projects (organisation_id, customer_id, name, name_folded, stage_id, main_contact_employee_id, "
      "source_contract_id, source_due_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
  q.bind_all(project.organisation_id, project.customer_id, project.name, fold(project.name), project.stage_id,
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

app::Page<domain::Project> PgProjectRepository::list(Id organisation_id, const app::ProjectQuery& query,
                                                     app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  // Conditions are left out when unset rather than made no-ops, so the planner never has
  // to guess which they are.
  const auto where = [&](Query& q) {
    q.append("WHERE organisation_id = " + q.arg(organisation_id));
    if (query.customer_id) q.append(" AND customer_id = " + q.arg(*query.customer_id));
    if (query.stage_id) q.append(" AND stage_id = " + q.arg(*query.stage_id));
    if (query.main_contact_employee_id) {
      q.append(" AND main_contact_employee_id = " + q.arg(*query.main_contact_employee_id));
    }
    if (!query.text.empty()) q.append(" AND name_folded LIKE " + q.arg(contains_pattern(fold(query.text))));
  };
  auto out = empty_page<domain::Project>(page);
  {
    Query count = conn_.query("SELECT count(*) FROM projects ");
    where(count);
    out.total = count.run().row(0).int64(0);
  }
  // Newest first: the list is where created projects (also by contracts) show up.
  Query q = conn_.query(std::string(kSelect));
  where(q);
  q.append(" ORDER BY created_at DESC, id DESC LIMIT " + q.arg(std::int64_t{page.per_page}) + " OFFSET " +
           q.arg(page.offset()));
  for (const Row row : q.run()) out.items.push_back(read_row(row));
  return out;
}

void PgProjectRepository::update(const domain::Project& project) {
  const Result updated = conn_
                             .query(
                                 "UPDATE projects SET customer_id = $1, name = $2, name_folded = $3, stage_id = $4, "
                                 "main_contact_employee_id = $5 WHERE organisation_id = $6 AND id = $7")
                             .bind_all(project.customer_id, project.name, fold(project.name), project.stage_id,
                                       project.main_contact_employee_id, project.organisation_id, project.id)
                             .run();
  if (updated.affected() == 0) throw domain::Error::not_found("Projekt", "Project");
}

}  // namespace turnus::store::postgres
