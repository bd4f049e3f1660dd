#include "store/sqlite/contract_list.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

#include "store/list_cursor.hpp"
#include "store/text_fold.hpp"
#include "store/trigrams.hpp"

namespace turnus::store::sqlite {

namespace {

using app::ContractCursor;
using app::ContractFilter;
using domain::ContractStatus;

constexpr std::string_view kColumns =
    "c.id, c.organisation_id, c.name, c.customer_id, c.project_id, c.start_date, c.interval_unit, "
    "c.interval_every, c.interval_dates, c.term_count, c.term_unit, c.reminder_days_before, c.action_type, "
    "c.action_employee_id, c.status, c.next_due_date, c.handled_through, c.version, c.created_at, c.updated_at, "
    "c.reminded_through";
// A page also reads what the cursor of the page after it needs (store/list_cursor.hpp).
constexpr std::string_view kFoldedColumns = ", c.name_folded, c.customer_name_folded";

// Walk or drive (see the header). Rough costs measured on a million contracts: a walk step
// that is answered from the index entry costs about a tenth of a drive step (reading a row
// by id, plus its share of the sort); a walk step that has to read the row costs the same.
constexpr std::int64_t kIndexStepsPerRow = 8;
// Walks this short are taken without weighing: a drive could not be much cheaper.
constexpr std::int64_t kWalkAlways = 1000;
// Organisations up to this size look up their candidates with their organisation token
// (migration 0002). FTS5 pays for a token by reading its list of contracts: 25–35 ms for an
// organisation of a million contracts (measured), so about 3 ms for 100,000. In exchange
// only the organisation's own candidates are checked, which is what matters where it is a
// small part of the installation; a larger organisation's own contracts are a large part
// of the candidates anyway, unless the installation is many times its size.
constexpr std::int64_t kTokenAtMostContracts = 100'000;
// Trigrams per FTS5 query. FTS5 intersects the contract lists of the trigrams by reading
// each of them, so every trigram costs in proportion to its own list: at a million
// contracts all 16 trigrams of a customer's name took 21 ms, its two rarest 1 ms (38
// candidates, each then checked on its row: about 2 µs apiece). Any subset of the text's
// trigrams finds a superset of the matches, and instr() checks every candidate anyway.
constexpr std::size_t kMaxTrigrams = 2;

// A piece of SQL and its parameters, in binding order.
struct Sql {
  std::string text;
  std::vector<SqlValue> params;

  Sql& operator<<(std::string_view more) {
    text += more;
    return *this;
  }
  // Emplaced per alternative: moving a temporary std::variant in makes GCC 12 report a
  // false -Wmaybe-uninitialized at -O3.
  Sql& bind(std::int64_t value) {
    params.emplace_back(std::in_place_type<std::int64_t>, value);
    return *this;
  }
  Sql& bind(std::string value) {
    params.emplace_back(std::in_place_type<std::string>, std::move(value));
    return *this;
  }
  Sql& append(const Sql& other) {
    text += other.text;
    params.insert(params.end(), other.params.begin(), other.params.end());
    return *this;
  }
};

// The statuses the list shows; an empty filter means all of them. Spelled out rather than
// left away so that the status column can always take part in an index seek.
std::vector<ContractStatus> statuses_of(const ContractFilter& f) {
  if (!f.statuses.empty()) return f.statuses;
  return {ContractStatus::active, ContractStatus::inactive, ContractStatus::archived};
}

Sql status_in(std::string_view column, const ContractFilter& f) {
  Sql s;
  s << column << " IN (";
  bool first = true;
  for (ContractStatus status : statuses_of(f)) {
    s << (first ? "?" : ", ?");
    s.bind(std::string(domain::to_string(status)));
    first = false;
  }
  s << ")";
  return s;
}

std::string quoted_fts_string(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';  // FTS5 escapes a double quote inside a string by doubling it
    out += ch;
  }
  out += '"';
  return out;
}

// --- the filter as SQL ---------------------------------------------------------------------

// The filter part that can narrow the list the most and how to read it; tried in this order.
enum class Driver {
  customer,  // ids of the customer's contracts, its own and its projects' (few)
  project,   // ids of the project's contracts (few)
  employee,  // the contracts_employee index
  trigram,   // ids of the FTS5 candidates
  scan,      // the contracts_name index, text checked on each entry
  due,       // the contracts_status_due index, range on next_due_date
  none,      // the organisation's contracts in the statuses of the filter
};

class ListSql {
 public:
  ListSql(app::Id organisation_id, const ContractFilter& filter, const ContractCounts& counts)
      : org_(organisation_id),
        f_(filter),
        needle_(fold(filter.query)),
        text_(text_search_for(filter)),
        scope_by_token_(counts.organisation <= kTokenAtMostContracts) {
    if (f_.customer_id) {
      driver_ = Driver::customer;
    } else if (f_.project_id) {
      driver_ = Driver::project;
    } else if (f_.employee_id) {
      // Before the trigram index: an employee's index entries cost a tenth of a trigram
      // candidate (which means reading its row), and the candidates are then only probed.
      driver_ = Driver::employee;
    } else if (text_ == TextSearch::trigram) {
      driver_ = Driver::trigram;
    } else if (text_ == TextSearch::scan) {
      driver_ = Driver::scan;
    } else if (f_.due_before || f_.due_after) {
      driver_ = Driver::due;
    } else {
      driver_ = Driver::none;
    }
  }

  Driver driver() const { return driver_; }

  // Only statuses: contract_counts has the total.
  bool statuses_only() const {
    return !f_.customer_id && !f_.project_id && !f_.employee_id && !f_.action_type && !f_.interval_unit &&
           !f_.due_before && !f_.due_after && text_ == TextSearch::none;
  }

  // "FROM … WHERE …" reading the filter's contracts from the driver.
  Sql driven_from_where() const {
    Sql s;
    switch (driver_) {
      case Driver::trigram:
        // FTS5 hands out its candidates one by one in a join (an IN (subquery) would collect
        // all of them first): a count that stops at the exact limit then reads only as many
        // candidates as it needs, a few thousand even for a text in every fifth contract.
        // CROSS JOIN keeps this order.
        s << " FROM contract_search CROSS JOIN maintenance_contracts c ON c.id = contract_search.rowid"
             " WHERE contract_search MATCH ?";
        s.bind(trigram_match());
        s << " AND c.organisation_id = ?";
        s.bind(org_) << " AND ";
        s.append(status_in("c.status", f_));
        break;
      case Driver::customer:
      case Driver::project:
        // The id set drives: NOT INDEXED keeps SQLite from walking an organisation-wide index
        // instead (without statistics it would prefer the organisation's index), while rows
        // are still looked up by id.
        s << " FROM maintenance_contracts c NOT INDEXED WHERE ";
        s.append(id_set(driver_)) << " AND c.organisation_id = ?";
        s.bind(org_) << " AND ";
        s.append(status_in("c.status", f_));
        break;
      case Driver::employee:
        // The index carries the text (migration 0007): the employee's entries are checked
        // as they are read, without the trigram candidates or the rows.
        s << " FROM maintenance_contracts c INDEXED BY contracts_employee WHERE c.organisation_id = ?"
             " AND c.action_employee_id = ?";
        s.bind(org_).bind(*f_.employee_id) << " AND ";
        s.append(status_in("c.status", f_));
        return s.append(rest(driver_, {.employee_in_index = true, .text_in_index = true, .trigram_ids = false}));
      case Driver::scan:
        s << " FROM maintenance_contracts c INDEXED BY contracts_name WHERE c.organisation_id = ?";
        s.bind(org_) << " AND ";
        s.append(status_in("c.status", f_));
        break;
      case Driver::due:
      case Driver::none:
        s << " FROM maintenance_contracts c INDEXED BY contracts_status_due WHERE c.organisation_id = ?";
        s.bind(org_) << " AND ";
        s.append(status_in("c.status", f_));
        break;
    }
    return s.append(rest(driver_, {}));
  }

  // "FROM … WHERE …" walking `index` (one whose order is the requested sort).
  Sql walking_from_where(std::string_view index, bool next_due_index, bool seek_due_dates) const {
    Sql s;
    s << " FROM maintenance_contracts c INDEXED BY " << index << " WHERE c.organisation_id = ?";
    s.bind(org_) << " AND ";
    s.append(status_in("c.status", f_));
    // The due filters exclude contracts without a next due date; saying so explicitly lets
    // the walk seek straight to the first date in range on the next-due indexes.
    if (seek_due_dates) s << " AND (c.next_due_date IS NULL) = 0";
    // The text is checked with instr() on each walked entry, without the trigram index: a
    // walk is taken when matches are dense, and there collecting every candidate of the
    // index first (an IN (subquery)) costs more than the whole walk. The next-due indexes
    // carry the text; the name and customer indexes make the walk read each row.
    return s.append(rest(Driver::none, {.text_in_index = next_due_index, .trigram_ids = false}));
  }

  // True when checking the filter on a walked index entry needs the contract row: the
  // index lacks a column the filter reads. The next-due indexes carry status, employee,
  // next due date and the text; the name and customer indexes only status.
  bool walk_reads_rows(bool next_due_index) const {
    if (f_.action_type || f_.interval_unit) return true;
    return !next_due_index && (f_.employee_id || f_.due_before || f_.due_after || text_ != TextSearch::none);
  }

 private:
  struct RestOptions {
    bool employee_in_index = false;  // the driver already sought the employee
    bool text_in_index = false;      // the entries read carry search_folded
    bool trigram_ids = true;         // narrow a text to the trigram index's candidates
  };

  // The conditions other than organisation and status, except the driver's own.
  Sql rest(Driver driver, RestOptions options) const {
    Sql s;
    if (f_.customer_id && driver != Driver::customer) {
      s << " AND ";
      s.append(id_set(Driver::customer));
    }
    if (f_.project_id && driver != Driver::project) {
      s << " AND ";
      s.append(id_set(Driver::project));
    }
    if (text_ == TextSearch::trigram && driver != Driver::trigram && options.trigram_ids) {
      s << " AND ";
      s.append(id_set(Driver::trigram));
    }
    if (f_.employee_id && !options.employee_in_index) (s << " AND c.action_employee_id = ?").bind(*f_.employee_id);
    if (f_.action_type) (s << " AND c.action_type = ?").bind(std::string(domain::to_string(*f_.action_type)));
    if (f_.interval_unit) (s << " AND c.interval_unit = ?").bind(std::string(domain::to_string(*f_.interval_unit)));
    if (f_.due_before) (s << " AND c.next_due_date <= ?").bind(f_.due_before->to_string());
    if (f_.due_after) (s << " AND c.next_due_date >= ?").bind(f_.due_after->to_string());
    // The exact test, on every candidate the trigram index brought and on every row of a
    // scan: the same instr() on the same folded columns as before the index existed. Where
    // the entries carry search_folded (both texts, migration 0007) it is read from there;
    // computed from a row, it would cost more than the two instr().
    if (text_ != TextSearch::none && options.text_in_index) {
      (s << " AND instr(c.search_folded, ?) > 0").bind(needle_);
    } else if (text_ != TextSearch::none) {
      (s << " AND (instr(c.name_folded, ?) > 0 OR instr(c.customer_name_folded, ?) > 0)").bind(needle_).bind(needle_);
    }
    return s;
  }

  Sql id_set(Driver which) const {
    Sql s;
    switch (which) {
      case Driver::customer:
        // The customer of a contract is its own or, for a project contract, the project's.
        s << "c.id IN (SELECT id FROM maintenance_contracts WHERE organisation_id = ? AND customer_id = ?"
             " UNION ALL SELECT id FROM maintenance_contracts WHERE organisation_id = ? AND project_id IN"
             " (SELECT id FROM projects WHERE organisation_id = ? AND customer_id = ?))";
        s.bind(org_).bind(*f_.customer_id).bind(org_).bind(org_).bind(*f_.customer_id);
        break;
      case Driver::project:
        s << "c.id IN (SELECT id FROM maintenance_contracts WHERE organisation_id = ? AND project_id = ?)";
        s.bind(org_).bind(*f_.project_id);
        break;
      case Driver::trigram:
        s << "c.id IN (SELECT rowid FROM contract_search WHERE contract_search MATCH ?)";
        s.bind(trigram_match());
        break;
      case Driver::employee:
      case Driver::scan:
      case Driver::due:
      case Driver::none: break;  // not id sets
    }
    return s;
  }

  std::string trigram_match() const {
    std::string match = *trigram_match_expression(needle_);
    if (scope_by_token_) match = quoted_fts_string(organisation_token(org_)) + " " + match;
    return match;
  }

  app::Id org_;
  const ContractFilter& f_;
  std::string needle_;
  TextSearch text_;
  bool scope_by_token_;
  Driver driver_ = Driver::none;
};

const char* driver_name(Driver d) {
  switch (d) {
    case Driver::customer: return "customer";
    case Driver::project: return "project";
    case Driver::trigram: return "trigram";
    case Driver::employee: return "employee";
    case Driver::scan: return "scan";
    case Driver::due: return "due";
    case Driver::none: break;
  }
  return "none";
}

// The ORDER BY of a sort, and the index whose order it is. `reversed` flips every term,
// which SQLite serves by reading the same index backwards.
struct Order {
  std::string by;
  std::string index;
  bool next_due_index = false;
};

// `group_fixed`: a cursor's condition holds the "IS NULL" term to one value, which the
// ORDER BY then must not name (see below).
Order order_for(const ContractFilter& f, bool reversed, bool group_fixed = false) {
  const bool desc = f.descending != reversed;
  const std::string dir = desc ? " DESC" : "";
  // The "IS NULL" term keeps contracts without a value last in both directions of the
  // list, so it only flips when the whole order is reversed.
  const std::string nulls = reversed ? " DESC" : "";
  const std::string suffix = f.descending ? "desc" : "asc";
  switch (f.sort) {
    case ContractFilter::Sort::name: return {" ORDER BY c.name_folded" + dir + ", c.id" + dir, "contracts_name", false};
    case ContractFilter::Sort::customer:
      // Internal recurring tasks (no customer) last in both directions.
      return {std::string(" ORDER BY") + (group_fixed ? "" : " c.customer_name_folded IS NULL" + nulls + ",") +
                  " c.customer_name_folded" + dir + ", c.id" + dir,
              "contracts_customer_name_" + suffix, false};
    case ContractFilter::Sort::next_due_date: break;
  }
  // Contracts with no occurrence left last in both directions: they are the least urgent.
  // A due filter leaves no such contract, and the walk seeks with "(next_due_date IS NULL)
  // = 0"; SQLite then reads the index in order only if the ORDER BY does not name that
  // expression again (it does not treat an indexed expression fixed by the WHERE as settled).
  const std::string nulls_term =
      (f.due_before || f.due_after || group_fixed) ? "" : " c.next_due_date IS NULL" + nulls + ",";
  return {" ORDER BY" + nulls_term + " c.next_due_date" + dir + ", c.id" + dir, "contracts_next_due_" + suffix, true};
}

// " AND …": the rows after the filter's cursor (store/list_cursor.hpp), the `part` of them
// one statement reads, written as the sort index's columns so that a walk seeks to them.
// SQLite bounds a seek by a row value only up to the rowid (id), so "(value, id) > (?, ?)"
// would seek to the value and then step over every entry of it before the cursor's id (up
// to 6,669 contracts due on one day in the benchmark): the rows of the cursor's own value
// are one part (equal value, later id) and the later values another. The value is compared
// as CAST(? AS TEXT): a plain "column = ?" lets SQLite propagate the constant into the
// "IS NULL" index expression, which then no longer matches the index. Empty without a cursor.
Sql cursor_condition(const ContractFilter& f, CursorPart part) {
  Sql s;
  if (!f.after) return s;
  const ContractCursor& cursor = *f.after;
  const std::string after = f.descending ? " < " : " > ";
  std::string column = "c.next_due_date";
  if (f.sort == ContractFilter::Sort::name) column = "c.name_folded";
  if (f.sort == ContractFilter::Sort::customer) column = "c.customer_name_folded";
  if (cursor.value) {
    // Names have no rows without a value, and no "IS NULL" term in their index.
    if (f.sort != ContractFilter::Sort::name) s << " AND (" << column << " IS NULL) = 0";
    if (part == CursorPart::same_value) {
      s << " AND " << column << " = CAST(? AS TEXT) AND c.id" << after << "?";
      return s.bind(*cursor.value).bind(cursor.id);
    }
    s << " AND " << column << after << "?";
    return s.bind(*cursor.value);
  }
  // "IS NULL" on the column itself is an equality SQLite seeks on, so the id can follow.
  s << " AND (" << column << " IS NULL) = 1 AND " << column << " IS NULL";
  if (cursor.id > 0) (s << " AND c.id" << after << "?").bind(cursor.id);
  return s;
}

}  // namespace

std::string_view contract_list_columns() { return kColumns; }

std::optional<std::string> trigram_match_expression(std::string_view folded) {
  const std::optional<std::vector<std::string>> trigrams = rarest_trigrams(folded, kMaxTrigrams);
  if (!trigrams) return std::nullopt;
  std::string expression;
  for (const std::string& t : *trigrams) {
    if (!expression.empty()) expression += ' ';
    expression += quoted_fts_string(t);
  }
  return expression;
}

TextSearch text_search_for(const ContractFilter& filter) {
  if (filter.query.empty()) return TextSearch::none;
  // One or two characters have no trigram to look up: the index cannot answer them.
  return trigram_match_expression(fold(filter.query)) ? TextSearch::trigram : TextSearch::scan;
}

std::string organisation_token(app::Id organisation_id) {
  constexpr std::int64_t kBase = 6400;  // U+E000 … U+F8FF
  const auto digit = [](std::int64_t value) {
    const auto cp = static_cast<unsigned>(0xE000 + value % kBase);
    std::string utf8;
    utf8 += static_cast<char>(0xE0 | (cp >> 12));
    utf8 += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    utf8 += static_cast<char>(0x80 | (cp & 0x3F));
    return utf8;
  };
  return digit(organisation_id / (kBase * kBase)) + digit(organisation_id / kBase) + digit(organisation_id);
}

SqlStatement contract_counts_sql(app::Id organisation_id, const ContractFilter& filter) {
  Sql s;
  s << "SELECT coalesce(sum(contracts), 0), coalesce(sum(CASE WHEN ";
  s.append(status_in("status", filter));
  s << " THEN contracts ELSE 0 END), 0) FROM contract_counts WHERE organisation_id = ?";
  s.bind(organisation_id);
  return {std::move(s.text), std::move(s.params), "contract_counts"};
}

std::optional<SqlStatement> contract_count_sql(app::Id organisation_id, const ContractFilter& filter,
                                               const ContractCounts& counts) {
  const ListSql list(organisation_id, filter, counts);
  if (list.statuses_only()) return std::nullopt;
  // Counted only up to one past the exact limit (app::kExactTotalLimit, ADR 0006): beyond it,
  // counting would read as many rows as the matches.
  Sql s;
  s << "SELECT count(*) FROM (SELECT 1";
  s.append(list.driven_from_where());
  s << " LIMIT ?) matches";
  s.bind(app::kExactTotalLimit + 1);
  return SqlStatement{std::move(s.text), std::move(s.params), std::string("drive ") + driver_name(list.driver())};
}

std::optional<SqlStatement> text_candidates_sql(app::Id organisation_id, const ContractFilter& filter,
                                                app::PageRequest page, const ContractCounts& counts, bool total_exact) {
  // Only the choice contract_page_sql makes for a trigram drive needs the number.
  if (total_exact || page.offset() == 0) return std::nullopt;
  const ListSql list(organisation_id, filter, counts);
  if (list.driver() != Driver::trigram) return std::nullopt;
  const std::optional<std::vector<std::string>> trigrams = rarest_trigrams(fold(filter.query), 1);
  if (!trigrams || trigrams->empty()) return std::nullopt;
  // contract_page_sql walks when C * C * step_weight >= (offset + limit) * organisation, so
  // counting the rarest trigram's contracts can stop at the smallest C that says "walk".
  // (fts5vocab knew the number without a limit, but worked it out by reading the trigram's
  // whole list: 58 ms for "war" in a million contracts.)
  const Order walk_order = order_for(filter, false);
  const std::int64_t step_weight = list.walk_reads_rows(walk_order.next_due_index) ? 1 : kIndexStepsPerRow;
  const double walk_from =
      std::sqrt(static_cast<double>(page.offset() + page.per_page) *
                static_cast<double>(std::max<std::int64_t>(counts.organisation, 1)) / static_cast<double>(step_weight));
  Sql s;
  s << "SELECT count(*) FROM (SELECT 1 FROM contract_search WHERE contract_search MATCH ? LIMIT ?)";
  s.bind(quoted_fts_string(trigrams->front())).bind(static_cast<std::int64_t>(std::ceil(walk_from)) + 1);
  return SqlStatement{std::move(s.text), std::move(s.params), "trigram candidates"};
}

SqlStatement contract_page_sql(app::Id organisation_id, const ContractFilter& filter, app::PageRequest page,
                               const ContractCounts& counts, std::int64_t total, bool total_exact,
                               std::optional<std::int64_t> text_candidates, CursorPart part) {
  const ListSql list(organisation_id, filter, counts);
  const std::int64_t limit = page.per_page;
  const std::int64_t offset = page.offset();

  // Past the middle, the page is nearer to the end of the order: read the reversed order
  // from the other end and restore the order afterwards (the outer ORDER BY). Only an exact
  // total says where the end is.
  const bool reversed = total_exact && offset > 0 && offset + limit / 2 > total / 2;
  const std::int64_t inner_offset = reversed ? std::max<std::int64_t>(0, total - offset - limit) : offset;
  const std::int64_t inner_limit = reversed ? std::min(limit, total - offset) : limit;

  const Order walk_order = order_for(filter, reversed, filter.after && sort_is_nullable(filter.sort));
  // Index entries a walk reads: the organisation's contracts in sort order, of which about
  // total / organisation match, until the page's last row.
  const std::int64_t walk_steps =
      (inner_offset + inner_limit) * std::max<std::int64_t>(counts.organisation, 1) / std::max<std::int64_t>(total, 1);
  const std::int64_t step_weight = list.walk_reads_rows(walk_order.next_due_index) ? 1 : kIndexStepsPerRow;
  // More than app::kExactTotalLimit matches are at least one in a thousand of a million
  // contracts: dense enough that walking the sort order finds a first page sooner than
  // sorting them all (which a drive would, and their number is unknown). For a later page
  // of a text, the walk reads about (offset + limit) * organisation / matches entries and
  // the drive reads its candidates' rows, at least the matches: with C candidates standing
  // in for the matches, the drive costs less when C * C * step_weight < (offset + limit) *
  // organisation. On the next-due indexes, which carry the text (migration 0007), a walked
  // entry costs an eighth of a row: "Müller", 15,000 candidates in a million, is walked up
  // to page 36 (page 20: 17 ms walked, 38 ms driven); "wartung", 260,000, always.
  bool walk_many = true;
  if (!total_exact && text_candidates && list.driver() == Driver::trigram) {
    walk_many = static_cast<double>(*text_candidates) * static_cast<double>(*text_candidates) *
                    static_cast<double>(step_weight) >=
                static_cast<double>(inner_offset + inner_limit) * static_cast<double>(counts.organisation);
  }
  const bool walk = list.driver() == Driver::none || walk_steps <= kWalkAlways ||
                    (total_exact ? walk_steps <= step_weight * total : walk_many);

  Sql inner;
  std::string strategy;
  if (walk) {
    const bool seek_due = filter.sort == ContractFilter::Sort::next_due_date && (filter.due_before || filter.due_after);
    strategy = "walk " + walk_order.index + (reversed ? " backwards" : "");
    if (!reversed && inner_offset == 0) {
      // A first page in walk order is read in one step: SQLite seeks a contract's row only
      // once its index entry passed the filter, and the rows come out in the list's order.
      // The deferred join below would read the same 50 rows and sort them once more, a
      // quarter of the statement's time (128 against 164 µs for the default list at a
      // million contracts). Deeper pages keep it: stepping over the offset costs less on
      // the narrow index alone.
      Sql s;
      s << "SELECT " << kColumns << kFoldedColumns;
      s.append(list.walking_from_where(walk_order.index, walk_order.next_due_index, seek_due));
      s.append(cursor_condition(filter, part));
      s << walk_order.by << " LIMIT ?";
      s.bind(inner_limit);
      return {std::move(s.text), std::move(s.params), std::move(strategy)};
    }
    inner << "SELECT c.id";
    inner.append(list.walking_from_where(walk_order.index, walk_order.next_due_index, seek_due));
    inner.append(cursor_condition(filter, part));
    inner << walk_order.by << " LIMIT ? OFFSET ?";
    inner.bind(inner_limit).bind(inner_offset);
  } else {
    const Order order = order_for(filter, false);
    inner << "SELECT c.id";
    inner.append(list.driven_from_where());
    inner.append(cursor_condition(filter, part));
    inner << order.by << " LIMIT ? OFFSET ?";
    inner.bind(limit).bind(offset);
    strategy = std::string("drive ") + driver_name(list.driver());
  }

  // Deferred join: the page's ids are chosen on the narrow indexes, and only those rows are
  // read in full (and sorted once more, the page only).
  Sql s;
  s << "SELECT " << kColumns << kFoldedColumns << " FROM maintenance_contracts c WHERE c.id IN (";
  s.append(inner) << ")" << order_for(filter, false).by;
  return {std::move(s.text), std::move(s.params), std::move(strategy)};
}

}  // namespace turnus::store::sqlite
