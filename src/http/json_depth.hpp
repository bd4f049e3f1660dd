// How deeply a JSON text nests, found without parsing it. Every request body is checked
// before nlohmann::json builds a value from it: a value nested 150,000 levels deep fits in
// a 300 KB body, and copying or comparing it recurses once per level until the stack ends.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace turnus::http {

// The deepest any request body may nest arrays and objects. The deepest body of the API
// (a contract with its action) needs 3.
inline constexpr std::size_t kMaxJsonDepth = 64;

// True when `text` opens more than `limit` arrays or objects inside each other. Brackets
// inside strings (escapes included) do not count. Malformed text is not judged here: the
// parser rejects it afterwards.
bool json_nested_deeper_than(std::string_view text, std::size_t limit);

}  // namespace turnus::http
