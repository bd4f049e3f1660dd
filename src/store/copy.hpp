// Copying a whole installation from SQLite to PostgreSQL (`turnus copy-db`), for moving
// an installation to several instances. Free function; run it while no turnus writes to
// the source.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace turnus::store {

struct CopyReport {
  std::vector<std::pair<std::string, std::int64_t>> rows_per_table;  // in copy order
};

// Brings both databases to the latest schema, refuses a target that already holds data,
// copies every table in dependency order keeping all ids, moves the target's id sequences
// past the copied ids, and checks the row counts — all in one transaction on the target,
// so a failure leaves it empty. Tables the triggers derive (search index, counts) are
// rebuilt by the target's own triggers. Throws domain::Error.
CopyReport copy_database(const std::string& sqlite_url, const std::string& postgresql_url);

}  // namespace turnus::store
