// Picking the trigrams of a search text to look up in a trigram index (SQLite FTS5 with the
// trigram tokenizer, PostgreSQL pg_trgm): an index intersects the contract lists of the
// trigrams it is given and pays for each in proportion to its own list, so looking up a
// few rare ones and checking every candidate on its row is far cheaper than looking up
// all of a long text's trigrams, some of which are in half of all names. Pure functions;
// thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace turnus::store {

// Up to `max` trigrams of a folded search text, the rarest ones by German letter
// frequencies that do not overlap, in text order ("mül", "ler" for "müller"). Every text
// containing `folded` contains them. `word_characters_only`: only trigrams of letters and
// digits (pg_trgm splits words at anything else, so a trigram with a space or a hyphen is
// not in its index). nullopt when there is no such trigram: fewer than three characters,
// invalid UTF-8, control characters.
std::optional<std::vector<std::string>> rarest_trigrams(std::string_view folded, std::size_t max,
                                                        bool word_characters_only = false);

}  // namespace turnus::store
