#include <string_view>

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr std::string_view kColumns =
    "id, organisation_id, user_id, secret_hash, csrf_token, created_at, expires_at, last_seen_at";

domain::Session read_row(const Statement& s) {
  return domain::Session{s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4), s.int64(5), s.int64(6), s.int64(7)};
}

}  // namespace

domain::Session SqliteSessionRepository::add(const domain::Session& session) {
  with_conflict_message({"Diese Sitzung existiert bereits.", "This session exists already."}, [&] {
    conn_
        .prepare(
            "INSERT INTO sessions (organisation_id, user_id, secret_hash, csrf_token, created_at, expires_at, "
            "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(session.organisation_id, session.user_id, session.secret_hash, session.csrf_token, session.created_at,
                  session.expires_at, session.last_seen_at)
        .run();
  });
  domain::Session stored = session;
  stored.id = conn_.last_insert_id();
  return stored;
}

std::optional<domain::Session> SqliteSessionRepository::find_by_hash(const std::string& secret_hash) {
  Statement s = conn_.prepare("SELECT " + std::string(kColumns) + " FROM sessions WHERE secret_hash = ?");
  s.bind(secret_hash);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

void SqliteSessionRepository::touch(Id organisation_id, Id id, domain::Timestamp last_seen_at,
                                    domain::Timestamp expires_at) {
  conn_.prepare("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE organisation_id = ? AND id = ?")
      .bind_all(last_seen_at, expires_at, organisation_id, id)
      .run();
}

std::optional<domain::Session> SqliteSessionRepository::remove_by_hash(const std::string& secret_hash) {
  Statement s = conn_.prepare("DELETE FROM sessions WHERE secret_hash = ? RETURNING " + std::string(kColumns));
  s.bind(secret_hash);
  if (!s.step()) return std::nullopt;
  domain::Session removed = read_row(s);
  s.run();
  return removed;
}

std::int64_t SqliteSessionRepository::remove_for_user(Id organisation_id, Id user_id) {
  conn_.prepare("DELETE FROM sessions WHERE organisation_id = ? AND user_id = ?")
      .bind_all(organisation_id, user_id)
      .run();
  return conn_.changes();
}

std::int64_t SqliteSessionRepository::remove_expired(domain::Timestamp now) {
  conn_.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(now).run();
  return conn_.changes();
}

}  // namespace turnus::store::sqlite
