#include <array>
#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

// The pipeline every organisation starts with; position 0 is where created projects land.
constexpr std::array<std::string_view, 5> kInitialStages{"Neu - Erstkontakt", "Angebot erstellt", "Auftrag erteilt",
                                                         "In Ausführung", "Abgeschlossen"};

constexpr std::string_view kSelect = "SELECT id, name, time_zone, created_at FROM organisations ";

domain::Organisation read_row(const Row& r) {
  return domain::Organisation{r.int64(0), r.text(1), r.text(2), r.int64(3)};
}

}  // namespace

domain::Organisation PgOrganisationRepository::add(const domain::Organisation& organisation) {
  const Result inserted = conn_
                              .query(
                                  "INSERT INTO organisations (name, time_zone, created_at) VALUES ($1, $2, $3) "
                                  "ON CONFLICT DO NOTHING RETURNING id")
                              .bind_all(organisation.name, organisation.time_zone, organisation.created_at)
                              .run();
  if (inserted.empty()) {
    throw domain::Error::conflict({"Eine Organisation mit dem Namen \"" + organisation.name + "\" existiert bereits.",
                                   "An organisation named \"" + organisation.name + "\" exists already."});
  }
  domain::Organisation stored = organisation;
  stored.id = returned_id(inserted);
  // All stages in one statement: one round trip instead of five.
  Query stages = conn_.query("");
  const std::string org = stages.arg(stored.id);
  std::string values;
  for (std::size_t i = 0; i < kInitialStages.size(); ++i) {
    values += (i == 0 ? "(" : ", (") + org + ", " + stages.arg(kInitialStages[i]) + ", " +
              stages.arg(static_cast<int>(i)) + ")";
  }
  stages.append("INSERT INTO pipeline_stages (organisation_id, name, position) VALUES " + values).run();
  conn_.query("INSERT INTO order_sequences (organisation_id, next_number) VALUES ($1, 1)").bind(stored.id).run();
  return stored;
}

std::optional<domain::Organisation> PgOrganisationRepository::find(Id id) {
  const Result r = conn_.query(std::string(kSelect) + "WHERE id = $1").bind(id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

std::optional<domain::Organisation> PgOrganisationRepository::find_by_name(const std::string& name) {
  const Result r = conn_.query(std::string(kSelect) + "WHERE name = $1").bind(name).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

std::vector<domain::Organisation> PgOrganisationRepository::list() {
  std::vector<domain::Organisation> out;
  for (const Row row : conn_.query(std::string(kSelect) + "ORDER BY name, id").run()) out.push_back(read_row(row));
  return out;
}

void PgOrganisationRepository::lock(Id id) {
  conn_.query("SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE").bind(id).run();
}

}  // namespace turnus::store::postgres
