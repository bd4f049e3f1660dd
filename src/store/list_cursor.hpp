// Keyset pages of the contract list, the parts both backends share: the cursor of the page
// after a full page, and the two groups a nullable sort falls into (rows with a sort value,
// then rows without one, ordered by id). A page after a cursor is read within the cursor's
// group; when that group ends before the page is full, the repository reads on from the
// start of the group without a value (continue_in_no_value_group). Pure functions;
// thread-safe.
#pragma once

#include <iterator>
#include <optional>
#include <string>

#include "app/repositories.hpp"
#include "domain/contract.hpp"

namespace turnus::store {

// Whether the sort has rows without a value (no next due date, no customer).
inline bool sort_is_nullable(app::ContractFilter::Sort sort) { return sort != app::ContractFilter::Sort::name; }

// The cursor after `last`, the last row of a full page in `filter`'s order.
inline app::ContractCursor cursor_after(const app::ContractFilter& filter, const domain::Contract& last,
                                        std::string name_folded, std::optional<std::string> customer_name_folded) {
  app::ContractCursor cursor{.sort = filter.sort, .descending = filter.descending, .value = {}, .id = last.id()};
  switch (filter.sort) {
    case app::ContractFilter::Sort::name: cursor.value = std::move(name_folded); break;
    case app::ContractFilter::Sort::customer: cursor.value = std::move(customer_name_folded); break;
    case app::ContractFilter::Sort::next_due_date:
      if (last.next_due_date()) cursor.value = last.next_due_date()->to_string();
      break;
  }
  return cursor;
}

// Whether a page hands out the cursor of the page after it: when it is full, unless an
// exact total says that a numbered page ends the list. (After a cursor the position is not
// known, so a full page there may be followed by an empty one.)
inline bool more_may_follow(const app::ContractListPage& page, const app::ContractFilter& filter,
                            app::PageRequest request) {
  if (std::ssize(page.items) < request.per_page) return false;
  return filter.after || !page.total_exact || request.offset() + request.per_page < page.total;
}

// The filter for the rest of a page whose cursor's group (rows with a value) ran out before
// the page was full: the first rows without a value. nullopt when there is no such group
// to read on into.
inline std::optional<app::ContractFilter> continue_in_no_value_group(const app::ContractFilter& filter) {
  if (!filter.after || !filter.after->value || !sort_is_nullable(filter.sort)) return std::nullopt;
  app::ContractFilter rest = filter;
  // Emplaced whole: resetting the copied value made GCC 12 report a false
  // -Wmaybe-uninitialized at -O3.
  rest.after.emplace(app::ContractCursor{.sort = filter.sort, .descending = filter.descending, .value = {}, .id = 0});
  return rest;
}

}  // namespace turnus::store
