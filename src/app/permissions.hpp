// Who may do what (product.md, "Organisations and people"). Pure functions; thread-safe.
#pragma once

#include "app/use_cases.hpp"

namespace turnus::app {

enum class Permission {
  read_contracts,    // every role
  manage_contracts,  // admin, office
  manage_people,     // admin
  operate,           // admin: the scheduler's status and failures
};

bool allows(domain::Role role, Permission permission);
// Throws Error(forbidden) when the actor's role does not allow `permission`.
void require(const Actor& actor, Permission permission);

}  // namespace turnus::app
