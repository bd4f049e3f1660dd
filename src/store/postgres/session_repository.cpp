#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr std::string_view kColumns =
    "id, organisation_id, user_id, secret_hash, csrf_token, created_at, expires_at, last_seen_at";

domain::Session read_row(const Row& r) {
  return domain::Session{r.int64(0), r.int64(1), r.int64(2), r.text(3), r.text(4), r.int64(5), r.int64(6), r.int64(7)};
}

}  // namespace

domain::Session PgSessionRepository::add(const domain::Session& session) {
  const Result inserted =
      conn_
          .query(
              "INSERT INTO sessions (organisation_id, user_id, secret_hash, csrf_token, created_at, expires_at, "
              "last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id")
          .bind_all(session.organisation_id, session.user_id, session.secret_hash, session.csrf_token,
                    session.created_at, session.expires_at, session.last_seen_at)
          .run();
  if (inserted.empty()) {
    throw domain::Error::conflict({"Diese Sitzung existiert bereits.", "This session exists already."});
  }
  domain::Session stored = session;
  stored.id = returned_id(inserted);
  return stored;
}

std::optional<domain::Session> PgSessionRepository::find_by_hash(const std::string& secret_hash) {
  const Result r =
      conn_.query("SELECT " + std::string(kColumns) + " FROM sessions WHERE secret_hash = $1").bind(secret_hash).run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

void PgSessionRepository::touch(Id organisation_id, Id id, domain::Timestamp last_seen_at,
                                domain::Timestamp expires_at) {
  conn_.query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE organisation_id = $3 AND id = $4")
      .bind_all(last_seen_at, expires_at, organisation_id, id)
      .run();
}

std::optional<domain::Session> PgSessionRepository::remove_by_hash(const std::string& secret_hash) {
  const Result r = conn_.query("DELETE FROM sessions WHERE secret_hash = $1 RETURNING " + std::string(kColumns))
                       .bind(secret_hash)
                       .run();
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

std::int64_t PgSessionRepository::remove_for_user(Id organisation_id, Id user_id) {
  return conn_.query("DELETE FROM sessions WHERE organisation_id = $1 AND user_id = $2")
      .bind_all(organisation_id, user_id)
      .run()
      .affected();
}

std::int64_t PgSessionRepository::remove_expired(domain::Timestamp now) {
  return conn_.query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).run().affected();
}

}  // namespace turnus::store::postgres
