#include "app/use_cases.hpp"

#include "app/permissions.hpp"

namespace turnus::app {

using domain::Error;
using domain::ErrorKind;
using domain::Role;

bool allows(Role role, Permission permission) {
  switch (permission) {
    case Permission::read_contracts: return true;
    case Permission::manage_contracts: return role == Role::admin || role == Role::office;
    case Permission::manage_people:
    case Permission::operate: return role == Role::admin;
  }
  return false;
}

void require(const Actor& actor, Permission permission) {
  if (!allows(actor.role, permission)) {
    throw Error(ErrorKind::forbidden, {"Dafür fehlt die Berechtigung.", "You are not allowed to do this."});
  }
}

domain::Date UseCases::today(Tx& tx, Id organisation_id) const {
  const std::optional<domain::Organisation> org = tx.organisations().find(organisation_id);
  if (!org) throw Error::not_found("Organisation", "Organisation");
  return s_.zones.local_date(s_.clock.now(), org->time_zone);
}

domain::Date UseCases::today(const Actor& actor) {
  return read(s_.db, [&](Tx& tx) { return today(tx, actor.organisation_id); });
}

}  // namespace turnus::app
