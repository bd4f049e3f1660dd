#include <string_view>

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, email, name, role, password_hash, active, created_at FROM users ";

domain::User read_row(const Statement& s) {
  domain::User u;
  u.id = s.int64(0);
  u.organisation_id = s.int64(1);
  u.email = s.text(2);
  u.name = s.text(3);
  const std::string role = s.text(4);
  u.role = parse_enum(domain::role_from_string(role), role);
  u.password_hash = s.text(5);
  u.active = s.boolean(6);
  u.created_at = s.int64(7);
  return u;
}

domain::Text email_taken(const std::string& email) {
  return {"Die E-Mail-Adresse " + email + " ist bereits vergeben.", "The e-mail address " + email + " is taken."};
}

}  // namespace

domain::User SqliteUserRepository::add(const domain::User& user) {
  with_conflict_message(email_taken(user.email), [&] {
    conn_
        .prepare(
            "INSERT INTO users (organisation_id, email, name, role, password_hash, active, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(user.organisation_id, user.email, user.name, domain::to_string(user.role), user.password_hash,
                  user.active, user.created_at)
        .run();
  });
  domain::User stored = user;
  stored.id = conn_.last_insert_id();
  return stored;
}

std::optional<domain::User> SqliteUserRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::optional<domain::User> SqliteUserRepository::find_by_email(Id organisation_id, const std::string& email) {
  // The column's NOCASE collation makes this comparison, and its unique index, case-insensitive.
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND email = ?");
  s.bind_all(organisation_id, email);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::vector<domain::User> SqliteUserRepository::with_email(const std::string& email) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE email = ? ORDER BY organisation_id, id");
  s.bind(email);
  std::vector<domain::User> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::vector<domain::User> SqliteUserRepository::list(Id organisation_id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? ORDER BY name, id");
  s.bind(organisation_id);
  std::vector<domain::User> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

app::Page<domain::User> SqliteUserRepository::page(Id organisation_id, app::PageRequest request) {
  auto out = empty_page<domain::User>(clamp(request));
  {
    Statement count = conn_.prepare("SELECT count(*) FROM users WHERE organisation_id = ?");
    count.bind(organisation_id);
    count.step();
    out.total = count.int64(0);
  }
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? ORDER BY name, id LIMIT ? OFFSET ?");
  s.bind_all(organisation_id, std::int64_t{out.per_page}, app::PageRequest{out.page, out.per_page}.offset());
  while (s.step()) out.items.push_back(read_row(s));
  return out;
}

std::int64_t SqliteUserRepository::count_active_admins(Id organisation_id) {
  Statement s = conn_.prepare("SELECT count(*) FROM users WHERE organisation_id = ? AND role = 'admin' AND active = 1");
  s.bind(organisation_id);
  s.step();
  return s.int64(0);
}

void SqliteUserRepository::update(const domain::User& user) {
  with_conflict_message(email_taken(user.email), [&] {
    conn_
        .prepare(
            "UPDATE users SET email = ?, name = ?, role = ?, password_hash = ?, active = ? "
            "WHERE organisation_id = ? AND id = ?")
        .bind_all(user.email, user.name, domain::to_string(user.role), user.password_hash, user.active,
                  user.organisation_id, user.id)
        .run();
  });
  if (conn_.changes() == 0) throw domain::Error::not_found("Mitarbeiter", "Employee");
}

}  // namespace turnus::store::sqlite
