// The wire form of an app::ContractCursor, as the contract list hands it out in `next` and
// takes it back in `after`: opaque to clients (base64url), checked field by field when it
// comes back, since it arrives from outside like any other parameter. Pure functions;
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/repositories.hpp"

namespace turnus::http {

std::string encode_contract_cursor(const app::ContractCursor& cursor);

// nullopt for anything encode_contract_cursor cannot have made: bad base64url, another
// version, an unknown sort, an id below 1 (0 only without a value), a date that is no
// date, a name that is not UTF-8, has control characters or is longer than a name can be.
std::optional<app::ContractCursor> decode_contract_cursor(std::string_view text);

}  // namespace turnus::http
