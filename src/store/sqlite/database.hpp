// The SQLite backend's entry points, called by store.cpp once it has parsed the URL.
// Free functions; safe to call from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/repositories.hpp"
#include "store/migrations.hpp"

namespace turnus::store::sqlite {

// A pool of connections to the database file at `path` (see database.cpp).
std::unique_ptr<app::Database> open(const std::string& path);

// Applies those of `migrations` that schema_migrations does not list yet; returns them.
std::vector<Migration> migrate(const std::string& path, const std::vector<Migration>& migrations);

std::vector<int> applied_migrations(const std::string& path);

}  // namespace turnus::store::sqlite
