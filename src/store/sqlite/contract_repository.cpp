#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "store/contract_codec.hpp"
#include "store/list_cursor.hpp"
#include "store/sqlite/contract_list.hpp"
#include "store/sqlite/repositories.hpp"
#include "store/text_fold.hpp"

namespace turnus::store::sqlite {

namespace {

using domain::Contract;

// The columns read_row() reads, in its order; the list selects the same.
const std::string_view kColumns = contract_list_columns();

Contract read_row(const Statement& s) {
  Contract::State st;
  st.id = s.int64(0);
  st.organisation_id = s.int64(1);
  st.name = s.text(2);
  st.customer_id = s.optional_int64(3);
  st.project_id = s.optional_int64(4);

  domain::Interval interval;
  const std::string_view unit = s.text_view(6);
  interval.unit = parse_enum(domain::interval_unit_from_string(unit), unit);
  interval.every = s.int32(7);
  if (interval.unit == domain::IntervalUnit::fixed) interval.dates = fixed_dates_from_json(st.id, s.text(8));
  std::optional<domain::Term> term;
  if (!s.is_null(9)) {
    const std::string_view term_unit = s.text_view(10);
    term = domain::Term{s.int32(9), parse_enum(domain::term_unit_from_string(term_unit), term_unit)};
  }
  try {
    st.schedule = domain::Schedule::create(s.date(5), std::move(interval), term);
  } catch (const domain::Error& e) {
    corrupt_contract(st.id, e.message().en);
  }

  if (!s.is_null(11)) st.reminder = domain::Reminder{s.int32(11)};
  const std::string_view action = s.text_view(12);
  st.action = domain::Action{parse_enum(domain::action_type_from_string(action), action), s.int64(13)};
  const std::string_view status = s.text_view(14);
  st.status = parse_enum(domain::contract_status_from_string(status), status);
  st.next_due_date = s.optional_date(15);
  st.handled_through = s.optional_date(16);
  st.version = s.int64(17);
  st.created_at = s.int64(18);
  st.updated_at = s.int64(19);
  st.reminded_through = s.optional_date(20);
  return Contract::restore(std::move(st));
}

// The columns add() and update() both write; bind_writable() binds them in this order.
constexpr std::string_view kWritableColumns =
    "name, name_folded, customer_id, project_id, start_date, interval_unit, interval_every, interval_dates, "
    "term_count, term_unit, reminder_days_before, action_type, action_employee_id, status, next_due_date, "
    "handled_through, reminded_through, next_reminder_date";
constexpr int kWritableCount = 18;

void bind_writable(Statement& s, const Contract::State& st) {
  const domain::Schedule& schedule = st.schedule;
  const domain::Interval& interval = schedule.interval();
  s.bind_all(st.name, fold(st.name), st.customer_id, st.project_id, schedule.start(), domain::to_string(interval.unit),
             interval.every);
  if (interval.unit == domain::IntervalUnit::fixed) {
    s.bind(fixed_dates_to_json(interval.dates));
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
             st.handled_through, st.reminded_through, Contract::next_reminder_date_of(st));
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

// Runs one of the list's statements (store/sqlite/contract_list.hpp) with its parameters.
Statement prepare_bound(Connection& conn, const SqlStatement& statement) {
  Statement s = conn.prepare(statement.sql);
  for (const SqlValue& value : statement.params) std::visit([&s](const auto& v) { s.bind(v); }, value);
  return s;
}

}  // namespace

Contract SqliteContractRepository::add(const Contract& contract, domain::Timestamp now) {
  Contract::State st = contract.state();
  // customer_name_folded is written here with the value the insert trigger of migration 0002
  // computes (the same lookup), so that the trigger finds it right and does not write the
  // new row a second time; the trigger stays the guarantee for every other writer.
  Statement s = conn_.prepare("INSERT INTO maintenance_contracts (organisation_id, " + std::string(kWritableColumns) +
                              ", customer_name_folded, version, created_at, updated_at) VALUES (?1, " +
                              placeholders(kWritableCount) +
                              ", coalesce((SELECT name_folded FROM customers WHERE organisation_id = ?1 AND id = ?4),"
                              " (SELECT cu.name_folded FROM projects p JOIN customers cu"
                              " ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id"
                              " WHERE p.organisation_id = ?1 AND p.id = ?5)), 1, ?, ?)");
  s.bind(st.organisation_id);
  bind_writable(s, st);
  s.bind_all(now, now).run();
  st.id = conn_.last_insert_id();
  st.version = 1;
  st.created_at = now;
  st.updated_at = now;
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
  st.version = version;
  return save(Contract::restore(std::move(st)), now);
}

Contract SqliteContractRepository::save(const Contract& contract, domain::Timestamp now) {
  Contract::State st = contract.state();
  const std::int64_t version = st.version;
  st.version = version + 1;
  st.updated_at = now;
  Statement s = conn_.prepare(update_sql());
  bind_writable(s, st);
  s.bind_all(st.version, now, st.id, st.organisation_id, version).run();
  // Cannot happen inside our write transaction; guards against a writer outside turnus.
  if (conn_.changes() != 1) {
    throw domain::Error::conflict({"Der Vertrag wurde inzwischen geändert. Bitte neu laden.",
                                   "The contract was changed meanwhile. Please reload."});
  }
  return Contract::restore(std::move(st));
}

Contract SqliteContractRepository::save_progress(const Contract& contract, domain::Timestamp now) {
  Contract::State st = contract.state();
  const std::int64_t version = st.version;
  st.version = version + 1;
  st.updated_at = now;
  // SQLite rewrites every index that holds a column of the SET list, changed or not: only
  // the schedule's columns keep the name, customer and employee indexes out of it.
  Statement s = conn_.prepare(
      "UPDATE maintenance_contracts SET next_due_date = ?, handled_through = ?, reminded_through = ?, "
      "next_reminder_date = ?, version = ?, updated_at = ? WHERE id = ? AND organisation_id = ? AND version = ?");
  s.bind_all(st.next_due_date, st.handled_through, st.reminded_through, Contract::next_reminder_date_of(st), st.version,
             now, st.id, st.organisation_id, version)
      .run();
  if (conn_.changes() != 1) {
    throw domain::Error::conflict({"Der Vertrag wurde inzwischen geändert. Bitte neu laden.",
                                   "The contract was changed meanwhile. Please reload."});
  }
  return Contract::restore(std::move(st));
}

std::vector<Contract> SqliteContractRepository::claim_due(Id organisation_id, domain::Date day,
                                                          const std::vector<Id>& skip, int limit) {
  // No row locks in SQLite: write() holds the database's single write lock (BEGIN
  // IMMEDIATE), so no other process can claim or change these rows until it commits.
  // Two statements, each stopping at the limit on its own index: due occurrences
  // (contracts_status_due), then, if the batch has room, due reminders of the others
  // (contracts_reminder_due, set only on active contracts). One statement with an OR would
  // collect every due row id from both indexes before applying the LIMIT, for each batch:
  // quadratic in a long catch-up.
  std::string skipped;
  for (std::size_t i = 0; i < skip.size(); ++i) skipped += " AND c.id <> ?";
  const auto run = [&](const std::string& where, std::vector<Contract>& out) {
    Statement s = conn_.prepare("SELECT " + std::string(kColumns) + " FROM maintenance_contracts c WHERE " + where +
                                skipped + " LIMIT ?");
    s.bind_all(organisation_id, day);
    for (const Id id : skip) s.bind(id);
    s.bind(static_cast<std::int64_t>(limit) - static_cast<std::int64_t>(out.size()));
    while (s.step()) out.push_back(read_row(s));
  };
  std::vector<Contract> out;
  run("c.organisation_id = ?1 AND c.status IN ('active', 'inactive') AND c.next_due_date <= ?2", out);
  if (out.size() < static_cast<std::size_t>(limit)) {
    run("c.organisation_id = ?1 AND c.next_reminder_date <= ?2 AND NOT (c.status IN ('active', 'inactive') AND "
        "c.next_due_date IS NOT NULL AND c.next_due_date <= ?2)",
        out);
  }
  return out;
}

std::optional<domain::Date> SqliteContractRepository::next_due_day(Id organisation_id) {
  // Three index-only minimums (contracts_status_due, contracts_reminder_due).
  Statement s = conn_.prepare(
      "SELECT min(d) FROM (SELECT min(next_due_date) AS d FROM maintenance_contracts WHERE organisation_id = ?1 AND "
      "status = 'active' AND next_due_date IS NOT NULL UNION ALL SELECT min(next_due_date) FROM maintenance_contracts "
      "WHERE organisation_id = ?1 AND status = 'inactive' AND next_due_date IS NOT NULL UNION ALL "
      "SELECT min(next_reminder_date) FROM maintenance_contracts WHERE organisation_id = ?1 AND "
      "next_reminder_date IS NOT NULL)");
  s.bind(organisation_id);
  if (!s.step()) return std::nullopt;
  return s.optional_date(0);
}

app::ContractListPage SqliteContractRepository::list(Id organisation_id, const app::ContractFilter& filter,
                                                     app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  app::ContractListPage out;
  out.page = page.page;
  out.per_page = page.per_page;

  ContractCounts counts;
  {
    Statement s = prepare_bound(conn_, contract_counts_sql(organisation_id, filter));
    s.step();
    counts = {s.int64(0), s.int64(1)};
  }
  if (const std::optional<SqlStatement> count = contract_count_sql(organisation_id, filter, counts)) {
    Statement s = prepare_bound(conn_, *count);
    s.step();
    out.total = std::min(s.int64(0), app::kExactTotalLimit);
    out.total_exact = s.int64(0) <= app::kExactTotalLimit;
  } else {
    out.total = counts.in_statuses;
  }
  // After a cursor the page starts there: `page` only numbers it.
  const app::PageRequest read_page = filter.after ? app::PageRequest{1, page.per_page} : page;
  if (out.total_exact && out.total <= read_page.offset()) return out;

  std::optional<std::int64_t> text_candidates;
  if (const std::optional<SqlStatement> candidates =
          text_candidates_sql(organisation_id, filter, read_page, counts, out.total_exact)) {
    Statement c = prepare_bound(conn_, *candidates);
    if (c.step()) text_candidates = c.int64(0);  // NULL, no contract holds the trigram: 0
  }
  const int name_folded_column = static_cast<int>(kListColumnCount);
  std::string last_name_folded;
  std::optional<std::string> last_customer_name_folded;
  const auto read_page_rows = [&](const app::ContractFilter& f, app::PageRequest p, CursorPart part) {
    Statement s = prepare_bound(
        conn_, contract_page_sql(organisation_id, f, p, counts, out.total, out.total_exact, text_candidates, part));
    while (s.step()) {
      out.items.push_back(read_row(s));
      last_name_folded = s.text(name_folded_column);
      last_customer_name_folded = s.optional_text(name_folded_column + 1);
    }
  };
  const auto missing = [&] { return static_cast<int>(page.per_page - std::ssize(out.items)); };
  read_page_rows(filter, read_page, CursorPart::same_value);
  if (filter.after && filter.after->value && missing() > 0) {
    read_page_rows(filter, app::PageRequest{1, missing()}, CursorPart::later_values);
  }
  if (missing() > 0) {
    if (const std::optional<app::ContractFilter> rest = continue_in_no_value_group(filter)) {
      read_page_rows(*rest, app::PageRequest{1, missing()}, CursorPart::same_value);
    }
  }
  if (more_may_follow(out, filter, page)) {
    out.next =
        cursor_after(filter, out.items.back(), std::move(last_name_folded), std::move(last_customer_name_folded));
  }
  return out;
}

}  // namespace turnus::store::sqlite
