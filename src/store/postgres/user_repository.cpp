#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, email, name, role, password_hash, active, created_at FROM users ";

domain::User read_row(const Row& r) {
  domain::User u;
  u.id = r.int64(0);
  u.organisation_id = r.int64(1);
  u.email = r.text(2);
  u.name = r.text(3);
  const std::string role = r.text(4);
  u.role = parse_enum(domain::role_from_string(role), role);
  u.password_hash = r.text(5);
  u.active = r.boolean(6);
  u.created_at = r.int64(7);
  return u;
}

domain::Text email_taken(const std::string& email) {
  return {"Die E-Mail-Adresse " + email + " ist bereits vergeben.", "The e-mail address " + email + " is taken."};
}

}  // namespace

domain::User PgUserRepository::add(const domain::User& user) {
  // The unique index on (organisation_id, lower(email)) is the one a new user can collide with.
  const Result inserted =
      conn_
          .query(
              "INSERT INTO users (organisation_id, email, name, role, password_hash, active, created_at) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id")
          .bind_all(user.organisation_id, user.email, user.name, domain::to_string(user.role), user.password_hash,
                    user.active, user.created_at)
          .run();
  if (inserted.empty()) throw domain::Error::conflict(email_taken(user.email));
  domain::User stored = user;
  stored.id = returned_id(inserted);
  return stored;
}

std::optional<domain::User> PgUserRepository::find(Id organisation_id, Id id) {
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

std::optional<domain::User> PgUserRepository::find_by_email(Id organisation_id, const std::string& email) {
  // Both sides folded under "C", ASCII only, like SQLite's NOCASE; the left side is what the
  // unique index users_organisation_email holds.
  const Result r =
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND lower(email) = lower($2::text COLLATE \"C\")")
          .bind_all(organisation_id, email)
          .run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

std::vector<domain::User> PgUserRepository::with_email(const std::string& email) {
  std::vector<domain::User> out;
  for (const Row row : conn_
                           .query(std::string(kSelect) +
                                  "WHERE lower(email) = lower($1::text COLLATE \"C\") ORDER BY organisation_id, id")
                           .bind(email)
                           .run()) {
    out.push_back(read_row(row));
  }
  return out;
}

std::vector<domain::User> PgUserRepository::list(Id organisation_id) {
  std::vector<domain::User> out;
  for (const Row row :
       conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 ORDER BY name, id").bind(organisation_id).run()) {
    out.push_back(read_row(row));
  }
  return out;
}

app::Page<domain::User> PgUserRepository::page(Id organisation_id, app::PageRequest request) {
  const app::PageRequest page = clamp(request);
  auto out = empty_page<domain::User>(page);
  out.total =
      conn_.query("SELECT count(*) FROM users WHERE organisation_id = $1").bind(organisation_id).run().row(0).int64(0);
  for (const Row row :
       conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 ORDER BY name, id LIMIT $2 OFFSET $3")
           .bind_all(organisation_id, std::int64_t{page.per_page}, page.offset())
           .run()) {
    out.items.push_back(read_row(row));
  }
  return out;
}

std::int64_t PgUserRepository::count_active_admins(Id organisation_id) {
  return conn_.query("SELECT count(*) FROM users WHERE organisation_id = $1 AND role = 'admin' AND active")
      .bind(organisation_id)
      .run()
      .row(0)
      .int64(0);
}

void PgUserRepository::update(const domain::User& user) {
  Result updated = [&] {
    try {
      return conn_
          .query(
              "UPDATE users SET email = $1, name = $2, role = $3, password_hash = $4, active = $5 "
              "WHERE organisation_id = $6 AND id = $7")
          .bind_all(user.email, user.name, domain::to_string(user.role), user.password_hash, user.active,
                    user.organisation_id, user.id)
          .run();
    } catch (const domain::Error& e) {
      if (e.kind() == domain::ErrorKind::conflict) throw domain::Error::conflict(email_taken(user.email));
      throw;
    }
  }();
  if (updated.affected() == 0) throw domain::Error::not_found("Mitarbeiter", "Employee");
}

}  // namespace turnus::store::postgres
