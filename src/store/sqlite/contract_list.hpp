// The SQL of the contract list (SqliteContractRepository::list), built here so that the
// query-plan test and the list benchmark run exactly the statements the repository runs.
// Store-internal: only the SQLite backend, tests/store and bench/ include it. Pure
// functions; thread-safe.
//
// A list call issues up to three statements (four for a deep page of a common text), each
// one chosen from what the previous ones returned:
//   1. contract_counts_sql: the organisation's contract numbers from contract_counts;
//   2. contract_count_sql: the total for the filter, counted up to one past
//      app::kExactTotalLimit (skipped when the filter is statuses
//      only, the default list: step 1 already answered it);
//   3. contract_page_sql: the page. It either walks the index whose order is the requested
//      sort and stops after the page ("walk"), or collects the few matching contracts from
//      the most selective filter and sorts only those ("drive"), whichever reads fewer
//      entries by the numbers of steps 1 and 2 (and of text_candidates_sql).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/repositories.hpp"

namespace turnus::store::sqlite {

using SqlValue = std::variant<std::int64_t, std::string>;

struct SqlStatement {
  std::string sql;
  std::vector<SqlValue> params;  // in binding order
  // How the statement reads the data ("walk contracts_next_due_asc", "drive trigram", …);
  // for the benchmark's report and the tests' messages, never parsed.
  std::string strategy;
};

// The organisation's contracts according to contract_counts.
struct ContractCounts {
  std::int64_t organisation = 0;  // all statuses
  std::int64_t in_statuses = 0;   // in the statuses of the filter
};

// How the free-text filter is evaluated.
enum class TextSearch {
  none,     // no filter
  trigram,  // candidates from the contract_search FTS5 index, each checked with instr()
  scan,     // instr() over the organisation's names in the contracts_name index: one or
            // two characters, which have no trigram to look up
};

// Statement 1; its one row has two integer columns, in ContractCounts order.
SqlStatement contract_counts_sql(app::Id organisation_id, const app::ContractFilter& filter);

TextSearch text_search_for(const app::ContractFilter& filter);

// Statement 2; nullopt when the filter is statuses only: ContractCounts::in_statuses is the
// total then.
std::optional<SqlStatement> contract_count_sql(app::Id organisation_id, const app::ContractFilter& filter,
                                               const ContractCounts& counts);

// Between statements 2 and 3, only for a page after the first of a text with more matches
// than the exact limit (`total_exact` false): the number of contracts holding the rarest of
// the text's trigrams, an upper bound on its candidates, which decides between walking the
// sort's index and sorting the candidates. Counted only as far as the decision needs (at
// most about sqrt((offset + limit) * organisation)). One row, one integer column; nullopt
// when not needed.
std::optional<SqlStatement> text_candidates_sql(app::Id organisation_id, const app::ContractFilter& filter,
                                                app::PageRequest page, const ContractCounts& counts, bool total_exact);

// Which rows after a cursor with a value statement 3 reads: those with the cursor's own value
// and a later id, or those with a later value. SQLite seeks by the value or by the value and
// id, not by both as a row value, so the repository reads the page after such a cursor in
// these two parts (and then, for the nullable sorts, from the start of the rows without a
// value: store/list_cursor.hpp). Without a cursor, or after one without a value, the part
// does not matter.
enum class CursorPart { same_value, later_values };

// Statement 3: the page's rows in the list's order, in the column order of the contract
// repository's reader (contract_list_columns()), then name_folded and customer_name_folded
// for the next page's cursor. With a cursor (filter.after) the rows after it within its
// group (store/list_cursor.hpp), and `page` must be the first. `page` must be clamped already and
// `total` greater than its offset. `total_exact` false: statement 2 stopped counting at
// app::kExactTotalLimit, so there are more matches than `total` says. `text_candidates`:
// what text_candidates_sql returned, if it was run.
SqlStatement contract_page_sql(app::Id organisation_id, const app::ContractFilter& filter, app::PageRequest page,
                               const ContractCounts& counts, std::int64_t total, bool total_exact = true,
                               std::optional<std::int64_t> text_candidates = std::nullopt,
                               CursorPart part = CursorPart::same_value);

// The columns statement 3 selects, prefixed "c.".
std::string_view contract_list_columns();
// How many columns contract_list_columns() names: a page's name_folded and
// customer_name_folded follow them.
inline constexpr std::size_t kListColumnCount = 21;

// The organisation's token in contract_search.organisation (see migration 0002): its id as
// three characters U+E000 + digit, base 6400, most significant first.
std::string organisation_token(app::Id organisation_id);

// The FTS5 query for a folded search text of at least three characters: up to two of its
// trigrams, the rarest ones by German letter frequencies that do not overlap, each as its
// own quoted string ('"mül" "ler"' for "müller"), so nothing the user typed is read as FTS5
// syntax. Each string is a single trigram because detail=none cannot match phrases. Every
// contract with the text has these trigrams; instr() then drops those that have them
// elsewhere. nullopt when the text cannot be looked up by trigrams (fewer than three
// characters, invalid UTF-8, control characters).
std::optional<std::string> trigram_match_expression(std::string_view folded);

}  // namespace turnus::store::sqlite
