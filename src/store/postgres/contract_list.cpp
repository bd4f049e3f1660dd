#include "store/postgres/contract_list.hpp"

#include <string_view>
#include <utility>

#include "store/postgres/repositories.hpp"
#include "store/text_fold.hpp"
#include "store/trigrams.hpp"

namespace turnus::store::postgres {

namespace {

// Trigrams per text filter given to the trigram indexes (see append_where).
constexpr std::size_t kMaxTrigrams = 2;

constexpr std::string_view kColumns =
    "c.id, c.organisation_id, c.name, c.customer_id, c.project_id, c.start_date, c.interval_unit, "
    "c.interval_every, c.interval_dates, c.term_count, c.term_unit, c.reminder_days_before, c.action_type, "
    "c.action_employee_id, c.status, c.next_due_date, c.handled_through, c.version, c.created_at, c.updated_at, "
    "c.reminded_through";
// A page also reads what the cursor of the page after it needs (store/list_cursor.hpp).
constexpr std::string_view kFoldedColumns = ", c.name_folded, c.customer_name_folded";

// SQL and its parameters built together: arg() binds a value and returns its placeholder.
class Builder {
 public:
  std::string arg(std::string value) {
    params_.emplace_back(std::move(value));
    return "$" + std::to_string(params_.size());
  }
  std::string arg(std::string_view value) { return arg(std::string(value)); }
  std::string arg(std::int64_t value) { return arg(std::to_string(value)); }
  std::string arg(domain::Date value) { return arg(value.to_string()); }
  Builder& operator<<(std::string_view sql) {
    sql_ += sql;
    return *this;
  }
  PgStatement done() { return {std::move(sql_), std::move(params_)}; }

 private:
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// The WHERE clause. Values are never spliced into the SQL; only the shape of the clause
// depends on which filters are set. The customer of a contract is its own or, for a
// project contract, the project's.
// `walk_text`: the text is checked row by row only, without the trigram indexes (see
// contract_page_statement).
void append_where(Builder& q, app::Id organisation_id, const app::ContractFilter& f, bool walk_text = false) {
  const std::string org = q.arg(organisation_id);
  q << " WHERE c.organisation_id = " << org;
  if (!f.statuses.empty()) {
    std::vector<std::string> statuses;
    statuses.reserve(f.statuses.size());
    for (domain::ContractStatus status : f.statuses) statuses.push_back(q.arg(domain::to_string(status)));
    q << " AND c.status IN (" << joined(statuses) << ")";
  }
  if (f.customer_id) {
    // As a set of ids from two index lookups: an OR of the two conditions made PostgreSQL
    // walk every contract of the organisation (4–5 s at a million contracts).
    const std::string customer = q.arg(*f.customer_id);
    q << " AND c.id IN (SELECT id FROM maintenance_contracts WHERE organisation_id = " << org
      << " AND customer_id = " << customer
      << " UNION ALL SELECT id FROM maintenance_contracts WHERE organisation_id = " << org
      << " AND project_id IN (SELECT id FROM projects WHERE organisation_id = " << org
      << " AND customer_id = " << customer << "))";
  }
  if (f.project_id) q << " AND c.project_id = " << q.arg(*f.project_id);
  if (f.employee_id) q << " AND c.action_employee_id = " << q.arg(*f.employee_id);
  if (!f.query.empty()) {
    const std::string needle = fold(f.query);
    // The trigram indexes (a bitmap OR over the two columns) are given only the two rarest
    // trigrams of the text, each as its own LIKE, and strpos() checks the whole text on the
    // candidates: a LIKE of the whole text makes GIN read the lists of all its trigrams,
    // and a customer's full name has common ones ("ein", "er ") whose lists cost 30–40 ms
    // at a million contracts, while its two rarest cost well under one.
    if (walk_text) {
      // search_folded holds both texts (migration 0007), and the next-due indexes carry it:
      // the walk checks index entries instead of fetching rows.
      q << " AND strpos(c.search_folded, " << q.arg(needle) << ") > 0";
    } else if (const std::optional<std::vector<std::string>> trigrams = rarest_trigrams(needle, kMaxTrigrams, true)) {
      std::vector<std::string> patterns;
      patterns.reserve(trigrams->size());
      for (const std::string& t : *trigrams) patterns.push_back(q.arg(contains_pattern(t)));
      const std::string whole = q.arg(needle);
      q << " AND (";
      bool first = true;
      for (const char* column : {"c.name_folded", "c.customer_name_folded"}) {
        q << (first ? "(" : " OR (");
        first = false;
        for (const std::string& pattern : patterns) q << column << " LIKE " << pattern << " AND ";
        q << "strpos(" << column << ", " << whole << ") > 0)";
      }
      q << ")";
    } else {
      const std::string pattern = q.arg(contains_pattern(needle));
      q << " AND (c.name_folded LIKE " << pattern << " OR c.customer_name_folded LIKE " << pattern << ")";
    }
  }
  if (f.action_type) q << " AND c.action_type = " << q.arg(domain::to_string(*f.action_type));
  if (f.interval_unit) q << " AND c.interval_unit = " << q.arg(domain::to_string(*f.interval_unit));
  if (f.due_before) q << " AND c.next_due_date <= " << q.arg(*f.due_before);
  if (f.due_after) q << " AND c.next_due_date >= " << q.arg(*f.due_after);
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

// " AND …": the rows after the filter's cursor within its group (store/list_cursor.hpp), as
// conditions the sort's index takes as its bounds: the group as "IS [NOT] NULL", then the
// value and id as one row value. Empty without a cursor.
std::string cursor_condition(Builder& q, const app::ContractFilter& f) {
  if (!f.after) return {};
  const app::ContractCursor& cursor = *f.after;
  const std::string after = f.descending ? " < " : " > ";
  std::string column = "c.next_due_date";
  if (f.sort == app::ContractFilter::Sort::name) column = "c.name_folded";
  if (f.sort == app::ContractFilter::Sort::customer) column = "c.customer_name_folded";
  if (cursor.value) {
    std::string out = " AND ";
    if (f.sort != app::ContractFilter::Sort::name) out += column + " IS NOT NULL AND ";
    const std::string value = q.arg(*cursor.value);
    return out + "(" + column + ", c.id)" + after + "(" + value + ", " + q.arg(cursor.id) + ")";
  }
  std::string out = " AND " + column + " IS NULL";
  if (cursor.id > 0) out += " AND c.id" + after + q.arg(cursor.id);
  return out;
}

}  // namespace

std::string_view contract_list_columns() { return kColumns; }

bool contract_total_counts_matches(const app::ContractFilter& f) {
  return f.customer_id || f.project_id || f.employee_id || !f.query.empty() || f.action_type || f.interval_unit ||
         f.due_before || f.due_after;
}

PgStatement contract_total_statement(app::Id organisation_id, const app::ContractFilter& filter) {
  Builder q;
  if (!contract_total_counts_matches(filter)) {
    q << "SELECT coalesce(sum(contracts), 0)::bigint FROM contract_counts WHERE organisation_id = "
      << q.arg(organisation_id);
    if (!filter.statuses.empty()) {
      std::vector<std::string> statuses;
      statuses.reserve(filter.statuses.size());
      for (domain::ContractStatus status : filter.statuses) statuses.push_back(q.arg(domain::to_string(status)));
      q << " AND status IN (" << joined(statuses) << ")";
    }
    return q.done();
  }
  // Counted only up to one past the exact limit: beyond it, counting would read as many
  // rows as there are matches.
  q << "SELECT count(*) FROM (SELECT 1 FROM maintenance_contracts c";
  append_where(q, organisation_id, filter);
  q << " LIMIT " << q.arg(app::kExactTotalLimit + 1) << ") matches";
  return q.done();
}

bool contract_total_reads_rows(const app::ContractFilter& f) {
  return !f.query.empty() || f.customer_id || f.project_id;
}

PgStatement contract_total_and_page_statement(app::Id organisation_id, const app::ContractFilter& filter,
                                              app::PageRequest page) {
  Builder q;
  // `m`: the matches, one past the limit, with every column a sort needs. MATERIALIZED: it
  // is read twice, and inlined the planner would find the matches twice.
  q << "WITH m AS MATERIALIZED (SELECT c.id, c.next_due_date, c.name_folded, c.customer_name_folded"
    << " FROM maintenance_contracts c";
  append_where(q, organisation_id, filter);
  q << " LIMIT " << q.arg(app::kExactTotalLimit + 1)
    << "), n AS (SELECT count(*) AS total FROM m)"
    // The page only when `m` holds every match; past the limit its rows are arbitrary ones.
    << ", p AS (SELECT c.id FROM m c WHERE (SELECT total FROM n) <= " << q.arg(app::kExactTotalLimit);
  q << cursor_condition(q, filter) << order_by(filter) << " LIMIT " << q.arg(std::int64_t{page.per_page}) << " OFFSET "
    << q.arg(page.offset()) << ") SELECT " << kColumns << kFoldedColumns
    << ", n.total FROM n LEFT JOIN (p JOIN maintenance_contracts c ON c.organisation_id = " << q.arg(organisation_id)
    << " AND c.id = p.id) ON true" << order_by(filter);
  return q.done();
}

PgStatement contract_page_statement(app::Id organisation_id, const app::ContractFilter& filter, app::PageRequest page,
                                    bool many_matches) {
  // The first page of a text with more matches than the exact limit (one in a thousand
  // contracts or more): walking the sort's index and checking each row's text usually finds
  // it sooner than the trigram indexes, whose every candidate is read and sorted (15,000 for
  // "Müller" at a million contracts: 77 ms; the walk reads 3,000 rows: 9.5 ms). The planner
  // cannot know, as its estimate for a LIKE of trigrams is far too low (321 for 13,961), so
  // the text is given to it without them. Deeper pages keep the trigram indexes: a walk
  // grows with the page, the candidates do not. The walk is the worse choice for texts just
  // past the limit (under about 0.7 % of the organisation); ADR 0006 has the numbers.
  const bool walk_text = many_matches && !filter.query.empty() && page.offset() == 0;
  Builder q;
  // A walk of the next-due index that checks the text reads the index alone (migration
  // 0007) when it selects ids only: that first page also takes the deferred join below.
  const bool text_in_index = walk_text && filter.sort == app::ContractFilter::Sort::next_due_date;
  if (page.offset() == 0 && !text_in_index) {
    // The first page reads its 50 rows off the sort's index directly; the deferred join
    // below would only add its second pass (0.4 ms).
    q << "SELECT " << kColumns << kFoldedColumns << " FROM maintenance_contracts c";
    append_where(q, organisation_id, filter, walk_text);
    q << cursor_condition(q, filter) << order_by(filter) << " LIMIT " << q.arg(std::int64_t{page.per_page});
    return q.done();
  }
  // A later page (or that first text page): a deferred join. The page's ids are chosen
  // first, on an index-only scan of the sort's index where the filter allows (the status is
  // in it, migration 0006), and only the page's rows are read in full and sorted once more.
  // Reading whole rows while stepping over the OFFSET fetched every skipped row from the
  // table: 60 ms for page 100 at a million.
  q << "SELECT " << kColumns << kFoldedColumns
    << " FROM maintenance_contracts c WHERE c.organisation_id = " << q.arg(organisation_id)
    << " AND c.id IN (SELECT c.id FROM maintenance_contracts c";
  append_where(q, organisation_id, filter, walk_text);
  q << cursor_condition(q, filter) << order_by(filter) << " LIMIT " << q.arg(std::int64_t{page.per_page}) << " OFFSET "
    << q.arg(page.offset()) << ")" << order_by(filter);
  return q.done();
}

}  // namespace turnus::store::postgres
