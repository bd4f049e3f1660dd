// fold(): the store's case folding for search and sorting by name, shared by every backend so
// that both find and order the same rows. Pure function; thread-safe.
//
// Why not the database's own: SQLite's LIKE and NOCASE fold ASCII only, so "MÜLLER" would not
// find "Müller". The store keeps a folded copy next to each searchable name instead.
#pragma once

#include <string>
#include <string_view>

namespace turnus::store {

// Lower-cases ASCII, Latin-1 and Latin Extended-A letters (all of German and most European
// names) in UTF-8 text; everything else, including invalid UTF-8, is copied unchanged.
std::string fold(std::string_view text);

}  // namespace turnus::store
