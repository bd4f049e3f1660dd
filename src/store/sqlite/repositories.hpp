// The SQLite implementations of the repository interfaces in app/repositories.hpp, one class
// per interface (each defined in its own .cpp), plus the few row helpers they share.
//
// Every repository works on the connection of the transaction (Tx) it belongs to and never
// opens or ends a transaction itself. Like the interfaces: one transaction, one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "app/repositories.hpp"
#include "store/sqlite/connection.hpp"

namespace turnus::store::sqlite {

using app::Id;

// Base: holds the transaction's connection.
class RepositoryBase {
 public:
  explicit RepositoryBase(Connection& connection) : conn_(connection) {}

 protected:
  Connection& conn_;
};

class SqliteOrganisationRepository final : public app::OrganisationRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Organisation add(const domain::Organisation& organisation) override;
  std::optional<domain::Organisation> find(Id id) override;
  std::optional<domain::Organisation> find_by_name(const std::string& name) override;
  std::vector<domain::Organisation> list() override;
  void lock(Id id) override;
};

class SqliteUserRepository final : public app::UserRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::User add(const domain::User& user) override;
  std::optional<domain::User> find(Id organisation_id, Id id) override;
  std::optional<domain::User> find_by_email(Id organisation_id, const std::string& email) override;
  std::vector<domain::User> with_email(const std::string& email) override;
  std::vector<domain::User> list(Id organisation_id) override;
  app::Page<domain::User> page(Id organisation_id, app::PageRequest page) override;
  void update(const domain::User& user) override;
  std::int64_t count_active_admins(Id organisation_id) override;
};

class SqliteTokenRepository final : public app::TokenRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::ApiToken add(const domain::ApiToken& token) override;
  std::optional<domain::ApiToken> find_by_hash(const std::string& token_hash) override;
  std::optional<domain::ApiToken> find(Id organisation_id, Id id) override;
  std::optional<domain::ApiToken> find_any(Id id) override;
  std::vector<domain::ApiToken> list(Id organisation_id, std::optional<Id> user_id) override;
  bool revoke(Id organisation_id, Id id, domain::Timestamp at) override;
  void touch(Id organisation_id, Id id, domain::Timestamp at) override;
};

class SqliteCustomerRepository final : public app::CustomerRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Customer add(const domain::Customer& customer) override;
  std::optional<domain::Customer> find(Id organisation_id, Id id) override;
  app::Page<domain::Customer> list(Id organisation_id, const std::string& query, app::PageRequest page) override;
  void update(const domain::Customer& customer) override;
  References references(Id organisation_id, Id id) override;
  bool remove(Id organisation_id, Id id) override;
};

class SqlitePipelineRepository final : public app::PipelineRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  std::vector<domain::PipelineStage> stages(Id organisation_id) override;
};

class SqliteProjectRepository final : public app::ProjectRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Project add(const domain::Project& project) override;
  std::optional<domain::Project> find(Id organisation_id, Id id) override;
  app::Page<domain::Project> list(Id organisation_id, const app::ProjectQuery& query, app::PageRequest page) override;
  void update(const domain::Project& project) override;
};

class SqliteTaskRepository final : public app::TaskRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Task add(const domain::Task& task) override;
  std::optional<domain::Task> find(Id organisation_id, Id id) override;
  app::Page<domain::Task> list(Id organisation_id, const app::WorkQuery& query, app::PageRequest page) override;
  void update(const domain::Task& task) override;
};

class SqliteOrderRepository final : public app::OrderRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Order add(const domain::Order& order) override;
  std::optional<domain::Order> find(Id organisation_id, Id id) override;
  app::Page<domain::Order> list(Id organisation_id, const app::WorkQuery& query, app::PageRequest page) override;
  void update(const domain::Order& order) override;
};

class SqliteNotificationRepository final : public app::NotificationRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Notification add(const domain::Notification& notification) override;
  std::optional<domain::Notification> find(Id organisation_id, Id id) override;
  std::vector<domain::Notification> for_recipient(Id organisation_id, Id recipient_id) override;
  app::Page<domain::Notification> list(Id organisation_id, const app::NotificationQuery& query,
                                       app::PageRequest page) override;
  std::int64_t count_unread(Id organisation_id, Id recipient_id) override;
  void set_read(Id organisation_id, Id id, bool read) override;
};

class SqliteContractRepository final : public app::ContractRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Contract add(const domain::Contract& contract, domain::Timestamp now) override;
  std::optional<domain::Contract> find(Id organisation_id, Id id) override;
  domain::Contract update(Id organisation_id, Id id, const std::function<void(domain::Contract&)>& change,
                          domain::Timestamp now) override;
  app::ContractListPage list(Id organisation_id, const app::ContractFilter& filter, app::PageRequest page) override;
  std::vector<domain::Contract> claim_due(Id organisation_id, domain::Date day, const std::vector<Id>& skip,
                                          int limit) override;
  domain::Contract save(const domain::Contract& contract, domain::Timestamp now) override;
  domain::Contract save_progress(const domain::Contract& contract, domain::Timestamp now) override;
  std::optional<domain::Date> next_due_day(Id organisation_id) override;
};

class SqliteExecutionRepository final : public app::ExecutionRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Execution add(const domain::Execution& execution) override;
  bool record_failure(const domain::Execution& execution) override;
  std::vector<domain::Execution> for_contract(Id organisation_id, Id contract_id) override;
  std::vector<domain::Execution> failures(Id organisation_id, int limit) override;
};

class SqliteSchedulerStatusRepository final : public app::SchedulerStatusRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  void record(const app::SchedulerPassRecord& pass) override;
  std::optional<app::SchedulerPassRecord> last(Id organisation_id) override;
};

class SqliteDocumentRepository final : public app::DocumentRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Document add(const domain::Document& document, app::ByteSource& content) override;
  std::optional<domain::Document> find(Id organisation_id, Id id) override;
  std::optional<std::string> content_piece(Id organisation_id, Id id, std::int64_t offset, std::size_t max,
                                           std::string_view sha256) override;
  std::vector<domain::Document> for_contract(Id organisation_id, Id contract_id) override;
  bool remove(Id organisation_id, Id id) override;
};

class SqliteSessionRepository final : public app::SessionRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  domain::Session add(const domain::Session& session) override;
  std::optional<domain::Session> find_by_hash(const std::string& secret_hash) override;
  void touch(Id organisation_id, Id id, domain::Timestamp last_seen_at, domain::Timestamp expires_at) override;
  std::optional<domain::Session> remove_by_hash(const std::string& secret_hash) override;
  std::int64_t remove_for_user(Id organisation_id, Id user_id) override;
  std::int64_t remove_expired(domain::Timestamp now) override;
};

class SqliteLoginThrottleRepository final : public app::LoginThrottleRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  void record_failure(const std::string& account, const std::string& address, domain::Timestamp at) override;
  std::vector<domain::Timestamp> pair_failures(const std::string& account, const std::string& address,
                                               domain::Timestamp since) override;
  std::vector<domain::Timestamp> account_failures(const std::string& account, domain::Timestamp since) override;
  std::vector<domain::Timestamp> address_failures(const std::string& address, domain::Timestamp since) override;
  void clear_pair(const std::string& account, const std::string& address) override;
  void remember_pair(const std::string& pair, domain::Timestamp expires_at) override;
  bool is_known_pair(const std::string& pair, domain::Timestamp now) override;
  void prune(domain::Timestamp failures_before, domain::Timestamp now) override;
};

class SqliteAuditRepository final : public app::AuditRepository, RepositoryBase {
 public:
  using RepositoryBase::RepositoryBase;
  void add(const domain::AuditEntry& entry) override;
  std::vector<domain::AuditEntry> recent(Id organisation_id, int limit) override;
};

// --- shared row helpers ---------------------------------------------------------------------

// Binds a record's source as (source_contract_id, source_due_date).
inline void bind_source(Statement& s, const std::optional<domain::Source>& source) {
  if (source) {
    s.bind(source->contract_id).bind(source->due_date);
  } else {
    s.bind(std::nullopt).bind(std::nullopt);
  }
}

// Reads (source_contract_id, source_due_date) starting at `column`.
inline std::optional<domain::Source> source_at(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return domain::Source{s.int64(column), s.date(column + 1)};
}

// Turns an enum's stored spelling back into the enum; a spelling the schema's CHECK should
// have refused is Error internal.
template <class E>
E parse_enum(std::optional<E> parsed, std::string_view text) {
  if (!parsed) {
    const std::string shown(text);
    throw domain::Error(domain::ErrorKind::internal,
                        {"Unbekannter Wert in der Datenbank: " + shown, "Unknown value in the database: " + shown});
  }
  return *parsed;
}

// The page request clamped to what the API allows (page from 1, 1–200 per page).
app::PageRequest clamp(app::PageRequest page);

// The optional filters of a list: " AND …" conditions with one ? each, and their values in
// the same order, so the count and the page bind exactly the same parameters.
struct Conditions {
  std::string sql;
  std::vector<std::variant<std::int64_t, std::string>> values;

  void add(std::string_view condition, std::int64_t value) {
    sql.append(" AND ").append(condition);
    values.emplace_back(value);
  }
  void add(std::string_view condition, std::string value) {
    sql.append(" AND ").append(condition);
    values.emplace_back(std::move(value));
  }
  void bind(Statement& s) const {
    for (const auto& value : values) std::visit([&](const auto& v) { s.bind(v); }, value);
  }
};

// An empty page carrying the clamped request.
template <class T>
app::Page<T> empty_page(app::PageRequest page) {
  app::Page<T> out;
  out.page = page.page;
  out.per_page = page.per_page;
  return out;
}

// Re-throws a unique-constraint conflict with a message that names what collided.
template <class Work>
auto with_conflict_message(domain::Text message, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const domain::Error& e) {
    if (e.kind() == domain::ErrorKind::conflict) throw domain::Error::conflict(std::move(message));
    throw;
  }
}

}  // namespace turnus::store::sqlite
