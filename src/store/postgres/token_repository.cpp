#include <string_view>

#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, user_id, label, token_hash, created_at, last_used_at, expires_at, revoked_at "
    "FROM api_tokens ";

domain::ApiToken read_row(const Row& r) {
  domain::ApiToken t{r.int64(0), r.int64(1), r.int64(2), r.text(3), r.text(4), r.int64(5)};
  t.last_used_at = r.optional_int64(6);
  t.expires_at = r.optional_int64(7);
  t.revoked_at = r.optional_int64(8);
  return t;
}

std::optional<domain::ApiToken> first(const Result& r) {
  if (r.empty()) return std::nullopt;
  return read_row(r.row(0));
}

}  // namespace

domain::ApiToken PgTokenRepository::add(const domain::ApiToken& token) {
  const Result inserted =
      conn_
          .query(
              "INSERT INTO api_tokens (organisation_id, user_id, label, token_hash, created_at, expires_at) "
              "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id")
          .bind_all(token.organisation_id, token.user_id, token.label, token.token_hash, token.created_at,
                    token.expires_at)
          .run();
  if (inserted.empty())
    throw domain::Error::conflict({"Dieses Token existiert bereits.", "This token exists already."});
  domain::ApiToken stored = token;
  stored.id = returned_id(inserted);
  stored.last_used_at.reset();
  stored.revoked_at.reset();
  return stored;
}

std::optional<domain::ApiToken> PgTokenRepository::find_by_hash(const std::string& token_hash) {
  return first(conn_.query(std::string(kSelect) + "WHERE token_hash = $1").bind(token_hash).run());
}

std::optional<domain::ApiToken> PgTokenRepository::find(Id organisation_id, Id id) {
  return first(
      conn_.query(std::string(kSelect) + "WHERE organisation_id = $1 AND id = $2").bind_all(organisation_id, id).run());
}

std::optional<domain::ApiToken> PgTokenRepository::find_any(Id id) {
  return first(conn_.query(std::string(kSelect) + "WHERE id = $1").bind(id).run());
}

std::vector<domain::ApiToken> PgTokenRepository::list(Id organisation_id, std::optional<Id> user_id) {
  std::vector<domain::ApiToken> out;
  for (const Row row : conn_
                           .query(std::string(kSelect) + "WHERE organisation_id = $1 AND revoked_at IS NULL "
                                                         "AND ($2::bigint IS NULL OR user_id = $2::bigint) "
                                                         "ORDER BY created_at DESC, id DESC")
                           .bind_all(organisation_id, user_id)
                           .run()) {
    out.push_back(read_row(row));
  }
  return out;
}

bool PgTokenRepository::revoke(Id organisation_id, Id id, domain::Timestamp at) {
  return conn_
             .query(
                 "UPDATE api_tokens SET revoked_at = $1 WHERE organisation_id = $2 AND id = $3 AND revoked_at IS NULL")
             .bind_all(at, organisation_id, id)
             .run()
             .affected() > 0;
}

void PgTokenRepository::touch(Id organisation_id, Id id, domain::Timestamp at) {
  conn_.query("UPDATE api_tokens SET last_used_at = $1 WHERE organisation_id = $2 AND id = $3")
      .bind_all(at, organisation_id, id)
      .run();
}

}  // namespace turnus::store::postgres
