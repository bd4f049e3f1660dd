// The SQL of the PostgreSQL contract list (PgContractRepository::list), built here so that
// the query-plan test and the list benchmark run exactly the statements the repository
// runs. Store-internal: only the PostgreSQL backend, tests/store and bench/ include it.
// Pure functions; thread-safe.
//
// A list call issues two statements (or, for some filters, both in one: see
// contract_total_reads_rows):
//   1. contract_total_statement: the total. The sum of contract_counts when the filter is
//      statuses only (the default list); otherwise a count of the matches that stops one
//      past app::kExactTotalLimit (ADR 0006).
//   2. contract_page_statement: the page, in the list's order. PostgreSQL's planner picks
//      the index; the indexes of migration 0002 serve each sort and the trigram filter. The
//      page's ids are chosen first and only its rows read in full (a deferred join), so a
//      deep page of the default list is an index-only scan (migration 0006).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "app/repositories.hpp"

namespace turnus::store::postgres {

struct PgStatement {
  std::string sql;                                 // with $1, $2, … placeholders
  std::vector<std::optional<std::string>> params;  // in text format, by placeholder number
};

// True when statement 1 counts matches (and so may stop at the limit) rather than summing
// contract_counts.
bool contract_total_counts_matches(const app::ContractFilter& filter);

// Statement 1: one row, one bigint column.
PgStatement contract_total_statement(app::Id organisation_id, const app::ContractFilter& filter);

// Whether statements 1 and 2 are issued as one (contract_total_and_page_statement): for
// the filters whose count reads each match's table row anyway (a text, a customer, a
// project), so that the same rows need not be found a second time for the page. Counted from
// an index alone (an employee, a due range) the count stays its own statement: selecting the
// sort's columns as well would make it read every match's row.
bool contract_total_reads_rows(const app::ContractFilter& filter);

// Statements 1 and 2 in one: the page's rows in the column order of contract_list_columns(),
// each followed by the count of statement 1 (bigint). When the count is past
// app::kExactTotalLimit or at or before the page's offset, one row of NULLs and the count:
// then the repository reads the page with statement 2 (many_matches = true) or not at all.
PgStatement contract_total_and_page_statement(app::Id organisation_id, const app::ContractFilter& filter,
                                              app::PageRequest page);

// Statement 2: the page's rows in the column order of contract_list_columns().
// `many_matches`: the total statement counted past app::kExactTotalLimit.
PgStatement contract_page_statement(app::Id organisation_id, const app::ContractFilter& filter, app::PageRequest page,
                                    bool many_matches = false);

// The columns statement 2 selects, prefixed "c.".
std::string_view contract_list_columns();
// How many columns contract_list_columns() names: a page's name_folded and
// customer_name_folded follow them.
inline constexpr std::size_t kListColumnCount = 21;

}  // namespace turnus::store::postgres
