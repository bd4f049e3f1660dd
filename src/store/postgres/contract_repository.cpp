#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/contract_codec.hpp"
#include "store/list_cursor.hpp"
#include "store/postgres/contract_list.hpp"
#include "store/postgres/repositories.hpp"
#include "store/text_fold.hpp"

namespace turnus::store::postgres {

namespace {

using domain::Contract;

// The columns read_row() reads, in its order; the list selects the same.
const std::string_view kColumns = contract_list_columns();

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
  if (interval.unit == domain::IntervalUnit::fixed) interval.dates = fixed_dates_from_json(st.id, r.text(8));
  std::optional<domain::Term> term;
  if (!r.is_null(9)) {
    const std::string term_unit = r.text(10);
    term = domain::Term{r.int32(9), parse_enum(domain::term_unit_from_string(term_unit), term_unit)};
  }
  try {
    st.schedule = domain::Schedule::create(r.date(5), std::move(interval), term);
  } catch (const domain::Error& e) {
    corrupt_contract(st.id, e.message().en);
  }

  if (!r.is_null(11)) st.reminder = domain::Reminder{r.int32(11)};
  const std::string action = r.text(12);
  st.action = domain::Action{parse_enum(domain::action_type_from_string(action), action), r.int64(13)};
  const std::string status = r.text(14);
  st.status = parse_enum(domain::contract_status_from_string(status), status);
  st.next_due_date = r.optional_date(15);
  st.handled_through = r.optional_date(16);
  st.version = r.int64(17);
  st.created_at = r.int64(18);
  st.updated_at = r.int64(19);
  st.reminded_through = r.optional_date(20);
  return Contract::restore(std::move(st));
}

// The columns add() and update() both write, in the order bind_writable() binds them.
constexpr std::string_view kWritableColumns =
    "name, name_folded, customer_id, project_id, start_date, interval_unit, interval_every, interval_dates, "
    "term_count, term_unit, reminder_days_before, action_type, action_employee_id, status, next_due_date, "
    "handled_through, reminded_through, next_reminder_date";

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
          fixed ? q.arg(fixed_dates_to_json(interval.dates)) : q.arg(std::nullopt),
          term ? q.arg(term->count) : q.arg(std::nullopt),
          term ? q.arg(domain::to_string(term->unit)) : q.arg(std::nullopt),
          st.reminder ? q.arg(st.reminder->days_before) : q.arg(std::nullopt),
          q.arg(domain::to_string(st.action.type)),
          q.arg(st.action.employee_id),
          q.arg(domain::to_string(st.status)),
          q.arg(st.next_due_date),
          q.arg(st.handled_through),
          q.arg(st.reminded_through),
          q.arg(Contract::next_reminder_date_of(st))};
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

// A page's total from the count of statement 1: a count of matches is exact only up to
// app::kExactTotalLimit (ADR 0006); a sum of contract_counts always is.
void set_total(app::Page<Contract>& out, std::int64_t counted, bool counts_matches) {
  if (counts_matches) {
    out.total = std::min(counted, app::kExactTotalLimit);
    out.total_exact = counted <= app::kExactTotalLimit;
  } else {
    out.total = counted;
  }
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
  st.created_at = now;
  st.updated_at = now;
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
  st.updated_at = now;
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

Contract PgContractRepository::save_progress(const Contract& contract, domain::Timestamp now) {
  Contract::State st = contract.state();
  const std::int64_t version = st.version;
  st.version = version + 1;
  st.updated_at = now;
  const auto all_saved = [](std::int64_t affected, std::size_t rows) {
    if (affected != static_cast<std::int64_t>(rows)) {
      throw domain::Error::conflict({"Der Vertrag wurde inzwischen geändert. Bitte neu laden.",
                                     "The contract was changed meanwhile. Please reload."});
    }
  };
  if (conn_.batching()) {
    // One UPDATE for the batch also runs the statement-level count trigger once.
    conn_.query("")
        .bind_all(st.id, st.organisation_id, version, st.next_due_date, st.handled_through, st.reminded_through,
                  Contract::next_reminder_date_of(st), now)
        .defer(
            "UPDATE maintenance_contracts c SET next_due_date = u.next_due_date, handled_through = u.handled_through, "
            "reminded_through = u.reminded_through, next_reminder_date = u.next_reminder_date, version = u.version + "
            "1, "
            "updated_at = u.updated_at FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::date[], $5::date[], "
            "$6::date[], $7::date[], $8::bigint[]) AS u(id, organisation_id, version, next_due_date, handled_through, "
            "reminded_through, next_reminder_date, updated_at) WHERE c.id = u.id AND c.organisation_id = "
            "u.organisation_id AND c.version = u.version",
            all_saved);
    return Contract::restore(std::move(st));
  }
  const Result r = conn_
                       .query(
                           "UPDATE maintenance_contracts SET next_due_date = $1, handled_through = $2, "
                           "reminded_through = $3, next_reminder_date = $4, version = $5, updated_at = $6 "
                           "WHERE id = $7 AND organisation_id = $8 AND version = $9")
                       .bind(st.next_due_date)
                       .bind(st.handled_through)
                       .bind(st.reminded_through)
                       .bind(Contract::next_reminder_date_of(st))
                       .bind(st.version)
                       .bind(now)
                       .bind(st.id)
                       .bind(st.organisation_id)
                       .bind(version)
                       .run();
  all_saved(r.affected(), 1);
  return Contract::restore(std::move(st));
}

std::vector<Contract> PgContractRepository::claim_due(Id organisation_id, domain::Date day, const std::vector<Id>& skip,
                                                      int limit) {
  // contracts_status_due (organisation_id, status, next_due_date) finds the due rows; SKIP
  // LOCKED passes over those another instance is working on. Under READ COMMITTED a row
  // that instance has just advanced is re-checked after locking and no longer qualifies.
  // Two statements, each stopping at the limit on its own index: due occurrences, then, if
  // the batch has room, due reminders of the others (contracts_reminder_due, set only on
  // active contracts). With one OR the planner takes a BitmapOr, which reads every due row
  // of both indexes before the LIMIT, for each batch: quadratic in a long catch-up.
  std::vector<Contract> out;
  const auto run = [&](const std::string& condition) {
    Query q = conn_.query("SELECT " + std::string(kColumns) + " FROM maintenance_contracts c");
    const std::string until = q.arg(day);
    std::string where = condition;
    for (std::string::size_type at; (at = where.find("$DAY")) != std::string::npos;) where.replace(at, 4, until);
    q.append(" WHERE c.organisation_id = " + q.arg(organisation_id) + " AND " + where);
    for (const Id id : skip) q.append(" AND c.id <> " + q.arg(id));
    q.append(" LIMIT " + q.arg(static_cast<std::int64_t>(limit) - static_cast<std::int64_t>(out.size())) +
             " FOR UPDATE SKIP LOCKED");
    for (const Row row : q.run()) out.push_back(read_row(row));
  };
  run("c.status IN ('active', 'inactive') AND c.next_due_date <= $DAY");
  if (out.size() < static_cast<std::size_t>(limit)) {
    run("c.next_reminder_date <= $DAY AND NOT (c.status IN ('active', 'inactive') AND c.next_due_date IS NOT NULL "
        "AND c.next_due_date <= $DAY)");
  }
  return out;
}

std::optional<domain::Date> PgContractRepository::next_due_day(Id organisation_id) {
  // Three index-only minimums (contracts_status_due, contracts_reminder_due).
  const Result r =
      conn_
          .query(
              "SELECT least((SELECT min(next_due_date) FROM maintenance_contracts WHERE organisation_id = $1 AND "
              "status = 'active'), (SELECT min(next_due_date) FROM maintenance_contracts WHERE organisation_id = $1 "
              "AND status = 'inactive'), (SELECT min(next_reminder_date) FROM maintenance_contracts WHERE "
              "organisation_id = $1 AND next_reminder_date IS NOT NULL))")
          .bind(organisation_id)
          .run();
  if (r.empty()) return std::nullopt;
  return r.row(0).optional_date(0);
}

app::ContractListPage PgContractRepository::list(Id organisation_id, const app::ContractFilter& filter,
                                                 app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  app::ContractListPage out;
  out.page = page.page;
  out.per_page = page.per_page;
  // After a cursor the page starts there: `page` only numbers it.
  const app::PageRequest read_page = filter.after ? app::PageRequest{1, page.per_page} : page;
  const int name_folded_column = static_cast<int>(kListColumnCount);
  std::string last_name_folded;
  std::optional<std::string> last_customer_name_folded;
  const auto take = [&](const Row& row) {
    out.items.push_back(read_row(row));
    last_name_folded = row.text(name_folded_column);
    last_customer_name_folded = row.optional_text(name_folded_column + 1);
  };
  const auto finish = [&] {
    const auto missing = static_cast<int>(page.per_page - std::ssize(out.items));
    if (missing > 0) {
      if (const std::optional<app::ContractFilter> rest = continue_in_no_value_group(filter)) {
        const PgStatement more =
            contract_page_statement(organisation_id, *rest, app::PageRequest{1, missing}, !out.total_exact);
        for (const Row row : conn_.exec_params(more.sql, more.params)) take(row);
      }
    }
    if (more_may_follow(out, filter, page)) {
      out.next =
          cursor_after(filter, out.items.back(), std::move(last_name_folded), std::move(last_customer_name_folded));
    }
    return std::move(out);
  };

  if (contract_total_reads_rows(filter)) {
    const PgStatement both = contract_total_and_page_statement(organisation_id, filter, read_page);
    const Result result = conn_.exec_params(both.sql, both.params);
    const int total_column = PQnfields(result.get()) - 1;
    set_total(out, result.row(0).int64(total_column), contract_total_counts_matches(filter));
    if (out.total_exact) {
      for (const Row row : result) {
        if (!row.is_null(0)) take(row);
      }
      return finish();
    }
  } else {
    const PgStatement total = contract_total_statement(organisation_id, filter);
    set_total(out, conn_.exec_params(total.sql, total.params).row(0).int64(0), contract_total_counts_matches(filter));
  }
  if (out.total_exact && out.total <= read_page.offset()) return out;

  const PgStatement rows = contract_page_statement(organisation_id, filter, read_page, !out.total_exact);
  for (const Row row : conn_.exec_params(rows.sql, rows.params)) take(row);
  return finish();
}

}  // namespace turnus::store::postgres
