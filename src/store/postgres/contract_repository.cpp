#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/postgres/repositories.hpp"
#include "store/text_fold.hpp"

namespace turnus::store::postgres {

namespace {

using domain::Contract;

constexpr std::string_view kColumns =
    "c.id, c.organisation_id, c.name, c.customer_id, c.project_id, c.start_date, c.interval_unit, "
    "c.interval_every, c.interval_dates, c.term_count, c.term_unit, c.reminder_days_before, c.action_type, "
    "c.action_employee_id, c.status, c.next_due_date, c.handled_through, c.version";

[[noreturn]] void corrupt(Id id, const std::string& what) {
  throw domain::Error(domain::ErrorKind::internal,
                      {"Gespeicherter Vertrag " + std::to_string(id) + " ist ungültig: " + what,
                       "Stored contract " + std::to_string(id) + " is invalid: " + what});
}

// Fixed dates as a JSON array of "YYYY-MM-DD" strings, the same text SQLite stores.
std::string dates_to_json(const std::vector<domain::Date>& dates) {
  nlohmann::json array = nlohmann::json::array();
  for (const domain::Date& d : dates) array.push_back(d.to_string());
  return array.dump();
}

std::vector<domain::Date> dates_from_json(Id id, const std::string& text) {
  const nlohmann::json array = nlohmann::json::parse(text, nullptr, false);
  if (!array.is_array()) corrupt(id, "interval_dates " + text);
  std::vector<domain::Date> dates;
  dates.reserve(array.size());
  for (const nlohmann::json& item : array) {
    const std::optional<domain::Date> d =
        item.is_string() ? domain::Date::parse(item.get<std::string>()) : std::nullopt;
    if (!d) corrupt(id, "interval_dates " + text);
    dates.push_back(*d);
  }
  return dates;
}

Contract read_row(const Row& r) {
  Contract::State st;
  st.id = r.int64(0);
  st.organisation_id = r.int64(1);
  st.name = r.text(2);
  st.customer_id = r.optional_int64(3);
  st.project_id = r.optional_int64(4);

  domain::Interval interval;
  const std::string unit = r.text(6);
  interval.unit = parse_enum(domain::interval_unit_from_string(unit), unit);
  interval.every = r.int32(7);
  if (interval.unit == domain::IntervalUnit::fixed) interval.dates = dates_from_json(st.id, r.text(8));
  std::optional<domain::Term> term;
  if (!r.is_null(9)) {
    const std::string term_unit = r.text(10);
    term = domain::Term{r.int32(9), parse_enum(domain::term_unit_from_string(term_unit), term_unit)};
  }
  try {
    st.schedule = domain::Schedule::create(r.date(5), std::move(interval), term);
  } catch (const domain::Error& e) {
    corrupt(st.id, e.message().en);
  }

  if (!r.is_null(11)) st.reminder = domain::Reminder{r.int32(11)};
  const std::string action = r.text(12);
  st.action = domain::Action{parse_enum(domain::action_type_from_string(action), action), r.int64(13)};
  const std::string status = r.text(14);
  st.status = parse_enum(domain::contract_status_from_string(status), status);
  st.next_due_date = r.optional_date(15);
  st.handled_through = r.optional_date(16);
  st.version = r.int64(17);
  return Contract::restore(std::move(st));
}

// The columns add() and update() both write, in the order bind_writable() binds them.
constexpr std::string_view kWritableColumns =
    "name, name_folded, customer_id, project_id, start_date, interval_unit, interval_every, interval_dates, "
    "term_count, term_unit, reminder_days_before, action_type, action_employee_id, status, next_due_date, "
    "handled_through";

// "name = $1, name_folded = $2, …": kWritableColumns set to `values`, in order.
std::string assignments(const std::vector<std::string>& values) {
  std::string out;
  std::string_view columns = kWritableColumns;
  for (const std::string& value : values) {
    const std::size_t comma = columns.find(", ");
    if (!out.empty()) out += ", ";
    out += std::string(columns.substr(0, comma)) + " = " + value;
    columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 2);
  }
  return out;
}

// Binds the writable columns; returns their placeholders in kWritableColumns order.
std::vector<std::string> bind_writable(Query& q, const Contract::State& st) {
  const domain::Schedule& schedule = st.schedule;
  const domain::Interval& interval = schedule.interval();
  const std::optional<domain::Term>& term = schedule.term();
  const bool fixed = interval.unit == domain::IntervalUnit::fixed;
  // A braced list is evaluated left to right, so the placeholders come out in column order.
  return {q.arg(st.name),
          q.arg(fold(st.name)),
          q.arg(st.customer_id),
          q.arg(st.project_id),
          q.arg(schedule.start()),
          q.arg(domain::to_string(interval.unit)),
          q.arg(interval.every),
          fixed ? q.arg(dates_to_json(interval.dates)) : q.arg(std::nullopt),
          term ? q.arg(term->count) : q.arg(std::nullopt),
          term ? q.arg(domain::to_string(term->unit)) : q.arg(std::nullopt),
          st.reminder ? q.arg(st.reminder->days_before) : q.arg(std::nullopt),
          q.arg(domain::to_string(st.action.type)),
          q.arg(st.action.employee_id),
          q.arg(domain::to_string(st.status)),
          q.arg(st.next_due_date),
          q.arg(st.handled_through)};
}

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::optional<Contract> find_contract(Connection& conn, Id organisation_id, Id id, bool lock) {
  Query q = conn.query("SELECT " + std::string(kColumns) + " FROM maintenance_contracts c ");
  q.append("WHERE c.organisation_id = " + q.arg(organisation_id) + " AND c.id = " + q.arg(id));
  if (lock) q.append(" FOR UPDATE");
  const Result r = q.run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

// Appends the WHERE clause of list() with its parameters. Values are never spliced into
// the SQL; only the shape of the clause depends on which filters are set. The customer of
// a contract is its own or, for a project contract, the project's.
void append_where(Query& q, Id organisation_id, const app::ContractFilter& f) {
  const std::string org = q.arg(organisation_id);
  q.append(" WHERE c.organisation_id = " + org);
  if (!f.statuses.empty()) {
    std::vector<std::string> statuses;
    for (domain::ContractStatus status : f.statuses) statuses.push_back(q.arg(domain::to_string(status)));
    q.append(" AND c.status IN (" + joined(statuses) + ")");
  }
  if (f.customer_id) {
    const std::string customer = q.arg(*f.customer_id);
    q.append(" AND (c.customer_id = " + customer +
             " OR c.project_id IN (SELECT id FROM projects WHERE organisation_id = " + org +
             " AND customer_id = " + customer + "))");
  }
  if (f.project_id) q.append(" AND c.project_id = " + q.arg(*f.project_id));
  if (f.employee_id) q.append(" AND c.action_employee_id = " + q.arg(*f.employee_id));
  if (!f.query.empty()) {
    // LIKE over the folded names, which the trigram indexes serve (a bitmap OR of the two
    // from three characters on).
    const std::string pattern = q.arg(contains_pattern(fold(f.query)));
    q.append(" AND (c.name_folded LIKE " + pattern + " OR c.customer_name_folded LIKE " + pattern + ")");
  }
  if (f.action_type) q.append(" AND c.action_type = " + q.arg(domain::to_string(*f.action_type)));
  if (f.interval_unit) q.append(" AND c.interval_unit = " + q.arg(domain::to_string(*f.interval_unit)));
  if (f.due_before) q.append(" AND c.next_due_date <= " + q.arg(*f.due_before));
  if (f.due_after) q.append(" AND c.next_due_date >= " + q.arg(*f.due_after));
}

// Only the organisation and the statuses: the total is then the sum of contract_counts.
bool counted_by_status(const app::ContractFilter& f) {
  return !f.customer_id && !f.project_id && !f.employee_id && f.query.empty() && !f.action_type && !f.interval_unit &&
         !f.due_before && !f.due_after;
}

// The ORDER BY matches the contracts_next_due_*, contracts_name and contracts_customer_name_*
// indexes, so a page is read off an index rather than sorted.
std::string order_by(const app::ContractFilter& f) {
  const std::string dir = f.descending ? " DESC" : " ASC";
  switch (f.sort) {
    case app::ContractFilter::Sort::name: return " ORDER BY c.name_folded" + dir + ", c.id" + dir;
    case app::ContractFilter::Sort::customer:
      // Internal recurring tasks (no customer) last in both directions.
      return " ORDER BY c.customer_name_folded" + dir + " NULLS LAST, c.id" + dir;
    case app::ContractFilter::Sort::next_due_date: break;
  }
  // Contracts with no occurrence left last in both directions: they are the least urgent.
  return " ORDER BY c.next_due_date" + dir + " NULLS LAST, c.id" + dir;
}

}  // namespace

Contract PgContractRepository::add(const Contract& contract, domain::Timestamp now) {
  Contract::State st = contract.state();
  Query q = conn_.query("");
  const std::string org = q.arg(st.organisation_id);
  const std::vector<std::string> values = bind_writable(q, st);
  const std::string at = q.arg(now);
  q.append("INSERT INTO maintenance_contracts (organisation_id, " + std::string(kWritableColumns) +
           ", version, created_at, updated_at) VALUES (" + org + ", " + joined(values) + ", 1, " + at + ", " + at +
           ") RETURNING id");
  st.id = returned_id(q.run());
  st.version = 1;
  return Contract::restore(std::move(st));
}

std::optional<Contract> PgContractRepository::find(Id organisation_id, Id id) {
  return find_contract(conn_, organisation_id, id, false);
}

Contract PgContractRepository::update(Id organisation_id, Id id, const std::function<void(Contract&)>& change,
                                      domain::Timestamp now) {
  // FOR UPDATE: a concurrent update() of the same contract waits here until this
  // transaction ends and then loads what it committed, instead of both changing the same
  // version and one failing the version check below.
  std::optional<Contract> loaded = find_contract(conn_, organisation_id, id, true);
  if (!loaded) throw domain::Error::not_found("Wartungsvertrag", "Maintenance contract");
  const std::int64_t version = loaded->state().version;
  change(*loaded);

  Contract::State st = loaded->state();
  // The callback cannot move the contract to another id or organisation.
  st.id = id;
  st.organisation_id = organisation_id;
  st.version = version;
  return save(Contract::restore(std::move(st)), now);
}

Contract PgContractRepository::save(const Contract& contract, domain::Timestamp now) {
  Contract::State st = contract.state();
  const std::int64_t version = st.version;
  st.version = version + 1;
  Query q = conn_.query("");
  const std::vector<std::string> values = bind_writable(q, st);
  q.append("UPDATE maintenance_contracts SET " + assignments(values) + ", version = " + q.arg(st.version) +
           ", updated_at = " + q.arg(now) + " WHERE id = " + q.arg(st.id) +
           " AND organisation_id = " + q.arg(st.organisation_id) + " AND version = " + q.arg(version));
  // Cannot happen while the row is locked; guards against a writer outside turnus.
  if (q.run().affected() != 1) {
    throw domain::Error::conflict({"Der Vertrag wurde inzwischen geändert. Bitte neu laden.",
                                   "The contract was changed meanwhile. Please reload."});
  }
  return Contract::restore(std::move(st));
}

std::vector<Contract> PgContractRepository::claim_due(Id organisation_id, domain::Date day, const std::vector<Id>& skip,
                                                      int limit) {
  // contracts_status_due (organisation_id, status, next_due_date) finds the due rows; SKIP
  // LOCKED passes over those another instance is working on. Under READ COMMITTED a row
  // that instance has just advanced is re-checked after locking and no longer qualifies.
  Query q = conn_.query("SELECT " + std::string(kColumns) + " FROM maintenance_contracts c");
  q.append(" WHERE c.organisation_id = " + q.arg(organisation_id) + " AND c.status IN ('active', 'inactive')" +
           " AND c.next_due_date <= " + q.arg(day));
  for (const Id id : skip) q.append(" AND c.id <> " + q.arg(id));
  q.append(" LIMIT " + q.arg(static_cast<std::int64_t>(limit)) + " FOR UPDATE SKIP LOCKED");
  std::vector<Contract> out;
  for (const Row row : q.run()) out.push_back(read_row(row));
  return out;
}

app::Page<Contract> PgContractRepository::list(Id organisation_id, const app::ContractFilter& filter,
                                               app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  app::Page<Contract> out;
  out.page = page.page;
  out.per_page = page.per_page;
  if (counted_by_status(filter)) {
    Query count = conn_.query("SELECT coalesce(sum(contracts), 0) FROM contract_counts");
    count.append(" WHERE organisation_id = " + count.arg(organisation_id));
    if (!filter.statuses.empty()) {
      std::vector<std::string> statuses;
      for (domain::ContractStatus status : filter.statuses) statuses.push_back(count.arg(domain::to_string(status)));
      count.append(" AND status IN (" + joined(statuses) + ")");
    }
    out.total = count.run().row(0).int64(0);
  } else {
    Query count = conn_.query("SELECT count(*) FROM maintenance_contracts c");
    append_where(count, organisation_id, filter);
    out.total = count.run().row(0).int64(0);
  }
  if (out.total <= page.offset()) return out;

  Query q = conn_.query("SELECT " + std::string(kColumns) + " FROM maintenance_contracts c");
  append_where(q, organisation_id, filter);
  q.append(order_by(filter) + " LIMIT " + q.arg(std::int64_t{page.per_page}) + " OFFSET " + q.arg(page.offset()));
  for (const Row row : q.run()) out.items.push_back(read_row(row));
  return out;
}

}  // namespace turnus::store::postgres
