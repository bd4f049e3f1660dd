// The SQL of the PostgreSQL contract list (PgContractRepository::list), built here so that
// the query-plan test and the list benchmark run exactly the statements the repository
// runs. Store-internal: only the PostgreSQL backend, tests/store and bench/ include it.
// Pure functions; thread-safe.
//
// A list call issues two statements:
//   1. contract_total_statement: the total. The sum of contract_counts when the filter is
//      statuses only (the default list); otherwise a count of the matches that stops one
//      past app::kExactTotalLimit (ADR 0006).
//   2. contract_page_statement: the page, in the list's order. PostgreSQL's planner picks
//      the index; the indexes of migration 0002 serve each sort and the trigram filter. The
//      page's ids are chosen first and only its rows read in full (a deferred join), so a
//      deep page of the default list is an index-only scan (migration 0006).
#pragma once

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

// Statement 2: the page's rows in the column order of contract_list_columns().
// `many_matches`: the total statement counted past app::kExactTotalLimit.
PgStatement contract_page_statement(app::Id organisation_id, const app::ContractFilter& filter, app::PageRequest page,
                                    bool many_matches = false);

// The columns statement 2 selects, prefixed "c.".
std::string_view contract_list_columns();

}  // namespace turnus::store::postgres
