#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sqlite/repositories.hpp"
#include "store/text_fold.hpp"

namespace turnus::store::sqlite {

namespace {

using domain::Contract;

constexpr std::string_view kColumns =
    "c.id, c.organisation_id, c.name, c.customer_id, c.project_id, c.start_date, c.interval_unit, "
    "c.interval_every, c.interval_dates, c.term_count, c.term_unit, c.reminder_days_before, c.action_type, "
    "c.action_employee_id, c.status, c.next_due_date, c.handled_through, c.version";

[[noreturn]] void corrupt(Id id, const std::string& what) {
  const std::string ref = "contract " + std::to_string(id);
  throw domain::Error(domain::ErrorKind::internal,
                      {"Gespeicherter Vertrag " + std::to_string(id) + " ist ungültig: " + what,
                       "Stored " + ref + " is invalid: " + what});
}

// Fixed dates as a JSON array of "YYYY-MM-DD" strings: readable in the database and the
// same text PostgreSQL stores.
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

Contract read_row(const Statement& s) {
  Contract::State st;
  st.id = s.int64(0);
  st.organisation_id = s.int64(1);
  st.name = s.text(2);
  st.customer_id = s.optional_int64(3);
  st.project_id = s.optional_int64(4);

  domain::Interval interval;
  const std::string unit = s.text(6);
  interval.unit = parse_enum(domain::interval_unit_from_string(unit), unit);
  interval.every = s.int32(7);
  if (interval.unit == domain::IntervalUnit::fixed) interval.dates = dates_from_json(st.id, s.text(8));
  std::optional<domain::Term> term;
  if (!s.is_null(9)) {
    const std::string term_unit = s.text(10);
    term = domain::Term{s.int32(9), parse_enum(domain::term_unit_from_string(term_unit), term_unit)};
  }
  try {
    st.schedule = domain::Schedule::create(s.date(5), std::move(interval), term);
  } catch (const domain::Error& e) {
    corrupt(st.id, e.message().en);
  }

  if (!s.is_null(11)) st.reminder = domain::Reminder{s.int32(11)};
  const std::string action = s.text(12);
  st.action = domain::Action{parse_enum(domain::action_type_from_string(action), action), s.int64(13)};
  const std::string status = s.text(14);
  st.status = parse_enum(domain::contract_status_from_string(status), status);
  st.next_due_date = s.optional_date(15);
  st.handled_through = s.optional_date(16);
  st.version = s.int64(17);
  return Contract::restore(std::move(st));
}

// The columns add() and update() both write; bind_writable() binds them in this order.
constexpr std::string_view kWritableColumns =
    "name, name_folded, customer_id, project_id, start_date, interval_unit, interval_every, interval_dates, "
    "term_count, term_unit, reminder_days_before, action_type, action_employee_id, status, next_due_date, "
    "handled_through";
constexpr int kWritableCount = 16;

void bind_writable(Statement& s, const Contract::State& st) {
  const domain::Schedule& schedule = st.schedule;
  const domain::Interval& interval = schedule.interval();
  s.bind_all(st.name, fold(st.name), st.customer_id, st.project_id, schedule.start(), domain::to_string(interval.unit),
             interval.every);
  if (interval.unit == domain::IntervalUnit::fixed) {
    s.bind(dates_to_json(interval.dates));
  } else {
    s.bind(std::nullopt);
  }
  if (const std::optional<domain::Term>& term = schedule.term()) {
    s.bind_all(term->count, domain::to_string(term->unit));
  } else {
    s.bind_all(std::nullopt, std::nullopt);
  }
  if (st.reminder) {
    s.bind(st.reminder->days_before);
  } else {
    s.bind(std::nullopt);
  }
  s.bind_all(domain::to_string(st.action.type), st.action.employee_id, domain::to_string(st.status), st.next_due_date,
             st.handled_through);
}

// "UPDATE … SET name = ?, … WHERE …" over kWritableColumns, built once.
const std::string& update_sql() {
  static const std::string sql = [] {
    std::string assignments;
    std::string_view columns = kWritableColumns;
    while (!columns.empty()) {
      const std::size_t comma = columns.find(", ");
      if (!assignments.empty()) assignments += ", ";
      assignments += std::string(columns.substr(0, comma)) + " = ?";
      columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 2);
    }
    return "UPDATE maintenance_contracts SET " + assignments +
           ", version = ?, updated_at = ? WHERE id = ? AND organisation_id = ? AND version = ?";
  }();
  return sql;
}

std::string placeholders(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// The WHERE clause of list() and its parameters, in binding order. Values are never
// spliced into the SQL; only the shape of the clause depends on which filters are set.
struct ListQuery {
  std::string where;
  std::vector<std::function<void(Statement&)>> binders;

  template <class T>
  void add(const std::string& condition, T value) {
    where += " AND " + condition;
    binders.push_back([value = std::move(value)](Statement& s) { s.bind(value); });
  }
  void bind(Statement& s) const {
    for (const auto& binder : binders) binder(s);
  }
};

// Filters on customer, project, employee and text become sets of contract ids taken from
// their own indexes. When one is present the organisation and status conditions are
// demoted with unary + (SQLite's documented way to keep a term off an index), so the query
// is driven by the small id set rather than by walking the whole organisation: without
// statistics SQLite would otherwise prefer the (organisation_id, status) index.
// The customer of a contract is its own or, for a project contract, the project's.
ListQuery build_list_query(Id organisation_id, const app::ContractFilter& f) {
  ListQuery rest;
  bool has_id_set = false;
  const auto id_set = [&](const std::string& subquery, std::function<void(Statement&)> binder) {
    rest.where += " AND c.id IN (" + subquery + ")";
    rest.binders.push_back(std::move(binder));
    has_id_set = true;
  };
  if (f.customer_id) {
    const Id customer = *f.customer_id;
    id_set(
        "SELECT id FROM maintenance_contracts WHERE organisation_id = ? AND customer_id = ?"
        " UNION ALL SELECT id FROM maintenance_contracts WHERE organisation_id = ? AND project_id IN"
        " (SELECT id FROM projects WHERE organisation_id = ? AND customer_id = ?)",
        [=](Statement& s) { s.bind_all(organisation_id, customer, organisation_id, organisation_id, customer); });
  }
  if (f.project_id) {
    const Id project = *f.project_id;
    id_set("SELECT id FROM maintenance_contracts WHERE organisation_id = ? AND project_id = ?",
           [=](Statement& s) { s.bind_all(organisation_id, project); });
  }
  if (f.employee_id) {
    const Id employee = *f.employee_id;
    id_set("SELECT id FROM maintenance_contracts WHERE organisation_id = ? AND action_employee_id = ?",
           [=](Statement& s) { s.bind_all(organisation_id, employee); });
  }
  if (!f.query.empty()) {
    // Scans the narrow contracts_search index and the customers. instr() instead of LIKE
    // matches the text literally, without escaping % and _.
    const std::string needle = fold(f.query);
    id_set(
        "SELECT id FROM maintenance_contracts WHERE organisation_id = ? AND (instr(name_folded, ?) > 0"
        " OR customer_id IN (SELECT id FROM customers WHERE organisation_id = ? AND instr(name_folded, ?) > 0)"
        " OR project_id IN (SELECT mp.id FROM projects mp JOIN customers mc"
        " ON mc.organisation_id = mp.organisation_id AND mc.id = mp.customer_id"
        " WHERE mp.organisation_id = ? AND instr(mc.name_folded, ?) > 0))",
        [=](Statement& s) { s.bind_all(organisation_id, needle, organisation_id, needle, organisation_id, needle); });
  }
  if (f.action_type) rest.add("c.action_type = ?", std::string(domain::to_string(*f.action_type)));
  if (f.interval_unit) rest.add("c.interval_unit = ?", std::string(domain::to_string(*f.interval_unit)));
  if (f.due_before) rest.add("c.next_due_date <= ?", *f.due_before);
  if (f.due_after) rest.add("c.next_due_date >= ?", *f.due_after);

  const std::string demote = has_id_set ? "+" : "";
  ListQuery q;
  q.where = " WHERE " + demote + "c.organisation_id = ?";
  q.binders.push_back([organisation_id](Statement& s) { s.bind(organisation_id); });
  if (!f.statuses.empty()) {
    q.where += " AND " + demote + "c.status IN (" + placeholders(static_cast<int>(f.statuses.size())) + ")";
    for (domain::ContractStatus status : f.statuses) {
      q.binders.push_back([status](Statement& s) { s.bind(domain::to_string(status)); });
    }
  }
  q.where += rest.where;
  for (auto& binder : rest.binders) q.binders.push_back(std::move(binder));
  return q;
}

constexpr std::string_view kCustomerJoin =
    " LEFT JOIN projects p ON p.organisation_id = c.organisation_id AND p.id = c.project_id"
    " LEFT JOIN customers cu ON cu.organisation_id = c.organisation_id AND cu.id = coalesce(c.customer_id, "
    "p.customer_id)";

// The ORDER BY matches the contracts_next_due_* and contracts_search indexes, so a page
// is read off an index rather than sorted.
std::string order_by(const app::ContractFilter& f) {
  const std::string dir = f.descending ? " DESC" : " ASC";
  switch (f.sort) {
    case app::ContractFilter::Sort::name: return " ORDER BY c.name_folded" + dir + ", c.id" + dir;
    case app::ContractFilter::Sort::customer:
      // Internal recurring tasks (no customer) last in both directions.
      return " ORDER BY cu.name_folded IS NULL, cu.name_folded" + dir + ", c.id" + dir;
    case app::ContractFilter::Sort::next_due_date: break;
  }
  // Contracts with no occurrence left last in both directions: they are the least urgent.
  return " ORDER BY c.next_due_date IS NULL, c.next_due_date" + dir + ", c.id" + dir;
}

}  // namespace

Contract SqliteContractRepository::add(const Contract& contract, domain::Timestamp now) {
  Contract::State st = contract.state();
  Statement s =
      conn_.prepare("INSERT INTO maintenance_contracts (organisation_id, " + std::string(kWritableColumns) +
                    ", version, created_at, updated_at) VALUES (?, " + placeholders(kWritableCount) + ", 1, ?, ?)");
  s.bind(st.organisation_id);
  bind_writable(s, st);
  s.bind_all(now, now).run();
  st.id = conn_.last_insert_id();
  st.version = 1;
  return Contract::restore(std::move(st));
}

std::optional<Contract> SqliteContractRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare("SELECT " + std::string(kColumns) +
                              " FROM maintenance_contracts c WHERE c.organisation_id = ? AND c.id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

Contract SqliteContractRepository::update(Id organisation_id, Id id, const std::function<void(Contract&)>& change,
                                          domain::Timestamp now) {
  std::optional<Contract> loaded = find(organisation_id, id);
  if (!loaded) throw domain::Error::not_found("Wartungsvertrag", "Maintenance contract");
  const std::int64_t version = loaded->state().version;
  change(*loaded);

  Contract::State st = loaded->state();
  // The callback cannot move the contract to another id or organisation.
  st.id = id;
  st.organisation_id = organisation_id;
  st.version = version + 1;

  Statement s = conn_.prepare(update_sql());
  bind_writable(s, st);
  s.bind_all(st.version, now, id, organisation_id, version).run();
  // Cannot happen inside our write transaction; guards against a writer outside turnus.
  if (conn_.changes() != 1) {
    throw domain::Error::conflict({"Der Vertrag wurde inzwischen geändert. Bitte neu laden.",
                                   "The contract was changed meanwhile. Please reload."});
  }
  return Contract::restore(std::move(st));
}

app::Page<Contract> SqliteContractRepository::list(Id organisation_id, const app::ContractFilter& filter,
                                                   app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  const ListQuery q = build_list_query(organisation_id, filter);

  app::Page<Contract> out;
  out.page = page.page;
  out.per_page = page.per_page;
  {
    Statement count = conn_.prepare("SELECT count(*) FROM maintenance_contracts c" + q.where);
    q.bind(count);
    count.step();
    out.total = count.int64(0);
  }
  if (out.total <= page.offset()) return out;

  // Deferred join: the page's ids are chosen on the narrow indexes (and, for the customer
  // sort, the customer join), and only those rows are read in full.
  const std::string joins = filter.sort == app::ContractFilter::Sort::customer ? std::string(kCustomerJoin) : "";
  const std::string order = order_by(filter);
  Statement s = conn_.prepare("SELECT " + std::string(kColumns) + " FROM maintenance_contracts c" + joins +
                              " WHERE c.id IN (SELECT c.id FROM maintenance_contracts c" + joins + q.where + order +
                              " LIMIT ? OFFSET ?)" + order);
  q.bind(s);
  s.bind_all(std::int64_t{page.per_page}, page.offset());
  while (s.step()) out.items.push_back(read_row(s));
  return out;
}

}  // namespace turnus::store::sqlite
