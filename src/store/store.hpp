// The store's public entry point, used only by the composition root (and the store tests):
// opens a database by URL and brings its schema up to date. Everything behind it implements
// the interfaces of app/repositories.hpp. Free functions; safe to call from any thread.
//
// URLs: `sqlite:PATH` (the file is created when missing) or a libpq URL
// `postgresql://user:password@host:port/database?…` (also `postgres://`), which may carry
// `pool_size=N`, the most connections this process opens (default: environment variable
// TURNUS_DB_POOL_SIZE, else 16; see postgres/database.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/repositories.hpp"
#include "store/migrations.hpp"

namespace turnus::store {

// Opens the database without touching its schema. Refuses (Error unavailable) a database
// that lacks migrations this binary knows, so `turnus migrate` has to run first, and a URL
// it cannot reach; a malformed URL is Error validation on field "db".
std::unique_ptr<app::Database> open_database(const std::string& url);

// Applies the embedded migrations the database has not seen yet, each in its own
// transaction together with its schema_migrations row, and returns those it applied (empty
// when the schema was up to date). Safe to run again, and from several processes at once.
std::vector<Migration> migrate(const std::string& url);

// The same with an explicit list (tests inject broken migrations through this).
std::vector<Migration> migrate(const std::string& url, const std::vector<Migration>& migrations);

// The versions recorded in schema_migrations, ascending (empty for a new database).
std::vector<int> applied_migrations(const std::string& url);

}  // namespace turnus::store
