// How both backends store the parts of a contract that have no column type of their own:
// the fixed dates of an interval as a JSON array of "YYYY-MM-DD" strings (the same text in
// SQLite and PostgreSQL, so copy-db moves it unchanged), and what a stored row that the
// domain refuses means. Store-internal. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/records.hpp"

namespace turnus::store {

std::string fixed_dates_to_json(const std::vector<domain::Date>& dates);

// Throws Error(internal) naming the contract when `text` is not such an array.
std::vector<domain::Date> fixed_dates_from_json(domain::Id contract_id, const std::string& text);

// A stored contract the domain refuses: the database was changed behind turnus's back or
// a migration is wrong. Error(internal), never shown to users in detail.
[[noreturn]] void corrupt_contract(domain::Id contract_id, const std::string& what);

}  // namespace turnus::store
