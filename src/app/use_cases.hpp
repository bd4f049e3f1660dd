// UseCases: every use case of turnus, in one place. The HTTP handlers and the CLI call
// these and nothing deeper; each runs in one transaction of the Database it was given.
//
// Thread-safe: holds only references to thread-safe services; each call opens its own
// transaction.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/passwords.hpp"
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

// A page of contracts and the organisation's date today ("due_soon" depends on it), read
// in one transaction.
struct ContractPage : ContractListPage {
  domain::Date today;
};

struct Services {
  Database& db;
  const Clock& clock;
  const TimeZones& zones;
  const Secrets& secrets;
  // Passwords refused as too common (rules::check_password). Null: none are, only the
  // length and e-mail rules apply (docs/adr/0009-passwords.md says when that happens).
  const PasswordList* common_passwords = nullptr;
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

// An API token as lists show it: never its secret or hash.
struct TokenInfo {
  domain::ApiToken token;
  std::string user_name;
  std::string user_email;
};
// A new token and its secret, which exists only in this answer.
struct CreatedToken {
  TokenInfo info;
  std::string secret;
};
// `turnus token create`: the user by e-mail address, and by organisation name where the
// address is in several.
struct TokenRequest {
  std::string email;
  std::string organisation;  // empty: the address must be in one organisation only
  std::string label;
  std::optional<int> expires_in_days;  // kMinTokenDays–kMaxTokenDays; none: until revoked
};
inline constexpr int kMinTokenDays = 1;
inline constexpr int kMaxTokenDays = 3650;

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

// What one pass did in one organisation.
struct OrganisationPass {
  Id organisation_id = 0;
  domain::Timestamp as_of = 0;  // the instant the pass ran as of in this organisation
  int executed = 0;
  int caught_up = 0;
  int skipped = 0;
  int reminded = 0;
  int failed = 0;
};

struct PassReport {
  int organisations = 0;
  int executed = 0;          // actions run, including catch-up
  int caught_up = 0;         // of those, occurrences whose date had already passed
  int skipped = 0;           // occurrences of inactive contracts (and reminders whose occurrence had passed)
  int reminded = 0;          // reminders sent
  int failed = 0;            // occurrences whose action or reminder failed; retried on the next pass
  bool interrupted = false;  // stopped early on request; the rest is left for the next pass
  std::vector<std::string> failures;
  std::vector<OrganisationPass> per_organisation;
};

// GET /api/v1/scheduler/status: the organisation's last pass, what falls due next, and the
// occurrences whose last attempt failed.
struct SchedulerStatus {
  std::optional<SchedulerPassRecord> last_pass;
  std::optional<domain::Date> next_due_day;
  std::optional<domain::Timestamp> next_due_at;  // 00:00 of that day in the organisation's zone
  std::vector<domain::Execution> failures;
};

// --- Issue 4 (HTTP API) inputs and outputs --------------------------------------------

// A browser session started by a password login. `secret` goes into the HttpOnly cookie
// and is stored only as its SHA-256; `csrf_token` must accompany unsafe requests.
struct SessionStart {
  std::string secret;
  std::string csrf_token;
  domain::User user;
  domain::Timestamp expires_at = 0;
};

struct SessionInfo {
  Actor actor;
  std::string csrf_token;
};

// Optional fields of a PATCH: nullopt = leave as it is.
struct CustomerFields {
  std::string name;
  std::string email;
  std::string phone;
  std::string address;
};
struct CustomerPatch {
  std::optional<std::string> name, email, phone, address;
};

struct ProjectFilter {
  std::optional<Id> customer_id;
  std::optional<Id> stage_id;
  std::optional<Id> main_contact_employee_id;
  std::string query;  // substring of the project name
};
struct ProjectFields {
  Id customer_id = 0;
  std::string name;
  std::optional<Id> stage_id;  // none: the first stage, "Neu - Erstkontakt"
  std::optional<Id> main_contact_employee_id;
};
struct ProjectPatch {
  std::optional<std::string> name;
  std::optional<Id> customer_id;
  std::optional<Id> stage_id;
  std::optional<std::optional<Id>> main_contact_employee_id;  // inner nullopt: remove
};

struct EmployeeFields {
  std::string email;
  std::string name;
  domain::Role role = domain::Role::technician;
  std::optional<std::string> password;
};
struct EmployeePatch {
  std::optional<std::string> email, name;
  std::optional<domain::Role> role;
  std::optional<bool> active;  // employees are deactivated, never deleted
  std::optional<std::string> password;
};

// Tasks and orders. A technician always sees only their own, whatever the filter says.
struct WorkFilter {
  std::optional<Id> assignee_id;
  std::optional<domain::WorkStatus> status;
  std::optional<Id> customer_id;  // orders only
};
struct TaskPatch {
  std::optional<std::string> title;
  std::optional<Id> assignee_id;
  std::optional<std::optional<domain::Date>> due_date;
  std::optional<domain::WorkStatus> status;
};
struct OrderPatch {
  std::optional<std::string> title;
  std::optional<Id> assignee_id;
  std::optional<std::optional<domain::Date>> due_date;
  std::optional<domain::WorkStatus> status;
};

struct NotificationFilter {
  std::optional<Id> recipient_id;  // admin/office may look at others'; technicians see their own
  std::optional<bool> read;
};

struct DocumentUpload {
  std::string file_name;                // as the client sent it; sanitised by the use case
  std::shared_ptr<ByteSource> content;  // the bytes (a spooled upload; bytes_of() in tests)
  std::string content_type;             // detected from the bytes by the caller's sniffer (libmagic)
};
struct DocumentContent {
  domain::Document document;
  std::string content;
};

class UseCases {
 public:
  explicit UseCases(Services services) : s_(services) {}

  // --- Organisations, people, access -------------------------------------------------
  UserAdded add_user(const NewUser& user);
  // A new API token for the user with this e-mail (the command line; tokens.cpp). Throws
  // Error(validation) on field "org" when the address is in several organisations and
  // `organisation` names none of them alone.
  CreatedToken create_token(const TokenRequest& request);
  // The same without organisation or expiry; returns the secret, which is not kept.
  std::string create_token(const std::string& email, const std::string& label);
  // The unrevoked tokens of the user with this e-mail, newest first (`turnus token list`).
  std::vector<TokenInfo> user_tokens(const std::string& email, const std::string& organisation);
  // Any organisation's token (`turnus token revoke ID`); not_found when unknown or revoked.
  void revoke_token(Id id);
  // Admin only: the organisation's unrevoked tokens, one of them, a new one for one of its
  // active employees (validation on "user_id", "label", "expires_in_days"), and revoking.
  std::vector<TokenInfo> list_tokens(const Actor& actor);
  TokenInfo get_token(const Actor& actor, Id id);
  CreatedToken create_token(const Actor& actor, Id user_id, const std::string& label,
                            std::optional<int> expires_in_days);
  void revoke_token(const Actor& actor, Id id);
  // The actor of an unrevoked, unexpired token of an active user; records its use (at most
  // about once a minute).
  std::optional<Actor> authenticate_token(const std::string& secret);
  // The actor whose password this is, when exactly one active account with the address has
  // it. No throttle and no session: for tests and tools; the browser's way in is login().
  std::optional<Actor> authenticate_password(const std::string& email, const std::string& password);
  // On an installation without any organisation: a demo organisation with an admin, whose
  // password is returned once, and sample data (employees, customers, projects, contracts
  // starting in the coming days). Otherwise nullopt.
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
  ContractPage list_contracts(const Actor& actor, const ContractFilter& filter, PageRequest page);
  std::vector<domain::Date> upcoming_occurrences(const Actor& actor, Id id, int count);
  std::vector<domain::Execution> contract_executions(const Actor& actor, Id id);

  // --- Sessions and the current user ---------------------------------------------------
  // Throws Error(unauthenticated) for a wrong e-mail or password (the same message for
  // both), Error(rate_limited) while the login throttle holds this attempt back
  // (sessions.cpp), and Error(validation) on field "organisation" when the password is
  // right for accounts of several organisations and `organisation` (a name) names none of
  // them alone.
  SessionStart login(const std::string& email, const std::string& password, const std::string& client_address,
                     const std::string& organisation = {});
  std::optional<SessionInfo> authenticate_session(const std::string& secret);
  void logout(const std::string& secret);
  domain::User me(const Actor& actor);

  // --- Customers -----------------------------------------------------------------------
  Page<domain::Customer> list_customers(const Actor& actor, const std::string& query, PageRequest page);
  // The organisation's customers among `ids` (1–kMaxLookupIds), in the order asked, each
  // once; an id of another organisation or of no customer is left out, as if it did not
  // exist. One request for the names of a page of contracts.
  std::vector<domain::Customer> find_customers(const Actor& actor, const std::vector<Id>& ids);
  domain::Customer get_customer(const Actor& actor, Id id);
  domain::Customer create_customer(const Actor& actor, const CustomerFields& fields);
  domain::Customer update_customer(const Actor& actor, Id id, const CustomerPatch& patch);
  // Refused (conflict) while projects or contracts refer to the customer.
  void delete_customer(const Actor& actor, Id id);

  // --- Projects and the pipeline -------------------------------------------------------
  std::vector<domain::PipelineStage> pipeline_stages(const Actor& actor);
  Page<domain::Project> list_projects(const Actor& actor, const ProjectFilter& filter, PageRequest page);
  // As find_customers, for projects; a technician's answer holds only the projects
  // get_project shows them.
  std::vector<domain::Project> find_projects(const Actor& actor, const std::vector<Id>& ids);
  domain::Project get_project(const Actor& actor, Id id);
  domain::Project create_project(const Actor& actor, const ProjectFields& fields);
  domain::Project update_project(const Actor& actor, Id id, const ProjectPatch& patch);

  // --- Employees (users) ---------------------------------------------------------------
  Page<domain::User> list_employees(const Actor& actor, PageRequest page);
  domain::User get_employee(const Actor& actor, Id id);
  domain::User create_employee(const Actor& actor, const EmployeeFields& fields);
  domain::User update_employee(const Actor& actor, Id id, const EmployeePatch& patch);

  // --- Tasks, orders, notifications ----------------------------------------------------
  Page<domain::Task> list_tasks(const Actor& actor, const WorkFilter& filter, PageRequest page);
  domain::Task update_task(const Actor& actor, Id id, const TaskPatch& patch);
  Page<domain::Order> list_orders(const Actor& actor, const WorkFilter& filter, PageRequest page);
  domain::Order get_order(const Actor& actor, Id id);
  domain::Order update_order(const Actor& actor, Id id, const OrderPatch& patch);
  Page<domain::Notification> list_notifications(const Actor& actor, const NotificationFilter& filter, PageRequest page);
  std::int64_t unread_notifications(const Actor& actor);  // the bell's count, the actor's own
  domain::Notification mark_notification_read(const Actor& actor, Id id);

  // --- Documents of a contract ---------------------------------------------------------
  std::vector<domain::Document> contract_documents(const Actor& actor, Id contract_id);
  // Refused (conflict) on archived contracts.
  domain::Document add_document(const Actor& actor, Id contract_id, const DocumentUpload& upload);
  // The document and all of its bytes at once: for tools and tests. The HTTP download reads
  // it piece by piece (document_piece).
  DocumentContent document_content(const Actor& actor, Id id);
  // Up to `max` bytes of the document from `offset`, each call in a read transaction of its
  // own; not_found once the document is gone (deleted while it was being downloaded).
  // `sha256`, when given, pins the document: another document that got its id (SQLite
  // reuses the highest id after a delete) is not found either.
  std::string document_piece(const Actor& actor, Id id, std::int64_t offset, std::size_t max,
                             std::string_view sha256 = {});
  domain::Document get_document(const Actor& actor, Id id);
  void delete_document(const Actor& actor, Id id);  // refused (conflict) on archived contracts

  // --- Scheduler -----------------------------------------------------------------------
  // One pass: every occurrence due on or before `when` in each organisation is executed
  // (skipped for inactive contracts) together with its execution record and the contract's
  // advance, in transactions of up to `batch_size` contracts. Safe to run concurrently in
  // several processes: each contract is claimed by exactly one of them.
  // `stop`, when given, is checked between batches: once it is true the pass ends after the
  // batch in progress (report.interrupted), so a shutdown does not wait for a long catch-up.
  PassReport run_due_occurrences(const PassTime& when, int batch_size = 500, const std::atomic<bool>* stop = nullptr);
  // Stores each organisation's part of `report` as its last pass (shared by all instances).
  // `started_at`: by the clock; `duration_ms`: measured by the caller; `instance`: who ran it.
  void record_pass(const PassReport& report, domain::Timestamp started_at, std::int64_t duration_ms,
                   const std::string& instance);
  // The earliest instant at which something falls due in any organisation (00:00 of the day
  // in its time zone); nullopt when nothing is scheduled at all. May lie in the past when
  // an occurrence keeps failing.
  std::optional<domain::Timestamp> next_wakeup();
  // Admin only.
  SchedulerStatus scheduler_status(const Actor& actor);
  // Tells `notifier` about every committed contract change from now on. Call during
  // set-up, before other threads use this object.
  void set_change_notifier(ChangeNotifier* notifier) { changes_ = notifier; }

  // The organisation's calendar date now, in its time zone.
  domain::Date today(const Actor& actor);

  // The organisation's calendar date now, in its time zone.
  domain::Date today(Tx& tx, Id organisation_id) const;

 private:
  // The demo organisation's employees, customers, projects and contracts (demo.cpp).
  void seed_demo_data(const Actor& admin);
  // Stores a token for `user` with its audit entry (`by`: the admin; none: the command line).
  CreatedToken issue_token(Tx& tx, const domain::User& user, const std::string& label,
                           std::optional<int> expires_in_days, std::optional<Id> by, domain::Timestamp now,
                           const std::string& secret) const;

  void contracts_changed() const noexcept {
    if (changes_ != nullptr) changes_->contracts_changed();
  }

  Services s_;
  ChangeNotifier* changes_ = nullptr;
};

}  // namespace turnus::app
