#include "store/sqlite/repositories.hpp"

namespace turnus::store::sqlite {

void SqliteAuditRepository::add(const domain::AuditEntry& entry) {
  conn_
      .prepare(
          "INSERT INTO audit_log (organisation_id, actor_id, action, entity, entity_id, detail, at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all(entry.organisation_id, entry.actor_id, entry.action, entry.entity, entry.entity_id,
                entry.detail.empty() ? std::string("{}") : entry.detail, entry.at)
      .run();
}

std::vector<domain::AuditEntry> SqliteAuditRepository::recent(Id organisation_id, int limit) {
  Statement s = conn_.prepare(
      "SELECT id, organisation_id, actor_id, action, entity, entity_id, detail, at FROM audit_log "
      "WHERE organisation_id = ? ORDER BY at DESC, id DESC LIMIT ?");
  s.bind_all(organisation_id, limit < 0 ? 0 : limit);
  std::vector<domain::AuditEntry> out;
  while (s.step()) {
    out.push_back(domain::AuditEntry{s.int64(0), s.int64(1), s.optional_int64(2), s.text(3), s.text(4), s.int64(5),
                                     s.text(6), s.int64(7)});
  }
  return out;
}

}  // namespace turnus::store::sqlite
