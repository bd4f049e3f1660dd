// The one rule for the names people give records (contracts, customers, projects,
// employees, task and order titles) and organisations. Pure functions; thread-safe.
//
// A name is shown in lists, dialogs, notifications and exports next to other text, so
// beyond a length it must not carry anything that changes how that surrounding text reads:
// control characters (C0, DEL, C1, line and paragraph separators), or the bidirectional
// formatting characters (embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
// and the marks U+200E, U+200F, U+061C) with which "Rechnung<U+202E>fdp.exe" displays as a PDF. A
// name made only of invisible characters (spaces of any width, zero-width characters, the
// soft hyphen, fillers) looks empty and is refused as empty. File names follow the same
// idea by removing such characters (file_name.hpp); names are refused instead, since a
// person typed them and can see the message.
#pragma once

#include <cstddef>
#include <string_view>

#include "domain/error.hpp"

namespace turnus::domain {

enum class NameProblem {
  none,
  empty,         // nothing, or only invisible characters
  too_long,      // more than the allowed number of characters (code points)
  invalid_utf8,  // not well-formed UTF-8
  control,       // a control character
  bidi,          // a bidirectional embedding, override, isolate or mark
};

NameProblem name_problem(std::string_view name, std::size_t max_characters);

// Adds one violation under `field` when `name` breaks the rule, with a message that says
// which part; `label_de`/`label_en` name the field ("Der Name", "The name").
void check_name(Violations& v, std::string_view field, std::string_view name, std::string_view label_de,
                std::string_view label_en, std::size_t max_characters);

}  // namespace turnus::domain
