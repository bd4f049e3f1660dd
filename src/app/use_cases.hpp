// UseCases: every use case of turnus, in one place. The HTTP handlers and the CLI call
// these and nothing deeper; each runs in one transaction of the Database it was given.
//
// Thread-safe: holds only references to thread-safe services; each call opens its own
// transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/repositories.hpp"
#include "app/services.hpp"
#include "domain/contract.hpp"
#include "domain/records.hpp"

namespace turnus::app {

// Who is asking: an organisation, the user (none for the scheduler and the command line)
// and the role that decides what is allowed.
struct Actor {
  Id organisation_id = 0;
  std::optional<Id> user_id;
  domain::Role role = domain::Role::technician;
  static Actor system(Id organisation_id) { return {organisation_id, std::nullopt, domain::Role::admin}; }
};

struct Services {
  Database& db;
  const Clock& clock;
  const TimeZones& zones;
  const Secrets& secrets;
};

struct NewUser {
  std::string organisation;  // created when it does not exist yet
  std::string time_zone = "Europe/Berlin";
  std::string email;
  std::string name;
  domain::Role role = domain::Role::technician;
  std::optional<std::string> password;  // none: the user cannot log in with a password
};

struct UserAdded {
  domain::Organisation organisation;
  domain::User user;
  bool organisation_created = false;
};

struct DemoLogin {
  std::string organisation;
  std::string email;
  std::string password;
};

// When a scheduler pass runs: an instant, or a bare date that means 00:00 of that date in
// each organisation's own time zone.
struct PassTime {
  std::optional<domain::Timestamp> instant;
  std::optional<domain::Date> local_date;
};

struct PassReport {
  int organisations = 0;
  int executed = 0;   // actions run, including catch-up
  int caught_up = 0;  // of those, occurrences whose date had already passed
  int skipped = 0;    // occurrences of inactive contracts
  int failed = 0;     // contracts whose action failed; retried on the next pass
  std::vector<std::string> failures;
};

class UseCases {
 public:
  explicit UseCases(Services services) : s_(services) {}

  // --- Organisations, people, access -------------------------------------------------
  UserAdded add_user(const NewUser& user);
  // A new API token for the user with this e-mail; returns the secret, which is not kept.
  std::string create_token(const std::string& email, const std::string& label);
  std::optional<Actor> authenticate_token(const std::string& secret);
  std::optional<Actor> authenticate_password(const std::string& email, const std::string& password);
  // On an installation without any organisation: a demo organisation with an admin, whose
  // password is returned once. Otherwise nullopt.
  std::optional<DemoLogin> ensure_demo_organisation();

  // --- Maintenance contracts ---------------------------------------------------------
  domain::Contract create_contract(const Actor& actor, const domain::ContractDraft& draft);
  domain::Contract edit_contract(const Actor& actor, Id id, std::int64_t version, const domain::ContractDraft& draft);
  domain::Contract deactivate_contract(const Actor& actor, Id id);
  domain::Contract activate_contract(const Actor& actor, Id id);
  domain::Contract archive_contract(const Actor& actor, Id id);
  // Runs the action of the next due occurrence now, in one transaction with its execution.
  domain::Execution trigger_contract(const Actor& actor, Id id);
  domain::Contract get_contract(const Actor& actor, Id id);
  Page<domain::Contract> list_contracts(const Actor& actor, const ContractFilter& filter, PageRequest page);
  std::vector<domain::Date> upcoming_occurrences(const Actor& actor, Id id, int count);
  std::vector<domain::Execution> contract_executions(const Actor& actor, Id id);

  // --- Scheduler -----------------------------------------------------------------------
  // One pass: every occurrence due on or before `when` in each organisation is executed
  // (skipped for inactive contracts) together with its execution record and the contract's
  // advance, in transactions of up to `batch_size` contracts. Safe to run concurrently in
  // several processes: each contract is claimed by exactly one of them.
  PassReport run_due_occurrences(const PassTime& when, int batch_size = 500);

  // The organisation's calendar date now, in its time zone.
  domain::Date today(Tx& tx, Id organisation_id) const;

 private:
  Services s_;
};

}  // namespace turnus::app
