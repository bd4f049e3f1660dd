// The PostgreSQL backend's entry points, called by store.cpp for postgresql:// and
// postgres:// URLs. Free functions; safe to call from any thread.
//
// The URL is libpq's (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING)
// plus one parameter of turnus's own, which is removed before libpq sees the URL:
//   pool_size=N   connections one turnus process keeps at most (1–1000); default: the
//                 environment variable TURNUS_DB_POOL_SIZE, else 16.
// Several instances on one server need N × instances below the server's max_connections.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/repositories.hpp"
#include "store/migrations.hpp"

namespace turnus::store::postgres {

struct Settings {
  std::string conninfo;  // what libpq gets: the URL without turnus's own parameters
  int pool_size = 16;
};

// Error validation on field "db" for a URL libpq cannot parse or a bad pool_size.
Settings parse_url(const std::string& url);

// A pool of connections (see database.cpp). Checks that every embedded migration was
// applied; Error unavailable when not, or when the server cannot be reached.
std::unique_ptr<app::Database> open(const std::string& url);

// Applies those of `migrations` that schema_migrations does not list yet; returns them.
std::vector<Migration> migrate(const std::string& url, const std::vector<Migration>& migrations);

std::vector<int> applied_migrations(const std::string& url);

}  // namespace turnus::store::postgres
