#include "store/postgres/repositories.hpp"

namespace turnus::store::postgres {

domain::ApiToken PgTokenRepository::add(const domain::ApiToken& token) {
  const Result inserted =
      conn_
          .query(
              "INSERT INTO api_tokens (organisation_id, user_id, label, token_hash, created_at) "
              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id")
          .bind_all(token.organisation_id, token.user_id, token.label, token.token_hash, token.created_at)
          .run();
  if (inserted.empty())
    throw domain::Error::conflict({"Dieses Token existiert bereits.", "This token exists already."});
  domain::ApiToken stored = token;
  stored.id = returned_id(inserted);
  return stored;
}

std::optional<domain::ApiToken> PgTokenRepository::find_by_hash(const std::string& token_hash) {
  const Result r = conn_
                       .query(
                           "SELECT id, organisation_id, user_id, label, token_hash, created_at FROM api_tokens "
                           "WHERE token_hash = $1")
                       .bind(token_hash)
                       .run();
  if (r.empty()) return std::nullopt;
  const Row row = r.row(0);
  return domain::ApiToken{row.int64(0), row.int64(1), row.int64(2), row.text(3), row.text(4), row.int64(5)};
}

}  // namespace turnus::store::postgres
