#include <array>
#include <string_view>

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

// The pipeline every organisation starts with; position 0 is where created projects land.
constexpr std::array<std::string_view, 5> kInitialStages{"Neu - Erstkontakt", "Angebot erstellt", "Auftrag erteilt",
                                                         "In Ausführung", "Abgeschlossen"};

constexpr std::string_view kColumns = "id, name, time_zone, created_at";

domain::Organisation read_row(const Statement& s) {
  return domain::Organisation{s.int64(0), s.text(1), s.text(2), s.int64(3)};
}

}  // namespace

domain::Organisation SqliteOrganisationRepository::add(const domain::Organisation& organisation) {
  domain::Organisation stored = organisation;
  with_conflict_message({"Eine Organisation mit dem Namen \"" + organisation.name + "\" existiert bereits.",
                         "An organisation named \"" + organisation.name + "\" exists already."},
                        [&] {
                          conn_.prepare("INSERT INTO organisations (name, time_zone, created_at) VALUES (?, ?, ?)")
                              .bind_all(organisation.name, organisation.time_zone, organisation.created_at)
                              .run();
                        });
  stored.id = conn_.last_insert_id();
  for (std::size_t i = 0; i < kInitialStages.size(); ++i) {
    conn_.prepare("INSERT INTO pipeline_stages (organisation_id, name, position) VALUES (?, ?, ?)")
        .bind_all(stored.id, kInitialStages[i], static_cast<int>(i))
        .run();
  }
  conn_.prepare("INSERT INTO order_sequences (organisation_id, next_number) VALUES (?, 1)").bind(stored.id).run();
  return stored;
}

std::optional<domain::Organisation> SqliteOrganisationRepository::find(Id id) {
  Statement s = conn_.prepare("SELECT " + std::string(kColumns) + " FROM organisations WHERE id = ?");
  s.bind(id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::optional<domain::Organisation> SqliteOrganisationRepository::find_by_name(const std::string& name) {
  Statement s = conn_.prepare("SELECT " + std::string(kColumns) + " FROM organisations WHERE name = ?");
  s.bind(name);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::vector<domain::Organisation> SqliteOrganisationRepository::list() {
  Statement s = conn_.prepare("SELECT " + std::string(kColumns) + " FROM organisations ORDER BY name, id");
  std::vector<domain::Organisation> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

// write() began with BEGIN IMMEDIATE: this transaction is the only writer until it ends.
void SqliteOrganisationRepository::lock(Id /*id*/) {}

}  // namespace turnus::store::sqlite
