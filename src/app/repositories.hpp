// The storage the use cases need, as interfaces. src/store implements them for SQLite and
// PostgreSQL with the same behaviour; the shared repository test suite holds both to it.
//
// Every method that touches an organisation's data takes its organisation id and never
// returns another organisation's rows. A repository object belongs to one transaction (Tx)
// and is used from one thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "app/byte_source.hpp"
#include "domain/contract.hpp"
#include "domain/records.hpp"

namespace turnus::app {

using domain::Id;

struct PageRequest {
  int page = 1;       // from 1
  int per_page = 50;  // 1–200
  std::int64_t offset() const { return std::int64_t{page - 1} * per_page; }
};

// How far a list answers exactly (ADR 0006). Counting every match of a broad filter over a
// million contracts costs as much as reading them, and nobody pages that far: totals are
// exact up to kExactTotalLimit matches (beyond, `total` says kExactTotalLimit and
// `total_exact` false: "more than 1,000"), and pages reach the first kPageWindow matches.
inline constexpr std::int64_t kExactTotalLimit = 1000;
inline constexpr std::int64_t kPageWindow = 10'000;
// A free-text filter needs this many characters: shorter ones match a large part of any
// organisation and cannot use the trigram index.
inline constexpr std::size_t kMinQueryCharacters = 3;
// At most this many ids in one lookup by ids (UseCases::find_customers, find_projects): a
// page of the largest size.
inline constexpr std::size_t kMaxLookupIds = 200;

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
  bool total_exact = true;  // false: there are more than `total` matches
  int page = 1;
  int per_page = 50;
};

class OrganisationRepository {
 public:
  virtual ~OrganisationRepository() = default;
  // Also seeds the organisation's pipeline stages and order number sequence.
  virtual domain::Organisation add(const domain::Organisation& organisation) = 0;
  virtual std::optional<domain::Organisation> find(Id id) = 0;
  virtual std::optional<domain::Organisation> find_by_name(const std::string& name) = 0;
  virtual std::vector<domain::Organisation> list() = 0;
  // Holds the organisation's row until the transaction ends, so that rules over several of
  // its rows ("at least one active admin") are checked and kept by one writer at a time.
  // PostgreSQL: SELECT … FOR UPDATE (a second writer waits, then reads the first one's
  // commit); SQLite: nothing, BEGIN IMMEDIATE already admits a single writer.
  virtual void lock(Id id) = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // Throws Error(conflict) when the e-mail address is taken in the user's organisation.
  // Other organisations may have users with the same address (docs/adr/0010).
  virtual domain::User add(const domain::User& user) = 0;
  virtual std::optional<domain::User> find(Id organisation_id, Id id) = 0;
  // Case-insensitive (ASCII), within one organisation.
  virtual std::optional<domain::User> find_by_email(Id organisation_id, const std::string& email) = 0;
  // Every user with this address, in every organisation, by organisation id then id: the
  // login names no organisation. Case-insensitive like find_by_email.
  virtual std::vector<domain::User> with_email(const std::string& email) = 0;
  virtual std::vector<domain::User> list(Id organisation_id) = 0;
  // One page of the organisation's users, by name then id.
  virtual Page<domain::User> page(Id organisation_id, PageRequest page) = 0;
  // Throws Error(conflict) when the new e-mail address is taken in the organisation,
  // not_found for unknown ids.
  virtual void update(const domain::User& user) = 0;
  // Active admins of the organisation: the last one must not go. Callers that act on the
  // count lock the organisation first (OrganisationRepository::lock).
  virtual std::int64_t count_active_admins(Id organisation_id) = 0;
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  virtual domain::ApiToken add(const domain::ApiToken& token) = 0;
  // Revoked and expired ones too: the caller decides.
  virtual std::optional<domain::ApiToken> find_by_hash(const std::string& token_hash) = 0;
  virtual std::optional<domain::ApiToken> find(Id organisation_id, Id id) = 0;
  // Across organisations: for the operator's command line (`turnus token revoke ID`).
  virtual std::optional<domain::ApiToken> find_any(Id id) = 0;
  // The organisation's tokens that are not revoked (expired ones too), newest first; only
  // one user's when `user_id` is given.
  virtual std::vector<domain::ApiToken> list(Id organisation_id, std::optional<Id> user_id) = 0;
  // Sets revoked_at; false when there is no such token or it is revoked already.
  virtual bool revoke(Id organisation_id, Id id, domain::Timestamp at) = 0;
  // Sets last_used_at.
  virtual void touch(Id organisation_id, Id id, domain::Timestamp at) = 0;
};

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  virtual domain::Customer add(const domain::Customer& customer) = 0;
  virtual std::optional<domain::Customer> find(Id organisation_id, Id id) = 0;
  // `query`: case-insensitive substring of the name; empty = all. Sorted by name.
  virtual Page<domain::Customer> list(Id organisation_id, const std::string& query, PageRequest page) = 0;
  // Throws Error(not_found) for unknown or foreign ids.
  virtual void update(const domain::Customer& customer) = 0;
  // What still refers to the customer; it may be deleted only when all are zero.
  struct References {
    std::int64_t projects = 0;
    std::int64_t contracts = 0;
    std::int64_t orders = 0;
    bool any() const { return projects + contracts + orders > 0; }
  };
  virtual References references(Id organisation_id, Id id) = 0;
  // False when there was no such customer. Throws Error(not_found) when a row still refers
  // to it (a foreign-key violation), which the caller checks with references() first.
  virtual bool remove(Id organisation_id, Id id) = 0;
};

class PipelineRepository {
 public:
  virtual ~PipelineRepository() = default;
  virtual std::vector<domain::PipelineStage> stages(Id organisation_id) = 0;  // by position
};

struct ProjectQuery {
  std::optional<Id> customer_id;
  std::optional<Id> stage_id;
  std::optional<Id> main_contact_employee_id;
  std::string text;  // case-insensitive substring of the name; empty = all
};

class ProjectRepository {
 public:
  virtual ~ProjectRepository() = default;
  virtual domain::Project add(const domain::Project& project) = 0;
  virtual std::optional<domain::Project> find(Id organisation_id, Id id) = 0;
  // Newest first (created_at, then id, both descending).
  virtual Page<domain::Project> list(Id organisation_id, const ProjectQuery& query, PageRequest page) = 0;
  // Saves name, customer, stage and main contact. Throws Error(not_found) for unknown ids.
  virtual void update(const domain::Project& project) = 0;
};

// Filters of the task and order lists; every set field must match.
struct WorkQuery {
  std::optional<Id> assignee_id;
  std::optional<domain::WorkStatus> status;
  std::optional<Id> customer_id;  // orders only
};

class TaskRepository {
 public:
  virtual ~TaskRepository() = default;
  virtual domain::Task add(const domain::Task& task) = 0;
  virtual std::optional<domain::Task> find(Id organisation_id, Id id) = 0;
  // By due date (none last), then id.
  virtual Page<domain::Task> list(Id organisation_id, const WorkQuery& query, PageRequest page) = 0;
  // Saves title, assignee, due date and status. Throws Error(not_found) for unknown ids.
  virtual void update(const domain::Task& task) = 0;
};

class OrderRepository {
 public:
  virtual ~OrderRepository() = default;
  // Assigns the organisation's next order number, gap-free, inside the caller's transaction.
  virtual domain::Order add(const domain::Order& order) = 0;
  virtual std::optional<domain::Order> find(Id organisation_id, Id id) = 0;
  // By due date (none last), then id.
  virtual Page<domain::Order> list(Id organisation_id, const WorkQuery& query, PageRequest page) = 0;
  // Saves title, assignee, due date and status (never the number). Throws Error(not_found)
  // for unknown ids.
  virtual void update(const domain::Order& order) = 0;
};

struct NotificationQuery {
  std::optional<Id> recipient_id;
  std::optional<bool> read;
};

class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  virtual domain::Notification add(const domain::Notification& notification) = 0;
  virtual std::optional<domain::Notification> find(Id organisation_id, Id id) = 0;
  virtual std::vector<domain::Notification> for_recipient(Id organisation_id, Id recipient_id) = 0;
  // Newest first (created_at, then id, both descending).
  virtual Page<domain::Notification> list(Id organisation_id, const NotificationQuery& query, PageRequest page) = 0;
  virtual std::int64_t count_unread(Id organisation_id, Id recipient_id) = 0;
  // Throws Error(not_found) for unknown ids.
  virtual void set_read(Id organisation_id, Id id, bool read) = 0;
};

struct ContractFilter {
  std::vector<domain::ContractStatus> statuses = {domain::ContractStatus::active, domain::ContractStatus::inactive};
  std::optional<Id> customer_id;
  std::optional<Id> project_id;
  std::optional<Id> employee_id;
  std::optional<domain::ActionType> action_type;
  std::optional<domain::IntervalUnit> interval_unit;
  std::optional<domain::Date> due_before;  // next_due_date <= due_before
  std::optional<domain::Date> due_after;   // next_due_date >= due_after
  std::string query;                       // substring of contract name or customer name
  enum class Sort { next_due_date, name, customer } sort = Sort::next_due_date;
  bool descending = false;

  // Where a page continues the list: the sort value of the last row the client saw and
  // that row's id. A page after a cursor seeks to it in the sort's index, so it costs what
  // the first page costs however deep it is, and it is not bound to kPageWindow (ADR 0006,
  // addendum "Keyset pages"). Rows without a sort value (no due date left, no customer)
  // come last in both directions, ordered by id.
  struct Cursor {
    Sort sort = Sort::next_due_date;
    bool descending = false;
    // The row's next due date (ISO), folded name or folded customer name; nullopt: none.
    std::optional<std::string> value;
    Id id = 0;  // 0 only without a value: before the first row without a value
  };
  // Continue the list after this row (`after`): only the page reads it; the total still
  // counts every match. Its sort and direction are the filter's own.
  std::optional<Cursor> after;
};

using ContractCursor = ContractFilter::Cursor;

// A page of contracts and the cursor of the page after it: set when the page is full (there
// may be more), from its last row.
struct ContractListPage : Page<domain::Contract> {
  std::optional<ContractCursor> next;
};

class ContractRepository {
 public:
  virtual ~ContractRepository() = default;
  // Stores a new contract (id 0) and returns it with its id and version 1.
  virtual domain::Contract add(const domain::Contract& contract, domain::Timestamp now) = 0;
  virtual std::optional<domain::Contract> find(Id organisation_id, Id id) = 0;
  // Loads the contract, lets `change` modify it, and saves it with version + 1, all in the
  // caller's transaction. Throws Error(not_found) for unknown or foreign ids; nothing is
  // saved when `change` throws.
  virtual domain::Contract update(Id organisation_id, Id id, const std::function<void(domain::Contract&)>& change,
                                  domain::Timestamp now) = 0;
  virtual ContractListPage list(Id organisation_id, const ContractFilter& filter, PageRequest page) = 0;

  // The scheduler's claim: locks and returns up to `limit` active or inactive contracts of
  // the organisation whose next due date is on or before `day` (or, active ones, whose
  // next reminder date is), in no particular order, leaving out `skip`. Rows that another transaction holds are passed
  // over, not waited for (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite's single writer excludes everyone else), so
  // several instances share the due work without blocking each other.
  virtual std::vector<domain::Contract> claim_due(Id organisation_id, domain::Date day, const std::vector<Id>& skip,
                                                  int limit) = 0;
  // Saves a contract this transaction claimed or loaded, with version + 1. Throws
  // Error(conflict) when its version is no longer the stored one.
  virtual domain::Contract save(const domain::Contract& contract, domain::Timestamp now) = 0;
  // save() for what a scheduler pass changes: the schedule's progress (next due and reminder
  // dates, what was handled and reminded through), with version + 1. The other columns,
  // and the indexes over them, are left alone, which makes a pass over many contracts
  // several times cheaper. Throws Error(conflict) like save().
  virtual domain::Contract save_progress(const domain::Contract& contract, domain::Timestamp now) = 0;
  // The earliest day on which something of the organisation falls due: a next due date of
  // an active or inactive contract, or a next reminder date of an active one. nullopt when
  // nothing is left. The scheduler sleeps until 00:00 of that day.
  virtual std::optional<domain::Date> next_due_day(Id organisation_id) = 0;
};

class ExecutionRepository {
 public:
  virtual ~ExecutionRepository() = default;
  // Throws Error(conflict) when this (contract, due date, kind) was recorded already as
  // executed or skipped. A recorded failure is replaced in place (the retry succeeded).
  virtual domain::Execution add(const domain::Execution& execution) = 0;
  // Records a failed attempt (outcome failed, with its reason). True when this is the
  // occurrence's first failure; a repeated failure only updates reason and time, and an
  // occurrence that has been executed or skipped meanwhile is left alone (false).
  virtual bool record_failure(const domain::Execution& execution) = 0;
  // Newest first.
  virtual std::vector<domain::Execution> for_contract(Id organisation_id, Id contract_id) = 0;
  // The organisation's occurrences whose last attempt failed, most recent first.
  virtual std::vector<domain::Execution> failures(Id organisation_id, int limit) = 0;
};

// The last scheduler pass per organisation, shared by every instance on the database.
struct SchedulerPassRecord {
  Id organisation_id = 0;
  domain::Timestamp as_of = 0;       // the instant the pass ran as of
  domain::Timestamp started_at = 0;  // by the clock
  std::int64_t duration_ms = 0;      // of the whole pass (every organisation)
  std::int64_t executed = 0;
  std::int64_t caught_up = 0;
  std::int64_t skipped = 0;
  std::int64_t reminded = 0;
  std::int64_t failed = 0;
  std::string instance;  // who ran it (host and process), free text
};

class SchedulerStatusRepository {
 public:
  virtual ~SchedulerStatusRepository() = default;
  // Replaces the organisation's last pass.
  virtual void record(const SchedulerPassRecord& pass) = 0;
  virtual std::optional<SchedulerPassRecord> last(Id organisation_id) = 0;
};

class DocumentRepository {
 public:
  virtual ~DocumentRepository() = default;
  // Stores the metadata with the bytes, read from `content` in pieces from its start;
  // `document.size` must be content.size(). Never holds the whole content in memory.
  virtual domain::Document add(const domain::Document& document, ByteSource& content) = 0;
  virtual std::optional<domain::Document> find(Id organisation_id, Id id) = 0;
  // Up to `max` bytes of the content from `offset` (fewer only at its end, none past it),
  // or nullopt for an unknown or foreign id, or when `sha256` is given and the document's
  // is another (its id was given to a new document meanwhile). Downloads read piece by
  // piece, each in a transaction of its own, so a slow client holds no transaction open.
  virtual std::optional<std::string> content_piece(Id organisation_id, Id id, std::int64_t offset, std::size_t max,
                                                   std::string_view sha256 = {}) = 0;
  // Oldest first (created_at, then id): the order they were attached in.
  virtual std::vector<domain::Document> for_contract(Id organisation_id, Id contract_id) = 0;
  // False when there was no such document.
  virtual bool remove(Id organisation_id, Id id) = 0;
};

// Browser sessions, found by the hash of their secret (which names no organisation).
class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual domain::Session add(const domain::Session& session) = 0;
  virtual std::optional<domain::Session> find_by_hash(const std::string& secret_hash) = 0;
  // Records use: sets last_seen_at and expires_at.
  virtual void touch(Id organisation_id, Id id, domain::Timestamp last_seen_at, domain::Timestamp expires_at) = 0;
  // Returns the removed session, nullopt when there was none.
  virtual std::optional<domain::Session> remove_by_hash(const std::string& secret_hash) = 0;
  // Every session of one user (deactivated, new password); returns how many.
  virtual std::int64_t remove_for_user(Id organisation_id, Id user_id) = 0;
  // Sessions whose expires_at is at or before `now`; returns how many.
  virtual std::int64_t remove_expired(domain::Timestamp now) = 0;
};

// Failed password logins and the (account, address) pairs that logged in successfully,
// shared by every server instance on the database, for the login throttle (sessions.cpp).
// Keys are opaque strings (the use case hashes e-mail, address and pair).
class LoginThrottleRepository {
 public:
  virtual ~LoginThrottleRepository() = default;
  virtual void record_failure(const std::string& account, const std::string& address, domain::Timestamp at) = 0;
  // Times of the failures after `since`, oldest first: of one pair, of one account from
  // every address, of one address for every account.
  virtual std::vector<domain::Timestamp> pair_failures(const std::string& account, const std::string& address,
                                                       domain::Timestamp since) = 0;
  virtual std::vector<domain::Timestamp> account_failures(const std::string& account, domain::Timestamp since) = 0;
  virtual std::vector<domain::Timestamp> address_failures(const std::string& address, domain::Timestamp since) = 0;
  // Forgets the failures of one pair: the right password came from it.
  virtual void clear_pair(const std::string& account, const std::string& address) = 0;
  // A pair that logged in successfully, remembered until `expires_at` (a later success
  // moves it on).
  virtual void remember_pair(const std::string& pair, domain::Timestamp expires_at) = 0;
  virtual bool is_known_pair(const std::string& pair, domain::Timestamp now) = 0;
  // Forgets failures at or before `failures_before` (they no longer count) and pairs whose
  // time ran out at or before `now`.
  virtual void prune(domain::Timestamp failures_before, domain::Timestamp now) = 0;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual void add(const domain::AuditEntry& entry) = 0;
  virtual std::vector<domain::AuditEntry> recent(Id organisation_id, int limit) = 0;
};

// One transaction's view of the store.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual OrganisationRepository& organisations() = 0;
  virtual UserRepository& users() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual CustomerRepository& customers() = 0;
  virtual PipelineRepository& pipeline() = 0;
  virtual ProjectRepository& projects() = 0;
  virtual TaskRepository& tasks() = 0;
  virtual OrderRepository& orders() = 0;
  virtual NotificationRepository& notifications() = 0;
  virtual ContractRepository& contracts() = 0;
  virtual ExecutionRepository& executions() = 0;
  virtual SchedulerStatusRepository& scheduler_status() = 0;
  virtual AuditRepository& audit() = 0;
  virtual DocumentRepository& documents() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual LoginThrottleRepository& login_throttle() = 0;

  // A hint for a transaction that writes many independent rows (a scheduler batch): the
  // store may hold back the inserts of created records, executions and audit entries and
  // the contracts' save_progress(), and send them together (PostgreSQL: one statement per
  // table) before the next read and at commit. What add() returns stays exact (ids, order
  // numbers), but an error of such a write (a conflict, a missing referenced row) then
  // surfaces later than the call that caused it: at a later call, or from
  // Database::write() itself, and the transaction rolls back as always. Callers that must
  // know which row failed run the work again without the hint. SQLite ignores it.
  virtual void batch_writes() {}
};

// The store as a whole. Thread-safe: each call runs on its own connection.
class Database {
 public:
  virtual ~Database() = default;
  // Runs `work` in one read-write transaction: commits when it returns, rolls back when it
  // throws (and rethrows). Retries transparently when the database reports a serialisation
  // conflict before any of `work`'s effects were visible, so `work` must be repeatable.
  virtual void write(const std::function<void(Tx&)>& work) = 0;
  // The same for reading only.
  virtual void read(const std::function<void(Tx&)>& work) = 0;
  // True when the database answers.
  virtual bool healthy() = 0;
  // How many transactions are worth running at once: the connection pool's size, or for an
  // embedded database the CPUs' worth. The HTTP server runs that many handlers at a time.
  virtual std::size_t concurrency() const = 0;
};

// Convenience: run a transaction and hand back what `work` returns.
template <class Work>
auto write(Database& db, Work&& work) -> decltype(work(std::declval<Tx&>())) {
  using R = decltype(work(std::declval<Tx&>()));
  if constexpr (std::is_void_v<R>) {
    db.write(work);
  } else {
    std::optional<R> result;
    db.write([&](Tx& tx) { result.emplace(work(tx)); });
    return std::move(*result);
  }
}
template <class Work>
auto read(Database& db, Work&& work) -> decltype(work(std::declval<Tx&>())) {
  using R = decltype(work(std::declval<Tx&>()));
  if constexpr (std::is_void_v<R>) {
    db.read(work);
  } else {
    std::optional<R> result;
    db.read([&](Tx& tx) { result.emplace(work(tx)); });
    return std::move(*result);
  }
}

}  // namespace turnus::app
