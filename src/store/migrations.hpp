// Migrations: the numbered SQL files under src/store/migrations/<dialect>/NNNN_name.sql,
// embedded into the binary at build time (embed_migrations.cmake), so the single `turnus`
// binary can bring any database up to date. Immutable data; thread-safe.
//
// Rules for the files: never edit one that was released (add the next number instead); no
// BEGIN/COMMIT inside (the runner wraps each file in its own transaction with its
// schema_migrations row); the same version means the same change in every dialect.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace turnus::store {

// One embedded file as the generator wrote it.
struct EmbeddedMigration {
  std::string_view dialect;  // "sqlite" | "postgresql"
  int version;
  std::string_view name;
  std::string_view sql;
};

// Generated: every migration file of every dialect.
const std::vector<EmbeddedMigration>& embedded_migration_files();

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

// The migrations of one dialect, in increasing version order.
std::vector<Migration> migrations_for(std::string_view dialect);

}  // namespace turnus::store
