#include "store/migrations.hpp"

#include <algorithm>

namespace turnus::store {

std::vector<Migration> migrations_for(std::string_view dialect) {
  std::vector<Migration> out;
  for (const EmbeddedMigration& file : embedded_migration_files()) {
    if (file.dialect == dialect) out.push_back({file.version, std::string(file.name), std::string(file.sql)});
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

}  // namespace turnus::store
