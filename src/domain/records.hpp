// Plain records of the module around contracts: organisations, people, customers, projects,
// and what actions create. They carry no rules beyond their shape (the rules live in the
// use cases and, for contracts, in Contract). Value types; not thread-safe to share mutably.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/contract.hpp"
#include "domain/date.hpp"

namespace turnus::domain {

// Seconds since the Unix epoch, UTC. Set by the application layer from its Clock.
using Timestamp = std::int64_t;

enum class Role { admin, office, technician };
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

struct Organisation {
  Id id = 0;
  std::string name;
  std::string time_zone = "Europe/Berlin";
  Timestamp created_at = 0;
};

// A user of an organisation; every user is an employee ("Mitarbeiter") who can receive actions.
struct User {
  Id id = 0;
  Id organisation_id = 0;
  std::string email;  // unique within the organisation (docs/adr/0010-email-across-organisations.md)
  std::string name;
  Role role = Role::technician;
  std::string password_hash;  // argon2id, libsodium's encoded string; empty = cannot log in
  bool active = true;
  Timestamp created_at = 0;
};

struct ApiToken {
  Id id = 0;
  Id organisation_id = 0;
  Id user_id = 0;
  std::string label;
  std::string token_hash;  // hex SHA-256 of the secret; the secret itself is never stored
  Timestamp created_at = 0;
  std::optional<Timestamp> last_used_at{};  // written at most about once a minute
  std::optional<Timestamp> expires_at{};    // none: until revoked
  std::optional<Timestamp> revoked_at{};    // revoked tokens never authenticate again
};

struct Customer {
  Id id = 0;
  Id organisation_id = 0;
  std::string name;
  std::string email;
  std::string phone;
  std::string address;
  Timestamp created_at = 0;
};

struct PipelineStage {
  Id id = 0;
  Id organisation_id = 0;
  std::string name;
  int position = 0;  // 0 is "Neu - Erstkontakt"
};

// Which contract occurrence created a record.
struct Source {
  Id contract_id = 0;
  Date due_date;
  bool operator==(const Source&) const = default;
};

struct Project {
  Id id = 0;
  Id organisation_id = 0;
  Id customer_id = 0;
  std::string name;
  Id stage_id = 0;
  std::optional<Id> main_contact_employee_id;
  std::optional<Source> source;
  Timestamp created_at = 0;
};

enum class WorkStatus { open, done };

struct Task {
  Id id = 0;
  Id organisation_id = 0;
  std::string title;
  Id assignee_id = 0;
  std::optional<Date> due_date;
  WorkStatus status = WorkStatus::open;
  std::optional<Source> source;
  Timestamp created_at = 0;
};

struct Order {
  Id id = 0;
  Id organisation_id = 0;
  std::int64_t number = 0;  // per organisation, gap-free
  std::string title;
  std::optional<Id> customer_id;
  Id assignee_id = 0;
  std::optional<Date> due_date;
  WorkStatus status = WorkStatus::open;
  std::optional<Source> source;
  Timestamp created_at = 0;
};

struct Notification {
  Id id = 0;
  Id organisation_id = 0;
  Id recipient_id = 0;
  std::string text;
  bool read = false;
  std::string link;
  std::optional<Source> source;
  Timestamp created_at = 0;
};

enum class ExecutionKind { action, reminder };
enum class ExecutionTrigger { scheduler, manual, catch_up };
enum class ExecutionOutcome { executed, skipped, failed };

// One row per (contract, occurrence, kind): the store's unique key makes a second
// execution of the same occurrence impossible to commit.
struct Execution {
  Id id = 0;
  Id organisation_id = 0;
  Id contract_id = 0;
  Date due_date;
  ExecutionKind kind = ExecutionKind::action;
  ExecutionTrigger trigger = ExecutionTrigger::scheduler;
  ExecutionOutcome outcome = ExecutionOutcome::executed;
  std::string reason;        // for skipped / failed
  std::string created_type;  // "project" | "task" | "notification" | "order" | ""
  std::optional<Id> created_id;
  std::optional<Id> triggered_by;  // user, for manual triggers
  Timestamp executed_at = 0;
};

struct Document {
  Id id = 0;
  Id organisation_id = 0;
  Id contract_id = 0;
  std::string file_name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  Id uploaded_by = 0;
  Timestamp created_at = 0;
};

// A browser session of a password login. Only the SHA-256 of the cookie's secret is kept,
// so a copy of the database logs no one in.
struct Session {
  Id id = 0;
  Id organisation_id = 0;
  Id user_id = 0;
  std::string secret_hash;  // hex SHA-256 of the cookie's secret
  std::string csrf_token;
  Timestamp created_at = 0;
  Timestamp expires_at = 0;    // slides forward while the session is used
  Timestamp last_seen_at = 0;  // written at most once a minute
};

struct AuditEntry {
  Id id = 0;
  Id organisation_id = 0;
  std::optional<Id> actor_id;  // nullopt: the scheduler or the command line
  std::string action;          // e.g. "contract.create"
  std::string entity;          // e.g. "contract"
  Id entity_id = 0;
  std::string detail;  // JSON text
  Timestamp at = 0;
};

std::string_view to_string(ExecutionKind kind);
std::string_view to_string(ExecutionTrigger trigger);
std::string_view to_string(ExecutionOutcome outcome);
std::string_view to_string(WorkStatus status);
std::optional<ExecutionKind> execution_kind_from_string(std::string_view text);
std::optional<ExecutionTrigger> execution_trigger_from_string(std::string_view text);
std::optional<ExecutionOutcome> execution_outcome_from_string(std::string_view text);
std::optional<WorkStatus> work_status_from_string(std::string_view text);

}  // namespace turnus::domain
