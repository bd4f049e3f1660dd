#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

domain::ApiToken SqliteTokenRepository::add(const domain::ApiToken& token) {
  with_conflict_message({"Dieses Token existiert bereits.", "This token exists already."}, [&] {
    conn_
        .prepare(
            "INSERT INTO api_tokens (organisation_id, user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind_all(token.organisation_id, token.user_id, token.label, token.token_hash, token.created_at)
        .run();
  });
  domain::ApiToken stored = token;
  stored.id = conn_.last_insert_id();
  return stored;
}

std::optional<domain::ApiToken> SqliteTokenRepository::find_by_hash(const std::string& token_hash) {
  Statement s = conn_.prepare(
      "SELECT id, organisation_id, user_id, label, token_hash, created_at FROM api_tokens WHERE token_hash = ?");
  s.bind(token_hash);
  if (!s.step()) return std::nullopt;
  return domain::ApiToken{s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4), s.int64(5)};
}

}  // namespace turnus::store::sqlite
