#include <string_view>

#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

namespace {

constexpr std::string_view kSelect =
    "SELECT id, organisation_id, user_id, label, token_hash, created_at, last_used_at, expires_at, revoked_at "
    "FROM api_tokens ";

domain::ApiToken read_row(const Statement& s) {
  domain::ApiToken t{s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4), s.int64(5)};
  t.last_used_at = s.optional_int64(6);
  t.expires_at = s.optional_int64(7);
  t.revoked_at = s.optional_int64(8);
  return t;
}

std::optional<domain::ApiToken> first(Statement& s) {
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

}  // namespace

domain::ApiToken SqliteTokenRepository::add(const domain::ApiToken& token) {
  with_conflict_message({"Dieses Token existiert bereits.", "This token exists already."}, [&] {
    conn_
        .prepare(
            "INSERT INTO api_tokens (organisation_id, user_id, label, token_hash, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(token.organisation_id, token.user_id, token.label, token.token_hash, token.created_at,
                  token.expires_at)
        .run();
  });
  domain::ApiToken stored = token;
  stored.id = conn_.last_insert_id();
  stored.last_used_at.reset();
  stored.revoked_at.reset();
  return stored;
}

std::optional<domain::ApiToken> SqliteTokenRepository::find_by_hash(const std::string& token_hash) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE token_hash = ?");
  s.bind(token_hash);
  return first(s);
}

std::optional<domain::ApiToken> SqliteTokenRepository::find(Id organisation_id, Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE organisation_id = ? AND id = ?");
  s.bind_all(organisation_id, id);
  return first(s);
}

std::optional<domain::ApiToken> SqliteTokenRepository::find_any(Id id) {
  Statement s = conn_.prepare(std::string(kSelect) + "WHERE id = ?");
  s.bind(id);
  return first(s);
}

std::vector<domain::ApiToken> SqliteTokenRepository::list(Id organisation_id, std::optional<Id> user_id) {
  Statement s = conn_.prepare(std::string(kSelect) +
                              "WHERE organisation_id = ? AND revoked_at IS NULL AND (? IS NULL OR user_id = ?) "
                              "ORDER BY created_at DESC, id DESC");
  s.bind_all(organisation_id, user_id, user_id);
  std::vector<domain::ApiToken> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

bool SqliteTokenRepository::revoke(Id organisation_id, Id id, domain::Timestamp at) {
  conn_.prepare("UPDATE api_tokens SET revoked_at = ? WHERE organisation_id = ? AND id = ? AND revoked_at IS NULL")
      .bind_all(at, organisation_id, id)
      .run();
  return conn_.changes() > 0;
}

void SqliteTokenRepository::touch(Id organisation_id, Id id, domain::Timestamp at) {
  conn_.prepare("UPDATE api_tokens SET last_used_at = ? WHERE organisation_id = ? AND id = ?")
      .bind_all(at, organisation_id, id)
      .run();
}

}  // namespace turnus::store::sqlite
